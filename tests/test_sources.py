"""Reading source files into Documents: every format, every bad input, folders, the samples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from kg.errors import InputError
from kg.model import Document, Teaser
from kg.sources import SUPPORTED_SUFFIXES, RdfSource, find_source_files, read_documents, read_source
from kg.sources.byline import byline_authors, dateline_date
from kg.sources.dates import parse_date
from kg.sources.lead import split_lead
from kg.sources.publisher import find_publisher, host_name, title_suffix_publisher

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
GOLD = SAMPLES / "gold"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "000_ce751a3b17e2352e.txt"
BOILERPLATE = ("0 Comments", "Loading", "LATEST CONTENT", "Últimas publicaciones", "Share")


def read_one(path: Path) -> Document:
    """Read a file that holds exactly one article."""
    items = read_source(path)
    assert len(items) == 1
    assert isinstance(items[0], Document)
    return items[0]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the seed page dump -------------------------------------------------------------------

needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed corpus not present at {SEED}")


@needs_seed
def test_seed_headline_publisher_and_genre_come_from_the_page() -> None:
    doc = read_one(SEED)
    assert doc.headline == "Russia’s Approach to the Supply of Turkish Drones to Ukraine"
    assert doc.publisher == "Strategic Council Online"
    assert doc.genre == "Interview"
    assert doc.date is None
    assert doc.source == str(SEED)


@needs_seed
def test_seed_body_starts_after_the_lead_label_and_stops_before_the_boilerplate() -> None:
    doc = read_one(SEED)
    assert doc.body.startswith("A Turkish issues researcher said")
    assert doc.body.endswith("at the level of international interactions.")
    assert "Strategic Council Online" not in doc.body
    for furniture in BOILERPLATE:
        assert furniture not in doc.body
    assert len(doc.body.split("\n\n")) == 10  # the ten paragraphs of the article


@needs_seed
def test_seed_teasers_are_listed_once_each_without_their_lead_label() -> None:
    doc = read_one(SEED)
    gold = json.loads(SEED.with_name("000_ce751a3b17e2352e.gold.json").read_text("utf-8"))
    assert [t.headline for t in doc.teasers] == gold["related_articles"]
    assert doc.teasers[1] == Teaser(
        "Japan’s Goals of Strengthening Its Military Power in East Asia",
        "The former ambassador of Iran in Japan said: Strengthening Japan’s military activities "
        "is a 25-year plan to show that it is capable of becoming one of the military powers of "
        "the region and the world by relying on its military values and capabilities.",
    )
    assert all(not t.abstract.startswith("Strategic Council") for t in doc.teasers)
    assert doc.headline == gold["title"]


# --- the lead label ------------------------------------------------------------------------

@pytest.mark.parametrize("label", [
    "Strategic Council Online—Interview: ",
    "Strategic Council Online–Interview: ",
    "Strategic Council Online – Interview: ",
    "Strategic Council Online — Interview: ",
    "Strategic Council Online - Interview: ",
])
def test_lead_label_is_split_off_whichever_dash_it_uses(label: str) -> None:
    lead = split_lead(label + "An expert on European issues said that the vote matters.")
    assert (lead.publisher, lead.genre) == ("Strategic Council Online", "Interview")
    assert lead.text == "An expert on European issues said that the vote matters."


@pytest.mark.parametrize("genre", ["Note", "Analysis", "Opinion", "Commentary"])
def test_lead_label_names_the_genre(genre: str) -> None:
    assert split_lead(f"Meridian Council Online—{genre}: The author writes.").genre == genre


def test_lead_label_without_genre_still_names_the_publisher() -> None:
    lead = split_lead("Strategic Council Online—An expert on Caucasus issues said that it is so.")
    assert (lead.publisher, lead.genre) == ("Strategic Council Online", None)
    assert lead.text == "An expert on Caucasus issues said that it is so."


@pytest.mark.parametrize("paragraph", [
    "MOSCOW — Russian officials said on Tuesday that talks would resume.",
    "Ankara—which has long sought a role—offered to host the talks.",
    "Kyiv — The government said the talks would resume.",
    "The talks—which began in May—have stalled.",
    "Tehran: An official said the talks would resume.",
])
def test_datelines_and_dashes_inside_sentences_are_not_lead_labels(paragraph: str) -> None:
    lead = split_lead(paragraph)
    assert (lead.publisher, lead.genre, lead.text) == (None, None, paragraph)


def test_a_known_publisher_of_one_word_is_taken_without_genre() -> None:
    lead = split_lead("Reuters—Officials said the talks would resume.", known_publisher="Reuters")
    assert (lead.publisher, lead.text) == ("Reuters", "Officials said the talks would resume.")


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "July 10, 2024", "Jul 10 2024", "10 July 2024", "Wednesday, July 10, 2024", "2024-07-10",
    "2024-07-10T23:30:00-05:00", "Published: July 10, 2024", "Updated on 10th July 2024",
])
def test_dates_are_read_as_iso_calendar_dates(text: str) -> None:
    assert parse_date(text) == "2024-07-10"


@pytest.mark.parametrize("text", ["2024-02-30", "Smarch 3, 2024", "July 10", "in July 2024"])
def test_impossible_or_partial_dates_are_not_dates(text: str) -> None:
    assert parse_date(text) is None


# --- page dumps (.txt) ----------------------------------------------------------------------

DUMP = """\
Japan and the Philippines Sign a Defence Pact

