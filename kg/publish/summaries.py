"""What the pictures draw: stance counts between actors, by country, by month, by expert.

Each summary reads the stances a StanceSelection matches (the same selection /stances lists),
aggregated in one SPARQL query run once per selection and data version, as typed rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.model import POLARITIES
from kg.namespaces import sparql_prologue
from kg.publish.facets import StanceSelection
from kg.publish.records import Link, Records
from kg.store import Row
from kg.store.results import integer

# Actors a network shows at most (the most connected first): a picture, not a dump.
NETWORK_EDGES = 300
# Experts and target countries an expert × country grid shows at most.
GRID_ROWS = 40
GRID_COLUMNS = 25


@dataclass(frozen=True)
class Edge:
    """How many stances of one polarity a holder takes toward a target."""

    holder: Link
    target: Link
    polarity: str
    count: int


@dataclass(frozen=True)
class CountryTotal:
    """A country with the stances it holds and receives, and its ISO numeric code for maps."""

    link: Link
    code: str
    numeric: str
    held: int
    received: int


@dataclass(frozen=True)
class MonthCount:
    """How many stances of one polarity articles of one month report."""

    month: str  # YYYY-MM
    polarity: str
    count: int


@dataclass(frozen=True)
class PositionChange:
    """A holder whose polarity toward a target changed between two dated articles."""

    holder: Link
    target: Link
    before: str
    after: str
    date: str  # when the new polarity was first reported
    article: Link


@dataclass(frozen=True)
class GridCell:
    """An expert's stances toward one target: how many of each polarity."""

    expert: Link
    target: Link
    support: int
    oppose: int
    neutral: int

    @property
    def polarity(self) -> str:
        """Name the polarity most of the cell's stances have (support wins ties, then oppose)."""
        counts = {"support": self.support, "oppose": self.oppose, "neutral": self.neutral}
        return max(POLARITIES, key=lambda p: counts[p])

    @property
    def count(self) -> int:
        """Count the cell's stances."""
        return self.support + self.oppose + self.neutral


def _polarity(term: object) -> str:
    return str(getattr(term, "value", "")).rsplit("#", 1)[-1].lower()


def _select(records: Records, selection: StanceSelection, query: str,
            **values: object) -> list[Row]:
    """Run an aggregate over the selected stances (``{where}`` in the query), once per version."""
    where = selection.where(records)
    if where is None:
        return []
    return records.select_once_per_version(query.format(where=where, **values))


def _links(records: Records, rows: list[Row], *names: str) -> dict[str, Link]:
    """Label every IRI the rows bind under the given names."""
    iris = {r[n].value for r in rows for n in names if isinstance(r.get(n), ox.NamedNode)}
    labels = records.labels(iris)
    return {iri: records.link(iri, labels) for iri in iris}


def network(records: Records, selection: StanceSelection,
            limit: int = NETWORK_EDGES) -> list[Edge]:
    """Count the selected stances by holder, target and polarity, the heaviest edges first."""
    rows = _select(records, selection, """
        SELECT ?h ?t ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          {where} ?s kg:holder ?h ; kg:target ?t ; kg:polarity ?p .
        }} GROUP BY ?h ?t ?p ORDER BY DESC(?n) ?h ?t ?p LIMIT {limit}""", limit=int(limit))
    links = _links(records, rows, "h", "t")
    return [Edge(links[r["h"].value], links[r["t"].value], _polarity(r["p"]), integer(r, "n"))
            for r in rows if r["h"].value in links and r["t"].value in links]


def country_totals(records: Records) -> list[CountryTotal]:
    """Count the stances every country holds and receives, for the home page's map."""
    rows = records.select_once_per_version("""
        SELECT ?c ?code ?numeric (SUM(?h) AS ?held) (SUM(?r) AS ?received) WHERE {
          { ?s kg:holder ?c BIND(1 AS ?h) BIND(0 AS ?r) }
          UNION { ?s kg:target ?c BIND(0 AS ?h) BIND(1 AS ?r) }
          ?c a kg:Country ; kg:iso3166Alpha2 ?code .
          OPTIONAL { ?c kg:iso3166Numeric ?numeric }
        } GROUP BY ?c ?code ?numeric ORDER BY ?code""")
    links = _links(records, rows, "c")
    return [CountryTotal(links[r["c"].value], r["code"].value,
                         r["numeric"].value if r.get("numeric") is not None else "",
                         integer(r, "held"), integer(r, "received")) for r in rows]


