"""The `kg` command line: ingest, validate, query, export, back up, restore, evaluate, reindex
and serve.

Exit codes: 0 success; 1 an article was rejected or a file was unreadable; 2 bad usage or
a query that does not parse; 3 a query over a limit; 4 the store cannot be opened or reached.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import click
from tqdm import tqdm

from kg import __version__
from kg.errors import KGError, UsageError
from kg.formats import RDF_FORMATS, RESULTS_FORMATS, rdf_format, results_format
from kg.namespaces import DEFAULT_BASE_URI
from kg.pipeline import ENGINES, Engine
from kg.store import DEFAULT_LOCATION, open_store

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


GLOBAL_OPTIONS = ("--store", "--base-uri")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move `--store X` and `--base-uri X` given after the command's name to before it.

    Users write `kg ingest --store DIR FILE` as readily as `kg --store DIR ingest FILE`; both
    mean the same. Nothing after a `--` is touched.
    """
    hoisted: list[str] = []
    rest: list[str] = []
    k = 0
    while k < len(args):
        arg = args[k]
        if arg == "--":
            rest.extend(args[k:])
            break
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS:
            takes_value = "=" not in arg and k + 1 < len(args)
            hoisted.extend(args[k:k + 2] if takes_value else [arg])
            k += 2 if takes_value else 1
            continue
        rest.append(arg)
        k += 1
    return hoisted + rest


class KGGroup(click.Group):
    """Run commands so that every KGError becomes its one-line message and its exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KGError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=KGGroup, context_settings=CONTEXT, epilog=__doc__.split("\n\n", 1)[1] +
             "\n\n--store and --base-uri may come before or after the command's name.")
@click.version_option(__version__, prog_name="kg")
@click.option("--store", "store_location", envvar="KG_STORE", default=DEFAULT_LOCATION,
              show_default=True,
              help="A folder (embedded Oxigraph) or an http(s) SPARQL store URL.")
@click.option("--base-uri", envvar="KG_BASE_URI", default=DEFAULT_BASE_URI, show_default=True,
              help="The base under which every IRI is minted.")
@click.pass_context
def cli(ctx: click.Context, store_location: str, base_uri: str) -> None:
    """Turn expert-interview articles into a validated, published knowledge graph."""
    ctx.obj = {"store": store_location, "base_uri": base_uri}


def _run_pipeline(ctx: click.Context, paths: tuple[str, ...], *, store: bool, jobs: int,
                  engine: Engine) -> None:
    """Ingest or validate, printing one line per article and a summary; exit 1 on any rejection."""
    from kg.pipeline.ingest import Pipeline
    from kg.search import SearchIndex

    files = list(paths)
    for path in files:
        if not Path(path).exists():
            raise UsageError(f"{path}: no such file or folder")
    target = open_store(ctx.obj["store"]) if store else None
    counts: Counter[str] = Counter()
    triples = 0
    try:
        search = SearchIndex.beside(target, ctx.obj["store"]) if target is not None else None
        pipeline = Pipeline(ctx.obj["base_uri"], target, jobs=jobs, engine=engine,
                            search=search)
        outcomes = pipeline.run(files)
        many = len(files) > 1 or any(Path(p).is_dir() for p in files)
        bar = tqdm(outcomes, unit="article", disable=not many or None, file=sys.stderr,
                   leave=False)
        for outcome in bar:
            counts[outcome.status] += 1
            if outcome.status in ("stored", "valid"):
                triples += outcome.triples
                name = outcome.article or ", ".join(outcome.graph_names)
                tqdm.write(f"{outcome.status:<10} {outcome.source} → {name} "
                           f"({outcome.triples} triples)")
                for line in outcome.messages:
                    tqdm.write(f"           {line}")
            else:
                tqdm.write(f"{outcome.status:<10} {outcome.source}", file=sys.stderr)
                for line in outcome.messages:
                    tqdm.write(f"           {line}", file=sys.stderr)
        summary = (f"{counts['stored' if store else 'valid']} {'stored' if store else 'valid'}, "
                   f"{counts['rejected']} rejected, {counts['unreadable']} unreadable; "
                   f"{triples} triples {'written' if store else 'checked'}")
        if target is not None:
            summary += f"; {target.quad_count()} quads in {target.location}"
        click.echo(summary)
    finally:
        if target is not None:
            target.close()
    if counts["rejected"] or counts["unreadable"]:
        sys.exit(1)


JOBS = click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                    show_default="all cores", help="Worker processes that extract and validate.")
ENGINE = click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0],
                      show_default=True,
                      help="SHACL engine: pyshacl-turbo (fast) or pySHACL (the reference).")


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@JOBS
@ENGINE
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], jobs: int, engine: Engine) -> None:
    """Read files or folders, extract, validate and store each article whole or not at all."""
    _run_pipeline(ctx, paths, store=True, jobs=jobs, engine=engine)


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@JOBS
@ENGINE
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], jobs: int, engine: Engine) -> None:
    """Do everything ingest does except storing."""
    _run_pipeline(ctx, paths, store=False, jobs=jobs, engine=engine)


@cli.command(context_settings=CONTEXT)
@click.argument("sparql")
@click.option("--format", "fmt", default=None,
              type=click.Choice([*RESULTS_FORMATS, *RDF_FORMATS]),
              help="json|xml|csv|tsv for SELECT/ASK (default tsv); ttl|nt|jsonld|rdf|nq|trig for "
                   "CONSTRUCT/DESCRIBE (default ttl).")
@click.pass_context
def query(ctx: click.Context, sparql: str, fmt: str | None) -> None:
    """Run a SPARQL query (text, @FILE, or - for standard input) on the store."""
    import pyoxigraph as ox

    if sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{sparql[1:]}: cannot read the query: {error}") from error
    with open_store(ctx.obj["store"]) as store:
        result = store.query(sparql)
        out = sys.stdout.buffer
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            if fmt in RDF_FORMATS:
                raise UsageError("a SELECT or ASK query answers in json, xml, csv or tsv")
            result.serialize(out, results_format(fmt or "tsv").results)
        else:
            if fmt in RESULTS_FORMATS:
                raise UsageError("a CONSTRUCT or DESCRIBE query answers in an RDF format")
            result.serialize(out, rdf_format(fmt or "ttl").rdf)
        out.flush()


@cli.command(context_settings=CONTEXT)
@click.option("--format", "fmt", default="nq", show_default=True,
              type=click.Choice(list(RDF_FORMATS)),
              help="nq and trig keep named graphs; the others write the union graph.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write; standard output if absent.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Write a full dump of the store."""
    chosen = rdf_format(fmt)
    with open_store(ctx.obj["store"]) as store:
        if output:
            with open(output, "wb") as handle:
                store.dump(handle, chosen)
        else:
            store.dump(sys.stdout.buffer, chosen)
            sys.stdout.buffer.flush()


