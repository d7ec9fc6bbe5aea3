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
from kg.sources.byline import byline_authors, dateline_date
from kg.sources.dates import parse_date
from kg.sources.lead import split_lead
from kg.sources.publisher import find_publisher
from kg.sources.teasers import TeaserList

_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.I)
# A date line counts only among the first lines after the headline, where pages print it.
_DATE_WINDOW = 3
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
    date = parse_date(lines[0]) if len(lines) > 1 else None
    if date is not None:
        lines = lines[1:]  # some pages print the date above the headline
    headline, rest = lines[0], lines[1:]
    authors: list[str] = []
    header = 0  # bylines and datelines between the headline and the text
    while header < min(_DATE_WINDOW, len(rest) - 1):
        line = rest[header]
        names, when = byline_authors(line), dateline_date(line)
        if not names and when is None:
            break
        authors += names
        date = date or when
        header += 1
    rest = rest[header:]

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
