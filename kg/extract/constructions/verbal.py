"""Verbs that state a stance, active or passive.

Rule: a trigger verb (kg/data/stance_triggers.tsv, pos VERB) takes its holder from its subject,
following control ("refused to condemn"), coordination ("…and accused Paris") and relative
clauses ("Russia, which backs…"), and its target from the slot its lexicon line names: the
direct object, the indirect object, or a preposition's object under the verb or its object.
In the passive the "by" agent holds and the passive subject is the target. Backing an act of
aggression ("backed sanctions against Russia") opposes its victim.

- "Chile supplied Peru with patrol boats" → CL support PE (verbal.active)
- "Ukraine has since been armed by Poland" → PL support UA (verbal.passive)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import clause
from kg.extract.actors import Actors
from kg.extract.constructions.base import Parsed, Reading, mutual
from kg.extract.lexicon import Trigger, lexicon
from kg.model import EntityRef, Polarity

_CONFLICTS = frozenset(
    {"war", "conflict", "dispute", "standoff", "rivalry", "quarrel", "crisis", "row", "feud"}
)


def sense_polarity(sense: Trigger, negated: bool) -> Polarity | None:
    """Return what a sense states, negated or not."""
    return sense.negated if negated else sense.polarity


def verb_senses(token: Token) -> tuple[Trigger, ...]:
    """Return a verb's senses, preferring a phrasal entry ("take sides", "turn down")."""
    words = lexicon()
    lemma = token.lemma_.lower()
    for c in token.children:
        if c.dep_ in ("dobj", "prt"):
            senses = words.senses(f"{lemma} {c.lemma_.lower()}", "VERB")
            if senses:
                return senses
    return words.senses(lemma, "VERB")


def slot_targets(token: Token, slots: tuple[str, ...], actors: Actors) -> list[EntityRef]:
    """Return the entities standing in a sense's target slots of a verb."""
    obj = clause.child(token, "dobj")
    if obj is None:  # "Turkiye supports Malaysia" with the object misparsed as an adverbial
        obj = next((c for c in token.rights if c.dep_ == "npadvmod" and actors.of(c)), None)
    if obj is None:  # "condemned and sanctioned Minsk": the object shared with the next verb
        obj = next(
            (
                clause.child(c, "dobj")
                for c in token.children
                if c.dep_ == "conj"
                and c.pos_ == "VERB"
                and clause.child(c, "dobj") is not None
                and clause.child(c, "nsubj") is None
            ),
            None,
        )
    if obj is not None:
        obj = clause.measured(obj)
    for slot in slots:
        if slot == "obj":
            refs = []
            if obj is not None and lexicon().is_a("agent", obj.lemma_.lower()):
                # "backs the new authorities in Damascus", the place hung on the verb right after
                refs = _right_after(token, obj, ("in",), actors)
            if obj is not None and _gives(obj):
                # "blocked EU aid to Kyiv": aid is aimed at whom it goes to, not who gives it
                refs = _right_after(token, obj, ("to", "for"), actors)
            refs = refs or (clause.through(obj, actors) if obj is not None else [])
            if not refs and obj is not None:
                refs = clause.event_object(token, obj, actors)
            if not refs and obj is not None and not actors.of(obj):
                # "struck targets in Syria and Lebanon": the place right after the object
                refs = _right_after(token, obj, ("in",), actors, on_object=True)
        elif slot == "dative":
            dative = clause.child(token, "dative")
            if dative is None and obj is not None:  # "offered Kyrgyzstan and Tajikistan loans"
                dative = clause.child(obj, "nmod", "compound")
            refs = actors.with_conjuncts(dative) if dative is not None else []
        else:
            refs = []
            for head in (token, obj, *(obj.conjuncts if obj is not None else ())):
                if head is not None:
                    for pobj in clause.prep_objects(head, (slot,)):
                        refs.extend(r for r in clause.through(pobj, actors) if r not in refs)
        if refs:
            return refs
    return []


