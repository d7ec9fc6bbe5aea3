"""The scorer on toy gold, and a floor under the figures reached on the bundled gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate import (
    Counts,
    evaluate,
    find_gold_files,
    score_article,
)
from kg.evaluation_report import format_errors, format_table
from kg.model import Document, EntityRef, Extraction, PersonFinding, StanceFinding

ROOT = Path(__file__).resolve().parents[1]
BODY = "Turkey supports Ukraine. Russia opposes Turkey. Iran mediates between them."


def stance(holder: str, target: str, polarity: str, kind: str = "country") -> StanceFinding:
    """A predicted stance on the toy body's first sentence."""
    return StanceFinding(EntityRef("country", holder, holder), EntityRef(kind, target, target),
                         polarity, 0, 24, 0.9, "test")  # type: ignore[arg-type]


def toy_extraction(stances: list[StanceFinding], experts: list[str | None],
                   countries: list[str]) -> Extraction:
    """An extraction as the scorer receives it."""
    document = Document(source="toy", headline="Toy", body=BODY)
    return Extraction(document, True, [PersonFinding(n) for n in experts], [], countries, [],
                      stances)


def toy_gold(**stances: list[list[str]]) -> dict:
    """A gold annotation in the seed's schema."""
    return {"experts": [{"name": "Siyamak Kakaei"}], "countries": ["TR", "UA", "RU"],
            "stances": {"required": stances.get("required", []),
                        "acceptable": stances.get("acceptable", []),
                        "non_country": stances.get("non_country", [])}}


def test_counts_give_precision_recall_and_f1() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75
    assert counts.recall == 0.6
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 1.0  # nothing to find and nothing found


def test_stances_are_scored_as_country_triples() -> None:
    gold = toy_gold(required=[["TR", "UA", "support", "s"], ["RU", "TR", "oppose", "s"]])
    result = score_article(gold, toy_extraction(
        [stance("TR", "UA", "support"), stance("TR", "UA", "support"),
         stance("UA", "TR", "support")], ["Siyamak Kakaei"], ["TR", "UA", "RU"]))
    assert (result.stances.tp, result.stances.fp, result.stances.fn) == (1, 1, 1)
    assert [(e.holder, e.target) for e in result.false_positives] == [("UA", "TR")]
    assert result.false_positives[0].sentence == "Turkey supports Ukraine."
    assert [(e.holder, e.target, e.sentence) for e in result.false_negatives] == [
        ("RU", "TR", "s")]


def test_acceptable_readings_are_neither_rewarded_nor_penalised() -> None:
    gold = toy_gold(required=[["TR", "UA", "support", "s"]],
                    acceptable=[["IR", "TR", "neutral", "s"], ["IR", "RU", "neutral", "s"]])
    with_acceptable = score_article(gold, toy_extraction(
        [stance("TR", "UA", "support"), stance("IR", "TR", "neutral")], [], []))
    without = score_article(gold, toy_extraction([stance("TR", "UA", "support")], [], []))
    assert (with_acceptable.stances.tp, with_acceptable.stances.fp,
            with_acceptable.stances.fn) == (1, 0, 0)
    assert (without.stances.tp, without.stances.fp, without.stances.fn) == (1, 0, 0)


def test_non_country_stances_are_scored_apart_by_loose_names() -> None:
    gold = toy_gold(non_country=[["NATO / the West", "TR", "support", "s"],
                                 ["TR", "annexation of Crimea", "oppose", "s"]])
    predicted = [
        StanceFinding(EntityRef("organization", "nato", "NATO"), EntityRef("country", "TR", "T"),
                      "support", 0, 24, 0.8, "test"),
        stance("TR", "annexation-of-crimea", "oppose", kind="topic"),
        stance("TR", "drone-deals", "support", kind="topic"),
    ]
    result = score_article(gold, toy_extraction(predicted, [], []))
    assert (result.non_country.tp, result.non_country.fp, result.non_country.fn) == (2, 1, 0)
    assert (result.stances.tp, result.stances.fp, result.stances.fn) == (0, 0, 0)


def test_experts_match_by_surname_and_unnamed_experts_match_each_other() -> None:
    gold = toy_gold()
    gold["experts"] = [{"name": "Siyamak Kakaei"}, {"name": None}]
    result = score_article(gold, toy_extraction([], ["kakaei", None, "Ali Rezaei"], []))
    assert (result.experts.tp, result.experts.fp, result.experts.fn) == (2, 1, 0)
    assert result.extra_experts == ["Ali Rezaei"]


