"""Find stances, sentence by sentence, on spaCy's dependency parse.

Only body sentences that name an entity or refer back to one are parsed, in one batch. Each
construction family (kg/extract/constructions/) reads its readings off the parse; each reading
becomes one stance per holder and target, with the sentence as evidence and the measured
precision of its rule as confidence. Questions state no stance: in a Q&A the answer does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from kg.extract.actors import Discourse, Mention, place
from kg.extract.clause import subjects
from kg.extract.confidence import rule_confidence
from kg.extract.constructions import CONSTRUCTIONS, Parsed
from kg.extract.gazetteer import CountryMention, OrgMention
from kg.extract.lexicon import lexicon
from kg.extract.parse import parse_sentences, word_forms
from kg.extract.sentences import MAX_SENTENCE_CHARS, Span
from kg.model import EntityRef, StanceFinding

# Words that bring two parties in, named or not: "both", "the two", "sides", "neutral".
_PAIR_ANAPHOR = re.compile(
    r"\b(?:[Bb]oth|[Tt]he (?:two|pair)|[Tt]hey|[Tt]heir|[Tt]hem|[Ee]ach other|sides|neutral|"
    r"impartial)\b")
_WORD = re.compile(r"[\w’'-]+")
# Word classes a construction starts from, besides the trigger lemmas (kg/extract/constructions).
_STARTING_CLASSES = ("perception", "relation", "border", "mission", "envoy", "agreement",
                     "reciprocal", "balance", "mediation", "appeal", "aggression")
_LIST_GLUE = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?")
_QUESTION_LEAD = re.compile(r"^(?:Q|Question)\s*(?:\([^)\n]{1,60}\))?\s*[:.]", re.IGNORECASE)


def _is_question(sentence: Span, body: str) -> bool:
    """Tell a question, or an interviewer's line, from a statement."""
    if sentence.text.rstrip("”\"’' )").endswith("?"):
        return True
    line_start = body.rfind("\n", 0, sentence.start) + 1
    return bool(_QUESTION_LEAD.match(body[line_start:sentence.end]))


@lru_cache(maxsize=1)
def _single_anaphor() -> re.Pattern[str]:
    """Match what can stand for one entity named before: "it", "its", "the kingdom", "the junta"."""
    nouns = "|".join(sorted(lexicon().classes["agent"], key=len, reverse=True))
    return re.compile(rf"\b(?:[Ii]ts?|[Tt](?:he|his) (?:\w+ )?(?:{nouns}))\b")


@lru_cache(maxsize=1)
def _trigger_forms() -> frozenset[str]:
    """Return the words a construction starts from, in every form: a sentence without one states
    no stance and is not parsed."""
    words = lexicon()
    lemmas = {part for key in words.triggers for part in key[0].split()}
    for word_class in _STARTING_CLASSES:
        lemmas |= words.classes[word_class]
    return word_forms(lemmas)


def _participants(text: str, mentions: list[Mention], single: re.Pattern[str]) -> int:
    """Count who may take part in a stance here: a sentence with fewer than two is not parsed."""
    named = len({(m.start, m.end) for m in mentions})
    return named + len(single.findall(text)) + 2 * len(_PAIR_ANAPHOR.findall(text))


def _listed(body: str, mentions: list[Mention]) -> list[list[EntityRef]]:
    """Group mentions written as a list ("Mali, Burkina Faso and Niger"), without a parse."""
    groups: list[list[EntityRef]] = []
    current: list[Mention] = []
    for mention in mentions:
        if current and _LIST_GLUE.fullmatch(body[current[-1].end:mention.start]):
            current.append(mention)
        else:
            if len(current) > 1:
                groups.append([m.ref for m in current])
            current = [mention]
    if len(current) > 1:
        groups.append([m.ref for m in current])
    return groups


