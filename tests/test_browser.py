"""Pages in a real browser: Debian's Chromium driven by Playwright, against a running `kg serve`.

scripts/setup-browser.sh installs Chromium; Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections import Counter

import pytest

KG = "https://w3id.org/stancegraph/vocab#"


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh page that fails the test on any JavaScript dialog."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()
    assert not dialogs, f"a page opened dialogs: {dialogs}"


def select(server_url: str, query: str) -> list[dict[str, str]]:
    """Ask the live server's SPARQL endpoint and return plain rows."""
    url = server_url + "sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.load(response)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def stances_by_article(server_url: str) -> dict[str, dict[str, str]]:
    """Every stance's evidence text, grouped by the article stating it."""
    rows = select(server_url, f"SELECT ?s ?a ?text WHERE {{ ?s <{KG}statedIn> ?a ; "
                              f"<{KG}evidenceText> ?text }}")
    grouped: dict[str, dict[str, str]] = {}
    for row in rows:
        grouped.setdefault(row["a"], {})[row["s"]] = row["text"]
    return grouped


def test_article_page_highlights_each_stances_evidence(live_server, page, tmp_path) -> None:
    grouped = stances_by_article(live_server.url)
    article = max(grouped, key=lambda a: len(grouped[a]))
    page.goto(article)  # the IRI itself: a browser's Accept gets 303 to the HTML document
    assert re.search(r"/doc/article/[^/]+\.html$", page.url)
    for stance, evidence in grouped[article].items():
        key = stance.rsplit("/", 1)[-1]
        pieces = page.locator(f'#body mark[data-stance="{key}"]').all_text_contents()
        # Overlapping evidence is split into pieces; together they are the sentence.
        assert "".join(pieces) == evidence, key
        assert page.locator(f"#stance-{key}").count() == 1
    background = page.locator("#body mark").first.evaluate(
        "mark => getComputedStyle(mark).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet was served
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)


def test_following_a_country_link_opens_the_country_page(live_server, page) -> None:
    grouped = stances_by_article(live_server.url)
    article = max(grouped, key=lambda a: len(grouped[a]))
    page.goto(article)
    mention = page.locator("#body a.mention").first
    href = mention.get_attribute("href")
    assert href and (code := re.search(r"/doc/country/([a-z]{2})\.html$", href))
    mention.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@id"] == f"{live_server.url}id/country/{code.group(1)}"
    assert page.locator("h1").inner_text() == data["name"]
    assert page.locator("section.by-polarity").count() == 2


def test_query_editor_runs_a_query_and_shows_results(live_server, page) -> None:
    """The editor at /sparql: YASGUI (CodeMirror + its run button) or a textarea form."""
    country = f"{live_server.url}id/country/tr"
    query = f"SELECT ?code WHERE {{ <{country}> <{KG}iso3166Alpha2> ?code }}"
    page.goto(live_server.url + "sparql")
    page.wait_for_load_state("networkidle")
    if page.locator('script[src*="vendor/yasgui"]').count():
        # YASGUI is installed: it must run (CSP, no CDN), not silently leave the plain form.
        page.locator(".yasqe .CodeMirror").first.wait_for(timeout=15_000)
    if page.locator(".yasqe .CodeMirror").count():
        page.evaluate("q => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(q)",
                      query)
        page.locator(".yasqe_queryButton").click()
    elif page.locator("textarea[name=query]").count():
        page.locator("textarea[name=query]").fill(query)
        page.locator("form:has(textarea[name=query]) [type=submit]").first.click()
    else:
        pytest.fail("no query editor at /sparql: expected YASGUI (.yasqe .CodeMirror and "
                    ".yasqe_queryButton) or a form with textarea[name=query] and a submit button")
    cell = page.locator("table td", has_text=re.compile(r"^\W*TR\W*$"))
    cell.first.wait_for(timeout=15_000)
    assert Counter(t.strip(' "') for t in cell.all_inner_texts())["TR"] >= 1