def _right_after(
    verb: Token, obj: Token, preps: tuple[str, ...], actors: Actors, *, on_object: bool = False
) -> list[EntityRef]:
    """Return the entities of a phrase right after the object, hung on the verb (or the object)."""
    heads = (verb, obj) if on_object else (verb,)
    return [
        r
        for head in heads
        for pobj in clause.prep_objects(head, preps)
        if pobj.head.i == obj.right_edge.i + 1 or (on_object and pobj.head.head.i == obj.i)
        for r in clause.through(pobj, actors)
    ]


def _misparsed_verb(token: Token, actors: Actors) -> Iterator[Reading]:
    """Read a present-tense verb the small model took for a noun: "Oman mediates between…".

    The signature is a plural-looking noun heading a clause, with the entity before it as a
    compound ("Sri Lanka mediates", "Belarus sides with Moscow"); only prepositional senses
    are read, since the object of such a parse is unreliable.
    """
    if token.dep_ not in ("ROOT", "ccomp", "conj") or not token.lower_.endswith("s"):
        return
    holders = [r for c in token.lefts if c.dep_ == "compound" for r in actors.with_conjuncts(c)]
    if not holders or clause.is_negated(token) or clause.is_hypothetical(token):
        return
    lemma = (
        token.lower_[:-2]
        if token.lower_.endswith("es") and not lexicon().senses(token.lower_[:-1], "VERB")
        else token.lower_[:-1]
    )
    for sense in lexicon().senses(lemma, "VERB"):
        preps = tuple(s for s in sense.targets if s not in ("obj", "dative"))
        targets = [
            r for pobj in clause.prep_objects(token, preps) for r in clause.through(pobj, actors)
        ]
        if sense.polarity and targets:
            yield Reading(holders, targets, sense.polarity, "verbal.misparsed", token)
            return


def in_the_conflict(token: Token, preps: tuple[str, ...]) -> bool:
    """Tell "has not taken sides in the war" (the article's conflict) from a conflict named apart.

    Only a bare definite conflict noun refers back: "in the disputes of its neighbours" and
    "in the quarrels of the Gulf" name other parties, and no phrase at all refers to nothing.
    """
    heads = [token, *(c for c in token.children if c.dep_ == "dobj")]
    for head in heads:
        for pobj in clause.prep_objects(head, preps):
            bare = all(c.dep_ in ("det", "punct") for c in pobj.children)
            return bare and pobj.lemma_.lower() in _CONFLICTS
    return False


def _hosts_talks(token: Token) -> bool:
    """Tell whether a mediation verb's object is a round of talks."""
    words = lexicon()
    obj = clause.child(token, "dobj")
    return (
        obj is not None
        and words.is_a("mediation", token.lemma_.lower())
        and (
            words.is_a("talks", obj.lemma_.lower())
            or any(words.is_a("talks", o.lemma_.lower()) for o in clause.prep_objects(obj, ("of",)))
        )
    )


def _each_other(token: Token) -> bool:
    """Tell whether the verb's object is "each other" or "one another"."""
    obj = clause.child(token, "dobj") or next(
        clause.prep_objects(token, ("with", "against", "to")), None
    )
    return (
        obj is not None
        and obj.lower_ in ("other", "another")
        and any(c.lower_ in ("each", "one") for c in obj.children)
    )


def _gives(noun: Token) -> bool:
    """Tell whether a noun names something given to a beneficiary ("aid", "loans", "arms")."""
    return any(
        s.polarity == "support" and set(s.targets) & {"to", "for"}
        for s in lexicon().senses(noun.lemma_.lower(), "NOUN")
    )


def _lifted(token: Token, actors: Actors) -> Iterator[Reading]:
    """Read an act against a country lifted: "Japan lifted its export controls on South Korea"."""
    if (
        not lexicon().is_a("lifting", token.lemma_.lower())
        or clause.is_negated(token)
        or clause.is_hypothetical(token)
        or clause.is_past(token)
    ):
        return
    victims = _aggression_victims(token, actors)
    holders = clause.subjects(token, actors) if victims else []
    if holders:
        yield Reading(holders, victims, "support", "verbal.lifted", token)


