"""The folium elements that draw geomap's layers in the browser.

``GeomapLayers`` is a branca ``MacroElement``: its Jinja template (package data,
``geomap/data/render/layers.js.j2``) writes the drawing library (``geomap.js``, inline,
defined once per page), its styles and a call that draws the layers on its parent map; the
layers' data goes in the page as one JSON ``<script type="application/json">`` block, a
:class:`~geomap.render.page.DataPart` that pages write as it is and never search.

Every piece is added to the page as literal text (:class:`LiteralMacroElement`): branca would
compile it as a template again, evaluating ``{{ ... }}`` in a note.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from branca.element import Figure, MacroElement
from jinja2 import Template

from geomap.errors import RenderError
from geomap.render._templates import read_template
from geomap.render.page import CodePart, DataPart
from geomap.render.popups import json_pieces_for_script


class LiteralMacroElement(MacroElement):
    """A ``MacroElement`` whose rendered header, html and script go in the page as they are.

    branca's ``MacroElement.render`` wraps each rendered part in a new ``Element``, whose text
    is compiled as a Jinja template again when the page is written: data such as ``{{ 7*7 }}``
    would then be evaluated. The parts go in as :class:`~geomap.render.page.CodePart`.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add this element's header, html and script to the page."""
        figure = _figure_of(self)
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(CodePart(str(macro(self, kwargs))),
                                                name=self.get_name())
        for child in list(self._children.values()):
            child.render(**kwargs)


def _figure_of(element: MacroElement) -> Figure:
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise RenderError(f"expected {element.get_name()!r} to be in a map's figure, got "
                          f"{type(figure).__name__!r}; add it to a folium.Map first")
    return figure


class GeomapLayers(LiteralMacroElement):
    """Events, choropleth, regions, actors, relations, legend and title of one map.

    Parameters
    ----------
    payload
        JSON-serialisable data of every layer (see :func:`geomap.render.map.render_map`).
    """

    _template = Template(read_template("layers.js.j2"))

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "GeomapLayers"
        self.payload = payload

    def __deepcopy__(self, memo: dict[int, Any]) -> GeomapLayers:
        """A copy for one rendering that shares the (read-only, possibly huge) payload."""
        clone = copy.copy(self)
        memo[id(self)] = clone
        for key, value in self.__dict__.items():
            if key != "payload":
                setattr(clone, key, copy.deepcopy(value, memo))
        return clone

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the styles, the data block and the drawing script to the page."""
        super().render(**kwargs)
        figure, module, name = _figure_of(self), self._template.module, self.get_name()
        figure.html.add_child(CodePart(str(module.data_open(self, kwargs)), self.data_id),
                              name=name)
        figure.html.add_child(DataPart(self.payload_json), name=f"{name}_data")
        figure.html.add_child(CodePart(str(module.data_close(self, kwargs))), name=f"{name}_end")

    @property
    def data_id(self) -> str:
        """``id`` of the data block."""
        return f"{self.get_name()}_data"

    @property
    def payload_json(self) -> list[str]:
        """The payload as JSON that is safe inside a ``<script>`` element, in pieces
        (:func:`~geomap.render.popups.json_pieces_for_script`; joined, they are its text).

        Within :func:`reused_json`, the JSON of one payload is made once however many times
        the page is rendered.
        """
        cache = _JSON_CACHE.get()
        if cache is None:
            return json_pieces_for_script(self.payload)
        key = id(self.payload)
        if key not in cache:
            cache[key] = json_pieces_for_script(self.payload)
        return cache[key]

    @property
    def library_js(self) -> str:
        """The drawing library and its exploration controls (plain JavaScript, no outside
        files)."""
        return read_template("geomap.js") + "\n" + read_template("workbench.js")

    @property
    def library_css(self) -> str:
        """The styles of the legend, title block, popups and time filter."""
        return read_template("geomap.css")


_JSON_CACHE: ContextVar[dict[int, list[str]] | None] = ContextVar("geomap_json_cache", default=None)


@contextlib.contextmanager
def reused_json() -> Iterator[None]:
    """Within the block, a payload's JSON is made once for every rendering of its map.

    Payloads must not change inside the block (they are keyed by identity).
    """
    token = _JSON_CACHE.set({})
    try:
        yield
    finally:
        _JSON_CACHE.reset(token)
