"""The folium element that draws geomap's layers in the browser.

``GeomapLayers`` is a branca ``MacroElement``: its Jinja template (package data,
``geomap/data/render/layers.js.j2``) puts the layers' data in the page as one JSON
``<script type="application/json">`` block, the drawing library (``geomap.js``, inline,
defined once per page) and a call that draws the layers on its parent map.

While :mod:`geomap.render.output` writes a page, the events data (the bulk of a big map)
is *deferred*: the block holds a marker (:func:`data_mark`) and the events JSON waits in
a list, so the whole-page passes (ids, offline inlining, fragments) never scan or copy it;
it is spliced back in once, as the file is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
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
        """The payload as JSON that is safe inside a ``<script>`` element.

        Inside :func:`deferred_data`, the events part is set aside and the JSON holds a
        :func:`data_mark` where it goes.
        """
        store = _DEFERRED.get()
        events = self.payload.get("events")
        if store is None or events is None:
            return json_for_script(self.payload)
        rest = json_for_script({k: v for k, v in self.payload.items() if k != "events"})
        mark = data_mark(len(store))
        store.append(json_for_script(events))
        return f'{rest[:-1]}{"," if len(rest) > 2 else ""}"events":{mark}}}'

    @property
    def library_js(self) -> str:
        """The drawing library (plain JavaScript, no outside files)."""
        return read_template("geomap.js")

    @property
    def library_css(self) -> str:
        """The styles of the legend, title block, popups and time filter."""
        return read_template("geomap.css")


_DEFERRED: ContextVar[list[str] | None] = ContextVar("geomap_deferred_data", default=None)


@contextlib.contextmanager
def deferred_data() -> Iterator[list[str]]:
    """Within the block, rendered maps defer their events JSON to the list yielded.

    The ``n``-th entry belongs where the page holds ``data_mark(n)``.
    """
    store: list[str] = []
    token = _DEFERRED.set(store)
    try:
        yield store
    finally:
        _DEFERRED.reset(token)


def data_mark(number: int) -> str:
    """The marker standing for the ``number``-th deferred events JSON in a page.

    It starts with ``<``, which no JSON data in the page can contain (see
    :func:`geomap.render.popups.json_for_script`), so data can never fake it.
    """
    return f"<!--geomap-data-{number}-->"


class LiteralText(Element):
    """Text put in the page as it is (never compiled as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = str(text)

    def render(self, **kwargs: Any) -> str:
        """Return the text unchanged."""
        return self.text
