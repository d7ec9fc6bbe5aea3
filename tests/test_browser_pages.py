"""Every page kind in Chromium: pictures drawn with the counts SPARQL gives, filters that change
the URL and the data, keyboard use, no sideways scroll at 390 px, and no serious or critical
axe-core violation. Screenshots of each page kind at both widths go to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from test_browser import select

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "pages"
KG = "https://w3id.org/stancegraph/vocab#"
PREFIXES = f"PREFIX kg: <{KG}> PREFIX schema: <https://schema.org/> "


def open_page(browser, width: int = 1200):  # type: ignore[no-untyped-def]
    """A fresh tab that records script errors; CSP is bypassed only to inject axe-core."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    tab.script_errors = []
    tab.on("pageerror", lambda error: tab.script_errors.append(str(error)))
    return tab


def page_kinds(server_url: str) -> dict[str, str]:
    """One path of every kind of page, each of a thing that has stances where it can."""
    def first(pattern: str) -> str:
        (row,) = select(server_url, PREFIXES + f"SELECT ?x WHERE {{ {pattern} }} "
                                               "GROUP BY ?x ORDER BY DESC(COUNT(*)) ?x LIMIT 1")
        return "/doc/" + row["x"].removeprefix(server_url + "id/") + ".html"

    return {
        "home": "/", "articles": "/articles", "experts": "/experts", "countries": "/countries",
        "stances": "/stances", "search": "/search?q=serbia", "network": "/network",
        "article": first("?s kg:statedIn ?x"),
        "expert": first("?s <http://www.w3.org/ns/prov#wasAttributedTo> ?x"),
        "country": first("?s kg:target ?x . ?x a kg:Country"),
        "stance": first("?x a kg:Stance"),
        "organization": first("?x a schema:Organization ; schema:name ?n"),
    }


def drawn(tab, path: str, server_url: str) -> None:  # type: ignore[no-untyped-def]
    """Open a page and wait until every picture on it is drawn."""
    tab.goto(server_url.rstrip("/") + path)
    tab.wait_for_load_state("networkidle")
    tab.wait_for_function("[...document.querySelectorAll('div[data-picture]')]"
                          ".every(e => e.dataset.drawn)", timeout=15000)
    assert tab.locator("div[data-picture][data-drawn='failed']").count() == 0, path
    assert not tab.script_errors, (path, tab.script_errors)


