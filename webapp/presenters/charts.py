"""Charts drawn on the server as SVG shapes: the timeline is a picture even without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import POLARITIES
from kg.publish.records import Link
from kg.publish.summaries import GridCell, MonthCount

# The timeline's drawing area, in SVG user units (the SVG scales to the page's width).
WIDTH, HEIGHT = 720.0, 180.0


@dataclass(frozen=True)
class Bar:
    """One polarity's part of a month's column: where to draw it and what it counts."""

    month: str
    polarity: str
    count: int
    x: float
    y: float
    width: float
    height: float


def timeline_bars(points: list[MonthCount]) -> list[Bar]:
    """Stack each month's counts by polarity into columns, months left to right in order."""
    months = sorted({p.month for p in points})
    if not months:
        return []
    counts = {(p.month, p.polarity): p.count for p in points}
    tallest = max(sum(counts.get((m, p), 0) for p in POLARITIES) for m in months)
    step = min(WIDTH / len(months), 60.0)  # a lone month is a column, not a wall
    bars = []
    for index, month in enumerate(months):
        top = HEIGHT
        for polarity in POLARITIES:
            count = counts.get((month, polarity), 0)
            if count:
                height = HEIGHT * count / tallest
                top -= height
                bars.append(Bar(month, polarity, count, round(index * step + step * 0.1, 2),
                                round(top, 2), round(step * 0.8, 2), round(height, 2)))
    return bars


@dataclass(frozen=True)
class Grid:
    """The expert × country grid as rows and columns, each cell found by (expert, target)."""

    experts: list[Link]
    targets: list[Link]
    cells: dict[tuple[str, str], GridCell]


def grid_table(cells: list[GridCell]) -> Grid:
    """Lay the cells out: experts down in the order given, targets across by stance count."""
    experts = list({c.expert.iri: c.expert for c in cells}.values())
    totals: dict[str, int] = {}
    for cell in cells:
        totals[cell.target.iri] = totals.get(cell.target.iri, 0) + cell.count
    targets = sorted({c.target.iri: c.target for c in cells}.values(),
                     key=lambda t: (-totals[t.iri], t.label))
    return Grid(experts, targets, {(c.expert.iri, c.target.iri): c for c in cells})
