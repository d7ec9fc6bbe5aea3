"""The home page's figures and the paged lists and search of the site, as typed rows.

Whole-data aggregates run once per data version (Records.select_once_per_version); lists page
through the store's index order, each page a few small queries bound to its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import POLARITIES
from kg.namespaces import sparql_prologue
from kg.publish.facets import StanceSelection
from kg.publish.records import ArticleItem, Link, Page, Records, StanceRow
from kg.store.results import integer

# The SPARQL query each list offers as its data: the same things, as SPARQL results.
_LIST_QUERIES = {
    "articles": "SELECT ?article ?headline ?date WHERE { ?article schema:articleBody ?body ; "
                "schema:headline ?headline . OPTIONAL { ?article schema:datePublished ?date } } "
                "ORDER BY DESC(?date) ?headline",
    "experts": "SELECT ?expert ?name WHERE { ?expert a kg:Expert . "
               "OPTIONAL { ?expert schema:name ?name } } ORDER BY ?expert",
    "countries": "SELECT ?country ?code ?name WHERE { ?country a kg:Country ; "
                 "kg:iso3166Alpha2 ?code ; schema:name ?name } ORDER BY ?code",
    "stances": "SELECT ?stance ?holder ?polarity ?target ?article ?evidence WHERE { "
               "?stance a kg:Stance ; kg:holder ?holder ; kg:polarity ?polarity ; "
               "kg:target ?target ; kg:statedIn ?article ; kg:evidenceText ?evidence } "
               "ORDER BY ?stance",
}


def list_query(name: str, page: int, size: int) -> str:
    """Write the SPARQL query that answers one page of a list as data."""
    return (f"{sparql_prologue('kg', 'schema')}{_LIST_QUERIES[name]} "
            f"LIMIT {size} OFFSET {(page - 1) * size}")


@dataclass
class ExpertItem:
    """An expert in a list, with how many articles and stances they have."""

    link: Link
    articles: int
    stances: int


@dataclass
class CountryItem:
    """A country in a list, with the stances it holds and receives and the articles on it."""

    link: Link
    code: str
    held: int
    received: int
    articles: int


def figures(records: Records) -> dict[str, int]:
    """Count articles, experts, countries discussed and stances by polarity, in one query."""
    rows = records.select_once_per_version("""
        SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
          { ?x schema:articleBody ?body BIND("articles" AS ?what) }
          UNION { ?x a kg:Expert BIND("experts" AS ?what) }
          UNION { ?a schema:mentions ?x BIND("countries" AS ?what) }
          UNION { ?x a kg:Stance BIND("stances" AS ?what) }
          UNION { ?x kg:polarity ?p BIND(LCASE(STRAFTER(STR(?p), "#")) AS ?what) }
        } GROUP BY ?what""")
    figures = dict.fromkeys(("articles", "experts", "countries", "stances", *POLARITIES), 0)
    for row in rows:
        figures[row["what"].value] = integer(row, "n")
    return figures

def countries_by_stances(records: Records, limit: int = 20) -> list[tuple[Link, int, int]]:
    """Rank countries by the stances they hold and receive."""
    rows = records.select_once_per_version(f"""
        SELECT ?c (SUM(?h) AS ?held) (SUM(?r) AS ?received) (SUM(?h + ?r) AS ?total) WHERE {{
          {{ ?s kg:holder ?c BIND(1 AS ?h) BIND(0 AS ?r) }}
          UNION {{ ?s kg:target ?c BIND(0 AS ?h) BIND(1 AS ?r) }}
          ?c a kg:Country .
        }} GROUP BY ?c ORDER BY DESC(?total) ?c LIMIT {int(limit)}""")
    labels = records.labels(r["c"].value for r in rows)
    return [(records.link(r["c"].value, labels), integer(r, "held"), integer(r, "received"))
            for r in rows]

def list_articles(records: Records, page: int, size: int) -> Page[ArticleItem]:
    """Page through full articles, newest first."""
    rows = records.articles(limit=size + 1, offset=(page - 1) * size)
    return Page(rows[:size], page, len(rows) > size)

def list_experts(records: Records, page: int, size: int) -> Page[ExpertItem]:
    """Page through experts, with how many articles and stances each has."""
    experts = [r["e"] for r in records.select(
        f"SELECT DISTINCT ?e WHERE {{ ?e a kg:Expert }} "  # index order, as in stances()
        f"LIMIT {size + 1} OFFSET {(page - 1) * size}")]
    if not experts:
        return Page([], page, False)
    values = " ".join(str(e) for e in experts)
    counts: dict[str, dict[str, int]] = {e.value: {"articles": 0, "stances": 0}
                                         for e in experts}
    # One small query per count, bound to this page's experts: cheap at any scale.
    for name, pattern in (("articles", "?x kg:interviewee|schema:author ?e"),
                          ("stances", "?x prov:wasAttributedTo ?e")):
        for row in records.select(f"SELECT ?e (COUNT(DISTINCT ?x) AS ?n) WHERE {{ "
                                f"VALUES ?e {{ {values} }} {pattern} }} GROUP BY ?e"):
            counts[row["e"].value][name] = integer(row, "n")
    labels = records.labels(counts)
    items = [ExpertItem(records.link(iri, labels), n["articles"], n["stances"])
             for iri, n in counts.items()]
    return Page(items[:size], page, len(items) > size)

def list_countries(records: Records, page: int, size: int) -> Page[CountryItem]:
    """Page through every country by code, with stances held, received and mentions."""
    rows = records.select_once_per_version(f"""
        SELECT ?c ?code (SUM(?h) AS ?held) (SUM(?r) AS ?received) (SUM(?m) AS ?articles)
               (SUM(?h + ?r) AS ?stances) WHERE {{
          # One branch per count, each row counted once: three OPTIONALs would multiply
          # the stances held by those received and the articles for every country.
          ?c a kg:Country ; kg:iso3166Alpha2 ?code .
          {{ BIND(0 AS ?h) BIND(0 AS ?r) BIND(0 AS ?m) }}
          UNION {{ ?s kg:holder ?c BIND(1 AS ?h) BIND(0 AS ?r) BIND(0 AS ?m) }}
          UNION {{ ?s kg:target ?c BIND(0 AS ?h) BIND(1 AS ?r) BIND(0 AS ?m) }}
          UNION {{ ?a schema:mentions ?c BIND(0 AS ?h) BIND(0 AS ?r) BIND(1 AS ?m) }}
        }} GROUP BY ?c ?code
        ORDER BY DESC(?stances) DESC(?articles) ?code
        LIMIT {size + 1} OFFSET {(page - 1) * size}""")
    labels = records.labels(r["c"].value for r in rows)
    items = [CountryItem(records.link(r["c"].value, labels), r["code"].value,
                         integer(r, "held"), integer(r, "received"), integer(r, "articles"))
             for r in rows]
    return Page(items[:size], page, len(items) > size)

def list_stances(records: Records, page: int, size: int,
                 selection: StanceSelection | None = None) -> Page[StanceRow]:
    """Page through the stances a selection of facets matches (every stance without one)."""
    where = (selection or StanceSelection()).where(records)
    if where is None:
        return Page([], page, False)
    rows = records.stances(where, limit=size + 1, offset=(page - 1) * size)
    return Page(rows[:size], page, len(rows) > size)
