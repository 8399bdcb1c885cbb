"""bench/check_exports.py's GDELT conversion (issue 14, real exports): the frames gdeltPyR
pickled are written back in GDELT's raw layout and read like a download, and its pickles
may name nothing but numpy's and pandas' reconstructors."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from geomap.precision import Precision
from geomap.sources.gdelt import gdelt_columns
from geomap.sources.read import read_events
from tests.extract.conftest import load_bench
from tests.sources._fixtures import gdelt_row

check_exports = load_bench("check_exports")


def _parsed_frame(width: int) -> pd.DataFrame:
    """Two events as gdeltPyR holds them: typed columns, SQLDATE parsed (1.0), missing
    values as NaN, and its own CAMEOCodeDescription column added."""
    rows = [gdelt_row(width).split("\t"),
            gdelt_row(width, GLOBALEVENTID="830000002", ActionGeo_Type="1",
                      ActionGeo_FullName="Mali", ActionGeo_Lat="17", ActionGeo_Long="-4",
                      ActionGeo_FeatureID="ML", ActionGeo_ADM1Code="ML").split("\t")]
    frame = pd.DataFrame(rows, columns=gdelt_columns(width))
    for column in ("GLOBALEVENTID", "IsRootEvent", "ActionGeo_Type", "DATEADDED"):
        frame[column] = frame[column].astype("int64")
    for column in ("ActionGeo_Lat", "ActionGeo_Long", "GoldsteinScale", "AvgTone"):
        frame[column] = frame[column].astype("float64")
    frame["Actor2Name"] = [None, float("nan")]
    if width == 58:
        frame["SQLDATE"] = pd.to_datetime(frame["SQLDATE"])
    frame.insert(28, "CAMEOCodeDescription", "Fight")
    return frame


@pytest.mark.parametrize("width", [58, 61])
def test_parsed_frames_are_written_back_as_raw_gdelt(tmp_path: Path, width: int) -> None:
    path = check_exports.write_gdelt(_parsed_frame(width), width, tmp_path / "s.export.CSV")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [len(line.split("\t")) for line in lines] == [width, width]
    assert lines[0] == gdelt_row(width, Actor2Name="")  # field for field, as downloaded
    result = read_events(path)
    assert (result.format, result.rows_accepted, result.rejects) == ("gdelt", 2, [])
    frame = result.frame
    assert list(frame["event_date"].astype(str)) == ["2019-03-01", "2019-03-01"]
    assert list(frame["geo_precision"]) == [Precision.EXACT, Precision.COUNTRY]
    assert (frame["latitude"].iloc[0], frame["longitude"].iloc[0]) == (16.2717, -0.0447)


class _Runs:
    """Unpickling this calls os.system: a pickle that would run code."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("echo unsafe > /dev/null",))


def test_pickles_may_name_only_the_frame_reconstructors() -> None:
    with pytest.raises(pickle.UnpicklingError, match="expected a pandas frame, got "):
        check_exports.frame_from_pickle(pickle.dumps(_Runs(), protocol=2))
