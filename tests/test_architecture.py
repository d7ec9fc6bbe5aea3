"""The layout holds: no import circle in kg/ or webapp/, and no presentation code in kg/.

DESIGN.md: `kg/` is the library, never imports Flask and holds no presentation (HTML,
templates, page view models, JSON-LD for pages); `webapp/` calls `kg/`. Imports are read from
the source with `ast`, every import counted, module level or inside a function: a deferred
import hides a circle, it does not remove it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kg", "webapp")
# What only a web tier needs: frameworks, templating and HTML escaping.
WEB_MODULES = ("flask", "jinja2", "werkzeug", "markupsafe")
# Text that only presentation writes: JSON-LD contexts for pages, templates, markup.
PRESENTATION = re.compile(r"[\"']@context[\"']|render_template|\{%"
                          r"|<(?:a|mark|span|div|p|h1|html|script)[\s>]")
# `kg serve` is the one command that starts the web tier: the command line imports it there.
ALLOWED = {"kg.cli": ["webapp.server"]}
# kg.sources reads saved article pages: the markup it names is input, not output.
READS_HTML = ("kg.sources",)
# The modules of kg.publish and kg.store must stay small enough to read in one sitting.
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    """Name every module of the project's packages: kg.store.remote → kg/store/remote.py."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """List the project modules a module imports: `from a.b import c` counts a.b.c if c is one."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                imported.add(full if full in modules else base)
    return {module for module in imported if module in modules and module != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Find the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, modules) for name, path in modules.items()}


def test_no_module_imports_itself_back_through_others(imports: dict[str, set[str]]) -> None:
    assert _cycles(imports) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_library_never_imports_the_web_tier(imports: dict[str, set[str]]) -> None:
    offenders = {}
    for name, path in _modules().items():
        if not name.startswith("kg"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad = [n for n in names if n.split(".")[0] in (*WEB_MODULES, "webapp")
                   and n not in ALLOWED.get(name, [])]
            if bad:
                offenders[name] = bad
    assert offenders == {}


def test_the_library_holds_no_presentation() -> None:
    offenders = {}
    for name, path in _modules().items():
        if name.startswith(READS_HTML) or not name.startswith("kg"):
            continue
        if hits := PRESENTATION.findall(path.read_text(encoding="utf-8")):
            offenders[name] = hits
    assert offenders == {}


def test_templates_live_under_their_blueprint() -> None:
    templates = ROOT / "webapp" / "templates"
    blueprints = {"linked_data", "pages", "sparql", "gsp", "harvest"}
    loose = [p.relative_to(templates) for p in templates.rglob("*.html")
             if p.relative_to(templates).parts[0] not in blueprints]
    assert loose == []


def test_the_store_and_publish_modules_stay_short() -> None:
    long = {name: n for name, path in _modules().items()
            if name.startswith(("kg", "webapp")) and not name.startswith("kg.extract")
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
