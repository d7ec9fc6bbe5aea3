"""The stance lexicon: trigger words and word classes, read from kg/data and validated.

`kg/data/stance_triggers.tsv` says which lemma states which polarity and where its target
stands; `kg/data/stance_cues.tsv` names the word classes the constructions consult (negation,
agent nouns, relation words…). Both are data: adding a verb is adding a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import cast

from kg.errors import KGError
from kg.model import Polarity

POLARITIES: tuple[Polarity, ...] = ("support", "oppose", "neutral")
PARTS_OF_SPEECH = ("VERB", "NOUN", "ADJ")
ARGUMENT_SLOTS = frozenset({"obj", "dative"})  # besides prepositions
CUE_CLASSES = frozenset(
    """agent negation refusal hypothetical modal past light perception relation warm cold
    improve worsen aggression border closing balance even mediation talks agreement
    reciprocal envoy recall fading allegation pair opening mission
    era appeal restraint present bond lifting quantity joint""".split()
)


class LexiconDataError(KGError):
    """A lexicon data file is malformed: the message names the file, the line and the fault."""


@dataclass(frozen=True)
class Trigger:
    """One sense of a trigger word: its polarity and where its target stands."""

    lemma: str  # "take side": the verb "take" with the object "side"
    pos: str
    polarity: Polarity | None  # None: only a negated use states a stance
    targets: tuple[str, ...]  # "obj", "dative" or prepositions
    negated: Polarity | None


@dataclass(frozen=True)
class Lexicon:
    """Triggers indexed by (lemma, part of speech), and the word classes by name."""

    triggers: dict[tuple[str, str], tuple[Trigger, ...]]
    classes: dict[str, frozenset[str]]
    _unions: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, compare=False)

    def senses(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        """Return the senses of a lemma used as `pos` (none when it is no trigger)."""
        return self.triggers.get((lemma, pos), ())

    def is_a(self, word_class: str, lemma: str) -> bool:
        """Tell whether a lemma belongs to a word class of the cues file."""
        return lemma in self.classes[word_class]

    def is_any(self, word_classes: tuple[str, ...], lemma: str) -> bool:
        """Tell whether a lemma belongs to any of several word classes (their union, kept)."""
        union = self._unions.get(word_classes)
        if union is None:
            union = self._unions[word_classes] = frozenset().union(
                *(self.classes[c] for c in word_classes))
        return lemma in union


def _polarity(value: str, where: str, *, optional: bool) -> Polarity | None:
    """Read a polarity column; "-" stands for none where that is allowed."""
    if optional and value == "-":
        return None
    if value not in POLARITIES:
        raise LexiconDataError(f"{where}: polarity {value!r} is not one of "
                               f"{', '.join(POLARITIES)}" + (" or -" if optional else ""))
    return cast(Polarity, value)


def parse_triggers(text: str, name: str) -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """Parse the triggers file, rejecting bad columns and a slot given twice to one lemma."""
    index: dict[tuple[str, str], list[Trigger]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{name}:{number}"
        fields = line.split("\t")
        if len(fields) != 5:
            raise LexiconDataError(f"{where}: expected 5 tab-separated columns "
                                   f"(lemma, pos, polarity, targets, negated), got {len(fields)}")
        lemma, pos, polarity, targets, negated = (f.strip() for f in fields)
        if not lemma or lemma != lemma.lower():
            raise LexiconDataError(f"{where}: the lemma {lemma!r} must be lower case")
        if pos not in PARTS_OF_SPEECH:
            raise LexiconDataError(f"{where}: part of speech {pos!r} is not one of "
                                   f"{', '.join(PARTS_OF_SPEECH)}")
        slots = tuple(t.strip() for t in targets.split(",") if t.strip())
        if not slots or any(not s.isalpha() for s in slots):
            raise LexiconDataError(f"{where}: targets {targets!r} must list obj, dative or "
                                   "prepositions, comma-separated")
        trigger = Trigger(lemma, pos, _polarity(polarity, where, optional=True), slots,
                          _polarity(negated, where, optional=True))
        if trigger.polarity is None and trigger.negated is None:
            raise LexiconDataError(f"{where}: {lemma!r} states no stance either way")
        for slot in slots:
            key = (lemma, pos, slot)
            if key in seen:
                raise LexiconDataError(f"{where}: {lemma} {pos} with target {slot!r} is "
                                       f"already given on line {seen[key]}")
            seen[key] = number
        index.setdefault((lemma, pos), []).append(trigger)
    return {key: tuple(senses) for key, senses in index.items()}


def parse_cues(text: str, name: str) -> dict[str, frozenset[str]]:
    """Parse the cues file; every expected class must be there once, and no other."""
    classes: dict[str, frozenset[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{name}:{number}"
        word_class, _, words = line.partition("\t")
        if word_class not in CUE_CLASSES:
            raise LexiconDataError(f"{where}: unknown word class {word_class!r}")
        if word_class in classes:
            raise LexiconDataError(f"{where}: word class {word_class!r} is given twice")
        lemmas = frozenset(words.split())
        if not lemmas or any(w != w.lower() for w in lemmas):
            raise LexiconDataError(f"{where}: {word_class!r} needs lower-case words")
        classes[word_class] = lemmas
    missing = CUE_CLASSES - classes.keys()
    if missing:
        raise LexiconDataError(f"{name}: word classes missing: {', '.join(sorted(missing))}")
    return classes


def _data_text(filename: str) -> str:
    """Read a data file shipped inside the package."""
    return resources.files("kg").joinpath(f"data/{filename}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and validate the shipped lexicon once per process."""
    return Lexicon(parse_triggers(_data_text("stance_triggers.tsv"), "stance_triggers.tsv"),
                   parse_cues(_data_text("stance_cues.tsv"), "stance_cues.tsv"))
