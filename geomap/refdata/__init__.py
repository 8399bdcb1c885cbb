"""Reference geography, the ground floor every other package stands on.

- :mod:`~geomap.refdata.countries`: ISO/FIPS codes, names and aliases, demonyms, one
  bounding-box table and the one latitude/longitude swap check;
- :mod:`~geomap.refdata.codes`: dataset code tables (ACLED, UCDP, GDELT event types,
  column names seen in exports);
- :mod:`~geomap.refdata.boundaries`: Natural Earth admin-0/admin-1 polygons and the
  basemap outlines (the top-level ``boundaries/`` folder, shipped as ``geomap.boundaries``);
- :mod:`~geomap.refdata.regions`: named regions (Sahel, Donbas…) defined in
  ``geomap/data/regions.yaml``.

The data are files under ``geomap/data/`` and ``boundaries/``; these modules are their
small, cached loaders. Nothing here imports geopandas or shapely at import time, and
nothing here imports another geomap package except ``model``, ``precision`` and ``errors``.
"""
