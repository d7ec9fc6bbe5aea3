"""Score the extractor against gold annotations: experts, countries and stances.

A gold file is JSON in the schema of the seed's careful reading: ``experts`` (names, ``null``
for an expert the article never names), ``countries`` (ISO alpha-2), and ``stances`` with
``required``, ``acceptable`` and ``non_country`` lists of ``[holder, target, polarity,
sentence]``. Its article is ``source`` (relative to the gold folder's parent, or to the gold
folder itself), record number ``record`` of a JSON or JSON Lines file; a gold file without
``source`` sits beside its article as ``NAME.gold.json``.

Scoring, micro-averaged over articles:

- experts: one-to-one name matching, case-insensitive, a shared surname is enough;
- countries: the set of countries of each article;
- stances: (holder, target, polarity) triples between countries; a prediction that matches
  an *acceptable* triple is dropped from both sides, neither rewarded nor penalised;
- non-country stances (organizations, topics) are scored separately and are not part of the
  main figures, since gold lists only those the annotator noticed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.calibration import Judged
from kg.errors import InputError
from kg.extract import extract
from kg.model import Document, EntityRef, Extraction, StanceFinding
from kg.sources import read_source

Triple = tuple[str, str, str]
_INTERVIEWS = ("interview", "q&a")
_ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")


@dataclass
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Return the share of predictions that are right (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return the share of gold items found (1.0 when gold has none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        """Add another measure's counts to this one (micro-averaging)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class StanceError:
    """A stance predicted but not in gold, or in gold but not predicted, with its sentence."""

    holder: str
    target: str
    polarity: str
    sentence: str
    rule: str = ""


@dataclass
class ArticleResult:
    """The scores of one article and what went wrong in it, for debugging."""

    gold_path: str
    title: str
    experts: Counts
    countries: Counts
    stances: Counts
    non_country: Counts
    missed_experts: list[str] = field(default_factory=list)
    extra_experts: list[str] = field(default_factory=list)
    missed_countries: list[str] = field(default_factory=list)
    extra_countries: list[str] = field(default_factory=list)
    false_positives: list[StanceError] = field(default_factory=list)
    false_negatives: list[StanceError] = field(default_factory=list)
    missed_kinds: list[str] = field(default_factory=list)  # one per kind of each missed stance
    judged: list[Judged] = field(default_factory=list)
    headline_right: bool = True
    genre_right: bool = True
    date_right: bool | None = None  # None: gold gives no date
    # What kind of error each wrong expert and date was, named without any text of the article
    expert_errors: list[str] = field(default_factory=list)
    date_error: str = ""


@dataclass
class Scores:
    """Micro-averaged scores over a gold set, with every article's result."""

    experts: Counts = field(default_factory=Counts)
    countries: Counts = field(default_factory=Counts)
    stances: Counts = field(default_factory=Counts)
    non_country: Counts = field(default_factory=Counts)
    articles: list[ArticleResult] = field(default_factory=list)


# -- reading gold --------------------------------------------------------------------------------


