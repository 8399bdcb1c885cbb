"""The folium element that draws geomap's layers in the browser.

``GeomapLayers`` is a branca ``MacroElement``: its Jinja template (package data,
``geomap/data/render/layers.js.j2``) puts the layers' data in the page as one JSON
``<script type="application/json">`` block, the drawing library (``geomap.js``, inline,
defined once per page) and a call that draws the layers on its parent map.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement
from jinja2 import Template

from geomap.render._templates import read_template
from geomap.render.popups import json_for_script


class GeomapLayers(MacroElement):
    """Events, choropleth, regions, actors, relations, legend and title of one map.

    Parameters
    ----------
    payload
        JSON-serialisable data of every layer (see :func:`geomap.render.map.render_map`).
    """

    _name = "GeomapLayers"

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()
        self.payload = payload
        self._template = Template(read_template("layers.js.j2"))

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add this element's header, HTML and script to the page, as literal text.

        branca's ``MacroElement.render`` wraps each rendered part in a new ``Element``,
        whose text is compiled as a Jinja template again: data such as ``{{ 7*7 }}`` in a
        note would then be evaluated. The parts go in as :class:`LiteralText` instead.
        """
        figure = self.get_root()
        module = self._template.module
        for part in ("header", "html", "script"):
            text = getattr(module, part)(self, kwargs)
            getattr(figure, part).add_child(LiteralText(text), name=self.get_name())

    @property
    def payload_json(self) -> str:
        """The payload as JSON that is safe inside a ``<script>`` element."""
        return json_for_script(self.payload)

    @property
    def library_js(self) -> str:
        """The drawing library (plain JavaScript, no outside files)."""
        return read_template("geomap.js")

    @property
    def library_css(self) -> str:
        """The styles of the legend, title block, popups and time filter."""
        return read_template("geomap.css")


class LiteralText(Element):
    """Text put in the page as it is (never compiled as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = str(text)

    def render(self, **kwargs: Any) -> str:
        """Return the text unchanged."""
        return self.text
