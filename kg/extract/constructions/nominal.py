"""Nouns that state a stance: possessed, predicated, set in apposition, or carried by a light verb.

Rule: a trigger noun (pos NOUN) takes its holder from its possessor or a country modifier
("Turkey's support", "Russian hostility"), from the subject of the copula or light verb it
completes ("X is an ally of Y", "X expressed support for Y"), or from the noun it stands in
apposition to ("Ghana, the closest partner of Togo"). Its target is its preposition's object
("support for Y"), or the possessor when the holder came from the clause ("X is Y's closest
ally"). An act of aggression opposes its victim ("Gabon's sanctions on Chad").

- "Ghana is now the closest partner of Togo" → GH support TG (nominal.copular)
- "Qatar voiced its support for the government in Port Sudan" → QA support SD (nominal.light)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import clause
from kg.extract.actors import Actors
from kg.extract.constructions.base import Parsed, Reading, mutual
from kg.extract.constructions.verbal import sense_polarity, verb_senses
from kg.extract.lexicon import Trigger, lexicon
from kg.model import EntityRef

_COPULAS = frozenset(
    {
        "be",
        "remain",
        "become",
        "stay",
        "seem",
        "look",
        "prove",
        "emerge",
        "lock",
        "locked",
        "embroil",
        "embroiled",
        "mire",
        "mired",
        "engage",
        "engaged",
        "involve",
        "involved",
    }
)
_MODIFIERS = ("poss", "amod", "compound", "nmod")
_QUANTIFIERS = frozenset({"one", "some", "several", "among", "few", "two"})


def _modifier(token: Token, actors: Actors) -> list[EntityRef]:
    """Return the entities of a noun's possessor or country modifier."""
    for c in token.children:
        if c.dep_ in _MODIFIERS:
            refs = actors.with_conjuncts(c)
            if refs:
                return refs
    return []


def _position(token: Token) -> Token:
    """Return the token that stands in the clause for a noun: "one" in "one of Y's backers"."""
    while token.dep_ == "conj" and token.head.pos_ == "NOUN":
        token = token.head  # "an agreement with A and a treaty with B"
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _QUANTIFIERS:
        return head.head
    if token.dep_ == "pobj" and head.lower_ in ("in", "of") and head.head.dep_ == "dobj":
        return head.head  # "pledged 5 billion euros in military aid to Ukraine"
    return token


def holders_of(token: Token, actors: Actors) -> tuple[list[EntityRef], str, bool]:
    """Return a noun's holders, the rule that found them, and whether the clause gave them."""
    position = _position(token)
    head = position.head
    lemma = head.lemma_.lower()
    if position.dep_ == "conj" and head.pos_ == "VERB" and token.pos_ == "NOUN":
        # "signed an agreement with A and a treaty with B", the second noun hung on the verb
        if lexicon().is_a("light", lemma) and not verb_senses(head):
            return clause.subjects(head, actors), "nominal.light", True
    if position.dep_ in ("attr", "oprd") and lemma in _COPULAS:
        return clause.subjects(head, actors), "nominal.copular", True
    if (
        position.dep_ == "pobj"
        and head.lower_ == "as"
        and lexicon().is_a("perception", head.head.lemma_.lower())
    ):
        # "Oman is often described as a neutral mediator between Iran and the West"
        patient = clause.child(head.head, "nsubjpass")
        if patient is not None:
            return actors.with_conjuncts(patient), "nominal.copular", True
    if position.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in _COPULAS:
        # "at odds with", "remain locked in a dispute"
        verb = head.head if head.head.pos_ in ("AUX", "VERB") else head.head.head
        return clause.subjects(verb, actors), "nominal.copular", True
    if position.dep_ == "appos":
        return actors.with_conjuncts(head), "nominal.apposition", True
    words = lexicon()
    if (
        position.dep_ == "dobj"
        and (
            words.is_a("light", lemma)
            or words.is_a("worsen", lemma)
            or words.is_a("improve", lemma)
        )
        and not verb_senses(head)
    ):
        return clause.subjects(head, actors), "nominal.light", True
    refs = _modifier(token, actors)
    if refs:
        return refs, "nominal.possessive", False
    for pobj in clause.prep_objects(token, ("from", "by")):
        refs = clause.through(pobj, actors)
        if refs:
            return refs, "nominal.possessive", False
    return [], "", False


