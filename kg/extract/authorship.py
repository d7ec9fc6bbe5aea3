"""Who an article is by: an interview's interviewee or a written analysis's author.

The genre comes from the page when it says ("Interview", "Analysis", "Q&A"), else from the
wording of the lead. Authors a page declares (JSON-LD, a byline, a record's "author") join the
experts of a written analysis.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from kg.extract.people_details import surname
from kg.extract.speech_patterns import INTERVIEW_CUE, WRITING_CUE
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
