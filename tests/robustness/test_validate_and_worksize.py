"""The shared validators and the work-size estimates."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from moonbase import validate, worksize
from moonbase.errors import InputError, WorkTooLargeError


@pytest.mark.parametrize(("text", "utc"), [
    ("2030-01-01", "2030-01-01T00:00:00.000"),
    ("2030-01-01T06:00:00Z", "2030-01-01T06:00:00.000"),
    ("2030-01-01 06:00", "2030-01-01T06:00:00.000"),
    ("2030-01-01T08:00+08:00", "2030-01-01T00:00:00.000"),    # Beijing time
    ("2030-01-01T00:30-05:00", "2030-01-01T05:30:00.000"),    # Eastern time crosses no date here
    ("2030-01-01T23:00-0300", "2030-01-02T02:00:00.000"),     # and here it does
])
def test_times_become_utc_without_warnings(text, utc):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert str(validate.instant(text, "--start")) == utc


@pytest.mark.parametrize("text", ["NaT", "nat", "today", "now", "", "2030-02-30", "2030-13-01", "2030-01-01T24:30",
                                  "2030-01-01T00:00+24:00", "01/02/2030", "2030-01-01T00:00:00 UTC"])
def test_impossible_times_name_the_option(text):
    with pytest.raises(InputError, match="--start"):
        validate.instant(text, "--start")


def test_nat_datetime64_is_refused():
    with pytest.raises(InputError):
        validate.instant(np.datetime64("NaT"), "start")


@pytest.mark.parametrize(("text", "seconds"), [("1h", 3600.0), ("30min", 1800.0), ("10m", 600.0), ("15s", 15.0),
                                               ("1d", 86400.0), ("0.5s", 0.5), ("1ms", 0.001), (60, 60.0)])
def test_steps(text, seconds):
    assert validate.step_seconds(text) == seconds


@pytest.mark.parametrize("text", ["0s", "0.0001s", "-1h", "nan", "inf", "fast", float("nan"), 0.0, 1e-5, True])
def test_steps_that_are_zero_or_round_to_zero_are_refused(text):
    with pytest.raises(InputError, match="--step"):
        validate.step_seconds(text, "--step")


def test_the_span_error_names_the_users_time_and_option_in_utc():
    from moonbase.timegrid import utc_grid

    with pytest.raises(InputError) as info:
        utc_grid("2030-01-01", "2060-01-01", "1d", ("--start", "--end", "--step"))
    message = str(info.value)
    assert message.startswith("--end = '2060-01-01'") and "TDB" not in message and "2050-" in message


@pytest.mark.parametrize(("check", "value"), [
    (lambda v: validate.positive(v, "--hbr-m"), -1.0), (lambda v: validate.positive(v, "--hbr-m"), 0.0),
    (lambda v: validate.positive(v, "--hours"), float("nan")), (lambda v: validate.positive(v, "--hours"), float("inf")),
    (lambda v: validate.probability(v, "--pc-max"), 1.5), (lambda v: validate.probability(v, "--pc-max"), 0.0),
    (lambda v: validate.count(v, "--chunks"), 0), (lambda v: validate.count(v, "--chunks"), 2.5),
    (lambda v: validate.height_above_ground(v), -5.0), (lambda v: validate.height_above_ground(v), 1e6),
    (lambda v: validate.percent(v, "--min-earth-pct"), 101.0),
])
def test_numbers_out_of_range_are_refused_with_the_option(check, value):
    with pytest.raises(InputError, match="--"):
        check(value)


def test_a_non_utf8_file_is_one_line_with_its_place(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes('title = "Zürich"\n'.encode("latin-1"))
    with pytest.raises(Exception, match=r"s.toml: not UTF-8 text \(byte 0xfc at line 1\); save the file as UTF-8"):
        validate.read_text(path, "scenario")


@pytest.mark.parametrize(("text", "value"), [("8GB", 8e9), ("500MB", 5e8), ("24G", 24e9), ("2GiB", 2 * 1024**3),
                                             ("1000", 1000.0)])
def test_memory_sizes(text, value):
    assert worksize.parse_size(text) == value


def test_the_limit_comes_from_the_option_then_the_setting_then_the_machine(monkeypatch):
    monkeypatch.setenv("MOONBASE_MEMORY_LIMIT", "3GB")
    worksize.set_memory_limit(None)
    assert worksize.memory_limit() == (3e9, "MOONBASE_MEMORY_LIMIT")
    worksize.set_memory_limit("1GB")
    try:
        assert worksize.memory_limit() == (1e9, "--memory-limit")
    finally:
        worksize.set_memory_limit(None)
    monkeypatch.delenv("MOONBASE_MEMORY_LIMIT")
    limit, source = worksize.memory_limit()
    assert 0 < limit and "available" in source


def test_a_refusal_gives_the_estimate_and_the_largest_period_and_step_that_fit(monkeypatch):
    monkeypatch.setenv("MOONBASE_MEMORY_LIMIT", "1GB")
    worksize.set_memory_limit(None)
    work = worksize.epochs_work("ephem", 18_316_801, 1.0)  # 7 months at 1 s
    with pytest.raises(WorkTooLargeError) as info:
        worksize.check(work)
    message = str(info.value)
    # (1e9 - 250e6) / 6000 B = 125,000 epochs at 1 s = 1.4 days; 18.3 M epochs / 125,000 = 147 s.
    assert "110.2 GB" in message and "limit of 1.0 GB (MOONBASE_MEMORY_LIMIT)" in message
    assert "is 34.72h" in message and "--step 147s or coarser" in message
    assert info.value.estimate_bytes > info.value.limit_bytes


def test_the_readme_map_of_a_whole_nodal_cycle_fits_a_24_gb_machine():
    """163,000 hourly epochs over the 1536 x 1536 tile: measured 8.5 GB; the estimate must be above it, and under
    80 % of 24 GB."""
    work = worksize.map_work(1536, 1536, 163_000, 3600.0, bodies=1, block=32)
    assert 8.5e9 < work.bytes < 0.8 * 24e9
    assert 11 * 60 < work.seconds < 14 * 60  # measured 12.5 min


def test_a_large_search_radius_is_estimated_before_it_runs(monkeypatch, run_cli, shared_data):
    monkeypatch.setenv("MOONBASE_MEMORY_LIMIT", "2GB")
    dem = shared_data / "terrain" / "lola_ldem75s120m_pole_240m.tif"
    code, _, err = run_cli("site", "--site", "connecting-ridge", "--dem", dem, "--start", "2030-01-01", "--end",
                           "2031-01-01", "--search-radius-km", "50")
    assert code == 2 and "cells within 50 km" in err and "of computing" in err and err.count("\n") == 1
