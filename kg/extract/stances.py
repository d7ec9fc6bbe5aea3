"""Find stances, sentence by sentence and clause by clause, with a light shallow parse.

Each sentence becomes a row of items: words, and entities (countries and organizations from
the gazetteer, plus anaphors such as "this country" or "the two countries" resolved against
the entities met before them). Every lexicon trigger (see kg.extract.lexicon) then looks for
its holder and target where English puts them:

- the *subject* of a verb or predicate adjective: the nearest entity to the left that stands
  in subject position (not the object of a preposition, and followed by a verb group), with
  coordinated subjects ("Poland and Hungary have banned…") giving one stance each; a relative
  pronoun hands the role to its antecedent ("Beijing, which…, has supported"), a participle
  after a noun has that noun as subject ("statements criticising X": no stance);
- the *object*: the first entity to the right within the clause, possibly through a noun
  phrase ("the policies of Russia"), with coordinated objects giving one stance each;
  acts of aggression are composed ("supports sanctions against X" opposes X; "has not
  recognised the annexation of … by Russia" opposes Russia);
- passives ("Kyiv is supported by the United Kingdom") swap them;
- nominal triggers take a possessor or premodifier ("Turkey's support", "Russian criticism",
  "EU aid"), or the subject of the clause they sit in ("Turkey expressed support for…"), or,
  in a fronted phrase ("Through cooperation with Russia, Turkey is…"), the main subject;
- "between A and B" gives two targets, and a reciprocal relation without a holder gives both
  directions ("relations between A and B are close", "A and B signed a partnership").

A few frames of the genre are read as wholes: "sees X as a threat", "recalled its ambassador
from X", "signed an agreement with X", "hosted talks between A and B", "supplies drones to X",
"remains one of X's firmest backers", "has offered Argentina financing", "called on both
governments to show restraint" (neutral toward each), "abstained from condemning X".
Negation in the verb group drops a stance or changes it, as the lexicon entry says;
conditionals and questions state no stance; a clause framed by a time far back ("in 1942",
"during the Cold War", "in the 19th century") reports history, not a stance.

Plural anaphors ("the two governments", "both", "between them", "the pair") resolve to the
countries the sentence coordinates, else to the pair the article last named together; "both
sides" and a neutral predicate without a target ("has stayed neutral") refer to the parties
of the article's conflict.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kg.extract.lexicon import (
    ACT_NOUNS,
    AGENT_NOUNS,
    AGGRESSION_NOUNS,
    AGREEMENT_NOUNS,
    BACKED_PARTICIPLES,
    BENEFIT_NOUNS,
    BORDER_CLOSING,
    BORDER_NOUNS,
    BORDER_OPENING,
    CONTROL_VERBS,
    DETERIORATION_NOUNS,
    DIMINISHING_PREDICATES,
    ENVOY_NOUNS,
    FRIEND_NOUNS,
    GIVE_VERBS,
    HOST_VERBS,
    IMPROVEMENT_NOUNS,
    MATERIEL_NOUNS,
    MILITARY_NOUNS,
    MUTUAL_NOUNS,
    OPPOSE_RELATION_ADJECTIVES,
    OPPOSE_RELATION_VERBS,
    PARTNER_ADJECTIVES,
    POLICY_NOUNS,
    RECALL_VERBS,
    RELATION_NOUNS,
    REVERSING_VERBS,
    SEE_AS_VERBS,
    SIGN_VERBS,
    SUPPLY_VERBS,
    SUPPORT_RELATION_ADJECTIVES,
    SUPPORT_RELATION_VERBS,
    TALK_NOUNS,
    THREAT_NOUNS,
    TITLE_WORDS,
    TOPIC_NOUNS,
    TRIGGER_INDEX,
    Trigger,
    inflect,
)
from kg.extract.sentences import Span
from kg.model import EntityRef, Polarity, StanceFinding
from kg.uris import slugify

_TOKEN = re.compile(r"\w+(?=n['’]t\b)|n['’]t\b|['’]s\b|\w+(?:[-–]\w+)*|[^\w\s]")

DETERMINERS = frozenset(
    """the a an this that these those its their his her our some any all both each every
    such other another several many much more most no""".split()
)
PREPOSITIONS = frozenset(
    """with to towards toward in on at from of for against between among into about regarding
    concerning including like than over under within without through via despite after
    before during beyond by upon across amid around onto per versus vs near along""".split()
)
AUXILIARIES = frozenset(
    """is are was were be been being am has have had having will would can could may might
    must shall should does do did 'll""".split()
)
NEGATORS = frozenset(
    """not n't never no neither nor without hardly barely refused refuses refuse refusing
    declined declines decline failed fails fail stopped ceased avoided avoids avoid avoiding
    unwilling reluctant lack lacks cannot""".split()
)
ADVERBS = frozenset(
    """also always never not n't still even already strongly openly firmly repeatedly
    consistently increasingly recently then yet just reportedly traditionally officially
    publicly clearly explicitly actively fully largely generally often usually now long once
    again further only so too very really certainly apparently effectively practically
    implicitly tacitly silently quietly indirectly directly vehemently sharply harshly
    fiercely staunchly unequivocally categorically wholeheartedly generously militarily
    politically economically diplomatically previously earlier later currently seriously
    deeply highly initially eventually ultimately formally reluctantly cautiously swiftly
    quickly immediately gradually steadily notably particularly especially primarily mainly
    mostly partly somewhat rather quite however therefore thus instead both either since
    carefully openly in_turn for_its_part for_their_part""".split()
)
# Multi-word adverbials read as one adverb: "Rwanda has in turn accused Kinshasa".
_MULTIWORD_ADVERBS = {("in", "turn"): "in_turn", ("for", "its", "part"): "for_its_part",
                      ("for", "their", "part"): "for_their_part"}
_ADVERB_STARTS = frozenset(words[0] for words in _MULTIWORD_ADVERBS)
# Verbs that pass their subject on to a following "to"-infinitive ("Russia needs to cooperate").
SEMI_AUXILIARIES = frozenset(
    w for base in """need try seek want continue intend plan decide begin start attempt aim
    hope wish expect prefer choose manage tend agree promise pledge vow refuse decline fail
    stop cease appear seem dare rush struggle strive offer""".split()
    for w in inflect(base)
) | frozenset("""sought began begun chose chosen to going likely unlikely ready willing able
    eager keen determined set about""".split())
# Verbs that carry a nominal trigger without changing who holds it ("has close relations").
LIGHT_VERBS = frozenset(
    w for base in """have express voice show offer provide give extend declare announce
    pursue maintain keep enjoy seek want build develop establish forge impose adopt take
    display demonstrate lend pledge reaffirm reiterate signal join comply enforce implement
    apply tighten conduct hold stage lodge file register issue launch carry""".split()
    for w in inflect(base)
) | frozenset("has had took taken gave given kept sought built shown held".split())
COMMON_VERBS = frozenset(
    w for base in """know understand consider follow pursue try seek want need intend plan
    continue maintain view see regard believe think use play show aim hope expect remain
    become seem appear refuse decline fail stop start begin insist demand call urge ask
    offer provide sell buy send deliver supply sign conclude agree announce declare express
    voice reiterate emphasize stress say tell add state note claim argue deem ignore adopt
    take make give get put keep hold let go come stand develop establish build pay prefer
    choose decide manage attempt tend resume increase reduce raise expand host receive face
    enjoy share include involve lead join leave enter reach move turn push look press treat
    describe label accept allow permit prevent act respond react work signal reject promote
    improve strengthen deepen fear worry hesitate watch count rely depend perceive deploy
    station withdraw recall summon train run link pledge exchange lift""".split()
    for w in inflect(base)
) | frozenset("""knew understood thought saw held got made put led left went came stood paid
    chose sold bought sent began fell felt brought kept said told""".split())
TARGET_BOUNDARIES = frozenset(
    """, ; : . ? ! that which who whom whose because while whereas but although though if
    unless when since so and or nor “ ” " ( ) — – after before until as""".split()
) | {"“", "”", '"'}
# Nouns after which an of-phrase is not the thing a stance is about ("the importance of X").
OPAQUE_NOUNS = frozenset(
    """importance issue issues matter situation crisis question case capacity need
    needs ability future context framework level field area part view views words
    statements history beginning end start capital expense cost number side sides point
    extent role""".split()
)
# Heads after a demonym that name a non-state group: "the Syrian opposition" is not Syria.
NON_STATE_HEADS = frozenset(
    """opposition rebels rebel militants militant insurgents separatists militias militia
    fighters refugees diaspora kurds dissidents exiles minority minorities groups group
    issues affairs studies language workers farmers""".split()
)
# Nouns that head a holder phrase: "the government of Turkey", "Turkish officials".
HOLDER_HEADS = frozenset(
    """government governments officials official leaders leader leadership authorities
    president presidents minister ministers ministry army military forces troops parliament
    regime state states administration side diplomats diplomacy foreign people nation
    public establishment elite elites prime king emir crown prince chancellor premier
    cabinet spokesman spokesperson junta juntas envoy envoys member members delegation navy
    coast guard security rulers ruler regimes authority""".split()
)
_PASSIVE_BE = frozenset("is are was were be been being get gets got gotten become became".split())
_PARTICIPLE_IRREGULAR = frozenset("stood taken fought cut broken seen".split())
_FRONTED_OPENERS = frozenset(
    """through with by in despite after given due thanks via amid following during""".split()
)
_CONDITIONAL = frozenset("if unless whether".split())
_COPULAS = frozenset(
    """is are was were be been being remain remains remained stay stays stayed become
    becomes became seem seems seemed appear appears appeared""".split()
)
_COPULA_ONLY = frozenset({"against", "close to", "neutral", "impartial", "in favor of",
                          "in favour of"})
# Nominal triggers whose of-phrase names the target ("criticism of Russia"); for the others
# it names the holder ("the opposition of the West").
_OF_TARGET_NOUNS = frozenset(
    """criticism criticisms condemnation rejection invasion occupation annexation boycott
    claim claims""".split()
)
_CLAUSE_OPENERS = frozenset(
    """that which who and but while whereas because as since when if although though so
    therefore thus also even then now however meanwhile moreover , ; : “ ” " ( — –""".split()
) | {"“", "”", '"'}
_EXEMPLARS = frozenset("including notably especially particularly like".split())
_RELATIVES = frozenset("who which that".split())
_ADJUNCT_OPENERS = frozenset("while after before when since by without through".split())
# Plural anaphors: "the two countries", "both governments", "the three juntas".
_GROUP_NOUNS = frozenset(
    """countries states governments nations powers neighbours neighbors capitals rivals sides
    juntas allies members parties""".split()
)
_NUMBERS = {"two": 2, "three": 3, "four": 4}


class CountryLike(Protocol):
    """The fields of a gazetteer country mention this module reads."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def iso2(self) -> str: ...
    @property
    def form(self) -> str: ...


class OrgLike(Protocol):
    """The fields of a gazetteer organization mention this module reads."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...


@dataclass
class Entity:
    """An entity in a sentence: what it refers to (candidates, best first) and how it was named."""

    refs: list[EntityRef]
    form: str  # gazetteer form, "organization", "anaphor", "group" or "pronoun"
    start: int
    end: int
    size: int = 1  # how many entities a group anaphor ("the two countries") stands for

    @property
    def is_anaphor(self) -> bool:
        """Tell whether the entity is a resolved anaphor rather than a name."""
        return self.form in ("anaphor", "group", "pronoun")


@dataclass
class Item:
    """A word or an entity of a sentence, with its absolute offsets in the body."""

    text: str
    low: str
    start: int
    end: int
    entity: Entity | None = None


@dataclass
class _Mention:
    """An entity named in the body, for resolving anaphors against what came before."""

    start: int
    ref: EntityRef


