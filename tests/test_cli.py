"""The `kg` command line: each command through click's runner, and once as a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli, hoist_global_options

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(*args: str, store: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def test_ingest_prints_a_line_per_article_and_a_summary(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(SAMPLES), store=tmp_path / "s")
    assert code == 0
    assert out.count("stored ") >= 15
    assert "0 rejected, 0 unreadable" in out.splitlines()[-1]


@pytest.mark.parametrize("args, expected", [
    (["ingest", "--store", "s", "f.txt"], ["--store", "s", "ingest", "f.txt"]),
    (["query", "--store=s", "--base-uri", "http://x/", "ASK {}"],
     ["--store=s", "--base-uri", "http://x/", "query", "ASK {}"]),
    (["--store", "s", "export"], ["--store", "s", "export"]),
    (["query", "--", "--store"], ["query", "--", "--store"]),
])
def test_store_and_base_uri_may_follow_the_command(args: list[str], expected: list[str]) -> None:
    assert hoist_global_options(args) == expected


def test_every_command_accepts_the_store_after_its_name(tmp_path: Path) -> None:
    store = str(tmp_path / "after")
    sample = str(SAMPLES / "012-poultry-tariffs.json")
    ingested = CliRunner().invoke(cli, ["ingest", "--store", store, sample])
    assert ingested.exit_code == 0, ingested.output
    counted = CliRunner().invoke(cli, ["query", "--store", store, "--format", "csv",
                                       "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"])
    assert counted.exit_code == 0 and int(counted.stdout.split()[1]) > 50


def test_query_answers_in_each_results_format(tmp_path: Path) -> None:
    run("ingest", str(SAMPLES), store=tmp_path / "s")
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/stancegraph/vocab#Stance> }"
    code, out, _ = run("query", sparql, "--format", "json", store=tmp_path / "s")
    assert code == 0
    assert int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) > 0
    for fmt, parsed in (("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)):
        code, out, _ = run("query", sparql, "--format", fmt, store=tmp_path / "s")
        assert code == 0
        [row] = list(ox.parse_query_results(out, parsed))  # type: ignore[arg-type]
        assert int(row["n"].value) > 0


def test_construct_answers_in_rdf(tmp_path: Path) -> None:
    run("ingest", str(SAMPLES), store=tmp_path / "s")
    code, out, _ = run("query", "CONSTRUCT WHERE { ?s a <https://schema.org/Country> } LIMIT 5",
                       "--format", "ttl", store=tmp_path / "s")
    assert code == 0 and len(Graph().parse(data=out, format="turtle")) == 5


def test_a_bad_query_exits_2_with_the_parsers_message(tmp_path: Path) -> None:
    code, _, err = run("query", "SELEC ?x", store=tmp_path / "s")
    assert code == 2 and err.startswith("error: ") and "\n" == err[-1] and err.count("\n") == 1


def test_export_writes_every_quad(tmp_path: Path) -> None:
    run("ingest", str(SAMPLES), store=tmp_path / "s")
    dump = tmp_path / "dump.nq"
    assert run("export", "--format", "nq", "-o", str(dump), store=tmp_path / "s")[0] == 0
    quads = list(ox.parse(dump.read_bytes(), ox.RdfFormat.N_QUADS))
    assert len(quads) > 1000 and any(q.graph_name.value.endswith("/graph/countries") for q in quads)


def test_a_rejected_article_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"title": "Untitled", "body": ""}))
    code, _, err = run("validate", str(bad), store=tmp_path / "s")
    assert code == 1 and "bad.json" in err


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "nope.txt"), store=tmp_path / "s")
    assert code == 2 and "nope.txt" in err


def test_the_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    kg = Path(sys.executable).parent / "kg"
    done = subprocess.run([str(kg), "--store", str(tmp_path / "s"), "ingest",
                           str(SAMPLES / sorted(p.name for p in SAMPLES.glob("*.txt"))[0])],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 stored, 0 rejected" in done.stdout
    done = subprocess.run([str(kg), "--store", str(tmp_path / "s"), "query",
                           "ASK { ?a a <https://schema.org/NewsArticle> }", "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout)["boolean"] is True


def test_serve_hands_its_settings_to_the_workers_without_changing_its_environment() -> None:
    from gunicorn.util import import_app

    from webapp import server

    before = dict(os.environ)
    command = server.gunicorn_command(
        {"STORE": "http://127.0.0.1:9/", "BASE_URI": "http://example.org/kg/"},
        host="127.0.0.1", port=5000, workers=1)
    assert command[-1] == ("webapp:create_app({'STORE': 'http://127.0.0.1:9/', "
                           "'BASE_URI': 'http://example.org/kg/'})")
    app = import_app(command[-1])  # as each gunicorn worker loads it
    assert (app.config["STORE"], app.config["BASE_URI"]) == (
        "http://127.0.0.1:9/", "http://example.org/kg/")
    assert dict(os.environ) == before


def test_serve_stops_its_store_server_and_workers_on_sigterm(tmp_path: Path) -> None:
    from kg.store.server import free_port, serving_marker, wait_until_up

    port = free_port()
    store = tmp_path / "store"
    serve = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "--store", str(store), "serve", "--port", str(port),
         "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", seconds=60)
        store_url = serving_marker(store).read_text(encoding="utf-8").strip()
        serve.send_signal(signal.SIGTERM)  # to kg serve alone, as `kill` would
        assert serve.wait(timeout=30) is not None
    finally:
        serve.kill()
    assert not serving_marker(store).exists()
    for url in (f"http://127.0.0.1:{port}/", f"{store_url}/query?query=ASK%7B%7D"):
        with pytest.raises(OSError):
            urllib.request.urlopen(url, timeout=2)
    assert ox.Store(str(store)) is not None  # the folder is free to open again


def test_validate_runs_on_either_shacl_engine_with_the_same_findings(tmp_path: Path) -> None:
    bad = Path(__file__).parent / "shapes_cases" / "article-bad.ttl"
    findings = {}
    for engine in ("turbo", "pyshacl"):
        code, _, err = run("validate", "--engine", engine, str(bad), store=tmp_path / "s")
        assert code == 1
        # "Violation: <focus> path: message": the engines word their messages differently.
        findings[engine] = sorted(line.split(": ")[:2] for line in err.splitlines()
                                  if line.strip().startswith(("Violation:", "Warning:")))
    assert len(findings["turbo"]) > 10
    assert findings["turbo"] == findings["pyshacl"]
    code, _, err = run("validate", "--engine", "jena", str(bad), store=tmp_path / "s")
    assert code == 2 and "jena" in err
