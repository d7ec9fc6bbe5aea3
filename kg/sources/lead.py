"""Split the "Publisher—Genre: " label off the lead paragraph of an article or teaser."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.sources.dates import parse_date

# Genres the label may name; a word before a colon that is not one of these (a dateline such as
# "Tehran:") is left in the text. The value is the spelling we report.
GENRES: dict[str, str] = {
    g.casefold(): g
    for g in (
        "Interview", "Note", "Analysis", "Opinion", "Commentary", "Editorial", "Report", "News",
        "Feature", "Review", "Op-Ed", "Viewpoint", "Column", "Explainer", "Brief", "Q&A",
        "Essay", "Podcast", "Dialogue", "Article",
    )
}

# Lower-case words allowed inside a publisher's name ("Council on Foreign Relations").
_NAME_LINKS = frozenset({"of", "on", "for", "and", "the", "in", "de", "del", "des", "la", "le",
                         "el", "al", "&", "-"})
_MAX_PUBLISHER_WORDS = 8

# The label is the start of the paragraph up to the first dash: an em dash or en dash (spaces
# optional) or a hyphen with spaces on both sides.
_LABEL = re.compile(r"^(?P<publisher>[^\s—–:][^—–:\n]{0,99}?)(?:\s*[—–]\s*|\s+-\s+)(?P<rest>\S.*)$",
                    re.S)
_GENRE = re.compile(r"^(?P<genre>[^\s:]+(?:\s[^\s:]+)?)\s*:\s+(?P<rest>\S.*)$", re.S)


# A wire-style dateline opening the lead: "GENEVA, 14 October 2025 – ", "Nairobi, May 3 — "
_DATELINE = re.compile(r"^(?P<place>[A-ZÀ-Þ][\w'’. -]{1,40}?),\s*(?P<date>[^–—:\n]{6,30}?)"
                       r"(?:\s*[—–]\s*|\s+-\s+)(?P<rest>\S.*)$", re.S)
_GENRE_ONLY = re.compile(r"^(?P<genre>[^\s:]+)\s*:\s+(?P<rest>\S.*)$", re.S)


@dataclass(frozen=True)
class Lead:
    """A lead paragraph split into its label and the text that follows it."""

    publisher: str | None
    genre: str | None
    text: str
    date: str | None = None  # from a dateline opening the lead


def split_lead(paragraph: str, known_publisher: str | None = None) -> Lead:
    """Take "Publisher—Genre: " (or "Publisher—", or a dateline) off a lead paragraph."""
    dateline = _DATELINE.match(paragraph)
    date = parse_date(dateline.group("date")) if dateline else None
    if dateline and date:
        rest = dateline.group("rest")
        labelled = _GENRE_ONLY.match(rest)
        if labelled and labelled.group("genre").casefold() in GENRES:
            return Lead(None, GENRES[labelled.group("genre").casefold()], labelled.group("rest"),
                        date)
        return Lead(None, None, rest, date)
    label = _LABEL.match(paragraph)
    if label is None:
        return Lead(None, None, paragraph)
    publisher = label.group("publisher").strip()
    rest = label.group("rest")
    words = publisher.split()
    if not looks_like_name(words):
        return Lead(None, None, paragraph)
    genre_match = _GENRE.match(rest)
    if genre_match and genre_match.group("genre").casefold() in GENRES:
        genre = GENRES[genre_match.group("genre").casefold()]
        return Lead(publisher, genre, genre_match.group("rest"))
    # Without a genre the label is easily confused with a dateline ("MOSCOW — …", "Ankara—…"),
    # so it must be a publisher we already know, or a name of several words that is not shouted.
    known = known_publisher is not None and publisher.casefold() == known_publisher.casefold()
    looks_like_dateline = len(words) < 2 or publisher.isupper()
    if (known or not looks_like_dateline) and _starts_sentence(rest):
        return Lead(publisher, None, rest)
    return Lead(None, None, paragraph)


def looks_like_name(words: list[str]) -> bool:
    """Say whether words could be an organization's name: few, capitalized but for links."""
    first = words[0][0] if words else ""
    if not 1 <= len(words) <= _MAX_PUBLISHER_WORDS or not (first.isupper() or first.isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.casefold() in _NAME_LINKS for w in words)


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"“‘'«"
