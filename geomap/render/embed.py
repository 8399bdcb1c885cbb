"""Embedding: ``<iframe>`` snippets and the CSS sizes embedded maps take.

Fragments themselves are pages of their own kind, made by
:class:`geomap.render.page.MapFragment` (see :func:`geomap.render.output.render_html`).
"""

from __future__ import annotations

import html as html_lib
import re

from geomap.errors import ConfigError

#: A CSS length in ASCII digits, as browsers read it (``\d`` took Arabic-Indic digits too).
_CSS_SIZE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:px|em|rem|vh|vw|%)")


def css_length(value: str, what: str = "fragment height") -> str:
    """Return ``value`` when it is a CSS length such as ``500px`` or ``60vh``.

    Raises
    ------
    ConfigError
        If it is not.
    """
    if not isinstance(value, str) or not _CSS_SIZE.fullmatch(value):
        raise ConfigError(f"{what} must be a CSS length like '500px', got {value!r}")
    return value


#: A fragment's height when none is given.
DEFAULT_FRAGMENT_HEIGHT = "500px"


def fragment_height(value: str | int, key: str = "fragment_height") -> str:
    """A fragment's height as CSS: ``value`` when it is a CSS length above zero
    (``"600px"``, ``"60vh"``), a bare number of pixels (``600``, ``"600"``) with ``px``.

    Raises
    ------
    ConfigError
        For anything else (``"abc"``, ``"-5px"``, ``0``), naming the value and ``key``.
    """
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        text += "px"
    match = _CSS_SIZE.fullmatch(text)
    if isinstance(value, bool) or not match or not float(re.sub(r"[a-z%]+$", "", text)) > 0:
        raise ConfigError(f"expected a fragment height above zero as a CSS length such as "
                          f"'500px' or '60vh', or a number of pixels, got {value!r}", key=key)
    return text


def iframe_snippet(src: str, width: str | int = "100%", height: str | int = 500) -> str:
    """An ``<iframe>`` that shows the map page at ``src``.

    Parameters
    ----------
    src
        URL (or path relative to the host page) of a full map page written by
        :func:`geomap.render.output.write_html`.
    width, height
        Pixels as ``int``, or any CSS length as ``str``.

    Examples
    --------
    >>> iframe_snippet("maps/mali.html", 800, 600)  # doctest: +ELLIPSIS
    '<iframe src="maps/mali.html" width="800" height="600" ...></iframe>'
    """
    return (
        f'<iframe src="{html_lib.escape(src, quote=True)}" width="{_size(width)}" '
        f'height="{_size(height)}" style="border: 0;" loading="lazy" '
        'title="Map" allowfullscreen></iframe>'
    )


def _size(value: str | int) -> str:
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        css_length(text, "iframe size")
    return html_lib.escape(text, quote=True)
