"""geomap: conflict reporting and event data to interactive maps.

The package follows the data flow::

    model, precision, errors   value objects, the precision scale, the error tree
    refdata/    countries, code tables, boundaries, named regions (data file loaders)
    sources/    readers: ACLED, UCDP GED, GDELT, tables, scenario YAML, articles
    geocoding/  gazetteer, online services (geopy)
    extract/    places, actors and events found in article text
    layers/     attach events to regions, aggregate, actors, relations, export
    render/     folium maps, offline assets, embedding
    cli/        the ``geomap`` command

Importing ``geomap`` is cheap: heavy libraries (geopandas, folium) are imported by the
modules that need them, never here.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
