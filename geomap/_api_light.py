"""The API functions that need neither geopandas nor folium: :func:`geocode` and
:func:`extract`.

They live apart from :mod:`geomap.api` (which re-exports them) so that ``geomap.geocode``,
``geomap.extract`` and the ``geomap geocode`` and ``geomap extract`` commands that call
them do not load the map stack: importing geopandas and folium costs about 0.7 s of CPU
and tens of MB, more than a first lookup in the offline gazetteer. pandas, which only
:func:`geocode`'s table needs, is imported at its first call: ``geomap extract`` does not
pay for it (about 0.4 s of CPU per process).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from geomap._files import lone_surrogate
from geomap.errors import ConfigError, InputError
from geomap.extract import Extraction, extract_text
from geomap.geocoding.answers import BBOX_KEYS, GEOCODE_COLUMNS, answer_all, answer_each
from geomap.geocoding.batch import applies, is_qualified, steer_to_batch

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["GEOCODE_COLUMNS", "GEOCODE_DTYPES", "extract", "geocode"]


def geocode(names: str | Iterable[Any], country: str | None = None,
            context: Iterable[str] | None = None,
            row_context: Iterable[Any] | None = None,
            batch_scope: bool = True) -> pd.DataFrame:
    """Resolve place names (or ``"lat, lon"`` text) with the offline gazetteer.

    Parameters
    ----------
    names
        One name or many (a list, a pandas Series...); repeats are answered alike.
    country
        ISO 3166-1 alpha-2 code or country name (``"ML"``): only places in it are
        answers; a namesake elsewhere is at most a suggestion.
    context
        Countries, demonyms, states or regions the places are in (``["Lebanon"]``): only
        places in the countries they name are answers.
    row_context
        One value per name (a column such as ``events["country"]``): each name's own
        country, state or region, as ``context`` for that name only (a tuple for several;
        empty or missing: none). A value that names nothing makes that row's ``error``;
        the other rows are answered (``geomap geocode --context-column``).
    batch_scope
        With neither ``country`` nor ``context``, place ambiguous names near the state
        (else the country) most sure names share, as ``geomap geocode`` does
        (:mod:`geomap.geocoding.batch`; each moved name's ``note`` says so); False
        answers each name alone.

    Returns
    -------
    pandas.DataFrame
        One row per name, in order, with :data:`GEOCODE_COLUMNS` (the keys of
        ``geomap geocode --json``): coordinates, kind, country, admin-1, precision and
        score, ``confidence`` ("low" with its ``confidence_reason`` when ambiguous or
        matched only another name), ``area`` (true when the point stands for an area: a
        country, a province, "northern Mali"), its extent ``bbox_west``/``south``/
        ``east``/``north`` (missing for a point) and ``geometry`` (GeoJSON, lon/lat: the
        area's polygon, else the point); ``error`` and the ``suggestions`` list for a name
        that did not resolve (``"not found in ML"``: suggestions are never answers).

        The columns are typed (:data:`GEOCODE_DTYPES`): ``lat``, ``lon``, ``score`` and
        the ``bbox_*`` are float64; ``geonameid`` is ``Int64``, ``area`` ``boolean``;
        ``geometry`` (dicts) and ``suggestions`` (lists) are objects, shared by the rows
        of one name; every other column is text as a pandas ``Categorical`` (each
        distinct value stored once: a column of a million names costs a few MB). A value
        a name has not (the place keys of a miss, the ``error`` of a hit) is missing:
        ``pandas.isna`` is true (NaN, or ``pd.NA`` in ``geonameid`` and ``area``, None in
        ``geometry``), where ``geomap geocode --json`` writes ``null``.

    Examples
    --------
    >>> table = geocode(["Gao", "Tripoli, Lebanon", "Nowhereville"])
    >>> table[["query", "country_code", "error"]].astype(object).values.tolist()
    [['Gao', 'ML', nan], ['Tripoli, Lebanon', 'LB', nan], ['Nowhereville', nan, 'not found']]
    """
    import pandas as pd  # here, not at import: geomap.extract and its command need it not

    if isinstance(names, bytes | bytearray) or not isinstance(names, str | Iterable):
        # b"Gao" was answered as three queries, 71, 97 and 111; None was a TypeError
        raise ConfigError(f"expected a name or names as text (a str, a list or a column of "
                          f"them), got {type(names).__name__} {_shown(names)}", key="names")
    if hasattr(names, "columns"):  # a DataFrame was answered as its column names
        raise ConfigError(f"expected a name or names as text (a str, a list or a column of "
                          f"them), got {type(names).__name__}: give its column of names "
                          "(table['place'])", key="names")
    context = _checked_options(country, context, row_context, batch_scope)
    if row_context is None:
        codes, distinct = _distinct([names] if isinstance(names, str) else names)
        _refuse_lone_surrogates(distinct, codes)
        rows = answer_all(distinct, country, context or ())
        qualified = [is_qualified(name, ()) for name in distinct]
    else:
        queries = [names] if isinstance(names, str) else list(names)
        hints = [_hints(value) for value in row_context]
        if len(hints) != len(queries):
            raise ConfigError(f"expected row_context to hold one value per name "
                              f"({len(queries)}), got {len(hints)}", key="row_context")
        codes, pairs = _distinct(list(zip(queries, hints, strict=True)))
        _refuse_lone_surrogates([query for query, _ in pairs], codes)
        rows = answer_each([query for query, _ in pairs], [more for _, more in pairs],
                           country, context or ())
        qualified = [is_qualified(*pair) for pair in pairs]
    if batch_scope and applies(country, context):
        import numpy as np

        counts = np.bincount(codes, minlength=len(rows)).tolist()
        rows = steer_to_batch(rows, qualified, counts)
    # Each distinct name's values reach its repeats by position (codes into small arrays
    # of a few thousand answers): no Python object is made per row.
    columns = {key: _column(key, [row[key] for row in rows], codes) for key in GEOCODE_COLUMNS}
    return pd.DataFrame(columns, copy=False)  # not copied again into 2-D blocks


def _checked_options(country: Any, context: Any, row_context: Any, batch_scope: Any
                     ) -> tuple[str, ...]:
    """``context`` as a tuple (one str is one context), once every option of
    :func:`geocode` is of its type (``country=5`` was an AttributeError traceback,
    ``context=[5]`` was ignored, ``batch_scope="no"`` was true)."""
    if country is not None and not isinstance(country, str):
        raise ConfigError(f"expected 'country' as text (ML, 'Mali'), got "
                          f"{type(country).__name__} {_shown(country)}", key="country")
    contexts = (context,) if isinstance(context, str) else context
    if contexts is not None and (not isinstance(contexts, Iterable) or isinstance(
            contexts, bytes | bytearray) or not all(isinstance(c, str) for c in contexts)):
        raise ConfigError(f"expected 'context' as text or a list of texts (['Mali']), got "
                          f"{_shown(context)}", key="context")
    if row_context is not None and (isinstance(row_context, str | bytes | bytearray)
                                    or not isinstance(row_context, Iterable)):
        raise ConfigError(f"expected 'row_context' to hold one value per name (a list or a "
                          f"column), got {type(row_context).__name__} {_shown(row_context)}",
                          key="row_context")
    if not isinstance(batch_scope, bool):
        raise ConfigError(f"expected 'batch_scope' True or False, got {_shown(batch_scope)}",
                          key="batch_scope")
    return tuple(contexts) if contexts is not None else ()


#: The dtype of each column of :func:`geocode`'s table that is not a ``category``.
GEOCODE_DTYPES: dict[str, str] = {
    **dict.fromkeys(("lat", "lon", "score", *BBOX_KEYS), "float64"),
    "geonameid": "Int64", "area": "boolean", "geometry": "object", "suggestions": "object",
}


def _refuse_lone_surrogates(distinct: list[Any], codes: np.ndarray) -> None:
    """Refuse a name holding a lone surrogate (``"\\ud800"``, no character): the table's
    text columns cannot hold it (it was pyarrow's ``UnicodeEncodeError``)."""
    import numpy as np

    for k, name in enumerate(distinct):
        if isinstance(name, str) and lone_surrogate(name) is not None:
            position = int(np.flatnonzero(codes == k)[0]) + 1
            raise InputError(f"expected text, got a lone surrogate in name {position} "
                             f"({name[:120]!r}); it is no character: remove it")


def _column(key: str, values: list[Any], codes: np.ndarray) -> Any:
    """The column ``key`` of the table: the distinct names' ``values`` taken by ``codes``."""
    import numpy as np
    import pandas as pd

    dtype = GEOCODE_DTYPES.get(key, "category")
    if dtype == "float64":  # None -> NaN
        return np.array(values, dtype=np.float64)[codes]
    if dtype == "object":
        return np.fromiter(values, dtype=object, count=len(values))[codes]
    if dtype == "category":
        value_codes, categories = pd.factorize(np.fromiter(values, dtype=object,
                                                           count=len(values)))
        small = value_codes.astype(np.min_scalar_type(-len(categories) - 1))  # holds -1
        return pd.Categorical.from_codes(small[codes], categories=categories, validate=False)
    return pd.array(values, dtype=dtype).take(codes)


def _distinct(names: Iterable[Any]) -> tuple[np.ndarray, list[Any]]:
    """Each name's position among the distinct names, and those.

    A pandas column of text is factorised in place (pyarrow's dictionary encoding: no
    Python string per row), its missing values answered as one; other names are numbered
    by a dict in order of first use, one lookup per name as in a plain ``dict.get``
    (``pandas.factorize`` of Python objects is no faster, and would merge ``None`` with
    NaN, whose answers differ).
    """
    import numpy as np
    import pandas as pd

    if isinstance(names, pd.Series | pd.Index) and \
            isinstance(names.dtype, pd.StringDtype | pd.CategoricalDtype):
        codes, uniques = pd.factorize(names)
        distinct = uniques.tolist()
        if (codes < 0).any():  # the column's missing value (NaN or pd.NA), answered once
            codes[codes < 0], distinct = len(distinct), [*distinct, names.dtype.na_value]
        return codes, distinct
    queries = names if isinstance(names, list) else list(names)
    position = _Numbering()  # one pass, in C but for each new name
    codes = np.fromiter(map(position.__getitem__, queries), dtype=np.intp, count=len(queries))
    return codes, list(position)


def _hints(value: Any) -> tuple[str, ...]:
    """One name's ``row_context``: text, several texts, or nothing (None, NaN, "");
    anything else as its repr, which names nothing: that row's error (a number or a dict
    was dropped without a word)."""
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, tuple | list):
        return tuple(hint for item in value for hint in _hints(item))
    if value is None or _missing(value):
        return ()
    return (repr(value),)


def _missing(value: Any) -> bool:
    """Whether a scalar is pandas' or numpy's missing value (NaN, NaT, ``pd.NA``)."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # not a scalar
        return False


class _Numbering(dict[Any, int]):
    """Numbers keys in order of first use: a new key gets the next number when read."""

    def __missing__(self, key: Any) -> int:
        self[key] = number = len(self)
        return number


def extract(text: str, date: date | None = None) -> Extraction:
    """Find the places, actors, events and relations in an article's text, offline.

    Parameters
    ----------
    text
        The article as plain text.
    date
        Its publication date, which relative dates ("on Tuesday") resolve against; by
        default a full date near the top of the text, if there is one.

    Returns
    -------
    geomap.extract.Extraction
        ``.places``, ``.actors``, ``.events``, ``.relations`` as objects; ``.to_json()``
        gives the contract of ``geomap extract --json`` (docs/extract.md).

    Examples
    --------
    >>> found = extract("Militants attacked an army post near Gao on 3 March 2024, "
    ...                 "killing four soldiers.")
    >>> [p.text for p in found.places]
    ['Gao']
    >>> found.to_json()["events"][0]["fatalities"]
    4
    """
    if not isinstance(text, str):  # None, bytes, a list: a TypeError deep inside
        raise ConfigError(f"expected the article's text as a str, got {type(text).__name__} "
                          f"{_shown(text)}; decode bytes first (text.decode('utf-8')), "
                          "read a file with open(path).read()", key="text")
    return extract_text(text, article_date=date)


def _shown(value: Any) -> str:
    """``value``'s repr, at most 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
