"""Read plain-text page dumps: headline, optional date line, lead, body, then teaser lists."""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.model import Document
from kg.sources.boilerplate import (
    is_comments_marker,
    is_dropped_line,
    is_teaser_heading,
    normalize_space,
)
from kg.sources.byline import byline_authors, dateline_date, line_parts
from kg.sources.dates import parse_date
from kg.sources.lead import GENRES, looks_like_name, split_lead
from kg.sources.publisher import find_publisher
from kg.sources.teasers import TeaserList

_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.I)
# The header (banner, menu, headline, byline, dateline, credits) is at most this many lines.
_HEADER_LINES = 8
# "Home | Interviews | Analysis | Subscribe": a menu of short items
_NAVIGATION = re.compile(r"^[^|·•]{1,25}(?:\s*[|·•]\s*[^|·•]{1,25}){2,}$")
# Credits of people who are not the authors: "Additional reporting by …", "Photos by …"
_CREDIT = re.compile(r"^(?:additional\s+reporting|reporting|edited|translated|reviewed|"
                     r"interview|interviewed|photos?|photographs?|illustrations?)\s+by\b", re.I)
# A teaser headline is short; a line this long after a headline is its abstract.
_MAX_HEADLINE_WORDS = 25


def read_page_dump(path: Path, text: str, source: str) -> Document:
    """Turn a page dump (one paragraph per line, blank lines between) into a Document."""
    if _HTML_START.match(text):
        raise InputError(path, "looks like an HTML page saved as .txt; give it an .html suffix")
    lines = [line for line in (normalize_space(raw) for raw in text.split("\n")) if line]
    lines = [line for line in lines if not is_dropped_line(line)]
    if not lines:
        raise InputError(path, "no text: every line is page furniture")
    header, rest = _header(lines)
    if not rest:
        raise InputError(path, "no article text after the headline")
    date, authors, banner, headlines = None, [], None, []
    for line in header:
        names, when = byline_authors(line), parse_date(line) or dateline_date(line)
        site = _site_and_genre(line)
        if names or when:
            authors += names
            date = date or when
        elif site:
            banner = banner or site
        elif not (_NAVIGATION.match(line) or _CREDIT.match(line)):
            headlines.append(line)
    if len(headlines) > 1 and banner is None:  # a site banner above the headline
        banner = headlines.pop(0)
    headline = headlines[0] if headlines else rest.pop(0)

    body: list[str] = []
    sections: list[list[str]] = []
    state = "body"
    for line in rest:
        if is_teaser_heading(line):
            state = "teasers"
            sections.append([])
        elif is_comments_marker(line):
            state = "comments"  # reader comments are not article text
        elif state == "body":
            body.append(line)
        elif state == "teasers":
            sections[-1].append(line)
    if not body:
        raise InputError(path, "no article text after the headline")

    publisher, lead = find_publisher(body[0])
    publisher = publisher or banner
    date = date or lead.date
    body[0] = lead.text
    teasers = TeaserList(publisher)
    for section in sections:
        _collect_teasers(section, teasers)
    return Document(
        source=source,
        headline=headline,
        body="\n\n".join(body),
        publisher=publisher,
        genre=lead.genre,
        date=date,
        teasers=teasers.teasers(),
        authors=authors,
    )


def _header(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split the lines above the text (banner, menu, headline, byline, dateline) from the rest.

    The text starts at the first line that reads as prose: a lead label, or a long line ending
    a sentence. At least the first line is header: it is the headline when nothing else is.
    """
    for k, line in enumerate(lines[:_HEADER_LINES]):
        lead = split_lead(line) if k else None
        if lead and (lead.publisher or lead.date or _is_prose(line)):
            return lines[:k], lines[k:]
    return lines[:1], lines[1:]


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words > _MAX_HEADLINE_WORDS or (words >= 12 and line.endswith((".", "?", "!", "”", '"')))


def _site_and_genre(line: str) -> str | None:
    """Return the site of a "Site | Analysis" line, which names a page's publisher and genre."""
    parts = line_parts(line)
    if len(parts) == 2 and parts[1].casefold() in GENRES and looks_like_name(parts[0].split()):
        return parts[0]
    return None


def _collect_teasers(lines: list[str], teasers: TeaserList) -> None:
    """Pair each headline with the abstract under it; a headline followed by a headline has none."""
    pending: str | None = None
    for line in lines:
        if pending is None:
            pending = line
        elif _is_abstract(line, teasers.publisher):
            teasers.add(pending, line)
            pending = None
        else:
            teasers.add(pending)
            pending = line
    if pending is not None:
        teasers.add(pending)


def _is_abstract(line: str, publisher: str | None) -> bool:
    if split_lead(line, publisher).publisher is not None:
        return True
    return line.endswith((".", "…", ".”", '."')) or len(line.split()) > _MAX_HEADLINE_WORDS
