"""The stance lexicon: which words express support, opposition or neutrality, and how.

Every entry says how its arguments are realised, so the stance rules can find them:

- ``verb``: holder is the subject, target the object (or after one of ``preps``);
  a passive ("is supported by") swaps them.
- ``noun``: holder is a possessor ("Turkey's support"), a demonym ("Russian criticism"), an
  of/by phrase, or the subject of a light verb ("Turkey expressed support for"); target after
  one of ``preps``; ``between A and B`` gives both directions when ``reciprocal``.
- ``adj``: a predicate adjective ("critical of", "hostile to"); holder is the subject.

``negated`` says what the entry means under negation: ``None`` drops the stance ("has not
supported" states no stance), a polarity replaces it ("has never recognized" is opposition,
"has not taken sides" neutrality). Polarity follows DESIGN.md: support = backing, cooperation,
close or improving relations, welcoming, praising; oppose = criticism, condemnation, opposition,
hostility, sanctions, rejection; neutral = explicit balance, mediation, non-alignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from kg.model import Polarity

TriggerKind = Literal["verb", "noun", "adj"]


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the words, their polarity and how their arguments appear."""

    words: tuple[str, ...]  # lower-case surface forms, one per token
    lemma: str
    polarity: Polarity | None  # None: only meaningful when negated ("take sides")
    kind: TriggerKind
    preps: tuple[str, ...] = ()  # "" means a direct object
    negated: Polarity | None = None
    reciprocal: bool = False
    confidence: float = 0.85


# Irregular or consonant-doubling verb forms (base → -s, -ed, -ing).
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "ban": ("bans", "banned", "banning"),
    "stand": ("stands", "stood", "standing"),
    "take": ("takes", "took", "taken", "taking"),
    "fight": ("fights", "fought", "fighting"),
    "cut": ("cuts", "cutting"),
    "sever": ("severs", "severed", "severing"),
    "side": ("sides", "sided", "siding"),
    "ally": ("allies", "allied", "allying"),
    "aid": ("aids", "aided", "aiding"),
    "arm": ("arms", "armed", "arming"),
    "spurn": ("spurns", "spurned", "spurning"),
    "rebuke": ("rebukes", "rebuked", "rebuking"),
    "stay": ("stays", "stayed", "staying"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "slam": ("slams", "slammed", "slamming"),
    "embargo": ("embargoes", "embargoed", "embargoing"),
    "veto": ("vetoes", "vetoed", "vetoing"),
    "fund": ("funds", "funded", "funding"),
    "equip": ("equips", "equipped", "equipping"),
    "admit": ("admits", "admitted", "admitting"),
    "abandon": ("abandons", "abandoned", "abandoning"),
    "counter": ("counters", "countered", "countering"),
    "deter": ("deters", "deterred", "deterring"),
    "confront": ("confronts", "confronted", "confronting"),
    "threaten": ("threatens", "threatened", "threatening"),
    "sanction": ("sanctions", "sanctioned", "sanctioning"),
    "blockade": ("blockades", "blockaded", "blockading"),
    "lean": ("leans", "leaned", "leant", "leaning"),
    "draw": ("draws", "drew", "drawn", "drawing"),
    "grow": ("grows", "grew", "grown", "growing"),
    "give": ("gives", "gave", "given", "giving"),
    "lend": ("lends", "lent", "lending"),
    "shut": ("shuts", "shutting"),
}


# Verbs of two or more syllables stressed on the last one double their final consonant.
_DOUBLING = frozenset(
    """expel compel propel dispel admit commit submit permit omit refer prefer occur deter
    control patrol regret equip rebel confer transfer""".split()
)


def _doubles(verb: str) -> bool:
    """Tell whether a verb doubles its last consonant before -ed and -ing ("ban", "expel")."""
    vowels = "aeiou"
    if len(verb) < 3 or verb[-1] in vowels + "wxy" or verb[-2] not in vowels \
            or verb[-3] in vowels:
        return False
    return (len(verb) <= 4 and verb not in ("open", "edit", "exit")) or verb in _DOUBLING


