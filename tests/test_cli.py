"""The `kg` command line: each command through click's runner, and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(*args: str, store: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def test_ingest_prints_a_line_per_article_and_a_summary(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(SAMPLES), store=tmp_path / "s")
    assert code == 0
    assert out.count("stored ") >= 15
    assert "0 rejected, 0 unreadable" in out.splitlines()[-1]


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
