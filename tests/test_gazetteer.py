"""The gazetteer: which words in a text name which countries and organizations, and which don't."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.countries import country_registry
from kg.errors import KGError
from kg.extract.gazetteer import (
    STATE_STATUSES,
    CountryMention,
    find_country_mentions,
    find_organization_mentions,
)
from kg.extract.gazetteer_data import COUNTRY_FORMS, Entry, GazetteerDataError, add_surface

SEED = Path("/work/shared/corpus/000_ce751a3b17e2352e.txt")


def named(text: str) -> list[tuple[str, str]]:
    """The (surface, iso2) pairs the gazetteer finds, in order."""
    return [(m.text, m.iso2) for m in find_country_mentions(text)]


def codes(text: str) -> set[str]:
    return {m.iso2 for m in find_country_mentions(text)}


def forms(text: str) -> list[str]:
    return [m.form for m in find_country_mentions(text)]


# --- Every variant class -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso2", "form"),
    [
        ("Türkiye", "TR", "name"),
        ("Russia", "RU", "name"),
        ("South Korea", "KR", "name"),
        ("Republic of Türkiye", "TR", "official"),
        ("Russian Federation", "RU", "official"),
        ("People's Republic of China", "CN", "official"),
        ("Islamic Republic of Iran", "IR", "official"),
        ("Turkiye", "TR", "variant"),
        ("Turkey", "TR", "variant"),
        ("Ivory Coast", "CI", "variant"),
        ("Czech Republic", "CZ", "official"),
        ("Czechia", "CZ", "name"),
        ("Burma", "MM", "variant"),
        ("Swaziland", "SZ", "variant"),
        ("Macedonia", "MK", "variant"),
        ("North Macedonia", "MK", "name"),
        ("Côte d'Ivoire", "CI", "name"),
        ("United States", "US", "name"),
        ("US", "US", "variant"),
        ("U.S.", "US", "variant"),
        ("America", "US", "variant"),
        ("UK", "GB", "variant"),
        ("Britain", "GB", "variant"),
        ("Turkish", "TR", "demonym"),
        ("Russian", "RU", "demonym"),
        ("Ukrainian", "UA", "demonym"),
        ("Iranian", "IR", "demonym"),
        ("Saudi", "SA", "demonym"),
        ("Qatari", "QA", "demonym"),
        ("Chinese", "CN", "demonym"),
        ("Emirati", "AE", "demonym"),
        ("Israeli", "IL", "demonym"),
        ("Palestinian", "PS", "demonym"),
        ("Azerbaijani", "AZ", "demonym"),
        ("Armenian", "AM", "demonym"),
        ("British", "GB", "demonym"),
        ("Ankara", "TR", "capital"),
        ("Moscow", "RU", "capital"),
        ("Tehran", "IR", "capital"),
        ("Washington", "US", "capital"),
        ("Beijing", "CN", "capital"),
        ("Baku", "AZ", "capital"),
        ("Yerevan", "AM", "capital"),
        ("Kyiv", "UA", "capital"),
        ("Kiev", "UA", "capital"),
        ("Riyadh", "SA", "capital"),
        ("Doha", "QA", "capital"),
        ("London", "GB", "capital"),
        ("Kremlin", "RU", "seat"),
        ("White House", "US", "seat"),
        ("Downing Street", "GB", "seat"),
        ("Taiwan", "TW", "name"),
        ("Palestine", "PS", "name"),
        ("Kosovo", "XK", "name"),
    ],
)
def test_each_variant_class_names_its_country(text, iso2, form):
    mentions = find_country_mentions(f"Yesterday {text} said so.")
    assert [(m.text, m.iso2, m.form) for m in mentions] == [(text, iso2, form)]


@pytest.mark.parametrize(
    ("text", "surface", "iso2"),
    [
        ("the Republic of Turkey", "Republic of Turkey", "TR"),
        ("the Republic of Ireland", "Republic of Ireland", "IE"),
        ("the Republic of Georgia", "Republic of Georgia", "GE"),
        ("officials in the United States of America", "United States of America", "US"),
        ("the Kremlin's position", "Kremlin", "RU"),
        ("a US-led coalition", "US", "US"),
    ],
)
def test_longer_and_possessive_forms(text, surface, iso2):
    assert named(text) == [(surface, iso2)]


def test_every_form_is_one_of_the_documented_forms():
    text = "Ankara, the Kremlin, Turkish officials, Turkiye, Türkiye and the Russian Federation"
    assert set(forms(text)) <= set(COUNTRY_FORMS)
    assert set(forms(text)) == set(COUNTRY_FORMS)


def test_every_state_name_is_found():
    states = [c for c in country_registry() if c.status in STATE_STATUSES]
    missing = [c.iso2 for c in states
               if c.name not in ("Western Sahara",) and codes(f"About {c.name} today.") != {c.iso2}]
    assert missing == []


def test_dependent_territories_are_not_states():
    territories = [c for c in country_registry() if c.status not in STATE_STATUSES]
    assert territories, "the registry has dependent territories"
    assert [c.iso2 for c in territories if codes(f"About {c.name} today.")] == []
    # The longer territory name still wins over the state inside it.
    assert codes("Ships left French Polynesia.") == set()


def test_western_sahara_names_the_territory_and_sadr_the_state():
    assert codes("The future of Western Sahara is disputed.") == set()
    assert codes("Algeria recognizes the Sahrawi Arab Democratic Republic.") == {"DZ", "EH"}


@pytest.mark.parametrize("text", [
    "She works at a Beirut-based research centre.",
    "He teaches at a university in Montevideo.",
    "The Qatar-based think tank published it.",
    "Georgia Linnamägi said so.",
    "Sofia Petrova-Lind said so.",
])
def test_a_workplace_address_or_a_first_name_is_not_a_state(text):
    assert codes(text) == set()


@pytest.mark.parametrize(("text", "iso2"), [
    ("Nicosia protested.", "CY"), ("Asmara agreed.", "ER"), ("Tripoli refused.", "LY"),
    ("Tunis objected.", "TN"), ("Colombo agreed.", "LK"), ("Tel Aviv responded.", "IL"),
    ("Asunción and Yaoundé", "PY"),
])
def test_capitals_name_their_state(text, iso2):
    assert iso2 in codes(text)


# --- Longest match and word boundaries ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("South Korea and North Korea", [("South Korea", "KR"), ("North Korea", "KP")]),
        ("Papua New Guinea", [("Papua New Guinea", "PG")]),
        ("Guinea-Bissau and Guinea", [("Guinea-Bissau", "GW"), ("Guinea", "GN")]),
        ("Equatorial Guinea", [("Equatorial Guinea", "GQ")]),
        ("Nigeria and Niger", [("Nigeria", "NG"), ("Niger", "NE")]),
        ("South Sudan and Sudan", [("South Sudan", "SS"), ("Sudan", "SD")]),
        ("Dominica and the Dominican Republic", [("Dominica", "DM"), ("Dominican Republic", "DO")]),
        ("American Samoa and Samoa", [("Samoa", "WS")]),  # a territory is no state
        ("Democratic Republic of the Congo", [("Democratic Republic of the Congo", "CD")]),
        ("Mexico City", [("Mexico City", "MX")]),
        ("Chinese Taipei", [("Chinese Taipei", "TW")]),
        ("the Russia-Ukraine war", [("Russia", "RU"), ("Ukraine", "UA")]),
        ("Turkish-Russian ties", [("Turkish", "TR"), ("Russian", "RU")]),
    ],
)
def test_the_longest_match_wins(text, expected):
    assert named(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Nigerian officials", {"NG"}), ("Chadwick said", set()), ("Germanic tribes", set()),
     ("Indianapolis", set()), ("Chinatown", set()), ("Perusal", set()), ("Jordanian", {"JO"}),
     ("Sudanese", {"SD"})],
)
def test_words_are_only_found_on_word_boundaries(text, expected):
    assert codes(text) == expected


def test_korea_and_congo_alone_are_ambiguous_and_not_matched():
    assert named("Korea and the Congo") == []


# --- False friends, both ways ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country_text", "other_text"),
    [
        # Georgia the country vs the US state
        ("Russia invaded Georgia in 2008.", "He flew to Atlanta, Georgia, on Monday."),
        ("Georgia's prime minister met NATO.", "Georgia's governor signed the bill."),
        ("Tbilisi, Georgia hosted the talks.", "The state of Georgia sued."),
        ("Georgia, Ukraine and Moldova signed.", "Alabama, Georgia and Florida voted."),
        ("Georgia's president spoke.", "Georgia voters went to the polls."),
        # Jordan the country vs a person
        ("King Abdullah of Jordan spoke.", "Michael Jordan scored."),
        ("In Jordan, refugees wait.", "Mr. Jordan said so."),
        ("Jordan's king spoke.", "Jordan Peterson said so."),
        # Chad the country vs a first name
        ("Chad and Niger signed.", "Chad Smith said so."),
        ("The President of Chad spoke.", "Chad Johnson scored."),
        # Washington the capital vs a person, a newspaper, a think tank
        ("Washington imposed sanctions.", "George Washington crossed the river."),
        ("Talks in Washington ended.", "The Washington Post reported."),
        ("Moscow and Washington agreed.", "The Washington Institute published it."),
        ("Washington, D.C. hosted it.", "Denzel Washington starred."),
        # Turkey the country vs the bird
        ("Turkey bought drones.", "We ate turkey on Thanksgiving."),
        ("Turkey bought drones.", "a Thanksgiving Turkey"),
        # China the country vs porcelain
        ("China and Russia agreed.", "She set out the fine china."),
        ("China and Russia agreed.", "a fine China plate"),
        # Guinea the country vs the animal
        ("Guinea held elections.", "a Guinea pig in the lab"),
        ("Guinea held elections.", "piracy in the Gulf of Guinea"),
        # Demonyms vs languages and fixed compounds
        ("Turkish drones were sold.", "She ate Turkish delight."),
        ("Russian troops advanced.", "He speaks Russian fluently."),
        ("in Russian territory", "The book was written in Russian."),
        ("Chinese officials said", "translated into Chinese"),
        ("American officials said", "Latin American leaders said"),
        ("Indian troops moved.", "the Indian Ocean"),
        # Place names that are North American towns
        ("Paris and Berlin agreed.", "Paris, Texas, is a small town."),
        ("Moscow warned Kyiv.", "Moscow, Idaho, is a college town."),
        # Acronyms vs shouting
        ("the US and the UK agreed", "CONTACT US TODAY"),
        # Jersey vs New Jersey, Mexico vs New Mexico
        ("Jamaica is an island state.", "New Jersey voted."),
        ("Mexico and Canada agreed.", "New Mexico voted."),
    ],
)
def test_false_friends_are_countries_only_in_country_context(country_text, other_text):
    assert find_country_mentions(country_text) != []
    assert find_country_mentions(other_text) == []


def test_crimea_is_a_region_not_a_country():
    assert named("the annexation of Crimea and the Crimean crisis") == []
    assert named("Crimea to Russian territory") == [("Russian", "RU")]


def test_europe_is_not_a_country():
    assert named("interaction with Europe and European states") == []


# --- Offsets -----------------------------------------------------------------------------------


def test_offsets_point_into_the_text():
    text = "Türkiye’s ties with the U.S., Moscow and the Kremlin; Turkish drones over Kyiv."
    mentions = find_country_mentions(text)
    assert len(mentions) == 6
    for mention in mentions:
        assert isinstance(mention, CountryMention)
        assert text[mention.start:mention.end] == mention.text
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_offsets_count_code_points_not_bytes():
    text = "Ünlü — 🎉 Türkiye"
    (mention,) = find_country_mentions(text)
    assert (mention.start, mention.end) == (text.index("Türkiye"), len(text))


def test_empty_and_countryless_text_give_no_mentions():
    assert find_country_mentions("") == []
    assert find_country_mentions("The weather was fine.") == []


# --- Organizations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "wikidata"),
    [
        ("NATO", "nato", "Q7184"),
        ("the EU", "eu", "Q458"),
        ("the European Union", "eu", "Q458"),
        ("the UN", "un", "Q1065"),
        ("the United Nations", "un", "Q1065"),
        ("the UN Security Council", "unsc", "Q37470"),
        ("ECOWAS", "ecowas", "Q193272"),
        ("the CSTO", "csto", "Q318693"),
        ("the African Union", "african-union", "Q7159"),
        ("ASEAN", "asean", "Q7768"),
        ("the Arab League", "arab-league", "Q7172"),
        ("OPEC", "opec", "Q7795"),
        ("the G7", "g7", "Q1764511"),
        ("the G20", "g20", "Q19771"),
        ("BRICS", "brics", "Q243630"),
        ("the SCO", "sco", "Q485207"),
        ("the GCC", "gcc", "Q217172"),
        ("the IAEA", "iaea", "Q41984"),
        ("the IMF", "imf", "Q7797"),
        ("the World Bank", "world-bank", "Q7164"),
        ("the West", "the-west", "Q160381"),
    ],
)
def test_organizations_are_found_with_their_wikidata_entity(text, key, wikidata):
    mentions = find_organization_mentions(f"Officials of {text} met.")
    assert [(m.key, m.wikidata) for m in mentions] == [(key, wikidata)]
    (mention,) = mentions
    assert f"Officials of {text} met."[mention.start:mention.end] == mention.text


def test_the_longest_organization_name_wins():
    mentions = find_organization_mentions("The United Nations Security Council and the UN met.")
    assert [m.key for m in mentions] == ["unsc", "un"]


def test_the_west_is_a_bloc_but_the_west_bank_is_a_place():
    assert [m.key for m in find_organization_mentions("the opposition of the West.")] == [
        "the-west"]
    assert find_organization_mentions("settlements in the West Bank") == []
    assert find_organization_mentions("the West Coast of Africa") == []


def test_organization_acronyms_in_shouted_text_are_not_organizations():
    assert find_organization_mentions("WHO CAN SAY") == []
    assert [m.key for m in find_organization_mentions("The WHO said")] == ["who"]


def test_g7_is_not_found_inside_g77():
    assert find_organization_mentions("the G77 group") == []


# --- Data integrity ----------------------------------------------------------------------------


def test_one_surface_naming_two_countries_is_a_clear_data_error():
    table = {"Georgia": Entry("GE", "name")}
    with pytest.raises(GazetteerDataError, match="'Georgia' already names 'GE'") as raised:
        add_surface(table, "Georgia", Entry("US", "variant"), "country_variants.tsv line 9")
    assert isinstance(raised.value, KGError)
    assert "line 9" in str(raised.value)


# --- The seed article --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_main_text() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent: the shared corpus is not mounted here")
    text = SEED.read_text(encoding="utf-8")
    return text[:text.index("\n0 Comments")]


def test_the_seed_article_names_exactly_its_six_countries(seed_main_text):
    assert codes(seed_main_text) == {"TR", "UA", "RU", "SA", "QA", "CN"}


def test_the_seed_article_names_countries_by_the_variants_the_gold_reading_lists(seed_main_text):
    surfaces: dict[str, set[str]] = {}
    for mention in find_country_mentions(seed_main_text):
        surfaces.setdefault(mention.iso2, set()).add(mention.text)
    assert {"Turkiye", "Ankara", "Turkish"} <= surfaces["TR"]
    assert {"Russia", "Moscow", "Russian"} <= surfaces["RU"]
    assert {"Ukraine", "Kiev"} <= surfaces["UA"]


def test_the_seed_article_names_nato_and_the_west(seed_main_text):
    keys = {m.key for m in find_organization_mentions(seed_main_text)}
    assert keys == {"nato", "the-west"}


def test_georgia_keeps_one_sense_per_article():
    text = ("Farmers in Georgia and Arkansas export chicken. The first calls come from farmers in "
            "Georgia, not from diplomats.")
    assert codes(text) == set()
    assert codes("Tbilisi hopes to join. Georgia and Armenia talked.") == {"GE", "AM"}
