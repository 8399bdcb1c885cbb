"""The memory pool of the commands that read big tables (``geomap build``, ``geomap layers``)."""

from __future__ import annotations

import logging

from geomap import settings

logger = logging.getLogger(__name__)


def use_command_memory_pool() -> None:
    """Have pyarrow allocate from the pool :func:`geomap.settings.resolved_arrow_memory_pool`
    names for the rest of this process (nothing when it names none).

    Set once, before the sources are read: the columns read stay in the pool they were
    allocated from.
    """
    import pyarrow as pa

    name = settings.resolved_arrow_memory_pool(pa.supported_memory_backends())
    if name is None or pa.default_memory_pool().backend_name == name:
        return
    pa.set_memory_pool(getattr(pa, f"{name}_memory_pool")())
    logger.debug("pyarrow allocates from %s", name)