def timeline(records: Records, selection: StanceSelection) -> list[MonthCount]:
    """Count the selected stances by month of publication and polarity, oldest first."""
    rows = _select(records, selection, """
        SELECT ?m ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          {where} ?s kg:polarity ?p ; kg:statedIn/schema:datePublished ?d .
          BIND(SUBSTR(STR(?d), 1, 7) AS ?m)
        }} GROUP BY ?m ?p ORDER BY ?m ?p""")
    return [MonthCount(r["m"].value, _polarity(r["p"]), integer(r, "n")) for r in rows]


def position_changes(records: Records, selection: StanceSelection) -> list[PositionChange]:
    """List each holder–target pair whose reported polarity changed, and when, newest first.

    Stances are read in date order per pair; a change is a dated article whose stance differs
    from the pair's previous one. Undated articles cannot place a change and are left out.
    """
    rows = _select(records, selection, """
        SELECT DISTINCT ?h ?t ?p ?d ?a WHERE {{
          {where} ?s kg:holder ?h ; kg:target ?t ; kg:polarity ?p ; kg:statedIn ?a .
          ?a schema:datePublished ?d .
        }} ORDER BY ?h ?t ?d ?p""")
    links = _links(records, rows, "h", "t", "a")
    changes: list[PositionChange] = []
    last: dict[tuple[str, str], str] = {}
    for r in rows:
        pair, polarity = (r["h"].value, r["t"].value), _polarity(r["p"])
        if pair in last and last[pair] != polarity:
            changes.append(PositionChange(links[pair[0]], links[pair[1]], last[pair], polarity,
                                          r["d"].value[:10], links[r["a"].value]))
        last[pair] = polarity
    return sorted(changes, key=lambda c: c.date, reverse=True)


def expert_grid(records: Records, selection: StanceSelection) -> list[GridCell]:
    """Count each expert's selected stances toward each target, by polarity.

    Only the experts and targets with the most stances are kept (GRID_ROWS × GRID_COLUMNS), so
    the grid stays a picture at any size.
    """
    rows = _select(records, selection, """
        SELECT ?e ?t ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          {where} ?s prov:wasAttributedTo ?e ; kg:target ?t ; kg:polarity ?p .
        }} GROUP BY ?e ?t ?p""")
    totals: dict[str, dict[str, int]] = {"e": {}, "t": {}}
    for r in rows:
        for name in ("e", "t"):
            totals[name][r[name].value] = totals[name].get(r[name].value, 0) + integer(r, "n")
    keep = {name: set(sorted(counts, key=lambda i: (-counts[i], i))[:limit])
            for (name, counts), limit in zip(totals.items(), (GRID_ROWS, GRID_COLUMNS),
                                             strict=True)}
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for r in rows:
        e, t = r["e"].value, r["t"].value
        if e in keep["e"] and t in keep["t"]:
            cells.setdefault((e, t), dict.fromkeys(POLARITIES, 0))[_polarity(r["p"])] = \
                integer(r, "n")
    links = _links(records, rows, "e", "t")
    return sorted((GridCell(links[e], links[t], c["support"], c["oppose"], c["neutral"])
                   for (e, t), c in cells.items()),
                  key=lambda c: (-totals["e"][c.expert.iri], c.expert.label,
                                 -totals["t"][c.target.iri], c.target.label))


def selection_triples(records: Records, selection: StanceSelection) -> list[ox.Triple]:
    """Give the selected stances as RDF: the triples every picture's counts are made from."""
    where = selection.where(records)
    if where is None:
        return []
    return records.store.construct(
        sparql_prologue("kg", "schema", "prov") +
        "CONSTRUCT { ?s a kg:Stance ; kg:holder ?h ; kg:target ?t ; kg:polarity ?p ; "
        "kg:statedIn ?a ; prov:wasAttributedTo ?e . ?a schema:datePublished ?d } "
        f"WHERE {{ {where} ?s kg:holder ?h ; kg:target ?t ; kg:polarity ?p ; kg:statedIn ?a . "
        "OPTIONAL { ?s prov:wasAttributedTo ?e } OPTIONAL { ?a schema:datePublished ?d } }")


def _country_totals(records: Records, _: StanceSelection) -> list[CountryTotal]:
    return country_totals(records)


# Each picture's rows: their type and how they are read for a selection.
PICTURES: dict[str, tuple[type, Callable[[Records, StanceSelection], list[Any]]]] = {
    "network": (Edge, network),
    "countries": (CountryTotal, _country_totals),
    "timeline": (MonthCount, timeline),
    "changes": (PositionChange, position_changes),
    "grid": (GridCell, expert_grid),
}