@cli.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def backup(ctx: click.Context, folder: Path) -> None:
    """Write a consistent snapshot of the store to a new folder, even while it is served.

    The snapshot is itself an Oxigraph store folder: `kg --store FOLDER serve` serves it as it is.
    """
    from kg.store.backup import backup_size

    with open_store(ctx.obj["store"]) as store:
        store.backup(folder)
        click.echo(f"{backup_size(folder)} quads of {ctx.obj['store']} backed up to {folder}")


@cli.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def restore(ctx: click.Context, folder: Path) -> None:
    """Replace the store's graphs by a backup's in one transaction (through its server)."""
    with open_store(ctx.obj["store"]) as store:
        quads = store.restore(folder)
        click.echo(f"{quads} quads restored from {folder} to {ctx.obj['store']}")


@cli.command(context_settings=CONTEXT)
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Rebuild what is derived from the store: the full-text search index."""
    from kg.search import SearchIndex, index_location

    with open_store(ctx.obj["store"]) as store:
        index = SearchIndex(index_location(ctx.obj["store"]))
        count = index.rebuild(store)
    click.echo(f"{count} things indexed in {index.path}")


@cli.command(context_settings=CONTEXT)
@click.argument("articles", nargs=-1, required=True)
@click.option("--reason", default="", help="Why: shown on the tombstone page and in the feed.")
@click.pass_context
def delete(ctx: click.Context, articles: tuple[str, ...], reason: str) -> None:
    """Retract articles (IRIs or slugs): their URIs then answer 410 Gone with a tombstone."""
    from kg.publish.history import graph_of_article, retract
    from kg.uris import normalize_base

    base = normalize_base(ctx.obj["base_uri"])
    graphs = {graph_of_article(base, article): reason for article in articles}
    with open_store(ctx.obj["store"]) as store:
        for stone in retract(store, base, graphs):
            click.echo(f"deleted    {stone.article} ({stone.headline})")


@cli.command(context_settings=CONTEXT)
@click.argument("gold", nargs=-1, required=True)
@click.option("--errors", is_flag=True, help="Also list each article's misses and false alarms.")
@click.option("--summary", is_flag=True,
              help="Aggregate figures only (misses per construction kind, false alarms per "
                   "rule), no sentences: the only view of a blind set.")
@click.option("--calibration", is_flag=True,
              help="Also print the reliability table of stated confidence against accuracy.")
@click.option("--rule-counts", is_flag=True,
              help="Print right and wrong stances per rule as TSV (kg/data/rule_precision.tsv).")
def evaluate(gold: tuple[str, ...], errors: bool, summary: bool, calibration: bool,
             rule_counts: bool) -> None:
    """Score the extractor against gold annotation files or folders: precision, recall, F1."""
    from kg.calibration import format_reliability, format_rule_counts
    from kg.evaluate import evaluate as run_evaluation
    from kg.evaluate import find_gold_files
    from kg.evaluation_report import format_errors, format_summary, format_table

    for location in gold:
        if not Path(location).exists():
            raise UsageError(f"{location}: no such file or folder")
    if errors and summary:
        raise UsageError("--errors shows sentences and --summary promises none: choose one")
    scores = run_evaluation(find_gold_files(*gold))
    judged = [j for article in scores.articles for j in article.judged]
    if rule_counts:
        click.echo(format_rule_counts(judged, " ".join(gold)), nl=False)
        return
    click.echo(format_summary(scores) if summary else format_table(scores))
    if calibration:
        click.echo(format_reliability(judged))
    if errors:
        click.echo(format_errors(scores))


@cli.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int,
              help="gunicorn worker processes.")
@click.option("--debug", is_flag=True,
              help="Flask's reloading development server instead of gunicorn.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, debug: bool) -> None:
    """Serve the SPARQL endpoint, Linked Data and HTML pages."""
    from webapp.server import serve as run_server

    run_server(ctx.obj["store"], ctx.obj["base_uri"], host=host, port=port, workers=workers,
               debug=debug)


def main() -> None:
    """Run the command line (the `kg` console script)."""
    cli(prog_name="kg", auto_envvar_prefix=None)


if __name__ == "__main__":
    main()
