"""Publish events as a static web map: vector tiles in one PMTiles archive and a page.

``publish_site`` (:mod:`geomap.publish.build`) is the entry point; ``geomap publish`` the
command. See ``docs/publish.md``.
"""
