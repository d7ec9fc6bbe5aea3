"""Where a predicate's arguments stand in a dependency parse, and what cancels a clause.

The constructions ask the same questions of the parse: who is the subject of this verb (also
through "refused to condemn", "which backs", "and accused"), what is its object (also through
"the policies of Russia"), and is the act negated, refused, hypothetical or only past.
Labels are ClearNLP's, as spaCy's English models use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.actors import Actors
from kg.extract.lexicon import lexicon
from kg.model import EntityRef

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CONTROLLED = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl"})
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})
# Steps up the tree that stay inside one act: "refused [xcomp] to condemn", "support [dobj] for".
_SAME_ACT = frozenset({"xcomp", "dobj", "pobj", "prep", "pcomp", "acomp", "attr", "oprd",
                       "amod", "compound", "dative", "acl", "advcl"})
_OLD_YEAR = re.compile(r"^(1[0-9]{3}|19[0-8][0-9])s?$")


def clause_verb(token: Token) -> Token:
    """Return the verb (or copula) heading the clause a token sits in."""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def event_object(verb: Token, obj: Token, actors: Actors) -> list[EntityRef]:
    """Return whom a ", which X condemned" clause is aimed at: the doer of what it refers to.

    "Britain sent a ship to the coast, which Caracas condemned" condemns Britain's act; where
    the antecedent is itself a country ("…with Chad, which Libya backs"), it is that country.
    """
    if obj.lower_ != "which" or verb.dep_ != "relcl" or obj.i == 0 or \
            obj.doc[obj.i - 1].text != "," or any(  # "which they praised": whose act is unclear
                c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children):
        return []
    antecedent = verb.head
    own = actors.with_conjuncts(antecedent)
    if own:
        return own
    head = clause_verb(antecedent)
    return subjects(head, actors) if head.i != antecedent.i else []


def subjects(verb: Token, actors: Actors) -> list[EntityRef]:
    """Return the entities in subject position of a verb, following control and coordination."""
    node = verb
    for _ in range(6):
        for dependent in node.children:
            if dependent.dep_ in ("nsubj", "csubj"):
                if dependent.lower_ in _RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return _antecedent(node.head, actors)
                refs = actors.with_conjuncts(dependent)
                if not refs:  # "Chile and Bolivia, associate members of the bloc, have kept…"
                    refs = [r for c in dependent.children if c.dep_ in ("nmod", "appos")
                            for r in actors.with_conjuncts(c)]
                return refs
        if node.dep_ == "relcl":
            return _antecedent(node.head, actors)
        if node.dep_ == "acl":
            return through(node.head, actors)
        if node.dep_ not in _CONTROLLED or node.head.i == node.i:
            return _misparsed_subject(node, actors)
        if node.dep_ == "pcomp" and node.head.lower_ in ("for", "of"):
            governor = node.head.head
            if lexicon().is_a("allegation", governor.lemma_.lower()):
                return []  # "accused Benin of hosting French soldiers": Niamey's claim
            obj = child(governor, "dobj")  # "denounced France for arming Armenia"
            if obj is not None:
                return actors.with_conjuncts(obj)
        node = node.head
        if node.pos_ == "ADP":  # "by backing X": the prepositional phrase's verb
            node = node.head
    return []


def _antecedent(noun: Token, actors: Actors) -> list[EntityRef]:
    """Return what a relative clause is about: "Paraguay, the only member that still…".

    A predicate noun stands for its clause's subject: "It is the only country that still
    recognises Taiwan".
    """
    if noun.dep_ in ("attr", "oprd") and noun.head.pos_ in ("AUX", "VERB"):
        return subjects(noun.head, actors)
    refs = actors.with_conjuncts(noun)
    if not refs and noun.dep_ == "appos":
        refs = actors.with_conjuncts(noun.head)
    return refs


def _misparsed_subject(verb: Token, actors: Actors) -> list[EntityRef]:
    """Find a subject the parser attached elsewhere: the nearest entity left of the verb.

    The small model sometimes hangs a subject on a preceding phrase ("According to X, Burkina
    Faso and Mali have warmed to Togo": "Faso" as a conjunct of "X").
    """
    for i in range(verb.i - 1, max(verb.i - 8, -1), -1):
        token = verb.doc[i]
        if token.pos_ in ("VERB", "PUNCT") and token.dep_ != "punct" or token.lower_ == ";":
            return []
        if token.dep_ in ("conj", "compound", "appos", "npadvmod") and actors.of(token):
            group = actors.with_conjuncts(token)
            return group
    return []


def passive_subject(verb: Token) -> Token | None:
    """Return the passive subject of a verb, if it is passive."""
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return child
    return None


def agent(verb: Token) -> Token | None:
    """Return the "by" agent of a passive verb."""
    return next(agents(verb), None)


def agents(verb: Token) -> Iterator[Token]:
    """Yield the "by" agents of a passive verb, also "by Moscow and by Beijing"."""
    for dependent in verb.children:
        if dependent.dep_ == "agent":
            for by in (dependent, *dependent.conjuncts):
                for obj in by.children:
                    if obj.dep_ == "pobj":
                        yield obj


def child(token: Token, *deps: str) -> Token | None:
    """Return the first child with one of the dependency labels.

    An object is looked for right of its verb first: the small model sometimes attaches the
    complementiser of "told the Council that Serbia condemned Armenia" as a second object.
    """
    found = [c for c in token.children if c.dep_ in deps]
    if len(found) > 1:
        right = [c for c in found if c.i > token.i and c.lower_ not in _RELATIVE_PRONOUNS]
        found = right or found
    return found[0] if found else None


def prep_objects(token: Token, preps: tuple[str, ...] | frozenset[str]) -> Iterator[Token]:
    """Yield the objects of a token's prepositions among `preps` ("with X", "between A and B")."""
    for c in token.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            for prep in (c, *c.conjuncts):  # "to South Korea and to Japan"
                for obj in prep.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        yield obj


def aggressors(token: Token, actors: Actors) -> list[EntityRef]:
    """Return who commits an act of aggression: "Russia's invasion", "annexed by Russia"."""
    for c in token.children:
        if c.dep_ in ("poss", "amod", "compound") and c.pos_ != "PRON" and actors.of(c):
            return actors.with_conjuncts(c)
    for obj in prep_objects(token, ("by", "to", "into")):  # "the annexation of Crimea to Russia"
        refs = through(obj, actors, 1)
        if refs:
            return refs
    return []


def through(token: Token, actors: Actors, depth: int = 2) -> list[EntityRef]:
    """Return a token's entities, or those of the noun phrase it heads ("Russia's policies").

    An act of aggression stands for its agent ("condemned Russia's invasion of Ukraine" is
    aimed at Russia); a claim stands for its claimant ("the boundaries claimed by Athens").
    """
    refs = actors.with_conjuncts(token)
    if refs or depth == 0 or token.pos_ not in ("NOUN", "PROPN"):
        return refs
    for sense in lexicon().senses(token.lemma_.lower(), "NOUN"):
        if sense.polarity == "support" and set(sense.targets) & {"to", "for"}:
            beneficiaries = [r for obj in prep_objects(token, ("to", "for"))
                             for r in actors.with_conjuncts(obj)]
            if beneficiaries:  # "blocked EU aid to Kyiv" is aimed at Kyiv, not at the EU
                return beneficiaries
    if lexicon().is_a("aggression", token.lemma_.lower()):
        refs = aggressors(token, actors)  # else the parties: "neutral in the war between A and B"
        return refs or [r for obj in prep_objects(token, ("between",)) for r in
                        actors.with_conjuncts(obj)]
    for c in token.children:
        if c.dep_ in ("poss", "amod", "compound") and c.pos_ != "PRON" and actors.of(c):
            return actors.with_conjuncts(c)
        if c.dep_ == "acl":
            by = agent(c)
            if by is not None and actors.of(by):
                return actors.with_conjuncts(by)
    # "the dispute between A and B" stands for its parties; "the deal between A, B and C",
    # a thing they made, does not
    lemma = token.lemma_.lower()
    words = lexicon()
    preps: tuple[str, ...] = ("of",)
    if words.is_a("agreement", lemma):
        preps = ("of", "with")  # "welcomed the agreement with Rabat"
    elif words.is_a("bond", lemma):
        preps = ("of", "between")
    for obj in prep_objects(token, preps):
        refs = through(obj, actors, depth - 1)
        if refs:
            return refs
    return []


def measured(token: Token) -> Token:
    """Return what a quantity measures: "gas" for "most of its gas", "aid" for "packages of aid"."""
    words = lexicon()
    while words.is_a("quantity", token.lemma_.lower()):
        inner = next(iter(prep_objects(token, ("of",))), None)
        if inner is None:
            break
        token = inner
    return token


def toward_both(token: Token, preps: tuple[str, ...]) -> bool:
    """Tell whether a word's prepositional object is "both" ("relations with both governments")."""
    return any(obj.lower_ == "both" or any(c.lower_ == "both" for c in obj.children)
               for obj in prep_objects(token, preps))


def is_negated(token: Token) -> bool:
    """Tell whether a token's act is negated or refused ("has not condemned", "refused to back")."""
    words = lexicon()
    node = token
    for _ in range(5):
        for c in node.children:
            if c.dep_ == "neg" and c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ == "only":
                continue  # "has not only expanded … but also supported"
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                return True
            if c.dep_ == "advmod" and c.lower_ in ("never", "hardly", "barely", "scarcely"):
                return True
        if node.i != token.i and words.is_a("refusal", node.lemma_.lower()):
            return True
        if node.dep_ not in _SAME_ACT or node.head.i == node.i:
            return False
        node = node.head
    return False


def subject_negated(verb: Token) -> bool:
    """Tell whether the subject is quantified away ("not every neighbour", "no country")."""
    subject = child(verb, "nsubj", "nsubjpass")
    if subject is None:
        return False
    return any(c.lower_ in ("no", "not", "neither", "few") for c in subject.subtree
               if c.i < subject.i)


def is_hypothetical(token: Token) -> bool:
    """Tell whether the act sits in a clause that states no fact ("if Rome backed Tripoli")."""
    words = lexicon()
    node, own_clause = token, True
    for _ in range(8):
        for c in node.children:
            if c.dep_ == "mark" and words.is_a("hypothetical", c.lower_):
                return True
            if own_clause and c.dep_ == "aux" and words.is_a("modal", c.lower_):
                return True
        if node.head.i == node.i:
            return False
        own_clause = own_clause and node.dep_ in ("xcomp", "dobj", "pobj", "prep", "acomp")
        node = node.head
    return False


def is_past(token: Token) -> bool:
    """Tell whether the clause is framed as a past since reversed ("until 2021", "once")."""
    words = lexicon()
    verb = clause_verb(token)
    if any(c.dep_ in ("advmod", "npadvmod") and words.is_a("present", c.lower_)
           for c in verb.children):
        return False  # "Once a partner of Uganda, Rwanda now accuses Kampala"
    for war in verb.subtree:  # "…fought one of the longest campaigns of the Second World War"
        if war.lower_ in ("war", "wars") and war.i > 0 and war.doc[war.i - 1].lower_ in (
                "world", "cold") and not any(a.lower_ == "since" for a in war.ancestors):
            return True
    for c in verb.children:
        if c.dep_ in ("advmod", "npadvmod") and words.is_a("past", c.lower_):
            return True
        if c.dep_ == "aux" and c.lower_ == "having":  # "Having long backed Nicaragua, …"
            return True
        if c.dep_ in ("advmod", "npadvmod", "prep") and any(
                t.lower_ == "ago" for t in c.subtree):  # "a few years ago"
            return True
        if c.dep_ == "prep" and c.lower_ in ("until", "in", "during", "till"):
            words_in = [t.lower_ for t in c.subtree]
            if any(words.is_a("era", w) for w in words_in) or "cold war" in " ".join(words_in):
                return True  # "in the 19th century", "during the Cold War"
            for obj in c.subtree:
                if _OLD_YEAR.match(obj.text) or (c.lower_ in ("until", "till")
                                                 and obj.like_num):
                    return True
        if c.lower_ == "used" and c.dep_ in ("aux", "ROOT"):
            return True
    return verb.lower_ == "used" or any(c.lower_ == "used" for c in verb.ancestors)