July 10, 2024

Sample Forum Online—Analysis: An expert on East Asia said that the pact matters.

Share

He added that Manila welcomed it.

3 Comments

A reader: Great article about Japan.

LATEST CONTENT

A Teaser Headline

Sample Forum Online – Interview: The abstract of the teaser.

A Headline Without Abstract

Another Teaser Headline

An abstract without a label that ends with a full stop.

Loading

Últimas publicaciones

A Teaser Headline

Sample Forum Online – Interview: The abstract of the teaser.
"""


def test_page_dump_fields(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "dump.txt", DUMP))
    assert doc.headline == "Japan and the Philippines Sign a Defence Pact"
    assert (doc.publisher, doc.genre, doc.date) == ("Sample Forum Online", "Analysis", "2024-07-10")
    assert doc.body == ("An expert on East Asia said that the pact matters.\n\n"
                        "He added that Manila welcomed it.")


def test_page_dump_drops_reader_comments(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "dump.txt", DUMP))
    assert "Great article" not in doc.body
    assert all("Great article" not in t.headline + t.abstract for t in doc.teasers)


def test_page_dump_teasers_pair_headlines_with_abstracts_once_each(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "dump.txt", DUMP))
    assert doc.teasers == [
        Teaser("A Teaser Headline", "The abstract of the teaser."),
        Teaser("A Headline Without Abstract", ""),
        Teaser("Another Teaser Headline",
               "An abstract without a label that ends with a full stop."),
    ]


def test_page_dump_date_above_the_headline_is_taken_as_the_date(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "d.txt", "2023-03-01\n\nA Headline\n\nThe only paragraph.\n"))
    assert (doc.headline, doc.date, doc.body) == ("A Headline", "2023-03-01", "The only paragraph.")


def test_an_html_page_saved_as_txt_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="HTML page saved as .txt"):
        read_source(write(tmp_path, "page.txt", PLAIN_PAGE))


def test_page_dump_with_windows_line_ends_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffA Headline\r\n\r\nFirst paragraph.\r\n\r\nSecond.\r\n".encode())
    doc = read_one(path)
    assert (doc.headline, doc.body) == ("A Headline", "First paragraph.\n\nSecond.")


# --- saved pages (.html) ---------------------------------------------------------------------

def test_html_page_metadata_from_og_tags() -> None:
    doc = read_one(SAMPLES / "008-grain-eastern-flank.html")
    assert doc.headline == "Grain, Solidarity and Its Limits on the EU’s Eastern Flank"
    assert doc.publisher == "Harbor Institute for Global Affairs"
    assert doc.genre == "Analysis"
    assert doc.date == "2024-05-14"
    assert doc.url == "https://harbor-institute.example/analysis/grain-solidarity-eastern-flank"
    assert doc.language == "en"


def test_html_body_is_the_article_text_without_page_furniture() -> None:
    doc = read_one(SAMPLES / "008-grain-eastern-flank.html")
    assert doc.body.startswith("Writing for the Harbor Institute, Katarzyna Wendt-Olszewska")
    assert doc.body.endswith("\"but it has never extended to the price of wheat.\"")
    for furniture in ("Home", "Middle East", "Photo:", "Tags:", "Tweet", "Germany should have",
                      "All rights reserved", "Latest content", "By Katarzyna"):
        assert furniture not in doc.body
    assert len(doc.body.split("\n\n")) == 6  # five paragraphs and one subheading


def test_html_teasers_come_from_the_latest_content_list() -> None:
    doc = read_one(SAMPLES / "008-grain-eastern-flank.html")
    assert [t.headline for t in doc.teasers] == [
        "Gas, Borders and Ankara’s Eastern Mediterranean Gamble",
        "NATO’s Baltic Frontier After Finland and Sweden Joined",
    ]
    assert doc.teasers[0].abstract.startswith("An expert on Eastern Mediterranean energy says")


def test_html_metadata_from_json_ld_and_a_repeated_teaser_listed_once() -> None:
    doc = read_one(SAMPLES / "010-nato-baltic-frontier.html")
    assert doc.headline == "NATO’s Baltic Frontier After Finland and Sweden Joined"
    assert (doc.publisher, doc.date, doc.genre) == (
        "Harbor Institute for Global Affairs", "2024-02-26", "Interview")
    assert doc.body.startswith("Rasa Kalniņa-Dorsey, a senior researcher on Baltic security")
    assert "Canada" not in doc.body and "Leave a Reply" not in doc.body
    assert len(doc.teasers) == 2


def test_html_title_suffix_time_element_and_regional_language() -> None:
    doc = read_one(SAMPLES / "009-kazakhstan-multi-vector.html")
    assert doc.headline == "Kazakhstan’s Multi-Vector Balancing Act"
    assert (doc.publisher, doc.date, doc.language) == ("The Caspian Desk", "2024-10-03", "en-GB")
    assert doc.body.startswith("In an interview with The Caspian Desk, Dauren Sarsenbayev-Moore")
    assert "No comments yet" not in doc.body and "Advertisement" not in doc.body
    assert "\"Central Asia is no longer a backyard." in doc.body  # a blockquote is article text
    assert [t.headline for t in doc.teasers][0].startswith("The South Caucasus After")


def test_xhtml_page_with_xml_declaration_and_json_ld_graph() -> None:
    doc = read_one(SAMPLES / "011-eastern-mediterranean-gas.html")
    assert doc.headline == "Gas, Borders and Ankara’s Eastern Mediterranean Gamble"
    assert (doc.publisher, doc.genre, doc.date) == (
        "Harbor Institute for Global Affairs", "Analysis", "2024-12-09")
    assert "Facebook" not in doc.body and "every Monday" not in doc.body
    assert doc.teasers[0] == Teaser("NATO’s Baltic Frontier After Finland and Sweden Joined", "")


PLAIN_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Plain Page | Example Site</title>
</head><body><div class="nav"><a href="/">Home</a> <a href="/x">Regions</a></div>
<div class="content">
<div class="text">Example Site—Interview: An analyst said that Chile and Peru have improved their
relations after years of tension over the maritime border, and that trade has doubled.</div>
<div class="text">The analyst added that Bolivia has not supported the new corridor, and that
Argentina has offered to host further talks between the three governments next year.</div>
</div><div class="footer">© Example Site 2024</div></body></html>
"""