@dataclass
class Discourse:
    """What the article has named so far, for "this country", "the two countries", "they"."""

    mentions: list[_Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    last_subjects: list[EntityRef] = field(default_factory=list)
    # Countries named together ("Norway and Denmark", "between Cairo and Addis Ababa"), in
    # order: "the two governments" and "both" refer to the most recent such group.
    groups: list[tuple[int, list[EntityRef]]] = field(default_factory=list)

    def recent_group(self, position: int, size: int) -> list[EntityRef]:
        """Return the countries last named together before position, if that many."""
        for start, refs in reversed(self.groups):
            if start < position and len(refs) == size:
                return list(refs)
        return []

    def salient(self, position: int, limit: int) -> list[EntityRef]:
        """Return the countries named most often before position (ties: most recent first)."""
        index = bisect_left(self.starts, position)
        counts: dict[EntityRef, int] = {}
        last: dict[EntityRef, int] = {}
        for n, mention in enumerate(self.mentions[:index]):
            if mention.ref.kind == "country":
                counts[mention.ref] = counts.get(mention.ref, 0) + 1
                last[mention.ref] = n
        ranked = sorted(counts, key=lambda r: (-counts[r], -last[r]))
        return ranked[:limit]

    def before(self, position: int, kind: str = "country", limit: int = 4) -> list[EntityRef]:
        """Return distinct entities of a kind named before position, most recent first."""
        index = bisect_left(self.starts, position)
        seen: list[EntityRef] = []
        for mention in reversed(self.mentions[:index]):
            if mention.ref.kind == kind and mention.ref not in seen:
                seen.append(mention.ref)
                if len(seen) >= limit:
                    break
        return seen


@dataclass
class Found:
    """A holder or target: the entities, the item span they occupy, how they were found."""

    entities: list[Entity]
    first: int
    last: int
    note: str = ""
    victim: Found | None = None  # for an act's agent ("Tokyo's sanctions against Russia")


@dataclass
class _Context:
    """The sentence being read and the way to record what is found in it."""

    items: list[Item]
    emit: Callable[[EntityRef, EntityRef, Polarity, str, float], None]
    pair: list[EntityRef] = field(default_factory=list)  # the countries last named together
    consumed: set[int] = field(default_factory=set)  # items already read as a stance


# -- building the row of items -------------------------------------------------------------------


def _tokenize(body: str, sentence: Span, entities: Sequence[Entity]) -> list[Item]:
    """Split a sentence into words, keeping each entity mention as one item."""
    items: list[Item] = []
    cursor = sentence.start
    for entity in [*entities, None]:
        stop = entity.start if entity else sentence.end
        for match in _TOKEN.finditer(body, cursor, stop):
            word = match.group(0)
            items.append(Item(word, word.lower(), match.start(), match.end()))
        if entity is not None:
            text = body[entity.start:entity.end]
            items.append(Item(text, text.lower(), entity.start, entity.end, entity))
            cursor = entity.end
    return _join_compounds(_join_adverbs(items))


def _join_adverbs(items: list[Item]) -> list[Item]:
    """Join multi-word adverbials ("in turn") into one item, so verb groups span them."""
    if not any(item.low in _ADVERB_STARTS for item in items):
        return items
    out: list[Item] = []
    k = 0
    while k < len(items):
        if items[k].low not in _ADVERB_STARTS:
            out.append(items[k])
            k += 1
            continue
        for words, joined in _MULTIWORD_ADVERBS.items():
            n = len(words)
            if tuple(it.low for it in items[k:k + n]) == words and all(
                    it.entity is None for it in items[k:k + n]):
                out.append(Item(" ".join(it.text for it in items[k:k + n]), joined,
                                items[k].start, items[k + n - 1].end))
                k += n
                break
        else:
            out.append(items[k])
            k += 1
    return out


def _join_compounds(items: list[Item]) -> list[Item]:
    """Join "Saudi-Iranian" (two entities and a hyphen) into one entity naming both."""
    out: list[Item] = []
    k = 0
    while k < len(items):
        if k + 2 < len(items) and items[k].entity is not None and items[k + 2].entity \
                is not None and items[k + 1].low in ("-", "–") and \
                items[k + 1].start == items[k].end and items[k + 2].start == items[k + 1].end:
            a, b = items[k], items[k + 2]
            refs = [r for r in (*a.entity.refs, *b.entity.refs)]  # type: ignore[union-attr]
            entity = Entity(refs, "compound", a.start, b.end, len(refs))
            text = a.text + items[k + 1].text + b.text
            out.append(Item(text, text.lower(), a.start, b.end, entity))
            k += 3
            continue
        out.append(items[k])
        k += 1
    return out


def _anaphor_at(items: list[Item], i: int) -> tuple[int, str, int] | None:
    """Recognise an anaphoric phrase at i: (length, kind, group size)."""
    low = items[i].low
    nxt = items[i + 1].low if i + 1 < len(items) else ""
    if low in ("this", "that", "said") and nxt in ("country", "state"):
        return 2, "anaphor", 1
    if low == "the" and nxt == "country":
        return 2, "anaphor", 1
    if low == "the" and nxt == "same" and i + 2 < len(items) and items[i + 2].low == "country":
        return 3, "anaphor", 1
    if low == "the" and nxt in ("former", "latter"):
        return 2, nxt, 1
    if low == "both" and nxt in _GROUP_NOUNS:
        return 2, "group", 2
    if low in ("the", "these") and nxt in _NUMBERS and i + 2 < len(items) \
            and items[i + 2].low == "koreas":
        return 3, "koreas", 2
    if low in ("the", "these", "its", "their", "both") and nxt in _NUMBERS:
        k = i + 2
        while k < len(items) and k < i + 5 and items[k].low not in _GROUP_NOUNS \
                and items[k].low.replace("-", "").isalpha() and items[k].entity is None:
            k += 1
        if k < len(items) and items[k].low in _GROUP_NOUNS:
            return k - i + 1, "group", _NUMBERS[nxt]
    prev = items[i - 1].low if i >= 1 else ""
    if prev in PREPOSITIONS and items[i - 1].entity is None:
        # Objects that stand for a pair: "neutral toward both", "between them", "with both of
        # them", "toward the pair".
        after = items[i + 2].low if i + 2 < len(items) else ""
        if low == "both" and nxt == "of" and after in ("them", "these", "those"):
            return 3, "group", 2
        if low == "both" and nxt in ("", ".", ",", ";", ":", "and", "but", "while", "in", "on",
                                     "over", "at", "since", "for"):
            return 1, "group", 2
        if low == "them" and prev in ("between", "among"):
            return 1, "group", 2
        if low == "the" and nxt == "pair":
            return 2, "group", 2
    if low == "both" and _starts_clause(items, i) and nxt not in ("of", "sides", "side") \
            and (i + 1 >= len(items) or items[i + 1].entity is None) \
            and (nxt in ADVERBS or nxt in AUXILIARIES or _is_verbish(items[i + 1])):
        return 1, "group", 2  # "Both now share intelligence with Finland."
    if low == "they":
        return 1, "they", 0
    if low == "it" and nxt not in ("is", "was", "'s", "’s", "seems", "appears", "remains"):
        return 1, "it", 1
    return None


def _starts_clause(items: list[Item], i: int) -> bool:
    """Tell whether item i opens a sentence or a clause (after a comma, "and", "but")."""
    return i == 0 or items[i - 1].low in (",", ";", ":", "and", "but", "while", "“", '"')


_KOREAS = [EntityRef("country", "KR", "South Korea"), EntityRef("country", "KP", "North Korea")]


def _sentence_subject(items: list[Item], i: int) -> set[EntityRef]:
    """Return the countries of the first subject-like entity group before item i."""
    for k in range(i):
        entity = items[k].entity
        if entity is not None and not entity.is_anaphor:
            last, group = _group_right(items, k)
            if _subject_like(items, k, last):
                return {r for e in group for r in e.refs}
            return set()
    return set()


def _resolve_group(items: list[Item], i: int, size: int, discourse: Discourse
                   ) -> list[EntityRef]:
    """Resolve "the two countries": the countries the sentence has named so far when it names
    just that many, else the most talked-about countries of the article so far."""
    here: list[EntityRef] = []
    coordinated: list[EntityRef] = []
    clauses = 0  # how many clauses the countries named so far are spread over
    k = 0
    while k < i:
        item = items[k]
        if item.entity is not None and not item.entity.is_anaphor:
            last, group = _group_right(items, k)
            refs = [r for e in group for r in e.refs if r.kind == "country"]
            if len(set(refs)) == size and last < i:
                coordinated = refs  # "Venezuela and Cuba …, and both governments …"
            k = last + 1
            for ref in refs:
                if ref not in here:
                    here.insert(0, ref)
            continue
        if here and item.low in (";", "and", "but", "while", "whereas") and (
                item.low != "and" or (k >= 1 and items[k - 1].low == ",")):
            clauses += 1
        k += 1
    if coordinated:
        return coordinated
    if len(here) == size and clauses == 0 and not (
            not _starts_clause(items, i) and _sentence_subject(items, i) & set(here)):
        # "Russia accused Ukraine of shelling, and the two countries …" — but not "Brazil
        # reinforced its border with Venezuela and called on both governments …", where the
        # subject addresses the pair and cannot be part of it.
        return here
    recent = discourse.recent_group(items[i].start, size)
    if recent:
        return recent  # the most recent countries discussed together, not any pair
    if len(here) == size + 1:
        return here
    return discourse.salient(items[i].start, size + 2)


def _resolve_it(items: list[Item], i: int, discourse: Discourse) -> list[EntityRef]:
    """Resolve "it": as an object, to what the sentence named before it (most recent first);
    as a subject, to the sentence's subject so far, or the previous sentence's single one."""
    named = [(k, item.entity) for k, item in enumerate(items[:i])
             if item.entity is not None and not item.entity.is_anaphor]
    prev = items[i - 1] if i >= 1 else None
    if prev is not None and _is_verbish(prev) and prev.low not in AUXILIARIES and \
            prev.low not in ADVERBS and prev.low not in NEGATORS:
        return [entity.refs[0] for _, entity in reversed(named)]
    for k, entity in named:
        if _subject_like(items, k, k):
            return entity.refs[:1]
    return list(discourse.last_subjects) if len(discourse.last_subjects) == 1 else []


def _mark_anaphors(items: list[Item], discourse: Discourse) -> list[Item]:
    """Replace anaphoric phrases with entities resolved against what came before them."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        found = _anaphor_at(items, i) if items[i].entity is None else None
        if found is None:
            out.append(items[i])
            i += 1
            continue
        n, kind, size = found
        start, end = items[i].start, items[i + n - 1].end
        after = items[i + n].low if i + n < len(items) else ""
        refs: list[EntityRef] = []
        form = "anaphor"
        if kind == "anaphor" and after != "of":
            refs = discourse.before(start)
        elif kind == "group" and items[i + n - 1].low in ("sides", "parties") \
                and len(discourse.salient(start, size)) == size:
            # "both sides", "the two parties": the parties of the article's conflict.
            refs = discourse.salient(start, size)
            form = "group"
        elif kind == "group":
            refs = _resolve_group(items, i, size, discourse)
            form = "group"
        elif kind == "koreas":
            refs = list(_KOREAS)
            form = "group"
        elif kind in ("former", "latter"):
            previous = discourse.before(start, limit=2)
            if len(previous) == 2:
                refs = [previous[1] if kind == "former" else previous[0]]
        elif kind == "they" and len(discourse.last_subjects) >= 2:
            refs = list(discourse.last_subjects)
            form = "group"
        elif kind == "it":
            refs = _resolve_it(items, i, discourse)
        if refs:
            text = " ".join(it.text for it in items[i:i + n])
            out.append(Item(text, text.lower(), start, end,
                            Entity(refs, form, start, end, size or len(refs))))
        else:
            out.extend(items[i:i + n])
        i += n
    return out


# -- word classes without a tagger ---------------------------------------------------------------


# Words that undo what a nominal trigger names: "lifted its objection", "resolved disputes".
_UNDOING = frozenset(
    w for base in "lift end resolve settle overcome defuse bury ease".split()
    for w in inflect(base)
) | {"absence", "aside", "overcame", "overcome"}
_AMBIGUOUS_NOUNS = frozenset(
    word for word, entries in TRIGGER_INDEX.items() if any(t.kind == "noun" for t in entries)
) | BENEFIT_NOUNS | RELATION_NOUNS
_VERB_TRIGGER_WORDS = frozenset(
    word for word, entries in TRIGGER_INDEX.items() if any(t.kind == "verb" for t in entries)
)


_NOT_ADVERBS = frozenset(
    """supply apply reply rely ally rally family italy july assembly monopoly anomaly belly
    early only holy ugly silly jelly""".split()
)


def is_adverb(low: str) -> bool:
    """Tell whether a word is an adverb: listed, or an -ly word that is not a noun or verb."""
    return low in ADVERBS or (low.endswith("ly") and len(low) > 5 and low.isalpha()
                              and low not in _NOT_ADVERBS)


def _is_verbish(item: Item) -> bool:
    """Guess whether a word is (part of) a verb group."""
    low = item.low
    if item.entity is not None:
        return False
    return (low in AUXILIARIES or low in COMMON_VERBS or is_adverb(low) or low in NEGATORS
            or low in SEMI_AUXILIARIES or low in LIGHT_VERBS or low in _VERB_TRIGGER_WORDS
            or low in SEE_AS_VERBS or low in SIGN_VERBS or low in RECALL_VERBS
            or low in GIVE_VERBS or low in BORDER_CLOSING or low in _APPEAL_VERBS
            or low in _ABSTAIN_VERBS or (low.endswith("ed") and len(low) > 4 and low.isalpha()))


def _is_participle(word: str) -> bool:
    """Tell whether a trigger word is a past participle form."""
    return word.endswith(("ed", "en")) or word in _PARTICIPLE_IRREGULAR


def _is_nounish(items: list[Item], k: int) -> bool:
    """Guess whether items[k] is a noun (a following participle would modify it)."""
    item = items[k]
    low = item.low
    if not (item.entity is None and low.isalpha() and low not in AUXILIARIES
            and low not in ADVERBS and low not in NEGATORS and low not in SEMI_AUXILIARIES
            and low not in PREPOSITIONS and low not in DETERMINERS and low not in _RELATIVES
            and low not in _COPULAS and low not in ("and", "or", "but", "to")):
        return False
    if not _is_verbish(item):
        return True
    return k >= 1 and items[k - 1].low in DETERMINERS  # "a move criticised in Pakistan"


# -- coordination --------------------------------------------------------------------------------

_CONJUNCT_FILLERS = frozenset("the most many some all several other both".split())


def _conjunct_right(items: list[Item], k: int) -> int | None:
    """Find the entity of a conjunct starting at k ("the governments of Mali", "by Beijing")."""
    j = k
    steps = 0
    while j < len(items) and steps < 4:
        item = items[j]
        if item.entity is not None:
            return j
        if item.low in _CONJUNCT_FILLERS or item.low in HOLDER_HEADS or item.low in (
                "of", "by", "with", "to", "in") or (item.text[:1].isupper() and steps > 0):
            j += 1
            steps += 1
            continue
        return None
    return None


def _group_right(items: list[Item], k: int) -> tuple[int, list[Entity]]:
    """Collect the coordination starting at entity item k; return its last item index."""
    entities = [items[k].entity] if items[k].entity else []
    last = k
    j = k + 1
    n = len(items)
    while j < n - 1:
        low = items[j].low
        nxt = j + 1
        if low == "," and items[nxt].low in ("and", "or"):
            nxt += 1
        elif low not in ("and", "or", ","):
            break
        at = _conjunct_right(items, nxt)
        if at is None:
            break
        if items[j].low == "," and items[nxt].entity is None and items[nxt].low not in (
                "by", "the", "and", "or"):
            break
        conjunct = items[at].entity
        if conjunct is None or conjunct.is_anaphor:
            break
        after = _np_end(items, at) + 1
        if items[j].low == "," and after < n and _is_verbish(items[after]) and \
                items[after].low not in ADVERBS:
            break  # "…to Baku, and Armenia has…": a new clause, not a conjunct
        entities.append(conjunct)
        last = at
        j = at + 1
    return last, [e for e in entities if e is not None]


def _group_left(items: list[Item], k: int) -> tuple[int, list[Entity]]:
    """Collect the coordination ending at entity item k ("A, B and C"); return its start."""
    entities = [items[k].entity] if items[k].entity else []
    first = k
    j = first - 1
    while j >= 0 and items[j].low in _CONJUNCT_FILLERS | {"of"} | HOLDER_HEADS and j > first - 4:
        j -= 1
    while j >= 1 and items[j].low in ("and", "or", ","):
        m = j - 1
        m = _np_end(items, m, backwards=True)
        if items[m].entity is None:
            break
        entities.insert(0, items[m].entity)  # type: ignore[arg-type]
        first = m
        j = m - 1
        if j >= 1 and items[j].low == "and" and items[j - 1].low == ",":
            j -= 1
    if first >= 1 and items[first - 1].low in ("both", "either"):
        first -= 1
    return first, [e for e in entities if e is not None]


def _np_end(items: list[Item], k: int, *, backwards: bool = False) -> int:
    """Extend an entity item over its noun phrase ("Turkish officials"), either direction."""
    if backwards:
        j = k
        while j > 0 and items[j].entity is None and items[j].low in HOLDER_HEADS:
            j -= 1
        return j
    j = k + 1
    n = len(items)
    while j < n:
        low = items[j].low
        if low == "in" and j + 1 < n and (items[j + 1].entity is not None or
                                          items[j + 1].text[:1].isupper()) and \
                (items[j - 1].entity is not None or items[j - 1].low in HOLDER_HEADS):
            j += 2  # "the government of Libya in Tripoli", "the Taliban government in Kabul"
            continue
        if low.isalpha() and low.islower() and j + 1 < n and items[j + 1].low in HOLDER_HEADS \
                and items[j + 1].entity is None and not _is_verbish(items[j]):
            j += 1  # "Syria's new rulers": an adjective before the head
            continue
        if low in ("'s", "’s") or low in HOLDER_HEADS or (
                items[j].text[:1].isupper() and items[j].entity is None
                and low not in TARGET_BOUNDARIES and low not in AUXILIARIES):
            j += 1
            continue
        break
    return j - 1


# -- subjects ------------------------------------------------------------------------------------


def _subject_like(items: list[Item], first: int, last: int) -> bool:
    """Tell whether the entity group items[first..last] stands where a subject stands."""
    j = first - 1
    while j >= 0 and items[j].low in ("the", "both", "either", "a", "an", "most", "many"):
        if items[j].low in ("a", "an"):
            return False  # "Turkey, a NATO member, …": an apposition, not a subject
        j -= 1
    exemplar = False
    if j >= 0:
        prev = items[j].low
        if prev in _EXEMPLARS or (prev == "as" and j >= 1 and items[j - 1].low == "such"):
            exemplar = True
        elif prev in PREPOSITIONS:
            if prev != "of" or j == 0 or items[j - 1].low not in HOLDER_HEADS:
                return False
    at_clause_start = j < 0 or items[j].low in _CLAUSE_OPENERS
    end = _np_end(items, last)
    if items[end].low in ("'s", "’s"):
        return False  # a bare possessor: "Serbia's demand …" is not about Serbia acting
    nxt = end + 1
    while nxt < len(items) and items[nxt].low in ADVERBS:
        nxt += 1
    if nxt >= len(items):
        return False
    follower = items[nxt]
    if exemplar:
        return follower.low == ","
    if follower.low in (",", "who", "which", "(", "—", "–", "whose"):
        return at_clause_start
    if follower.low in _AMBIGUOUS_NOUNS and first == last:
        return False  # "EU aid packages": a base form after one name is a noun
    return _is_verbish(follower)


def _verb_group_start(items: list[Item], i: int) -> tuple[int, bool]:
    """Walk left from a predicate over its verb group; say where it starts and if negated."""
    negated = False
    j = i - 1
    while j >= 0:
        low = items[j].low
        if items[j].entity is not None:
            break
        if low in NEGATORS:
            # "not only … but also" affirms
            negated = negated or not (low == "not" and j + 1 < i and items[j + 1].low == "only")
        elif not (low in AUXILIARIES or is_adverb(low) or low in SEMI_AUXILIARIES
                  or low in _COPULAS):
            break
        j -= 1
    if j >= 0 and items[j].low in ("no", "longer"):
        negated = True
    return j + 1, negated


def _antecedent_entity(items: list[Item], rel: int) -> Found | None:
    """For a relative pronoun at rel, find the entity it stands for ("Beijing, which…")."""
    k = rel - 1
    if k >= 0 and items[k].low == ",":
        k -= 1
    k = _np_end(items, k, backwards=True)
    if k >= 0 and items[k].entity is not None:
        first, entities = _group_left(items, k)
        return Found(entities, first, k)
    return None


# What may stand between a verb group and the place its subject is sought further left.
_SUBJECT_GAP = frozenset({",", "and", "but", "yet", "or", "then", "—", "–", "'s", "’s", "”",
                          '"'}) | HOLDER_HEADS
_STOPS = frozenset({";", ":", "but", "while", "whereas", "although", "though", "because",
                    "if", "unless", "since", "when", "that"})


def _names_other_subject(items: list[Item], i: int) -> bool:
    """Tell whether the word before a verb group at i is a subject that is not an entity
    ("Brussels has …", "the bloc has …", "Prime Minister Viktor Orban has …")."""
    if i == 0 or items[i - 1].entity is not None or items[i - 1].low in _SUBJECT_GAP:
        return False
    if items[i].low.endswith("ing") or items[i - 1].low in _ADJUNCT_OPENERS:
        return False  # a participle adjunct ("while keeping …") shares the main subject
    for k in range(i - 2, max(-1, i - 6), -1):
        if items[k].entity is not None:
            return _np_end(items, k) < i - 1  # "Turkish officials", "Libya in Tripoli"
    return True


def find_subject(items: list[Item], i: int, *, allow_by: bool = False,
                 strict: bool = True) -> Found | None:
    """Find the subject of the predicate whose verb group starts at item i.

    `strict` says that i is where a verb group starts, so the word right before it is the
    subject's last word; nominal triggers without a verb pass False.
    """
    if i >= 1 and items[i - 1].low in _RELATIVES:
        return _antecedent_entity(items, i - 1)
    intent = _intent_possessor(items, i)
    if intent is not None:
        return intent
    if strict and _names_other_subject(items, i):
        return None
    coordinated = i >= 1 and items[i - 1].low in ("and", "but", "yet")
    k = i - 1
    while k >= 0:
        item = items[k]
        if item.low in _STOPS and not (k == i - 1 and item.low in ("but", "yet")):
            nxt = items[k + 1].low if k + 1 < len(items) else ""
            if not (item.low in _ADJUNCT_OPENERS and nxt.endswith("ing")) and not (
                    item.low == "that" and coordinated):
                return None
        if item.entity is not None:
            first, entities = _group_left(items, k)
            before = items[first - 1].low if first >= 1 else ""
            if _subject_like(items, first, k) or (allow_by and before == "by"):
                return Found(entities, first, k)
            k = first - 1
            continue
        k -= 1
    return None


# Nouns of intention whose possessor does what the infinitive says: "Morocco's decision to
# normalize relations with Israel", "Ankara's bid to mend ties with Cairo".
_INTENT_NOUNS = frozenset(
    """decision move plan plans bid attempt attempts effort efforts readiness willingness
    pledge promise commitment intention determination push drive choice offer
    initiative""".split()
)


def _intent_possessor(items: list[Item], i: int) -> Found | None:
    """For a verb group starting with "to" after "X's decision", return X."""
    if i < 3 or items[i].low != "to" or items[i - 1].low not in _INTENT_NOUNS:
        return None
    k = i - 2
    while k >= 0 and k >= i - 4 and items[k].entity is None and items[k].low not in ("'s", "’s"):
        if not items[k].low.replace("-", "").isalpha():
            return None
        k -= 1
    if k >= 1 and items[k].low in ("'s", "’s") and items[k - 1].entity is not None:
        return Found([items[k - 1].entity], k - 1, k - 1)  # type: ignore[list-item]
    entity = items[k].entity if k >= 0 else None
    if entity is not None and entity.form == "demonym":
        return Found([entity], k, k)  # "the Moroccan decision to …"
    return None


def _fronted_subject(items: list[Item], i: int) -> Found | None:
    """For a trigger in a sentence-initial phrase, find the main clause's subject after it."""
    if not items:
        return None
    opener = items[0].low
    if opener not in _FRONTED_OPENERS and not opener.endswith("ing"):
        return None
    comma = next((k for k in range(i + 1, len(items)) if items[k].low == ","), None)
    if comma is None or any(items[k].low == "," for k in range(0, i)):
        return None
    for k in range(comma + 1, min(comma + 6, len(items))):
        if items[k].entity is not None:
            last, entities = _group_right(items, k)
            if _subject_like(items, k, last):
                return Found(entities, k, last)
            return None
    return None


def _is_reduced_relative(items: list[Item], i: int) -> bool:
    """Tell whether a participle modifies the noun before it ("statements criticising X")."""
    word = items[i].low
    if not (word.endswith("ing") or _is_participle(word)) or i == 0:
        return False
    return _is_nounish(items, i - 1)


def _predicate_subject(items: list[Item], i: int, start: int) -> Found | None:
    """Find the holder of a verbal or adjectival predicate at i (verb group from start)."""
    if _is_reduced_relative(items, i):
        return None
    if items[i].low.endswith("ing") and start == i and i >= 1 and \
            items[i - 1].low in ("of", "for", "from", "against", "about", "on"):
        return None  # "accused the US of supporting X": alleged, and by someone else
    holder = find_subject(items, start) or _fronted_subject(items, i) or \
        _parenthetical_subject(items, start)
    return None if holder is not None and _is_controlled(items, holder, i) else holder


def _parenthetical_subject(items: list[Item], start: int) -> Found | None:
    """Find a subject before a parenthetical: "Argentina, by contrast, has aligned …",
    "China, Argentina's largest trading partner, has offered …"."""
    if start < 3 or items[start - 1].low != ",":
        return None
    opening = next((p for p in range(start - 2, max(0, start - 16), -1)
                    if items[p].low in (",", ";", ":")), None)
    if opening is None or items[opening].low != "," or opening < 1:
        return None
    inner = items[opening + 1:start - 1]
    if not inner or any(it.low in _RELATIVES or it.low in ("and", "but") for it in inner):
        return None
    if items[opening - 1].entity is None:
        return None
    first, entities = _group_left(items, opening - 1)
    if first > 0 and items[first - 1].low not in _CLAUSE_OPENERS:
        return None
    return Found(entities, first, opening - 1)


def _is_controlled(items: list[Item], holder: Found, i: int) -> bool:
    """Tell whether the holder is the object of "urge/press/ask … to" (a wish, not a stance)."""
    before = holder.first - 1
    while before >= 0 and items[before].low in ("the",):
        before -= 1
    if before >= 1 and items[before].low == "on" and items[before - 1].low in CONTROL_VERBS:
        before -= 1
    if before < 0 or items[before].low not in CONTROL_VERBS:
        return False
    return any(items[m].low == "to" for m in range(holder.last + 1, i))


# -- objects -------------------------------------------------------------------------------------


def _entity_follows(items: list[Item], k: int) -> bool:
    """Tell whether an entity comes at k, perhaps after "the" ("and the United States")."""
    while k < len(items) and items[k].low in ("the", "both"):
        k += 1
    return k < len(items) and items[k].entity is not None


def _is_possessor(items: list[Item], k: int) -> bool:
    """Tell whether entity item k is followed by a possessive "'s"."""
    return k + 1 < len(items) and items[k + 1].low in ("'s", "’s")


def find_object(items: list[Item], j: int, preps: tuple[str, ...],
                *, max_steps: int = 9) -> Found | None:
    """Find the target after the predicate ending at item j, within its clause."""
    n = len(items)
    k = j + 1
    while k < n and items[k].low in ADVERBS:
        k += 1
    if k < n and "" not in preps and items[k].low not in preps and items[k].low != "between":
        return None
    steps = 0
    aggression = False
    while k < n and steps < max_steps:
        item = items[k]
        if item.entity is not None:
            return _object_at(items, k, aggression)
        low = item.low
        if low in ("and", "or", ",") and _entity_follows(items, k + 1):
            k += 1
            steps += 1
            continue
        if low in TARGET_BOUNDARIES and not (low in ("and", "or") and steps == 0) and not (
                low == "as" and 0 < steps <= 3):  # "recognized Crimea as a Russian territory"
            return None
        if low in OPAQUE_NOUNS or (steps > 0 and _is_verb_trigger(low)):
            return None
        if low in AGGRESSION_NOUNS or (low == "against" and steps > 0):
            aggression = True  # "backed the armed opposition against Damascus"
        steps += 1
        k += 1
    return None


def _is_verb_trigger(word: str) -> bool:
    """Tell whether a word is a verbal trigger, whose own clause a target search must not enter."""
    return any(t.kind == "verb" for t in TRIGGER_INDEX.get(word, ())) and \
        word not in AGGRESSION_NOUNS and word not in TOPIC_NOUNS


def _beneficiary(items: list[Item], k: int) -> int | None:
    """For "EU aid packages for Ukraine", return Ukraine: help is about who receives it."""
    for m in range(k + 1, min(k + 4, len(items))):
        if items[m].low in BENEFIT_NOUNS:
            for p in range(m + 1, min(m + 3, len(items) - 1)):
                if items[p].low in ("for", "to") and items[p + 1].entity is not None:
                    return p + 1
            return None
        if items[m].entity is not None or items[m].low in TARGET_BOUNDARIES:
            return None
    return None


def _object_at(items: list[Item], k: int, aggression: bool) -> Found | None:
    """Build the object found at entity item k: its coordination, and its role in an act."""
    n = len(items)
    item = items[k]
    if item.entity is not None and item.entity.form == "compound" and k + 1 < n and (
            items[k + 1].low in TRIGGER_INDEX or items[k + 1].low in RELATION_NOUNS):
        return None  # "welcomed the Saudi-Iranian rapprochement": the noun speaks for itself
    beneficiary = _beneficiary(items, k)
    if beneficiary is not None:
        k = beneficiary
        item = items[k]
    last, entities = _group_right(items, k)
    head_at = _np_end(items, last)
    if head_at + 1 < n and items[head_at + 1].low in NON_STATE_HEADS:
        return None
    if head_at > last and items[head_at].low in NON_STATE_HEADS:
        return None
    if _is_possessor(items, last) and last + 2 < n and items[last + 2].text[:1].isupper() \
            and items[last + 2].entity is None and items[last + 2].text not in TITLE_WORDS:
        return None  # "Sudan's Rapid Support Forces" names something else than Sudan
    act = next((m for m in range(last + 1, min(last + 3, n))
                if items[m].low in AGGRESSION_NOUNS), None)
    if act is not None and not aggression:
        # "Tokyo's sanctions against Russia", "UN sanctions on Iran": the premodifier is the
        # agent, and a victim may follow; the trigger's polarity decides which one it is about.
        victim = _next_entity(items, act + 1, 3)
        hit: Found | None = None
        if victim is not None and items[victim - 1].low in ("on", "against", "upon"):
            victim_last, victims = _group_right(items, victim)
            hit = Found(victims, victim, victim_last, "victim")
        return Found(entities, k, last, "agent", hit)
    if not aggression:
        return Found(entities, k, last)
    before = items[k - 1].low if k >= 1 else ""
    if before in ("by", "to") or _is_possessor(items, last) or item.entity is not None and \
            item.entity.form == "demonym" and before not in ("of", "on", "against", "upon"):
        return Found(entities, k, last, "agent")
    if before not in ("of", "on", "against", "upon", "over"):
        return None  # neither the agent nor the victim of the act: "sanctions at the UN"
    # The victim of an act: look for its agent in a following by-phrase.
    for m in range(last + 1, min(last + 6, n)):
        if items[m].low in TARGET_BOUNDARIES:
            break
        if items[m].low == "by" and m + 1 < n and _entity_follows(items, m + 1):
            at = m + 1 if items[m + 1].entity is not None else m + 2
            agent_last, agents = _group_right(items, at)
            return Found(agents, at, agent_last, "agent")
    return Found(entities, k, last, "victim")


# -- nominal triggers ----------------------------------------------------------------------------


def _np_holder(items: list[Item], i: int) -> Found | None:
    """Find a holder inside the noun phrase of a nominal trigger: possessor or premodifier."""
    j = i - 1
    steps = 0
    while j >= 0 and steps < 5:
        item = items[j]
        if item.entity is not None:
            if item.entity.is_anaphor and not _is_possessor(items, j):
                return None
            first, entities = _group_left(items, j)
            return Found(entities, first, j)
        if item.low in ("'s", "’s"):
            j -= 1
            continue
        if item.low == "of" and j >= 1 and items[j - 1].low in POLICY_NOUNS:
            j -= 2  # "Washington's policy of maximum pressure": the policy's owner holds it
            steps += 1
            continue
        if item.low in PREPOSITIONS or item.low in TARGET_BOUNDARIES or _is_verbish(item) \
                or item.low in DETERMINERS:
            if item.low not in ("and",):
                return None
        j -= 1
        steps += 1
    return None


def _passive_agent(items: list[Item], j: int) -> Found | None:
    """For a participle ending at j, find a "by X" agent right after it (a passive)."""
    k = j + 1
    while k < len(items) and items[k].low in ADVERBS:
        k += 1
    if k + 1 < len(items) and items[k].low == "by":
        k += 1
        while k < len(items) and items[k].low in ("the",):
            k += 1
        if k < len(items) and items[k].entity is not None:
            last, entities = _group_right(items, k)
            return Found(entities, k, last)
    return None


_GOAL_WORDS = frozenset(
    """for toward towards calls call efforts effort attempt attempts possibility prospect
    prospects chance chances hope hopes push bid plan plans proposal need talks way seek
    seeks sought pave paving""".split()
)


def _is_goal(items: list[Item], i: int) -> bool:
    """Tell whether a nominal trigger names a goal, not a fact ("calls for reconciliation")."""
    k = i - 1
    steps = 0
    while k >= 0 and steps < 5:
        low = items[k].low
        if low in _GOAL_WORDS:
            return True
        if items[k].entity is not None or low in TARGET_BOUNDARIES and low not in ("or", "and"):
            return False
        k -= 1
        steps += 1
    return False


def _is_fading(items: list[Item], j: int) -> bool:
    """Tell whether the clause says the relation is fading ("the rivalry … has cooled")."""
    for k in range(j + 1, min(j + 12, len(items))):
        low = items[k].low
        if low in DIMINISHING_PREDICATES:
            return True
        if low in (";", ".", "but", "while", "which"):
            return False
    return False


def _topic_label(items: list[Item], j: int) -> str | None:
    """Name an explicit topic object ("the annexation of Crimea") after item j, if any."""
    k = j + 1
    n = len(items)
    if k < n and items[k].low == "the":
        k += 1
    else:
        return None
    start = k
    while k < n and items[k].entity is None and items[k].low not in TARGET_BOUNDARIES \
            and items[k].low not in PREPOSITIONS and k - start < 4:
        if items[k].low in TOPIC_NOUNS:
            end = k + 1
            if end < n and items[end].low == "of":
                # "the annexation of Crimea", "the annexation of Ukrainian regions"
                tail = end + 1
                while tail < n and tail < end + 4 and items[tail].low not in PREPOSITIONS \
                        and items[tail].low not in TARGET_BOUNDARIES:
                    tail += 1
                if tail > end + 1:
                    end = tail
            return " ".join(it.text for it in items[start:end])
        k += 1
    return None


_PHRASE_OPENERS = frozenset("the any a an its their this these such all every".split())
# A one-word topic must be a nominalisation ("enlargement", "détente"), not "banks".
_TOPICAL_WORD = re.compile(r"(?:ment|tion|sion|ance|ence|ity|ism|ship|ente|ure)s?$")


def object_phrase(items: list[Item], j: int, preps: tuple[str, ...]) -> EntityRef | None:
    """Name the object after item j when it is not a country: a topic ("any foreign
    peacekeeping presence") or, when capitalised, an organization ("the Polisario Front")."""
    n = len(items)
    k = j + 1
    while k < n and is_adverb(items[k].low):
        k += 1
    if k < n and items[k].low in preps and items[k].low:
        k += 1
    if k >= n or items[k].low not in _PHRASE_OPENERS:
        return None
    while k < n and items[k].low in _PHRASE_OPENERS:
        k += 1
    words: list[Item] = []
    seen_of = False
    while k < n and len(words) < 7:
        item = items[k]
        low = item.low
        if item.entity is not None or low in TARGET_BOUNDARIES or not (
                low.replace("-", "").replace("'", "").isalnum() or low == "of"):
            break
        if low in PREPOSITIONS:
            if low != "of" or seen_of or not words:
                break
            seen_of = True
        elif low in AUXILIARIES or low in _RELATIVES or (
                len(words) >= 2 and low.endswith(("ed", "ing")) and not item.text[:1].isupper()):
            break  # "the maritime boundaries claimed by …": the phrase ended
        words.append(item)
        k += 1
    while words and words[-1].low in PREPOSITIONS | DETERMINERS:
        words.pop()
    if not words or (len(words) == 1 and not _TOPICAL_WORD.search(words[0].low)
                     and words[0].low not in TOPIC_NOUNS):
        return None
    label = " ".join(w.text for w in words)
    content = [w for w in words if w.low not in PREPOSITIONS]
    if all(w.text[:1].isupper() for w in content):
        return EntityRef("organization", slugify(label), label)
    return EntityRef("topic", slugify(label), label)


def _relation_trigger(items: list[Item], i: int) -> tuple[Polarity, str] | None:
    """Recognise an evaluated relation noun: "close relations", "improved its ties"."""
    if items[i].low in BORDER_NOUNS:
        for j in range(i - 1, max(-1, i - 4), -1):
            if items[j].low in BORDER_CLOSING:
                return "oppose", "border-closing"
            if items[j].low in BORDER_OPENING:
                return "support", "border-opening"
            if items[j].entity is not None or items[j].low in TARGET_BOUNDARIES:
                break
        return None
    if items[i].low not in RELATION_NOUNS:
        return None
    j = i - 1
    steps = 0
    while j >= 0 and steps < 5:
        low = items[j].low
        if low in SUPPORT_RELATION_ADJECTIVES:
            return "support", "relation-adjective"
        if low in OPPOSE_RELATION_ADJECTIVES:
            return "oppose", "relation-adjective"
        if low in SUPPORT_RELATION_VERBS or low in IMPROVEMENT_NOUNS:
            return "support", "relation-verb"
        if low in OPPOSE_RELATION_VERBS or low in DETERIORATION_NOUNS:
            return "oppose", "relation-verb"
        if items[j].entity is not None or (low in TARGET_BOUNDARIES and low not in (",", "and")):
            break
        j -= 1
        steps += 1
    # Predicative: "relations between A and B have improved / are close / are tense".
    k = i + 1
    steps = 0
    while k < len(items) and steps < 10:
        low = items[k].low
        if low in (";", ":", ".", "but", "while", "which", "that", "when"):
            break
        if low in ("improved", "improving", "warmed", "warming", "strengthened", "deepened",
                   "expanded", "grown", "growing", "close", "good", "excellent", "strong",
                   "friendly", "cordial"):
            return "support", "relation-predicate"
        if low in ("deteriorated", "deteriorating", "soured", "worsened", "strained", "tense",
                   "hostile", "frosty", "cold", "collapsed"):
            return "oppose", "relation-predicate"
        k += 1
        steps += 1
    return None


_REFLEXIVES = frozenset("itself themselves himself herself".split())


def _match_trigger(items: list[Item], i: int) -> Trigger | None:
    """Return the longest lexicon entry starting at item i, if any.

    A reflexive pronoun may sit inside a multi-word entry: "distanced itself from",
    "aligned itself with". The returned trigger then spans it too.
    """
    for trigger in TRIGGER_INDEX.get(items[i].low, ()):
        k = i
        matched = True
        for m, word in enumerate(trigger.words):
            skipped = 0
            while m and k < len(items) and skipped < 2 and items[k].entity is None and (
                    items[k].low in _REFLEXIVES or (is_adverb(items[k].low)
                                                    and items[k].low != word)):
                k += 1  # "aligned itself firmly with", "sided openly with"
                skipped += 1
            if k >= len(items) or items[k].low != word or items[k].entity is not None:
                matched = False
                break
            k += 1
        if matched:
            if k - i != len(trigger.words):
                return Trigger(tuple(it.low for it in items[i:k]), trigger.lemma,
                               trigger.polarity, trigger.kind, trigger.preps, trigger.negated,
                               trigger.reciprocal, trigger.confidence)
            return trigger
    return None


CLAUSE_START_WORDS = frozenset("the a an this that these those it they he she we".split())


def _used_as_noun(items: list[Item], i: int, n: int) -> bool:
    """Tell whether a word listed both as noun and verb is used as a noun here."""
    prev = items[i - 1] if i >= 1 else None
    before = prev.low if prev else ""
    nxt = items[i + n] if i + n < len(items) else None
    after = nxt.low if nxt else ""
    if after in ("on", "against", "for", "of", "from", "imposed", ",", ".", ";") or \
            before in DETERMINERS or before in ("'s", "’s"):
        return True
    if nxt is not None and (nxt.entity is not None or after in DETERMINERS):
        return False  # "Turkey supports Ukraine", "Russia sanctions the …"
    if prev is not None and (prev.entity is not None or (
            prev.text[:1].isupper() and i >= 2 and prev.low not in CLAUSE_START_WORDS)):
        return True  # "US sanctions", "Western sanctions"
    if after in ("for", "of", "from") and before not in ("to",) and before not in AUXILIARIES:
        return True
    if before in PREPOSITIONS and before != "to":
        return True
    return prev is not None and _is_nounish(items, i - 1) and not prev.text[:1].isupper()


def _resolve(entity: Entity, exclude: EntityRef | None = None) -> list[EntityRef]:
    """Pick what an entity refers to; an anaphor skips the holder ("supports this country")."""
    if entity.form == "anaphor":
        for ref in entity.refs:
            if ref != exclude:
                return [ref]
        return []
    if entity.form == "group":
        return [ref for ref in entity.refs if ref != exclude][:entity.size]
    if entity.form == "compound":
        return [ref for ref in entity.refs if ref != exclude]
    return list(entity.refs)


def _in_conditional(items: list[Item], i: int) -> bool:
    """Tell whether the trigger sits in an if/unless/whether clause."""
    for k in range(i - 1, -1, -1):
        low = items[k].low
        if low in _CONDITIONAL:
            return True
        if low in (";", ":", "that", "but", "while", ","):
            return False
    return False


# -- emitting ------------------------------------------------------------------------------------


def _each_other_follows(items: list[Item], j: int) -> bool:
    """Tell whether "each other" or "one another" is the object after item j."""
    k = j + 1
    while k < len(items) and (is_adverb(items[k].low) or items[k].low in ("with", "to")):
        k += 1
    pair = tuple(it.low for it in items[k:k + 2])
    return pair in (("each", "other"), ("one", "another"))


def _group_size(found: Found) -> int:
    """Count the entities a holder or target stands for ("the two countries" counts two)."""
    return sum(e.size if e.form in ("group", "compound") else 1 for e in found.entities)


def _has_complement(items: list[Item], j: int) -> bool:
    """Tell whether a relation noun has its own with/to phrase ("cooperation with …")."""
    return j + 1 < len(items) and items[j + 1].low in ("with", "to", "toward", "towards")


def _emit_pairs(ctx: _Context, holder: Found, target: Found | None, polarity: Polarity,
                rule: str, confidence: float) -> None:
    """Emit one stance per holder × target entity, resolving anaphors."""
    if target is None:
        return
    anaphoric = any(e.is_anaphor for e in holder.entities + target.entities)
    if anaphoric:
        confidence -= 0.1
    if len(holder.entities) > 1 or len(target.entities) > 1:
        confidence -= 0.05
    for h in holder.entities:
        for rh in _resolve(h):
            for t in target.entities:
                for rt in _resolve(t, rh):
                    ctx.emit(rh, rt, polarity, rule, confidence)


def _emit_reciprocal(ctx: _Context, group: Found, polarity: Polarity, rule: str,
                     confidence: float) -> None:
    """Emit both directions between the two members of a group ("between A and B")."""
    refs: list[EntityRef] = []
    for entity in group.entities:
        for ref in _resolve(entity):
            if ref not in refs:
                refs.append(ref)
    if len(refs) != 2:
        return
    a, b = refs
    ctx.emit(a, b, polarity, rule, confidence)
    ctx.emit(b, a, polarity, rule, confidence)


# -- the rules -----------------------------------------------------------------------------------


def _apply_trigger(ctx: _Context, i: int, trigger: Trigger,
                   rule_kind: str | None = None) -> set[int]:
    """Find the holder and target of one lexicon trigger and emit its stances."""
    items = ctx.items
    n_words = len(trigger.words)
    j = i + n_words - 1
    kind = trigger.kind
    if _in_conditional(items, i):
        return set()
    kinds = {t.kind for t in TRIGGER_INDEX.get(items[i].low, ()) if t.words == trigger.words}
    if n_words == 1 and {"noun", "verb"} <= kinds:
        wanted = "noun" if _used_as_noun(items, i, n_words) else "verb"
        if wanted != kind:
            alt = next(t for t in TRIGGER_INDEX[items[i].low]
                       if t.kind == wanted and t.words == trigger.words)
            trigger, kind = alt, alt.kind
    start, negated = _verb_group_start(items, i)
    subject_from = -1
    if kind == "adj" and j + 1 < len(items) and items[j + 1].low in RELATION_NOUNS:
        return set()  # "friendly relations with": the relation noun speaks
    if kind == "adj" and " ".join(trigger.words) in _COPULA_ONLY:
        if not any(items[k].low in _COPULAS for k in range(start, i)):
            return set()
    if kind == "noun":
        window = [items[k].low for k in range(max(0, i - 3), i)]
        negated = negated or (any(w in NEGATORS or w in _UNDOING for w in window)
                              and "only" not in window)
        light = start - 1
        while light >= 0 and light >= start - 5 and items[light].entity is None and (
                items[light].low in DETERMINERS or items[light].low in
                SUPPORT_RELATION_ADJECTIVES or items[light].low in OPPOSE_RELATION_ADJECTIVES
                or items[light].low in ADVERBS or items[light].low in IMPROVEMENT_NOUNS
                or (items[light].low.isalpha() and not _is_verbish(items[light])
                    and items[light].low not in PREPOSITIONS
                    and items[light].low not in LIGHT_VERBS
                    and items[light].low not in SUPPORT_RELATION_VERBS
                    and items[light].low not in OPPOSE_RELATION_VERBS)):
            light -= 1
        if light >= 0 and items[light].low in REVERSING_VERBS and trigger.polarity == "support" \
                and not trigger.reciprocal:
            trigger = Trigger(trigger.words, trigger.lemma, "oppose", "noun", trigger.preps,
                              None, False, trigger.confidence - 0.1)
            subject_from = _verb_group_start(items, light)[0]
        elif light >= 0 and (items[light].low in LIGHT_VERBS or items[light].low in
                             SUPPORT_RELATION_VERBS):
            light_start, light_negated = _verb_group_start(items, light)
            subject_from = light_start
            negated = negated or light_negated or (light >= 1 and items[light - 1].low in
                                                   NEGATORS)
    polarity: Polarity | None = trigger.polarity
    suffix = ""
    if negated:
        polarity, suffix = trigger.negated, "-negated"
    if polarity is None:
        return set()
    confidence = trigger.confidence
    used = set(range(i, j + 1))
    how = rule_kind or {"adj": "adjective"}.get(kind, kind)
    holder: Found | None
    target: Found | None

    if kind == "verb" and _is_participle(items[j].low) and (
            any(items[k].low in _PASSIVE_BE for k in range(start, i))
            or (i >= 1 and items[i - 1].low == ",")):
        holder = _passive_agent(items, j)
        if holder is None:
            return used
        target = find_subject(items, start)
        if target is None and i >= 2 and items[i - 1].low == "," and items[i - 2].entity:
            first, entities = _group_left(items, i - 2)
            target = Found(entities, first, i - 2)
        how = "verb-passive"
    elif kind == "noun":
        if _is_fading(items, j):
            return used
        holder = _np_holder(items, i)
        preps = trigger.preps + ("between",)
        target = find_object(items, j, preps, max_steps=6)
        if holder is None and j + 1 < len(items) and _is_participle(items[j + 1].low):
            agent = _passive_agent(items, j + 1)
            if agent is not None:  # "sanctions imposed by the EU on Russia"
                holder = agent
                target = find_object(items, agent.last, preps, max_steps=3)
        if holder is None:
            after = j + 1
            if after + 1 < len(items) and items[after].low in ("of", "by") and \
                    items[after + 1].entity is not None and \
                    trigger.lemma not in _OF_TARGET_NOUNS:
                last, entities = _group_right(items, after + 1)
                holder = Found(entities, after + 1, last)
                target = find_object(items, last, preps, max_steps=6)
            elif not trigger.reciprocal or target is None or \
                    items[target.first - 1].low != "between":
                holder = (find_subject(items, subject_from, allow_by=True) if subject_from >= 0
                          else find_subject(items, i, allow_by=True, strict=False)) or \
                    _fronted_subject(items, i)
                if holder is not None and _is_controlled(items, holder, i):
                    holder = None
                if holder is not None:
                    confidence -= 0.05
                if target is None and i >= 1 and items[i - 1].low == "the":
                    holder = None  # "the alliance": a name for something known, not a stance
    else:
        if _is_reduced_relative(items, i):
            agent = _passive_agent(items, j) if _is_participle(items[j].low) else None
            if agent is None:
                return used
            target = find_object(items, agent.last, tuple(p for p in trigger.preps if p),
                                 max_steps=3)
            if target is not None:
                _emit_pairs(ctx, agent, target, polarity, f"clause:{polarity}-verb-passive",
                            confidence - 0.05)
            return used
        holder = _predicate_subject(items, i, start)
        target = find_object(items, j, trigger.preps)
        if target is None and kind == "adj" and "" not in trigger.preps:
            # "the friendliest EU member toward Belgrade": a short noun phrase before the prep.
            gap = next((m for m in range(j + 1, min(j + 5, len(items)))
                        if items[m].low in trigger.preps), None)
            if gap is not None and not any(items[m].low in TARGET_BOUNDARIES
                                           for m in range(j + 1, gap)):
                target = find_object(items, gap - 1, trigger.preps)
        if target is None and holder is not None and holder.first >= 1 and \
                items[holder.first - 1].low in ("that", "which"):
            target = _relative_object(items, holder.first - 1)
            if target is not None:
                confidence -= 0.2
                how += "-relative"

    prep_at = target.first - 1 if target is not None else -1
    if prep_at >= 1 and items[prep_at].low in DETERMINERS:
        prep_at -= 1
    if kind == "noun" and polarity == "oppose" and target is not None and \
            prep_at >= 0 and items[prep_at].low == "with":
        # "lodged a complaint with the Security Council against Israel": the addressee is
        # only the target when no one is named as what the protest is against.
        against = next((m for m in range(target.last + 1, min(target.last + 4, len(items)))
                        if items[m].low == "against"), None)
        if against is not None and against + 1 < len(items) and \
                items[against + 1].entity is not None:
            last, entities = _group_right(items, against + 1)
            target = Found(entities, against + 1, last)
    if target is not None and target.note == "agent" and target.victim is not None and (
            polarity == "support" or not any(r.kind == "country" for e in target.entities
                                             for r in e.refs)):
        target = target.victim  # backing sanctions on X opposes X; the agent is no country
    if target is not None and target.note == "victim":
        used.update(range(j, target.last + 1))
        if polarity == "support" and not negated:
            polarity, how = "oppose", how + "-against-victim"
        elif polarity == "oppose" and not negated and kind != "noun":
            polarity, how = "support", how + "-for-victim"
            confidence -= 0.2
        else:
            target = None
    elif target is not None and target.note == "agent":
        how += "-agent"
    rule = f"clause:{polarity}-{how}{suffix}"
    between = target is not None and target.first >= 1 and items[target.first - 1].low in (
        "between",) or (target is not None and target.first >= 2 and
                        items[target.first - 1].low == "the" and
                        items[target.first - 2].low == "between")
    if target is not None:
        used.update(range(j, target.last + 1))
    if trigger.reciprocal and holder is None and target is not None and between:
        if not _is_goal(items, i):
            _emit_reciprocal(ctx, target, polarity, rule + "-reciprocal", confidence - 0.1)
        return used
    if trigger.reciprocal and holder is not None and target is None and \
            _group_size(holder) > 1 and not _has_complement(items, j) and \
            not ctx.consumed.intersection(range(holder.last + 1, i)):
        # (not "A and B criticized C over the Gaza war": the war is C's, not A's with B)
        if not _is_goal(items, i):
            _emit_reciprocal(ctx, holder, polarity, rule + "-reciprocal", confidence - 0.1)
        return used
    if holder is not None and target is None and _group_size(holder) > 1 and \
            _each_other_follows(items, j):
        _emit_reciprocal(ctx, holder, polarity, rule + "-each-other", confidence - 0.1)
        return used
    if holder is None:
        return used
    if target is None and polarity == "neutral" and (
            _conflict_follows(items, j) or _ends_clause(items, j)):
        parties = _conflict_parties(ctx, holder, j)
        if parties:  # "has not taken sides in the war": neutral toward its two parties
            for h in holder.entities:
                for rh in _resolve(h):
                    for party in parties:
                        ctx.emit(rh, party, polarity, rule + "-conflict-parties",
                                 confidence - 0.15)
            return used
    _emit_pairs(ctx, holder, target, polarity, rule, confidence)
    topic = _topic_label(items, j) if kind != "noun" else None
    ref: EntityRef | None = EntityRef("topic", slugify(topic), topic) if topic else None
    if ref is None and target is None and kind != "noun":
        ref = object_phrase(items, j, trigger.preps)
    if ref is not None and (target is None or target.note != "victim"):
        for h in holder.entities:
            for rh in _resolve(h):
                ctx.emit(rh, ref, polarity, f"clause:{polarity}-{how}-topic{suffix}",
                         confidence - 0.1)
    return used


_CONFLICT_NOUNS = frozenset(
    """war conflict dispute standoff crisis fighting row feud rivalry confrontation quarrel
    spat""".split()
)


_CONCESSIVE = frozenset("; though although but whereas because yet while".split())


def _conflict_follows(items: list[Item], j: int) -> bool:
    """Tell whether a neutral predicate is about a conflict named without its parties."""
    for m in range(j + 1, min(j + 5, len(items))):
        if items[m].entity is not None or items[m].low in TARGET_BOUNDARIES:
            return False
        if items[m].low in _CONFLICT_NOUNS:
            nxt = items[m + 1].low if m + 1 < len(items) else ""
            return nxt not in ("between", "with", "over")
    return False


def _ends_clause(items: list[Item], j: int) -> bool:
    """Tell whether a predicate ends its clause ("Djibouti has tried to stay neutral.")."""
    return j + 1 >= len(items) or items[j + 1].low in (".", ",", ";", ":", "and", "but", "”",
                                                       '"', "while", "so", "for", "since")


def _conflict_parties(ctx: _Context, holder: Found, j: int) -> list[EntityRef]:
    """The two parties of a conflict left implicit: the two other countries the clause
    names after the predicate, else the two the article last named together."""
    own = {r for e in holder.entities for r in _resolve(e)}
    named: list[EntityRef] = []
    for k in range(j + 1, len(ctx.items)):
        item = ctx.items[k]
        if item.low in _CONCESSIVE or (item.low == "," and k + 1 < len(ctx.items)
                                       and ctx.items[k + 1].low in ("and", "but", "while")):
            break  # "…, though it depends on Russian gas": another matter
        if item.entity is not None and not item.entity.is_anaphor:
            for ref in item.entity.refs:
                if ref.kind == "country" and ref not in own and ref not in named:
                    named.append(ref)
    if len(named) == 2:
        return named
    if not named and len(ctx.pair) == 2 and not own & set(ctx.pair):
        return list(ctx.pair)
    return []


def _relative_object(items: list[Item], that: int) -> Found | None:
    """For "the agreements between A and B that Russia opposed", find A and B."""
    k = that - 1
    steps = 0
    while k >= 0 and steps < 6:
        if items[k].entity is not None:
            first, entities = _group_left(items, k)
            return Found(entities, first, k)
        if items[k].low in TARGET_BOUNDARIES and items[k].low not in ("and",):
            return None
        k -= 1
        steps += 1
    return None


def _next_entity(items: list[Item], k: int, limit: int,
                 stop: frozenset[str] = frozenset({";", ":", ".", "that", "which", "who", "but",
                                                   "while", "because"})) -> int | None:
    """Return the index of the first entity within `limit` items from k, inside the clause."""
    for m in range(k, min(k + limit, len(items))):
        if items[m].entity is not None:
            return m
        if items[m].low in stop:
            return None
    return None


def _frame_see_as(ctx: _Context, i: int) -> set[int]:
    """"Somalia sees Ethiopia's ambitions as a threat"; "Belarus is regarded in Vilnius as …"."""
    items = ctx.items
    start, negated = _verb_group_start(items, i)
    as_at = next((m for m in range(i + 1, min(i + 9, len(items))) if items[m].low == "as"), None)
    if as_at is None or negated:
        return set()
    polarity: Polarity | None = None
    for m in range(as_at + 1, min(as_at + 7, len(items))):
        low = items[m].low
        if low in THREAT_NOUNS:
            polarity = "oppose"
            break
        if low in FRIEND_NOUNS:
            polarity = "support"
            break
        if low in TARGET_BOUNDARIES or items[m].entity is not None:
            break
    if polarity is None:
        return set()
    passive = any(items[k].low in _PASSIVE_BE for k in range(start, i))
    if passive:
        target = find_subject(items, start)
        at = _next_entity(items, i + 1, as_at - i)
        if target is None or at is None or items[at - 1].low not in ("in", "by"):
            return set()
        last, entities = _group_right(items, at)
        holder: Found | None = Found(entities, at, last)
    else:
        holder = _predicate_subject(items, i, start)
        at = _next_entity(items, i + 1, as_at - i)
        if holder is None or at is None:
            return set()
        last, entities = _group_right(items, at)
        target = Found(entities, at, last)
    if holder is None:
        return set()
    _emit_pairs(ctx, holder, target, polarity, f"frame:{polarity}-see-as", 0.75)
    return set(range(i, as_at + 3))


def _frame_recall(ctx: _Context, i: int) -> set[int]:
    """"recalled its ambassador from Addis Ababa": a diplomatic protest against that country."""
    items = ctx.items
    envoy = next((m for m in range(i + 1, min(i + 4, len(items)))
                  if items[m].low in ENVOY_NOUNS), None)
    if envoy is None:
        return set()
    stops = frozenset({";", ":", ".", "and", "but", "while", "which", "who"})
    from_at = next((m for m in range(envoy + 1, min(envoy + 8, len(items)))
                    if items[m].low == "from"), None)
    if from_at is None or any(items[m].low in stops for m in range(envoy + 1, from_at)):
        return set()
    at = _next_entity(items, from_at + 1, 2)
    start, negated = _verb_group_start(items, i)
    holder = _predicate_subject(items, i, start)
    if at is None or holder is None or negated:
        return set()
    last, entities = _group_right(items, at)
    _emit_pairs(ctx, holder, Found(entities, at, last), "oppose", "frame:oppose-recall-envoy",
                0.8)
    return set(range(i, last + 1))


def _frame_sign(ctx: _Context, i: int) -> set[int]:
    """"signed a defence agreement with Mogadishu"; "A and B signed a treaty"."""
    items = ctx.items
    noun = next((m for m in range(i + 1, min(i + 6, len(items)))
                 if items[m].low in AGREEMENT_NOUNS), None)
    if noun is None or any(items[m].low in TARGET_BOUNDARIES or items[m].entity is not None
                           for m in range(i + 1, noun)):
        return set()
    while noun + 1 < len(items) and items[noun + 1].low in AGREEMENT_NOUNS:
        noun += 1  # "strategic partnership agreements with …"
    start, negated = _verb_group_start(items, i)
    if negated or _is_reduced_relative(items, i):
        return set()
    holder = _predicate_subject(items, i, start)
    if holder is None:
        return set()
    target = find_object(items, noun, ("with",), max_steps=3)
    if target is not None:
        _emit_pairs(ctx, holder, target, "support", "frame:support-sign-agreement", 0.75)
        return set(range(i, target.last + 1))
    if _group_size(holder) > 1:
        _emit_reciprocal(ctx, holder, "support", "frame:support-sign-agreement-reciprocal", 0.7)
    return set(range(i, noun + 1))


def _frame_host(ctx: _Context, i: int) -> set[int]:
    """"hosted meetings between the two governments": mediation, neutral toward both;
    "hosts Russian troops": backing the country whose forces it hosts."""
    items = ctx.items
    noun = next((m for m in range(i + 1, min(i + 5, len(items)))
                 if items[m].low in TALK_NOUNS or items[m].low in MILITARY_NOUNS), None)
    if noun is None:
        return set()
    if items[noun].low in MILITARY_NOUNS:
        at = next((m for m in range(i + 1, noun) if items[m].entity is not None), None)
        start, negated = _verb_group_start(items, i)
        holder = _predicate_subject(items, i, start)
        if at is None or holder is None or negated:
            return set()
        _emit_pairs(ctx, holder, Found([items[at].entity], at, at),  # type: ignore[list-item]
                    "support", "frame:support-host-forces", 0.7)
        return set(range(i, noun + 1))
    while noun + 2 < len(items) and items[noun + 1].low == "of" and \
            items[noun + 2].low in TALK_NOUNS:
        noun += 2  # "two rounds of talks between …"
    target = find_object(items, noun, ("between",), max_steps=3)
    if target is None or items[target.first - 1].low != "between":
        return set()
    start, negated = _verb_group_start(items, i)
    holder = _predicate_subject(items, i, start)
    if holder is None or negated:
        return set()
    _emit_pairs(ctx, holder, target, "neutral", "frame:neutral-host-talks", 0.7)
    return set(range(i, target.last + 1))


def _frame_supply(ctx: _Context, i: int) -> set[int]:
    """"Russia has supplied military instructors and equipment to Bamako": backing."""
    items = ctx.items
    materiel = False
    for m in range(i + 1, min(i + 9, len(items))):
        low = items[m].low
        if low in MATERIEL_NOUNS:
            materiel = True
        if low == "to" and materiel:
            at = _next_entity(items, m + 1, 2)
            if at is None:
                return set()
            start, negated = _verb_group_start(items, i)
            if negated or _is_reduced_relative(items, i):
                return set()
            holder = _predicate_subject(items, i, start)
            if holder is None:
                return set()
            last, entities = _group_right(items, at)
            _emit_pairs(ctx, holder, Found(entities, at, last), "support",
                        "frame:support-supply", 0.75)
            return set(range(i, last + 1))
        if low in (";", ":", ".", "that", "which", "who", "but", "while", "because") or \
                items[m].entity is not None:
            return set()
    return set()


def _frame_give(ctx: _Context, i: int) -> set[int]:
    """"has offered Argentina financing", "granted Kyiv loans": giving help is backing."""
    items = ctx.items
    at = i + 1
    given = items[at].entity if at < len(items) else None
    if given is None or given.is_anaphor and not given.refs:
        return _frame_supply(ctx, i)  # "offered financing to Argentina"
    last, entities = _group_right(items, at)
    noun = next((m for m in range(last + 1, min(last + 5, len(items)))
                 if items[m].low in MATERIEL_NOUNS), None)
    if noun is None or any(items[m].low in TARGET_BOUNDARIES or items[m].entity is not None
                           for m in range(last + 1, noun)):
        return set()
    start, negated = _verb_group_start(items, i)
    if negated or _is_reduced_relative(items, i):
        return set()
    holder = _predicate_subject(items, i, start)
    if holder is None:
        return set()
    _emit_pairs(ctx, holder, Found(entities, at, last), "support", "frame:support-give", 0.75)
    return set(range(i, noun + 1))


# Appeals to both parties at once are even-handed: "called on both governments to show
# restraint", "urged Ethiopia and Eritrea to talk", "called for calm on both sides".
_APPEAL_VERBS = frozenset(
    w for base in "call urge appeal implore exhort".split() for w in inflect(base)
)
_APPEAL_STOPS = frozenset({";", ":", ".", "that", "which", "who", "but", "while", "because",
                           "after", "before", "although", "whereas"})


def _frame_appeal(ctx: _Context, i: int) -> set[int]:
    """An appeal addressed to two parties together: neutral toward each."""
    items = ctx.items
    for m in range(i + 1, min(i + 9, len(items))):
        entity = items[m].entity
        if items[m].low in _APPEAL_STOPS:
            return set()
        if entity is None:
            continue
        if m != i + 1 and items[m - 1].low not in ("on", "upon", "to"):
            return set()  # "called for the return of the three countries": not addressed
        if entity.form == "group" and len(entity.refs) >= 2:
            last, group = m, [entity]
        else:
            last, group = _group_right(items, m)
            if sum(len(e.refs) for e in group) < 2:
                return set()
        start, negated = _verb_group_start(items, i)
        holder = _predicate_subject(items, i, start)
        if negated or holder is None:
            return set()
        _emit_pairs(ctx, holder, Found(group, m, last), "neutral", "frame:neutral-appeal-both",
                    0.7)
        return set(range(i, last + 1))
    return set()


_ABSTAIN_VERBS = frozenset(inflect("abstain"))


def _frame_abstain(ctx: _Context, i: int) -> set[int]:
    """"abstained from condemning Russia", "abstained on the resolution against Iran":
    declining to take a position on a country is neutrality toward it."""
    items = ctx.items
    at = _next_entity(items, i + 1, 8)
    if at is None or items[i + 1].low not in ("from", "on", "in", "when", "during"):
        return set()
    start, negated = _verb_group_start(items, i)
    holder = _predicate_subject(items, i, start)
    if holder is None or negated:
        return set()
    last, entities = _group_right(items, at)
    _emit_pairs(ctx, holder, Found(entities, at, last), "neutral", "frame:neutral-abstain", 0.65)
    return set(range(i, last + 1))


def _appositive_head(items: list[Item], i: int) -> Found | None:
    """For "China, an all-weather friend of Pakistan, …", return China."""
    for c in range(i - 1, max(-1, i - 7), -1):
        if items[c].entity is not None or items[c].low in (";", ":", "that", "which", "who"):
            return None
        if items[c].low == ",":
            if c >= 1 and items[c - 1].entity is not None and c + 1 < i and \
                    items[c + 1].low in ("a", "an", "the", "one", "its", "their"):
                first, entities = _group_left(items, c - 1)
                return Found(entities, first, c - 1)
            return None
    return None


def _frame_agent_noun(ctx: _Context, i: int) -> set[int]:
    """"Warsaw remains one of Ukraine's firmest backers"; "the closest partner of Ankara"."""
    items = ctx.items
    noun = items[i].low
    polarity = AGENT_NOUNS[noun]
    left = i - 1
    evaluative = False
    possessor: int | None = None
    while left >= 0 and i - left <= 6:
        item = items[left]
        if item.low in PARTNER_ADJECTIVES:
            evaluative = True
        if item.entity is not None:
            if _is_possessor(items, left) or item.entity.form == "demonym":
                possessor = left
            break
        if item.low in _COPULAS or item.low in ("as",):
            break
        if item.low in TARGET_BOUNDARIES or item.low in ("of",) and items[left - 1].low != "one":
            if item.low != "of":
                break
        left -= 1
    if noun.startswith("partner") and not evaluative:
        return set()
    copula = next((m for m in range(max(0, i - 8), i) if items[m].low in _COPULAS), None)
    if copula is None:
        holder = _appositive_head(items, i)
    else:
        start, negated = _verb_group_start(items, copula + 1 if items[copula].low in (
            "become", "became", "becomes") else copula)
        holder = None if negated else find_subject(items, start)
    if holder is None:
        return set()
    if possessor is not None:
        first, entities = _group_left(items, possessor)
        target: Found | None = Found(entities, first, possessor)
    else:
        target = find_object(items, i, ("of", "to"), max_steps=4)
    if target is None:
        return set()
    _emit_pairs(ctx, holder, target, polarity, f"frame:{polarity}-agent-noun", 0.75)
    if noun in MUTUAL_NOUNS:
        _emit_pairs(ctx, target, holder, polarity, f"frame:{polarity}-agent-noun-mutual", 0.65)
    return {i}


def _frame_act_apposition(ctx: _Context, i: int) -> set[int]:
    """"India has reopened a mission in Kabul, a move criticised in Pakistan": Pakistan
    opposes India. The participle's agent (by/in X) holds a stance toward the main subject."""
    items = ctx.items
    if i < 2 or items[i - 1].low not in ("a", "the") or items[i - 2].low != ",":
        return set()
    k = i + 1
    target = find_subject(items, i - 2, strict=False)
    if k + 1 < len(items) and items[k].low in ("that", "which") and items[k + 1].entity:
        # "…, a decision that Beijing has sharply criticized"
        start = k + 2
        verb = start
        while verb < len(items) and (items[verb].low in AUXILIARIES or is_adverb(items[verb].low)
                                     or items[verb].low in NEGATORS):
            verb += 1
        trigger = _match_trigger(items, verb) if verb < len(items) else None
        negated = any(items[m].low in NEGATORS for m in range(start, verb))
        if trigger is None or trigger.kind != "verb" or trigger.polarity is None or negated \
                or target is None:
            return set()
        holder = Found([items[k + 1].entity], k + 1, k + 1)  # type: ignore[list-item]
        _emit_pairs(ctx, holder, target, trigger.polarity,
                    f"frame:{trigger.polarity}-act-apposition", 0.65)
        return set(range(i, verb + 1))
    trigger = _match_trigger(items, k) if k < len(items) else None
    if trigger is None or trigger.kind != "verb" or trigger.polarity is None \
            or not _is_participle(items[k].low):
        return set()
    end = k + len(trigger.words)
    if end + 1 >= len(items) or items[end].low not in ("by", "in"):
        return set()
    at = end + 1 if items[end + 1].entity is not None else None
    if at is None or target is None:
        return set()
    last, entities = _group_right(items, at)
    _emit_pairs(ctx, Found(entities, at, last), target, trigger.polarity,
                f"frame:{trigger.polarity}-act-apposition", 0.7)
    return set(range(i, last + 1))


def _frame_backed(ctx: _Context, i: int) -> set[int]:
    """"the Russian-backed government of X", "a US-brokered truce between A and B"."""
    items = ctx.items
    if i == 0 or i + 1 >= len(items) or items[i - 1].entity is None or \
            items[i + 1].low not in BACKED_PARTICIPLES:
        return set()
    polarity = BACKED_PARTICIPLES[items[i + 1].low]
    holder = Found([items[i - 1].entity], i - 1, i - 1)  # type: ignore[list-item]
    target = find_object(items, i + 1, ("", "between"), max_steps=5)
    if target is None:
        return set()
    if polarity == "neutral" and items[target.first - 1].low != "between":
        return set()
    _emit_pairs(ctx, holder, target, polarity, f"frame:{polarity}-backed", 0.7)
    return set(range(i, target.last + 1))


_FRAMES: list[tuple[frozenset[str], Callable[[_Context, int], set[int]]]] = [
    (frozenset({"-", "–"}), _frame_backed),
    (ACT_NOUNS, _frame_act_apposition),
    (SEE_AS_VERBS, _frame_see_as),
    (RECALL_VERBS, _frame_recall),
    (SIGN_VERBS, _frame_sign),
    (HOST_VERBS, _frame_host),
    (SUPPLY_VERBS, _frame_supply),
    (GIVE_VERBS, _frame_give),
    (_APPEAL_VERBS, _frame_appeal),
    (_ABSTAIN_VERBS, _frame_abstain),
    (frozenset(AGENT_NOUNS), _frame_agent_noun),
]


# History is not a stance: a clause framed by an explicit time far back ("in 1942", "during
# the Cold War", "in the 19th century", "in the 1980s") reports a past event, not a position.
HISTORY_CUTOFF_YEAR = 1991  # the end of the Cold War: earlier years are history for the genre
_ERA_WORDS = frozenset(
    """century centuries""".split()
)
_ERA_PHRASES = (
    ("cold", "war"), ("first", "world", "war"), ("second", "world", "war"),
    ("world", "war", "i"), ("world", "war", "ii"), ("world", "war", "one"),
    ("world", "war", "two"), ("soviet", "era"), ("soviet", "times"), ("soviet", "period"),
    ("colonial", "era"), ("colonial", "period"), ("colonial", "rule"), ("ottoman", "era"),
    ("ottoman", "times"), ("ottoman", "empire"), ("middle", "ages"), ("napoleonic", "wars"),
    ("interwar", "period"), ("tsarist", "era"),
)
_TIME_PREPOSITIONS = frozenset("in during throughout until till before by under between".split())
_PRESENT_MARKERS = frozenset("""now today nowadays currently since still presently""".split())
_HISTORY_BOUNDARIES = frozenset({";", "but", "whereas", "while", "although", "though", "yet"})
_YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2})s?$")
_ORDINAL_CENTURY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$|^(?:first|second|third|fourth|fifth|"
                              r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
                              r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
                              r"nineteenth|twentieth)$")


