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
_UPDATED = re.compile(r"^(?:updated|modified|revised|reviewed|last\s+(?:updated|modified|revised|"
                      r"reviewed))\b", re.IGNORECASE)
_LABEL = re.compile(r"^(?:published|posted|first\s+published|date)\s*(?:on)?\s*:?\s*",
                    re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[a-z]{1,3}[-'’])?[A-ZÀ-Þ][\w'’.-]*,?$")
# A name credited for something else than the words: "B (photos)", "C (illustrations)"
_NOT_AUTHOR = re.compile(r"\((?:photos?|photography|pictures|illustrations?|graphics|video)\)",
                         re.I)
# A byline's "By Ana Vega, Senior Fellow" ends in a role, not in a name
_ROLES = frozenset({
    "fellow", "director", "analyst", "researcher", "editor", "correspondent", "reporter",
    "lecturer", "professor", "chair", "head", "scholar", "associate", "adviser", "advisor",
    "contributor", "writer", "columnist", "economist", "historian", "ambassador", "president",
    "officer", "manager", "coordinator", "specialist", "expert", "consultant", "candidate"})
_PARTICLES = frozenset({"de", "da", "del", "della", "der", "den", "van", "von", "la", "le", "du",
                        "bin", "ibn", "al", "el", "dos", "das", "y", "ter", "ten", "zu"})
# Words that make a credited "author" a desk, a team or an institution, not a person
_COLLECTIVE = frozenset({
    "staff", "editors", "editorial", "editor", "desk", "team", "board", "newsroom", "centre",
    "center", "institute", "institution", "review", "council", "foundation", "university",
    "press", "news", "media", "agency", "office", "department", "ministry", "correspondents",
    "contributors", "writers", "reporters", "bureau", "journal", "magazine", "forum", "network",
    "observatory", "monitor", "programme", "program", "initiative", "group", "society"})


def line_parts(line: str) -> list[str]:
    """Split a byline or dateline at its separators ("·", "|", a spaced dash)."""
    return [part.strip() for part in _PARTS.split(line) if part.strip()]


def dateline_date(line: str, day_first: bool | None = None) -> str | None:
    """Return the publication date a short line gives, ignoring an "Updated" date."""
    for part in line_parts(line):
        if not _UPDATED.match(part):
            date = parse_date(_LABEL.sub("", part), day_first)
            if date:
                return date
    short = len(line.split()) <= 12  # "Posted on 3 Dec 2024 in Interviews"
    return find_date(line, day_first) if short and not _UPDATED.match(line) else None


def byline_authors(line: str) -> list[str]:
    """Return the names of a "By …" line, or nothing when the line is no byline."""
    parts = line_parts(line)
    match = _BY.match(parts[0]) if parts else None
    if match is None:
        return []
    names = [n.strip() for n in _NAMES.split(match.group(1))
             if n.strip() and not _NOT_AUTHOR.search(n) and not _is_role(n)]
    if not names or not all(map(looks_like_a_person, names)):
        return []
    return names


def _is_role(piece: str) -> bool:
    """Tell "Senior Fellow" or "Director of Studies" in a byline from a name."""
    words = [w.lower().strip(".,") for w in piece.split()]
    return words[-1] in _ROLES or any(
        w in _ROLES and following in ("of", "at", "for", "on", "in")
        for w, following in zip(words, words[1:], strict=False))


def looks_like_a_person(name: str) -> bool:
    """Tell a personal name ("Dr. Ana de la Vega") from a desk, an institution or a role."""
    words = name.split()
    return (1 < len(words) <= 6
            and all(_NAME_WORD.match(w) or w.lower() in _PARTICLES for w in words)
            and not any(w.lower().strip(".,") in _COLLECTIVE for w in words)
            and words[-1].lower().strip(".,") not in _ROLES)
