"""Who an article is by: an interview's interviewee or a written analysis's author.

The genre comes from the page when it says ("Interview", "Analysis", "Q&A"), else from the
wording of the lead. Authors a page declares (JSON-LD, a byline, a record's "author") join the
experts of a written analysis.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from kg.extract.gazetteer import find_country_mentions
from kg.extract.people_details import is_name, surname
from kg.extract.speech_patterns import FULL_NAME, INTERVIEW_CUE, WRITING_CUE
from kg.model import Document, PersonFinding

_INTERVIEW_GENRES = frozenset({"interview", "q&a", "conversation"})
_WRITTEN_GENRES = frozenset({"note", "notes", "analysis", "opinion", "commentary", "article",
                             "viewpoint", "op-ed", "column", "essay", "editorial"})
_WROTE = re.compile(r"\b(?:writes|wrote)\b")
_QA_LINE = re.compile(r"^(?:Q|Question)\s*(?:\([^)\n]{1,60}\))?\s*:", re.MULTILINE)


def is_interview(document: Document) -> bool:
    """Tell an interview from a written analysis: by genre when given, else by the wording."""
    genre = (document.genre or "").strip().lower()
    if genre in _INTERVIEW_GENRES:
        return True
    if genre in _WRITTEN_GENRES:
        return False
    if _QA_LINE.search(document.body):
        return True  # questions and answers: "Q:", "Q (Lena Morrow-Ito):"
    lead = document.body[:600]
    if WRITING_CUE.search(lead) or _WROTE.search(lead):
        return False
    return bool(INTERVIEW_CUE.search(document.body)) or bool(re.search(r"\bsaid\b", lead))


def with_authors(experts: list[PersonFinding], authors: Sequence[str], *,
                 interview: bool) -> list[PersonFinding]:
    """Add the authors a page declares (JSON-LD, a record's "author") as experts.

    A written analysis is its author's; an interview's declared author is the journalist who
    asked the questions, not the expert who answered them.
    """
    if interview:
        return experts
    known = {surname(e.name).lower() for e in experts if e.name}
    names = [n for n in authors if n.strip() and surname(n).lower() not in known]
    experts = list(experts)
    for n, expert in enumerate(experts):  # "the author writes": the unnamed expert is the author
        if expert.name is None and names:
            experts[n] = dataclasses.replace(expert, name=names.pop(0))
    added = [PersonFinding(name=name) for name in names]
    return experts + added  # after: the speakers index the experts found in the text


def named_by_description(experts: list[PersonFinding], description: str | None,
                         publisher: str | None) -> list[PersonFinding]:
    """Name an expert the text only describes from the name the page's summary gives.

    "Kenji Arbuckle-Sato, a former ambassador to Seoul, on why …" in a page's description, then
    only "a former ambassador said" in the text: the summary names the person the text quotes.
    """
    unnamed = next((k for k, e in enumerate(experts) if e.name is None), None)
    if unnamed is None or not description:
        return experts
    places = [(m.start, m.end) for m in find_country_mentions(description)]
    known = {surname(e.name).lower() for e in experts if e.name}
    for match in FULL_NAME.finditer(description):
        name = match.group(1)
        start, end = match.span(1)
        if (len(name.split()) < 2 or not is_name(name) or surname(name).lower() in known
                or any(s < end and start < e for s, e in places)
                or (publisher and name.casefold() in publisher.casefold())):
            continue
        experts = list(experts)
        experts[unnamed] = dataclasses.replace(experts[unnamed], name=name)
        return experts
    return experts
