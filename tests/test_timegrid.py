import numpy as np
import pytest

from moonbase.errors import InputError
from moonbase.timegrid import iso_utc, parse_step, tdb_seconds, to_time, utc_grid


@pytest.mark.parametrize("text, seconds", [("1h", 3600), ("30min", 1800), ("10m", 600), ("15s", 15), ("1d", 86400), ("0.5h", 1800)])
def test_parse_step(text, seconds):
    assert parse_step(text) == seconds


@pytest.mark.parametrize("text", ["0h", "-1h", "1y", "h", ""])
def test_bad_step(text):
    with pytest.raises(InputError, match="step"):
        parse_step(text)


def test_grid_is_inclusive_and_vectorised():
    grid = utc_grid("2030-01-01", "2030-01-31", "1h")
    assert len(grid) == 30 * 24 + 1
    assert iso_utc(grid[[0, -1]]) == ["2030-01-01T00:00:00Z", "2030-01-31T00:00:00Z"]


def test_end_before_start_is_an_error():
    with pytest.raises(InputError, match="end"):
        utc_grid("2030-02-01", "2030-01-01", "1h")


def test_tdb_at_j2000():
    # J2000.0 = 2000-01-01T12:00:00 TT = 11:58:55.816 UTC; TDB - TT = -0.0000039 s there (Fairhead & Bretagnon).
    # So 12:00:00 UTC is 64.184 s after J2000 TDB (32 leap seconds + 32.184 s TT-TAI).
    seconds = tdb_seconds(to_time(np.array(["2000-01-01T12:00:00"], dtype="datetime64[ms]")))
    assert seconds[0] == pytest.approx(64.184, abs=2e-3)


def test_leap_second_day_is_continuous():
    # 2016-12-31 ended with a leap second: one UTC hour that crosses it lasts 3601 SI seconds.
    t = to_time(np.array(["2016-12-31T23:30:00", "2017-01-01T00:30:00"], dtype="datetime64[ms]"))
    assert np.diff(tdb_seconds(t))[0] == pytest.approx(3601.0, abs=1e-3)
