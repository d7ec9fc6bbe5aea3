"""Who a word of a parsed sentence stands for: countries, organizations, and what refers to them.

The gazetteer finds names, demonyms, capitals and seats as character spans; `place` lays them on
the parse, where the head token of each span carries the mention. `Actors.of(token)` then
answers for any token:

- a mention's head: its entity ("the Kremlin", "Tel Aviv", "Qatari");
- an agent noun modified by a mention: that entity ("Qatari diplomats", "the authorities in
  Lomé", "Turkey's government", "the Turkish side");
- an anaphor: the entity the discourse makes salient ("It has also armed Minsk", "the
  kingdom"), or the last pair named together ("Both capitals…", "the two countries").

`with_conjuncts` adds coordinated tokens: "Poland and Hungary" gives both.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.countries import country_registry
from kg.errors import KGError
from kg.extract.lexicon import lexicon
from kg.model import EntityRef

_GROUP_SIZES = {"three": 3, "four": 4, "five": 5, "six": 6}
_SINGLE_PRONOUNS = frozenset({"it", "its", "itself"})
_PLURAL_PRONOUNS = frozenset({"they", "their", "them", "themselves"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
_PLACE_PREPS = frozenset({"in", "of", "from"})
_FORMS_OF_STATE = frozenset({"kingdom", "republic", "emirate", "sultanate", "principality"})


@dataclass(frozen=True)
class Mention:
    """An entity named at body[start:end]."""

    start: int
    end: int
    ref: EntityRef


@dataclass
class Discourse:
    """What earlier sentences make salient: the last country in subject position, the last pair."""

    single: EntityRef | None = None
    pair: tuple[EntityRef, EntityRef] | None = None
    pair_counts: Counter[frozenset[EntityRef]] = field(default_factory=Counter)
    groups: dict[int, list[EntityRef]] = field(default_factory=dict)  # the last, by size
    mentions: Counter[EntityRef] = field(default_factory=Counter)  # the article's topic

    def remember(self, subjects: list[EntityRef], named: list[EntityRef],
                 groups: list[list[EntityRef]]) -> None:
        """Update salience after a sentence: its subjects, its coordinated pairs, what it named."""
        countries = [r for r in subjects if r.kind == "country"]
        if len(countries) == 1:
            self.single = countries[0]
        distinct = list(dict.fromkeys(r for r in named if r.kind == "country"))
        self.mentions.update(distinct)
        if not countries and len(distinct) == 1:
            self.single = distinct[0]
        for group in groups:
            if len(group) > 2 and all(r.kind == "country" for r in group):
                self.groups[len(group)] = group
        pairs = [g for g in groups if len(g) == 2 and all(r.kind == "country" for r in g)]
        for group in pairs:
            self.count_pair(group, 2)
        if len(distinct) == 2:
            self.count_pair(distinct, 1)

    def count_pair(self, pair: list[EntityRef], weight: int) -> None:
        """Count a pair named together; the pair named together most is the article's conflict."""
        key = frozenset(pair)
        self.pair_counts[key] += weight
        if self.pair is None or self.pair_counts[key] >= self.pair_counts[frozenset(self.pair)]:
            self.pair = (pair[0], pair[1])


