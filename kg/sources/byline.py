"""Bylines and datelines: who wrote a page and when, as pages print them above the text.

"By Oskar Lindqvist-Amadi", "By A and B · 12 May 2025", "Published April 9th, 2025 · Updated:
April 14th, 2025", "Interview by Priya Castellane · 12 May 2025" (an interviewer is no author).
"""

from __future__ import annotations

import re

from kg.sources.dates import find_date, parse_date

_PARTS = re.compile(r"\s*[·|•]\s*|\s+[—–]\s+")
_BY = re.compile(r"^(?:by|written by|words by)\s+(.+)$", re.IGNORECASE)
_NAMES = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")
_UPDATED = re.compile(r"^(?:updated|modified|last\s+updated)\b", re.IGNORECASE)
_LABEL = re.compile(r"^(?:published|posted|first\s+published|date)\s*(?:on)?\s*:?\s*",
                    re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*$")


def line_parts(line: str) -> list[str]:
    """Split a byline or dateline at its separators ("·", "|", a spaced dash)."""
    return [part.strip() for part in _PARTS.split(line) if part.strip()]


def dateline_date(line: str) -> str | None:
    """Return the publication date a short line gives, ignoring an "Updated" date."""
    for part in line_parts(line):
        if not _UPDATED.match(part):
            date = parse_date(_LABEL.sub("", part))
            if date:
                return date
    short = len(line.split()) <= 12  # "Posted on 3 Dec 2024 in Interviews"
    return find_date(line) if short and not _UPDATED.match(line) else None


def byline_authors(line: str) -> list[str]:
    """Return the names of a "By …" line, or nothing when the line is no byline."""
    parts = line_parts(line)
    match = _BY.match(parts[0]) if parts else None
    if match is None:
        return []
    names = [n.strip() for n in _NAMES.split(match.group(1)) if n.strip()]
    if not names or any(not 1 < len(n.split()) <= 5 or
                        not all(_NAME_WORD.match(w) for w in n.split()) for n in names):
        return []
    return names
