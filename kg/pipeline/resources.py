"""The vocabulary and the SHACL shapes as shipped inside the package, read once per process.

The Turtle files in the top-level ``ontology/`` and ``shapes/`` folders are the single source of
truth. pyproject.toml maps them to the packages ``kg.ontology`` and ``kg.shapes``, so a wheel (and
an editable install) finds them with importlib.resources. A plain source checkout that was never
installed has no ``kg.ontology`` package; there the folders are read beside ``kg/``.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph

from kg.errors import KGError
from kg.namespaces import PREFIXES

_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _package_folder(package: str, folder: str) -> Traversable:
    """Locate the folder behind `package`, or the same-named folder of a source checkout."""
    try:
        return resources.files(package)
    except ModuleNotFoundError:
        return _SOURCE_ROOT / folder


def _read_turtle(package: str, folder: str) -> str:
    """Concatenate every ``*.ttl`` of the package in name order; Turtle allows repeated @prefix."""
    root = _package_folder(package, folder)
    files = sorted(
        (entry for entry in root.iterdir() if entry.name.endswith(".ttl")),
        key=lambda entry: entry.name,
    )
    if not files:
        raise KGError(f"stancegraph is installed without its {folder}: no *.ttl in {package}")
    return "\n".join(entry.read_text(encoding="utf-8") for entry in files)


def _parse(turtle: str) -> Graph:
    """Parse Turtle into a graph that prints with the project's prefixes."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data=turtle, format="turtle")
    return graph


@functools.cache
def ontology_turtle() -> str:
    """Return the vocabulary's Turtle, to serve it at its namespace and load it into the store."""
    return _read_turtle("kg.ontology", "ontology")


@functools.cache
def shapes_turtle() -> str:
    """Return the SHACL shapes' Turtle, to serve it at /shapes."""
    return _read_turtle("kg.shapes", "shapes")


@functools.cache
def ontology_graph() -> Graph:
    """Return the vocabulary as a graph, parsed once per process; copy it before changing it."""
    return _parse(ontology_turtle())


@functools.cache
def shapes_graph() -> Graph:
    """Return the SHACL shapes as a graph, parsed once per process; copy it before changing it."""
    return _parse(shapes_turtle())
