"""Sentence and clause segmentation keeps exact offsets and respects abbreviations and quotes."""

from __future__ import annotations

from kg.extract.sentences import split_clauses, split_sentences


def texts(body: str) -> list[str]:
    """Split a body and check every span cuts exactly its text out of the body."""
    spans = split_sentences(body)
    for span in spans:
        assert body[span.start:span.end] == span.text
        assert span.text == span.text.strip()
    return [s.text for s in spans]


def test_sentences_end_at_full_stops_and_paragraphs() -> None:
    assert texts("Turkey supports Ukraine.  Russia objects.\nA new paragraph") == [
        "Turkey supports Ukraine.", "Russia objects.", "A new paragraph"]


def test_titles_and_initials_do_not_end_a_sentence() -> None:
    assert texts("Dr. Ali Bigdeli and Mr. J. Smith met Gen. Haftar. They talked.") == [
        "Dr. Ali Bigdeli and Mr. J. Smith met Gen. Haftar.", "They talked."]


def test_a_dotted_acronym_ends_a_sentence_only_before_an_opener() -> None:
    assert texts("Sanctions by the U.S. Treasury hurt. They came from the U.S. The end.") == [
        "Sanctions by the U.S. Treasury hurt.", "They came from the U.S.", "The end."]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    assert texts('"We will not abandon them," he said. “It is over.” She left.') == [
        '"We will not abandon them," he said.', "“It is over.”", "She left."]


def test_decimals_do_not_end_a_sentence() -> None:
    assert texts("Trade grew by 3.5 percent. It fell later.") == [
        "Trade grew by 3.5 percent.", "It fell later."]


def test_clauses_split_at_semicolons_and_contrasts() -> None:
    body = "Oman mediates; Qatar hosts talks, but Bahrain is sceptical."
    sentence = split_sentences(body)[0]
    assert [c.text for c in split_clauses(body, sentence)] == [
        "Oman mediates", "Qatar hosts talks", "but Bahrain is sceptical."]
