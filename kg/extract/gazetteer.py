"""Find countries and organizations named in text, with character offsets.

Deterministic and fast: every surface form (registry names and official names from
kg/data/countries.csv, curated variants, demonyms, capitals and seats of government from
kg/data/country_variants.tsv, organization aliases from kg/data/organizations.tsv) is compiled
once into a single trie-shaped regular expression, so the text is scanned once, left to right,
and at each position the longest surface form wins ("South Korea", not "Korea"; "Papua New
Guinea", not "Guinea"; "Niger" is never found inside "Nigeria" because matches need word
boundaries on both sides). Matching is case-sensitive: "turkey" the bird and "fine china" are
never candidates.

Some surface forms also mean something else. Two mechanisms keep them apart:

* block phrases (form ``block`` in the variants file): longer phrases that contain a country
  word without naming the state ("Washington Post", "Guinea pig", "Latin American",
  "Turkish delight"). They are matched like any other form, win by length, and are dropped.
* context rules, below, that generalize: a word that is also a person's name is not a country
  when a title or a first name precedes it or a surname follows it ("Mr. Jordan", "Michael
  Jordan", "Chad Smith"); "Georgia" is the US state next to US-state context ("Atlanta,
  Georgia", "Georgia's governor", "state of Georgia", "Alabama, Georgia and Florida"); any place
  followed by ", <US state or Canadian province>" is a North American town ("Paris, Texas");
  a demonym after "speaks"/"translated into" or as "in Russian." at a clause end is a language;
  a short all-capitals acronym inside an all-capitals run is ordinary shouting ("CONTACT US");
  a capital named only as an institution's address ("a Beirut-based research centre", "a
  university in Montevideo") is a workplace, not a state discussed; once "Georgia" is the US
  state in an article, bare "Georgia" stays the state there (one sense per article).

Only states are reported: kg:Country is "a sovereign state, or Taiwan, Palestine, Kosovo"
(DESIGN.md), so mentions are kept for the statuses in STATE_STATUSES; dependent territories
(Greenland, Puerto Rico, the Faroe Islands) are matched, so that their longer names win, and
dropped. "Western Sahara" names the disputed territory; the partially recognized state (EH in
the registry) is named "Sahrawi Arab Democratic Republic", "Sahrawi Republic" or "SADR".

Decisions worth knowing: "Turkish delight" (and similar fixed culinary compounds) is blocked,
because it names a sweet, not the state, while other demonym uses ("Turkish drones", "Turkish
officials") name TR. Crimea, Donbas, Gaza, the West Bank and Northern Ireland are regions, not
states, and yield no country mention (recording them as topics is the stance extractor's job).
Bare "Congo" and "Korea" are ambiguous between two states and are not matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.countries import country_registry
from kg.extract.gazetteer_data import (
    BLOCK,
    Entry,
    country_pattern,
    country_table,
    known_acronyms,
    org_pattern,
    org_table,
)


@dataclass(frozen=True)
class CountryMention:
    """A country named in text: text[start:end] == text, how it was named in `form`."""

    start: int
    end: int
    text: str
    iso2: str
    form: str  # one of COUNTRY_FORMS


@dataclass(frozen=True)
class OrgMention:
    """An organization or bloc named in text; `key` is stable, `wikidata` is a QID or ""."""

    start: int
    end: int
    text: str
    key: str
    label: str
    wikidata: str


_PERSON_NAMES = frozenset({
    "Jordan", "Chad", "Georgia", "Israel", "Kenya", "India", "Holland", "Ireland", "Paris",
    "London", "Washington", "Berlin", "Cuba", "Sofia", "Lima", "Wellington",
})
_HONORIFIC_BEFORE = re.compile(
    r"(?:^|[^\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Coach|Sen|Senator|"
    r"Rep|Representative|Gov|Governor|Judge|Justice|Gen|General|Capt|Captain|Col|Colonel|Lt|"
    r"Sgt|Officer|Detective|Agent|Pastor|Rev|Reverend|Father|Brother|Sister|Uncle|Aunt)"
    r"\.?\s$"
)
_WORD_BEFORE = re.compile(r"(?:^|[^\w'’.-])([A-Z][a-z]+) $")
# Letters, not [a-z]: surnames are often not English ("Linnamägi", "Quintero-Asplund").
_WORD_AFTER = re.compile(r" ([A-Z][^\W\d_]+)(?:-[A-Z][^\W\d_]+)?(?![\w'’])")
# Capitalized words that commonly stand right before a country name and are not first names.
_PRECEDERS = frozenset("""
    A An And As At But By Both During Each Either Even Every For From However If In Including
    Into Its Like Meanwhile Moreover Near Neither Nor Not Of On Only Or Our Per Since So Than That
    The Their Then These This Those Through Thus To Today Unlike Until Via What When Whether Which
    While Who Why With Without Yet Against Between Across After Before Beyond Neighboring
    Neighbouring Northern Southern Eastern Western North South East West Central Modern Ancient
    Greater Mainland Independent Occupied Hashemite Kingdom King Queen Visiting Tiny Small Rich Poor
    Landlocked Neutral Officially Present Contemporary Postwar Prewar Imperial Federal Democratic
    Republican Does Did Is Was Are Were Has Have Had Will Would Can Could Should May Might Must
    About Above Along Among Amid Amidst Around Behind Below Beside Besides Despite Down Inside
    Outside Over Under Upon Within Toward Towards Regarding Concerning Following Yesterday
    Tomorrow Tonight Now Also Still Instead Again Last Next Here There Where Sources Officials
    Critics Analysts Experts Observers Leaders Diplomats Reports How