def test_html_without_article_element_falls_back_on_main_text_detection(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "plain.html", PLAIN_PAGE))
    assert doc.headline == "Plain Page"
    assert (doc.publisher, doc.genre) == ("Example Site", "Interview")
    assert doc.body.startswith("An analyst said that Chile and Peru")
    assert "Argentina has offered" in doc.body
    assert "Home" not in doc.body and "©" not in doc.body


def test_html_in_a_declared_legacy_charset_is_decoded(tmp_path: Path) -> None:
    page = PLAIN_PAGE.replace("<head>", '<head><meta charset="windows-1252">')
    path = tmp_path / "legacy.html"
    path.write_bytes(page.replace("Chile", "Chilé").encode("cp1252"))
    assert "Chilé and Peru" in read_one(path).body


def test_html_with_comments_after_the_end_tag_is_complete(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "p.html", PLAIN_PAGE + "<!-- cached 2024-07-10 -->\n"))
    assert doc.headline == "Plain Page"


@pytest.mark.parametrize("cut_at", [
    "Slovakia followed with a ban",  # in the middle of the article
    "</body>",                       # only the closing tags are missing
    "<h2>Latest content</h2>",       # after the article, inside the page
])
def test_truncated_html_is_refused_wherever_it_was_cut(tmp_path: Path, cut_at: str) -> None:
    page = (SAMPLES / "008-grain-eastern-flank.html").read_text("utf-8")
    path = write(tmp_path, "cut.html", page[: page.index(cut_at)])
    with pytest.raises(InputError, match="truncated HTML") as error:
        read_source(path)
    assert error.value.path == str(path)


def test_html_without_any_headline_is_refused(tmp_path: Path) -> None:
    page = "<html><body><article><p>Text only.</p></article></body></html>"
    path = write(tmp_path, "x.html", page)
    with pytest.raises(InputError, match="no headline"):
        read_source(path)


# --- records (.json, .jsonl) -------------------------------------------------------------------

def test_json_record_fields_and_its_lead_label_removed() -> None:
    doc = read_one(SAMPLES / "012-poultry-tariffs.json")
    assert doc.headline == "Poultry, Tariffs and the Politics of North American Trade"
    assert (doc.publisher, doc.genre, doc.date, doc.language) == (
        "Lattice Policy Review", "Interview", "2024-11-05", "en")
    assert doc.url == "https://lattice-review.example/interviews/poultry-tariffs-north-america"
    assert doc.body.startswith("Valentina Ochoa-Brandt, an economist")
    assert len(doc.body.split("\n\n")) == 5


