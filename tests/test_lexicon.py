"""The stance lexicon is data: its loader accepts the shipped files and names every fault."""

from __future__ import annotations

import pytest

from kg.extract.lexicon import (
    CUE_CLASSES,
    LexiconDataError,
    lexicon,
    parse_cues,
    parse_triggers,
)


def test_the_shipped_lexicon_loads_with_every_word_class() -> None:
    words = lexicon()
    assert set(words.classes) == CUE_CLASSES
    assert words.senses("condemn", "VERB")[0].polarity == "oppose"
    assert words.senses("take side", "VERB")[0].negated == "neutral"
    assert words.is_a("agent", "diplomats")


def test_adding_a_verb_is_adding_a_line() -> None:
    triggers = parse_triggers("castigate\tVERB\toppose\tobj\t-\n", "extra.tsv")
    (sense,) = triggers[("castigate", "VERB")]
    assert (sense.polarity, sense.targets, sense.negated) == ("oppose", ("obj",), None)


def test_one_lemma_may_have_senses_by_preposition() -> None:
    triggers = parse_triggers("side\tVERB\tsupport\twith\t-\nside\tVERB\toppose\tagainst\t-\n",
                              "x.tsv")
    assert [s.polarity for s in triggers[("side", "VERB")]] == ["support", "oppose"]


@pytest.mark.parametrize("line, problem", [
    ("back\tVERB\tsupport\tobj", "expected 5 tab-separated columns"),
    ("Back\tVERB\tsupport\tobj\t-", "must be lower case"),
    ("back\tADVERB\tsupport\tobj\t-", "part of speech 'ADVERB'"),
    ("back\tVERB\tfriendly\tobj\t-", "polarity 'friendly'"),
    ("back\tVERB\tsupport\tobj;with\t-", "targets"),
    ("back\tVERB\t-\tobj\t-", "states no stance either way"),
])
def test_a_malformed_trigger_line_is_refused_with_its_place(line: str, problem: str) -> None:
    with pytest.raises(LexiconDataError, match=problem) as caught:
        parse_triggers(f"# header\n{line}\n", "triggers.tsv")
    assert "triggers.tsv:2" in str(caught.value)


def test_a_slot_given_twice_to_one_lemma_is_refused() -> None:
    with pytest.raises(LexiconDataError, match="already given on line 1"):
        parse_triggers("back\tVERB\tsupport\tobj\t-\nback\tVERB\toppose\tobj\t-\n", "t.tsv")


def test_the_cues_file_must_name_every_class_once() -> None:
    full = "".join(f"{c}\tword\n" for c in sorted(CUE_CLASSES))
    assert set(parse_cues(full, "cues.tsv")) == CUE_CLASSES
    with pytest.raises(LexiconDataError, match="word classes missing: agent"):
        parse_cues(full.replace("agent\tword\n", ""), "cues.tsv")
    with pytest.raises(LexiconDataError, match="unknown word class 'vibes'"):
        parse_cues(full + "vibes\tgood\n", "cues.tsv")
    with pytest.raises(LexiconDataError, match="given twice"):
        parse_cues(full + "agent\tenvoy\n", "cues.tsv")