def _past_adverbial(items: list[Item], k: int) -> bool:
    """Tell whether a time adverbial far back starts at item k ("in 1942", "during the Cold
    War", "in the 19th century", "in the 1980s")."""
    if items[k].low not in _TIME_PREPOSITIONS:
        return False
    m = k + 1
    while m < len(items) and m <= k + 3 and items[m].low in ("the", "early", "late", "mid",
                                                             "mid-", "its", "of"):
        m += 1
    if m >= len(items):
        return False
    year = _YEAR.match(items[m].low)
    if year:
        return int(year.group(1)) < HISTORY_CUTOFF_YEAR and not (
            items[m].low.endswith("s") and int(year.group(1)) >= 1990)
    if _ORDINAL_CENTURY.match(items[m].low) and m + 1 < len(items) and \
            items[m + 1].low in _ERA_WORDS:
        return items[m].low not in ("21st", "twenty-first")
    words = tuple(it.low for it in items[m:m + 3])
    return any(words[:len(phrase)] == phrase for phrase in _ERA_PHRASES)


def _historical_items(items: list[Item]) -> set[int]:
    """Return the items of the clauses that a far-back time adverbial frames as history."""
    if not any(_past_adverbial(items, k) for k in range(len(items))):
        return set()
    segments: list[list[int]] = [[]]
    for k, item in enumerate(items):
        if item.low in _HISTORY_BOUNDARIES or item.low in _PRESENT_MARKERS:
            segments.append([])
        segments[-1].append(k)
    past: set[int] = set()
    for segment in segments:
        if any(items[k].low in _PRESENT_MARKERS for k in segment):
            continue
        if any(_past_adverbial(items, k) for k in segment):
            past.update(segment)
    return past


