"""The results as Markdown: one summary table against the issue's targets, then the details."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    """One line of the summary: a figure of ours beside its baseline and its target."""

    benchmark: str
    size: str
    ours: str
    baseline: str = "—"
    ratio: float | None = None
    target: str = "—"
    met: bool | None = None

    def cells(self) -> list[str]:
        """Render the row's cells."""
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
        met = {True: "yes", False: "**no**", None: "—"}[self.met]
        return [self.benchmark, self.size, self.ours, self.baseline, ratio, self.target, met]


HEADER = ["benchmark", "size", "ours", "baseline", "ratio", "target", "met?"]


def table(header: list[str], rows: list[list[str]]) -> str:
    """Format a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def machine() -> dict[str, str]:
    """Describe the machine the figures were measured on."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    return {"cores (nproc)": str(os.cpu_count()), "CPU": cpu, "memory": memory,
            "OS": f"{platform.system()} {platform.release()}",
            "Python": platform.python_version()}


def render(summary: list[Row], sections: list[tuple[str, str]], *, command: str,
           notes: list[str], versions: dict[str, str]) -> str:
    """Render the whole results page."""
    parts = ["# Benchmark results", "", f"Reproduce: `{command}`", "",
             table(HEADER, [row.cells() for row in summary]), ""]
    if notes:
        parts += ["Notes:", "", *[f"- {note}" for note in notes], ""]
    spec = {**machine(), **versions}
    parts += ["## Machine", "", table(["", ""], [[k, v] for k, v in spec.items()]), ""]
    for title, body in sections:
        parts += [f"## {title}", "", body, ""]
    return "\n".join(parts)
