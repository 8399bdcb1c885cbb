"""geomap's settings: typed, documented module variables, and the one reader of the environment.

Set a variable to override the environment for the rest of the process, e.g.
``geomap.settings.cache_dir = Path("/srv/geomap-cache")``; leave it ``None`` to follow
the environment variables below, read each time a setting is used (so a test or a long
running service can change them).
"""

from __future__ import annotations

import os
from pathlib import Path

from geomap.errors import ConfigError

#: The file that makes a folder a geomap project (``geomap init``, ``geomap build DIR``).
PROJECT_FILE = "geomap.toml"
#: Environment variable naming geomap's cache folder (gazetteer index, geocoding cache).
CACHE_DIR_ENV = "GEOMAP_CACHE_DIR"
#: Environment variable naming a local mirror of the map assets for online pages.
CDN_BASE_ENV = "GEOMAP_CDN_BASE"
#: Environment variable: seconds of work before a progress bar appears on a terminal.
PROGRESS_DELAY_ENV = "GEOMAP_PROGRESS_DELAY"
#: pyarrow's own environment variable naming the memory pool it allocates from.
ARROW_POOL_ENV = "ARROW_DEFAULT_MEMORY_POOL"
#: The pyarrow memory pools geomap's commands prefer, best first: after reading a million
#: events, jemalloc holds about 250 MiB less resident memory than mimalloc (pyarrow's
#: default in its wheels) for the same columns (docs/benchmarks.md, seventh round).
ARROW_POOLS = ("jemalloc",)

#: The cache folder; ``None``: ``$GEOMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/geomap``,
#: else ``~/.cache/geomap``.
cache_dir: Path | None = None
#: Base URL of a local mirror of the map assets (``/static``, ``https://cdn.example.org``)
#: that online pages load scripts and stylesheets from; ``None``: ``$GEOMAP_CDN_BASE``,
#: else the public CDNs folium names.
cdn_base: str | None = None
#: Seconds of work before a progress bar first appears; ``None``: ``$GEOMAP_PROGRESS_DELAY``,
#: else one second (short commands print nothing extra).
progress_delay: float | None = None
#: The pyarrow memory pool geomap's commands that read tables allocate from
#: (``"jemalloc"``, ``"mimalloc"``, ``"system"``); ``None``: ``$ARROW_DEFAULT_MEMORY_POOL``
#: when set (pyarrow follows it), else the first of :data:`ARROW_POOLS` this pyarrow has.
#: The library itself never changes the pool of a process it is imported into.
arrow_memory_pool: str | None = None


def resolved_cache_dir() -> Path:
    """The cache folder in force (see :data:`cache_dir`)."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


def resolved_cdn_base() -> str | None:
    """The asset mirror in force, without a trailing slash, or None (see :data:`cdn_base`)."""
    base = cdn_base if cdn_base is not None else os.environ.get(CDN_BASE_ENV)
    return base.rstrip("/") if base else None


def resolved_progress_delay() -> float:
    """Seconds before a progress bar appears (see :data:`progress_delay`).

    Raises
    ------
    ConfigError
        If ``$GEOMAP_PROGRESS_DELAY`` is not a number of seconds.
    """
    if progress_delay is not None:
        return float(progress_delay)
    configured = os.environ.get(PROGRESS_DELAY_ENV, "").strip()
    if not configured:
        return 1.0
    try:
        seconds = float(configured)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise ConfigError(f"${PROGRESS_DELAY_ENV}: expected a number of seconds >= 0, "
                          f"got {configured!r}; unset it for the default of one second")
    return seconds


def resolved_arrow_memory_pool(supported: list[str]) -> str | None:
    """The pyarrow memory pool a command should switch to, or ``None`` to keep pyarrow's
    (see :data:`arrow_memory_pool`); ``supported``: ``pyarrow.supported_memory_backends()``.

    Raises
    ------
    ConfigError
        If :data:`arrow_memory_pool` names a pool this pyarrow does not have.
    """
    if arrow_memory_pool is not None:
        if arrow_memory_pool not in supported:
            raise ConfigError(f"geomap.settings.arrow_memory_pool: expected one of "
                              f"{supported}, got {arrow_memory_pool!r}")
        return arrow_memory_pool
    if os.environ.get(ARROW_POOL_ENV):
        return None  # pyarrow reads it itself
    return next((name for name in ARROW_POOLS if name in supported), None)
