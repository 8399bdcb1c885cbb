"""Spelling variants of a name key, for "did you mean" suggestions on a miss."""

from __future__ import annotations

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edit_variants(key: str) -> set[str]:
    """Every key one edit away from ``key`` (delete, transpose, replace, insert).

    Parameters
    ----------
    key
        A name key (see :func:`geomap.geocoding.normalize.name_key`).

    Returns
    -------
    set of str
        The variants, without ``key`` itself.
    """
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    variants = deletes | transposes | replaces | inserts
    variants.discard(key)
    variants.discard("")
    return variants
