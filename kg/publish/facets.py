"""Select stances by any combination of facets, and count the selection by each facet's values.

A selection is what a /stances URL says (holder, target, polarity, expert, publisher, genre,
date range): it becomes one SPARQL graph pattern on ``?s``, so a list page, its data variants
and its facet counts all read the same stances. Counts run once per selection and data version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import pyoxigraph as ox

from kg.errors import UsageError
from kg.model import POLARITIES
from kg.namespaces import IPTC_GENRE
from kg.publish.records import Link, Records
from kg.store.results import integer
from kg.uris import KEY

# A date or its prefix, as xsd:date and xsd:dateTime values begin: 2024, 2024-07, 2024-07-10.
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
GENRES = ("Interview", "Analysis")
# Facet values shown per facet, the most frequent first.
FACET_VALUES = 20
# How each facet reaches its value from a stance ?s, as a SPARQL property path.
_PATHS = {
    "holder": "kg:holder",
    "target": "kg:target",
    "polarity": "kg:polarity",
    "expert": "prov:wasAttributedTo",
    "article": "kg:statedIn",
    "publisher": "kg:statedIn/schema:publisher",
    "genre": "kg:statedIn/schema:genre",
    "year": "kg:statedIn/schema:datePublished",
}
# Facets counted on /stances; an article's stances are listed on its own page.
FACETS = tuple(name for name in _PATHS if name != "article")


@dataclass(frozen=True)
class StanceSelection:
    """Which stances a list shows; every field empty means all of them.

    `holder` and `target` name a country by its code (``tr``) or any of our things by kind and
    key (``organization/q7184``); `country` is either side; `since` and `until` bound the
    article's publication date, inclusively, by a year, month or day; `article` is one article.
    """

    holder: str = ""
    target: str = ""
    country: str = ""
    polarity: str = ""
    expert: str = ""
    publisher: str = ""
    genre: str = ""
    since: str = ""
    until: str = ""
    article: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> StanceSelection:
        """Read a selection from query parameters; a malformed value is a UsageError naming it."""
        values = {f.name: (params.get(f.name) or "").strip() for f in fields(cls)}
        values["polarity"] = values["polarity"].lower()
        values["country"] = values["country"].lower()
        if values["polarity"] and values["polarity"] not in POLARITIES:
            raise UsageError(f"polarity must be one of {', '.join(POLARITIES)}, "
                             f"not {values['polarity']!r}")
        genre = values["genre"].capitalize()
        if values["genre"] and genre not in GENRES:
            raise UsageError(f"genre must be one of {', '.join(GENRES)}, not {values['genre']!r}")
        values["genre"] = genre
        for name in ("since", "until"):
            if values[name] and not _DATE.match(values[name]):
                raise UsageError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, "
                                 f"not {values[name]!r}")
        for name in ("holder", "target", "country", "expert", "publisher", "article"):
            key = values[name].rpartition("/")[2] if name in ("holder", "target") else values[name]
            if values[name] and not KEY.match(key):
                raise UsageError(f"{name} must name a thing by its key (letters, digits, "
                                 f"'._~-'), not {values[name]!r}")
        return cls(**values)

    def params(self) -> dict[str, str]:
        """Write the selection back as query parameters, leaving out what is not set."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def without(self, name: str) -> StanceSelection:
        """Drop one facet from the selection (the year facet drops the date range)."""
        if name == "year":
            return replace(self, since="", until="")
        return replace(self, **{name: ""})

    def where(self, records: Records) -> str | None:
        """Write the selection as a graph pattern on ``?s``; None when it can match nothing."""
        patterns = ["?s a kg:Stance ."]
        for name in ("holder", "target"):
            if value := getattr(self, name):
                iri = _thing(records, value)
                if iri is None:
                    return None
                patterns.append(f"?s {_PATHS[name]} {ox.NamedNode(iri)} .")
        if self.country:
            iri = records.iri("country", self.country)
            if iri is None:
                return None
            node = ox.NamedNode(iri)
            patterns.append(f"{{ ?s kg:holder {node} }} UNION {{ ?s kg:target {node} }}")
        if self.polarity:
            patterns.append(f"?s kg:polarity kg:{self.polarity.capitalize()} .")
        for name, kind in (("expert", "expert"), ("publisher", "organization"),
                           ("article", "article")):
            if value := getattr(self, name):
                iri = records.iri(kind, value)
                if iri is None:
                    return None
                patterns.append(f"?s {_PATHS[name]} {ox.NamedNode(iri)} .")
        if self.genre:
            patterns.append(f"?s {_PATHS['genre']} {ox.NamedNode(IPTC_GENRE[self.genre])} .")
        if self.since or self.until:
            patterns.append(f"?s {_PATHS['year']} ?date .")
            if self.since:
                patterns.append(f"FILTER(STR(?date) >= {ox.Literal(self.since)})")
            if self.until:
                # Compare as many characters as `until` has: until=2024 keeps all of 2024.
                patterns.append(f"FILTER(SUBSTR(STR(?date), 1, {len(self.until)}) <= "
                                f"{ox.Literal(self.until)})")
        return " ".join(patterns)


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet, with how many stances of the selection have it."""

    value: str  # what the facet's query parameter takes to select it
    label: str
    count: int
    link: Link | None = None  # the thing itself, when the value is one of our things


def _thing(records: Records, value: str) -> str | None:
    """Name a holder or target: a country code, or kind/key of any of our things."""
    kind, _, key = value.rpartition("/")
    return records.iri(kind or "country", key.lower() if not kind else key)


def _parameter(name: str, records: Records, term: ox.NamedNode | ox.Literal) -> str:
    """Write a facet value as the query parameter that selects it."""
    if name == "year":
        return term.value[:4]
    if name == "polarity":
        return term.value.rsplit("#", 1)[-1].lower()
    if name == "genre":
        return term.value.rsplit("/", 1)[-1]
    parsed = records.parse_iri(term.value)
    if parsed is None:
        return term.value
    kind, key = parsed
    if name in ("holder", "target"):
        return key if kind == "country" else f"{kind}/{key}"
    return key


def facet_counts(records: Records, selection: StanceSelection,
                 limit: int = FACET_VALUES) -> dict[str, list[FacetValue]]:
    """Count the selected stances by each facet's values, the most frequent values first.

    Each facet is counted within the whole selection, as Datasette counts: a value's count is
    how many rows adding it to the selection leaves.
    """
    where = selection.where(records)
    counts: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    if where is None:
        return counts
    rows_by_facet = {}
    for name in FACETS:
        path = _PATHS[name]
        # Years group by the date's first four characters, newest first.
        value = f"?s {path} ?d . BIND(SUBSTR(STR(?d), 1, 4) AS ?v)" if name == "year" \
            else f"?s {path} ?v ."
        order = "DESC(?v)" if name == "year" else "DESC(?n) ?v"
        rows_by_facet[name] = records.select_once_per_version(
            f"SELECT ?v (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} {value} }} "
            f"GROUP BY ?v ORDER BY {order} LIMIT {int(limit)}")
    iris = {r["v"].value for rows in rows_by_facet.values() for r in rows
            if isinstance(r["v"], ox.NamedNode)}
    labels = records.labels(iris)
    for name, rows in rows_by_facet.items():
        for row in rows:
            term = row["v"]
            if not isinstance(term, ox.NamedNode | ox.Literal):
                continue
            parameter = _parameter(name, records, term)
            link = records.link(term.value, labels) if isinstance(term, ox.NamedNode) else None
            label = link.label if link is not None and link.labelled else parameter
            counts[name].append(FacetValue(parameter, label, integer(row, "n"), link))
    return counts
