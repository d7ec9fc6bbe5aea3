"""An article whose text carries script and event-handler payloads renders inert on every page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BASE, make_app
from flask import Flask
from lxml import html as lxml_html

from kg.pipeline.ingest import Pipeline
from kg.store import EmbeddedStore

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
CLOSE = "</script>"
HEADLINE = f"Ankara {SCRIPT} and Kyiv {CLOSE}{IMG}"
PUBLISHER = f"Council {IMG} Online"
DESCRIPTION = f"a {IMG} expert on Turkish affairs {CLOSE}{SCRIPT}"
RECORD = {
    "title": HEADLINE,
    "publisher": PUBLISHER,
    "date": "2024-07-10",
    "url": "javascript:alert(document.domain)",
    "body": (f"A researcher of {SCRIPT} studies said that Turkiye supports Ukraine.\n"
             f"Jane Doe, a {IMG} expert on Turkish affairs, told the Strategic Council that "
             f"Russia knows Turkiye has close relations with Ukraine and supports this country "
             f"{CLOSE}{SCRIPT}.\n"
             f"Doe added that Russia strongly opposed the drone deals with Ukraine {IMG}."),
}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture
def hostile_store(store: EmbeddedStore, tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A fresh store holding the hostile article, ingested from a .json record."""
    record = tmp_path / "hostile.json"
    record.write_text(json.dumps(RECORD), encoding="utf-8")
    outcomes = list(Pipeline(BASE, store).run([record]))
    assert [o.status for o in outcomes] == ["stored"], [o.messages for o in outcomes]
    # Whatever descriptions the extractor read, give the expert one that carries payloads too.
    store.update(f"""PREFIX schema: <https://schema.org/>
        INSERT {{ GRAPH ?g {{ ?e schema:description {json.dumps(DESCRIPTION)} }} }}
        WHERE {{ GRAPH ?g {{ ?a schema:headline ?h . ?a ?role ?e }}
                 GRAPH ?own {{ ?e a <https://w3id.org/stancegraph/vocab#Expert> }} }}""")
    yield store


@pytest.fixture
def hostile_app(hostile_store: EmbeddedStore) -> Flask:
    """The application over the hostile store."""
    return make_app(hostile_store)


def page_paths(store: EmbeddedStore) -> list[str]:
    """Every page that shows a value of the hostile article."""
    rows = store.query(f"""SELECT DISTINCT ?x WHERE {{
        ?x ?p ?o FILTER(STRSTARTS(STR(?x), "{BASE}id/"))
        FILTER(!STRSTARTS(STR(?x), "{BASE}id/country/") || EXISTS {{ ?a ?m ?x }})
        FILTER(!STRSTARTS(STR(?x), "{BASE}id/activity/")) }}""")
    things = sorted(str(r["x"].value).removeprefix(BASE + "id/") for r in rows)
    assert any(t.startswith("article/") for t in things)
    assert any(t.startswith("expert/") for t in things)
    assert any(t.startswith("stance/") for t in things)
    assert any(t.startswith("organization/") for t in things)
    return ["/", "/articles", "/experts", "/stances", "/countries", "/network",
            *(f"/doc/{t}.html" for t in things)]


def assert_inert(document: lxml_html.HtmlElement, where: str) -> None:
    """No injected element or handler: the only scripts are the page's own JSON-LD and files."""
    for script in document.iter("script"):
        if script.get("src"):  # our own picture scripts, which set text, never markup
            assert script.get("src").startswith("/static/") and not script.text, where
            continue
        assert script.get("type") == "application/ld+json", where
        json.loads(script.text)  # the whole JSON-LD survived: '</script>' did not end it
    assert not list(document.iter("img")), where
    handlers = [(el.tag, name) for el in document.iter() if isinstance(el.tag, str)
                for name in el.attrib if name.lower().startswith("on")]
    assert not handlers, where


def test_payloads_are_escaped_in_every_page(hostile_app: Flask,
                                            hostile_store: EmbeddedStore) -> None:
    client = hostile_app.test_client()
    shown: set[str] = set()
    for path in page_paths(hostile_store):
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        document = lxml_html.fromstring(text)
        assert_inert(document, path)
        shown |= {value for value in (HEADLINE, PUBLISHER, DESCRIPTION)
                  if value in document.text_content()}
        if path.startswith("/doc/article/"):
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
            assert "&lt;img src=x onerror=alert(1)&gt;" in text
    # Each payload-carrying value reached some page as text, so escaping was really tested.
    assert shown == {HEADLINE, PUBLISHER, DESCRIPTION}


def test_jsonld_keeps_payloads_as_data(hostile_app: Flask, hostile_store: EmbeddedStore) -> None:
    client = hostile_app.test_client()
    article = next(p for p in page_paths(hostile_store) if p.startswith("/doc/article/"))
    document = lxml_html.fromstring(client.get(article).get_data(as_text=True))
    (script,) = document.xpath('//script[@type="application/ld+json"]')
    assert "</script" not in script.text.lower()
    assert json.loads(script.text)["headline"] == HEADLINE


def test_payloads_do_nothing_in_chromium(hostile_app: Flask, hostile_store: EmbeddedStore) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run scripts/setup-browser.sh as root")
    from playwright.sync_api import Route, sync_playwright

    client = hostile_app.test_client()

    def serve(route: Route) -> None:
        """Answer the browser from the application in this process, as a server would."""
        url = route.request.url
        with client.get(url.removeprefix(BASE.rstrip("/")),
                        headers={"Accept": route.request.headers.get("accept", "*/*")}
                        ) as response:  # closing it closes static files it streamed
            route.fulfill(status=response.status_code, body=response.get_data(),
                          headers={k: v for k, v in response.headers.items()
                                   if k.lower() != "content-length"})

    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.route("**/*", serve)
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in page_paths(hostile_store):
                page.goto(BASE.rstrip("/") + path)
                page.wait_for_load_state("load")
                assert page.locator("img, [onerror], [onload]").count() == 0, path
                scripts = page.eval_on_selector_all(
                    "script", "els => els.map(e => e.getAttribute('src') || e.type)")
                assert all(s == "application/ld+json" or s.startswith("/static/")
                           for s in scripts), path
                if path.startswith("/doc/article/"):
                    assert page.locator("h1").inner_text() == HEADLINE
                    assert SCRIPT in page.locator("#body").inner_text()
        finally:
            browser.close()
    assert not dialogs, dialogs


def test_no_link_runs_script(hostile_app: Flask, hostile_store: EmbeddedStore) -> None:
    """`javascript:` IRIs, from an article or from a query, never become a live href."""
    client = hostile_app.test_client()
    query = 'SELECT ?x WHERE { BIND(IRI("javascript:alert(document.domain)") AS ?x) }'
    pages = [client.get("/sparql", query_string={"query": query},
                        headers={"Accept": "text/html"})]
    pages += [client.get(path, headers={"Accept": "text/html"})
              for path in page_paths(hostile_store)]
    for response in pages:
        assert response.status_code == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        document = lxml_html.fromstring(response.get_data(as_text=True))
        hrefs = [a.get("href", "") for a in document.iter("a")]
        assert hrefs and not [h for h in hrefs if h.strip().lower().startswith(
            ("javascript:", "data:", "vbscript:"))], response.request.path
