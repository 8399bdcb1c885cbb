"""Characters of text that show nothing, shared by the gazetteer's name keys, the
extractor's reading and the country look-up (one list, at the bottom of the package)."""

from __future__ import annotations

#: The characters that show nothing, as a regular-expression class body: soft hyphen,
#: zero-width space/non-joiner/joiner, left-to-right and right-to-left marks, the
#: embedding, override and isolate controls, word joiner and invisible operators, and the
#: byte-order mark used as a zero-width no-break space. Pasted from web pages, PDFs and
#: right-to-left text they made "G\u200bao" no place (the extractor reads through them
#: too: :mod:`geomap.extract.invisible`).
INVISIBLE_CHARACTERS = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"


def blank_name(path: str) -> bool:
    """Whether the last name of ``path`` is blanks only (" ", "maps/ ", an ideographic
    space): a file no listing shows, written where a variable was left unset
    (``-o "$OUT "``)."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(name) and not name.strip()
