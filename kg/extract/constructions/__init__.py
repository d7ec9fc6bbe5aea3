"""Construction families: each module reads one family of stance constructions off a parse.

A construction module exposes `read(sentence) -> Iterator[Reading]`, states its rule and two
examples in its docstring, and names each reading's rule id after itself ("verbal.passive"),
so that a stance's confidence is the measured precision of the rule that found it.
"""

from __future__ import annotations

from kg.extract.constructions import (
    adjectival,
    neutrality,
    nominal,
    perception,
    relations,
    verbal,
)
from kg.extract.constructions.base import Construction, Parsed, Reading

CONSTRUCTIONS: tuple[Construction, ...] = (
    verbal.read,
    nominal.read,
    adjectival.read,
    perception.read,
    relations.read,
    neutrality.read,
)

__all__ = ["CONSTRUCTIONS", "Construction", "Parsed", "Reading"]
