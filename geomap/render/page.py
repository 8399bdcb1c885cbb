"""The HTML a map is written as: a page or a fragment, made by branca ``Figure`` subclasses.

folium renders every element of a map into three containers of its root figure (header,
html, script); the figure then writes them out. :class:`MapPage` is that root figure for a
geomap page. It decides, once, how each asset link that folium's elements declare
(``default_js``/``default_css``) appears in this page — inlined from a registry package for
an offline page (:class:`InlineAsset`), a CDN or mirror ``<script src>`` for an online page,
or left out when the map's code does not use it — and, for an offline page, checks that the
page's *code* fetches nothing from outside. Data never takes part in either decision:
elements put their data in :class:`DataPart` pieces, which are written as they are and never
searched. :class:`MapFragment` writes the same pieces without ``<html>``/``<head>``/``<body>``.

Nothing here edits rendered HTML: every piece is produced by the element or template that owns
it, and the page only chooses which pieces to write and in what order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, Link
from jinja2 import Template

from geomap.errors import RenderError
from geomap.render import assets, offline
from geomap.render._templates import read_template
from geomap.render.assets import Asset
from geomap.render.embed import DEFAULT_FRAGMENT_HEIGHT

log = logging.getLogger(__name__)

#: Shown when the page's scripts could not load (an online page without network).
LOAD_FAILED = ("This map could not load its map library (Leaflet) from the internet, so it "
               "cannot be shown. Open it with a network connection, or rebuild it as a "
               "self-contained page (geomap build without --cdn), which needs no network.")
NO_SCRIPT = "This map needs JavaScript; it is turned off in this browser."
NOTICE_STYLE = ("margin: 1em; padding: 1em; border: 2px solid #b30000; background: #fff6f6; "
                "color: #222; font: 15px/1.4 system-ui, sans-serif; max-width: 40em;")


class DataPart(Element):
    """A piece of page text that is data, not code: written as it is, never searched.

    Parameters
    ----------
    text
        Data already made safe for where it goes (e.g. JSON escaped for ``<script>``), as
        one string or as strings written one after the other: a :class:`MapPage` writes
        them as they are, never joined (a big JSON in one string would take twice the
        memory as soon as one character is not ASCII).
    """

    def __init__(self, text: str | Sequence[str]) -> None:
        super().__init__()
        self._name = "DataPart"
        self.pieces = [text] if isinstance(text, str) else list(text)

    @property
    def text(self) -> str:
        """The data as one string."""
        return "".join(self.pieces)

    def render(self, **kwargs: Any) -> str:
        """Return the data unchanged, as one string (pages write :attr:`pieces` instead)."""
        return self.text


class CodePart(Element):
    """A piece of page code rendered once by its element; written as it is.

    branca wraps rendered pieces in plain ``Element``s whose text is compiled as a template
    again when the page is written; geomap's elements add a ``CodePart`` instead.
    """

    def __init__(self, text: str, dom_id: str | None = None) -> None:
        super().__init__()
        self._name = "CodePart"
        self.text = text
        self.dom_id = dom_id  # the id of the element it opens, if any

    def render(self, **kwargs: Any) -> str:
        """Return the text unchanged."""
        return self.text


class InlineAsset(Element):
    """A script or stylesheet written into the page from its registry package."""

    _template = Template(read_template("inline_asset.j2"))

    def __init__(self, asset: Asset, guard: bool = False) -> None:
        super().__init__()
        self._name = "InlineAsset"
        self.asset_name = asset.name
        self.kind = asset.kind
        self.guard = guard
        path = assets.asset_path(asset)
        if asset.kind == "css":
            self.code = offline.escape_style(offline.inline_css(path))
        else:
            self.code = offline.escape_script(path.read_text(encoding="utf-8"))


#: Starts the stand-in a data part has in the page template's containers (see PageParts).
DATA_MARKER = "\x00geomap-data-"


@dataclass
class PageParts:
    """The rendered pieces of a page, in order, by the container they go in.

    A :class:`DataPart` stands in its container as a marker (``DATA_MARKER`` and a number)
    and its pieces wait in ``data`` under it: :meth:`with_data` puts them in the page's
    text where the template wrote that very marker object, so they are never joined or
    copied (the template writes a part with ``str()``, which gives a ``str`` back as it is;
    a text that only reads like a marker, such as a title, is a different object and stays).
    """

    header: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    script: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)  # every piece that is page code
    data: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def add(self, where: str, element: Element, **kwargs: Any) -> None:
        """Render ``element`` into container ``where``; remember it as code unless data."""
        if isinstance(element, DataPart):
            marker = f"{DATA_MARKER}{len(self.data)}\x00"
            self.data[marker] = (marker, element.pieces)
            getattr(self, where).append(marker)
            return
        text = element.render(**kwargs)
        getattr(self, where).append(text)
        self.code.append(text)

    def with_data(self, pieces: Iterable[str]) -> Iterator[str]:
        """The page's pieces with each data part's pieces where its marker stands."""
        for piece in pieces:
            found = self.data.get(piece) if piece.startswith(DATA_MARKER) else None
            if found is not None and found[0] is piece:
                yield from found[1]
            else:
                yield piece


class MapPage(Figure):
    """A full HTML page for a folium map, its assets resolved where the page is made.

    Parameters
    ----------
    offline
        Inline every asset and refuse anything that would be fetched from outside.
    cdn_base
        Mirror for the assets of an online page (``<cdn_base>/<package>/<file>``); default
        ``$GEOMAP_CDN_BASE``, else the CDNs folium names.
    title
        The page title (the browser tab).
    id_prefix
        Prefix of element ids when the page is written (see :mod:`geomap.render.output`);
        ``None``: a hash of the page.
    fragment_height
        The map's height when it is written as a fragment (a CSS length).
    """

    _template = Template(read_template("page.html.j2"))
    load_failed_text = LOAD_FAILED
    no_script_text = NO_SCRIPT
    notice_style = NOTICE_STYLE

    def __init__(self, *, offline: bool = False, cdn_base: str | None = None,
                 title: str | None = None, id_prefix: str | None = None,
                 fragment_height: str = DEFAULT_FRAGMENT_HEIGHT) -> None:
        super().__init__(title=title)
        self._name = "MapPage"
        self.offline = offline
        self.cdn_base = cdn_base
        self.id_prefix = id_prefix
        self.fragment_height = fragment_height

    def render(self, **kwargs: Any) -> str:
        """Render the page as one string (what ``save`` and Jupyter use)."""
        return "".join(self.render_pieces(**kwargs))

    def render_pieces(self, **kwargs: Any) -> Iterator[str]:
        """Render the page as a sequence of strings; data pieces come as they are, uncopied.

        Raises
        ------
        RenderError
            For an offline page that needs a resource with no local copy, or whose code
            still loads something from outside.
        """
        # branca gives no public view of an element's children; reading them is how its own
        # Figure.render walks the tree.
        for child in list(self._children.values()):
            child.render(**kwargs)
        parts = self.collect_parts(**kwargs)
        return parts.with_data(self._template.generate(this=self, parts=parts, kwargs=kwargs))

    def collect_parts(self, **kwargs: Any) -> PageParts:
        """Render what the elements put in the page's containers; resolve the asset links."""
        parts = PageParts()
        links: list[tuple[int, Link]] = []
        for name, element in self.page_items("header"):
            if isinstance(element, Link):
                links.append((len(parts.header), element))
                parts.header.append("")
            else:
                parts.add("header", self.replacement("header", name, element), **kwargs)
        for where in ("html", "script"):
            for name, element in self.page_items(where):
                parts.add(where, self.replacement(where, name, element), **kwargs)
        code = "\n".join(parts.code)
        if self.offline:
            offline.check_self_contained(code)
        for position, text in self.resolve_links(links, code, **kwargs):
            parts.header[position] = text
        return parts

    def page_items(self, where: str) -> list[tuple[str, Element]]:
        """``(name, element)`` pairs of a container, in page order."""
        container: Element = getattr(self, where)
        return list(container._children.items())

    def replacement(self, where: str, name: str, element: Element) -> Element:
        """The element written for ``name`` in ``where`` (a page writes each as it is)."""
        return element

    def resolve_links(self, links: list[tuple[int, Link]], code: str,
                      **kwargs: Any) -> Iterator[tuple[int, str]]:
        """The text of each asset link: inlined, linked (CDN or mirror), or empty if unused."""
        done: set[str] = set()
        base = assets.cdn_base(self.cdn_base)
        for position, link in links:
            asset = assets.asset_for_url(link.url)
            if asset is None:
                yield position, self.unknown_link(link, **kwargs)
            elif asset.name in done or not asset.is_needed(code):
                yield position, ""
            else:
                done.add(asset.name)
                yield position, self.asset_text(asset, link, base, **kwargs)

    def unknown_link(self, link: Link, **kwargs: Any) -> str:
        """An asset not in the manifest: linked as it is online, an error offline."""
        if self.offline:
            raise RenderError(
                f"offline map loads an unknown asset {link.url!r}: expected one listed in "
                "geomap/data/assets.json. Add it there with the registry package carrying it."
            )
        return str(link.render(**kwargs))

    def asset_text(self, asset: Asset, link: Link, base: str | None, **kwargs: Any) -> str:
        """How a used asset appears in this page."""
        if not self.offline:
            url = assets.mirror_url(link.url, base) if base else link.url
            kind = JavascriptLink if isinstance(link, JavascriptLink) else CssLink
            return str(kind(url).render(**kwargs))
        if not asset.available_offline:
            if asset.optional:
                log.warning("offline map goes without %s (%s): no installed package carries "
                            "it", asset.name, link.url)
                return ""
            raise RenderError(
                f"offline map needs {asset.name!r} ({link.url!r}), which no installed "
                "registry package carries. Avoid the feature that uses it or write an online map."
            )
        log.debug("inlining %s from %s", asset.name, asset.package)
        text = InlineAsset(asset, guard=self.guards_scripts).render(**kwargs)
        if asset.name == "leaflet_js":
            text += "\n" + offline.default_icon_script()
        return str(text)

    @property
    def guards_scripts(self) -> bool:
        """Whether inlined scripts run once per host page (fragments)."""
        return False


