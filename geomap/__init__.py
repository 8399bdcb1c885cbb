"""geomap: conflict reporting and event data to interactive maps.

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
    pipeline    readers -> layers -> map for ``geomap build``
    project     geomap.toml projects
    cli/        the ``geomap`` command

Importing ``geomap`` is cheap: heavy libraries (geopandas, folium) are imported by the
modules that need them, never here.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