@dataclass
class Actors:
    """The entities a parsed sentence's tokens stand for."""

    doc: Doc
    heads: dict[int, list[EntityRef]] = field(default_factory=dict)
    inside: set[int] = field(default_factory=set)
    discourse: Discourse = field(default_factory=Discourse)

    def of(self, token: Token) -> list[EntityRef]:
        """Return the entities a token stands for, or nothing."""
        if token.i in self.heads:
            return self.heads[token.i]
        if token.i in self.inside:
            return []
        lower = token.lower_
        if lower in _SINGLE_PRONOUNS:
            return self._single(token, subject_first=True)
        if lower in _PLURAL_PRONOUNS:
            return self._plural(token)
        if lower == "both" and token.dep_ in ("nsubj", "dobj", "pobj"):
            return self._pair(token)
        if lower == "two" and "the" in self._determiners(token) and token.dep_ in (
                "nsubj", "dobj", "pobj"):
            return self._pair(token)  # "mediated between the two"
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        if lexicon().is_a("agent", token.lemma_.lower()):
            return self._agent(token)
        if token.tag_ in ("NNS", "NNPS") and self._is_definite_pair(token):
            return self._pair(token)  # "the two neighbours", "both rivals"
        size = self._group_size(token)
        if size:  # "the three Sahel states": the last three named together
            return list(self.discourse.groups.get(size, []))
        if token.lower_ == "pair" and "the" in self._determiners(token):
            return self._pair(token)
        return []

    def _plural(self, token: Token) -> list[EntityRef]:
        """Resolve "they", "them", "their": the last plural noun phrase before them, if any."""
        plural_seen = False
        for i in range(token.i - 1, -1, -1):
            earlier = self.doc[i]
            if earlier.tag_ in ("NNS", "NNPS") and earlier.dep_ not in ("compound", "amod"):
                refs = self.of(earlier) if earlier.i not in self.heads else []
                if refs:  # "the military rulers in Naypyidaw … China backs them"
                    return refs
                plural_seen = True
                continue
            group = self.with_conjuncts(earlier) if earlier.dep_ != "conj" else []
            if len(group) >= 2:
                return group
        return [] if plural_seen else self.discourse_pair()

    def _single(self, token: Token, *, subject_first: bool, kind: str = "",
                topic: bool = False) -> list[EntityRef]:
        """Resolve "it" or "the country": a country earlier in the sentence, else the discourse's.

        A pronoun prefers an earlier subject ("Ankara trains…, yet it also sells…"); a
        description prefers the last country named ("…relations with Ukraine and supports this
        country").
        """
        earlier = [(i, refs) for i, refs in self.heads.items()
                   if i < token.i and len(refs) == 1 and refs[0].kind == "country"
                   and _fits(refs[0], kind)]
        if not subject_first:  # a description names another country than its clause's subject
            earlier = [(i, refs) for i, refs in earlier
                       if not (self.doc[i].dep_ == "nsubj" and self.doc[i].head.i == token.head.i)]
        if subject_first:  # an earlier clause's subject, not the pronoun's own clause's
            earlier = [(i, refs) for i, refs in earlier
                       if self.doc[i].dep_ in ("nsubj", "nsubjpass")
                       and self.doc[i].head.i != token.head.i]
        if earlier:
            return max(earlier, key=lambda item: item[0])[1]
        if topic and not subject_first and self.discourse.mentions:
            # "sanctioned the military rulers": the country the article is about
            own = {r for c in token.head.children if c.dep_ == "nsubj" for r in self.of(c)}
            ranked = [r for r, _ in self.discourse.mentions.most_common() if r not in own
                      and _fits(r, kind)]
            if ranked:
                return [ranked[0]]
        single = self.discourse.single
        return [single] if single is not None and _fits(single, kind) else []

    def _pair(self, token: Token) -> list[EntityRef]:
        """Resolve "both", "the two…": a pair named earlier in the sentence, else the article's."""
        earlier: list[EntityRef] = []
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        own_subjects = {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
        if not own_subjects and verb.dep_ == "conj":  # a subject shared with the first verb
            own_subjects = {c.i for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")}
        for i in sorted(self.heads, reverse=True):
            if i >= token.i:
                continue
            group = self.with_conjuncts(self.doc[i])
            if len(group) >= 2 and group[0].kind == "country":
                return group
            if i not in own_subjects:  # "Brazil … called on both governments": not Brazil
                earlier.extend(r for r in self.heads[i]
                               if r.kind == "country" and r not in earlier)
        if len(earlier) == 2:
            return earlier
        return list(self.discourse.pair) if self.discourse.pair else []

    def groups(self) -> list[list[EntityRef]]:
        """Return the entities this sentence names together ("A and B", "between A and B")."""
        found = []
        for i in sorted(self.heads):
            token = self.doc[i]
            if token.dep_ != "conj":
                group = self.with_conjuncts(token)
                if len(group) >= 2:
                    found.append(group)
        return found

    def discourse_pair(self) -> list[EntityRef]:
        """Return the pair the article last named together: the parties of its conflict."""
        return list(self.discourse.pair) if self.discourse.pair else []

    def _group_size(self, token: Token) -> int:
        """Return n for "the three juntas", "the four Gulf states" (0 for anything else)."""
        words = self._determiners(token)
        if not words & {"the", "these", "those"} or token.tag_ not in ("NNS", "NNPS"):
            return 0
        if not (lexicon().is_a("pair", token.lemma_.lower())
                or lexicon().is_a("agent", token.lemma_.lower())):
            return 0
        return next((n for word, n in _GROUP_SIZES.items() if word in words), 0)

    def _is_definite_pair(self, token: Token) -> bool:
        """Tell "both rivals", "the two countries", "its two neighbours" from "two presidents"."""
        words = self._determiners(token)
        definite = "both" in words or ("two" in words and bool(
            words & {"the", "these", "those"} or any(c.dep_ == "poss" for c in token.children)))
        return definite and (lexicon().is_a("pair", token.lemma_.lower())
                             or lexicon().is_a("agent", token.lemma_.lower()))

    @staticmethod
    def _determiners(token: Token) -> set[str]:
        """Return the lower-cased determiners and numbers of a noun."""
        return {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod")}

    def _agent(self, token: Token) -> list[EntityRef]:
        """Resolve an agent noun through its modifiers, else as an anaphor."""
        leader = [c for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"
                  and c.i not in self.heads]
        if leader:  # "Lula's government": the country the sentence is about
            return self._single(token, subject_first=token.dep_ in ("nsubj", "nsubjpass"))
        for child in token.children:
            if child.dep_ in _MODIFIER_DEPS and child.i in self.heads:
                return self.with_conjuncts(child)
            if child.dep_ == "poss" and child.lower_ in _SINGLE_PRONOUNS:
                return self._single(token, subject_first=True)
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.i in self.heads:
                        return self.with_conjuncts(obj)
        words = self._determiners(token)
        size = self._group_size(token)
        if size:
            return list(self.discourse.groups.get(size, []))
        if token.lemma_.lower() in ("side", "party") and self._is_definite_pair(token):
            return self.discourse_pair()  # "both sides": the parties of the article's conflict
        if self._is_definite_pair(token) or (token.lower_ == "pair" and "the" in words):
            return self._pair(token)
        if words & {"the", "this", "that"} and not any(c.dep_ == "poss" for c in token.children):
            # as a subject it continues the topic ("now the interim government accuses India");
            # elsewhere it names another country than its clause's ("praised the kingdom")
            return self._single(token, subject_first=token.dep_ in ("nsubj", "nsubjpass"),
                                kind=token.lemma_.lower(), topic=True)
        return []

    def with_conjuncts(self, token: Token) -> list[EntityRef]:
        """Return the entities of a token and of the tokens coordinated with it."""
        refs = list(self.of(token))
        for other in (*token.conjuncts, *self._listed_as_appositions(token, refs)):
            refs.extend(r for r in self.of(other) if r not in refs)
        return refs

    def _listed_as_appositions(self, token: Token, refs: list[EntityRef]) -> list[Token]:
        """Return list items the parser took for appositions: "Mali, Burkina Faso and Niger".

        One country is never an apposition of another, so a country hanging off a country as
        `appos` is the next item of a list, with the items coordinated after it.
        """
        if not any(r.kind == "country" for r in refs):
            return []
        items = [c for c in token.children if c.dep_ == "appos"
                 and any(r.kind == "country" and r not in refs for r in self.of(c))]
        return [t for item in items for t in (item, *item.conjuncts)]


def _fits(country: EntityRef, kind: str) -> bool:
    """Tell whether a country can be "the kingdom" or "the emirate": its official name says."""
    if kind not in _FORMS_OF_STATE:
        return True
    try:
        official = country_registry().get(country.key).official_name.lower()
    except KGError:  # an organization or an unknown code is no kingdom
        return False
    return kind in official


def place(doc: Doc, offset: int, mentions: list[Mention], discourse: Discourse) -> Actors:
    """Lay body mentions on a sentence parsed from body[offset:]; each span's head carries it."""
    actors = Actors(doc, discourse=discourse)
    for mention in mentions:
        span = doc.char_span(mention.start - offset, mention.end - offset,
                             alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        refs = actors.heads.setdefault(head.i, [])
        if mention.ref not in refs:
            refs.append(mention.ref)
        actors.inside.update(t.i for t in span if t.i != head.i)
    return actors
