"""/sparql on the real server (`kg serve`: gunicorn over Oxigraph's server) with SPARQLWrapper.

Every result format is asked for by GET and by POST and parsed back; the time limit is tested
with a deliberately expensive query while other requests keep being served.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import fetch
from SPARQLWrapper import CSV, GET, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from kg.examples import EXAMPLES

pytestmark = [pytest.mark.server, pytest.mark.slow]

KG = "https://w3id.org/stancegraph/vocab#"
SELECT_HEADLINES = ("PREFIX schema: <https://schema.org/> SELECT DISTINCT ?article ?headline "
                    "WHERE { ?article schema:headline ?headline }")
KNOWN_HEADLINE = "Serbia, Kosovo and the Limits of European Mediation"
CONSTRUCT_STANCES = (f"PREFIX kg: <{KG}> CONSTRUCT {{ ?s a kg:Stance ; kg:polarity ?p }} "
                     "WHERE { ?s a kg:Stance ; kg:polarity ?p }")
RESULTS = {JSON: ox.QueryResultsFormat.JSON, XML: ox.QueryResultsFormat.XML,
           TSV: ox.QueryResultsFormat.TSV}
GRAPHS = {TURTLE: ox.RdfFormat.TURTLE, JSONLD: ox.RdfFormat.JSON_LD,
          RDFXML: ox.RdfFormat.RDF_XML}
# A cross product of every triple with every triple, three times over, then counted: far past
# any time limit, and Oxigraph's server can stop it (it cannot stop a sort).
# Past the live server's 5 s limit, yet finite (~15 s here): the store runs a blocking query to
# its end after the web tier gave up, and this one must not keep a core busy for the suite.
_PAIRS = "{ ?a ?b ?c . ?d ?e ?f FILTER(?b != ?e) }"
EXPENSIVE = f"SELECT (COUNT(*) AS ?n) WHERE {{ {_PAIRS} UNION {_PAIRS} }}"
QUICK = f"PREFIX kg: <{KG}> ASK {{ ?s a kg:Stance }}"


def client(server, method: str, return_format: str) -> SPARQLWrapper:  # type: ignore[no-untyped-def]
    """A SPARQLWrapper on the live endpoint, as a researcher would set it up."""
    wrapper = SPARQLWrapper(server.url + "sparql")
    wrapper.setMethod(method)
    wrapper.setReturnFormat(return_format)
    return wrapper


def raw(wrapper: SPARQLWrapper, query: str) -> tuple[str, bytes]:
    """Send a query; return the answer's media type and body."""
    wrapper.setQuery(query)
    response = wrapper.query().response
    return response.headers["Content-Type"].split(";")[0], response.read()


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_select_in_every_results_format(live_server, method: str, return_format: str) -> None:
    media_type, body = raw(client(live_server, method, return_format), SELECT_HEADLINES)
    if return_format == CSV:
        assert media_type == "text/csv"
        headlines = {row["headline"] for row in csv.DictReader(io.StringIO(body.decode()))}
    else:
        result = ox.parse_query_results(body, RESULTS[return_format])
        headlines = {row["headline"].value for row in result}
    assert KNOWN_HEADLINE in headlines


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("return_format", [TURTLE, JSONLD, RDFXML, "n-triples"])
def test_construct_in_every_rdf_format(live_server, method: str, return_format: str) -> None:
    if return_format == "n-triples":
        wrapper = client(live_server, method, TURTLE)
        wrapper.setOnlyConneg(True)
        wrapper.addCustomHttpHeader("Accept", "application/n-triples")
        fmt = ox.RdfFormat.N_TRIPLES
    else:
        wrapper = client(live_server, method, return_format)
        fmt = GRAPHS[return_format]
    media_type, body = raw(wrapper, CONSTRUCT_STANCES)
    assert media_type == fmt.media_type
    triples = [q.triple for q in ox.parse(body, fmt)]
    stances = {t.subject for t in triples
               if t.predicate.value.endswith("#type") and t.object == ox.NamedNode(KG + "Stance")}
    assert len(stances) > 0
    polarities = {t.object for t in triples if t.predicate == ox.NamedNode(KG + "polarity")}
    assert polarities <= {ox.NamedNode(KG + name) for name in ("Support", "Oppose", "Neutral")}


def test_ask_by_sparqlwrapper(live_server) -> None:
    result = client(live_server, GET, JSON)
    result.setQuery(QUICK)
    assert result.query().convert()["boolean"] is True


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_examples_answer_on_the_live_server(live_server, example) -> None:
    media_type, body = raw(client(live_server, POST, JSON), example.sparql)
    assert list(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))


def test_a_bad_query_gets_400_from_the_live_server(live_server) -> None:
    status, _, body = fetch(live_server.url + "sparql?query="
                            + urllib.parse.quote("SELECT * WHERE { ?s ?p"), Accept="text/plain")
    assert status == 400
    assert body


