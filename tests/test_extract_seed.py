"""The seed article against its careful gold reading (skipped when /work/shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract import extract
from kg.model import Document, Extraction
from kg.sources import read_documents


@pytest.fixture
def seed_gold(seed: Path) -> dict:
    """The gold reading that sits beside the seed article."""
    return json.loads(seed.with_name(seed.stem + ".gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def seed_extraction(seed: Path) -> Extraction:
    """The seed, read and extracted."""
    document, = read_documents(seed)
    assert isinstance(document, Document)
    return extract(document)


def test_the_seed_has_one_expert_with_three_descriptions(
        seed_extraction: Extraction, seed_gold: dict) -> None:
    assert seed_extraction.is_interview
    gold_expert, = seed_gold["experts"]
    expert, = seed_extraction.experts
    assert expert.name == gold_expert["name"] == "Siyamak Kakaei"
    assert expert.descriptions == gold_expert["descriptions"]


def test_erdogan_is_a_person_not_an_expert(seed_extraction: Extraction,
                                           seed_gold: dict) -> None:
    assert [p.name for p in seed_extraction.people] == seed_gold["other_people"]


def test_the_seed_discusses_exactly_the_gold_countries(seed_extraction: Extraction,
                                                       seed_gold: dict) -> None:
    assert seed_extraction.countries == seed_gold["countries"]


def test_evidence_is_the_sentence_and_is_attributed_to_the_expert(
        seed_extraction: Extraction) -> None:
    body = seed_extraction.document.body
    for stance in seed_extraction.stances:
        sentence = body[stance.evidence_start:stance.evidence_end]
        assert sentence == sentence.strip() and sentence[-1] in ".”\""
        assert stance.attributed_to == 0
    support = [body[s.evidence_start:s.evidence_end] for s in seed_extraction.stances
               if (s.holder.key, s.target.key, s.polarity) == ("TR", "UA", "support")]
    assert any(s.endswith("has close relations with Ukraine and supports this country.")
               for s in support)
