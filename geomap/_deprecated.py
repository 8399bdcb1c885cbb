"""Old module paths kept working for a while, with a warning naming the new one."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any


def moved_module(old: str, new: ModuleType) -> Callable[[str], Any]:
    """A module ``__getattr__`` for the old module ``old`` whose contents moved to ``new``.

    Every attribute taken from the old path is ``new``'s, with a ``DeprecationWarning``
    that names the replacement.
    """

    def __getattr__(name: str) -> Any:
        value = getattr(new, name)  # AttributeError (the new module's) for unknown names
        warnings.warn(f"{old}.{name} is deprecated: use {new.__name__}.{name}",
                      DeprecationWarning, stacklevel=2)
        return value

    return __getattr__
