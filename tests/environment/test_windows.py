import numpy as np
import pytest

from moonbase.environment.visibility import VisibilitySeries
from moonbase.environment.windows import StayRequirement, assess_starts, merged_windows, to_csv_columns, to_ics
from moonbase.errors import InputError


def series(sun, earth):
    n = len(sun)
    utc = np.datetime64("2030-01-01", "ms") + np.arange(n) * np.timedelta64(3600_000, "ms")
    z = np.zeros(n)
    return VisibilitySeries(utc, np.asarray(sun, float), np.asarray(earth, float), z, z, z, z, z, z)


def brute_force(sun, earth, length, min_sun, min_earth_pct):
    out = []
    for s in range(len(sun) - length + 1):
        window = slice(s, s + length)
        sun_ok = np.all(sun[window] > 0) if min_sun == 0 else np.all(sun[window] >= min_sun)
        out.append(bool(sun_ok and 100 * np.mean(earth[window] > 0) >= min_earth_pct))
    return np.array(out)


@pytest.mark.parametrize("min_sun, min_earth_pct", [(0.0, 0.0), (0.5, 0.0), (0.0, 60.0), (0.3, 80.0)])
def test_accepted_starts_match_brute_force(min_sun, min_earth_pct):
    rng = np.random.default_rng(5)
    sun = np.clip(rng.normal(0.8, 0.4, 500), 0, 1) * (rng.uniform(size=500) > 0.05)
    earth = (rng.uniform(size=500) > 0.3).astype(float)
    result = assess_starts(series(sun, earth), StayRequirement(6.0, min_sun, 0.0, min_earth_pct))
    expected = brute_force(sun, earth, 7, min_sun, min_earth_pct)
    np.testing.assert_array_equal(result.accepted, expected)
    for ok, reason in zip(result.accepted, result.reason):
        assert (reason == "") == ok


def test_reason_names_the_first_failure_and_exports():
    sun = np.ones(48)
    sun[10] = 0.0
    result = assess_starts(series(sun, np.ones(48)), StayRequirement(12.0))
    assert result.reason[5] == "no sunlight at 2030-01-01T10:00:00Z (5 h into the stay)"
    windows = merged_windows(result, 12.0)
    assert [w["first_start"] for w in windows] == ["2030-01-01T11:00:00Z"]
    assert windows[0]["last_start"] == "2030-01-02T11:00:00Z"
    ics = to_ics(windows, "connecting-ridge", "2026-11-23T00:00:00Z")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and "DTSTART:20300101T110000Z" in ics and ics.endswith("END:VCALENDAR\r\n")
    assert list(to_csv_columns(result)) == ["start", "accepted", "sun_min_fraction", "earth_pct", "reason"]
    assert result.sun_min_fraction[0] == 0.0 and result.sun_min_fraction[11] == 1.0


def test_bad_requirements():
    with pytest.raises(InputError):
        StayRequirement(-1.0)
    with pytest.raises(InputError):
        StayRequirement(10.0, min_sun_fraction=1.5)
    with pytest.raises(InputError, match="shorter than the analysis period"):
        assess_starts(series(np.ones(5), np.ones(5)), StayRequirement(10.0))
