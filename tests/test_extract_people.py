"""Experts and other people: however an article introduces them, one record each."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.extract import extract, is_interview
from kg.model import Document, Extraction


def read(body: str, genre: str | None = "Interview", publisher: str | None = None
         ) -> Extraction:
    """Extract from a body written in a test."""
    return extract(Document(source="test", headline="A test article", body=body, genre=genre,
                            publisher=publisher))


def test_an_unnamed_lead_expert_is_named_by_the_speaker_who_told_the_publisher() -> None:
    body = ("A Turkish issues researcher said that the region is changing.\n\n"
            "Siyamak Kakaei told the Strategic Council on Foreign Relations that Russia "
            "knows it.\n\nHe added that the war goes on.\n\n"
            "Kakaei said that this researcher of Turkey studies was right.")
    experts = read(body, publisher="Strategic Council Online").experts
    assert [e.name for e in experts] == ["Siyamak Kakaei"]
    assert experts[0].descriptions == ["A Turkish issues researcher"]


def test_later_descriptions_resolve_to_the_same_expert() -> None:
    body = ("A Turkish issues researcher said that the region is changing. "
            "Siyamak Kakaei told the Strategic Council on Foreign Relations that it is. "
            "This researcher of Turkish affairs pointed to the war. "
            "The expert said that the war goes on.")
    experts = read(body).experts
    assert len(experts) == 1
    assert experts[0].descriptions == ["A Turkish issues researcher",
                                       "researcher of Turkish affairs"]
    assert "Turkish affairs" in experts[0].knows_about
    assert "researcher" in experts[0].job_titles


def test_an_interview_with_the_publisher_introduces_the_expert() -> None:
    body = ("In an interview with the Caspian Desk, Dauren Sarsenbayev-Moore, a specialist in "
            "Central Asian foreign policy, said that the diplomacy of Kazakhstan survived.")
    expert, = read(body).experts
    assert expert.name == "Dauren Sarsenbayev-Moore"
    assert expert.descriptions == ["a specialist in Central Asian foreign policy"]
    assert expert.knows_about == ["Central Asian foreign policy"]


def test_a_written_analysis_has_an_author_not_an_interviewee() -> None:
    body = ("Writing for the Harbor Institute, Katarzyna Wendt-Olszewska, an expert on Central "
            "European trade policy, says that the quarrel has exposed limits. "
            "Poland has banned imports, she writes.")
    extraction = read(body, genre=None)
    assert not extraction.is_interview
    assert [e.name for e in extraction.experts] == ["Katarzyna Wendt-Olszewska"]


def test_the_genre_decides_interview_or_analysis() -> None:
    body = "An expert on Balkan affairs said that the talks stalled."
    assert is_interview(Document("t", "h", body, genre="Interview"))
    assert not is_interview(Document("t", "h", body, genre="Note"))
    assert is_interview(Document("t", "h", body, genre=None))


def test_a_diplomat_lead_keeps_the_country_they_served_as_affiliation() -> None:
    body = "The former ambassador of Iran in Japan said: Japan is rearming."
    expert, = read(body).experts
    assert expert.name is None
    assert expert.descriptions == ["former ambassador of Iran in Japan"]
    assert [(a.kind, a.key) for a in expert.affiliations] == [("country", "IR")]
    assert expert.job_titles == ["former ambassador"]


def test_two_experts_in_one_article_stay_apart() -> None:
    body = ("Farhad Nikpour-Sadeghi, a former diplomat, told the Meridian Council that Oman is "
            "patient. Layla Haddad-Voss, a researcher at a Kuwaiti policy institute, offered a "
            "more cautious reading. Haddad-Voss said that the calm is fragile. "
            "He added that nobody trusts it.")
    assert [e.name for e in read(body).experts] == ["Farhad Nikpour-Sadeghi",
                                                     "Layla Haddad-Voss"]


def test_people_the_article_names_are_not_experts() -> None:
    body = ("A Turkish issues researcher said that the policy works. Siyamak Kakaei told the "
            "Strategic Council on Foreign Relations that it works. Referring to the words of "
            "Erdogan, who said that we will continue, Kakaei said that it is true.")
    extraction = read(body)
    assert [e.name for e in extraction.experts] == ["Siyamak Kakaei"]
    assert [p.name for p in extraction.people] == ["Erdogan"]


def test_an_official_who_speaks_is_a_person_not_an_expert() -> None:
    body = ("An expert on Gulf affairs said that talks resumed. Foreign Minister Hakan Fidan "
            "said that Turkey welcomes them.")
    extraction = read(body)
    assert [e.name for e in extraction.experts] == [None]
    assert "Hakan Fidan" in [p.name for p in extraction.people]


def test_a_country_that_warns_is_not_a_speaker() -> None:
    body = ("In an interview with Meridian Council Online, Levan Abashidze-Keller, a senior "
            "fellow, said that the text was agreed. Tehran has warned Baku against it.")
    assert [e.name for e in read(body).experts] == ["Levan Abashidze-Keller"]


def test_extracting_something_that_is_not_an_article_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="not an article Document"):
        extract(Document(source="broken.json", headline="h", body=None))  # type: ignore[arg-type]


def test_a_speaker_after_the_quote_is_met_with_their_apposition() -> None:
    body = ('"Nobody wants a war," said Ali Bigdeli, a professor at the University of Tehran.')
    expert, = read(body).experts
    assert expert.name == "Ali Bigdeli"
    assert [(a.kind, a.label) for a in expert.affiliations] == [
        ("organization", "University of Tehran")]


def test_according_to_a_named_expert_with_an_apposition() -> None:
    body = ("According to Reza Nasri, the head of the Center for Strategic Studies, the talks "
            "failed.")
    assert [e.name for e in read(body).experts] == ["Reza Nasri"]


@pytest.mark.parametrize("body, name", [
    ("Lena Okafor, who teaches international relations at the University of Lagos, said that "
     "Nigeria backs Ghana.", "Lena Okafor"),
    ("Tomas Varga, director of the Danube Policy Institute, told the Council that Hungary "
     "opposes Ukraine.", "Tomas Varga"),
    ("Peter Lindqvist, professor of political science at Uppsala University, said that "
     "Sweden supports Finland.", "Peter Lindqvist"),
    ("In an interview with the Council, Maria Esposito, head of the Mediterranean program at "
     "the Rome Institute, argued that Italy backs Tunisia.", "Maria Esposito"),
    ("According to Amira Haddad, a senior fellow at the Carnegie Middle East Center, Lebanon "
     "remains neutral.", "Amira Haddad"),
    ("Farid Nasser believes that Jordan supports Egypt. He added that Syria is isolated.",
     "Farid Nasser"),
])
def test_an_expert_is_met_however_the_description_is_worded(body: str, name: str) -> None:
    assert [e.name for e in read(body).experts] == [name]


def test_an_unnamed_lead_expert_and_a_later_described_name_are_one_expert() -> None:
    body = ("A researcher on Central Asia said Kazakhstan balances Russia and China. "
            "Dana Serikova, who heads the Astana Policy Forum, said Astana avoids taking sides.")
    experts = read(body).experts
    assert [e.name for e in experts] == ["Dana Serikova"]
    assert "A researcher on Central Asia" in experts[0].descriptions


def test_an_official_named_in_the_lead_is_not_the_expert() -> None:
    body = ("President Vladimir Putin said that Russia will respond. Anna Berg, an analyst at "
            "the Nordic Institute, said that Finland disagrees.")
    assert [e.name for e in read(body).experts] == ["Anna Berg"]


def test_an_undescribed_lead_speaker_yields_to_a_described_expert() -> None:
    body = ("Recep Tayyip Erdogan said on Monday that Turkey backs Azerbaijan. Omer Celik, a "
            "researcher at the Bosphorus Center, told the Council that Ankara is cautious.")
    found = read(body)
    assert [e.name for e in found.experts] == ["Omer Celik"]
    assert "Recep Tayyip Erdogan" in [p.name for p in found.people]


def test_an_analysis_is_its_declared_authors_and_an_interview_is_not_its_journalists() -> None:
    body = "Review – Analysis: The author writes that Chile backs Peru."
    analysis = extract(Document(source="a", headline="h", body=body, publisher="Review",
                                genre="Analysis", authors=["Ana Ruiz-Vega"]))
    assert [e.name for e in analysis.experts] == ["Ana Ruiz-Vega"]
    interview = extract(Document(
        source="i", headline="h", publisher="Review", genre="Interview",
        authors=["Jo Staff-Reporter"],
        body="Omar Haddad-Lind, a researcher of Andean politics, said that Chile backs Peru."))
    assert [e.name for e in interview.experts] == ["Omar Haddad-Lind"]


def test_questions_and_answers_make_an_interview() -> None:
    body = ("We asked Lena Park-Ito, a researcher of Korean affairs, about the peninsula.\n\n"
            "Q (Tom Reed): What changed?\n\nA (Lena Park-Ito): Seoul condemned Pyongyang.")
    document = Document(source="q", headline="h", body=body, publisher="Forum")
    assert is_interview(document)
    assert [e.name for e in extract(document).experts] == ["Lena Park-Ito"]


@pytest.mark.parametrize("told, expert", [
    ("told the Larkspur Gulf Monitor", True),
    ("told the Halden Council on Foreign Relations", True),
    ("told our correspondent", True),
    ("told the Security Council", False),
    ("told reporters", False),
])
def test_who_told_the_outlet_is_its_expert_and_who_told_a_government_body_is_not(
        told: str, expert: bool) -> None:
    body = ("Mara Quist-Dahl, a fellow at the Harbour Institute, said that the talks stalled.\n\n"
            "The border has been closed since March.\n\n"
            f"Ivo Brandt-Lazar {told} that Chile supports Peru on the border.")
    names = [e.name for e in read(body, genre=None).experts]
    assert ("Ivo Brandt-Lazar" in names) is expert


def test_a_role_before_a_name_introduces_the_named_expert() -> None:
    body = ("The economist Selin Aydemir-Brook tells the Review why Turkey keeps every door "
            "open.\n\nTurkey has turned not choosing into a policy, the economist told the Review.")
    assert [e.name for e in read(body).experts] == ["Selin Aydemir-Brook"]


def test_two_descriptions_of_a_still_unnamed_expert_are_one_person() -> None:
    body = ("A former envoy explains why the two capitals stopped quarrelling.\n\n"
            "Japan and South Korea are close again, a former ambassador who served in Seoul "
            "said.\n\nThe former envoy said that Tokyo has restored the intelligence pact.")
    experts = read(body).experts
    assert len(experts) == 1 and experts[0].name is None
    assert experts[0].descriptions[:2] == [
        "A former envoy", "a former ambassador who served in Seoul"]


def test_the_page_summary_names_an_expert_the_text_only_describes() -> None:
    document = Document(
        source="test", headline="Mexico's Quiet Oil for Havana", genre="Interview",
        body="Mexico ships oil to Cuba, the former diplomat told our correspondent.",
        description="Pablo Etxeberria-Nunes, a former Spanish diplomat in Havana and Mexico "
                    "City, on why Mexico keeps Cuba's lights on.")
    assert [e.name for e in extract(document).experts] == ["Pablo Etxeberria-Nunes"]


def test_whoever_moderated_the_panel_is_no_expert() -> None:
    body = ("Afghanistan's canal will take a fifth of the river, Dilnoza Karimova-Ashe, a "
            "senior fellow at the Larchmont Forum, told a panel.\n\nThe session was moderated "
            "by Helena Marchetti-Doyle, the forum's programme director, who opened it.")
    assert [e.name for e in read(body).experts] == ["Dilnoza Karimova-Ashe"]
