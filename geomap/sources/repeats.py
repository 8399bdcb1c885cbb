"""The same event in two places: two sources, or two pieces of one file read in pieces.

A reader already merges or rejects the repeats of an id within the file it reads whole,
by the same rule (:func:`geomap.sources.acled.merge_repeats`, :func:`merge_within`). An
analyst who downloads a "Mali" and then a "Sahel" ACLED export holds many events twice,
though, and a file read in pieces (``geomap publish``) has its repeats in different
pieces. Here the rule is the readers' rule across places:

* the same dataset and event id (:data:`GLOBAL_ID_DATASETS` only: an ACLED
  ``event_id_cnty``, a UCDP GED ``id``, a GDELT ``GLOBALEVENTID`` name one event
  wherever they appear; ids of tables, scenarios and articles are local to their file)
  with the same date, type, coordinates and fatalities (:data:`SAME_EVENT`) is one event:
  the first place keeps it, the later one is counted as merged and named in the
  warnings with both places;
* the same id with other content is a conflicting duplicate: the later row is
  rejected, naming the first place (as within one file).

"First" is the order of the sources given, then of lines. ``geomap build`` applies it
to the frames read (:func:`merge_across`); ``geomap publish`` to keys staged by each
piece, partition by partition (:mod:`geomap.publish.repeats`). Both find the repeats
with :func:`find_repeats` on the keys :func:`event_keys` makes, so they agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from geomap.sources.report import ReadResult, Reject

if TYPE_CHECKING:
    import pandas as pd

#: Datasets whose event ids name one event in every file they appear in.
GLOBAL_ID_DATASETS = ("acled", "ucdp", "gdelt")
#: Fields that must agree for two rows of one id to be one event (as
#: :data:`geomap.sources.acled.SAME_EVENT` within a monadic export).
SAME_EVENT = ("event_date", "event_type", "latitude", "longitude", "fatalities")
#: Between the dataset and the event id in a key.
KEY_SEPARATOR = "\x1f"
#: Bits of an order number (``source << ORDER_BITS | line``) that hold the line.
ORDER_BITS = 40
LINE_MASK = (1 << ORDER_BITS) - 1


def event_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The keys of the events of ``frame`` that may repeat elsewhere.

    Returns
    -------
    pandas.DataFrame
        ``row`` (position in ``frame``), ``key`` (``dataset`` and ``event_id`` joined by a
        unit separator) and ``content`` (a 64-bit hash of :data:`SAME_EVENT`), for the rows
        of :data:`GLOBAL_ID_DATASETS` with an id; empty for other frames.
    """
    import pandas as pd

    if not len(frame) or "event_id" not in frame or "dataset" not in frame:
        return pd.DataFrame({"row": np.zeros(0, np.int64), "key": pd.Series([], dtype="str"),
                             "content": np.zeros(0, np.uint64)})
    dataset = frame["dataset"].astype("str")
    ok = (dataset.isin(GLOBAL_ID_DATASETS) & frame["event_id"].notna()).to_numpy(dtype=bool)
    part = frame.loc[ok]
    content = pd.util.hash_pandas_object(part[list(SAME_EVENT)], index=False)
    return pd.DataFrame({
        "row": np.flatnonzero(ok).astype(np.int64),
        "key": (dataset[ok] + KEY_SEPARATOR + part["event_id"].astype("str")).to_numpy(),
        "content": content.to_numpy(np.uint64),
    })


