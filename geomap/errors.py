"""One error tree for geomap.

Every message says what was expected, what was received (``!r``) and how to fix it.
Errors that resemble a builtin also inherit it, so ``except ValueError`` keeps working
for callers who do not know geomap's tree.
"""

from __future__ import annotations

from pathlib import Path


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """Bad input data: a file, a row or a field that cannot be used.

    Parameters
    ----------
    message
        What was expected and what was received.
    file
        The file the bad input came from, if any.
    line
        1-based line number in that file, if known.
    field
        The column, key or field name, if known.
    hint
        How to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.reason = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = f"field {self.field!r}: " if self.field else ""
        stop = "" if self.reason.endswith((".", "!", "?")) else "."
        hint = f"{stop} {self.hint}" if self.hint else ""
        return f"{where}{field}{self.reason}{hint}"


class FormatError(InputError):
    """A whole file is not in a format geomap can read (wrong delimiter, missing columns...)."""


class ScenarioError(InputError):
    """A scenario YAML file breaks the scenario schema.

    ``others`` are the file's further errors found in the same read (each a
    ScenarioError of its own): a curator fixes them in one go. The message names the
    first in full and lists the others after it, each by line and field.
    """

    #: How many of the further errors the message lists; the rest are counted.
    LISTED = 20

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, field: str | None = None,
                 hint: str | None = None, others: tuple[ScenarioError, ...] = (),
                 follows: bool = False) -> None:
        self.others = others
        #: the error only follows from another entry's (it names an entry with errors)
        self.follows = follows
        super().__init__(message, file=file, line=line, field=field, hint=hint)

    @classmethod
    def joined(cls, errors: list[ScenarioError]) -> ScenarioError:
        """One error for all of ``errors``: the first in full, then the others; the
        errors that only follow from another's are counted, not listed."""
        own = [e for e in errors if not e.follows] or errors
        first = own[0]
        return cls(first.reason, file=first.file, line=first.line, field=first.field,
                   hint=first.hint, others=tuple(e for e in errors if e is not first))

    def _format(self) -> str:
        text = super()._format()
        own = [e for e in self.others if not e.follows]
        following = len(self.others) - len(own)
        if own:
            listed = "; ".join(_located(other) for other in own[:self.LISTED])
            rest = len(own) - self.LISTED
            tail = f"; and {rest} more" if rest > 0 else ""
            text += (f" {len(own)} more error{'s' if len(own) > 1 else ''} in this file: "
                     f"{listed}{tail}.")
        if following:
            text += (f" {following} more entr{'ies' if following > 1 else 'y'} of this file "
                     f"name{'' if following > 1 else 's'} an entry with errors (their errors "
                     "may go with those).")
        return text


def _located(error: InputError) -> str:
    """``line 12: field 'events[3].date': reason`` (no file, no hint: they follow one)."""
    where = f"line {error.line}: " if error.line is not None else ""
    field = f"field {error.field!r}: " if error.field else ""
    return f"{where}{field}{error.reason.rstrip('.')}"


class ConfigError(GeomapError, ValueError):
    """A bad option, setting or project file (geomap.toml).

    ``key`` names the setting relative to the object that checked it (``"countries"``);
    whoever knows the file and the table puts them in front
    (``geomap.toml: key 'filters.countries': ...``).
    """

    def __init__(self, message: str, *, key: str | None = None) -> None:
        self.key = key
        super().__init__(message)


class OutputError(GeomapError, OSError):
    """An output could not be written (disk full, read-only file system, a folder in the way,
    an output that would overwrite an input)."""


class DataError(GeomapError, RuntimeError):
    """Package data (boundaries, gazetteer index) is missing or damaged."""


class ClusterError(GeomapError, RuntimeError):
    """A dask cluster could not finish the work (its workers kept dying on a task)."""


class GeocodeError(GeomapError, LookupError):
    """A place could not be resolved."""


class PlaceNotFound(GeocodeError):
    """No candidate matched the query.

    Parameters
    ----------
    query
        The query as given.
    candidates
        Near misses, best first (labels such as ``"Bamako (ML)"``), to show the user.
    scope
        The countries the user limited the answer to (``"ML"``), if any: the near misses
        then lie outside them and are suggestions, never answers.
    """

    def __init__(self, query: str, candidates: list[str] | None = None,
                 scope: str | None = None) -> None:
        self.query = query
        self.candidates = list(candidates or [])
        self.scope = scope
        where = f" in {scope}" if scope else ""
        if self.candidates and scope:
            hint = (f" Suggestions outside {scope} (not answers): "
                    f"{', '.join(self.candidates[:5])}.")
        elif self.candidates:
            hint = f" Did you mean: {', '.join(self.candidates[:5])}?"
        else:
            hint = ""
        super().__init__(f"no place matches {query!r}{where}.{hint}")


class ServiceError(GeomapError):
    """An online geocoding service failed."""


class ServiceTimeout(ServiceError, TimeoutError):
    """An online service did not answer in time."""


class RateLimited(ServiceError):
    """An online service refused because of the request rate (HTTP 429)."""


class RenderError(GeomapError):
    """A map could not be rendered."""


class MissingDependency(GeomapError, ImportError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"this feature needs {package!r}, which is not installed. "
            f"Install it with: pip install 'geomap[{extra}]'"
        )
