import numpy as np
import pytest

from moonbase.environment.statistics import by_year, longest_spell, summary, worst_lunar_day
from moonbase.environment.visibility import VisibilitySeries


def series(sun, earth, start="2030-01-01", step_h=1):
    n = len(sun)
    utc = np.datetime64(start, "ms") + np.arange(n) * np.timedelta64(step_h * 3600_000, "ms")
    zeros = np.zeros(n)
    return VisibilitySeries(utc, np.asarray(sun, float), np.asarray(earth, float), zeros, zeros, zeros, zeros, zeros, zeros)


def test_longest_spell():
    spell = longest_spell(np.array([0, 1, 1, 0, 1, 1, 1, 0], bool), 2.0)
    assert (spell.start, spell.count, spell.hours) == (4, 3, 6.0)
    assert longest_spell(np.zeros(5, bool), 1.0).hours == 0.0
    assert longest_spell(np.ones(5, bool), 1.0).count == 5


def test_summary_keys_and_values():
    sun = [1, 1, 0.5, 0, 0, 0, 0.2, 1, 1, 1]
    earth = [0, 0, 1, 1, 1, 1, 1, 1, 0, 0]
    stats = summary(series(sun, earth))
    assert stats["sun_any_pct"] == pytest.approx(70.0)
    assert stats["sun_mean_disk_pct"] == pytest.approx(57.0)
    assert stats["longest_dark_h"] == 3.0 and stats["longest_dark"]["start"] == "2030-01-01T03:00:00Z"
    assert stats["earth_any_pct"] == pytest.approx(60.0)
    assert stats["longest_earth_loss_h"] == 2.0
    assert stats["sun_and_earth_pct"] == pytest.approx(30.0)  # epochs 2, 6, 7


def test_by_year_and_worst_lunar_day():
    hours = 24 * 800
    t = np.arange(hours)
    sun = (np.sin(2 * np.pi * t / (29.530588861 * 24)) > -0.3).astype(float)
    sun[24 * 400: 24 * 405] = 0.0  # an extra 5-day darkness inside the 14th lunar month
    s = series(sun, np.ones(hours), start="2030-06-01")
    years = by_year(s)
    assert [y["year"] for y in years] == [2030, 2031, 2032]
    assert sum(y["epochs"] for y in years) == hours
    worst = worst_lunar_day(s)
    assert worst is not None and worst["start"].startswith("2031-06-1")  # month 13 starts 383.9 d after 2030-06-01
    assert worst["sun_any_pct"] < summary(s)["sun_any_pct"] and worst["longest_dark_h"] >= 5 * 24
