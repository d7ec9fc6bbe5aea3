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
from typing import Protocol

from kg.extract.sentences import Span
from kg.model import EntityRef, PersonFinding
from kg.uris import slugify

# Verbs that report what someone said or wrote, in the forms the genre uses.
_SPEECH = (
    r"said|says|told|tells|added|adds|stated|states|noted|notes|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|underlined|underlines|underscored|underscores|explained|"
    r"explains|pointed\s+out|points\s+out|pointed\s+to|points\s+to|referred\s+to|refers\s+to|"
    r"argued|argues|believes|believed|maintained|maintains|asserted|asserts|continued|"
    r"continues|remarked|remarks|observed|observes|highlighted|highlights|reiterated|"
    r"reiterates|warned|warns|cautioned|cautions|predicted|predicts|concluded|concludes|"
    r"mentioned|mentions|clarified|clarifies|opined|wrote|writes|suggested|suggests|"
    r"acknowledged|acknowledges|insisted|insists|commented|comments|indicated|indicates|"
    r"elaborated|recalled|recalls|reminded|considers|assessed|assesses|analy[sz]ed|"
    r"analy[sz]es|replied|answered|thinks|expressed|described|describes|went\s+on\s+to\s+say"
)
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b")
# Words between a subject and its speech verb that do not change who speaks.
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|further|then|later|recently|again|once|finally|moreover|furthermore|"
    r"additionally|however|clearly|explicitly|previously|earlier|has|had|have|will|would|"
    r"in|addition|continued|to|went|on|had|already|firmly|strongly))+\s*$",
    re.IGNORECASE,
)