class MapFragment(MapPage):
    """The map as a fragment to paste into a host page (several may share one page).

    Parameters
    ----------
    height
        CSS height of the wrapper ``<div>`` the map fills.
    **options
        Those of :class:`MapPage`.
    """

    _template = Template(read_template("fragment.html.j2"))
    _map_template = Template(read_template("map_fragment.j2"))

    def __init__(self, *, height: str = DEFAULT_FRAGMENT_HEIGHT, **options: Any) -> None:
        super().__init__(**options)
        self._name = "MapFragment"
        self.height = height

    @property
    def guards_scripts(self) -> bool:
        """Inlined libraries run once per host page however many fragments carry them."""
        return True

    def maps(self) -> list[folium.Map]:
        """The folium maps in this fragment."""
        return [child for child in self._children.values() if isinstance(child, folium.Map)]

    @property
    def embed_id(self) -> str:
        """``id`` of the wrapper ``<div>``: after the first map's."""
        maps = self.maps()
        return f"{maps[0].get_name() if maps else 'geomap'}-embed"

    @property
    def dom_ids(self) -> list[str]:
        """Ids of the elements this fragment puts in the host page (made unique when pasted
        twice)."""
        names = [self.embed_id] + [m.get_name() for m in self.maps()]
        return names + [element.dom_id for _, element in self.page_items("html")
                        if isinstance(element, CodePart) and element.dom_id]

    def replacement(self, where: str, name: str, element: Element) -> Element:
        """A map's own header and ``<div>`` in fragment form; the page's ``<meta>`` left out."""
        if where == "header" and name == "meta_http":
            return CodePart("")
        for fmap in self.maps():
            if name == fmap.get_name() and where in ("header", "html"):
                macro = getattr(self._map_template.module, where)
                return CodePart(str(macro(fmap, {})))
        return element
