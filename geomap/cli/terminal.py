"""Text from data on a terminal: control characters are shown as escapes, never sent.

A query, a file name or a value that holds ``ESC`` sequences would otherwise be obeyed by
the terminal (``\\x1b]0;...\\x07`` sets its title, ``\\x1b[2K\\r`` erases the line to show
another in its place), and direction controls (U+202E) turn the rest of the line around.
"""

from __future__ import annotations

import re

#: C0 and C1 control characters, DEL, and the direction embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` with every character :data:`_UNSAFE` names written as its escape
    (``\\x1b``, ``\\u202e``), to print on one line of a terminal."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