# Nouns that make a description an expert's (analysts, scholars, former diplomats).
EXPERT_ROLES = frozenset(
    """expert experts researcher analyst professor scholar specialist academic lecturer fellow
    commentator observer diplomat ambassador envoy journalist director strategist scientist
    economist historian orientalist iranologist sinologist turkologist kremlinologist
    teacher consultant author writer editor pundit connoisseur member faculty advisor adviser
    instructor investigator theorist founder co-founder dean""".split()
)
# What an expert does, in a relative clause: "who teaches international relations at …".
_EXPERT_VERBS = frozenset(
    """teaches taught lectures researches studies specializes specialises edits""".split()
)
# Places whose staff speak as experts, whatever their title.
_RESEARCH_PLACES = frozenset(
    """institute university center centre think tank academy studies school foundation
    college forum programme observatory""".split()
) - {"think", "tank"}
# Titles of office: their holders are people the article names, not experts (unless "former").
OFFICIAL_TITLES = frozenset(
    """president minister spokesman spokesperson spokeswoman leader king queen prince emir
    sheikh sultan ayatollah secretary chancellor premier commander general admiral senator
    official officials governor mayor chief speaker deputy representative negotiator""".split()
)
_NAME_TITLES = (
    r"(?:Dr\.?|Prof\.?|Professor|Mr\.?|Mrs\.?|Ms\.?|Ambassador|President|Prime\s+Minister|"
    r"Foreign\s+Minister|Defen[cs]e\s+Minister|Minister|Chancellor|King|Queen|Crown\s+Prince|"
    r"Prince|Emir|Sheikh|Sultan|Ayatollah|Secretary(?:-General|\s+General)?|Senator|"
    r"General|Gen\.|Admiral|Spokes(?:man|person|woman)|Speaker|Leader|Pope)"
)
_TITLE_PREFIX = re.compile(rf"^(?:{_NAME_TITLES}\s+)+")
# A capitalised word of any Latin script ("Vuksanović", "Konaté-Berthier").
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_NAME_WORD = rf"[{_UPPER}](?:[^\W\d_]|['’])+(?:-[^\W\d_]+)*"
_PARTICLE = r"(?:al-|el-|bin|ibn|bint|de|van|von|der|da|di|du|la|le|ben|abu|Abu|Al-|El-)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s*)?{_NAME_WORD}){{0,3}}"
_NAME_RE = re.compile(rf"\b{_NAME}\b")
_FULL_NAME = re.compile(rf"(?:{_NAME_TITLES}\s+)*({_NAME})")
_PRONOUN = re.compile(r"^(?:he|she)$", re.IGNORECASE)
_DETERMINER = re.compile(r"^(a|an|the|this|that|our|said)\s+", re.IGNORECASE)
# An appositive description: with an article ("an expert on …"), a bare role ("director of
# the Z Institute", "senior fellow at …", "professor of politics at …"), or a relative clause
# saying what the person does ("who teaches international relations at …").
_BARE_ROLES = (
    r"(?:(?:senior|junior|visiting|associate|assistant|adjunct|deputy|executive|founding|"
    r"former|research|non-resident|nonresident|distinguished|principal|chief|lead|managing|"
    r"program|programme|regional)\s+){0,3}"
    r"(?:director|head|chair|chairman|chairwoman|founder|co-founder|dean|coordinator|fellow|"
    r"professor|lecturer|researcher|analyst|expert|specialist|scholar|editor|economist|"
    r"historian|adviser|advisor|president|manager|associate)"
    r"\s+(?:of|at|in|on|for|with)\s"
)
_WHO_ROLES = (
    r"who\s+(?:teaches|lectures|researches|studies|heads|directs|leads|chairs|runs|"
    r"specializes|specialises|works|worked|served|serves|has\s+written|writes|taught|"
    r"founded|co-founded|edits)\b"
)
_APPOSITIVE = rf"(?:(?:a|an|the)\s[^,;]+?|{_BARE_ROLES}[^,;]+?|{_WHO_ROLES}[^,;]+?)"
_APPOSITION = re.compile(
    rf"(?:{_NAME_TITLES}\s+)*({_NAME})\s*,\s*({_APPOSITIVE})\s*,\s*$"
)
_INTRODUCTION = re.compile(
    rf"^(?:[^,]{{0,80}},\s+)?(?:{_NAME_TITLES}\s+)*({_NAME})\s*,\s*({_APPOSITIVE})\s*,"
    rf"\s*(?!who\b|which\b|whose\b)[a-z]"
)
_TITLED_BEFORE = re.compile(rf"{_NAME_TITLES}\s+$")
_WHO_AFTER = re.compile(r"\s*,\s*who\b")
_LED_BY_BEFORE = re.compile(r"\b(?:(?:led|headed)\s+by|words\s+of)\s+$")
_WHO = re.compile(rf"({_NAME})\s*,\s*who\s*$")
_ACCORDING = re.compile(
    rf"\b[Aa]ccording\s+to\s+((?:the|this|that)\s+[\w\s-]+?|{_NAME}|him|her)(?=\s*[,.;])"
    rf"(?:\s*,\s*({_APPOSITIVE})\s*[,.;])?"
)
# A speech verb before its subject: '"…," said Ali Rezaei, a professor at Tehran University.'
_INVERTED = re.compile(
    rf"[,”\"]\s*(?:said|says|added|noted|explained|stressed|argued|writes|wrote)\s+"
    rf"(?:{_NAME_TITLES}\s+)*({_NAME})(?:\s*,\s*((?:a|an|the)\s[^,.;]+|{_BARE_ROLES}[^,.;]+))?"
)
# Cues that the speaker is the article's interviewee or author.
_INTERVIEW_CUE = re.compile(
    r"\b(?:in\s+an?\s+(?:exclusive\s+)?interview\s+with|speaking\s+to|talking\s+to|"
    r"in\s+a\s+conversation\s+with|told)\b",
    re.IGNORECASE,
)
_WRITING_CUE = re.compile(
    r"\b(?:writing\s+(?:for|in)|in\s+an?\s+(?:note|article|analysis|op-ed|column|commentary)\s+"
    r"(?:for|in|published))\b",
    re.IGNORECASE,
)
_KNOWS_ABOUT = (
    re.compile(r"\b(?:expert|specialist|researcher|analyst|scholar|authority|fellow)\s+"
               r"(?:on|in|of|for)\s+"
               r"(.+)$", re.IGNORECASE),
    re.compile(r"\bprofessor\s+of\s+(.+)$", re.IGNORECASE),
    re.compile(r"^(?:(?:a|an|the|this|that)\s+)?(?:former\s+|senior\s+|leading\s+)?"
               r"(.+?)\s+(?:expert|researcher|analyst|specialist|scholar)$", re.IGNORECASE),
)
# Capitalised words that start sentences or name things but never form a person's name.
_NOT_NAME_WORDS = frozenset(
    """The A An In On At As But And However This That These Those It Its He She They We I
    His Her Their Our Meanwhile Moreover Also Although While When Since After Before There
    According Referring Pointing Emphasizing Emphasising Stressing Noting Speaking Writing
    Talking Regarding Concerning Despite Through With Without From For To Of By Basically
    Strategic Council Online Foreign Relations Interview Note Analysis University Institute
    Center Centre Ministry Party Union Nations Organization Organisation Assembly Government
    Regime Republic Islamic Parliament House Commons Army Forces Force Guard Corps Agency
    News Bank Fund Group Committee Cooperation Security Affairs Studies International
    National Middle East West North South Gulf Sea Ocean Crisis War Summit Conference Forum
    Treaty Agreement Accord Plan Deal Day Week Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October
    November December Comments Latest Content Loading Minister President Foreign Prime
    Defense Defence Secretary General Ambassador Spokesman Spokesperson Professor Dr Mr
    Mrs Ms Prof Leader Supreme Federal State States United Kingdom European Economic
    Democratic Labor Labour Conservative Zionist Crimean Asia Asian Europe Africa African
    America American Caucasus Eastern Western Northern Southern Central Pacific Atlantic
    Indian Arab Arabian Persian Mediterranean Black Red Caspian Baltic Balkan Sahel Levant
    Kremlin White Pentagon Capitol Downing Street Hall Palace Court Justice Law Charter
    Resolution Council's Online's Secretary-General Emirates Kingdom's Coalition Alliance
    Front Movement Initiative Corridor Road Belt Route Program Programme Project Strategy
    Doctrine Vision Operation Revolution Revolutionary Guards Police Navy Air Naval Nuclear
    Energy Atomic Gas Oil Trade Free Zone Development Investment Market Markets Exchange
    Online—Interview Interview: Iran Iranian Russia Russian Turkey Turkiye Turkish China
    Chinese Ukraine Ukrainian Israel Israeli God Allah Islam Muslim Muslims Christian
    Jewish Shia Sunni Hezbollah Hamas Taliban Houthis Houthi ISIS Daesh NATO EU UN""".split()
)


