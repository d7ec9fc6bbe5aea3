"""Whether a stated confidence means what it says: reliability bins, ECE, and rule counts.

A stance the extractor reports with confidence 0.8 should be right eight times in ten. Gold
judges each predicted country stance right (required) or wrong (neither required nor
acceptable); readings gold calls acceptable are not judged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

BINS = 5


@dataclass(frozen=True)
class Judged:
    """One predicted stance: the confidence it was given, whether gold confirms it, its rule."""

    confidence: float
    right: bool
    rule: str


@dataclass(frozen=True)
class ReliabilityBin:
    """Predictions whose confidence fell in [low, high): how many, their mean, how many right."""

    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


def reliability(judged: Iterable[Judged], bins: int = BINS) -> list[ReliabilityBin]:
    """Group predictions into equal-width confidence bins (the last one includes 1.0)."""
    members: list[list[Judged]] = [[] for _ in range(bins)]
    for j in judged:
        members[min(int(j.confidence * bins), bins - 1)].append(j)
    table = []
    for k, group in enumerate(members):
        n = len(group)
        table.append(ReliabilityBin(
            k / bins, (k + 1) / bins, n,
            sum(j.confidence for j in group) / n if n else 0.0,
            sum(j.right for j in group) / n if n else 0.0))
    return table


def expected_calibration_error(table: list[ReliabilityBin]) -> float:
    """Return the count-weighted mean gap between confidence and accuracy over the bins."""
    total = sum(b.count for b in table)
    if not total:
        return 0.0
    return sum(b.count / total * abs(b.accuracy - b.mean_confidence) for b in table)


def format_reliability(judged: list[Judged]) -> str:
    """Render the reliability table and its ECE as plain text."""
    table = reliability(judged)
    lines = [f"{'confidence':<14}{'stances':>8}{'stated':>8}{'right':>8}"]
    for b in table:
        lines.append(f"[{b.low:.1f}, {b.high:.1f}){'':<4}{b.count:>8}"
                     f"{b.mean_confidence:>8.3f}{b.accuracy:>8.3f}")
    lines.append(f"ECE over {BINS} bins: {expected_calibration_error(table):.3f} "
                 f"({len(judged)} judged stances)")
    return "\n".join(lines)


def rule_counts(judged: Iterable[Judged]) -> dict[str, tuple[int, int]]:
    """Count right and wrong predictions per rule."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for j in judged:
        counts[j.rule][0 if j.right else 1] += 1
    return {rule: (right, wrong) for rule, (right, wrong) in sorted(counts.items())}


def format_rule_counts(judged: Iterable[Judged], sources: str) -> str:
    """Render per-rule counts as the TSV that kg/data/rule_precision.tsv holds."""
    lines = ["# Stances each extraction rule found on the development gold, right and wrong.",
             f"# Written by `kg evaluate {sources} --rule-counts`; never from the blind set.",
             "# rule\tright\twrong"]
    for rule, (right, wrong) in rule_counts(judged).items():
        lines.append(f"{rule}\t{right}\t{wrong}")
    return "\n".join(lines) + "\n"
