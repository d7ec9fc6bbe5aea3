"""Balance and mediation: holding the same distance, keeping channels open, hosting talks.

Rule: a balance noun ("distance", "channels", "line") made even by "same", "equal" or "open",
held by the subject of the verb it completes, is neutral toward the objects of its "from",
"to", "with" or "between" phrase. A mediation verb ("hosted", "brokered") whose object is a
talk noun between parties is neutral toward each party, and so is an appeal made to both
sides alike ("urged the two governments to talk", "called for calm on both sides"), and
several parties kept "at arm's length" alike.

- "Oman kept the same distance from Riyadh and Tehran" → OM neutral SA, OM neutral IR
- "Qatar has hosted talks between Kigali and Kinshasa" → QA neutral RW, QA neutral CD
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import clause
from kg.extract.actors import Actors
from kg.extract.constructions.base import Parsed, Reading
from kg.extract.lexicon import lexicon
from kg.model import EntityRef

_PREPS = ("from", "to", "with", "between", "toward", "towards")


def _parties(tokens: list[Token], preps: tuple[str, ...], actors: Actors) -> list[EntityRef]:
    """Return the entities in the named prepositional phrases of the tokens."""
    refs: list[EntityRef] = []
    for token in tokens:
        for pobj in clause.prep_objects(token, preps):
            refs.extend(r for r in clause.through(pobj, actors) if r not in refs)
    return refs


def _balance(noun: Token, actors: Actors) -> Iterator[Reading]:
    """Read "the same distance from A and B", "channels open to A, B and C"."""
    words = lexicon()
    verb = noun.head
    evens = [
        c for c in noun.children if c.dep_ in ("amod", "acomp") and words.is_a("even", c.lower_)
    ]
    evens += [
        c
        for c in verb.children
        if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "advcl") and words.is_a("even", c.lower_)
    ]
    if not evens or noun.dep_ != "dobj" or clause.is_negated(noun):
        return
    holders = clause.subjects(verb, actors)
    # "the same distance from A as from B": the second party hangs on "as"
    compared = [p for head in (noun, verb) for p in head.children
                if p.dep_ == "prep" and p.lower_ == "as"]
    targets = _parties([noun, verb, *evens, *compared], _PREPS, actors)
    if holders and targets:
        yield Reading(holders, targets, "neutral", "neutrality.balance", noun)


def _mediation(verb: Token, actors: Actors) -> Iterator[Reading]:
    """Read "hosted talks between A and B"."""
    words = lexicon()
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [
        o for c in objects for o in clause.prep_objects(c, ("of",))
    ]  # "two rounds of talks"
    talks = [c for c in objects if words.is_a("talks", c.lemma_.lower())]
    if not talks or clause.is_negated(verb):
        return
    holders = clause.subjects(verb, actors)
    targets = _parties(talks, ("between", "with"), actors)
    if holders and len(targets) >= 2:
        yield Reading(holders, targets, "neutral", "neutrality.mediation", verb)


def _appeal(verb: Token, actors: Actors) -> Iterator[Reading]:
    """Read an even-handed appeal: "urged the two governments to talk", "called for calm"."""
    words = lexicon()
    addressed = [c for c in verb.children if c.dep_ == "dobj"]
    addressed += list(clause.prep_objects(verb, ("on", "upon")))
    calls = [
        o for o in clause.prep_objects(verb, ("for",)) if words.is_a("restraint", o.lemma_.lower())
    ]
    targets = [r for token in addressed for r in clause.through(token, actors)]
    targets += _parties(calls, ("on", "between", "from"), actors)
    if len(targets) < 2 or clause.is_negated(verb):
        return
    acting = any(
        c.dep_ in ("xcomp", "ccomp")
        and (
            words.is_a("restraint", c.lemma_.lower())
            or any(words.is_a("restraint", o.lemma_.lower()) for o in c.children)
        )
        for c in verb.children
    )
    holders = clause.subjects(verb, actors)
    if holders and (calls or acting):
        yield Reading(holders, targets, "neutral", "neutrality.appeal", verb)


def _at_arms_length(noun: Token, actors: Actors) -> Iterator[Reading]:
    """Read "keeps both neighbours at arm's length": several parties held off alike, neutral.

    One party kept at arm's length is a cold relation, not a balance, and is left alone.
    """
    prep = noun.head
    if not any(c.lower_ == "arm" for c in noun.children) or prep.lower_ != "at":
        return
    verb = prep.head
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    targets = [r for o in objects for r in clause.through(o, actors)]
    holders = clause.subjects(verb, actors)
    if holders and len(targets) >= 2 and not clause.is_negated(verb):
        yield Reading(holders, targets, "neutral", "neutrality.arms-length", noun)


def read(sentence: Parsed) -> Iterator[Reading]:
    """Read the neutral stances of balance and mediation."""
    actors = sentence.actors
    words = lexicon()
    for token in sentence.tokens:
        lemma = token.lemma_.lower()
        if lemma == "length" and not (clause.is_hypothetical(token) or clause.is_past(token)):
            yield from _at_arms_length(token, actors)
        if (
            not words.is_any(("balance", "mediation", "appeal"), lemma)
            or clause.is_hypothetical(token)
            or clause.is_past(token)
        ):
            continue
        if token.pos_ == "NOUN" and words.is_a("balance", lemma):
            yield from _balance(token, actors)
        elif token.pos_ == "VERB" and words.is_a("mediation", lemma):
            yield from _mediation(token, actors)
        elif token.pos_ == "VERB" and words.is_a("appeal", lemma):
            yield from _appeal(token, actors)