def test_json_record_teasers_lose_their_lead_label() -> None:
    doc = read_one(SAMPLES / "012-poultry-tariffs.json")
    assert doc.teasers[1] == Teaser(
        "ASEAN and the South China Sea Code of Conduct",
        "A researcher of maritime Southeast Asia said that the talks on a code of conduct have "
        "made little progress in two decades.",
    )


def test_json_record_with_schema_org_names() -> None:
    doc = read_one(SAMPLES / "013-arctic-shipping-lanes.json")
    assert doc.headline == "Who Will Govern the Arctic Shipping Lanes?"
    assert (doc.publisher, doc.date, doc.language, doc.genre) == (
        "Lattice Policy Review", "2025-02-11", "en", "Interview")
    assert doc.body.startswith("In an interview with the Lattice Policy Review")
    assert len(doc.body.split("\n\n")) == 5  # single newlines separate paragraphs too


def test_json_list_gives_one_document_per_record_in_order() -> None:
    path = SAMPLES / "014-asean-and-western-sahara.json"
    docs = read_source(path)
    assert [d.headline for d in docs if isinstance(d, Document)] == [
        "ASEAN and the South China Sea Code of Conduct",
        "Morocco, Algeria and the Western Sahara Deadlock",
    ]
    assert [d.source for d in docs] == [f"{path}#0", f"{path}#1"]
    second = docs[1]
    assert isinstance(second, Document)
    assert (second.genre, second.date, second.publisher) == (
        "Analysis", "2025-01-27", "Lattice Policy Review")


def test_json_lines_give_one_document_per_line() -> None:
    docs = read_source(SAMPLES / "015-northbridge-notes.jsonl")
    assert [(d.headline, d.genre) for d in docs if isinstance(d, Document)] == [
        ("Pakistan and Afghanistan: A Border Under Strain", "Interview"),
        ("India and the Gulf: From Oil Buyer to Strategic Partner", "Note"),
    ]


@pytest.mark.parametrize(("record", "problem"), [
    ({"body": "Text."}, "no title or headline"),
    ({"title": "T"}, "no body or text or articleBody"),
    ({"title": "T", "body": "   "}, "no body"),
    ({"title": 3, "body": "Text."}, "'title' must be a string, found a number"),
    ({"title": "T", "body": "Text.", "teasers": "none"}, "'teasers' must be a list"),
    ({"title": "T", "body": "Text.", "teasers": [{"abstract": "x"}]}, r"teasers\[0\] needs"),
    ({"title": "T", "body": "Text.", "date": "2024-13-45"}, "is not a date"),
    ({"title": "T", "body": "Text.", "author": 7}, "'author' must be a name"),
])
def test_bad_json_records_are_refused_naming_the_problem(
        tmp_path: Path, record: dict, problem: str) -> None:
    path = write(tmp_path, "r.json", json.dumps(record))
    with pytest.raises(InputError, match=problem) as error:
        read_source(path)
    assert str(error.value).startswith(str(path))


def test_bad_json_lines_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.jsonl", '{"title": "A", "body": "B"}\n\n{"title": "A", "body": \n')
    with pytest.raises(InputError, match=r"line 3: invalid JSON at column \d+"):
        read_source(path)


@pytest.mark.parametrize(("text", "problem"), [
    ("[]", "holds no records"),
    ('"just a string"', "expected a JSON object or a list of objects, found a string"),
    ('[{"title": "A", "body": "B"}, 7]', r"records\[1\]: expected a JSON object"),
])
def test_json_that_is_not_records_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read_source(write(tmp_path, "r.json", text))


# --- the publisher chain -------------------------------------------------------------------------

CLUES: dict = {
    "declared": "Declared Press",
    "site_name": "Site Name Weekly",
    "title": "A Long Enough Headline | Title Suffix Review",
    "headlines": ["A Long Enough Headline"],
    "url": "https://host-name-forum.example/analysis/a-long-enough-headline",
}
LABELLED_LEAD = "Lead Label Monitor—Interview: An analyst said that the talks matter."


def test_publisher_chain_1_the_declared_publisher_comes_before_every_other_clue() -> None:
    publisher, lead = find_publisher(LABELLED_LEAD, **CLUES)
    assert publisher == "Declared Press"
    assert (lead.publisher, lead.genre, lead.text) == (  # the lead is split off all the same
        "Lead Label Monitor", "Interview", "An analyst said that the talks matter.")


def test_publisher_chain_2_og_site_name_comes_before_title_lead_and_host() -> None:
    clues = {**CLUES, "declared": None}
    assert find_publisher(LABELLED_LEAD, **clues)[0] == "Site Name Weekly"


