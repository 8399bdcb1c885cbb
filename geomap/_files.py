"""What a path is before anything reads it: the one test for "not a regular file".

Readers read a source more than once (to detect its format, its encoding, then its rows)
and rely on its size being known; a device may never end (``/dev/zero``) and a pipe with
no writer blocks ``open`` for ever. Every reader of a named file (sources, articles, the
query lists of ``geomap geocode --input``) asks :func:`special_file_kind` first.
"""

from __future__ import annotations

import stat
from pathlib import Path

#: What a path that is not a regular file is, by its ``stat`` test.
_SPECIAL_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a pipe"),
                  (stat.S_ISSOCK, "a socket"))


def special_file_kind(path: Path) -> str | None:
    """What ``path`` is when it exists but is not a regular file (``"a pipe"``), else None
    (a regular file, or a missing one: the reader names that with the system's reason)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((kind for test, kind in _SPECIAL_FILES if test(mode)), None)
