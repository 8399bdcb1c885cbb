"""A wire story's dateline: "BAMAKO, July 29 (Reuters) - " says where and when the story
was filed, not where or when its events happened.

The dateline opens the story's first paragraph: the text's first line, or the line after
a headline ("Russian strikes hit Kharkiv" above "KYIV, March 6 (Reuters) - ...").
"""

from __future__ import annotations

import re

# A headline (and a subhead or byline) of at most this many lines and characters each
# may stand before the dateline.
HEADLINE_LINES = 2
HEADLINE_CHARS = 200
# The dateline's place and date: capitalised words (a place, not a headline's "One woman
# dead, two hurt as shells hit east Ukraine - ") before the date and the dash.
_FILED = re.compile(r"\s*[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}"
                    r"(?:,\s*[A-Z][A-Za-z .'’-]{1,30})?,\s+"
                    r"[^\n]{3,40}?(?:\s[-–—]{1,2}\s|\)\s*[-–—]{1,2}\s?)")
# A place in capitals before the agency or the dash: "WASHINGTON (Reuters) -",
# "PARIS, Jan. 5 —".
_PLACE = re.compile(r"\s*[A-Z][A-Z .'-]+(?:,[^\n]{0,40})?\s*(?:\(|—|–|-{1,2}\s)")
_WINDOW = 120


def _skip_blank_lines(text: str, position: int) -> int:
    """The start of the first line at or after ``position`` holding more than spaces."""
    while True:
        end = text.find("\n", position)
        if end < 0 or text[position:end].strip():
            return position
        position = end + 1


def _openings(text: str) -> list[int]:
    """Where the dateline may open: the text's start, then the start of each of the next
    lines that follow nothing but a short headline (a line not closed by a full stop)."""
    found = [0]
    position = _skip_blank_lines(text, 0)
    for _ in range(HEADLINE_LINES):
        end = text.find("\n", position)
        if end < 0 or end - position > HEADLINE_CHARS \
                or text[position:end].rstrip().endswith("."):  # a paragraph's sentence
            break
        position = _skip_blank_lines(text, end + 1)
        if position >= len(text):
            break
        found.append(position)
    return found


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the dateline with its date ("BAMAKO, July 29 (Reuters) - ") starts and ends."""
    for start in _openings(text):
        match = _FILED.match(text, start, start + _WINDOW)
        if match:
            return start, match.end()
    return None


def dateline_place_start(text: str) -> int | None:
    """Where the place of a dateline in capitals ("KHARTOUM, May 12 (Reuters) -") opens."""
    for start in _openings(text):
        match = _PLACE.match(text, start, start + _WINDOW)
        if match:
            return match.end() - len(match.group().lstrip())
    return None