def test_publisher_chain_3_the_title_suffix_comes_before_lead_and_host() -> None:
    clues = {**CLUES, "declared": None, "site_name": None}
    assert find_publisher(LABELLED_LEAD, **clues)[0] == "Title Suffix Review"


def test_publisher_chain_4_the_lead_label_comes_before_the_host() -> None:
    clues = {**CLUES, "declared": None, "site_name": None, "title": "A Long Enough Headline"}
    assert find_publisher(LABELLED_LEAD, **clues)[0] == "Lead Label Monitor"


def test_publisher_chain_5_the_url_host_when_no_other_clue_names_one() -> None:
    clues = {**CLUES, "declared": None, "site_name": None, "title": None}
    publisher, lead = find_publisher("An analyst said that the talks matter.", **clues)
    assert publisher == "Host Name Forum"
    assert lead.text == "An analyst said that the talks matter."
    assert find_publisher("An analyst said that the talks matter.")[0] is None


def test_a_one_word_lead_label_is_split_off_when_an_earlier_step_names_it() -> None:
    publisher, lead = find_publisher("Quillon—Officials said the talks would resume.",
                                     title="Andean Water Talks Resume | Quillon")
    assert (publisher, lead.text) == ("Quillon", "Officials said the talks would resume.")


@pytest.mark.parametrize(("title", "headlines", "publisher"), [
    ("Andean Water Talks Resume | Quillon Policy Forum", [], "Quillon Policy Forum"),
    ("Andean Water Talks Resume – Quillon Policy Forum", [], "Quillon Policy Forum"),
    ("Andean Water Talks Resume — Quillon Policy Forum", [], "Quillon Policy Forum"),
    ("Andean Water Talks Resume - Quillon Policy Forum", [], "Quillon Policy Forum"),
    ("Water Talks | Analysis | Quillon Policy Forum", ["Water Talks"], "Quillon Policy Forum"),
    ("Lima’s Quiet Pivot - Quillon Policy Forum", ["Lima's Quiet Pivot"], "Quillon Policy Forum"),
    ("Quillon Policy Forum | Andean Water Talks", ["Andean Water Talks"], None),  # site first
    ("Lima — A New Pivot", [], None),  # the part before the dash is not the headline
    ("Lima — A New Pivot", ["Lima — A New Pivot"], None),
    ("Lima’s Multi-Vector Act", [], None),  # a hyphen inside a word is no separator
    ("Andean Water Talks Resume | Analysis", [], None),  # a section, not a site
    ("Why the Andean Water Talks Failed - and what next", [], None),
])
def test_title_suffix_names_the_publisher_only_after_the_headline(
        title: str, headlines: list[str], publisher: str | None) -> None:
    assert title_suffix_publisher(title, headlines) == publisher


@pytest.mark.parametrize(("url", "name"), [
    ("https://harbor-institute.example/analysis/x", "Harbor Institute"),
    ("https://www.qpf.example/x", "QPF"),
    ("http://news.quillon.co.uk/x", "Quillon"),
    ("https://127.0.0.1/x", None),
    ("http://[::1/x", None),
    ("http://[::1]:8080/x", None),
    ("not a url", None),
])
def test_the_url_host_is_made_a_readable_name(url: str, name: str | None) -> None:
    assert host_name(url) == name


# --- JSON-LD and the publisher chain in saved pages ---------------------------------------------

def page(head: str, body: str) -> str:
    """Wrap head and article elements into a complete page."""
    return (f'<!DOCTYPE html><html lang="en"><head>{head}</head><body>'
            f"<article>{body}</article></body></html>\n")


ARTICLE_TEXT = ("<p>An analyst said that Peru and Bolivia have agreed to share the lake's water, "
                "and that Chile has welcomed the agreement.</p>")
JSON_LD_HEAD = """<title>Og Title Variant | Meta Site Name</title>
<meta property="og:site_name" content="Meta Site Name">
<meta property="og:title" content="Og Title Variant">
<meta property="article:published_time" content="2020-01-01">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": broken</script>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "ReportageNewsArticle",
 "headline": "Andean Water Talks Resume", "datePublished": "2025-03-18T09:00:00+01:00",
 "author": [{"@type": "Person", "name": "Ines Valdivia-Rook"}, "Tomas Ekwueme-Hart"],
 "publisher": {"@type": "Organization", "name": "Quillon Policy Forum"}}
</script>"""


def test_json_ld_in_the_head_is_read_before_any_heuristic(tmp_path: Path) -> None:
    body = '<h1>A Different H1</h1><time datetime="2019-05-05">May 5</time>' + ARTICLE_TEXT
    doc = read_one(write(tmp_path, "p.html", page(JSON_LD_HEAD, body)))
    assert doc.headline == "Andean Water Talks Resume"
    assert doc.authors == ["Ines Valdivia-Rook", "Tomas Ekwueme-Hart"]
    assert (doc.date, doc.publisher, doc.genre) == ("2025-03-18", "Quillon Policy Forum", "Report")