def find_repeats(keys: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``keys`` that repeat an earlier row's key.

    Parameters
    ----------
    keys
        ``key``, ``content`` (as :func:`event_keys` makes them) and ``order`` (unique
        int64: the earlier place has the smaller number).

    Returns
    -------
    pandas.DataFrame
        One row per later place: its ``order``, the first place's (``first``) and
        ``conflict`` (True where its content differs from the first's: a rejected
        duplicate; False: merged, in one file as across files), sorted by ``order``.
    """
    import pandas as pd

    codes, _ = pd.factorize(keys["key"].to_numpy())
    order = keys["order"].to_numpy(np.int64)
    by_key = np.lexsort((order, codes))
    codes, order = codes[by_key], order[by_key]
    content = keys["content"].to_numpy(np.uint64)[by_key]
    starts = np.r_[True, codes[1:] != codes[:-1]] if len(codes) else np.zeros(0, bool)
    first = np.maximum.accumulate(np.where(starts, np.arange(len(codes)), 0))
    later = ~starts
    conflict = content[later] != content[first[later]]
    found = pd.DataFrame({"order": order[later], "first": order[first[later]],
                          "conflict": conflict})
    return found.sort_values("order", kind="stable", ignore_index=True)


def merge_within(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, int, list[Reject],
                                                         list[Reject]]:
    """The rule within one file of UCDP GED or GDELT (rows in file order): a later row of an
    event id with the first row's :data:`SAME_EVENT` content is merged away and named in a
    warning, one with other content is rejected naming the first row's line.

    (ACLED's reader applies the same rule, :func:`geomap.sources.acled.merge_repeats`, and
    also joins the actors of a monadic export's repeats, which it does not name.)

    Returns
    -------
    tuple
        The frame without the later rows, the number merged, the rejects, the warnings.
    """
    import pandas as pd

    codes, distinct = pd.factorize(frame["event_id"])  # missing: -1, never a repeat
    known = np.flatnonzero(codes >= 0)
    if len(distinct) == len(known):
        return frame, 0, [], []  # every id once: the usual case
    ids, first_at = np.unique(codes[known], return_index=True)
    first_row = np.zeros(len(distinct), np.int64)
    first_row[ids] = known[first_at]
    later = known[known != first_row[codes[known]]]
    firsts = first_row[codes[later]]
    content = pd.util.hash_pandas_object(frame[list(SAME_EVENT)], index=False).to_numpy()
    conflicts = content[later] != content[firsts]
    lines = frame["source_line"].to_numpy(np.int64)
    event_ids = frame["event_id"].to_numpy()
    told = [repeat_reject(file, int(lines[row]), str(event_ids[row]), file, int(lines[first]),
                          bool(conflict))
            for row, first, conflict in zip(later, firsts, conflicts, strict=True)]
    keep = np.ones(len(frame), dtype=bool)
    keep[later] = False
    return (frame.loc[keep], int((~conflicts).sum()),
            [t for t, c in zip(told, conflicts, strict=True) if c],
            [t for t, c in zip(told, conflicts, strict=True) if not c])


def merge_across(results: Sequence[ReadResult]) -> list[ReadResult]:
    """``results`` (in the order their sources were given) with the events a later source
    repeats of an earlier one merged away or rejected (see the module's rule).

    A later repeat leaves its result's ``frame`` and counts in ``merged``, with a warning
    naming both places; a conflicting one is a reject naming the first place. Results
    without such repeats are returned as they were.
    """
    import pandas as pd

    if sum(_may_repeat(result.frame) for result in results) < 2:
        return list(results)  # one export alone: its reader has dealt with its repeats
    parts = []
    for number, result in enumerate(results):
        keys = event_keys(result.frame)
        if len(keys):  # a scenario's events, which never have keys, have no source_line
            lines = result.frame["source_line"].to_numpy(np.int64)[keys["row"].to_numpy()]
            parts.append(keys.assign(order=(np.int64(number) << ORDER_BITS) + lines))
    if sum(len(p) for p in parts) < 2:
        return list(results)
    repeats = find_repeats(pd.concat(parts, ignore_index=True))
    if not len(repeats):
        return list(results)
    source = repeats["order"].to_numpy() >> ORDER_BITS
    out = []
    for number, result in enumerate(results):
        mine = repeats[source == number]
        out.append(_without(result, mine, results) if len(mine) else result)
    return out


def _may_repeat(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` has events of :data:`GLOBAL_ID_DATASETS` (a reader's frame holds
    one dataset)."""
    return bool(len(frame)) and "dataset" in frame and (
        frame["dataset"].astype("str").isin(GLOBAL_ID_DATASETS).any())


def _without(result: ReadResult, repeats: pd.DataFrame, results: Sequence[ReadResult]
             ) -> ReadResult:
    """``result`` without its rows ``repeats`` names, told in its warnings and rejects."""
    line_of = result.frame["source_line"].to_numpy(np.int64)
    by_line = np.argsort(line_of, kind="stable")
    lines = repeats["order"].to_numpy(np.int64) & LINE_MASK
    rows = by_line[np.searchsorted(line_of, lines, sorter=by_line)]
    ids = result.frame["event_id"].to_numpy()[rows].tolist()
    firsts = repeats["first"].to_numpy(np.int64)
    conflicts = repeats["conflict"].to_numpy(bool)
    names = [r.source for r in results]
    rejects, warnings = list(result.rejects), list(result.warnings)
    for event_id, line, first, conflict in zip(ids, lines.tolist(), firsts.tolist(),
                                               conflicts.tolist(), strict=True):
        told = repeat_reject(result.source, line, str(event_id), names[first >> ORDER_BITS],
                             first & LINE_MASK, conflict)
        (rejects if conflict else warnings).append(told)
    keep = np.ones(len(result.frame), dtype=bool)
    keep[rows] = False
    others = [names[n] for n in np.unique(firsts[~conflicts] >> ORDER_BITS).tolist()
              if names[n] != result.source]
    return dataclasses.replace(
        result, frame=result.frame.loc[keep].reset_index(drop=True), rejects=rejects,
        warnings=warnings, merged=result.merged + int((~conflicts).sum()),
        merged_with=tuple(dict.fromkeys([*result.merged_with, *others])))


def repeat_reject(file: str, line: int, event_id: str, first_file: str, first_line: int,
                  conflict: bool) -> Reject:
    """The row that tells a later place of an event: a reject for a conflicting duplicate
    id, else a warning that it was counted once."""
    first = f"line {first_line}" if first_file == file else f"{first_file}:{first_line}"
    if conflict and first_file == file:  # the reader's words (reject_duplicates)
        return Reject(file, line, "event_id", f"expected a unique event_id, got "
                      f"{event_id!r} again (first on {first}); kept the first")
    if conflict:
        return Reject(file, line, "event_id",
                      f"expected a unique event_id, got {event_id!r} again (first on {first}) "
                      "with another date, type, place or fatalities; kept the first")
    return Reject(file, line, "event_id",
                  f"event {event_id!r} is also on {first} with the same date, type, place "
                  "and fatalities: counted once, as the first")
