"""Layers: events attached to countries and provinces, aggregates, actors and relations.

``build.build_layers`` makes a :class:`~geomap.layers.bundle.LayerBundle`; the steps are
public too: ``events.events_frame``, ``attach.attach_events``, ``aggregate.events_by_*``,
``actors.actor_layer``, ``relations.relation_layer`` and ``export.write_layers``.
See ``docs/layers.md``. Importing this package imports no heavy library.
"""
