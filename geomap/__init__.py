"""geomap: conflict reporting and event data to interactive maps.

The Python API (:mod:`geomap.api`), in the idiom of geopandas and folium::

    import geomap
    events = geomap.read("acled.csv")            # a GeoDataFrame; rejects in .attrs
    places = geomap.geocode(["Gao", "Kidal"])    # a DataFrame, one row per name
    found = geomap.extract(article_text)         # places, actors, events; .to_json()
    bundle = geomap.layers(events, regions=["sahel"])
    m = geomap.map(events, title="Mali 2024")    # a folium.Map, shown inline in Jupyter
    geomap.save(m, "mali.html")                  # one self-contained page

The package follows the data flow, bottom up (a module imports only its own package and
the ones listed above it; ``tests/test_architecture.py`` checks it)::

    model, precision, errors, settings
                value objects, the precision scale, the error tree, the settings
                (cache folder, asset mirror: the one reader of environment variables)
    refdata/    countries, code tables, boundaries, named regions (data file loaders)
    sources/    readers: ACLED, UCDP GED, GDELT, tables, scenario YAML, articles
    geocoding/  gazetteer, online services (geopy)
    extract/    places, actors and events found in article text
    layers/     attach events to regions, aggregate, actors, relations, export
    render/     folium maps, offline assets, embedding
    build/      the one build path: a typed plan -> readers -> layers -> outputs
    project/    geomap.toml projects
    api         the functions above
    cli/        the ``geomap`` command

Importing ``geomap`` is cheap: the API's functions, and with them geopandas and folium,
are imported on first use (PEP 562 ``__getattr__``), so ``geomap --help`` stays fast;
``geomap.geocode`` and ``geomap.extract`` load neither geopandas nor folium.
``geomap.layers`` and ``geomap.extract`` are the functions, although subpackages bear the
same names: import from the subpackages by their full names
(``from geomap.layers.bundle import LayerBundle``).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: The public names; ``tests/test_public_api.py`` lists them, so changing one is a decision.
__all__ = ["__version__", "example_path", "extract", "geocode", "layers", "map", "read",
           "save"]

if TYPE_CHECKING:
    from geomap.api import example_path, extract, geocode, layers, map, read, save

_API = frozenset(__all__) - {"__version__"}
#: The functions that need neither geopandas nor folium (``geomap geocode`` starts fast).
_LIGHT = frozenset({"extract", "geocode"})


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    if name in _LIGHT:
        from geomap import _api_light

        return getattr(_api_light, name)
    from geomap import api

    return getattr(api, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _API)


class _Package(types.ModuleType):
    """The ``geomap`` module: importing the subpackages ``geomap.layers`` and
    ``geomap.extract`` must not hide the functions of the same names."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return  # the subpackage stays in sys.modules; the name is the function's
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
