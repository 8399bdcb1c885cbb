"""render_html / write_html / iframe_snippet: online, offline and fragment pages (no browser)."""

from __future__ import annotations

import re

import folium
import pytest
from folium.plugins import HeatMap, MarkerCluster

from geomap.errors import ConfigError, RenderError
from geomap.render import assets, offline
from geomap.render.basemap import add_basemap
from geomap.render.output import iframe_snippet, render_html, write_html

# folium's own Leaflet URL (a CDN address that is only compared, never fetched)
LEAFLET_CDN = dict(folium.folium._default_js)["leaflet"]
# asymmetric: latitude 14.5, longitude -4.2 (central Mali)
LAT, LON = 14.5, -4.2


def small_map() -> folium.Map:
    m = folium.Map(location=[LAT, LON], zoom_start=6, tiles=None, maxZoom=18)
    folium.CircleMarker([LAT, LON], radius=6, color="#b30000").add_to(m)
    return m


def test_online_page_keeps_cdn_urls() -> None:
    page = render_html(small_map())
    assert f'<script src="{LEAFLET_CDN}">' in page
    assert page.startswith("<!DOCTYPE html>")


def test_cdn_base_points_known_assets_at_a_mirror(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(assets.CDN_BASE_ENV, raising=False)
    m = small_map()
    folium.Marker([LAT, LON], icon=folium.Icon(icon="flag")).add_to(m)
    page = render_html(m, cdn_base="https://static.example.org/geo/")
    assert "https://static.example.org/geo/xstatic-leaflet/leaflet.js" in page
    assert LEAFLET_CDN not in page
    assert "/geo/geomap-vendored/leaflet.awesome-markers/leaflet.awesome-markers.js" in page
    assert "/geo/geomap-vendored/glyphicons/glyphicons.css" in page


def test_online_page_drops_unused_folium_defaults() -> None:
    page = render_html(small_map())
    for unused in ("bootstrap", "jquery", "fontawesome", "awesome-markers", "glyphicons"):
        assert unused not in page


def test_cdn_base_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(assets.CDN_BASE_ENV, "/static")
    assert "/static/xstatic-leaflet/leaflet.css" in render_html(small_map())


def test_offline_inlines_leaflet_and_drops_unused_assets() -> None:
    page = render_html(small_map(), offline=True)
    assert "<script src" not in page
    assert 'rel="stylesheet"' not in page
    assert "cdn.jsdelivr.net" not in page
    assert "L.Icon.Default.imagePath" in page
    for unused in ("jQuery v3", "Bootstrap", "Font Awesome"):
        assert unused not in page
    assert 100_000 < len(page.encode()) < 400_000


def test_names_that_end_in_fa_do_not_pull_font_awesome() -> None:
    m = small_map()
    folium.CircleMarker([LAT, LON], popup="Mustafa said: Rafah, sofa-bed, alfa").add_to(m)
    assert "Font Awesome" not in render_html(m, offline=True)


def test_offline_keeps_what_the_map_uses() -> None:
    m = small_map()
    folium.Marker([LAT + 1, LON], popup="<b>Mopti</b>").add_to(m)  # popup html uses jQuery
    MarkerCluster().add_to(m)
    HeatMap([[LAT, LON, 1.0]]).add_to(m)
    page = render_html(m, offline=True)
    assert "jQuery v3" in page
    assert "MarkerClusterGroup" in page
    assert "simpleheat" in page
    assert page.count("jQuery v3.7.1") == 1  # inlined once


def test_offline_refuses_online_tiles() -> None:
    m = folium.Map(location=[LAT, LON], tiles="OpenStreetMap")
    with pytest.raises(RenderError, match=r"tile\.openstreetmap\.org"):
        render_html(m, offline=True)


def test_offline_refuses_assets_without_local_copy() -> None:
    m = small_map()
    folium.Marker([LAT, LON], popup='<button data-bs-toggle="x">more</button>').add_to(m)
    with pytest.raises(RenderError, match="bootstrap_js"):
        render_html(m, offline=True)


def test_offline_refuses_unknown_assets() -> None:
    from folium.plugins import Fullscreen

    m = small_map()
    Fullscreen().add_to(m)
    with pytest.raises(RenderError, match=r"unknown asset .*Control\.FullScreen"):
        render_html(m, offline=True)


def test_offline_icons_use_vendored_awesome_markers() -> None:
    m = small_map()
    folium.Marker([LAT, LON], icon=folium.Icon(prefix="fa", icon="flag", color="red")).add_to(m)
    page = render_html(m, offline=True)
    assert "L.AwesomeMarkers = {}" in page
    assert "Font Awesome Free" in page
    assert "markers-soft" not in page  # sprite inlined as a data URI
    assert "Glyphicons Halflings" not in page


def test_offline_default_icon_gets_glyphicons() -> None:
    m = small_map()
    folium.Marker([LAT, LON + 1], icon=folium.Icon()).add_to(m)  # folium's default: glyphicon
    page = render_html(m, offline=True)
    assert ".glyphicon-info-sign:before" in page
    assert 'url("data:font/woff2;base64,' in page
    assert "Font Awesome Free" not in page


def test_offline_refuses_external_images_but_not_links() -> None:
    m = small_map()
    folium.Marker([LAT, LON], popup='<a href="https://example.org/x">source</a>').add_to(m)
    render_html(m, offline=True)  # a link in text is fine
    folium.Marker([LAT, LON], popup='<img src="https://example.org/a.png">').add_to(m)
    with pytest.raises(RenderError, match=r"example\.org/a\.png"):
        render_html(m, offline=True)


def test_escape_script_hides_closing_tags() -> None:
    code = offline.escape_script('var s = "</script><!-- x";')
    assert "</script" not in code and "<!--" not in code
    assert "\\x3C/script" in code


def test_inline_css_turns_urls_into_data_uris() -> None:
    leaflet_css = assets.asset_for_url(LEAFLET_CDN[: -len("js")] + "css")
    assert leaflet_css is not None
    css = offline.inline_css(assets.asset_path(leaflet_css))
    assert "images/layers.png" not in css
    assert 'url("data:image/png;base64,' in css


def test_every_manifest_file_exists() -> None:
    for asset in assets.all_assets():
        if asset.available_offline:
            assert assets.asset_path(asset).stat().st_size > 100


def test_fragment_has_no_page_structure() -> None:
    frag = render_html(small_map(), fragment=True, fragment_height="420px")
    for tag in ("<html", "<head", "<body", "<!DOCTYPE", "<meta"):
        assert tag not in frag
    assert not re.search(r"html,\s*body\s*\{", frag)
    assert "#map {" not in frag
    assert 'class="geomap-embed"' in frag and "height: 420px" in frag
    assert frag.count('class="folium-map"') == 1


def test_fragment_rejects_bad_height() -> None:
    with pytest.raises(ConfigError, match="CSS length"):
        render_html(small_map(), fragment=True, fragment_height="tall")


@pytest.mark.parametrize("height", ["\u0665\u0660\u0660", "\u0665\u0660\u0660px",
                                    "\uff15\uff10\uff10px"])
def test_a_height_in_digits_no_browser_reads_is_refused(height: str) -> None:
    """Before: Arabic-Indic or full-width digits (``\u0665\u0660\u0660``, 500 to Python)
    were taken as a fragment height and written into the page's CSS, which no browser
    reads: the embedded map got no height."""
    with pytest.raises(ConfigError, match="CSS length"):
        render_html(small_map(), fragment=True, fragment_height=height)
    with pytest.raises(ConfigError):
        iframe_snippet("a.html", height, height)


def test_iframe_snippet_escapes_and_validates() -> None:
    snippet = iframe_snippet('maps/a"b.html', 800, "60vh")
    assert 'src="maps/a&quot;b.html"' in snippet
    assert 'width="800"' in snippet and 'height="60vh"' in snippet
    with pytest.raises(ConfigError):
        iframe_snippet("a.html", "100px; onload=x", 10)


def test_write_html_is_atomic_and_returns_path(tmp_path) -> None:
    target = tmp_path / "maps" / "mali.html"
    result = write_html(small_map(), target, offline=True)
    assert result == target
    assert target.read_text(encoding="utf-8") == render_html(small_map(), offline=True)
    assert [p.name for p in target.parent.iterdir()] == ["mali.html"]


def test_write_html_names_a_misspelt_option(tmp_path) -> None:
    target = tmp_path / "mali.html"
    with pytest.raises(ConfigError, match="'offlin'"):
        write_html(small_map(), target, offlin=True)  # type: ignore[call-arg]
    assert not target.exists()


def test_rendering_leaves_the_map_unchanged() -> None:
    m = small_map()
    name = m.get_name()
    first = render_html(m)
    m._repr_html_()  # a plain folium render in between (as Jupyter does)
    assert render_html(m) == first
    assert m.get_name() == name


def test_render_html_rejects_non_maps() -> None:
    with pytest.raises(RenderError, match=r"expected a folium\.Map"):
        render_html("not a map")


def test_basemap_draws_rounded_lon_lat_polygons() -> None:
    m = small_map()
    ring = [[-4.21234, 14.56789], [-3.0, 14.5], [-3.0, 15.9], [-4.21234, 14.56789]]
    add_basemap(m, {"type": "Polygon", "coordinates": [ring]})
    page = render_html(m, offline=True)
    # lon,lat order, rounded to 0.01 degree, then deltas: -4.21,14.57 -> -3.00,14.50 ...
    assert '"Polygon",[[-421,1457,121,-7,0,140,-121,-133]]' in page
    assert "geomapBasemap" in page
    assert re.search(r'map_\w+\.getContainer\(\)\.style\.background = "#d6e6ef";', page)


def test_export_mirror_lays_out_package_folders(tmp_path) -> None:
    written = assets.export_mirror(tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert "xstatic-leaflet/leaflet.js" in names
    assert "xstatic-leaflet/images/marker-shadow.png" in names
    assert "xstatic-font-awesome/webfonts/fa-solid-900.woff2" in names
    assert len(names) == len(written)
    page = render_html(small_map(), cdn_base="http://127.0.0.1:8000")
    for url in re.findall(r'(?:src|href)="http://127\.0\.0\.1:8000/([^"]+)"', page):
        assert (tmp_path / url).is_file()


def test_offline_refuses_online_image_overlays() -> None:
    m = small_map()
    folium.raster_layers.ImageOverlay(
        "https://example.org/overlay.png", bounds=[[14, -5], [15, -4]]
    ).add_to(m)
    with pytest.raises(RenderError, match=r"overlay\.png"):
        render_html(m, offline=True)