def test_json_ld_graph_with_references_to_its_people_and_organization(tmp_path: Path) -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "Quillon Website"},
        {"@type": "Organization", "@id": "#org", "name": "Quillon Policy Forum"},
        {"@type": "Person", "@id": "#ines", "name": "Ines Valdivia-Rook"},
        {"@type": ["schema:AnalysisNewsArticle"], "headline": "Andean Water Talks Resume",
         "datePublished": "2025-03-18", "author": {"@id": "#ines"}, "publisher": {"@id": "#org"}},
    ]}
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    doc = read_one(write(tmp_path, "p.html", page(head, ARTICLE_TEXT)))
    assert (doc.headline, doc.date, doc.genre) == ("Andean Water Talks Resume", "2025-03-18",
                                                   "Analysis")
    assert (doc.publisher, doc.authors) == ("Quillon Policy Forum", ["Ines Valdivia-Rook"])


def test_json_ld_list_of_nodes_and_authors_that_are_no_people(tmp_path: Path) -> None:
    nodes = [{"@type": "WebPage", "name": "Quillon"},
             {"@type": "OpinionNewsArticle", "headline": "Andean Water Talks Resume",
              "author": [{"@type": "Organization", "name": "Quillon Policy Forum"},
                         "By Ines Valdivia-Rook and Tomas Ekwueme-Hart"]}]
    head = f'<script type="application/ld+json">{json.dumps(nodes)}</script>'
    doc = read_one(write(tmp_path, "p.html", page(head, ARTICLE_TEXT)))
    assert doc.authors == ["Ines Valdivia-Rook", "Tomas Ekwueme-Hart"]
    assert doc.genre == "Opinion"


TITLE_AND_LEAD_PAGE = page(
    "<title>Andean Water Talks Resume | Quillon Policy Forum</title>",
    "<h1>Andean Water Talks Resume</h1><p>Quillon Policy Forum—Interview: An analyst said that "
    "Peru and Bolivia have agreed to share the lake's water.</p><p>Chile welcomed it.</p>",
)


def test_html_naming_its_publisher_only_in_title_suffix_and_lead_is_read(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "p.html", TITLE_AND_LEAD_PAGE))
    assert (doc.headline, doc.publisher, doc.genre) == (
        "Andean Water Talks Resume", "Quillon Policy Forum", "Interview")
    assert doc.body.startswith("An analyst said that Peru and Bolivia")
    assert doc.authors == []


def test_html_whose_title_names_another_site_than_its_lead_takes_the_title(
        tmp_path: Path) -> None:
    text = TITLE_AND_LEAD_PAGE.replace("| Quillon Policy Forum", "- Quillon Review")
    doc = read_one(write(tmp_path, "p.html", text))
    assert (doc.publisher, doc.headline) == ("Quillon Review", "Andean Water Talks Resume")
    assert doc.body.startswith("An analyst said that Peru and Bolivia")


def test_html_naming_no_publisher_but_its_url_is_named_by_its_host(tmp_path: Path) -> None:
    text = page('<link rel="canonical" href="https://quillon-forum.example/a/andean-water">'
                "<title>Andean Water Talks Resume</title>", ARTICLE_TEXT)
    doc = read_one(write(tmp_path, "p.html", text))
    assert (doc.headline, doc.publisher) == ("Andean Water Talks Resume", "Quillon Forum")


# --- the publisher chain and authors in records ------------------------------------------------

@pytest.mark.parametrize(("body", "publisher"), [
    ("Quillon Policy Forum—Analysis: Peru and Bolivia agreed.", "Quillon Policy Forum"),
    ("Peru and Bolivia agreed.", "Quillon Forum"),
])
def test_json_record_without_publisher_falls_back_on_its_lead_then_its_url(
        tmp_path: Path, body: str, publisher: str) -> None:
    record = {"title": "Andean Water Talks Resume", "body": body,
              "url": "https://quillon-forum.example/a/andean-water"}
    doc = read_one(write(tmp_path, "r.json", json.dumps(record)))
    assert doc.publisher == publisher
    assert doc.body == "Peru and Bolivia agreed."


@pytest.mark.parametrize(("field", "value", "authors"), [
    ("author", "Ines Valdivia-Rook", ["Ines Valdivia-Rook"]),
    ("author", {"@type": "Person", "name": "Ines Valdivia-Rook"}, ["Ines Valdivia-Rook"]),
    ("authors", ["Ines Valdivia-Rook", {"name": "Tomas Ekwueme-Hart"}],
     ["Ines Valdivia-Rook", "Tomas Ekwueme-Hart"]),
])
def test_json_record_authors_are_read_as_names(
        tmp_path: Path, field: str, value: object, authors: list[str]) -> None:
    record = {"title": "T", "body": "Peru and Bolivia agreed.", field: value}
    assert read_one(write(tmp_path, "r.json", json.dumps(record))).authors == authors