def test_expert_errors_are_named_by_kind_format_and_genre_never_by_name() -> None:
    gold = toy_gold()
    gold.update(source="a.html", genre="Interview", other_people=["Ali Rezaei"])
    gold["experts"] = [{"name": "Siyamak Kakaei"}, {"name": "Mina Darvish"}]
    result = score_article(gold, toy_extraction([], ["S. Kakaei", "Ali Rezaei", "Omid Far"], []))
    assert sorted(result.expert_errors) == [
        "extra: a name the gold does not list (html interview)",
        "extra: a person the gold lists as not an expert (html interview)",
        "missed: not found at all (html interview)"]
    assert not any("Rezaei" in e or "Darvish" in e for e in result.expert_errors)


def test_a_wrong_date_is_named_by_what_went_wrong() -> None:
    gold = toy_gold()
    gold.update(source="a.txt", date="2025-03-04")
    assert score_article(gold, toy_extraction([], ["Kakaei"], [])).date_error == \
        "no date found (txt)"


def test_countries_are_compared_as_sets() -> None:
    result = score_article(toy_gold(), toy_extraction([], [], ["UA", "TR", "GE"]))
    assert (result.countries.tp, result.countries.fp, result.countries.fn) == (2, 1, 1)
    assert (result.missed_countries, result.extra_countries) == (["RU"], ["GE"])


def write_sample(folder: Path) -> Path:
    """Write a two-record JSON Lines sample and gold for its second record."""
    (folder / "gold").mkdir()
    records = [{"headline": "First", "body": "Poland supports Lithuania.", "genre": "Note"},
               {"headline": "Second", "body": "Ali Rezaei, an expert on Caucasus issues, told "
                "the Council that Turkey has backed Azerbaijan.", "genre": "Interview"}]
    (folder / "notes.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n",
                                        encoding="utf-8")
    gold = {"source": "notes.jsonl", "record": 1, "experts": [{"name": "Ali Rezaei"}],
            "countries": ["TR", "AZ"],
            "stances": {"required": [["TR", "AZ", "support", "…"]], "acceptable": [],
                        "non_country": []}}
    path = folder / "gold" / "notes.1.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def test_evaluate_reads_the_right_record_and_scores_it(tmp_path: Path) -> None:
    gold_path = write_sample(tmp_path)
    scores = evaluate(find_gold_files(tmp_path / "gold"))
    assert len(scores.articles) == 1
    assert scores.articles[0].title == "Second"
    for counts in (scores.experts, scores.countries, scores.stances):
        assert (counts.precision, counts.recall) == (1.0, 1.0)
    table = format_table(scores)
    assert "stances (country-country)" in table and "1 articles" in table
    assert format_errors(scores) == ""
    assert str(gold_path) in scores.articles[0].gold_path


def test_a_gold_file_without_source_sits_beside_its_article(tmp_path: Path) -> None:
    (tmp_path / "piece.txt").write_text("A headline\n\nPoland supports Lithuania.\n",
                                        encoding="utf-8")
    gold = {"experts": [], "countries": ["PL", "LT"],
            "stances": {"required": [["PL", "LT", "support", "…"]]}}
    (tmp_path / "piece.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    scores = evaluate([tmp_path / "piece.gold.json"])
    assert scores.stances.f1 == 1.0


def test_errors_are_listed_with_their_sentences(tmp_path: Path) -> None:
    gold_path = write_sample(tmp_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["stances"]["required"] = [["AZ", "TR", "oppose", "a sentence"]]
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    listing = format_errors(evaluate([gold_path]))
    assert "FN AZ->TR oppose: a sentence" in listing
    assert "FP TR->AZ support" in listing and "Turkey has backed Azerbaijan." in listing


@pytest.mark.parametrize("content, problem", [
    ("{not json", "is not valid JSON gold"),
    ("[1, 2]", "is not a gold annotation"),
    ('{"stances": {}, "source": "missing.txt"}', "is not beside the gold folder"),
])
def test_bad_gold_is_reported_with_its_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as caught:
        evaluate([path])
    assert str(path) in str(caught.value)
