"""A stated confidence is a measured precision: reliability bins, ECE and per-rule counts."""

from __future__ import annotations

import pytest

from kg.calibration import (
    Judged,
    expected_calibration_error,
    format_rule_counts,
    reliability,
    rule_counts,
)
from kg.extract.confidence import (
    CalibrationDataError,
    parse_rule_counts,
    rule_confidence,
    smoothed,
)


def test_predictions_fall_into_five_equal_bins_the_last_holding_one() -> None:
    judged = [Judged(0.1, False, "a"), Judged(0.9, True, "b"), Judged(1.0, True, "b")]
    table = reliability(judged)
    assert [b.count for b in table] == [1, 0, 0, 0, 2]
    assert table[4].mean_confidence == pytest.approx(0.95)
    assert table[4].accuracy == 1.0


def test_ece_is_the_weighted_gap_between_stated_and_observed() -> None:
    judged = [Judged(0.9, True, "r")] * 8 + [Judged(0.9, False, "r")] * 2
    assert expected_calibration_error(reliability(judged)) == pytest.approx(0.1)
    assert expected_calibration_error(reliability([])) == 0.0


def test_rule_counts_are_written_as_the_shipped_tsv_reads_them() -> None:
    judged = [Judged(0.9, True, "verbal.active"), Judged(0.9, False, "verbal.active"),
              Judged(0.7, True, "nominal.light")]
    assert rule_counts(judged) == {"nominal.light": (1, 0), "verbal.active": (1, 1)}
    text = format_rule_counts(judged, "dev/gold")
    assert [(c.rule, c.right, c.wrong) for c in parse_rule_counts(text, "x")] == [
        ("nominal.light", 1, 0), ("verbal.active", 1, 1)]


def test_a_rule_seen_rarely_is_pulled_toward_the_overall_precision() -> None:
    counts = parse_rule_counts("common\t90\t10\nrare\t1\t0\n", "x")
    table, overall = smoothed(counts)
    assert overall == pytest.approx(91 / 101)
    assert overall < table["rare"] < 1.0
    assert table["common"] == pytest.approx((90 + 4 * overall) / 104)


def test_a_malformed_precision_line_is_refused() -> None:
    with pytest.raises(CalibrationDataError, match="x:1"):
        parse_rule_counts("verbal.active\tninety\t1\n", "x")


def test_the_shipped_table_gives_each_rule_its_measured_confidence() -> None:
    assert 0.5 < rule_confidence("verbal.active") <= 1.0
    assert rule_confidence("a.rule.nobody.wrote") == rule_confidence("another.unknown.rule")