class Mention(Protocol):
    """The part of a gazetteer mention this module needs: where it is and what it names."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


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


def _head_words(phrase: str) -> list[str]:
    """Return the lower-case words of a phrase, without punctuation."""
    return re.findall(r"[a-z]+", phrase.lower())


def _role_kind(phrase: str) -> str | None:
    """Say whether a description names an expert ("expert"), an office holder, or neither."""
    words = _head_words(phrase)
    if any(w in EXPERT_ROLES for w in words):
        return "expert"
    if any(w in _RESEARCH_PLACES for w in words):
        return "expert"  # "the head of the Center for Strategic Studies"
    if words[:1] == ["who"] and any(w in _EXPERT_VERBS for w in words[1:3]):
        return "expert"
    if any(w in OFFICIAL_TITLES for w in words):
        return "expert" if "former" in words or "ex" in words else "official"
    return None


def _appositive(phrase: str | None) -> str | None:
    """Keep a phrase as an apposition only if it is a short description of a role."""
    if phrase is None or len(phrase.split()) > 10 or _role_kind(phrase) is None:
        return None
    return phrase


def _is_name(text: str) -> bool:
    """Tell whether text is a person's name: capitalised words, none of them a common word."""
    words = text.split()
    if not words or len(words) > 5:
        return False
    for word in words:
        if re.fullmatch(_PARTICLE, word):
            continue
        bare = word.rstrip("’'s").rstrip("’'")
        if word in _NOT_NAME_WORDS or bare in _NOT_NAME_WORDS or not word[0].isupper():
            return False
    return True


def _surname(name: str) -> str:
    """Return the last word of a name, the form later references use ("Kakaei said")."""
    return name.split()[-1].lower()


def _strip_determiner(description: str) -> str:
    """Drop a definite or demonstrative determiner; keep the indefinite one as written."""
    match = _DETERMINER.match(description)
    if match and match.group(1).lower() not in ("a", "an"):
        return description[match.end():]
    return description


