"""Verbs of perception that class their object: "sees X as a threat".

Rule: a perception verb (word class `perception`) with an object and an "as" phrase (or a
predicate noun or adjective) states the polarity of that noun or adjective's trigger sense,
held by the verb's subject (or, in the passive, by its "by" agent) toward the object.

- "Rome regards Tripoli as a rival" → IT oppose LY (perception.as)
- "Kenya is seen by Uganda as a partner" → UG support KE (perception.as)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import clause
from kg.extract.constructions.base import Parsed, Reading, mutual
from kg.extract.lexicon import lexicon
from kg.model import Polarity


def _class_word(verb: Token) -> Token | None:
    """Return the noun or adjective the perception verb classes its object as."""
    word = next(clause.prep_objects(verb, ("as",)), None)
    obj = clause.child(verb, "dobj", "nsubjpass")
    if word is None and obj is not None:
        word = next(clause.prep_objects(obj, ("as",)), None)
    word = word or clause.child(verb, "oprd", "ccomp", "xcomp")
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if word is None and len(objects) == 2:  # "designated Kenya a major ally"
        word = objects[1]
    if word is not None and word.lower_ in ("one", "some", "among"):
        word = next(clause.prep_objects(word, ("of",)), word)  # "as one of its closest partners"
    return word


def _polarity(word: Token) -> Polarity | None:
    """Return the polarity a class word states ("rival", "threat", "partner", "hostile")."""
    words = lexicon()
    lemma = word.lemma_.lower()
    for sense in words.senses(lemma, "NOUN") + words.senses(lemma, "ADJ"):
        if sense.polarity is not None:
            return sense.polarity
    for modifier in word.children:  # "calls Cambodia a friendly neighbour"
        if modifier.dep_ == "amod":
            for sense in words.senses(modifier.lemma_.lower(), "ADJ"):
                if sense.polarity is not None:
                    return sense.polarity
    return None


def read(sentence: Parsed) -> Iterator[Reading]:
    """Read the stances that perception verbs state."""
    actors = sentence.actors
    words = lexicon()
    for token in sentence.tokens:
        if token.pos_ != "VERB" or not words.is_a("perception", token.lemma_.lower()):
            continue
        word = _class_word(token)
        if (
            word is None
            or clause.is_hypothetical(token)
            or clause.is_past(token)
            or clause.is_negated(token)
        ):
            continue
        polarity = _polarity(word)
        if polarity is None:
            continue
        patient = clause.passive_subject(token)
        if patient is not None:
            by = clause.agent(token)
            holders = actors.with_conjuncts(by) if by is not None else []
            targets = clause.through(patient, actors)
        else:
            holders = clause.subjects(token, actors)
            obj = clause.child(token, "dobj")
            targets = clause.through(obj, actors) if obj is not None else []
            if obj is not None and obj.lower_ in ("other", "another") and len(holders) >= 2:
                # "Bishkek and Dushanbe describe each other as partners"
                yield from mutual(holders, polarity, "perception.as", token)
                continue
        if holders and targets:
            yield Reading(holders, targets, polarity, "perception.as", token)