# --- RDF files ---------------------------------------------------------------------------------

TURTLE = "@prefix schema: <https://schema.org/> .\n<http://example.org/a> schema:name \"A\" .\n"


@pytest.mark.parametrize(("name", "text", "fmt"), [
    ("a.ttl", TURTLE, "ttl"),
    ("a.nt", '# comment\n<http://example.org/a> <https://schema.org/name> "A" .\n', "nt"),
    ("a.nq", '<http://example.org/a> <https://schema.org/name> "A" <http://example.org/g> .\n',
     "nq"),
    ("a.trig", "<http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 . }\n",
     "trig"),
    ("a.jsonld", '{"@id": "http://example.org/a", "https://schema.org/name": "A"}', "jsonld"),
])
def test_rdf_files_are_handed_on_unparsed(tmp_path: Path, name: str, text: str, fmt: str) -> None:
    path = write(tmp_path, name, text)
    assert read_source(path) == [RdfSource(source=str(path), path=path, format=fmt)]
    # What was let through is the syntax the suffix promised.
    oxigraph_format = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES,
                       "nq": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG,
                       "jsonld": RdfFormat.JSON_LD}[fmt]
    assert len(list(parse(input=text, format=oxigraph_format))) == 1


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("a.ttl", "<!DOCTYPE html><html><body>Not found</body></html>", "HTML page, not Turtle"),
    ("a.jsonld", "@prefix schema: <https://schema.org/> .", "does not look like JSON-LD"),
    ("a.nt", "@prefix schema: <https://schema.org/> .", "does not look like N-Triples"),
])
def test_rdf_files_that_are_not_what_their_suffix_says_are_refused(
        tmp_path: Path, name: str, text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read_source(write(tmp_path, name, text))


# --- unreadable inputs -------------------------------------------------------------------------

BAD_FIXTURES = {
    "bad-date.json": "'last Tuesday' is not a date",
    "empty.txt": "empty file",
    "headline-only.txt": "no article text after the headline",
    "html-in-turtle.ttl": "looks like an HTML page",
    "invalid.json": "invalid JSON at line 4, column 3",
    "latin1.txt": "not UTF-8: byte 0xE9 at byte offset 17 (line 3)",
    "no-body.json": r"records\[1\]: the record has no body",
    "no-title.jsonl": "line 3: the record has no title",
    "notes.docx": "unsupported file type '.docx'",
    "nul-bytes.txt": "binary file (NUL byte at byte offset 19)",
    "truncated-in-body.html": "truncated HTML",
    "utf16.txt": "UTF-16",
    "whitespace-only.txt": "empty file",
}


def test_every_bad_fixture_has_an_expected_problem() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_FIXTURES)


@pytest.mark.parametrize(("name", "problem"), sorted(BAD_FIXTURES.items()))
def test_bad_inputs_raise_input_error_naming_file_and_problem(name: str, problem: str) -> None:
    path = BAD / name
    with pytest.raises(InputError) as error:
        read_source(path)
    assert error.value.path == str(path)
    assert re.search(re.escape(problem) if "\\" not in problem else problem, error.value.problem)
    assert str(error.value).startswith(f"{path}: ")
    assert "\n" not in str(error.value)


def test_a_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        list(read_documents(tmp_path / "nowhere"))


