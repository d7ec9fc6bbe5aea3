"""Adjectives that state a stance of the subject they are predicated of.

Rule: a trigger adjective (pos ADJ) complementing a copula or a verb of state ("is", "remains",
"has grown") takes the clause subject as holder and its preposition's object as target.

- "Algiers remains deeply suspicious of Rabat" → DZ oppose MA (adjectival.predicate)
- "Hanoi has stayed neutral between Washington and Beijing" → VN neutral US, VN neutral CN
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import clause
from kg.extract.constructions.base import Parsed, Reading
from kg.extract.constructions.verbal import in_the_conflict, sense_polarity
from kg.extract.lexicon import lexicon
from kg.model import EntityRef

_BALANCE = frozenset({"neutral", "impartial", "equidistant"})


def read(sentence: Parsed) -> Iterator[Reading]:
    """Read the stances that predicate adjectives state."""
    actors = sentence.actors
    words = lexicon()
    for token in sentence.tokens:
        if token.pos_ not in ("ADJ", "ADV", "VERB"):
            continue
        senses = words.senses(token.lemma_.lower(), "ADJ") or words.senses(token.lower_, "ADJ")
        if not senses:
            continue
        verb, rule = _predicated_of(token)
        if (
            verb is None
            or clause.is_hypothetical(token)
            or clause.is_past(token)
            or clause.subject_negated(verb)
        ):
            continue
        holders = (
            actors.with_conjuncts(verb)
            if rule == "adjectival.apposition"
            else clause.subjects(verb, actors)
        )
        if not holders:
            continue
        negated = clause.is_negated(token)
        for sense in senses:
            polarity = sense_polarity(sense, negated)
            targets: list[EntityRef] = []
            for head in (token, token.head):
                for pobj in clause.prep_objects(head, frozenset(sense.targets)):
                    targets.extend(r for r in clause.through(pobj, actors) if r not in targets)
            if (
                not targets
                and polarity == "neutral"
                and sense.lemma in _BALANCE
                and in_the_conflict(token, sense.targets)
            ):
                targets, rule = actors.discourse_pair(), "adjectival.neutral-pair"
            if polarity and targets:
                yield Reading(holders, targets, polarity, rule, token)
                break


def _predicated_of(token: Token) -> tuple[Token | None, str]:
    """Return the verb whose subject an adjective describes, and how it is attached.

    "X is critical of Y" (a complement), "X has been the friendliest member toward Y" (a
    modifier of the predicate noun), "X has moved closer to Y" (an adverbial).
    """
    head = token.head
    if token.dep_ in ("acomp", "oprd", "xcomp"):
        return head, "adjectival.predicate"
    if token.dep_ == "amod" and head.dep_ in ("attr", "oprd") and head.head.pos_ in ("AUX", "VERB"):
        return head.head, "adjectival.attributive"
    if token.dep_ == "advmod" and head.pos_ == "VERB" and token.tag_ in ("JJR", "RBR"):
        return head, "adjectival.adverbial"
    if token.dep_ in ("amod", "appos", "advcl") and head.pos_ == "PROPN":
        return head, "adjectival.apposition"  # "Eritrea, long hostile to Ethiopia, …"
    return None, ""
