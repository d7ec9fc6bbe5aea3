"""Each construction family reads what its docstring promises, and only that.

One section per module of kg/extract/constructions/ (plus the actors and clause helpers they
share); every reading is checked with the rule id that the confidence table keys on.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document

Reading = tuple[str, str, str, str]  # holder, target, polarity, rule


def readings(body: str) -> set[Reading]:
    """Return (holder, target, polarity, rule) of every stance found in a body."""
    found = extract(Document(source="t", headline="t", body=body, publisher="Test Review"))
    return {(s.holder.key, s.target.key, s.polarity, s.rule) for s in found.stances}


def pairs(body: str) -> set[tuple[str, str, str]]:
    """Return (holder, target, polarity) of every stance found in a body."""
    return {r[:3] for r in readings(body)}


# -- verbal ---------------------------------------------------------------------------------------

def test_verbal_active_and_passive() -> None:
    assert ("CL", "PE", "support", "verbal.active") in readings(
        "Chile supplied Peru with patrol boats.")
    assert ("PL", "UA", "support", "verbal.passive") in readings(
        "Ukraine has since been armed by Poland.")


def test_verbal_subject_through_control_and_coordination() -> None:
    assert pairs("Gabon ended its defence talks and accused France of meddling.") >= {
        ("GA", "FR", "oppose")}
    assert pairs("Senegal and Gambia condemned Mali and Guinea.") == {
        ("SN", "ML", "oppose"), ("SN", "GN", "oppose"), ("GM", "ML", "oppose"),
        ("GM", "GN", "oppose")}


def test_verbal_backing_an_act_of_aggression_opposes_its_victim() -> None:
    assert ("NO", "RU", "oppose", "verbal.aggression") in readings(
        "Norway backed new sanctions against Russia.")


def test_verbal_an_allegation_is_the_accusers_not_the_accused() -> None:
    assert pairs("Mali accused Algeria of arming rebels in the north.") == {
        ("ML", "DZ", "oppose")}


def test_verbal_each_other() -> None:
    assert pairs("Peru and Bolivia criticised each other over the lake.") == {
        ("PE", "BO", "oppose"), ("BO", "PE", "oppose")}


# -- nominal --------------------------------------------------------------------------------------

def test_nominal_copular_possessive_and_light_verb() -> None:
    assert ("GH", "TG", "support", "nominal.copular") in readings(
        "Ghana is now the closest partner of Togo.")
    assert ("TR", "UA", "support", "nominal.possessive") in readings(
        "Turkey's support for Ukraine has grown.")
    assert ("QA", "SD", "support", "nominal.light") in readings(
        "Qatar voiced its support for the government in Port Sudan.")


def test_nominal_one_of_a_countrys_backers() -> None:
    assert ("PL", "UA", "support") in pairs("Warsaw remains one of Ukraine's firmest backers.")


def test_nominal_aid_withdrawn_is_opposition() -> None:
    assert ("US", "NE", "oppose", "nominal.withdrawn") in readings(
        "Washington has ended its military aid to Niger.")


# -- adjectival -----------------------------------------------------------------------------------

def test_adjectival_predicate_and_adverbial() -> None:
    assert ("DZ", "MA", "oppose", "adjectival.predicate") in readings(
        "Algiers remains deeply suspicious of Rabat.")
    assert ("EG", "SO", "support", "adjectival.adverbial") in readings(
        "Egypt has moved closer to Somalia.")


def test_adjectival_neutral_between_two_parties() -> None:
    assert pairs("Hanoi has stayed neutral between Washington and Beijing.") == {
        ("VN", "US", "neutral"), ("VN", "CN", "neutral")}


# -- perception -----------------------------------------------------------------------------------

def test_perception_classes_its_object() -> None:
    assert ("IT", "LY", "oppose", "perception.as") in readings("Rome regards Tripoli as a rival.")
    assert ("UG", "KE", "support", "perception.as") in readings(
        "Kenya is seen by Uganda as a partner.")


# -- relations ------------------------------------------------------------------------------------

def test_relations_need_an_evaluative_word() -> None:
    assert pairs("Kazakhstan has relations with China.") == set()
    assert ("KZ", "CN", "support", "relations.verb") in readings(
        "Kazakhstan has deepened its ties with China.")
    assert pairs("Relations between Rabat and Algiers remain frosty.") == {
        ("MA", "DZ", "oppose"), ("DZ", "MA", "oppose")}


def test_relations_borders_envoys_and_agreements() -> None:
    assert ("DZ", "MA", "oppose", "relations.border") in readings(
        "Algeria kept its border with Morocco closed.")
    assert ("DZ", "FR", "oppose", "relations.envoy") in readings(
        "Algiers withdrew its ambassador from Paris.")
    assert ("GA", "FR", "oppose") in pairs("Gabon ended its defence pact with France.")


# -- neutrality -----------------------------------------------------------------------------------

def test_neutrality_balance_and_mediation() -> None:
    assert pairs("Oman kept the same distance from Riyadh and Tehran.") == {
        ("OM", "SA", "neutral"), ("OM", "IR", "neutral")}
    assert pairs("Qatar has hosted talks between Kigali and Kinshasa.") == {
        ("QA", "RW", "neutral"), ("QA", "CD", "neutral")}
    assert pairs("Accra keeps channels open to Niamey and Bamako.") == {
        ("GH", "NE", "neutral"), ("GH", "ML", "neutral")}


def test_neutrality_compared_distances_and_arms_length() -> None:
    assert pairs("Ghana has kept the same distance from Mali as from Nigeria.") == {
        ("GH", "ML", "neutral"), ("GH", "NG", "neutral")}
    assert readings("Nepal keeps India and China at arm's length.") == {
        ("NP", "IN", "neutral", "neutrality.arms-length"),
        ("NP", "CN", "neutral", "neutrality.arms-length")}
    assert readings("Nepal keeps India at arm's length.") == set()  # cold, not a balance


def test_neutrality_an_even_handed_appeal() -> None:
    assert ("KE", "ET", "neutral") in pairs(
        "Ethiopia and Eritrea traded accusations. Kenya has called on both governments to show "
        "restraint.")


# -- actors: metonyms, agent nouns, anaphora ------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("Qatari diplomats criticised Bahrain.", ("QA", "BH", "oppose")),
    ("The authorities in Lomé welcomed Ghana.", ("TG", "GH", "support")),
    ("Downing Street condemned the Kremlin.", ("GB", "RU", "oppose")),
    ("The Turkish side praised Athens.", ("TR", "GR", "support")),
    ("Iran was named first. The Islamic Republic then condemned Bahrain.",
     ("IR", "BH", "oppose")),
])
def test_metonyms_and_demonym_groups_stand_for_their_state(
        body: str, expected: tuple[str, str, str]) -> None:
    assert expected in pairs(body)


def test_anaphora_across_sentences() -> None:
    assert ("RU", "BY", "support") in pairs(
        "Russia has troops in Syria. It has also armed Minsk.")
    assert ("SA", "AE", "support") not in pairs(
        "Kuwaiti officials praised the kingdom. Saudi Arabia was pleased.")


# -- clause: negation, refusal, hypotheses, time, questions ---------------------------------------

@pytest.mark.parametrize("body", [
    "Togo refused to condemn Niger.",
    "Egypt has not joined the sanctions against Sudan.",
    "Chile has not sent weapons to Peru.",
    "Not every neighbour has turned against Serbia.",
    "If Spain backed Morocco, Algeria would protest.",
    "Does Brazil support Venezuela?",
    "Until 2019 Ecuador backed Venezuela.",
])
def test_negation_refusal_hypotheses_and_past_state_no_stance(body: str) -> None:
    assert pairs(body) == set()


def test_the_present_stance_after_a_past_one_is_read() -> None:
    assert ("RW", "UG", "oppose") in pairs(
        "Until 2021 Rwanda relied on Uganda; now Kigali accuses Kampala of sheltering rebels.")


def test_a_refused_side_taking_is_neutral_toward_both() -> None:
    assert pairs("Tbilisi has refused to take sides between Yerevan and Baku.") == {
        ("GE", "AM", "neutral"), ("GE", "AZ", "neutral")}


def test_a_run_on_text_longer_than_any_sentence_is_not_parsed() -> None:
    body = "Turkey supports Ukraine and " * 300 + "that is all."
    assert len(body) > 5000
    assert pairs(body) == set()
    assert pairs(body + " Turkey supports Ukraine.") == {("TR", "UA", "support")}


def test_lifting_an_act_against_a_country_supports_it() -> None:
    assert ("JP", "KR", "support", "verbal.lifted") in readings(
        "Japan lifted its export controls on South Korea.")
    assert ("DE", "UA", "support") in pairs(
        "Germany pledged 5 billion euros in military aid to Ukraine.")
    assert pairs("Ankara has deployed troops to northern Iraq.") == set()


@pytest.mark.parametrize("body, expected", [
    ("Beijing remains Pyongyang's main economic lifeline.", ("CN", "KP", "support")),
    ("Hungary has repeatedly blocked EU aid to Kyiv.", ("HU", "UA", "oppose")),
    ("Israel struck targets in Syria and Lebanon.", ("IL", "SY", "oppose")),
    ("Azerbaijan and Armenia remain locked in a dispute over the corridor.",
     ("AZ", "AM", "oppose")),
])
def test_possessors_beneficiaries_places_and_states_of_conflict(
        body: str, expected: tuple[str, str, str]) -> None:
    assert expected in pairs(body)
