"""Text from data on a terminal: control characters are shown as escapes, never sent.

A query, a file name or a value that holds ``ESC`` sequences would otherwise be obeyed by
the terminal (``\\x1b]0;...\\x07`` sets its title, ``\\x1b[2K\\r`` erases the line to show
another in its place), and direction controls (U+202E) turn the rest of the line around.
A file name that is not UTF-8 (its bytes reach Python as lone surrogates, ``caf\\udce9``)
is shown with the bytes as escapes (``caf\\xe9``): written as they came they made lines
of ``--json`` that no UTF-8 reader can decode.
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath

import click

#: C0 and C1 control characters, DEL, the direction embeddings, overrides, isolates and
#: marks, characters that show nothing (zero-width space, word joiner, invisible
#: operators, byte-order mark, Unicode tags: ``G\u200bao`` looked like ``Gao``), the line
#: and paragraph separators, and lone surrogates. The zero-width joiner and non-joiner
#: stay: Persian, the Indic scripts and emoji need them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
                     "\U000e0000-\U000e007f]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def shown(text: str) -> str:
    """``text`` with every character :data:`_UNSAFE` names written as its escape
    (``\\x1b``, ``\\u202e``, ``\\xe9`` for a byte that was not UTF-8), to print on one
    line of a terminal."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(_escape, text)


def utf8_name(name: str) -> str:
    """A file name as UTF-8 text: the bytes that were not UTF-8 as escapes (``caf\\xe9``),
    everything else as it is (for ``--json``, which escapes control characters itself)."""
    if name.isascii():
        return name
    return re.sub("[\ud800-\udfff]", _escape, name)


def lines_shown(text: str) -> str:
    """:func:`shown` of each line of ``text`` (its line breaks kept)."""
    if text.isprintable():
        return text
    return "\n".join(shown(line) for line in text.split("\n"))


def say(message: str = "", *, err: bool = False, nl: bool = True, one_line: bool = False
        ) -> None:
    """``click.echo`` for a command's report: file names, titles and values from data
    are shown with their control characters as escapes (a source named
    ``a\\x1b]0;...\\x07.csv`` set the terminal's title from the summary of ``geomap build``,
    ``layers`` and ``publish``). A report of ``one_line`` (a source's summary, a path
    written) shows a line break as ``\\n`` too: a file named
    ``a\\nmap written: elsewhere.html`` printed a line of its own."""
    click.echo(shown(message) if one_line else lines_shown(message), err=err, nl=nl)


class ShownFormatter(logging.Formatter):
    """Log lines (a warning naming a file and a value) shown as :func:`say` shows them."""

    def format(self, record: logging.LogRecord) -> str:
        if isinstance(record.args, tuple) and record.args:  # a name from data: one line
            record = logging.makeLogRecord({**record.__dict__, "args": tuple(
                shown(str(arg)) if isinstance(arg, str | PurePath) else arg
                for arg in record.args)})
        return lines_shown(super().format(record))