def _targets(token: Token, sense: Trigger, actors: Actors, from_clause: bool) -> list[EntityRef]:
    """Return a trigger noun's targets: its prepositions' objects, or its possessor."""
    refs: list[EntityRef] = []
    position = _position(token)
    heads = [token, position, position.head] if from_clause and position.dep_ == "dobj" else [token]
    for head in heads:  # "lodged a complaint with the Council against Israel"
        for pobj in clause.prep_objects(head, frozenset(sense.targets)):
            refs.extend(r for r in clause.through(pobj, actors) if r not in refs)
    if not refs and from_clause:
        named = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        refs = actors.with_conjuncts(named[0]) if named else []  # "X is Y's closest ally"
    if not refs and from_clause and "with" in sense.targets:
        refs = _modifier(token, actors)  # "Australian warships have joined Philippine patrols"
    return refs


def _between(token: Token, senses: tuple[Trigger, ...], actors: Actors) -> Iterator[Reading]:
    """Read a mutual relation between parties: "the dispute between Cairo and Addis Ababa"."""
    if clause.is_negated(token) or not any("with" in s.targets and s.polarity for s in senses):
        return
    if lexicon().is_a("agreement", token.lemma_.lower()):
        return  # "the deal between A and B" is a thing they made, not a stance
    if token.dep_ == "nsubj" and lexicon().is_a("fading", token.head.lemma_.lower()):
        return  # "the rivalry between A and B has cooled"
    if token.dep_ == "pobj" and lexicon().is_a("appeal", token.head.head.lemma_.lower()):
        return  # "called for reconciliation between A and B": a goal, not a fact
    parties = [
        r for pobj in clause.prep_objects(token, ("between",)) for r in clause.through(pobj, actors)
    ]
    if len(parties) != 2:  # "the deal between Australia, Britain and America" binds no pair
        return
    polarity = next(s.polarity for s in senses if "with" in s.targets and s.polarity)
    yield from mutual(parties, polarity, "nominal.between", token)


def read(sentence: Parsed) -> Iterator[Reading]:
    """Read the stances that trigger nouns state."""
    actors = sentence.actors
    words = lexicon()
    for token in sentence.tokens:
        if token.pos_ != "NOUN":
            continue
        lemma = token.lemma_.lower()
        senses = words.senses(lemma, "NOUN") or words.senses(token.lower_, "NOUN")
        if not senses or clause.is_hypothetical(token) or clause.is_past(token):
            continue
        head = token.head
        if head.pos_ in ("VERB", "AUX") and clause.subject_negated(head):
            continue  # "not every neighbour…"
        withdrawn = token.dep_ == "dobj" and words.is_a("worsen", head.lemma_.lower())
        holders, rule, from_clause = holders_of(token, actors)
        if not holders:
            yield from _between(token, senses, actors)
            continue
        negated = clause.is_negated(token)
        for sense in senses:
            polarity = sense_polarity(sense, negated)
            if polarity is None:
                continue
            targets = _targets(token, sense, actors, from_clause)
            if withdrawn:  # "suspended military aid to Niger", "ended its pact with France"
                if polarity != "support" or not targets:
                    break
                polarity, rule = "oppose", "nominal.withdrawn"
                holders = clause.subjects(head, actors)
            if targets and holders:
                yield Reading(holders, targets, polarity, rule, token)
                break
            joint = any(c.lower_ in ("joint", "mutual", "bilateral") for c in token.children)
            if (
                len(holders) >= 2
                and "with" in sense.targets
                and from_clause
                and (words.is_a("bond", lemma) or words.is_a("bond", token.lower_) or joint)
            ):
                # "Tokyo and Seoul have kept their rapprochement alive"
                yield from mutual(holders, polarity, "nominal.mutual", token)
                break
        else:
            if words.is_a("aggression", lemma) and not negated:
                victims = [
                    r
                    for pobj in clause.prep_objects(token, ("against", "on"))
                    for r in clause.through(pobj, actors)
                ]
                if victims:
                    yield Reading(holders, victims, "oppose", "nominal.aggression", token)