def _mentions(countries: Sequence[CountryMention], organizations: Sequence[OrgMention],
              country_label: Callable[[str], str],
              skip: Sequence[tuple[int, int]]) -> list[Mention]:
    """Turn gazetteer hits into mentions, dropping those inside expert descriptions."""
    mentions = [Mention(c.start, c.end, EntityRef("country", c.iso2, country_label(c.iso2)))
                for c in countries]
    mentions += [Mention(o.start, o.end, EntityRef("organization", o.key, o.label))
                 for o in organizations]
    return sorted((m for m in mentions
                   if not any(s <= m.start and m.end <= e for s, e in skip)),
                  key=lambda m: m.start)


def find_stances(body: str, sentences: Sequence[Span], speakers: Sequence[int | None],
                 countries: Sequence[CountryMention], organizations: Sequence[OrgMention],
                 country_label: Callable[[str], str], *,
                 skip: Sequence[tuple[int, int]] = (),
                 headline_countries: Sequence[str] = ()) -> list[StanceFinding]:
    """Find every stance in the body, each with its sentence as evidence.

    `speakers` gives, per sentence, the index of the expert speaking (or None); `skip` lists
    character spans whose entities take no part in stances (an expert's description);
    `headline_countries` are the countries the headline names, whose pair is the article's
    likely conflict ("both sides").
    """
    mentions = _mentions(countries, organizations, country_label, skip)
    inside = [[m for m in mentions if s.start <= m.start and m.end <= s.end] for s in sentences]
    single, forms = _single_anaphor(), _trigger_forms()
    chosen = [k for k, s in enumerate(sentences) if len(s.text) <= MAX_SENTENCE_CHARS and
              not _is_question(s, body) and
              _participants(s.text, inside[k], single) >= 2 and
              not forms.isdisjoint(_WORD.findall(s.text.lower()))]
    discourse = Discourse()
    topic = list(dict.fromkeys(headline_countries))
    if len(topic) == 2:
        discourse.count_pair([EntityRef("country", k, country_label(k)) for k in topic], 2)
    findings: dict[tuple[EntityRef, EntityRef, str, int], StanceFinding] = {}
    to_both: set[tuple[EntityRef, EntityRef, str, int]] = set()  # support given to both sides
    docs = dict(zip(chosen, parse_sentences(sentences[k].text for k in chosen), strict=True))
    for k, sentence in enumerate(sentences):
        doc = docs.get(k)
        if doc is None:  # no stance can be read here, but what it names stays salient
            named = [m.ref for m in inside[k]]
            discourse.remember(named[:1], named, _listed(body, inside[k]))
            continue
        actors = place(doc, sentence.start, inside[k], discourse)
        speaker = speakers[k] if k < len(speakers) else None
        parsed = Parsed(doc, actors)
        for construction in CONSTRUCTIONS:
            for reading in construction(parsed):
                confidence = rule_confidence(reading.rule)
                given_to_both = reading.polarity == "support" and any(
                    t.lower_ == "both" for t in reading.trigger.subtree)
                for holder in reading.holders:
                    for target in reading.targets:
                        if holder == target:
                            continue
                        key = (holder, target, reading.polarity, sentence.start)
                        if given_to_both:
                            to_both.add(key)
                        old = findings.get(key)
                        if old is None or old.confidence < confidence:
                            findings[key] = StanceFinding(
                                holder, target, reading.polarity, sentence.start,
                                sentence.end, confidence, reading.rule, speaker)
        roots = [t for t in doc if t.dep_ == "ROOT"]
        discourse.remember([r for root in roots for r in subjects(root, actors)],
                           [m.ref for m in inside[k]], actors.groups())
    # Help given to both sides in a sentence that has its giver stay neutral toward them is
    # even-handed ("refuses to take sides and offers both the use of its ports"): no support.
    even = {(h, t, start) for h, t, polarity, start in findings if polarity == "neutral"}
    kept = [f for key, f in findings.items()
            if not (key in to_both and (key[0], key[1], key[3]) in even)]
    return sorted(kept, key=lambda s: (s.evidence_start, s.holder.key, s.target.key, s.polarity))
