"""Relations, agreements and borders that an evaluative word turns into a stance.

Rule: a relation noun ("ties", "relations") states nothing alone; a warm or cold adjective
("close ties", "strained relations"), a verb that improves or worsens it ("deepened its ties",
"cut ties"), or a predicate ("relations … are tense") gives the polarity. An agreement ended
("ended its defence pact with France") and a border kept shut ("kept its border with Morocco
closed") oppose the partner, and so does an envoy recalled ("withdrew its ambassador from
Paris"). The holder is the possessor or the subject; the target is the
"with"/"to" object. "Between A and B", or a coordinated subject with no object ("A and B
clashed", "A and B signed a pact"), states the relation in both directions.

- "Kazakhstan has deepened its ties with China" → KZ support CN (relations.verb)
- "Relations between Rabat and Algiers remain frosty" → MA oppose DZ, DZ oppose MA
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import clause
from kg.extract.actors import Actors
from kg.extract.constructions.base import Parsed, Reading, mutual
from kg.extract.constructions.verbal import verb_senses
from kg.extract.lexicon import lexicon
from kg.model import EntityRef, Polarity


def _evaluation(noun: Token) -> tuple[Polarity | None, Token | None]:
    """Return the polarity words around a relation noun give it, and the verb it hangs on."""
    words = lexicon()
    for c in noun.children:
        if c.dep_ in ("amod", "compound"):
            if words.is_a("warm", c.lemma_.lower()) or words.is_a("warm", c.lower_):
                return "support", None
            if words.is_a("cold", c.lemma_.lower()) or words.is_a("cold", c.lower_):
                return "oppose", None
    head = noun.head
    lemma = head.lemma_.lower()
    if noun.dep_ in ("dobj", "nsubjpass", "nsubj") and head.pos_ == "VERB":
        if words.is_a("improve", lemma):
            return "support", head
        if words.is_a("worsen", lemma):
            return "oppose", head
    if noun.dep_ == "nsubj":
        for c in head.children:
            if c.dep_ in ("acomp", "attr", "oprd"):
                if words.is_a("warm", c.lemma_.lower()):
                    return "support", head
                if words.is_a("cold", c.lemma_.lower()):
                    return "oppose", head
    return None, head


_CLASSES = ("reciprocal", "relation", "border", "mission", "envoy", "agreement")


def _relation(noun: Token, actors: Actors) -> Iterator[Reading]:
    """Read a relation noun made evaluative."""
    polarity, verb = _evaluation(noun)
    if polarity is None or clause.is_negated(noun):
        return
    between = [
        r
        for pobj in clause.prep_objects(noun, ("between", "among"))
        for r in clause.through(pobj, actors)
    ]
    if len(between) >= 2:
        yield from mutual(between, polarity, "relations.between", noun)
        return
    holders: list[EntityRef] = []
    for c in noun.children:
        if c.dep_ in ("poss", "amod", "compound") and c.pos_ != "PRON" and actors.of(c):
            holders = actors.with_conjuncts(c)
    if not holders:
        holders = [
            r for pobj in clause.prep_objects(noun, ("of",)) for r in clause.through(pobj, actors)
        ]
    if not holders and noun.dep_ == "dobj":
        holders = clause.subjects(noun.head, actors)
    targets = [
        r
        for head in (noun, noun.head)
        for pobj in clause.prep_objects(head, ("with", "to", "toward", "towards"))
        for r in clause.through(pobj, actors)
    ]
    if holders and targets and polarity == "support" and clause.toward_both(noun, ("with", "to")):
        # "keeps good relations with both governments": balance between them
        yield Reading(holders, targets, "neutral", "relations.balance", noun)
    elif holders and targets:
        yield Reading(
            holders, targets, polarity, "relations.verb" if verb else "relations.adjective", noun
        )
    elif len(holders) >= 2 and not targets:
        yield from mutual(holders, polarity, "relations.mutual", noun)


def _opened_or_closed(noun: Token) -> Polarity | None:
    """Return oppose for a border or post kept or made closed, support for one reopened."""
    words = lexicon()
    verb = noun.head
    states = [c.lower_ for c in noun.children if c.dep_ == "amod"]
    states += [
        c.lower_ for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "advcl")
    ]
    if noun.dep_ == "dobj":
        states.append(verb.lemma_.lower())
    if any(words.is_a("closing", s) for s in states):
        return "oppose"
    if noun.dep_ == "dobj" and words.is_a("opening", verb.lemma_.lower()):
        return "support"  # reopening; an embassy merely kept open states nothing
    return None


def _border(noun: Token, actors: Actors, preps: tuple[str, ...], rule: str) -> Iterator[Reading]:
    """Read a border or embassy closed or reopened ("kept its border with Morocco closed")."""
    polarity = _opened_or_closed(noun)
    verb = noun.head
    if polarity is None or clause.is_negated(noun) or verb.pos_ not in ("VERB", "AUX"):
        return
    holders = clause.subjects(verb, actors)
    targets = [
        r
        for head in (noun, verb)
        for pobj in clause.prep_objects(head, preps)
        for r in clause.through(pobj, actors)
    ]
    if holders and targets:
        yield Reading(holders, targets, polarity, rule, noun)
    elif len(holders) >= 2 and polarity == "support":  # "A and B agreed to reopen the border"
        yield from mutual(holders, polarity, "relations.mutual", noun)


def _envoy(noun: Token, actors: Actors) -> Iterator[Reading]:
    """Read an envoy recalled or withdrawn from a country ("recalled its ambassador from Tunis")."""
    verb = noun.head
    if noun.dep_ != "dobj" or not lexicon().is_a("recall", verb.lemma_.lower()):
        return
    if clause.is_negated(noun):
        return
    holders = clause.subjects(verb, actors)
    targets = [
        r
        for head in (noun, verb)
        for pobj in clause.prep_objects(head, ("from",))
        for r in clause.through(pobj, actors)
    ]
    if holders and targets:
        yield Reading(holders, targets, "oppose", "relations.envoy", noun)


def _agreement(noun: Token, actors: Actors) -> Iterator[Reading]:
    """Read an agreement ended (oppose) or a pact signed by a coordinated subject (support)."""
    words = lexicon()
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or clause.is_negated(noun):
        return
    holders = clause.subjects(verb, actors)
    partners = [
        r for pobj in clause.prep_objects(noun, ("with",)) for r in clause.through(pobj, actors)
    ]
    partners += [
        r for pobj in clause.prep_objects(verb, ("with",)) for r in clause.through(pobj, actors)
    ]
    if words.is_a("worsen", verb.lemma_.lower()) and holders and partners:
        yield Reading(holders, partners, "oppose", "relations.agreement-ended", noun)
    elif words.is_a("light", verb.lemma_.lower()) and not partners and len(holders) >= 2:
        yield from mutual(holders, "support", "relations.mutual", noun)


def _reciprocal_verb(verb: Token, actors: Actors) -> Iterator[Reading]:
    """Read "A and B clashed", "the two governments coordinated the closure of crossings".

    A reciprocal verb with a coordinated subject and no "with" partner holds both ways.
    """
    partners = [
        o
        for head in (verb, *(c for c in verb.children if c.dep_ == "dobj"))
        for o in clause.prep_objects(head, ("with",))
    ]
    if (
        clause.is_negated(verb) or partners
    ):  # "normalised their relations with Tel Aviv": not each other
        return
    holders = clause.subjects(verb, actors)
    if len(holders) < 2:
        return
    for sense in verb_senses(verb):
        if sense.polarity is not None:
            yield from mutual(holders, sense.polarity, "relations.mutual", verb)
            return


def _joint_act(verb: Token, actors: Actors) -> Iterator[Reading]:
    """Read "Tanzania and Mozambique run joint patrols", "A and B restored their cooperation
    council", "signed a declaration of friendly relations": countries named together as the
    subject, acting as one, support each other.
    """
    words = lexicon()
    obj = clause.child(verb, "dobj")
    if obj is None or clause.is_negated(verb) or words.is_any(("worsen", "fading"),
                                                              verb.lemma_.lower()):
        return
    inner = list(clause.prep_objects(obj, ("of",)))
    phrase = [obj, *inner, *(c for t in (obj, *inner) for c in t.children
                             if c.dep_ in ("amod", "compound"))]
    joint = any(words.is_a("joint", t.lemma_.lower()) for t in phrase)
    friendly = any(words.is_a("relation", t.lemma_.lower()) and any(
        c.dep_ == "amod" and words.is_a("warm", c.lemma_.lower()) for c in t.children)
        for t in phrase)
    if not (joint or friendly) or any(True for _ in clause.prep_objects(obj, ("with",))):
        return
    holders = clause.subjects(verb, actors)
    if len(holders) >= 2:
        yield from mutual(holders, "support", "relations.joint", verb)


def read(sentence: Parsed) -> Iterator[Reading]:
    """Read the stances that relations, agreements and borders state."""
    actors = sentence.actors
    words = lexicon()
    for token in sentence.tokens:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and not (clause.is_hypothetical(token) or clause.is_past(token)):
            yield from _joint_act(token, actors)
        if (
            not words.is_any(_CLASSES, lemma)
            or clause.is_hypothetical(token)
            or clause.is_past(token)
        ):
            continue
        if token.pos_ == "VERB" and words.is_a("reciprocal", lemma):
            yield from _reciprocal_verb(token, actors)
        if token.pos_ != "NOUN":
            continue
        if words.is_a("relation", lemma):
            yield from _relation(token, actors)
        if words.is_a("border", lemma):
            yield from _border(token, actors, ("with", "to"), "relations.border")
        if words.is_a("mission", lemma):
            yield from _border(token, actors, ("in",), "relations.mission")
        if words.is_a("envoy", lemma):
            yield from _envoy(token, actors)
        if words.is_a("agreement", lemma):
            yield from _agreement(token, actors)
