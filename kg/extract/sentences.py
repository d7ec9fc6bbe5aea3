"""Sentence and clause segmentation that keeps exact character offsets into the article body."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A "sentence" longer than this is no sentence a person wrote (a page without punctuation, a
# pasted table): the rules do not read it, and the parser would need about 1 GB per 100,000
# characters.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True)
class Span:
    """A stretch of text: `text == source[start:end]`, never with leading or trailing spaces."""

    start: int
    end: int
    text: str


# Abbreviations after which a full stop does not end a sentence (compared lower-case, no dot).
_NEVER_FINAL = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt adm maj sen rep gov pres st jr sr rev hon amb
    messrs mt ft no nos vs etc e.g i.e cf al approx fig jan feb mar apr jun jul aug sep sept
    oct nov dec dept univ assoc est ca inc ltd co corp""".split()
)
# Dotted acronyms ("U.S.") end a sentence only when a typical sentence opener follows.
_SENTENCE_OPENERS = frozenset(
    """the this that these those it its he she they we i in on at as but and however
    meanwhile moreover also although while when since after before there his her their
    our a an according nevertheless furthermore yet so such""".split()
)

_PARAGRAPH = re.compile(r"[^\n]+")
# A candidate end: terminal punctuation, closing quotes/brackets, then space and a capital,
# digit or opening quote.
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9À-Ý])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_WORD = re.compile(r"\s+[\"“‘(\[]?([\w]+)")


def _strip(text: str, start: int, end: int) -> Span | None:
    """Trim whitespace from text[start:end] and return the span, or None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(start, end, text[start:end])


def _is_false_end(text: str, dot: int, after: int) -> bool:
    """Tell whether the full stop at `dot` belongs to an abbreviation, initial or number."""
    if text[dot] != ".":
        return False
    before = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if not before:
        return False
    word = before.group(1)
    bare = word.rstrip(".").lower()
    if bare in _NEVER_FINAL:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    if "." in word and re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        nxt = _NEXT_WORD.match(text, after)
        return not (nxt and nxt.group(1).lower() in _SENTENCE_OPENERS)
    return False


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split text into sentences so each stance can cite exactly one with its offsets."""
    end = len(text) if end is None else end
    sentences: list[Span] = []
    for para in _PARAGRAPH.finditer(text, start, end):
        cursor = para.start()
        for match in _END.finditer(text, para.start(), para.end()):
            if _is_false_end(text, match.start(), match.end()):
                continue
            span = _strip(text, cursor, match.end())
            if span:
                sentences.append(span)
            cursor = match.end()
        span = _strip(text, cursor, para.end())
        if span:
            sentences.append(span)
    return sentences


# Clause boundaries inside a sentence: semicolons, and conjunctions that open a new clause.
_CLAUSE_BREAK = re.compile(
    r";\s+|:\s+|,\s+(?=(?:but|while|whereas|although|though|because|since|so that|yet|"
    r"however|therefore|adding that|saying that|stressing that|noting that)\b)"
    r"|\s+(?=(?:but|whereas|although)\s)",
    re.IGNORECASE,
)


def split_clauses(text: str, sentence: Span) -> list[Span]:
    """Split a sentence into clauses so polarity words do not reach across clause boundaries."""
    clauses: list[Span] = []
    cursor = sentence.start
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        span = _strip(text, cursor, match.start())
        if span:
            clauses.append(span)
        cursor = match.end()
    span = _strip(text, cursor, sentence.end)
    if span:
        clauses.append(span)
    return clauses
