"""Orbit evolution: the kernel's pieces against references, and real clouds 2021 -> 2025."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.special import ive

from moonbase.debris.atmosphere import density_table, msis_global_mean
from moonbase.debris.elements import EARTH_RADIUS_KM, ElementSet
from moonbase.debris.evolution import _drag_rates, evolve, scaled_bessel_i
from moonbase.debris.solar import load_solar_activity
from moonbase.debris.validation import breakup_count_check, compare_evolution
from moonbase.traffic.catalog import load_catalog


def test_scaled_bessel_against_scipy():
    for x in (0.0, 0.5, 3.7, 3.8, 12.0, 80.0):
        i0, i1, i2 = scaled_bessel_i(x)
        # A&S 9.8.1-9.8.4 quote |error| < 2e-7 relative (large x) and 1.6e-7 (small x)
        assert i0 == pytest.approx(ive(0, x), rel=1e-6)
        assert i1 == pytest.approx(ive(1, x), rel=1e-6, abs=1e-12)
        assert i2 == pytest.approx(ive(2, x), rel=1e-4, abs=1e-7)


def test_density_table_matches_msis():
    pytest.importorskip("pymsis")
    table = density_table()
    for altitude, f107, ap in ((250.0, 70.0, 4.0), (500.0, 150.0, 15.0), (845.0, 230.0, 30.0)):
        direct = msis_global_mean(np.array([altitude]), f107, ap)[0]
        # table knots every 10 km / 20 sfu: log-linear interpolation within 3 %
        assert table.density(altitude, f107, ap) == pytest.approx(direct, rel=0.03)


def test_solar_activity_series():
    solar = load_solar_activity()
    f, ap = solar.at(np.array(["2008-12-15", "2014-03-01", "2060-01-01"], dtype="datetime64[D]"))
    assert f[0] < 75 and f[1] > 130  # cycle-24 minimum (Dec 2008) and maximum (2014)
    assert 60 < f[2] < 250 and (ap > 0).all()


def _one(a_km, e=0.0, b=0.02, epoch="2030-01-01"):
    return ElementSet(np.array([a_km]), np.array([e]), np.radians([51.6]), np.zeros(1), np.zeros(1), np.zeros(1),
                      np.array([b]), np.array([epoch], dtype="datetime64[ms]"), np.array([1]), ["X"])


def test_decay_matches_a_direct_integration():
    """The kernel's sub-stepping against solve_ivp of the same orbit-averaged equations (circular, 400 km)."""
    table, solar = density_table(), load_solar_activity()
    until = np.datetime64("2030-07-01")
    result = evolve(_one(EARTH_RADIUS_KM + 400.0), until, 1.0, [until])
    start = np.datetime64("2030-01-01", "s")

    def rate(t, y):
        f, ap = solar.at(np.array([start + np.timedelta64(int(t), "s")]))
        da, de, _ = _drag_rates(y[0], max(y[1], 0.0), np.radians(51.6), 0.02, f[0], ap[0], table.altitude_km,
                                table.f107, table.ap, table.log_rho)
        return [da, de]

    seconds = float((until.astype("datetime64[s]") - start).astype(np.int64))
    reference = solve_ivp(rate, (0.0, seconds), [EARTH_RADIUS_KM + 400.0, 0.0], rtol=1e-8, max_step=86400.0)
    drop_reference = EARTH_RADIUS_KM + 400.0 - reference.y[0, -1]
    drop = EARTH_RADIUS_KM + 400.0 - result.snapshots[0].a_km[0]
    assert drop_reference > 5.0  # a real decay over half a year at 400 km
    # same equations, daily solar values: agreement within 2 % of the decay
    assert drop == pytest.approx(drop_reference, rel=0.02)


def test_low_object_reenters_and_j2_regresses_the_node():
    low = evolve(_one(EARTH_RADIUS_KM + 200.0, b=0.05), "2031-01-01")
    assert not np.isnat(low.decay_utc[0]) and low.decay_utc[0] < np.datetime64("2030-03-01")
    assert low.in_orbit()[-1] == 0
    high = evolve(_one(EARTH_RADIUS_KM + 800.0, b=0.001), "2030-01-11", 1.0, ["2030-01-11"])
    node_rate = np.degrees(high.snapshots[0].raan_rad[0] - 2 * np.pi) / 10.0
    # -1.5 n J2 (R/a)^2 cos i (Vallado 2013 eq. 9-41): -4.08 deg/day at 800 km and 51.6 deg
    a = EARTH_RADIUS_KM + 800.0
    expected = np.degrees(-1.5 * np.sqrt(398600.8 / a**3) * 1.082616e-3 * (EARTH_RADIUS_KM / a) ** 2
                          * np.cos(np.radians(51.6))) * 86400.0
    assert node_rate == pytest.approx(expected, rel=0.005)


def test_breakup_counts_against_published():
    kosmos = breakup_count_check("kosmos-1408")
    assert kosmos["ratio"] == pytest.approx(1.0, abs=0.15)  # mass uncertain by +-12 %: count by +-9 %
    fengyun = breakup_count_check("fengyun-1c")
    # The standard model is known to under-predict Fengyun-1C (a hit by a kill vehicle on a dense target):
    # about a quarter of the 3,037 catalogued by 2010.
    assert 0.2 < fengyun["ratio"] < 0.35


@pytest.mark.parametrize("old, new, count_tolerance, ks_tolerance", [
    # Fengyun-1C: the 2021 file holds every 1999-025 piece; calibrating B on one day of SGP4 decay at solar
    # minimum misses the stronger-than-predicted decay of 2023-24 for the higher-A/m pieces: +18 % measured.
    ("celestrak_1999-025_2021-09.txt", "celestrak_fengyun-1c-debris_2025-02-15.txt", 0.22, 0.06),
    # Cosmos 2251: -5 % measured.
    ("celestrak_cosmos-2251-debris_2021-09.txt", "celestrak_cosmos-2251-debris_2025-02-15.txt", 0.08, 0.06),
])
def test_real_clouds_2021_to_2025(shared_data, old, new, count_tolerance, ks_tolerance):
    tle = shared_data / "tle"
    result = compare_evolution(load_catalog(tle / old), load_catalog(tle / new))
    assert abs(result["count_error"]) < count_tolerance
    assert result["perigee_ks"] < ks_tolerance and result["apogee_ks"] < ks_tolerance
    # medians of perigee and apogee within 15 km (about a tenth of the clouds' interquartile ranges)
    for name in ("perigee", "apogee"):
        assert abs(result[f"{name}_percentiles_predicted_km"][2] - result[f"{name}_percentiles_observed_km"][2]) < 15.0
    # objects that are still there were mostly predicted to be
    assert result["survivors_predicted_in_orbit"] > 0.85 * result["survivors"]