""".split())
# Capitalized words that commonly follow a country name and are not surnames.
_FOLLOWERS = frozenset("""
    President Presidents Prime Premier Minister Ministry Ministers Foreign Defence Defense Interior
    Government Army Armed Air Navy Naval Military Parliament National Basin Lake River Valley
    Embassy Embassies Ambassador King Queen Crown Royal Central Bank Airways Airlines State Senate
    House Congress Cup Olympic Football Team Council Committee Commission Party Supreme Court
    Constitution Agency Institute University Company Energy Oil Gas Petroleum Railways
    Development Relief Crisis War Conflict Peace Accord Agreement Deal Treaty Summit Talks Policy
    Affairs Region Province Border Sea Gulf Strait Island Islands Mountains Desert Plain Corridor
    Pipeline Project Program Programme Fund Office Department Service Services Police Guard Forces
    Force Command Brigade Division Battalion Special Security Intelligence Strategy Initiative
    Investment Trade Customs Embargo Sanctions Mission Delegation Envoy Consulate Authority
    Authorities Diaspora Research Studies Center Centre Times Post News Radio Television
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December
""".split())

_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming"
)
_CA_PROVINCES = (
    "Alberta|British Columbia|Manitoba|New Brunswick|Newfoundland|Nova Scotia|Ontario|"
    "Prince Edward Island|Quebec|Québec|Saskatchewan|Yukon|Nunavut"
)
_SUBNATIONAL_AFTER = re.compile(
    r"^,\s(" + _US_STATES + "|" + _CA_PROVINCES + r")(?!\w)(?!\s*,\s*[A-Z])(?!\s+(?:and|or)\s)"
)
# States whose names are also countries or world cities: only trusted after a known US town.
_AMBIGUOUS_STATES = frozenset({"Georgia", "Washington", "New York"})
_GEORGIA_US_TOWNS = frozenset({
    "Atlanta", "Savannah", "Augusta", "Macon", "Columbus", "Athens", "Albany", "Marietta",
    "Alpharetta", "Roswell", "Valdosta", "Decatur", "Dalton", "Gainesville", "Rome", "Brunswick",
    "Kennesaw", "Smyrna", "Duluth", "Statesboro", "Dahlonega", "Plains", "Milledgeville",
})
_US_STATE_NAMES = frozenset(_US_STATES.split("|")) - {"Georgia"}
_GEORGIA_STATE_BEFORE = re.compile(
    r"(?:\b[Ss]tate of|\bU\.?S\.? state|\bUS state|\bsouthern state|\bPeach State)\s+$"
)
_GEORGIA_STATE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:governor|governors|Governor|gubernatorial|senator|senators|Senator|"
    r"legislature|Legislature|lawmakers|state|State|Senate|House|General Assembly|Supreme Court|"
    r"secretary of state|Secretary of State|attorney general|Attorney General|Republicans?|"
    r"Democrats?|GOP|voters|election|elections|primary|runoff|county|counties|County|"
    r"congressman|congresswoman|delegation|district|electoral|sheriff|Bulldogs)\b"
    r"|^,?\s*(?:USA|U\.S\.A?\.|US|United States)(?!\w)"
)
_LIST_NEIGHBOUR_BEFORE = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:,| and| or),? $")
_LIST_NEIGHBOUR_AFTER = re.compile(
    r"^(?:,| and| or),?\s(?:and\s|or\s)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)

_LANGUAGE_BEFORE = re.compile(
    r"(?:\b(?:speak|speaks|spoke|speaking|spoken|learn|learns|learned|learning|fluent in|"
    r"translated (?:from|into)|written in|dubbed in|subtitled in)\s+$)"
)
_IN_BEFORE = re.compile(r"\bin\s+$")
_CLAUSE_END_AFTER = re.compile(
    r"^(?:\s*(?:[.,;:!?)\]\"”]|$)|\s+(?:and|or)\s+[A-Z][a-z]+\s*[.,;:!?])"
)
_LANGUAGE_AFTER = re.compile(
    r"^(?:-language|-speaking|-speaker|-speakers| language| translation| version| text| dub"
    r"| subtitles| speakers| speaker)\b"
)
_CAPS_WORD_BEFORE = re.compile(r"(?:^|[^\w])([A-Z]{2,})[^\w\n]{1,3}$")
_CAPS_WORD_AFTER = re.compile(r"^[^\w\n]{1,3}([A-Z]{2,})(?!\w)")
_WEST_PLACE_AFTER = re.compile(r" [A-Z]")  # used with .match(text, end)


def _before(text: str, start: int, width: int = 60) -> str:
    return text[max(0, start - width):start]


def _could_be_a_first_name(word: str) -> bool:
    """A capitalized word before a name-like country word: function words and adverbs are not."""
    is_adverb = len(word) >= 7 and word.endswith("ly")  # "Recently", "Separately"
    return word not in _PRECEDERS and not is_adverb and word not in country_table()


def _is_person(text: str, start: int, end: int) -> bool:
    """A title or first name before, or a surname after, makes the word a person's name."""
    before = _before(text, start)
    if _HONORIFIC_BEFORE.search(before):
        return True
    word = _WORD_BEFORE.search(before)
    if word and _could_be_a_first_name(word.group(1)):
        return True
    follower = _WORD_AFTER.match(text, end)
    if follower is None:
        return False
    name = follower.group(1)
    return name not in _FOLLOWERS and name not in country_table() and name not in org_table()