def test_a_folder_without_supported_files_is_an_input_error(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# nothing to read")
    with pytest.raises(InputError, match="no supported files"):
        list(read_documents(tmp_path))


def test_a_bad_record_spoils_its_whole_file_not_half_of_it(tmp_path: Path) -> None:
    path = write(tmp_path, "r.jsonl",
                 '{"title": "Good", "body": "Fine."}\n{"title": "Bad"}\n')
    got: list = []
    with pytest.raises(InputError):
        got.extend(read_documents(path))
    assert got == []


# --- folders -----------------------------------------------------------------------------------

def test_folders_are_read_recursively_in_sorted_order_skipping_hidden_and_gold(
        tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "B Headline\n\nBody of b.\n")
    (tmp_path / "a").mkdir()
    write(tmp_path / "a", "z.json", '{"title": "A/Z Headline", "body": "Body."}')
    write(tmp_path, ".hidden.txt", "Hidden\n\nNot read.\n")
    (tmp_path / ".cache").mkdir()
    write(tmp_path / ".cache", "c.txt", "Cached\n\nNot read.\n")
    (tmp_path / "gold").mkdir()
    write(tmp_path / "gold", "b.json", '{"title": "Gold", "countries": []}')
    write(tmp_path, "notes.md", "not an article")
    write(tmp_path, "graph.ttl", TURTLE)
    items = list(read_documents(tmp_path))
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == [
        "a/z.json", "b.txt", "graph.ttl"]
    assert isinstance(items[2], RdfSource)


def test_supported_suffixes_cover_every_format() -> None:
    assert set(SUPPORTED_SUFFIXES) >= {".txt", ".html", ".json", ".jsonl", ".ttl", ".nt", ".nq",
                                       ".trig", ".jsonld"}


# --- the bundled samples and their gold annotations ---------------------------------------------

SAMPLE_FILES = find_source_files(SAMPLES)
GOLD_FILES = sorted(GOLD.glob("*.json"))


def gold_document(gold: dict) -> Document:
    items = read_source(SAMPLES / gold["source"])
    document = items[gold.get("record", 0)]
    assert isinstance(document, Document)
    return document


def test_samples_cover_every_article_format() -> None:
    suffixes = [p.suffix for p in SAMPLE_FILES]
    assert suffixes.count(".txt") >= 6 and suffixes.count(".html") >= 4
    assert suffixes.count(".jsonl") >= 1
    records = [d for p in SAMPLE_FILES if p.suffix == ".json" for d in read_source(p)]
    assert len(records) >= 3
    assert all(re.fullmatch(r"\d{3}-[a-z0-9-]+", p.stem) for p in SAMPLE_FILES)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_reads_into_articles_of_150_to_500_words(path: Path) -> None:
    for document in read_source(path):
        assert isinstance(document, Document)
        assert document.headline and document.publisher
        assert 150 <= len(document.body.split()) <= 500
        for furniture in BOILERPLATE:
            assert furniture not in document.body.split("\n\n")


def test_every_sample_article_has_exactly_one_gold_file() -> None:
    annotated = sorted((g["source"], g.get("record", 0))
                       for g in (json.loads(p.read_text("utf-8")) for p in GOLD_FILES))
    articles = sorted((p.name, index) for p in SAMPLE_FILES
                      for index, _ in enumerate(read_source(p)))
    assert annotated == articles
    assert len(articles) >= 15


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_title_equals_the_headline_read(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text("utf-8"))
    assert gold_document(gold).headline == gold["title"]


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_is_well_formed_and_quotes_the_body(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text("utf-8"))
    document = gold_document(gold)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in gold["countries"])
    assert len(set(gold["countries"])) == len(gold["countries"])
    assert [t.headline for t in document.teasers] == gold["related_articles"]
    for kind in ("required", "acceptable", "non_country"):
        for holder, target, polarity, evidence in gold["stances"][kind]:
            assert polarity in ("support", "oppose", "neutral")
            assert evidence in document.body, f"{kind} evidence not in the body: {evidence}"
            if kind != "non_country":
                assert {holder, target} <= set(gold["countries"])


# -- bylines and datelines ---------------------------------------------------------------------


@pytest.mark.parametrize("line, authors", [
    ("By Oskar Lindqvist-Amadi", ["Oskar Lindqvist-Amadi"]),
    ("By Ana Ruiz and Tomás Vega · 12 May 2025", ["Ana Ruiz", "Tomás Vega"]),
    ("Interview by Priya Castellane · 12 May 2025", []),
    ("By the way, nothing here is a byline", []),
    ("Published April 9th, 2025", []),
])
def test_a_byline_names_its_authors_and_nothing_else(line: str, authors: list[str]) -> None:
    assert byline_authors(line) == authors


@pytest.mark.parametrize("line, date", [
    ("Published April 9th, 2025 · Updated: April 14th, 2025", "2025-04-09"),
    ("Updated: April 14th, 2025 | Published 3 March 2025", "2025-03-03"),
    ("Interview by Priya Castellane · 12 May 2025", "2025-05-12"),
    ("Interview · 2 April 2025", "2025-04-02"),
    ("Europe · Analysis", None),
])
def test_a_dateline_gives_the_publication_date_not_the_update(line: str, date: str | None) -> None:
    assert dateline_date(line) == date


def test_a_page_dump_reads_its_byline_and_dateline_above_the_lead(tmp_path: Path) -> None:
    page = tmp_path / "byline.txt"
    page.write_text("Helsinki and the Long Border\n\nBy Oskar Lindqvist-Amadi\n\n"
                    "Published April 9th, 2025 · Updated: April 14th, 2025\n\n"
                    "Harrowgate Centre – Analysis: Finland has closed its border with Russia.\n",
                    encoding="utf-8")
    [document] = read_source(page)
    assert document.authors == ["Oskar Lindqvist-Amadi"]
    assert document.date == "2025-04-09"
    assert document.publisher == "Harrowgate Centre"
    assert document.body.startswith("Finland has closed")

