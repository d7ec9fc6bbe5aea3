"""The HTML pages: what each shows, its JSON-LD and alternates, highlighting, lists and paging."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BASE, make_app, store_extractions
from lxml import html as lxml_html
from rdflib import Graph, URIRef

from kg.model import Document, EntityRef, Extraction, PersonFinding, StanceFinding, Teaser
from kg.namespaces import SCHEMA
from kg.publish.records import paragraph_around
from kg.store import EmbeddedStore
from webapp.presenters.highlighting import Span, highlight

HEADLINE = "Russia’s Approach to the Supply of Turkish Drones to Ukraine"
BODY = ("A Turkish issues researcher said that Turkiye's cooperation with Ukraine is not a simple "
        "matter.\n\nSiyamak Kakaei said that Russia knows Turkiye has close relations with Ukraine "
        "and supports this country. Russia strongly opposed the drone deals.\n\n"
        "The West and NATO are not upset with the policy adopted by Turkiye.")
SUPPORT = "Russia knows Turkiye has close relations with Ukraine and supports this country."
OPPOSE = "Russia strongly opposed the drone deals."


def country(code: str, label: str) -> EntityRef:
    """Refer to a country by its code."""
    return EntityRef("country", code, label)


def seed_extraction(headline: str = HEADLINE, body: str = BODY) -> Extraction:
    """Build the extraction of a small interview by hand, independent of the extractor."""
    support, oppose = body.index(SUPPORT), body.index(OPPOSE)
    document = Document("test.json", headline, body, publisher="Strategic Council Online",
                        genre="Interview", date="2024-07-10",
                        teasers=[Teaser("Erdogan’s Motives in Syria", "An abstract.")])
    return Extraction(
        document, is_interview=True,
        experts=[PersonFinding("Siyamak Kakaei", ["A Turkish issues researcher"])],
        countries=["TR", "UA", "RU"],
        stances=[
            StanceFinding(country("TR", "Turkiye"), country("UA", "Ukraine"), "support",
                          support, support + len(SUPPORT), 0.85, "clause:support-verb", 0),
            StanceFinding(country("RU", "Russia"), country("TR", "Turkiye"), "oppose",
                          oppose, oppose + len(OPPOSE), 0.7, "clause:oppose-verb", 0),
            StanceFinding(country("RU", "Russia"), country("UA", "Ukraine"), "oppose",
                          oppose, oppose + len(OPPOSE), 0.6, "clause:oppose-verb", 0),
            StanceFinding(EntityRef("organization", "Q7184", "NATO"), country("TR", "Turkiye"),
                          "support", body.index("The West"), len(body), 0.5, "clause:welcome",
                          None),
        ])


@pytest.fixture
def seeded(store: EmbeddedStore) -> Iterator[EmbeddedStore]:
    """A fresh store holding the hand-built interview."""
    store_extractions(store, seed_extraction())
    yield store


@pytest.fixture
def pages(seeded: EmbeddedStore):
    """A test client of the application over the seeded store."""
    return make_app(seeded).test_client()


def parse(response) -> lxml_html.HtmlElement:  # type: ignore[no-untyped-def]
    """Parse an HTML answer, checking it is one."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return lxml_html.fromstring(response.get_data(as_text=True))


def jsonld_graph(page: lxml_html.HtmlElement) -> Graph:
    """Parse the page's embedded JSON-LD into a graph (schema.org context resolved offline)."""
    (script,) = page.xpath('//script[@type="application/ld+json"]')
    data = json.loads(script.text)
    assert data.pop("@context") == "https://schema.org"
    data["@context"] = {"@vocab": str(SCHEMA)}
    graph = Graph()
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated classes
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=json.dumps(data), format="json-ld")
    return graph


def article_path(client) -> str:  # type: ignore[no-untyped-def]
    """Find the article page by following the home page's latest-articles link."""
    page = parse(client.get("/"))
    (link,) = [a.get("href") for a in page.xpath('//a[contains(@href, "/doc/article/")]')
               if a.text_content() == HEADLINE]
    return link


