"""Render the scores of `kg evaluate` as text: the table, each article's errors, aggregates only.

`format_summary` is all a rule writer may see of the blind set: it names no sentence,
headline or person.
"""

from __future__ import annotations

from collections import Counter

from kg.evaluate import Scores


def format_table(scores: Scores) -> str:
    """Render precision, recall and F1 per measure as a plain-text table."""
    rows = [("experts", scores.experts), ("countries", scores.countries),
            ("stances (country-country)", scores.stances),
            ("stances (non-country, apart)", scores.non_country)]
    lines = [f"{len(scores.articles)} articles",
             f"{'measure':<30}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for name, c in rows:
        lines.append(f"{name:<30}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}"
                     f"{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    return "\n".join(lines)


def format_errors(scores: Scores) -> str:
    """List each article's errors (experts, countries, stances with sentences) for debugging."""
    out: list[str] = []
    for a in scores.articles:
        problems: list[str] = []
        if a.missed_experts or a.extra_experts:
            problems.append(f"  experts missed {a.missed_experts} extra {a.extra_experts}")
        if a.missed_countries or a.extra_countries:
            problems.append(f"  countries missed {a.missed_countries} "
                            f"extra {a.extra_countries}")
        for e in a.false_negatives:
            problems.append(f"  FN {e.holder}->{e.target} {e.polarity}: {e.sentence}")
        for e in a.false_positives:
            problems.append(f"  FP {e.holder}->{e.target} {e.polarity} [{e.rule}]: "
                            f"{e.sentence}")
        if problems:
            out.append(f"{a.gold_path} — {a.title}")
            out.extend(problems)
    return "\n".join(out)


def format_summary(scores: Scores) -> str:
    """Render aggregate figures only: no sentence, headline or name of any article.

    This is all a rule writer may see of the blind set: the table, how many articles have
    their headline, genre and date right, misses per construction kind and false alarms per
    rule.
    """
    articles = scores.articles
    dated = [a for a in articles if a.date_right is not None]
    lines = [format_table(scores),
             f"headlines right {sum(a.headline_right for a in articles)}/{len(articles)}, "
             f"genres right {sum(a.genre_right for a in articles)}/{len(articles)}, "
             f"dates right {sum(bool(a.date_right) for a in dated)}/{len(dated)}, "
             f"articles with every expert right "
             f"{sum(not a.missed_experts and not a.extra_experts for a in articles)}"
             f"/{len(articles)}"]
    missed = Counter(kind for a in articles for kind in a.missed_kinds)
    lines.append("missed stances by construction kind: " + (", ".join(
        f"{kind} {n}" for kind, n in missed.most_common()) or "none"))
    alarms = Counter(e.rule or "unknown" for a in articles for e in a.false_positives)
    lines.append("false alarms by rule: " + (", ".join(
        f"{rule} {n}" for rule, n in alarms.most_common()) or "none"))
    experts = Counter(kind for a in articles for kind in a.expert_errors)
    lines.append("expert errors: " + (", ".join(
        f"{kind} {n}" for kind, n in sorted(experts.items())) or "none"))
    dates = Counter(a.date_error for a in articles if a.date_error)
    lines.append("date errors: " + (", ".join(
        f"{kind} {n}" for kind, n in sorted(dates.items())) or "none"))
    return "\n".join(lines)