def _read_sentence(ctx: _Context) -> None:
    """Apply the frames and lexicon triggers of one sentence, left to right."""
    items = ctx.items
    consumed: set[int] = _historical_items(items)
    ctx.consumed = consumed
    i = 0
    while i < len(items):
        if i in consumed or items[i].entity is not None:
            i += 1
            continue
        used: set[int] = set()
        for words, frame in _FRAMES:
            if items[i].low in words and not _in_conditional(items, i):
                used = frame(ctx, i)
                if used:
                    break
        if used:
            consumed.update(used)
            i += 1
            continue
        trigger = _match_trigger(items, i)
        if trigger is not None:
            consumed.update(_apply_trigger(ctx, i, trigger))
            i += len(trigger.words)
            continue
        relation = _relation_trigger(items, i)
        if relation is not None:
            polarity, how = relation
            preps: tuple[str, ...] = ("with", "to", "toward", "towards")
            if items[i].low in ("embassy", "embassies", "consulate") and any(
                    it.low in BORDER_OPENING for it in items[max(0, i - 3):i]):
                preps += ("in",)  # "reopened its embassy in Kabul" (keeping one is no stance)
            rel = Trigger((items[i].low,), items[i].low, polarity, "noun", preps, None, True,
                          0.8)
            consumed.update(_apply_trigger(ctx, i, rel, rule_kind=how))
        i += 1