def inflect(verb: str) -> tuple[str, ...]:
    """Return a regular English verb with its -s, -ed and -ing forms."""
    if verb in _IRREGULAR:
        return (verb, *_IRREGULAR[verb])
    if _doubles(verb):
        return (verb, verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing")
    if verb.endswith("e"):
        return (verb, verb + "s", verb + "d", verb[:-1] + "ing")
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return (verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing")
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return (verb, verb + "es", verb + "ed", verb + "ing")
    return (verb, verb + "s", verb + "ed", verb + "ing")


def _verbs(polarity: Polarity | None, entries: Iterable[str], *, preps: tuple[str, ...] = ("",),
           negated: Polarity | None = None, confidence: float = 0.85,
           reciprocal: bool = False) -> list[Trigger]:
    """Expand verbs (first word inflected, e.g. "side with") into triggers."""
    triggers = []
    for entry in entries:
        head, *rest = entry.split()
        for form in inflect(head):
            triggers.append(Trigger((form, *rest), entry, polarity, "verb", preps, negated,
                                    reciprocal, confidence))
    return triggers


def _nouns(polarity: Polarity | None, entries: Iterable[str], *, preps: tuple[str, ...],
           negated: Polarity | None = None, reciprocal: bool = False,
           confidence: float = 0.8) -> list[Trigger]:
    """Expand nouns (listed with their plural when used) into triggers."""
    return [Trigger(tuple(entry.split()), entry, polarity, "noun", preps, negated, reciprocal,
                    confidence) for entry in entries]


def _adjectives(polarity: Polarity | None, entries: Iterable[str], *, preps: tuple[str, ...],
                negated: Polarity | None = None, confidence: float = 0.85,
                reciprocal: bool = False) -> list[Trigger]:
    """Expand predicate adjectives ("critical of") into triggers."""
    return [Trigger(tuple(entry.split()), entry, polarity, "adj", preps, negated, reciprocal,
                    confidence) for entry in entries]


_TO = ("to", "toward", "towards")

TRIGGERS: list[Trigger] = [
    # -- support: verbs -------------------------------------------------------------------------
    *_verbs("support", """support back endorse welcome praise hail applaud commend defend
            champion favour favor embrace befriend assist aid reassure""".split()),
    *_verbs("support", ["help", "shield", "protect", "court", "train"], confidence=0.7),
    *_verbs("support", ["recognize", "recognise"], negated="oppose", confidence=0.75),
    *_verbs("support", ["accept"], negated="oppose", confidence=0.6),
    *_verbs("support", ["side with", "stand with", "stand by", "ally with", "align with",
                        "sympathize with", "sympathise with", "reconcile with",
                        "partner with", "stand behind", "rally behind", "rally to",
                        "vouch for", "come to the aid of", "come to the defence of",
                        "come to the defense of"], preps=("",)),
    # Drifting into someone's orbit is growing support ("Serbia has drifted toward Russia").
    *_verbs("support", [f"{verb} {prep}" for verb in ("drift", "tilt", "lean", "gravitate",
                                                       "pivot", "turn")
                        for prep in ("toward", "towards")]
            + ["pivot to", "move closer to", "grow closer to", "draw closer to",
               "edge closer to", "move toward", "move towards"], preps=("",), confidence=0.7),
    # Military and intelligence cooperation ("sails with", "shares intelligence with").
    *_verbs("support", ["sail with", "train with", "exercise with", "patrol with",
                        "drill with", "share intelligence with", "exchange intelligence with",
                        "share information with", "fight alongside", "stand alongside"],
            preps=("",), confidence=0.75),
    *_verbs("support", ["cooperate", "collaborate", "coordinate"], preps=("with",),
            reciprocal=True),
    # -- oppose: verbs --------------------------------------------------------------------------
    *_verbs("oppose", """oppose criticize criticise condemn denounce accuse blame reject ban
            expel sanction boycott embargo isolate confront threaten rebuke castigate deplore
            slam lambast lambaste attack invade occupy bomb counter contain antagonize
            antagonise undermine deter spurn veto punish blockade""".split()),
    *_verbs("oppose", ["warn", "block", "obstruct", "summon", "delay"], confidence=0.7),
    *_verbs("oppose", ["retaliate"], preps=("against",), confidence=0.75),
    *_verbs("oppose", ["protest", "fight", "stand against", "side against", "turn against",
                       "work against", "clash with", "break with", "distance from"],
            preps=("", "against")),
    # -- neutral: verbs ------------------------------------------------------------------------
    *_verbs("neutral", ["mediate"], preps=("between",), confidence=0.8),
    *_verbs("neutral", ["balance"], preps=("between",), confidence=0.7),
    *_verbs(None, ["take sides", "take a side", "side", "choose", "pick sides"],
            preps=("in", "with", "between"), negated="neutral", confidence=0.75),
    *_verbs("neutral", ["avoid siding with", "avoid taking sides", "refrain from siding with",
                        "refrain from taking sides", "stay neutral", "remain neutral",
                        "stay out of"],
            preps=("", "in", "between", "with", "toward", "towards"), confidence=0.75),
    # -- support: nouns ------------------------------------------------------------------------
    *_nouns("support", ["support", "backing", "endorsement", "solidarity", "assistance", "aid",
                        "military aid", "arms supplies"],
            preps=("for", "of", "to", "with")),
    *_nouns("support", ["investment", "investments"], preps=("in",), confidence=0.7),
    *_nouns("support", ["joint exercises", "joint military exercises", "joint naval exercises",
                        "joint drills", "joint military drills", "joint naval drills",
                        "joint patrols", "joint manoeuvres", "joint maneuvers",
                        "military exercises", "naval exercises", "military drills",
                        "naval drills", "war games", "intelligence sharing",
                        "intelligence cooperation", "defense cooperation",
                        "defence cooperation", "security cooperation",
                        "military cooperation", "security pact", "defense pact",
                        "defence pact", "mutual defense", "mutual defence"],
            preps=("with",), reciprocal=True, confidence=0.75),
    *_nouns("support", ["cooperation", "collaboration", "partnership", "partnerships",
                        "alliance", "alliances", "friendship", "rapprochement", "reconciliation",
                        "normalization", "normalisation", "strategic ties"],
            preps=("with",), reciprocal=True),
    # -- oppose: nouns -------------------------------------------------------------------------
    *_nouns("oppose", ["opposition", "criticism", "criticisms", "condemnation", "hostility",
                       "animosity", "enmity", "antagonism", "accusations", "protest",
                       "protests", "rejection", "sanctions", "embargo", "boycott",
                       "complaint", "complaints", "grievances", "démarche", "demarche",
                       "aggression", "invasion", "occupation", "attacks", "threats",
                       "objection", "objections"],
            preps=("to", "of", "against", "toward", "towards", "on", "with")),
    *_nouns("oppose", ["claim", "claims"], preps=("to", "over", "on"), confidence=0.7),
    *_nouns("oppose", ["pressure", "pressures"], preps=("on", "against"), confidence=0.7),
    *_nouns("oppose", ["rivalry", "rivalries", "tensions", "tension", "confrontation",
                       "feud", "row", "spat", "quarrel", "clashes", "clash",
                       "border dispute", "territorial dispute", "diplomatic row",
                       "conflict", "dispute", "disputes", "war", "hostilities", "standoff"],
            preps=("with",), reciprocal=True, confidence=0.7),
    # -- neutral: nouns ------------------------------------------------------------------------
    *_nouns("neutral", ["mediation", "mediator", "mediating role", "neutrality",
                        "balanced approach", "balanced policy", "balanced position",
                        "balancing act", "equidistance", "non-alignment", "neutral position",
                        "neutral stance", "balanced relations", "balanced ties", "balance"],
            preps=("between", "toward", "towards", "in", "with", "on"), confidence=0.75),
    # -- adjectives ----------------------------------------------------------------------------
    *_adjectives("support", ["supportive of", "sympathetic to", "sympathetic towards",
                             "friendly to", "friendly toward", "friendly towards",
                             "allied with", "aligned with", "in favor of", "in favour of",
                             "close to", "closer to", "loyal to"], preps=("",)),
    *_adjectives("support", ["happy with", "pleased with", "satisfied with", "content with"],
                 preps=("",), negated="oppose", confidence=0.7),
    *_adjectives("oppose", ["unhappy with", "displeased with", "frustrated with",
                            "annoyed with", "angry over", "alarmed by", "concerned about"],
                 preps=("",), confidence=0.7),
    *_adjectives("support", ["friendly", "friendlier", "friendliest"],
                 preps=("to", "toward", "towards", "with"), confidence=0.75),
    *_adjectives("oppose", ["critical of", "hostile to", "hostile toward", "hostile towards",
                            "opposed to", "skeptical of", "sceptical of", "suspicious of",
                            "wary of", "angry with", "angry at", "upset with", "at odds with",
                            "dissatisfied with", "against"], preps=("",)),
    # Mutual states of a pair: "Iran and Afghanistan are at odds over water".
    *_adjectives("oppose", ["at odds", "at loggerheads", "at war", "on bad terms",
                            "in conflict"], preps=("with",), reciprocal=True, confidence=0.75),
    *_adjectives("support", ["on good terms", "on friendly terms"], preps=("with",),
                 reciprocal=True, confidence=0.75),
    *_verbs("oppose", ["exchange fire", "trade fire", "exchange accusations",
                       "trade accusations", "trade barbs", "trade blows"],
            preps=("with",), reciprocal=True, confidence=0.7),
    *_adjectives("neutral", ["neutral toward", "neutral towards", "neutral on", "neutral in",
                             "neutral between", "impartial toward", "impartial towards",
                             "impartial between", "non-aligned between", "neutral",
                             "impartial"], preps=("", "between", "in", "toward", "towards",
                                                  "on"),
                 confidence=0.75),
]

# Relation nouns: "close relations with", "improved its ties with" (support), "strained
# relations with" (oppose). An evaluative adjective or verb must come with them: bare
# "relations with" states no stance.
RELATION_NOUNS = frozenset(
    """relations relationship relationships ties tie cooperation interaction interactions
    partnership alliance friendship bonds contacts engagement coordination links dialogue
    connections ambassadors embassies embassy consulate treaty treaties pact pacts accord
    accords agreement agreements""".split()
)
# Closing or reopening a border with a neighbour: "closed its border with Tajikistan".
BORDER_NOUNS = frozenset(
    "border borders frontier frontiers crossings crossing airspace ports".split()
)
BORDER_CLOSING = frozenset(
    """closed closes closing shut shuts shutting seal seals sealed sealing""".split()
)
BORDER_OPENING = frozenset(w for base in "reopen open".split() for w in inflect(base))
SUPPORT_RELATION_ADJECTIVES = frozenset(
    """close closer closest good better friendly warm warmer strong stronger strategic deep
    deeper cordial excellent brotherly special growing expanding improved improving warming
    positive constructive amicable solid extensive intimate fraternal fruitful""".split()
)
OPPOSE_RELATION_ADJECTIVES = frozenset(
    """tense tenser strained hostile poor bad worse deteriorating frosty cold troubled uneasy
    difficult broken adversarial""".split()
)
SUPPORT_RELATION_VERBS = frozenset(
    w for base in """improve strengthen deepen expand boost enhance develop promote restore
    normalize normalise upgrade bolster foster cement mend warm broaden intensify advance
    consolidate forge revive resume build reinforce increase exchange reopen keep maintain
    """.split()
    for w in inflect(base)
)
OPPOSE_RELATION_VERBS = frozenset(
    w for base in """cut sever downgrade suspend freeze break reduce end cancel abrogate
    scrap terminate revoke renounce denounce annul""".split()
    for w in inflect(base)
)
# Nouns that name an act of hostility done to a victim: "sanctions against Russia". Backing
# such an act opposes the victim; condemning it opposes its agent ("Russia's invasion").
AGGRESSION_NOUNS = frozenset(
    """sanctions sanction pressure pressures attack attacks aggression invasion occupation
    annexation strikes strike bombing bombardment war embargo blockade threats isolation
    containment""".split()
)
# Head nouns of explicit topic targets ("the annexation of Crimea", "the drone deals").
TOPIC_NOUNS = frozenset(
    """annexation deal deals agreement agreements contract contracts sanctions war invasion
    occupation program programme project plan treaty resolution sale sales purchase pipeline
    pipelines referendum blockade embargo accession membership expansion presence
    intervention operation attack strikes policy policies decision move initiative proposal
    corridor ruling rulings verdict judgment judgement ceasefire truce accord accords pact
    roadmap bill law ban tariffs tariff dam reform reforms coup offensive
    deployment mission bid candidacy arrangement settlement route""".split()
)


def _index(triggers: Iterable[Trigger]) -> dict[str, list[Trigger]]:
    """Index triggers by their first word, longest entries first, for fast matching."""
    index: dict[str, list[Trigger]] = {}
    for trigger in triggers:
        index.setdefault(trigger.words[0], []).append(trigger)
    for entries in index.values():
        entries.sort(key=lambda t: -len(t.words))
    return index


TRIGGER_INDEX = _index(TRIGGERS)


# Verbs of perception that classify: "Somalia sees Ethiopia's ambitions as a threat".
SEE_AS_VERBS = frozenset(
    w for base in """see view regard consider describe perceive treat label brand deem
    portray""".split() for w in inflect(base)
) | frozenset("saw seen".split())
THREAT_NOUNS = frozenset(
    """threat threats enemy enemies adversary adversaries rival rivals danger dangers foe foes
    menace provocation aggressor occupier""".split()
)
FRIEND_NOUNS = frozenset("ally allies partner partners friend friends".split())
# Agent nouns of a mutual relation: a partner of X has X as a partner too.
MUTUAL_NOUNS = frozenset("ally allies partner partners friend friends".split())
# Hosting another country's troops or bases is backing it.
MILITARY_NOUNS = frozenset(
    """troops forces bases base soldiers military weapons missiles contingent fleet""".split()
)
# What a country receives when it is helped: "EU aid packages for Ukraine" helps Ukraine.
BENEFIT_NOUNS = frozenset(
    """aid assistance support funding funds package packages loans loan weapons arms help
    grants credit""".split()
)
# "the Russian-backed government", "a US-brokered truce between A and B".
BACKED_PARTICIPLES: dict[str, Polarity] = {
    **dict.fromkeys("backed supported sponsored funded financed armed trained allied".split(),
                    "support"),
    **dict.fromkeys("brokered mediated".split(), "neutral"),
}
# Verbs that make their object the subject of a to-infinitive ("urged Riyadh to normalise"):
# the stance is the urger's wish, not the object's.
CONTROL_VERBS = frozenset(
    w for base in """urge press ask encourage push pressure force persuade invite want expect
    allow call demand implore""".split() for w in inflect(base)
)
# An appositive that names the act just described: "…, a move criticised in Pakistan".
ACT_NOUNS = frozenset("move step decision shift measure gesture policy choice".split())
# Recalling or withdrawing an envoy "from X" is a diplomatic protest against X.
RECALL_VERBS = frozenset(
    inflect("recall") + inflect("withdraw") + ("withdrew", "withdrawn")
)
ENVOY_NOUNS = frozenset("ambassador ambassadors envoy envoys diplomats diplomat".split())
# Signing an agreement with someone is cooperation.
SIGN_VERBS = frozenset(inflect("sign") + inflect("conclude") + inflect("ink"))
AGREEMENT_NOUNS = frozenset(
    """agreement agreements treaty treaties deal deals pact pacts memorandum accord accords
    partnership partnerships""".split()
)
# Hosting or brokering talks between two parties is mediation.
HOST_VERBS = frozenset(
    w for base in "host facilitate broker sponsor organize organise convene".split()
    for w in inflect(base)
)
TALK_NOUNS = frozenset(
    """talks meetings meeting negotiations dialogue deal ceasefire truce summit summits
    consultations round rounds""".split()
)
# Supplying arms or aid to someone is backing them.
SUPPLY_VERBS = frozenset(
    w for base in "supply provide deliver send sell ship transfer export".split()
    for w in inflect(base)
) | frozenset("sent sold".split())
# Verbs of giving with two objects: "has offered Argentina financing", "granted Kyiv loans".
GIVE_VERBS = frozenset(
    w for base in "offer grant give promise pledge lend extend".split() for w in inflect(base)
)
MATERIEL_NOUNS = frozenset(
    """weapons arms drones drone equipment aid assistance missiles missile ammunition
    instructors advisers advisors jets tanks uavs loans loan funding credit munitions
    artillery systems vehicles aircraft financing finance credits grants grant investment
    investments support help protection guarantees subsidies relief""".split()
)
# Agent nouns with a copula: "Warsaw remains one of Ukraine's firmest backers".
AGENT_NOUNS: dict[str, Polarity] = {
    **dict.fromkeys("""backer backers supporter supporters ally allies friend friends patron
        patrons defender defenders champion champions guarantor protector""".split(),
                    "support"),
    **dict.fromkeys("partner partners".split(), "support"),
    **dict.fromkeys("""supplier suppliers provider providers donor donors sponsor sponsors
        financier financiers""".split(), "support"),
    **dict.fromkeys("""critic critics opponent opponents enemy enemies rival rivals adversary
        adversaries foe foes""".split(), "oppose"),
}
# "Partner" alone can be commercial; these adjectives make it a stance.
PARTNER_ADJECTIVES = frozenset(
    """strategic close closest closer key main important reliable major privileged natural
    trusted firm firmest staunch staunchest loyal""".split()
)
# Nominalised improvement of relations: "the restoration of diplomatic relations".
IMPROVEMENT_NOUNS = frozenset(
    """restoration improvement normalization normalisation strengthening deepening expansion
    warming resumption revival""".split()
)
DETERIORATION_NOUNS = frozenset(
    """deterioration breakdown rupture severance severing suspension downgrading""".split()
)
# Verbs that turn backing into its withdrawal: "suspended military aid to Niger".
REVERSING_VERBS = frozenset(
    w for base in """suspend cut halt freeze withdraw stop end block delay reduce cancel
    revoke""".split() for w in inflect(base)
) | frozenset({"withdrew", "withdrawn"})
# Heads of a policy a possessor holds: "Washington's policy of maximum pressure".
POLICY_NOUNS = frozenset("policy policies campaign strategy approach doctrine line".split())
# Titles that may follow a possessive country without naming something else.
TITLE_WORDS = frozenset(
    """President Prime Minister Foreign Defence Defense King Queen Emir Crown Prince Supreme
    Leader Chancellor Sultan Sheikh Ambassador Secretary Vice Deputy""".split()
)
# Predicates that say a hostile relation is fading: "the rivalry has cooled".
DIMINISHING_PREDICATES = frozenset(
    """cooled eased ended subsided declined faded waned diminished decreased calmed
    de-escalated abated ebbed""".split()
)