def load_gold(path: str | Path) -> dict:
    """Read one gold file, failing with a message that names it."""
    file = Path(path)
    try:
        gold = json.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(file, f"cannot be read: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(file, f"is not valid JSON gold: {error}") from error
    if not isinstance(gold, dict) or not isinstance(gold.get("stances"), dict):
        raise InputError(file, "is not a gold annotation (no 'stances' object)")
    return gold


def gold_source(gold_path: str | Path, gold: dict) -> Path:
    """Find the article a gold file describes."""
    path = Path(gold_path)
    source = gold.get("source")
    if source:
        for base in (path.parent.parent, path.parent):
            candidate = base / source
            if candidate.is_file():
                return candidate
        raise InputError(path, f"its source {source!r} is not beside the gold folder")
    stem = path.name.removesuffix(".json").removesuffix(".gold")
    for suffix in _ARTICLE_SUFFIXES:
        candidate = path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    raise InputError(path, "names no 'source' and no article sits beside it")


def gold_document(gold_path: str | Path, gold: dict) -> Document:
    """Read the article (the right record of a multi-record file) a gold file describes."""
    source = gold_source(gold_path, gold)
    documents = [d for d in read_source(source) if isinstance(d, Document)]
    record = gold.get("record", 0)
    if not isinstance(record, int) or not 0 <= record < len(documents):
        raise InputError(gold_path, f"record {record!r} is not in {source}")
    return documents[record]


# -- matching ------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower-case and strip accents, so "Konaté" and "Konate" compare equal."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def _same_person(gold: str | None, predicted: str | None) -> bool:
    """Match names case-insensitively; a shared surname is enough ("Kakaei")."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    g, p = _fold(gold), _fold(predicted)
    return g == p or g.split()[-1] == p.split()[-1] or g in p or p in g


def _match_experts(gold: Sequence[str | None], predicted: Sequence[str | None]
                   ) -> tuple[Counts, list[str], list[str]]:
    """Pair gold and predicted experts one to one; return counts, missed and extra names."""
    remaining = list(predicted)
    missed: list[str] = []
    tp = 0
    for name in gold:
        at = next((k for k, p in enumerate(remaining) if _same_person(name, p)), None)
        if at is None:
            missed.append(name or "(unnamed)")
        else:
            remaining.pop(at)
            tp += 1
    extra = [p or "(unnamed)" for p in remaining]
    return Counts(tp, len(extra), len(missed)), missed, extra


def _expert_errors(gold: dict, extraction: Extraction, missed: Sequence[str],
                   extra: Sequence[str]) -> list[str]:
    """Name the kind of each expert error by format and genre, never by the name itself."""
    where = f"{Path(str(gold.get('source', ''))).suffix.lstrip('.') or '?'} " \
            f"{str(gold.get('genre', '?')).lower()}"
    gold_experts = [e.get("name") for e in gold.get("experts", [])]
    others = [str(n) for n in gold.get("other_people", [])]
    people = [p.name for p in extraction.people]
    kinds: list[str] = []
    for name in extra:
        if any(_same_person(g, name) for g in gold_experts if g):
            kinds.append(f"extra: a second name of a gold expert ({where})")
        elif any(_same_person(o, name) for o in others):
            kinds.append(f"extra: a person the gold lists as not an expert ({where})")
        else:
            kinds.append(f"extra: a name the gold does not list ({where})")
    for name in missed:
        if name == "(unnamed)":
            kinds.append(f"missed: an expert the article never names ({where})")
        elif any(_same_person(name, p) for p in people if p):
            kinds.append(f"missed: found, but as a person who is not an expert ({where})")
        else:
            kinds.append(f"missed: not found at all ({where})")
    return kinds


def _is_country_triple(row: Sequence[str]) -> bool:
    """Tell whether a gold row links two ISO codes."""
    return all(re.fullmatch(r"[A-Z]{2}", str(x)) for x in row[:2])


def _side_matches(gold_side: str, ref: EntityRef) -> bool:
    """Match one side of a non-country gold row ("NATO / the West") to an entity."""
    if ref.kind == "country":
        return gold_side == ref.key
    names = {_fold(ref.label), _fold(ref.key.replace("-", " "))}
    for alternative in re.split(r"\s*/\s*|\s*,\s*|\s+and\s+", gold_side):
        alt = _fold(alternative).removeprefix("the ")
        if alt and any(alt == n.removeprefix("the ") or alt in n or n in alt for n in names
                       if n):
            return True
    return False


def _score_non_country(gold_rows: Sequence[Sequence[str]], predicted: Sequence[StanceFinding]
                       ) -> Counts:
    """Score stances with an organization, person or topic side, by loose name matching."""
    candidates = [s for s in predicted if s.holder.kind != "country" or
                  s.target.kind != "country"]
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for s in candidates:
        key = (s.holder.key, s.target.key, s.polarity)
        if key not in seen:
            seen.add(key)
            unique.append(s)
    matched: set[int] = set()
    tp = 0
    for row in gold_rows:
        at = next((k for k, s in enumerate(unique) if k not in matched and
                   s.polarity == row[2] and _side_matches(str(row[0]), s.holder)
                   and _side_matches(str(row[1]), s.target)), None)
        if at is not None:
            matched.add(at)
            tp += 1
    return Counts(tp, len(unique) - len(matched), len(gold_rows) - tp)


def score_article(gold: dict, extraction: Extraction, gold_path: str = "") -> ArticleResult:
    """Compare one extraction with its gold annotation."""
    body = extraction.document.body
    experts, missed, extra = _match_experts(
        [e.get("name") for e in gold.get("experts", [])], [e.name for e in extraction.experts])

    gold_countries, got_countries = set(gold.get("countries", [])), set(extraction.countries)
    countries = Counts(len(gold_countries & got_countries), len(got_countries - gold_countries),
                       len(gold_countries - got_countries))

    stances_gold = gold["stances"]
    required_rows = [r for r in stances_gold.get("required", []) if _is_country_triple(r)]
    required: dict[Triple, str] = {
        (r[0], r[1], r[2]): r[3] if len(r) > 3 else "" for r in required_rows}
    kinds: dict[Triple, list[str]] = {
        (r[0], r[1], r[2]): list(r[4]) if len(r) > 4 and isinstance(r[4], list) else ["unlabelled"]
        for r in required_rows}
    acceptable: set[Triple] = {(r[0], r[1], r[2]) for r in stances_gold.get("acceptable", [])}
    predicted: dict[Triple, StanceFinding] = {}
    for s in extraction.stances:
        if s.holder.kind == "country" and s.target.kind == "country":
            predicted.setdefault((s.holder.key, s.target.key, s.polarity), s)
    # Acceptable readings leave both sides: neither a hit nor an error.
    scored = {t: s for t, s in predicted.items() if t not in acceptable or t in required}
    gold_set = {t for t in required if t not in acceptable}
    tp = set(scored) & (gold_set | set(required))
    fps = [t for t in scored if t not in required]
    fns = [t for t in required if t not in predicted and t not in acceptable]
    stances = Counts(len(tp), len(fps), len(fns))

    non_country_rows = [r for r in stances_gold.get("non_country", [])]
    non_country = _score_non_country(non_country_rows, extraction.stances)
    document = extraction.document
    gold_date = gold.get("date")
    date_right = None if not gold_date else (document.date or "")[:10] == gold_date[:10]
    source_format = Path(str(gold.get("source", ""))).suffix.lstrip(".") or "?"
    return ArticleResult(
        gold_path=gold_path,
        title=extraction.document.headline,
        experts=experts, countries=countries, stances=stances, non_country=non_country,
        missed_experts=missed, extra_experts=extra,
        missed_countries=sorted(gold_countries - got_countries),
        extra_countries=sorted(got_countries - gold_countries),
        false_positives=[StanceError(t[0], t[1], t[2], body[s.evidence_start:s.evidence_end],
                                     s.rule) for t in fps for s in [scored[t]]],
        false_negatives=[StanceError(t[0], t[1], t[2], required[t]) for t in fns],
        missed_kinds=[kind for t in fns for kind in kinds[t]],
        judged=[Judged(s.confidence, t in required, s.rule) for t, s in scored.items()],
        headline_right=_fold(document.headline) == _fold(str(gold.get("title", ""))),
        genre_right=extraction.is_interview == (str(gold.get("genre", "")).lower() in _INTERVIEWS),
        date_right=date_right,
        expert_errors=_expert_errors(gold, extraction, missed, extra),
        date_error="" if date_right is not False else
        f"{'no date found' if not document.date else 'another date'} ({source_format})",
    )


def evaluate(gold_paths: Iterable[str | Path]) -> Scores:
    """Extract every gold article and score the extractor against the annotations."""
    scores = Scores()
    for path in sorted(Path(p) for p in gold_paths):
        gold = load_gold(path)
        result = score_article(gold, extract(gold_document(path, gold)), str(path))
        scores.articles.append(result)
        scores.experts.add(result.experts)
        scores.countries.add(result.countries)
        scores.stances.add(result.stances)
        scores.non_country.add(result.non_country)
    return scores


def find_gold_files(*locations: str | Path) -> list[Path]:
    """List gold files: JSON files in the given folders, or the given files themselves."""
    found: list[Path] = []
    for location in locations:
        path = Path(location)
        if path.is_dir():
            found += sorted(p for p in path.glob("*.json") if not p.name.startswith("."))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(path, "no such gold file or folder")
    return found
