"""Deprecated: named regions live in :mod:`geomap.refdata.regions`."""

from __future__ import annotations

from geomap._deprecated import moved_module
from geomap.refdata import regions

__getattr__ = moved_module(__name__, regions)