def _made_even(token: Token) -> bool:
    """Tell whether the verb's object is a balance made even ("the same distance")."""
    obj = clause.child(token, "dobj")
    return obj is not None and any(
        lexicon().is_a("even", c.lower_) for c in obj.children if c.dep_ == "amod"
    )


def _aggression_victims(token: Token, actors: Actors) -> list[EntityRef]:
    """Return the victims of an act of aggression a verb backs ("sanctions against Russia")."""
    obj = clause.child(token, "dobj")
    if obj is None or not lexicon().is_a("aggression", obj.lemma_.lower()):
        return []
    refs: list[EntityRef] = []
    for pobj in [
        *clause.prep_objects(obj, ("against", "on", "of")),
        *clause.prep_objects(token, ("on",)),
    ]:
        refs.extend(r for r in clause.through(pobj, actors) if r not in refs)
    return refs


def read(sentence: Parsed) -> Iterator[Reading]:
    """Read the stances that trigger verbs state."""
    actors = sentence.actors
    for token in sentence.tokens:
        if token.pos_ == "NOUN":
            yield from _misparsed_verb(token, actors)
            continue
        if token.pos_ != "VERB":
            continue
        yield from _lifted(token, actors)
        senses = verb_senses(token)
        if (
            not senses
            or clause.is_hypothetical(token)
            or clause.is_past(token)
            or clause.subject_negated(token)
        ):
            continue
        if _hosts_talks(token):
            continue  # "hosted talks between A and B": neutrality reads it
        negated = clause.is_negated(token)
        patient = clause.passive_subject(token)
        if patient is not None:
            holders = [r for by in clause.agents(token) for r in actors.with_conjuncts(by)]
            targets = clause.through(patient, actors)
            for sense in senses:
                polarity = sense_polarity(sense, negated)
                if polarity and holders and targets and set(sense.targets) & {"obj", "dative"}:
                    yield Reading(holders, targets, polarity, "verbal.passive", token)
                    break
            continue
        holders = clause.subjects(token, actors)
        if not holders:
            continue
        if _each_other(token) and len(holders) >= 2:
            for sense in senses:
                polarity = sense_polarity(sense, negated)
                if polarity is not None:
                    yield from mutual(holders, polarity, "verbal.each-other", token)
                    break
            continue
        rule = "verbal.active" if clause.child(token, "nsubj") is not None else "verbal.controlled"
        for sense in senses:
            polarity = sense_polarity(sense, negated)
            if polarity is None:
                continue
            if polarity == "support" and "obj" in sense.targets:
                victims = _aggression_victims(token, actors)
                if victims:
                    yield Reading(holders, victims, "oppose", "verbal.aggression", token)
                    break
            if _made_even(token):
                continue  # "kept the same distance from A and B": neutrality reads it
            if polarity == "support":  # "backs the leadership against the government in X"
                opposed = [
                    r
                    for pobj in clause.prep_objects(token, ("against",))
                    for r in clause.through(pobj, actors)
                ]
                if opposed:
                    yield Reading(holders, opposed, "oppose", "verbal.against", token)
            targets = slot_targets(token, sense.targets, actors)
            obj = clause.child(token, "dobj")
            if (
                targets
                and polarity == "oppose"
                and obj is not None
                and lexicon().is_a("balance", obj.lemma_.lower())
                and (
                    clause.toward_both(token, sense.targets)
                    or clause.toward_both(obj, sense.targets)
                )
            ):
                polarity, rule = "neutral", "verbal.balance"  # "kept its distance from both"
            if not targets and sense.polarity is None and in_the_conflict(token, sense.targets):
                targets, rule = actors.discourse_pair(), "verbal.neutral-pair"
            if targets:
                yield Reading(holders, targets, polarity, rule, token)
                break