def _has_content(description: str) -> bool:
    """Tell whether a description says more than a bare role noun ("the expert")."""
    words = [w for w in _head_words(description) if w not in ("a", "an", "the", "this", "that")]
    return len(words) > 1


class _Reader:
    """Walk the sentences in order, keeping the experts met so far and the current speaker."""

    def __init__(self, body: str, publisher: str | None, blocked: list[tuple[int, int]]) -> None:
        self.body = body
        self.publisher_words = {w for w in _head_words(publisher or "") if len(w) > 3}
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
            if expert.name and (_surname(expert.name) in words
                                or _surname(name) in {w.lower() for w in expert.name.split()}):
                return index
        return None

    def _add_description(self, index: int, description: str) -> None:
        """Keep a description once, in the order the article gives them."""
        description = description.strip(" ,")
        self._note_span(description)
        expert = self.experts[index]
        if description and _has_content(description) and description not in expert.descriptions:
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
        kind = _role_kind(appositive) if appositive else None
        title_kind = _role_kind(titled) if titled else None
        after = sentence[verb_start:verb_start + 120]
        before = sentence[:verb_start]
        cue = bool(_INTERVIEW_CUE.search(before) or _WRITING_CUE.search(before))
        told_us = re.match(r"told\s+(?:the\s+)?([\w\s]+)", after)
        if told_us and self.publisher_words & set(_head_words(told_us.group(1))):
            cue = True
        if told_us and re.match(r"told\s+(?:the\s+)?strategic\s+council", after, re.I):
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
            and not titled.strip() and not appositive and _surname(name) not in self.people
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
        key = _surname(name)
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
        speaker: int | None = None
        for match in _SPEECH_RE.finditer(text):
            found = self._speech_subject(text, match.start())
            if found is not None:
                speaker = found
                break
        if speaker is None:
            speaker = self._introduction(text)
        if speaker is None:
            according = _ACCORDING.search(text)
            if according:
                phrase, appositive = according.group(1), _appositive(according.group(2))
                name = _FULL_NAME.fullmatch(phrase.strip())
                if appositive and name and _is_name(name.group(1)):
                    speaker = self._named_speaker(name.group(1), text, according.start(),
                                                  appositive, "")
                else:
                    speaker = self._reference(phrase, text, according.start())
        if speaker is None:
            inverted = _INVERTED.search(text)
            if inverted and _is_name(inverted.group(1)) and not self._is_entity(
                    inverted.start(1), inverted.end(1)):
                speaker = self._named_speaker(inverted.group(1), text, inverted.start(),
                                              _appositive(inverted.group(2)), "")
        self._collect_people(sentence)
        if speaker is not None:
            self.current = speaker
        return self.current

    def _reference(self, phrase: str, sentence: str, at: int) -> int | None:
        """Resolve a pronoun, description or name that refers to a speaker."""
        phrase = phrase.strip()
        if phrase.lower() in ("him", "her", "he", "she"):
            return self.current
        if _DETERMINER.match(phrase) and _role_kind(phrase) == "expert":
            if phrase.lower().startswith(("a ", "an ")):
                return self._new_expert(None, phrase, "description")
            if self.current is None and not self.experts:
                return self._new_expert(None, _strip_determiner(phrase), "description")
            target = self.current if self.current is not None else len(self.experts) - 1
            self._add_description(target, _strip_determiner(phrase))
            return target
        name_match = _FULL_NAME.fullmatch(phrase)
        if name_match and _is_name(name_match.group(1)):
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
        match = _INTRODUCTION.match(text)
        if not match or not _is_name(match.group(1)) or _role_kind(match.group(2)) != "expert":
            return None
        if self._is_entity(match.start(1), match.end(1)):
            return None
        return self._named_speaker(match.group(1), text, match.end(), match.group(2), "")

    def _speech_subject(self, text: str, verb_start: int) -> int | None:
        """Classify the subject of the speech verb at verb_start and resolve it."""
        window = max(0, verb_start - 240)  # a subject is never further back than this
        before = text[window:verb_start]
        trimmed = _TRAILING_ADVERBS.sub("", before).rstrip()
        if window:
            self.offset += window
            try:
                return self._speech_subject_in(trimmed, text[window:], verb_start - window)
            finally:
                self.offset -= window
        return self._speech_subject_in(trimmed, text, verb_start)

    def _speech_subject_in(self, trimmed: str, text: str, verb_start: int) -> int | None:
        """Classify the subject (ending `trimmed`) of the speech verb at verb_start."""
        apposition = _APPOSITION.search(trimmed) if trimmed.endswith(",") else None
        if apposition and _is_name(apposition.group(1)) and not self._is_entity(
                apposition.start(1), apposition.end(1)):
            titled = trimmed[:apposition.start(1)]
            return self._named_speaker(apposition.group(1), text, verb_start,
                                       apposition.group(2), titled[-40:])
        who = _WHO.search(trimmed)
        if who:
            if _is_name(who.group(1)):
                known = self._expert_by_surname(who.group(1))
                if known is None:
                    self._add_person(who.group(1))
                return known
            return None
        segment = re.split(r"[,;:“”\"(]|\bthat\b|\bwhile\b|\band\b", trimmed)[-1].strip()
        if not segment:
            return None
        if _PRONOUN.match(segment):
            return self.current if self.experts else None
        if _DETERMINER.match(segment):
            kind = _role_kind(segment)
            if kind != "expert" or len(segment.split()) > 12:
                return None
            return self._reference(segment, text, verb_start)
        name_match = _FULL_NAME.search(segment)
        at = len(trimmed) - len(segment)
        if name_match and name_match.end() == len(segment) and _is_name(name_match.group(1)) \
                and not self._is_entity(at + name_match.start(1), at + name_match.end(1)):
            titled = segment[:name_match.start(1)]
            if titled and not _TITLE_PREFIX.match(titled) and not _role_kind(titled):
                if not re.fullmatch(r"[\w\s-]*", titled):
                    return None
            return self._named_speaker(name_match.group(1), text, verb_start, None, titled)
        return None

    def _collect_people(self, sentence: Span) -> None:
        """Record people the sentence names with a clear cue: a title, "who", "led by"."""
        text = sentence.text
        for match in _NAME_RE.finditer(text):
            # Titles and sentence openers before a name are not part of it.
            words = list(re.finditer(r"\S+", match.group(0)))
            while words and words[0].group(0) in _NOT_NAME_WORDS:
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
                _TITLED_BEFORE.search(before)
                or _WHO_AFTER.match(after)
                or _LED_BY_BEFORE.search(before)
                or (_SPEECH_RE.match(after.lstrip()) and len(name.split()) > 1)
            )
            if not _is_name(name):
                continue
            known = self._expert_by_surname(name)
            if known is not None or name.lower() in self.people or cue:
                self.person_spans.append((start, end))
                if known is None and cue:
                    self._add_person(name)


