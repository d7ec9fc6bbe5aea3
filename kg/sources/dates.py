"""Recognise publication dates written the ways article pages write them, as ISO 8601 dates."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_LABEL = r"(?:(?:published|posted|updated|date)(?:\s+on)?\s*:?\s*)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?"
)
_PATTERNS = [
    _ISO,
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),  # European: 18.11.2024
    re.compile(rf"{_WEEKDAY}(?P<month>[a-z]+)\.?\s+(?P<d>\d{{1,2}}){_ORDINAL},?\s+(?P<y>\d{{4}})"),
    re.compile(rf"{_WEEKDAY}(?P<d>\d{{1,2}}){_ORDINAL}\s+(?P<month>[a-z]+)\.?,?\s+(?P<y>\d{{4}})"),
]


# "03/04/2025": the 3rd of April where days come first, the 4th of March in American usage
_SLASHED = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})")
_DAY_FIRST_NOTE = re.compile(r"\b(?:day/month/year|dd/mm/yyyy)\b", re.I)
_MONTH_FIRST_NOTE = re.compile(r"\b(?:month/day/year|mm/dd/yyyy)\b", re.I)


def parse_date(text: str, day_first: bool | None = None) -> str | None:
    """Read a whole string as a date ("July 10, 2024", "2024-07-10T08:00Z"), else return None.

    `day_first` reads "03/04/2025"; without it, only a slashed date whose order is plain
    ("25/04/2025") is read.
    """
    return _read_date(text, whole=True, day_first=day_first)


def find_date(text: str, day_first: bool | None = None) -> str | None:
    """Find a date inside a short line ("Posted on 3 Dec 2024 in Interviews")."""
    return _read_date(text, whole=False, day_first=day_first)


def day_first_for(language: str | None, page_text: str = "") -> bool | None:
    """Tell how a page orders slashed dates: as it says, else as its language does (en-US not)."""
    if _DAY_FIRST_NOTE.search(page_text):
        return True
    if _MONTH_FIRST_NOTE.search(page_text):
        return False
    if not language:
        return None
    return language.replace("_", "-").casefold() not in ("en-us", "en-ph", "en-ca")


def _slashed(match: re.Match[str], day_first: bool | None) -> str | None:
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    if a > 12 or (b <= 12 and day_first):
        day, month = a, b
    elif b > 12 or day_first is False:
        day, month = b, a
    else:
        return None  # "03/04/2025" on a page that does not say its order
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _read_date(text: str, *, whole: bool, day_first: bool | None = None) -> str | None:
    """Read a date matching the whole text, or the first one found in it."""
    value = text.strip().casefold()
    label = re.match(_LABEL, value)
    if label:
        value = value[label.end():]
    for pattern in _PATTERNS:
        match = pattern.fullmatch(value) if whole else pattern.search(value)
        if match is None:
            continue
        fields = match.groupdict()
        month = _MONTHS.get(fields["month"]) if "month" in fields else int(fields["m"])
        if month is None:
            return None
        try:
            # The calendar date as the page wrote it: a time zone does not move the day.
            return date(int(fields["y"]), month, int(fields["d"])).isoformat()
        except ValueError:
            return None
    slashed = _SLASHED.fullmatch(value) if whole else _SLASHED.search(value)
    return _slashed(slashed, day_first) if slashed else None
