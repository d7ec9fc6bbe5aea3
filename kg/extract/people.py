"""Find the experts an article reports (however introduced) and the other people it names.

Experts are found through *speech frames*: a speech verb ("said", "told", "added", "writes")
and its subject. The subject is classified as a pronoun ("He added"), an indefinite description
("A Turkish issues researcher said"), a definite or demonstrative description ("this researcher
of Turkey studies added"), or a name, possibly with an apposition ("X, an expert on Y, says").
Later references resolve to an expert already met, so one person gets one record however
often the article refers to them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract.people_details import (
    Mention,
    affiliations,
    appositive,
    has_content,
    head_words,
    is_name,
    job_titles,
    knows_about,
    role_kind,
    strip_determiner,
    surname,
)
from kg.extract.sentences import MAX_SENTENCE_CHARS, Span
from kg.extract.speech_patterns import (
    ACCORDING,
    APPOSITION,
    ASKED_INTRODUCTION,
    DETERMINER,
    FULL_NAME,
    HOST_BEFORE,
    INTERVIEW_CUE,
    INTRODUCTION,
    INVERTED,
    LED_BY_BEFORE,
    LISTED_EXPERT,
    NAME_RE,
    NOT_NAME_WORDS,
    PRONOUN,
    SPEECH_RE,
    TITLE_PREFIX,
    TITLED_BEFORE,
    TOLD_OUTLET,
    TRAILING_ADVERBS,
    WHO,
    WHO_AFTER,
    WRITING_CUE,
)
from kg.model import PersonFinding


@dataclass
class _Expert:
    """An expert while the article is being read: a name (once known) and descriptions."""

    name: str | None = None
    descriptions: list[str] = field(default_factory=list)
    origin: str = ""  # how the expert was introduced, for merging an unnamed lead with a name


@dataclass
class PeopleFound:
    """Experts and other people, plus which expert speaks in each sentence."""

    experts: list[PersonFinding]
    people: list[PersonFinding]
    speakers: list[int | None]  # per sentence: index into experts of the current speaker
    person_spans: list[tuple[int, int]] = field(default_factory=list)  # named people in body
    description_spans: list[tuple[int, int]] = field(default_factory=list)  # expert descriptions


class _Reader:
    """Walk the sentences in order, keeping the experts met so far and the current speaker."""

    def __init__(self, body: str, publisher: str | None, blocked: list[tuple[int, int]]) -> None:
        self.body = body
        self.publisher_words = {w for w in head_words(publisher or "") if len(w) > 3}
        self.blocked = blocked
        self.experts: list[_Expert] = []
        self.people: dict[str, str] = {}  # surname → fullest name seen
        self.person_spans: list[tuple[int, int]] = []
        self.current: int | None = None
        self.offset = 0  # where the sentence being read starts in the body
        self.sentence_index = -1
        self.description_spans: list[tuple[int, int]] = []

    # -- experts -----------------------------------------------------------------------------

    def _expert_by_surname(self, name: str) -> int | None:
        """Find an expert already met whose name shares the surname (or any word) of `name`."""
        words = {w.lower() for w in name.split()}
        for index, expert in enumerate(self.experts):
            if expert.name and (surname(expert.name) in words
                                or surname(name) in {w.lower() for w in expert.name.split()}):
                return index
        return None

    def _add_description(self, index: int, description: str) -> None:
        """Keep a description once, in the order the article gives them."""
        description = description.strip(" ,")
        self._note_span(description)
        expert = self.experts[index]
        if description and has_content(description) and description not in expert.descriptions:
            expert.descriptions.append(description)

    def _new_expert(self, name: str | None, description: str | None, origin: str) -> int:
        """Record an expert met for the first time; a name may join an unnamed lead expert."""
        if name is not None:
            for index, expert in enumerate(self.experts):
                if expert.name is None:
                    expert.name = name
                    if description:
                        self._add_description(index, description)
                    return index
        self.experts.append(_Expert(name=name, origin=origin))
        index = len(self.experts) - 1
        if description:
            self._add_description(index, description)
        return index

    def _named_speaker(self, name: str, sentence: str, verb_start: int,
                       appositive: str | None, titled: str) -> int | None:
        """Resolve a named speaker to an expert index, or record them as another person."""
        known = self._expert_by_surname(name)
        if known is not None:
            if appositive:
                self._add_description(known, appositive)
            return known
        kind = role_kind(appositive) if appositive else None
        title_kind = role_kind(titled) if titled else None
        after = sentence[verb_start:verb_start + 120]
        before = sentence[:verb_start]
        cue = bool(INTERVIEW_CUE.search(before) or WRITING_CUE.search(before))
        told_us = re.match(r"told\s+(?:the\s+)?([\w\s]+)", after)
        if told_us and self.publisher_words & set(head_words(told_us.group(1))):
            cue = True
        if TOLD_OUTLET.match(after):
            cue = True
        if kind == "official" or (title_kind == "official" and kind != "expert"):
            self._add_person(name)
            return None
        # An unnamed lead expert ("A Turkish issues researcher said") is named by the first
        # speaker of the opening paragraphs; later, a bare name needs a cue to be the expert.
        unnamed = any(e.name is None for e in self.experts) and self.sentence_index < 4
        # The genre opens on its expert: a full name speaking in the lead, untitled, before
        # any expert is met ("Farid Nasser believes that …") is the interviewee or author.
        lead = not self.experts and self.sentence_index < 2 and len(name.split()) >= 2 \
            and not titled.strip() and not appositive and surname(name) not in self.people
        if kind == "expert" or cue or title_kind == "expert" or unnamed:
            return self._new_expert(name, appositive, "named")
        if lead:
            return self._new_expert(name, appositive, "lead")
        self._add_person(name)
        return None

    def _note_span(self, phrase: str) -> None:
        """Remember where a description stands, so stance rules leave its words alone."""
        at = self.body.find(phrase, self.offset, self.offset + 2000) if phrase else -1
        if at >= 0:
            self.description_spans.append((at, at + len(phrase)))

    # -- other people ------------------------------------------------------------------------

    def _add_person(self, name: str) -> None:
        """Remember a person who is not an expert, keeping the fullest form of their name."""
        key = surname(name)
        if self._expert_by_surname(name) is not None:
            return
        if len(name) > len(self.people.get(key, "")):
            self.people[key] = name

    # -- one sentence ------------------------------------------------------------------------

    def read(self, sentence: Span) -> int | None:
        """Read one sentence; return the expert who speaks in it (or the current speaker)."""
        text = sentence.text
        self.offset = sentence.start
        self.sentence_index += 1
        if len(text) > MAX_SENTENCE_CHARS:
            return self.current
        speaker: int | None = None
        for match in SPEECH_RE.finditer(text):
            found = self._speech_subject(text, match.start())
            if found is not None:
                speaker = found
                break
        if speaker is None:
            speaker = self._introduction(text)
        if speaker is None:
            according = ACCORDING.search(text)
            if according:
                phrase, role = according.group(1), appositive(according.group(2))
                name = FULL_NAME.fullmatch(phrase.strip())
                if role and name and is_name(name.group(1)):
                    speaker = self._named_speaker(name.group(1), text, according.start(),
                                                  role, "")
                else:
                    speaker = self._reference(phrase, text, according.start())
        if speaker is None:
            inverted = INVERTED.search(text)
            if inverted and is_name(inverted.group(1)) and not self._is_entity(
                    inverted.start(1), inverted.end(1)):
                speaker = self._named_speaker(inverted.group(1), text, inverted.start(),
                                              appositive(inverted.group(2)), "")
        if self.sentence_index <= 2:
            self._listed_experts(text)
        self._collect_people(sentence)
        if speaker is not None:
            self.current = speaker
        return self.current

    def _listed_experts(self, text: str) -> None:
        """Meet every expert the lead lists with a role, beyond the one who speaks first."""
        for match in LISTED_EXPERT.finditer(text):
            name, role = match.group(1), match.group(2) or match.group(3)
            if len(name.split()) < 2 or not is_name(name) or self._is_entity(
                    match.start(1), match.end(1)) or HOST_BEFORE.search(text[:match.start(1)]):
                continue
            at_publisher = bool(match.group(3)) and bool(
                self.publisher_words & set(head_words(role)))
            if role_kind(role) != "expert" and not at_publisher:
                continue
            if self._expert_by_surname(name) is not None:
                continue
            self._new_expert(name, role if match.group(2) else None, "listed")

    def _reference(self, phrase: str, sentence: str, at: int) -> int | None:
        """Resolve a pronoun, description or name that refers to a speaker."""
        phrase = phrase.strip()
        if phrase.lower() in ("him", "her", "he", "she"):
            return self.current
        if DETERMINER.match(phrase) and role_kind(phrase) == "expert":
            if phrase.lower().startswith(("a ", "an ")):
                # "A former envoy explains …", then "a former ambassador … said": one person,
                # still unnamed, described twice ("another analyst" is someone else)
                unnamed = next((k for k, e in enumerate(self.experts) if e.name is None), None)
                if unnamed is not None:
                    self._add_description(unnamed, phrase)
                    return unnamed
                return self._new_expert(None, phrase, "description")
            if self.current is None and not self.experts:
                return self._new_expert(None, strip_determiner(phrase), "description")
            target = self.current if self.current is not None else len(self.experts) - 1
            self._add_description(target, strip_determiner(phrase))
            return target
        name_match = FULL_NAME.fullmatch(phrase)
        if name_match and is_name(name_match.group(1)):
            return self._named_speaker(name_match.group(1), sentence, at, None,
                                       phrase[:name_match.start(1)])
        return None

    def _is_entity(self, start: int, end: int) -> bool:
        """Tell whether sentence text [start, end) overlaps a country or organization mention."""
        start, end = start + self.offset, end + self.offset
        return any(s < end and start < e for s, e in self.blocked)

    def _introduction(self, text: str) -> int | None:
        """Meet an expert introduced by an apposition at the head of a clause, whatever the verb.

        "Layla Haddad-Voss, a researcher at a Kuwaiti policy institute, offered a more cautious
        reading." introduces an expert; "her colleague X, an analyst, who has…" does not.
        """
        match = INTRODUCTION.match(text) or ASKED_INTRODUCTION.search(text)
        if not match or not is_name(match.group(1)) or role_kind(match.group(2)) != "expert":
            return None
        if self._is_entity(match.start(1), match.end(1)):
            return None
        return self._named_speaker(match.group(1), text, match.end(), match.group(2), "")

    def _speech_subject(self, text: str, verb_start: int) -> int | None:
        """Classify the subject of the speech verb at verb_start and resolve it."""
        window = max(0, verb_start - 240)  # a subject is never further back than this
        before = text[window:verb_start]
        trimmed = TRAILING_ADVERBS.sub("", before).rstrip()
        if window:
            self.offset += window
            try:
                return self._speech_subject_in(trimmed, text[window:], verb_start - window)
            finally:
                self.offset -= window
        return self._speech_subject_in(trimmed, text, verb_start)

    def _speech_subject_in(self, trimmed: str, text: str, verb_start: int) -> int | None:
        """Classify the subject (ending `trimmed`) of the speech verb at verb_start."""
        apposition = APPOSITION.search(trimmed) if trimmed.endswith(",") else None
        if apposition and is_name(apposition.group(1)) and not self._is_entity(
                apposition.start(1), apposition.end(1)):
            titled = trimmed[:apposition.start(1)]
            return self._named_speaker(apposition.group(1), text, verb_start,
                                       apposition.group(2), titled[-40:])
        who = WHO.search(trimmed)
        if who:
            if is_name(who.group(1)):
                known = self._expert_by_surname(who.group(1))
                if known is None:
                    self._add_person(who.group(1))
                return known
            return None
        segment = re.split(r"[,;:“”\"(]|\bthat\b|\bwhile\b|\band\b", trimmed)[-1].strip()
        if not segment:
            return None
        if PRONOUN.match(segment):
            return self.current if self.experts else None
        if DETERMINER.match(segment):
            kind = role_kind(segment)
            if kind != "expert" or len(segment.split()) > 12:
                return None
            named = self._role_then_name(segment, len(trimmed) - len(segment))
            if named is not None:  # "The economist Selin Aydemir-Brook tells the Review"
                return self._named_speaker(named[1], text, verb_start, named[0], "")
            return self._reference(segment, text, verb_start)
        name_match = FULL_NAME.search(segment)
        at = len(trimmed) - len(segment)
        if name_match and name_match.end() == len(segment) and is_name(name_match.group(1)) \
                and not self._is_entity(at + name_match.start(1), at + name_match.end(1)):
            titled = segment[:name_match.start(1)]
            if titled and not TITLE_PREFIX.match(titled) and not role_kind(titled):
                if not re.fullmatch(r"[\w\s-]*", titled):
                    return None
            return self._named_speaker(name_match.group(1), text, verb_start, None, titled)
        return None

    def _role_then_name(self, segment: str, at: int) -> tuple[str, str] | None:
        """Split "the economist Selin Aydemir-Brook" into its role and the name that ends it."""
        for match in FULL_NAME.finditer(segment):
            name = match.group(1)
            if match.end() == len(segment) and match.start(1) > 0 and is_name(name) and \
                    len(name.split()) >= 2 and not self._is_entity(at + match.start(1),
                                                                  at + match.end(1)):
                role = strip_determiner(segment[:match.start(1)].strip())
                return (role, name) if role and role_kind(role) == "expert" else None
        return None

    def _collect_people(self, sentence: Span) -> None:
        """Record people the sentence names with a clear cue: a title, "who", "led by"."""
        text = sentence.text
        for match in NAME_RE.finditer(text):
            # Titles and sentence openers before a name are not part of it.
            words = list(re.finditer(r"\S+", match.group(0)))
            while words and words[0].group(0) in NOT_NAME_WORDS:
                words.pop(0)
            if not words:
                continue
            name_start = match.start() + words[0].start()
            name = text[name_start:match.end()]
            start, end = sentence.start + name_start, sentence.start + match.end()
            if any(s < end and start < e for s, e in self.blocked):
                continue
            before = text[max(0, name_start - 40):name_start]
            after = text[match.end():match.end() + 60]
            cue = (
                TITLED_BEFORE.search(before)
                or WHO_AFTER.match(after)
                or LED_BY_BEFORE.search(before)
                or (SPEECH_RE.match(after.lstrip()) and len(name.split()) > 1)
            )
            if not is_name(name):
                continue
            known = self._expert_by_surname(name)
            if known is not None or name.lower() in self.people or cue:
                self.person_spans.append((start, end))
                if known is None and cue:
                    self._add_person(name)


def _demote_undescribed_lead(reader: _Reader, speakers: list[int | None]) -> None:
    """Turn a bare-named lead speaker back into a person when a described expert follows.

    "Erdogan said on Monday that …" opens some articles whose expert is introduced later with
    a description; the undescribed speaker is then someone the article quotes, not its expert.
    """
    described = any(e.descriptions for e in reader.experts)
    for index in range(len(reader.experts) - 1, -1, -1):
        expert = reader.experts[index]
        if expert.origin != "lead" or expert.descriptions or not described or not expert.name:
            continue
        del reader.experts[index]
        reader.people[surname(expert.name)] = expert.name
        for k, speaker in enumerate(speakers):
            if speaker == index:
                speakers[k] = None
            elif speaker is not None and speaker > index:
                speakers[k] = speaker - 1


def find_people(body: str, sentences: Sequence[Span], *, publisher: str | None = None,
                countries: Sequence[Mention] = (), organizations: Sequence[Mention] = (),
                country_names: dict[str, str] | None = None) -> PeopleFound:
    """Find experts with their descriptions, other people, and each sentence's speaker.

    `country_names` maps lower-case country names and demonyms to ISO alpha-2 codes, used to
    turn "ambassador of Iran" into an affiliation.
    """
    blocked = [(m.start, m.end) for m in (*countries, *organizations)]
    reader = _Reader(body, publisher, blocked)
    speakers = [reader.read(sentence) for sentence in sentences]
    _demote_undescribed_lead(reader, speakers)
    experts: list[PersonFinding] = []
    for expert in reader.experts:
        experts.append(PersonFinding(
            name=expert.name,
            descriptions=list(expert.descriptions),
            job_titles=job_titles(expert.descriptions),
            knows_about=knows_about(expert.descriptions),
            affiliations=affiliations(expert.descriptions, countries, organizations,
                                       country_names or {}),
        ))
    expert_words = {w.lower() for e in experts if e.name for w in e.name.split()}
    people = [PersonFinding(name=name) for name in reader.people.values()
              if surname(name) not in expert_words]
    return PeopleFound(experts=experts, people=people, speakers=speakers,
                       person_spans=reader.person_spans,
                       description_spans=reader.description_spans)
