"""The plain records that flow between reading, extraction and RDF building."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Polarity = Literal["support", "oppose", "neutral"]
EntityKind = Literal["country", "organization", "person", "topic"]
POLARITIES: tuple[Polarity, ...] = ("support", "oppose", "neutral")
# How a stance's label says its polarity: "Turkiye supports Ukraine".
POLARITY_VERBS: dict[str, str] = {"support": "supports", "oppose": "opposes",
                                  "neutral": "is neutral toward"}


@dataclass(frozen=True)
class Teaser:
    """A related article listed around the main one: only its headline and abstract are known."""

    headline: str
    abstract: str = ""


@dataclass
class Document:
    """One article as read from a source file, before any extraction.

    `body` is the main text with boilerplate, teaser lists and the "Publisher—Genre:" lead
    prefix removed; every character offset in the graph points into it.
    """

    source: str
    headline: str
    body: str
    publisher: str | None = None
    genre: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    teasers: list[Teaser] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # named by the source's metadata
    description: str | None = None  # the standfirst or summary the source declares


@dataclass(frozen=True)
class EntityRef:
    """What a stance is held by or aimed at; `key` is the ISO alpha-2 code for a country."""

    kind: EntityKind
    key: str
    label: str


@dataclass
class PersonFinding:
    """A person the article names or describes; experts carry the descriptions the text gives."""

    name: str | None
    descriptions: list[str] = field(default_factory=list)
    job_titles: list[str] = field(default_factory=list)
    knows_about: list[str] = field(default_factory=list)
    affiliations: list[EntityRef] = field(default_factory=list)


@dataclass
class StanceFinding:
    """A position one entity takes toward another, with the sentence that says so."""

    holder: EntityRef
    target: EntityRef
    polarity: Polarity
    evidence_start: int
    evidence_end: int
    confidence: float
    rule: str
    attributed_to: int | None = None  # index into Extraction.experts


@dataclass
class Extraction:
    """Everything the extractor found in one document."""

    document: Document
    is_interview: bool
    experts: list[PersonFinding] = field(default_factory=list)
    people: list[PersonFinding] = field(default_factory=list)
    # ISO alpha-2 codes, main body only, in first-seen order
    countries: list[str] = field(default_factory=list)
    organizations: list[EntityRef] = field(default_factory=list)
    stances: list[StanceFinding] = field(default_factory=list)
    extractor: str = "stancegraph-rules"
    extractor_version: str = "0.1.0"
