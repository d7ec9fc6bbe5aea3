"""Name an article's publisher by the first clue that gives one, so that none goes without."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.sources.boilerplate import normalize_space
from kg.sources.lead import GENRES, Lead, looks_like_name, split_lead

# "|" and "::" with or without spaces; dashes only with spaces, so "Multi-Vector" is one word.
_TITLE_SEPARATOR = re.compile(r"\s*(?:\||::)\s*|\s+[-–—«»•·]\s+")
# Second-level labels under a country code ("bbc.co.uk"), which name no one.
_GENERIC_LABELS = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})
_MAX_ACRONYM = 4
_PLAIN_QUOTES = str.maketrans("‘’“”", "''\"\"")


@dataclass(frozen=True)
class TitleParts:
    """A page title cut at its last separator: "Headline | Site" → ("Headline", "|", "Site")."""

    head: str
    separator: str
    tail: str


def find_publisher(lead_paragraph: str, *, declared: str | None = None,
                   site_name: str | None = None, title: str | None = None,
                   headlines: Iterable[str | None] = (),
                   url: str | None = None) -> tuple[str | None, Lead]:
    """Take the first publisher of the chain, splitting the lead with what precedes it known."""
    # The chain: the publisher the source declares (JSON-LD or a record's field), og:site_name,
    # the <title> suffix, the "Publisher—Genre:" lead, the URL's host.
    known = declared or site_name or (title_suffix_publisher(title, headlines) if title else None)
    lead = split_lead(lead_paragraph, known)
    return known or lead.publisher or (host_name(url) if url else None), lead


def split_title(title: str) -> TitleParts | None:
    """Cut a title at its last separator; None when it has none or a side is empty."""
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return None
    last = separators[-1]
    head, tail = title[: last.start()].strip(), title[last.end():].strip()
    return TitleParts(head, last.group().strip(), tail) if head and tail else None


def title_suffix_publisher(title: str, headlines: Iterable[str | None] = ()) -> str | None:
    """Read "Headline | Site" as naming the site, only when the part before is the headline."""
    # A headline found elsewhere on the page (JSON-LD, og:title, <h1>) that differs from the
    # whole title decides: the title must begin with it. Without one, the part before the
    # separator must be at least as long as the part after, so that "Turkey — A New Pivot"
    # names no publisher; a genre after it ("Site | Analysis") is a section, not the site.
    parts = split_title(normalize_space(title))
    if parts is None or not _looks_like_site(parts.tail) or parts.tail.casefold() in GENRES:
        return None
    references = {_comparable(h) for h in headlines if h and h.strip()}
    references.discard(_comparable(title))
    if references:
        headline_like = any(_comparable(parts.head).startswith(r) for r in references)
    else:
        headline_like = len(parts.head.split()) >= len(parts.tail.split())
    return parts.tail if headline_like else None


def host_name(url: str) -> str | None:
    """Name the site by its host when no other clue does, readably: "Harbor Institute"."""
    try:
        host = (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    except ValueError:  # an unclosed IPv6 bracket or a bad port
        return None
    labels = [label for label in host.split(".") if label]
    if not labels or ":" in host or host.replace(".", "").isdigit():  # no name in an address
        return None
    if len(labels) > 2 and labels[-2] in _GENERIC_LABELS and len(labels[-1]) == 2:
        labels = labels[:-1]
    name = labels[-2] if len(labels) > 1 else labels[0]
    words = [w for w in re.split(r"[-_]+", name) if w]
    if len(words) == 1 and len(name) <= _MAX_ACRONYM and name.isalpha():
        return name.upper()
    return " ".join(w.capitalize() for w in words) or None


def _comparable(text: str) -> str:
    return normalize_space(text).casefold().translate(_PLAIN_QUOTES)


def _looks_like_site(text: str) -> bool:
    words = [w.lstrip("(\"“‘'") for w in text.split()]
    return all(words) and looks_like_name(words)
