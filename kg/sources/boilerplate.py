"""Tell page furniture (share buttons, comment counters, "latest content" headings) from text."""

from __future__ import annotations

import re

# Lines dropped wherever they appear: widgets and counters, never article text.
_DROPPED = re.compile(
    r"""(?:loading(?:\.\.\.|…)?|share(?:\s+this(?:\s+(?:article|page|story))?)?|print|e-?mail
    |tweet|facebook|twitter|x|telegram|whatsapp|linkedin|copy\s+link|read\s+more|tags:?
    |advertisement|subscribe|back\s+to\s+top|skip\s+to\s+(?:main\s+)?content|menu|search
    |home|\d+\s+views?|\d+\s+likes?)""",
    re.I | re.X,
)
# Lines that open the comment section: the article ends there.
_COMMENTS = re.compile(
    r"(?:\d+\s+comments?|comments?|no\s+comments(?:\s+yet)?|leave\s+a\s+(?:comment|reply)"
    r"|write\s+a\s+comment|be\s+the\s+first\s+to\s+comment)",
    re.I,
)
# Headings of the lists of other articles shown around the main one.
_TEASER_HEADINGS = re.compile(
    r"""(?:latest\s+(?:content|news|articles|posts)|latest|últimas\s+publicaciones
    |related(?:\s+(?:articles|content|posts|stories|news))?|most\s+(?:read|viewed|popular)
    |more\s+(?:from|on)\b.*|read\s+also|see\s+also|you\s+may\s+also\s+like|recommended
    |derniers\s+articles|à\s+lire\s+aussi|neueste\s+beiträge)""",
    re.I | re.X,
)


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (tabs, no-break spaces, newlines) into single spaces."""
    return " ".join(text.split())


def is_dropped_line(line: str) -> bool:
    """Say whether a line is a widget or counter to drop wherever it stands."""
    return _DROPPED.fullmatch(line.strip(" :")) is not None


def is_comments_marker(line: str) -> bool:
    """Say whether a line opens the comment section (which ends the article)."""
    return _COMMENTS.fullmatch(line.strip(" :")) is not None


def is_teaser_heading(line: str) -> bool:
    """Say whether a line heads a list of other articles ("LATEST CONTENT", "Related")."""
    return _TEASER_HEADINGS.fullmatch(line.strip(" :")) is not None