def test_home_shows_figures_latest_articles_and_countries(pages) -> None:
    page = parse(pages.get("/"))
    figures = {f.get("data-figure"): int(f.xpath("string(b)"))
               for f in page.xpath("//*[@data-figure]")}
    # The teaser stub is not counted as an article: it has no body.
    assert figures == {"articles": 1, "experts": 1, "countries": 3, "stances": 4,
                       "support": 2, "oppose": 2, "neutral": 0}
    assert HEADLINE in page.xpath("string(//ul[@class='articles'])")
    countries = [a.text_content() for a in page.xpath('//table[@class="compact"]//td[1]/a')]
    assert countries[0] in ("Türkiye", "Russia", "Ukraine")
    hrefs = set(page.xpath("//a/@href"))
    assert {"/sparql", "/void", "/vocab", "/shapes", "/dumps/stancegraph.nq.gz"} <= hrefs


def test_article_page_highlights_each_stances_evidence(pages) -> None:
    page = parse(pages.get(article_path(pages)))
    marks = page.xpath("//div[@id='body']//mark")
    by_stance: dict[str, str] = {}
    for mark in marks:
        by_stance.setdefault(mark.get("data-stance"), "")
        # A nested mark's text belongs to its parent too; count each piece once per stance.
        by_stance[mark.get("data-stance")] += "".join(mark.itertext())
    texts = sorted(by_stance.values())
    assert texts.count(OPPOSE) == 2  # two stances share one sentence: two marks
    assert SUPPORT in texts
    for key in by_stance:
        assert page.xpath(f"//mark[@id='stance-{key}']")


def test_article_page_links_country_mentions_in_the_body(pages) -> None:
    page = parse(pages.get(article_path(pages)))
    links = {a.get("href") for a in page.xpath("//div[@id='body']//a[@class='mention']")}
    assert {"/doc/country/ua.html", "/doc/country/ru.html"} <= links


def test_article_page_shows_stances_table_expert_and_related(pages) -> None:
    page = parse(pages.get(article_path(pages)))
    rows = page.xpath("//table[@class='stances']/tbody/tr")
    assert len(rows) == 4
    anchors = {a.get("href") for a in page.xpath("//table[@class='stances']//a")}
    for mark in page.xpath("//mark[@id]"):
        assert "#" + mark.get("id") in anchors
    assert any(h.startswith("/doc/stance/") for h in anchors)
    text = page.text_content()
    assert "Siyamak Kakaei" in text and "A Turkish issues researcher" in text
    assert "Erdogan’s Motives in Syria" in text
    assert "Strategic Council Online" in text and "2024-07-10" in text


def test_article_jsonld_describes_the_article(pages) -> None:
    path = article_path(pages)
    graph = jsonld_graph(parse(pages.get(path)))
    article = URIRef(BASE + "id/article/" + path.rsplit("/", 1)[-1].removesuffix(".html"))
    assert (article, SCHEMA.headline, None) in graph
    assert str(graph.value(article, SCHEMA.headline)) == HEADLINE
    mentioned = set(graph.objects(article, SCHEMA.mentions))
    assert URIRef(BASE + "id/country/tr") in mentioned


def test_every_resource_page_announces_its_rdf_variants(pages) -> None:
    path = article_path(pages)
    response = pages.get(path)
    page = parse(response)
    stem = path.removesuffix(".html")
    expected = {("text/turtle", stem + ".ttl"), ("application/ld+json", stem + ".jsonld"),
                ("application/rdf+xml", stem + ".rdf"), ("application/n-triples", stem + ".nt")}
    # Absolute under the configured base, whatever Host the request came with.
    in_head = {(link.get("type"), link.get("href").removeprefix("http://localhost:5000"))
               for link in page.xpath("//head/link[@rel='alternate']")}
    assert in_head == expected
    in_header = {(link.params["type"], link.url.removeprefix("http://localhost:5000")) for link in
                 _links(response.headers["Link"])}
    assert in_header == expected


def _links(header: str):  # type: ignore[no-untyped-def]
    """Parse a Link header (RFC 8288) with requests' parser-free approach: split and read."""
    from dataclasses import dataclass

    @dataclass
    class Parsed:
        url: str
        params: dict[str, str]

    for part in header.split(", <"):
        url, _, rest = part.strip().lstrip("<").partition(">")
        params = dict(p.strip().split("=", 1) for p in rest.split(";") if "=" in p)
        yield Parsed(url, {k: v.strip('"') for k, v in params.items()})


