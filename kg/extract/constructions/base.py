"""What every construction module reads and answers: a parsed sentence in, readings out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from kg.extract.actors import Actors
from kg.model import EntityRef, Polarity


@dataclass(frozen=True)
class Parsed:
    """A body sentence with its parse and the entities its tokens stand for."""

    doc: Doc
    actors: Actors

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, made once: every construction walks them all."""
        return list(self.doc)


@dataclass(frozen=True)
class Reading:
    """Holders take a polarity toward targets, by a rule, as the trigger token says."""

    holders: list[EntityRef]
    targets: list[EntityRef]
    polarity: Polarity
    rule: str
    trigger: Token


Construction = Callable[[Parsed], Iterator[Reading]]


def mutual(
    parties: list[EntityRef], polarity: Polarity, rule: str, trigger: Token
) -> Iterator[Reading]:
    """Read a relation held both ways: each party toward each other one."""
    for holder in parties:
        for target in parties:
            if holder != target:
                yield Reading([holder], [target], polarity, rule, trigger)