def _is_georgia_state(text: str, start: int, end: int) -> bool:
    """'Georgia' is the US state in US context: state words, a US town, other US states."""
    before, after = _before(text, start), text[end:end + 80]
    if _GEORGIA_STATE_BEFORE.search(before) or _GEORGIA_STATE_AFTER.search(after):
        return True
    town = re.search(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s$", before)
    if town and town.group(1).split()[-1] in _GEORGIA_US_TOWNS:
        return True
    neighbours = [m.group(1) for m in (_LIST_NEIGHBOUR_BEFORE.search(before),
                                      _LIST_NEIGHBOUR_AFTER.search(after)) if m]
    return any(n in _US_STATE_NAMES for n in neighbours)


def _is_north_american_town(text: str, start: int, end: int) -> bool:
    """'<place>, <US state or Canadian province>' names a town there, not a country."""
    match = _SUBNATIONAL_AFTER.match(text[end:end + 60])
    if match is None:
        return False
    if match.group(1) in _AMBIGUOUS_STATES:
        return text[start:end] in _GEORGIA_US_TOWNS and match.group(1) == "Georgia"
    return True


def _is_language(text: str, start: int, end: int) -> bool:
    """A demonym used as the name of a language ("speaks Russian", "in Turkish.")."""
    before, after = _before(text, start, 30), text[end:end + 40]
    if _LANGUAGE_AFTER.match(after) or _LANGUAGE_BEFORE.search(before):
        return True
    return bool(_IN_BEFORE.search(before) and _CLAUSE_END_AFTER.match(after))


def _is_shouting(text: str, start: int, end: int) -> bool:
    """An all-capitals acronym next to other all-capitals words is part of shouted text."""
    known = known_acronyms()
    neighbours = [m.group(1) for m in (_CAPS_WORD_BEFORE.search(_before(text, start, 20)),
                                      _CAPS_WORD_AFTER.match(text[end:end + 20])) if m]
    return any(word not in known for word in neighbours)


# A city named only as where an institution sits is a workplace, not a state discussed:
# "a Beirut-based research centre", "a university in Montevideo", "the institute in Doha".
_BASED_AFTER = re.compile(r"^-based\b")
_INSTITUTION_BEFORE = re.compile(
    r"\b(?:university|universities|institute|institutes|centre|center|college|school|"
    r"think[- ]tank|academy|foundation|office|offices|headquarters|campus|bureau|"
    r"organi[sz]ation|firm|company|laboratory|newspaper|hospital)\s+(?:in|at)\s+$",
    re.IGNORECASE,
)
# Institutions a "<country>-based" compound locates; a plain "-based" after a state name can
# also be a stance ("Russia-based hackers" are not Russia's position, but the state is discussed).
_BASED_INSTITUTION_AFTER = re.compile(
    r"^-based\s+(?:\w+\s+){0,2}?(?:think[- ]tank|institute|university|centre|center|"
    r"research|NGO|organi[sz]ation|foundation|firm|company|newspaper|outlet|group)\b",
    re.IGNORECASE,
)


def _is_workplace(text: str, start: int, end: int, entry: Entry) -> bool:
    """A capital (or a state in "<state>-based institute") used only as an address."""
    after = text[end:end + 60]
    if entry.form in ("capital", "seat"):
        return bool(_BASED_AFTER.match(after)
                    or _INSTITUTION_BEFORE.search(_before(text, start, 40)))
    return entry.form in ("name", "variant") and bool(_BASED_INSTITUTION_AFTER.match(after))


def _country_vetoed(text: str, start: int, end: int, entry: Entry) -> bool:
    """Apply the context rules that turn a candidate country match into no mention."""
    surface = text[start:end]
    if _is_workplace(text, start, end, entry):
        return True
    if surface == "Georgia" and _is_georgia_state(text, start, end):
        return True
    if _is_north_american_town(text, start, end):
        return True
    if surface in _PERSON_NAMES and _is_person(text, start, end):
        return True
    if entry.form == "demonym" and _is_language(text, start, end):
        return True
    return len(surface) <= 5 and surface.replace(".", "").isupper() and _is_shouting(
        text, start, end)


# ---------------------------------------------------------------------------------------------
# Public API


# kg:Country is "a sovereign state, or Taiwan, Palestine, Kosovo" (DESIGN.md): dependent
# territories (Greenland, Puerto Rico, the Faroe Islands) are matched, so that the longer name
# wins over a state's name inside it, but are not reported.
STATE_STATUSES = frozenset({"UNMemberState", "UNObserverState", "PartiallyRecognizedState"})
# Names that denote a disputed territory rather than the state that claims it: "Western Sahara"
# is the territory; the partially recognized state (EH) is the Sahrawi Arab Democratic Republic.
_TERRITORY_NAMES = frozenset({"Western Sahara"})


@lru_cache(maxsize=1)
def _state_codes() -> frozenset[str]:
    return frozenset(c.iso2 for c in country_registry() if c.status in STATE_STATUSES)


def find_country_mentions(text: str) -> list[CountryMention]:
    """Find every state named in `text`, in order, so extraction can cite exact offsets."""
    table = country_table()
    states = _state_codes()
    mentions = []
    for match in country_pattern().finditer(text):
        entry = table[match.group(0)]
        if entry.form == BLOCK or entry.key not in states \
                or match.group(0) in _TERRITORY_NAMES \
                or _country_vetoed(text, match.start(), match.end(), entry):
            continue
        mentions.append(CountryMention(match.start(), match.end(), match.group(0), entry.key,
                                       entry.form))
    return _one_sense_of_georgia(text, mentions)


def _one_sense_of_georgia(text: str, mentions: list[CountryMention]) -> list[CountryMention]:
    """Keep one sense per article: once "Georgia" is the US state, bare "Georgia" stays so.

    Unless the article also names the country another way ("Tbilisi", "Georgian").
    """
    bare = [m for m in mentions if m.text == "Georgia"]
    if not bare or any(m.iso2 == "GE" and m.text != "Georgia" for m in mentions):
        return mentions
    us_state = any(_is_georgia_state(text, m.start(), m.end())
                   for m in re.finditer(r"(?<!\w)Georgia(?!\w)", text))
    return [m for m in mentions if m.text != "Georgia"] if us_state else mentions


def find_organization_mentions(text: str) -> list[OrgMention]:
    """Find every organization or bloc named in `text`, in order, with exact offsets."""
    table = org_table()
    mentions = []
    for match in org_pattern().finditer(text):
        surface = match.group(0)
        start, end = match.start(), match.end()
        key, label, wikidata = table[surface]
        if key == "the-west" and _WEST_PLACE_AFTER.match(text, end):
            continue  # "the West Bank", "the West Coast": a place, not the bloc
        if surface.replace(".", "").isupper() and len(surface) <= 5 and _is_shouting(
                text, start, end):
            continue
        mentions.append(OrgMention(start, end, surface, key, label, wikidata))
    return mentions