def test_expert_page_lists_descriptions_articles_and_attributed_stances(pages) -> None:
    page = parse(pages.get("/doc/expert/siyamak-kakaei.html"))
    assert page.xpath("string(//h1)") == "Siyamak Kakaei"
    text = page.text_content()
    assert "A Turkish issues researcher" in text and HEADLINE in text
    assert len(page.xpath("//table[@class='stances']/tbody/tr")) == 3
    graph = jsonld_graph(page)
    expert = URIRef(BASE + "id/expert/siyamak-kakaei")
    assert str(graph.value(expert, SCHEMA.name)) == "Siyamak Kakaei"


def test_country_page_groups_stances_held_and_received_by_polarity(pages) -> None:
    page = parse(pages.get("/doc/country/tr.html"))
    assert page.xpath("string(//h1)") == "Türkiye"
    sections = {s.xpath("string(h2)"): s for s in page.xpath("//section[@class='by-polarity']")}
    held = sections["Stances Türkiye holds"]
    received = sections["Stances toward Türkiye"]
    assert held.xpath("string(h3/span[contains(@class,'polarity')])") == "support"
    assert sorted(received.xpath("h3/span[contains(@class,'polarity')]/text()")) == [
        "oppose", "support"]
    hrefs = set(page.xpath("//a/@href"))
    assert "http://www.wikidata.org/entity/Q43" in hrefs
    assert any("geonames.org" in h for h in hrefs)
    assert HEADLINE in page.xpath("string(//ul[@class='articles'])")
    codes = page.xpath("//dl[@class='facts']//code/text()")
    assert codes[:2] == ["TR", "TUR"]


def test_stance_page_shows_the_sentence_in_context_and_provenance(pages) -> None:
    article = parse(pages.get(article_path(pages)))
    stance_link = article.xpath("//tr[td[1]/a='Türkiye']//a[contains(@href,'/doc/stance/')]"
                                "/@href")[0]
    page = parse(pages.get(stance_link))
    title = " ".join(page.xpath("string(//h1)").split())
    assert title == "Türkiye → support → Ukraine"
    assert page.xpath("string(//blockquote//mark)") == SUPPORT
    assert "Siyamak Kakaei said that" in page.xpath("string(//blockquote)")
    facts = page.xpath("string(//dl[@class='facts'])")
    for expected in ("stancegraph-rules", "0.1.0", "clause:support-verb", "0.85",
                     "Siyamak Kakaei", HEADLINE):
        assert expected in facts


def test_organization_page_shows_stances_it_holds(pages) -> None:
    page = parse(pages.get("/doc/organization/q7184.html"))
    assert page.xpath("string(//h1)") == "NATO"
    assert page.xpath("string(//section[h2='Stances held']//td[3])") == "Türkiye"


def test_unknown_resource_is_404(pages) -> None:
    assert pages.get("/doc/country/zz.html").status_code == 404
    assert pages.get("/doc/widget/tr.html").status_code == 404


def test_lists_page_through_rows_with_next_and_prev_links(store: EmbeddedStore) -> None:
    extractions = [seed_extraction(f"Interview number {n}", BODY) for n in range(5)]
    store_extractions(store, *extractions)
    client = make_app(store, PAGE_SIZE=2).test_client()
    seen: list[str] = []
    url: str | None = "/articles"
    while url:
        page = parse(client.get(url if url.startswith("/") else "/articles" + url))
        seen += page.xpath("//tbody//td[1]/a/text()")
        prev = page.xpath("//a[@rel='prev']/@href")
        assert bool(prev) == (len(seen) > 2)
        nxt = page.xpath("//a[@rel='next']/@href")
        url = nxt[0] if nxt else None
    assert sorted(seen) == sorted(f"Interview number {n}" for n in range(5))


def test_stances_list_filters_by_polarity_and_country(pages) -> None:
    def holders_and_polarities(query: str) -> list[tuple[str, str]]:
        page = parse(pages.get("/stances" + query))
        return [(row.xpath("string(td[1])"), row.xpath("string(td[2])"))
                for row in page.xpath("//table[@class='stances']/tbody/tr")]

    assert len(holders_and_polarities("")) == 4
    assert {p for _, p in holders_and_polarities("?polarity=oppose")} == {"oppose"}
    assert len(holders_and_polarities("?polarity=oppose")) == 2
    assert len(holders_and_polarities("?country=ua")) == 2
    assert holders_and_polarities("?country=ua&polarity=support") == [("Türkiye", "support")]
    assert pages.get("/stances?polarity=maybe").status_code == 400


