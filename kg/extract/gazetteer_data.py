"""The gazetteer's tables: every surface form of a country or organization, compiled once.

Registry names and official names come from kg/data/countries.csv, curated variants,
demonyms, capitals, seats and block phrases from kg/data/country_variants.tsv, organization
aliases from kg/data/organizations.tsv. Each table compiles into one trie-shaped regular
expression, so a text is scanned once, left to right, longest surface form first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.countries import country_registry
from kg.errors import KGError

COUNTRY_FORMS = ("name", "official", "variant", "demonym", "capital", "seat")
BLOCK = "block"


@dataclass(frozen=True)
class Entry:
    key: str  # iso2, organization key, or "" for a block phrase
    form: str


class GazetteerDataError(KGError):
    """A gazetteer data file is malformed or contradicts itself."""


# ---------------------------------------------------------------------------------------------
# Compiling surface forms into one regular expression


def trie_pattern(surfaces: list[str]) -> str:
    """Return a regex alternation of `surfaces` factored as a trie, longest match first.

    Factoring by common prefix keeps the scan linear in practice: at each position the engine
    follows one branch instead of trying thousands of alternatives. Within a node the optional
    continuation is greedy, so the longer surface is tried before the shorter one ends.
    """
    trie: dict = {}
    for surface in surfaces:
        node = trie
        for char in surface:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        terminal = "" in node
        branches = [re.escape(char) + render(child)
                    for char, child in sorted(node.items()) if char != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return render(trie)


def compile_surfaces(surfaces: list[str]) -> re.Pattern[str]:
    """Compile surfaces into one pattern that only matches on word boundaries."""
    return re.compile(r"(?<!\w)(?:" + trie_pattern(surfaces) + r")(?!\w)")


def data_lines(filename: str) -> list[tuple[int, list[str]]]:
    """Read a shipped TSV data file as (line number, fields), skipping comments and blanks."""
    text = resources.files("kg").joinpath(f"data/{filename}").read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, line.split("\t")))
    return rows


def add_surface(table: dict[str, Entry], surface: str, entry: Entry, where: str) -> None:
    """Register a surface form once; the same surface for two different things is a data bug."""
    known = table.get(surface)
    if known is None:
        table[surface] = entry
    elif known.key != entry.key:
        raise GazetteerDataError(
            f"{where}: surface {surface!r} already names {known.key or 'a block phrase'!r}, "
            f"cannot also name {entry.key or 'a block phrase'!r}"
        )


_NO_AUTO_REPUBLIC = re.compile(r"\b(?:Republic|Kingdom|State|States|Islands?|of|and)\b")


@lru_cache(maxsize=1)
def country_table() -> dict[str, Entry]:
    """Every country surface form and what it names, built from the registry and the TSV."""
    registry = country_registry()
    table: dict[str, Entry] = {}
    for country in registry:
        add_surface(table, country.name, Entry(country.iso2, "name"), "countries.csv")
    for country in registry:
        add_surface(table, country.official_name, Entry(country.iso2, "official"), "countries.csv")
    for number, fields in data_lines("country_variants.tsv"):
        where = f"kg/data/country_variants.tsv line {number}"
        if len(fields) != 3:
            raise GazetteerDataError(f"{where}: expected surface, iso2, form separated by tabs")
        surface, iso2, form = fields
        if form == BLOCK:
            add_surface(table, surface, Entry("", BLOCK), where)
            continue
        if form not in COUNTRY_FORMS or iso2 not in registry:
            raise GazetteerDataError(f"{where}: unknown country {iso2!r} or form {form!r}")
        add_surface(table, surface, Entry(iso2, form), where)
    for surface, entry in list(table.items()):  # "Quai d’Orsay" as typeset
        if "'" in surface:
            table.setdefault(surface.replace("'", "\u2019"), entry)
    # "the Republic of X" for states whose short name is a plain name ("Republic of Ireland").
    for country in registry:
        if country.status != "DependentTerritory" and not _NO_AUTO_REPUBLIC.search(country.name):
            table.setdefault(f"Republic of {country.name}", Entry(country.iso2, "variant"))
    return table


@lru_cache(maxsize=1)
def country_pattern() -> re.Pattern[str]:
    return compile_surfaces(list(country_table()))


@lru_cache(maxsize=1)
def org_table() -> dict[str, tuple[str, str, str]]:
    """Every organization alias and the (key, label, wikidata) it names."""
    table: dict[str, tuple[str, str, str]] = {}
    for number, fields in data_lines("organizations.tsv"):
        where = f"kg/data/organizations.tsv line {number}"
        if len(fields) != 4:
            raise GazetteerDataError(f"{where}: expected key, label, wikidata, aliases")
        key, label, wikidata, aliases = fields
        if wikidata and not re.fullmatch(r"Q[1-9]\d*", wikidata):
            raise GazetteerDataError(f"{where}: {wikidata!r} is not a Wikidata QID")
        for alias in aliases.split("|"):
            if table.get(alias, (key,))[0] != key:
                raise GazetteerDataError(f"{where}: alias {alias!r} names two organizations")
            table[alias] = (key, label, wikidata)
    return table


@lru_cache(maxsize=1)
def org_pattern() -> re.Pattern[str]:
    return compile_surfaces(list(org_table()))


@lru_cache(maxsize=1)
def known_acronyms() -> frozenset[str]:
    """All-capitals surfaces of either table: neighbours like "NATO" do not make text shout."""
    surfaces = list(country_table()) + list(org_table())
    return frozenset(s for s in surfaces if s.isupper())


# ---------------------------------------------------------------------------------------------
# Context rules


# Country words that are also common given names or surnames.