def count(server_url: str, pattern: str) -> int:
    """Count stances matching a pattern through the live server's SPARQL endpoint."""
    (row,) = select(server_url, PREFIXES + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { "
                                           f"?s a kg:Stance ; kg:holder ?h ; kg:target ?t . "
                                           f"{pattern} }}")
    return int(row["n"])


def edge_total(tab) -> int:  # type: ignore[no-untyped-def]
    """Add up the stance counts the drawn network's arrows carry."""
    return int(tab.eval_on_selector_all(
        "svg.network-svg line.edge", "els => els.reduce((n, e) => n + +e.dataset.count, 0)"))


def test_the_network_draws_as_many_stances_as_sparql_counts(live_server, browser) -> None:
    tab = open_page(browser)
    drawn(tab, "/network", live_server.url)
    assert edge_total(tab) == count(live_server.url, "")
    country = page_kinds(live_server.url)["country"]
    iri = live_server.url + country.removeprefix("/doc/").removesuffix(".html").replace(
        "country/", "id/country/", 1)
    drawn(tab, country, live_server.url)
    assert edge_total(tab) == count(live_server.url,
                                    f"{{ ?s kg:holder <{iri}> }} UNION {{ ?s kg:target <{iri}> }}")
    tab.context.close()


def test_the_maps_colour_countries_by_the_counts_sparql_gives(live_server, browser) -> None:
    tab = open_page(browser)
    drawn(tab, "/", live_server.url)
    shaded = tab.eval_on_selector_all(
        "div[data-picture='choropleth'] path[data-count]:not([data-count='0'])",
        "els => Object.fromEntries(els.map(e => [e.dataset.numeric, +e.dataset.count]))")
    rows = select(live_server.url, PREFIXES + """
        SELECT ?numeric (COUNT(*) AS ?n) WHERE {
          { ?s kg:holder ?c } UNION { ?s kg:target ?c }
          ?c a kg:Country ; kg:iso3166Numeric ?numeric } GROUP BY ?numeric""")
    expected = {r["numeric"]: int(r["n"]) for r in rows}
    assert shaded and shaded == {k: v for k, v in expected.items() if k in shaded}
    assert len(shaded) >= len(expected) - 2  # Kosovo and tiny states have no 110m shape
    # A country's map: others by their stances toward it, then (a button) by its own.
    country = page_kinds(live_server.url)["country"]
    drawn(tab, country, live_server.url)
    toward = tab.eval_on_selector_all("div[data-picture='map'] path[data-polarity]:not("
                                      "[data-polarity=''])", "els => els.length")
    assert toward > 0
    tab.get_by_role("button", name="’s stances toward them").click()
    assert tab.get_attribute("div[data-picture='map']", "data-mode") == "from"
    pressed = tab.eval_on_selector_all(".map-modes button", "els => els.map(e => e.ariaPressed)")
    assert pressed == ["false", "true"]
    tab.context.close()


def test_filters_change_the_url_and_the_data(live_server, browser) -> None:
    tab = open_page(browser)
    tab.goto(live_server.url + "stances")
    with tab.expect_navigation():
        tab.locator("section[data-facet='polarity'] a", has_text="oppose").click()
    assert parse_qs(urlsplit(tab.url).query) == {"polarity": ["oppose"]}
    polarities = tab.locator("table.stances tbody tr").evaluate_all(
        "rows => rows.map(r => r.className)")
    assert set(polarities) == {"oppose"}
    # The network's form: choose a polarity, submit, and the picture redraws with it.
    tab.goto(live_server.url + "network")
    tab.locator("details.filters-box summary").click()
    tab.select_option("details.filters-box select[name='polarity']", "support")
    with tab.expect_navigation():
        tab.locator("details.filters-box button[type='submit']").click()
    assert parse_qs(urlsplit(tab.url).query)["polarity"] == ["support"]
    drawn(tab, urlsplit(tab.url).path + "?" + urlsplit(tab.url).query, live_server.url)
    assert set(tab.eval_on_selector_all("line.edge", "els => els.map(e => e.dataset.polarity)")
               ) == {"support"}
    assert edge_total(tab) == count(live_server.url, "?s kg:polarity kg:Support")
    tab.context.close()


def test_every_page_kind_works_from_the_keyboard(live_server, browser) -> None:
    tab = open_page(browser)
    for kind, path in page_kinds(live_server.url).items():
        drawn(tab, path, live_server.url)
        reached_main = False
        for _ in range(40):
            tab.keyboard.press("Tab")
            focus = tab.evaluate("""() => { const e = document.activeElement;
                const r = e.getBoundingClientRect();
                return {tag: e.tagName, main: !!e.closest('main'),
                        seen: r.width > 0 && r.height > 0}; }""")
            if focus["tag"] == "BODY":  # past the last control, focus leaves the page
                break
            assert focus["seen"], (kind, focus)  # nothing focusable is invisible
            reached_main |= focus["main"]
        assert reached_main, kind
    # Enter on a focused link follows it.
    tab.goto(live_server.url + "stances")
    tab.locator("section[data-facet='polarity'] a").first.focus()
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert "polarity=" in tab.url
    tab.context.close()


@pytest.mark.parametrize("width", [390, 1200])
def test_no_page_scrolls_sideways_and_axe_finds_nothing_serious(live_server, browser,
                                                                width: int) -> None:
    if not AXE.exists():
        pytest.skip(f"{AXE} is absent: run scripts/setup-frontend.sh")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab = open_page(browser, width)
    problems: dict[str, list[str]] = {}
    for kind, path in page_kinds(live_server.url).items():
        drawn(tab, path, live_server.url)
        tab.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (kind, scroll)
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate("""async () => (await axe.run(document,
            {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
        if violations:
            problems[kind] = violations
    assert not problems, problems
    tab.context.close()
