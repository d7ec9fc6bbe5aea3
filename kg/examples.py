"""Example SPARQL queries answering the questions people ask of the graph.

They are data, shared by the query editor (one tab each), the README and the command line, and
the tests run every one of them against the sample articles.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import sparql_prologue

PROLOGUE = sparql_prologue("kg", "schema", "prov", "rdfs", "skos")


@dataclass(frozen=True)
class Example:
    """One example: a short name, the question it answers, and the SPARQL that answers it."""

    name: str
    question: str
    sparql: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        "stances-toward-country",
        "Who takes which stance toward Serbia, by polarity?",
        PROLOGUE + """
SELECT ?polarity (COUNT(DISTINCT ?stance) AS ?stances)
       (GROUP_CONCAT(DISTINCT ?holderName; separator=", ") AS ?holders)
WHERE {
  ?target kg:iso3166Alpha2 "RS" .
  ?stance a kg:Stance ; kg:target ?target ; kg:polarity ?polarity ; kg:holder ?holder .
  OPTIONAL { ?holder schema:name ?name }
  OPTIONAL { ?holder skos:prefLabel ?prefLabel }
  BIND (COALESCE(?name, ?prefLabel, STR(?holder)) AS ?holderName)
}
GROUP BY ?polarity
ORDER BY DESC(?stances)
"""),
    Example(
        "what-experts-said",
        "What did each expert say: the stances attributed to them, with the evidence?",
        PROLOGUE + """
SELECT DISTINCT ?expertName ?headline ?stance ?evidence
WHERE {
  ?stance a kg:Stance ;
          prov:wasAttributedTo ?expert ;
          kg:statedIn ?article ;
          kg:evidenceText ?evidence .
  ?expert schema:name ?expertName .
  ?article schema:headline ?headline .
}
ORDER BY ?expertName ?headline
LIMIT 200
"""),
    Example(
        "countries-disagreeing",
        "Which countries disagree about whom (one supports, the other opposes the same target)?",
        PROLOGUE + """
SELECT DISTINCT ?targetName ?supporterName ?opponentName
WHERE {
  ?support a kg:Stance ; kg:polarity kg:Support ; kg:holder ?supporter ; kg:target ?target .
  ?oppose a kg:Stance ; kg:polarity kg:Oppose ; kg:holder ?opponent ; kg:target ?target .
  ?supporter a kg:Country ; schema:name ?supporterName .
  ?opponent a kg:Country ; schema:name ?opponentName .
  FILTER (?supporter != ?opponent)
  OPTIONAL { ?target schema:name ?name }
  OPTIONAL { ?target skos:prefLabel ?prefLabel }
  BIND (COALESCE(?name, ?prefLabel, STR(?target)) AS ?targetName)
}
ORDER BY ?targetName ?supporterName ?opponentName
"""),
    Example(
        "articles-mentioning-country",
        "Which articles mention Serbia, newest first?",
        PROLOGUE + """
SELECT DISTINCT ?date ?headline ?article
WHERE {
  ?country kg:iso3166Alpha2 "RS" .
  ?article schema:mentions ?country ;
           schema:headline ?headline .
  OPTIONAL { ?article schema:datePublished ?date }
}
ORDER BY DESC(?date) ?headline
"""),
)


def example(name: str) -> Example:
    """Find an example by its name, so callers can refer to one without copying its text."""
    for candidate in EXAMPLES:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no example query named {name!r}; known: "
                   + ", ".join(e.name for e in EXAMPLES))
