"""Deprecated: boundary loaders live in :mod:`geomap.refdata.boundaries`."""

from __future__ import annotations

from geomap._deprecated import moved_module
from geomap.refdata import boundaries

__getattr__ = moved_module(__name__, boundaries)
