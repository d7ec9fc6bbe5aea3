"""A stance's confidence: the measured precision of the rule that found it on the dev sets.

`kg/data/rule_precision.tsv` is written by `kg evaluate --calibrate` from the development gold
(never from the blind set): per rule, the stances it found that gold confirms and refutes.
Precision is smoothed toward the overall figure, so a rule seen a few times is not 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import KGError

RULE_PRECISION_FILE = "rule_precision.tsv"
_PRIOR_WEIGHT = 4.0  # how many pseudo-observations of the overall precision each rule starts with


class CalibrationDataError(KGError):
    """The rule precision file is malformed."""


@dataclass(frozen=True)
class RuleCount:
    """How often a rule's stances were right and wrong on the dev sets."""

    rule: str
    right: int
    wrong: int


def parse_rule_counts(text: str, name: str) -> list[RuleCount]:
    """Parse `rule<TAB>right<TAB>wrong` lines, rejecting anything else."""
    counts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[1].isdigit() or not fields[2].isdigit():
            raise CalibrationDataError(f"{name}:{number}: expected rule<TAB>right<TAB>wrong "
                                       "with whole numbers")
        counts.append(RuleCount(fields[0], int(fields[1]), int(fields[2])))
    return counts


def smoothed(counts: list[RuleCount]) -> tuple[dict[str, float], float]:
    """Return each rule's precision smoothed toward the overall one, and the overall one."""
    right = sum(c.right for c in counts)
    total = right + sum(c.wrong for c in counts)
    overall = right / total if total else 0.75
    table = {c.rule: (c.right + _PRIOR_WEIGHT * overall) / (c.right + c.wrong + _PRIOR_WEIGHT)
             for c in counts}
    return table, overall


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, float], float]:
    """Load the shipped rule precision table once per process."""
    path = resources.files("kg").joinpath(f"data/{RULE_PRECISION_FILE}")
    if not path.is_file():
        return {}, 0.75
    return smoothed(parse_rule_counts(path.read_text(encoding="utf-8"), RULE_PRECISION_FILE))


def rule_confidence(rule: str) -> float:
    """Return the confidence of a stance found by `rule`, rounded to two places."""
    table, overall = _table()
    return round(table.get(rule, overall), 2)