def test_the_editor_page_serves_yasgui_from_our_own_static_files(live_server) -> None:
    status, _, page = fetch(live_server.url + "sparql", Accept="text/html")
    assert status == 200
    text = page.decode()
    assert "cdn" not in text.lower()
    if "vendor/yasgui/yasgui.min.js" not in text:
        pytest.skip("YASGUI is not installed (scripts/setup-frontend.sh); the page is a form")
    status, headers, script = fetch(live_server.url + "static/vendor/yasgui/yasgui.min.js")
    assert status == 200
    assert len(script) > 100_000


def test_an_expensive_query_is_stopped_and_others_are_served_meanwhile(live_server) -> None:
    outcome: dict[str, object] = {}

    def expensive() -> None:
        started = time.monotonic()
        outcome["answer"] = fetch(live_server.url + "sparql?query="
                                  + urllib.parse.quote(EXPENSIVE), Accept="text/plain")
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=expensive)
    thread.start()
    quick_answers = []
    time.sleep(0.5)
    while thread.is_alive():
        status, _, body = fetch(live_server.url + "sparql?query=" + urllib.parse.quote(QUICK),
                                Accept="application/sparql-results+json")
        quick_answers.append((status, body))
        time.sleep(0.3)
    thread.join()
    status, headers, body = outcome["answer"]  # type: ignore[misc]
    assert status == 503, body
    message = body.decode()
    assert "time limit" in message and "QUERY_TIMEOUT" in message
    assert headers.get("Retry-After")
    # Other requests were answered while the expensive query ran…
    assert quick_answers
    assert all(status == 200 and b"true" in body for status, body in quick_answers)
    # …and the workers are free again afterwards.
    status, _, body = fetch(live_server.url + "sparql?query=" + urllib.parse.quote(QUICK),
                            Accept="application/sparql-results+json")
    assert status == 200 and b"true" in body


@pytest.mark.parametrize("update", ["DROP ALL", "INSERT DATA { <http://x/a> <http://x/b> 1 }"])
def test_an_update_sent_as_a_query_changes_nothing_without_the_token(live_server,
                                                                      update: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def quads() -> int:
        status, _, body = fetch(live_server.url + "sparql?" + urllib.parse.urlencode(
            {"query": count}), Accept="application/sparql-results+json")
        assert status == 200
        [row] = list(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
        return int(row["n"].value)

    before = quads()
    status, _, _ = fetch(live_server.url + "sparql?" + urllib.parse.urlencode({"query": update}))
    assert status == 400
    assert quads() == before


def test_a_federated_query_is_refused(live_server) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = fetch(live_server.url + "sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 400 and b"SERVICE" in body


TRY_IT = re.compile(r"^Try it[^\n]*:\n\n```sh\n(.*?)```", re.MULTILINE | re.DOTALL)


def readme_try_it_blocks() -> list[str]:
    """The README's shell examples a user runs beside `make run`: every "Try it" block."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return TRY_IT.findall(readme)


def run_as_a_user_would(script: str, live_server, folder: Path) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    """Run README lines verbatim in a checkout-like folder whose ./data/store is served.

    Only the host and port change; `.venv/bin/kg` is the test environment's; curl fails on
    any 4xx or 5xx answer, and so does the whole block (bash -e, pipefail).
    """
    (folder / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    kg = folder / ".venv" / "bin" / "kg"
    if not kg.exists():
        kg.symlink_to(Path(sys.executable).parent / "kg")
        (folder / "data").symlink_to(live_server.store_dir.parent)
    script = script.replace("http://127.0.0.1:5000/", live_server.url)
    prelude = 'curl() { command curl --fail-with-body "$@"; }\n'
    return subprocess.run(["bash", "-euo", "pipefail", "-c", prelude + script], cwd=folder,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.server
def test_the_readme_has_try_it_examples_for_queries_documents_dumps_and_backups() -> None:
    blocks = readme_try_it_blocks()
    text = "\n".join(blocks)
    assert len(blocks) >= 2
    for needed in ("/sparql", "/id/", "/dumps/", "kg query", "kg backup", "kg restore"):
        assert needed in text


@pytest.mark.server
def test_the_readmes_try_it_examples_work_against_a_live_server(live_server,
                                                                 tmp_path: Path) -> None:
    first, *others = readme_try_it_blocks()
    done = run_as_a_user_would(first, live_server, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "QuerySyntaxError" not in done.stdout
    assert '"stances"' in done.stdout or "<variable name=\"stances\"" in done.stdout
    assert re.search(r"HTTP/1\.[01] 303 ", done.stdout)  # the 303 to the document
    assert '"@id"' in done.stdout  # the JSON-LD document the 303 led to
    # The dump's quad count (after the JSON-LD, which ends with no newline), then kg query's
    # answer read through the server.
    counted = re.search(r"(\d+)\n\?experts\n(\d+)\n$", done.stdout)
    assert counted and int(counted[1]) > 1000 and int(counted[2]) > 0, done.stdout[-300:]
    for block in others:
        done = run_as_a_user_would(block, live_server, tmp_path)
        assert done.returncode == 0, f"{block}\n{done.stderr}"
        assert "error" not in (done.stdout + done.stderr).lower()