def _job_titles(descriptions: Sequence[str]) -> list[str]:
    """Take the role words of each description ("former ambassador", "researcher")."""
    titles: list[str] = []
    for description in descriptions:
        words = _head_words(description)
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


def _knows_about(descriptions: Sequence[str]) -> list[str]:
    """Take the subject of each description ("Turkish issues", "Turkey studies")."""
    topics: list[str] = []
    for description in descriptions:
        for pattern in _KNOWS_ABOUT:
            match = pattern.search(description)
            if match:
                topic = re.split(r"\s+(?:at|in|with|and\s+former)\s+", match.group(1))[0]
                topic = topic.strip(" ,")
                if topic and _role_kind(topic) is None and topic not in topics:
                    topics.append(topic)
                break
    return topics


def _affiliations(descriptions: Sequence[str], countries: Sequence[Mention],
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
        reader.people[_surname(expert.name)] = expert.name
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
            job_titles=_job_titles(expert.descriptions),
            knows_about=_knows_about(expert.descriptions),
            affiliations=_affiliations(expert.descriptions, countries, organizations,
                                       country_names or {}),
        ))
    expert_words = {w.lower() for e in experts if e.name for w in e.name.split()}
    people = [PersonFinding(name=name) for name in reader.people.values()
              if _surname(name) not in expert_words]
    return PeopleFound(experts=experts, people=people, speakers=speakers,
                       person_spans=reader.person_spans,
                       description_spans=reader.description_spans)
