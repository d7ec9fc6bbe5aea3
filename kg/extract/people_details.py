"""What an expert's descriptions say: job titles, fields of expertise, and affiliations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from kg.extract.speech_patterns import (
    DETERMINER,
    EXPERT_ROLES,
    EXPERT_VERBS,
    KNOWS_ABOUT,
    NOT_NAME_WORDS,
    OFFICIAL_TITLES,
    PARTICLE,
    RESEARCH_PLACES,
)
from kg.model import EntityRef
from kg.uris import slugify


class Mention(Protocol):
    """The part of a gazetteer mention this module needs: where it is and what it names."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...



def head_words(phrase: str) -> list[str]:
    """Return the lower-case words of a phrase, without punctuation."""
    return re.findall(r"[a-z]+", phrase.lower())


def role_kind(phrase: str) -> str | None:
    """Say whether a description names an expert ("expert"), an office holder, or neither."""
    words = head_words(phrase)
    if any(w in EXPERT_ROLES for w in words):
        return "expert"
    if any(w in RESEARCH_PLACES for w in words):
        return "expert"  # "the head of the Center for Strategic Studies"
    if words[:1] == ["who"] and any(w in EXPERT_VERBS for w in words[1:3]):
        return "expert"
    if any(w in OFFICIAL_TITLES for w in words):
        return "expert" if "former" in words or "ex" in words else "official"
    return None


def job_titles(descriptions: Sequence[str]) -> list[str]:
    """Take the role words of each description ("former ambassador", "researcher")."""
    titles: list[str] = []
    for description in descriptions:
        words = head_words(description)
        for i, word in enumerate(words):
            if word in EXPERT_ROLES or word in OFFICIAL_TITLES:
                pre = [w for w in words[max(0, i - 2):i] if w in
                       ("former", "senior", "leading", "university", "associate", "assistant",
                        "full", "research", "visiting", "deputy", "faculty", "political")]
                title = " ".join([*pre, word])
                if title not in ("expert", "experts") and title not in titles:
                    titles.append(title)
                break
    return titles


def knows_about(descriptions: Sequence[str]) -> list[str]:
    """Take the subject of each description ("Turkish issues", "Turkey studies")."""
    topics: list[str] = []
    for description in descriptions:
        for pattern in KNOWS_ABOUT:
            match = pattern.search(description)
            if match:
                topic = re.split(r"\s+(?:at|in|with|and\s+former)\s+", match.group(1))[0]
                topic = topic.strip(" ,")
                if topic and role_kind(topic) is None and topic not in topics:
                    topics.append(topic)
                break
    return topics


def affiliations(descriptions: Sequence[str], countries: Sequence[Mention],
                  organizations: Sequence[Mention], iso_of: dict[str, str]) -> list[EntityRef]:
    """Find the country a diplomat serves, and organizations a description places them at."""
    refs: list[EntityRef] = []
    for description in descriptions:
        diplomat = re.search(
            r"\b(?:ambassador|diplomat|envoy|minister|consul|representative|official)\s+of\s+"
            r"(?:the\s+)?([A-Z][\w\s’'-]+?)(?=\s+(?:in|to|at|for)\b|[,.]|$)",
            description,
        )
        before = re.search(r"\b([A-Z][\w’'-]+?)(?:’s|'s)?\s+(?:former\s+)?"
                           r"(?:ambassador|diplomat|envoy)\b", description)
        for match in (diplomat, before):
            if match:
                label = match.group(1).strip()
                iso2 = iso_of.get(label.lower())
                if iso2 and all(r.key != iso2 for r in refs):
                    refs.append(EntityRef("country", iso2, label))
        org = re.search(r"\b(?:at|of|from|with)\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s+)*"
                        r"(?:University|Institute|Center|Centre|Academy|School|Foundation|"
                        r"Council)(?:\s+(?:of|for|on)\s+[A-Z][\w\s’'-]*)?)", description)
        if org:
            label = org.group(1).strip()
            key = next((getattr(o, "key", "") for o in organizations
                        if getattr(o, "text", "") == label), "") or slugify(label)
            if all(r.key != key for r in refs):
                refs.append(EntityRef("organization", key, label))
    return refs


def appositive(phrase: str | None) -> str | None:
    """Keep a phrase as an apposition only if it is a short description of a role."""
    if phrase is None or len(phrase.split()) > 10 or role_kind(phrase) is None:
        return None
    return phrase


def is_name(text: str) -> bool:
    """Tell whether text is a person's name: capitalised words, none of them a common word."""
    words = text.split()
    if not words or len(words) > 5:
        return False
    for word in words:
        if re.fullmatch(PARTICLE, word):
            continue
        bare = word.rstrip("’'s").rstrip("’'")
        if word in NOT_NAME_WORDS or bare in NOT_NAME_WORDS or not word[0].isupper():
            return False
    return True


def surname(name: str) -> str:
    """Return the last word of a name, the form later references use ("Kakaei said")."""
    return name.split()[-1].lower()


def strip_determiner(description: str) -> str:
    """Drop a definite or demonstrative determiner; keep the indefinite one as written."""
    match = DETERMINER.match(description)
    if match and match.group(1).lower() not in ("a", "an"):
        return description[match.end():]
    return description


def has_content(description: str) -> bool:
    """Tell whether a description says more than a bare role noun ("the expert")."""
    words = [w for w in head_words(description) if w not in ("a", "an", "the", "this", "that")]
    return len(words) > 1