def _drop_overlaps(entities: list[Entity]) -> list[Entity]:
    """Keep the longer of two overlapping mentions ("Strategic Council on Foreign Relations")."""
    kept: list[Entity] = []
    for e in entities:
        if kept and e.start < kept[-1].end:
            if (e.end - e.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = e
            continue
        kept.append(e)
    return kept


def _remember_groups(items: list[Item], discourse: Discourse) -> None:
    """Remember countries the sentence names together, for later "the two governments"."""
    k = 0
    while k < len(items):
        entity = items[k].entity
        if entity is None:
            k += 1
            continue
        if entity.form == "compound" and len(entity.refs) >= 2:
            last, group = k, [entity]
        else:
            last, group = _group_right(items, k)
        refs: list[EntityRef] = []
        for e in group:
            for ref in e.refs:
                if ref.kind == "country" and ref not in refs:
                    refs.append(ref)
        if len(refs) >= 2:
            discourse.groups.append((items[k].start, refs))
        k = last + 1


def _remember_subject(items: list[Item], discourse: Discourse) -> None:
    """Remember the sentence's first subject-like entity group, for "they"."""
    for k, item in enumerate(items):
        if item.entity is not None and not item.entity.is_anaphor:
            last, entities = _group_right(items, k)
            if _subject_like(items, k, last):
                discourse.last_subjects = [r for e in entities for r in e.refs[:1]]
                return


def find_stances(body: str, sentences: Sequence[Span], speakers: Sequence[int | None],
                 countries: Sequence[CountryLike], organizations: Sequence[OrgLike],
                 country_label: Callable[[str], str], *,
                 skip: Sequence[tuple[int, int]] = ()) -> list[StanceFinding]:
    """Find every stance in the body, each with its sentence as evidence.

    `speakers` gives, per sentence, the index of the expert speaking (or None); `skip` lists
    character spans whose entities take no part in stances (an expert's description: "A
    Turkish issues researcher said").
    """
    entities: list[Entity] = []
    for c in countries:
        entities.append(Entity([EntityRef("country", c.iso2, country_label(c.iso2))], c.form,
                               c.start, c.end))
    for o in organizations:
        entities.append(Entity([EntityRef("organization", o.key, o.label)], "organization",
                               o.start, o.end))
    entities.sort(key=lambda e: e.start)
    entities = _drop_overlaps(entities)
    discourse = Discourse()
    for e in entities:
        discourse.mentions.append(_Mention(e.start, e.refs[0]))
        discourse.starts.append(e.start)

    findings: dict[tuple[EntityRef, EntityRef, str, int], StanceFinding] = {}
    cursor = 0
    for index, sentence in enumerate(sentences):
        while cursor < len(entities) and entities[cursor].end <= sentence.start:
            cursor += 1
        inside = []
        for e in entities[cursor:]:
            if e.start >= sentence.end:
                break
            if e.end <= sentence.end and not any(s <= e.start and e.end <= t for s, t in skip):
                inside.append(e)
        items = _mark_anaphors(_tokenize(body, sentence, inside), discourse)
        speaker = speakers[index] if index < len(speakers) else None

        def emit(holder: EntityRef, target: EntityRef, polarity: Polarity, rule: str,
                 confidence: float, sentence: Span = sentence,
                 speaker: int | None = speaker) -> None:
            """Record a stance once per sentence, keeping its most confident reading."""
            if holder == target or holder.kind == "topic":
                return
            key = (holder, target, polarity, sentence.start)
            old = findings.get(key)
            confidence = max(0.0, min(1.0, round(confidence, 2)))
            if old is None or old.confidence < confidence:
                findings[key] = StanceFinding(holder, target, polarity, sentence.start,
                                              sentence.end, confidence, rule, speaker)

        if not sentence.text.rstrip("”\"’' ").endswith("?"):
            pair = discourse.recent_group(sentence.start, 2) or \
                discourse.salient(sentence.start, 2)
            _read_sentence(_Context(items, emit, pair))
        _remember_subject(items, discourse)
        _remember_groups(items, discourse)
    return sorted(findings.values(), key=lambda s: (s.evidence_start, s.holder.key,
                                                    s.target.key, s.polarity))