def test_experts_and_countries_lists(pages) -> None:
    experts = parse(pages.get("/experts"))
    assert experts.xpath("//tbody//td[1]/a/text()") == ["Siyamak Kakaei"]
    countries = parse(pages.get("/countries"))
    first = countries.xpath("//tbody/tr[1]/td[1]/a/text()")[0]
    assert first in ("Türkiye", "Russia", "Ukraine")
    assert len(countries.xpath("//tbody/tr")) == 50  # PAGE_SIZE of the ~250 countries
    assert countries.xpath("//a[@rel='next']")


def test_list_pages_offer_their_data_as_json_csv_and_sparql_results(pages) -> None:
    response = pages.get("/articles?page=1")
    links = {link.params["type"]: link.url for link in _links(response.headers["Link"])}
    assert set(links) == {"application/json", "text/csv", "application/sparql-results+json"}
    assert links["application/json"] == BASE + "articles.json?page=1"
    assert links["text/csv"] == BASE + "articles.csv?page=1"


def test_pages_answer_conditional_requests_with_304(pages) -> None:
    first = pages.get("/countries")
    assert first.headers.get("ETag")
    again = pages.get("/countries", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_pages_work_without_javascript(pages) -> None:
    for path in ("/", article_path(pages), "/doc/country/tr.html", "/stances"):
        page = parse(pages.get(path))
        for script in page.xpath("//script"):  # JSON-LD data, or our own deferred files
            assert script.get("type") == "application/ld+json" or (
                script.get("src", "").startswith("/static/") and script.get("defer") is not None)
        for drawn in page.xpath("//div[@data-picture]"):  # pictures drawn by a script...
            assert drawn.get("role") == "img" and drawn.get("aria-label"), path
        for figure in page.xpath("//figure[div[@data-picture='network']]"):
            assert figure.xpath(".//details[@open]//table//tbody/tr"), path  # ...have a table


def test_highlight_nests_identical_spans_and_splits_crossing_ones() -> None:
    text = "abcdefghij"
    a, b, c = Span(0, 6, "mark", "a"), Span(4, 10, "mark", "b"), Span(0, 6, "mark", "c")
    tokens = highlight(text, [a, b, c])
    rendered = "".join(
        t.text if t.kind == "text" else
        (f"<{t.span.name}{'!' if t.first else ''}>" if t.kind == "open" else
         f"</{t.span.name}>") for t in tokens)
    assert rendered == "<a!><c!>abcd<b!>ef</b></c></a><b>ghij</b>"


def test_highlight_ignores_spans_outside_the_text() -> None:
    tokens = highlight("abc", [Span(2, 9, "mark", "x"), Span(-1, 2, "mark", "y")])
    assert [t.kind for t in tokens] == ["text"]


def test_paragraph_around_cuts_the_enclosing_paragraph() -> None:
    start = BODY.index(SUPPORT)
    paragraph, offset = paragraph_around(BODY, start, start + len(SUPPORT))
    assert paragraph.startswith("Siyamak Kakaei said") and paragraph.endswith("drone deals.")
    assert paragraph[start - offset:start - offset + len(SUPPORT)] == SUPPORT


def test_every_sample_resource_renders(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    client = make_app(sample_store).test_client()
    rows = sample_store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "
                              f'"{BASE}id/")) }}')
    paths = {str(r["s"].value).removeprefix(BASE + "id/") for r in rows}
    kinds = {"article", "expert", "person", "country", "organization", "stance", "topic"}
    checked = 0
    for path in sorted(paths):
        if path.split("/")[0] in kinds and (not path.startswith("country/") or checked < 400):
            response = client.get(f"/doc/{path}.html")
            assert response.status_code == 200, path
            checked += 1
    assert checked


def test_a_teaser_known_only_by_its_headline_shows_its_abstract(pages) -> None:
    article = parse(pages.get(article_path(pages)))
    (related,) = article.xpath("//section[h2='Related articles']//a/@href")
    page = parse(pages.get(related))
    assert page.xpath("string(//h1)") == "Erdogan’s Motives in Syria"
    assert page.xpath("string(//p[@class='abstract'])") == "An abstract."
    assert not page.xpath("//div[@id='body']")
