"""Stances, one linguistic phenomenon per test, on short sentences written for the purpose.

Each test states what a careful reader finds (holder, target, polarity) and checks that the
evidence offsets cut exactly the sentence out of the body.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document, Extraction, StanceFinding

Triple = tuple[str, str, str]
KNOWN_GAP = pytest.mark.xfail(strict=True,
                              reason="a known gap of the dependency-based constructions")


def read(body: str, genre: str | None = "Interview") -> Extraction:
    """Extract from a body written in a test."""
    return extract(Document(source="test", headline="A test article", body=body, genre=genre))


def triples(body: str) -> set[Triple]:
    """Return the (holder, target, polarity) triples found in a body."""
    return {(s.holder.key, s.target.key, s.polarity) for s in read(body).stances}


def only(body: str) -> StanceFinding:
    """Return the single stance found in a body (failing if there are none or several)."""
    stances = read(body).stances
    assert len(stances) == 1, [(s.holder.key, s.target.key, s.polarity) for s in stances]
    return stances[0]


# -- the lexicon ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, expected", [
    ("Turkey supports Ukraine.", ("TR", "UA", "support")),
    ("Turkey has backed Azerbaijan throughout the conflict.", ("TR", "AZ", "support")),
    ("Moscow welcomed the visit of Chinese officials.", ("RU", "CN", "support")),
    ("Brazil praised Argentina for its restraint.", ("BR", "AR", "support")),
    ("Norway cooperates with Iceland on fisheries.", ("NO", "IS", "support")),
    ("Kazakhstan has close relations with China.", ("KZ", "CN", "support")),
    ("Egypt has improved its relations with Turkey.", ("EG", "TR", "support")),
    ("Poland opposes the pipeline built by Germany.", ("PL", "DE", "oppose")),
    ("Armenian officials have criticised Moscow for failing to act.", ("AM", "RU", "oppose")),
    ("Canada condemned Iran for the attack.", ("CA", "IR", "oppose")),
    ("Islamabad accuses Kabul of sheltering militants.", ("PK", "AF", "oppose")),
    ("Beijing has warned Seoul against deploying missiles.", ("CN", "KR", "oppose")),
    ("Manila protested against the actions of Chinese vessels.", ("PH", "CN", "oppose")),
    ("Caracas rejects the claims of Guyana.", ("VE", "GY", "oppose")),
    ("Mali expelled French troops last year.", ("ML", "FR", "oppose")),
    ("Turkey has always been critical of Israel.", ("TR", "IL", "oppose")),
    ("Iran remains hostile to the United States.", ("IR", "US", "oppose")),
    ("Oman offered to mediate between Iran and the United States.", ("OM", "IR", "neutral")),
    ("Mauritania has stayed neutral between Morocco and Algeria.", ("MR", "MA", "neutral")),
])
def test_a_predicate_of_the_lexicon_gives_its_polarity(sentence: str, expected: Triple) -> None:
    assert expected in triples(sentence)


def test_a_stance_cites_its_sentence_exactly_with_a_rule_and_a_confidence() -> None:
    body = "The war goes on.  Turkey supports Ukraine.\nNothing else happened."
    stance = only(body)
    assert body[stance.evidence_start:stance.evidence_end] == "Turkey supports Ukraine."
    assert 0.0 <= stance.confidence <= 1.0
    assert stance.rule == "verbal.active"


# -- negation ------------------------------------------------------------------------------------


def test_a_negated_support_states_no_stance() -> None:
    assert triples("Romania has not supported Hungary in this quarrel.") == set()


@KNOWN_GAP
def test_never_recognising_a_claim_is_opposition_to_its_holder() -> None:
    assert ("TR", "RU", "oppose") in triples(
        "Turkiye has never recognized Crimea as a Russian territory.")


def test_refusing_to_recognise_is_opposition() -> None:
    assert triples("Belgrade still refuses to recognise the independence of Kosovo.") == {
        ("RS", "XK", "oppose")}


def test_not_taking_sides_is_neutrality_toward_both() -> None:
    assert triples("Tbilisi has not taken sides between Yerevan and Baku.") == {
        ("GE", "AM", "neutral"), ("GE", "AZ", "neutral")}


def test_a_negated_noun_states_no_stance() -> None:
    assert triples("Vietnam has avoided any confrontation with China.") == set()


# -- coordination --------------------------------------------------------------------------------


def test_coordinated_holders_give_one_stance_each() -> None:
    assert triples("Poland and Hungary have banned imports of Ukrainian grain.") == {
        ("PL", "UA", "oppose"), ("HU", "UA", "oppose")}


def test_coordinated_targets_give_one_stance_each() -> None:
    assert triples("Israel has deepened its cooperation with Cyprus and Greece.") == {
        ("IL", "CY", "support"), ("IL", "GR", "support")}


def test_a_list_the_parser_reads_as_appositions_is_still_a_list() -> None:
    assert triples("Mali, Burkina Faso and Niger expelled the French ambassadors.") == {
        ("ML", "FR", "oppose"), ("BF", "FR", "oppose"), ("NE", "FR", "oppose")}
    assert triples("The Islamic Republic, Iran, backs Syria.") == {("IR", "SY", "support")}


def test_between_two_capitals_gives_two_targets() -> None:
    assert triples("China has offered to mediate between Baku and Yerevan.") == {
        ("CN", "AZ", "neutral"), ("CN", "AM", "neutral")}


def test_a_reciprocal_relation_between_two_countries_goes_both_ways() -> None:
    assert triples("Relations between Pakistan and India have deteriorated sharply.") == {
        ("PK", "IN", "oppose"), ("IN", "PK", "oppose")}


def test_a_coordinated_verb_phrase_keeps_its_subject() -> None:
    assert triples(
        "Russia knows Turkiye has close relations with Ukraine and supports this country.") == {
        ("TR", "UA", "support")}


# -- passives ------------------------------------------------------------------------------------


def test_a_passive_takes_its_holder_from_the_by_phrase() -> None:
    assert triples("Kyiv is supported by the United Kingdom.") == {("GB", "UA", "support")}


def test_a_passive_with_several_agents() -> None:
    assert triples("Serbia is courted by Moscow and by Beijing.") == {
        ("RU", "RS", "support"), ("CN", "RS", "support")}


def test_an_agentless_passive_states_no_stance() -> None:
    assert triples("Ukraine is supported on almost every issue.") == set()


# -- appositions and relative clauses ------------------------------------------------------------


def test_an_apposition_does_not_hide_the_subject() -> None:
    assert triples("Turkey, a member of NATO, has backed Azerbaijan.") == {
        ("TR", "AZ", "support")}


def test_a_relative_clause_takes_its_antecedent_as_subject() -> None:
    assert triples("Beijing, which calls itself a near-Arctic state, has supported Russia.") == {
        ("CN", "RU", "support")}


def test_the_object_of_a_relative_clause_does_not_become_a_subject() -> None:
    assert ("MA", "NE", "support") not in triples(
        "Chad, which borders Niger, has praised Morocco.")
    assert ("TD", "MA", "support") in triples("Chad, which borders Niger, has praised Morocco.")


def test_a_participle_modifying_a_noun_is_not_the_clauses_stance() -> None:
    assert triples("Budapest blocked several statements criticising the Serbian government.") \
        == set()


def test_a_participle_adjunct_shares_the_main_subject() -> None:
    assert ("ME", "RS", "support") in triples(
        "Montenegro recognises Kosovo while keeping close ties with Serbia.")


@pytest.mark.parametrize("body", [
    "Tanzania and Mozambique now run joint patrols on the Rovuma river.",
    "Athens and Ankara have restored their high-level cooperation council.",
    "Athens and Ankara signed a declaration of friendly relations.",
])
def test_countries_acting_as_one_support_each_other(body: str) -> None:
    pairs = {(h, t) for h, t, p in triples(body) if p == "support"}
    assert len(pairs) == 2 and all((t, h) in pairs for h, t in pairs)


def test_ending_a_joint_act_is_no_support() -> None:
    assert not any(p == "support" for _, _, p in triples(
        "Greece and Turkey ended their joint patrols."))


def test_a_which_clause_on_an_act_is_aimed_at_who_did_it() -> None:
    assert triples("Britain dispatched a patrol ship to the Guyanese coast, which Caracas "
                   "condemned as a provocation.") == {("VE", "GB", "oppose")}
    assert ("AR", "UY", "oppose") in triples(
        "Uruguay has sought a trade deal with China on its own, which Brazil and Argentina "
        "both opposed.")


# -- anaphora ------------------------------------------------------------------------------------


def test_this_country_refers_back_but_not_to_the_holder() -> None:
    assert triples("Turkey has close relations with Ukraine and supports this country.") == {
        ("TR", "UA", "support")}


def test_the_two_countries_refers_to_the_pair_just_named() -> None:
    body = ("Israel has sold drones to Azerbaijan, and the two countries have expanded their "
            "intelligence cooperation.")
    assert {("IL", "AZ", "support"), ("AZ", "IL", "support")} <= triples(body)


def test_it_refers_to_the_country_the_sentence_named() -> None:
    body = "Pyongyang has deepened its ties with Russia, and Moscow has shielded it from blame."
    assert ("RU", "KP", "support") in triples(body)


def test_a_capital_stands_for_its_country() -> None:
    assert triples("Ankara has condemned Athens.") == {("TR", "GR", "oppose")}


# -- nouns, compositions and frames --------------------------------------------------------------


def test_a_possessor_holds_a_nominal_stance() -> None:
    assert triples("Turkey's support for Ukraine is not new.") == {("TR", "UA", "support")}


def test_a_light_verb_hands_its_subject_to_the_noun() -> None:
    assert triples("Cuba has voiced support for Venezuela.") == {("CU", "VE", "support")}


@KNOWN_GAP
def test_a_fronted_phrase_takes_the_main_subject() -> None:
    assert ("TR", "RU", "support") in triples(
        "Through military cooperation with Russia, Turkiye is trying to show its role.")


@KNOWN_GAP
def test_backing_sanctions_against_a_country_opposes_it() -> None:
    assert triples("Kazakhstan complies with Western sanctions on Russia.") == {
        ("KZ", "RU", "oppose")}


def test_not_recognising_an_annexation_opposes_the_annexing_state() -> None:
    assert ("KZ", "RU", "oppose") in triples(
        "Astana has not recognised the annexation of Ukrainian regions by Russia.")


def test_seeing_a_country_as_a_threat_is_opposition() -> None:
    assert triples("Somalia sees the ambitions of Ethiopia as a direct threat.") == {
        ("SO", "ET", "oppose")}


def test_recalling_an_ambassador_is_a_protest() -> None:
    assert triples("Algeria recalled its ambassador from Madrid.") == {("DZ", "ES", "oppose")}


def test_supplying_arms_is_backing() -> None:
    assert triples("Russia has supplied equipment and instructors to Bamako.") == {
        ("RU", "ML", "support")}


def test_an_agent_noun_after_a_copula() -> None:
    assert ("PL", "UA", "support") in triples(
        "Warsaw remains one of Ukraine's firmest military backers.")


def test_urging_a_country_to_act_is_not_that_countrys_stance() -> None:
    assert ("SA", "IL", "support") not in triples(
        "Washington has pressed Riyadh to normalize relations with Israel.")


@KNOWN_GAP
def test_a_goal_is_not_a_fact() -> None:
    assert triples("Turkish officials called for reconciliation between Kiev and Moscow.") \
        == set()


def test_a_conditional_states_no_stance() -> None:
    assert triples("If Germany supports Ukraine, the war will go on.") == set()


def test_a_question_states_no_stance() -> None:
    assert triples("Will Germany support Ukraine?") == set()


@pytest.mark.parametrize("body, expected", [
    ("Hungary has blocked two packages of military aid to Ukraine.", {("HU", "UA", "oppose")}),
    ("Budapest still buys most of its gas and oil from Russia.", {("HU", "RU", "support")}),
    ("Canberra still funds most of the Solomon Islands police budget.",
     {("AU", "SB", "support")}),
])
def test_an_act_on_a_quantity_is_aimed_where_the_measured_thing_goes(
        body: str, expected: set[Triple]) -> None:
    assert triples(body) == expected


def test_help_to_both_sides_from_who_takes_no_side_is_even_handed_not_support() -> None:
    assert triples("Kenya has refused to take sides between Somalia and Ethiopia, and Nairobi "
                   "has offered both governments the use of its ports.") == {
        ("KE", "SO", "neutral"), ("KE", "ET", "neutral")}


# -- organizations and topics --------------------------------------------------------------------


def test_an_organization_can_hold_a_stance() -> None:
    stance = only("NATO has condemned Russia.")
    assert (stance.holder.kind, stance.holder.key) == ("organization", "nato")
    assert (stance.target.kind, stance.target.key) == ("country", "RU")




# -- reported speech -----------------------------------------------------------------------------


def test_reported_speech_is_attributed_to_the_expert() -> None:
    body = ("Ali Rezaei, an expert on Caucasus issues, told the Strategic Council that the "
            "region is changing. He said that Turkey has backed Azerbaijan.")
    extraction = read(body)
    assert [e.name for e in extraction.experts] == ["Ali Rezaei"]
    stance = only(body)
    assert stance.attributed_to == 0


def test_without_an_expert_no_stance_is_attributed() -> None:
    assert only("Turkey supports Ukraine.").attributed_to is None


# -- determinism ---------------------------------------------------------------------------------


def test_extraction_is_deterministic() -> None:
    body = "Poland and Hungary have banned imports of Ukrainian grain and criticised Kyiv."
    assert read(body).stances == read(body).stances


# -- more compositions of the genre --------------------------------------------------------------


def test_each_other_makes_a_reciprocal_stance() -> None:
    assert triples("Iran and the United States have warned each other repeatedly.") == {
        ("IR", "US", "oppose"), ("US", "IR", "oppose")}


def test_not_only_but_also_affirms_both_predicates() -> None:
    body = ("Saudi Arabia has not only expanded its economic ties with Iraq but also supported "
            "the Iraqi government.")
    assert triples(body) == {("SA", "IQ", "support")}


@KNOWN_GAP
def test_a_hyphenated_pair_of_demonyms_is_a_reciprocal_relation() -> None:
    assert triples("Russia and China welcomed the Saudi-Iranian rapprochement.") == {
        ("SA", "IR", "support"), ("IR", "SA", "support")}


@KNOWN_GAP
def test_a_country_backed_compound() -> None:
    assert triples("The Saudi-backed government of Yemen has collapsed.") == {
        ("SA", "YE", "support")}


@KNOWN_GAP
def test_help_goes_to_its_beneficiary_not_its_donor() -> None:
    assert triples("Hungary has blocked several EU aid packages for Ukraine.") == {
        ("HU", "UA", "oppose")}


def test_suspending_aid_is_opposition() -> None:
    assert triples("Washington has suspended military aid to Niger.") == {
        ("US", "NE", "oppose")}


@KNOWN_GAP
def test_opposing_sanctions_on_a_country_backs_it() -> None:
    assert triples("Russia has opposed the re-imposition of UN sanctions on Iran.") == {
        ("RU", "IR", "support")}


def test_an_alleged_stance_is_not_the_accusers() -> None:
    found = triples("Russia has accused the United States of supporting Ukraine.")
    assert found == {("RU", "US", "oppose")}


def test_a_reduced_passive_with_an_agent() -> None:
    assert triples("The agreement mediated by China between Iran and Saudi Arabia holds.") == {
        ("CN", "IR", "neutral"), ("CN", "SA", "neutral")}


def test_an_agent_noun_in_an_apposition() -> None:
    assert ("CN", "PK", "support") in triples(
        "China, an all-weather friend of Pakistan, has invested in the corridor.")


@KNOWN_GAP
def test_a_passive_perception_with_a_place_for_its_holder() -> None:
    assert triples("Belarus is regarded in Vilnius as part of the same threat.") == {
        ("LT", "BY", "oppose")}


def test_signing_an_agreement_with_a_country() -> None:
    assert triples("Egypt signed a defence agreement with Somalia.") == {
        ("EG", "SO", "support")}


def test_hosting_talks_between_two_countries_is_mediation() -> None:
    assert triples("Turkey has hosted talks between Ethiopia and Somalia.") == {
        ("TR", "ET", "neutral"), ("TR", "SO", "neutral")}


def test_hosting_a_countrys_troops_backs_it() -> None:
    assert triples("Belarus, which hosts Russian troops, is a threat.") == {
        ("BY", "RU", "support")}


@KNOWN_GAP
def test_an_act_criticised_somewhere_is_opposed_by_that_country() -> None:
    assert triples("India has reopened a mission in Kabul, a move criticised in Pakistan.") == {
        ("PK", "IN", "oppose")}


def test_the_two_countries_without_a_pair_in_the_sentence_are_the_most_discussed() -> None:
    body = ("India and Pakistan remain rivals. India accuses Pakistan of harbouring militants. "
            "The United States also courts China. Russia sells weapons to both countries.")
    assert {("RU", "IN", "support"), ("RU", "PK", "support")} <= triples(body)




# -- issue 4: anaphora over pairs, a broader lexicon, history, new frames -------------------------


@pytest.mark.parametrize("body, expected", [
    ("Norway and Denmark have long been wary of Moscow. Both now share intelligence with "
     "Finland.", {("NO", "FI", "support"), ("DK", "FI", "support")}),
    ("India and Pakistan fought three wars. Saudi Arabia has offered to mediate between the "
     "two nuclear-armed neighbours.", {("SA", "IN", "neutral"), ("SA", "PK", "neutral")}),
    ("Mongolia borders Russia and China. Ulaanbaatar has stayed neutral between its two "
     "southern neighbours.", {("MN", "RU", "neutral"), ("MN", "CN", "neutral")}),
    ("Ethiopia and Eritrea traded accusations. Kenya has called on both governments to show "
     "restraint.", {("KE", "ET", "neutral"), ("KE", "ER", "neutral")}),
    pytest.param("He added that Iran has not taken sides in the dispute between the two Koreas.",
                 {("IR", "KR", "neutral"), ("IR", "KP", "neutral")}, marks=KNOWN_GAP),
])
def test_plural_anaphors_resolve_to_the_pair_last_named_together(body: str,
                                                                  expected: set[Triple]) -> None:
    assert expected <= triples(body)


def test_the_two_governments_are_the_most_recent_pair_not_any_pair() -> None:
    body = ("Armenia and Azerbaijan clashed again. Russia sided with neither, and Iran urged "
            "the two governments to talk.")
    found = triples(body)
    assert {("IR", "AM", "neutral"), ("IR", "AZ", "neutral")} <= found
    assert ("IR", "RU", "neutral") not in found


@pytest.mark.parametrize("sentence, expected", [
    ("Chile lodged a protest with Peru over the fishing zone.", ("CL", "PE", "oppose")),
    ("Seoul lodged a formal protest with Tokyo over the textbooks.", ("KR", "JP", "oppose")),
    ("Tokyo has lodged complaints against Beijing.", ("JP", "CN", "oppose")),
    ("Serbia has drifted toward Russia in recent years.", ("RS", "RU", "support")),
    ("Bolivia drifted towards China under Arce.", ("BO", "CN", "support")),
    ("Algeria suspended its friendship treaty with Spain.", ("DZ", "ES", "oppose")),
    ("Colombia suspended diplomatic relations with Nicaragua.", ("CO", "NI", "oppose")),
    ("Japan conducts joint exercises with Australia.", ("JP", "AU", "support")),
    ("The Philippines conducts joint patrols with the United States.", ("PH", "US", "support")),
    pytest.param("The Indian navy sails with the Philippines in the South China Sea.",
                 ("IN", "PH", "support"), marks=KNOWN_GAP),
    ("Kyrgyzstan closed its border with Tajikistan.", ("KG", "TJ", "oppose")),
    ("Poland shut its border with Belarus.", ("PL", "BY", "oppose")),
    ("China has offered Argentina financing for the dam.", ("CN", "AR", "support")),
    ("Japan provided financing to Vietnam for the railway.", ("JP", "VN", "support")),
    ("Brazil criticized the plan, and has offered Argentina financing.", ("BR", "AR", "support")),
    ("Greece has in turn accused Turkey of provocations.", ("GR", "TR", "oppose")),
    ("Morocco's decision to normalize relations with Israel angered Algeria.",
     ("MA", "IL", "support")),
    ("Ankara's bid to mend ties with Cairo has stalled.", ("TR", "EG", "support")),
    pytest.param("India abstained from condemning Russia at the UN.", ("IN", "RU", "neutral"),
                 marks=KNOWN_GAP),
    ("Qatar and Kuwait criticized Riyadh for the blockade.", ("KW", "SA", "oppose")),
    ("Nicosia protested to Ankara.", ("CY", "TR", "oppose")),
    ("Tel Aviv condemned Tehran.", ("IL", "IR", "oppose")),
])
def test_the_broader_diplomatic_lexicon(sentence: str, expected: Triple) -> None:
    assert expected in triples(sentence)


@pytest.mark.parametrize("sentence", [
    "Kazakhstan has not offered Ukraine any financing.",
    "Mexico has not recalled its ambassador from Peru.",
    "Malaysia did not condemn China.",
])
def test_negated_frames_state_no_stance(sentence: str) -> None:
    assert triples(sentence) == set()


@pytest.mark.parametrize("sentence", [
    "Sweden and Finland fought Russia in 1942.",
    "In the 19th century, Britain fought Russia in Crimea.",
    "During the Cold War, Pakistan opposed India at every turn.",
    "In the 1980s, Iraq attacked Iran.",
])
def test_history_framed_by_a_far_back_time_is_not_a_stance(sentence: str) -> None:
    assert triples(sentence) == set()


def test_a_present_clause_after_history_keeps_its_stance() -> None:
    body = ("Iraq and Iran fought a long war in the 1980s, but today Baghdad cooperates with "
            "Tehran.")
    assert triples(body) == {("IQ", "IR", "support")}




@pytest.mark.parametrize("body, expected", [
    ("Greece and Turkey quarrel often. Germany has offered to mediate between them.",
     {("DE", "GR", "neutral"), ("DE", "TR", "neutral")}),
    ("Sudan and South Sudan share oil. China has stayed neutral toward the pair.",
     {("CN", "SD", "neutral"), ("CN", "SS", "neutral")}),
    ("Chile and Peru talk. Brazil remains neutral toward both of them.",
     {("BR", "CL", "neutral"), ("BR", "PE", "neutral")}),
    ("Russia and Ukraine are at war. Kazakhstan has not taken sides in the war.",
     {("KZ", "RU", "neutral"), ("KZ", "UA", "neutral")}),
])
def test_pronouns_and_implicit_parties_stand_for_the_last_pair(body: str,
                                                                expected: set[Triple]) -> None:
    assert expected <= triples(body)


def test_countries_in_a_concessive_clause_are_not_the_parties_of_a_conflict() -> None:
    body = "Hungary has stayed neutral in the conflict, though it depends on Russian gas."
    assert triples(body) == set()


@pytest.mark.parametrize("sentence, expected", [
    ("Argentina, by contrast, has aligned itself firmly with Washington.",
     {("AR", "US", "support")}),
    ("China, Argentina's largest trading partner, has offered Argentina swap financing.",
     {("CN", "AR", "support")}),
    ("Iran and Afghanistan are at odds over water.",
     {("IR", "AF", "oppose"), ("AF", "IR", "oppose")}),
    ("India has reopened its embassy in Kabul.", {("IN", "AF", "support")}),
    ("Venezuela and Guyana remain locked in a dispute. Brazil has reinforced its border with "
     "Venezuela and called on both governments to respect the court.",
     {("BR", "VE", "neutral"), ("BR", "GY", "neutral")}),
])
def test_parentheticals_adverbs_and_mutual_states(sentence: str, expected: set[Triple]) -> None:
    assert expected <= triples(sentence)


def test_keeping_an_embassy_is_no_stance() -> None:
    assert triples("Iran keeps its embassy in Kabul open.") == set()


def test_a_conflict_named_as_the_topic_of_criticism_is_not_between_the_critics() -> None:
    found = triples("Ankara and Doha have criticized Tel Aviv over the Gaza war.")
    assert found == {("TR", "IL", "oppose"), ("QA", "IL", "oppose")}


@KNOWN_GAP
def test_a_protest_lodged_with_a_body_against_a_state_targets_the_state() -> None:
    body = "Lebanon has lodged a complaint with the UN Security Council against Israel."
    assert ("LB", "IL", "oppose") in triples(body)


@pytest.mark.parametrize("body, expected", [
    pytest.param("Ethiopia and Somalia are at odds over the port deal. Ethiopia wants the sea "
                 "and Somalia refuses. Djibouti has tried to stay neutral.",
                 {("DJ", "ET", "neutral"), ("DJ", "SO", "neutral")}, marks=KNOWN_GAP),
    ("Turkey hosted two rounds of talks between Ethiopia and Somalia in Ankara.",
     {("TR", "ET", "neutral"), ("TR", "SO", "neutral")}),
    ("Eritrea, long hostile to Ethiopia since the war in Tigray, has drawn closer to Cairo.",
     {("ER", "EG", "support"), ("ER", "ET", "oppose")}),
])
def test_implicit_parties_long_parentheticals_and_rounds_of_talks(body: str,
                                                                  expected: set[Triple]) -> None:
    assert expected <= triples(body)
