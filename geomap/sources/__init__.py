"""Readers: every input format becomes an events table (``geomap.model.EVENT_COLUMNS``)."""
