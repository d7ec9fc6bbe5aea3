"""Highlighting for article pages: stance evidence marked, country names linked, never markup.

Text is split into tokens that open and close spans as properly nested elements; the templates
print the text (escaped by Jinja) and the tags, so article text never reaches the page as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.gazetteer import find_country_mentions
from kg.publish.profiles import ArticleProfile, StanceProfile
from kg.publish.records import Link
from kg.search import Hit


@dataclass
class Span:
    """A stretch of text to wrap: a stance's evidence (``mark``) or a country mention (``link``)."""

    start: int
    end: int
    tag: str  # "mark" or "link"
    name: str  # the stance key for marks, the target path for links
    label: str = ""


@dataclass
class Token:
    """One piece of highlighted text: open a span, close it, or print text (escaped later)."""

    kind: str  # "open", "close" or "text"
    text: str = ""
    span: Span | None = None
    first: bool = False  # the first opening of a span carries its id


def country_mentions(body: str, countries: Iterable[Link]) -> list[Span]:
    """Find where the body names the countries the article mentions, to link each name.

    The extractor's gazetteer knows the name variants (Turkiye, Ankara, Turkish), so the links
    fall on the same words the extraction read.
    """
    by_code = {c.key.lower(): c for c in countries if c.kind == "country" and c.key}
    return [Span(m.start, m.end, "link", m.iso2.lower(), by_code[m.iso2.lower()].label)
            for m in find_country_mentions(body) if m.iso2.lower() in by_code]


def highlight(text: str, spans: Iterable[Span]) -> list[Token]:
    """Split text into tokens that open and close spans as properly nested elements.

    Spans may overlap: a span crossing the end of one opened before it is closed there and
    reopened after it (a continuation without the id), so the output is always well-formed.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    bounds = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    order = {id(s): (s.start, -s.end, 0 if s.tag == "mark" else 1, s.name) for s in valid}
    tokens: list[Token] = []
    stack: list[Span] = []
    opened: set[int] = set()
    for left, right in zip(bounds, bounds[1:], strict=False):
        active = sorted((s for s in valid if s.start <= left and right <= s.end),
                        key=lambda s: order[id(s)])
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        while len(stack) > keep:
            tokens.append(Token("close", span=stack.pop()))
        for span in active[keep:]:
            tokens.append(Token("open", span=span, first=id(span) not in opened))
            opened.add(id(span))
            stack.append(span)
        tokens.append(Token("text", text[left:right]))
    while stack:
        tokens.append(Token("close", span=stack.pop()))
    return tokens


def article_tokens(article: ArticleProfile) -> list[Token]:
    """Highlight an article's body: each stance's evidence marked, each country linked."""
    spans = [Span(s.start, s.end, "mark", s.link.key or "", s.link.label)
             for s in article.stances if s.start is not None and s.end is not None]
    spans += country_mentions(article.body, article.mentions)
    return highlight(article.body, spans)


def stance_tokens(profile: StanceProfile) -> list[Token]:
    """Highlight a stance's evidence in the paragraph around it."""
    stance = profile.stance
    spans = []
    if stance is not None and stance.start is not None and stance.end is not None \
            and profile.context:
        offset = profile.context_offset
        spans.append(Span(stance.start - offset, stance.end - offset, "mark",
                          stance.link.key or "", stance.link.label))
    return highlight(profile.context, spans)


def snippet_tokens(hit: Hit) -> list[Token]:
    """Mark the words a search matched in its snippet."""
    return highlight(hit.snippet, [Span(start, end, "mark", "match")
                                   for start, end in hit.spans()])
