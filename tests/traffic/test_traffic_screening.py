"""Screening: no missed events against brute-force dense sampling, interpolation bounds, exclusions, Pc."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from moonbase.traffic.bruteforce import brute_force_screen
from moonbase.traffic.catalog import load_catalog
from moonbase.traffic.pc import collision_probability, pc_in_plane
from moonbase.traffic.screening import _object_bounds, ric_components, screen

START = "2026-05-30T12:00:00"
SUBSET_SEED = 20260530


@pytest.fixture(scope="module")
def catalog_2026(shared_data):
    return load_catalog(sorted((shared_data / "tle").glob("*_2026-05-30.txt")))


@pytest.fixture(scope="module")
def subset(catalog_2026):
    """The 25 station objects plus 500 others drawn with a fixed seed (Starlink, OneWeb, GEO)."""
    stations = np.flatnonzero([o.source.split("/")[-1].startswith("celestrak_stations") for o in catalog_2026.objects])
    others = np.setdiff1d(np.arange(len(catalog_2026)), stations)
    chosen = np.random.default_rng(SUBSET_SEED).choice(others, 500, replace=False)
    return catalog_2026.subset(np.sort(np.concatenate([stations, chosen])))


# Both methods end on SGP4 itself (Newton steps vs golden-section search to 0.1 ms), so they must agree
# far better than the sampling step: miss distance to 1 m, TCA to 10 ms. A slow encounter (co-orbiting
# satellites, metres per second) has a flat minimum whose TCA is only defined to the time the distance
# takes to change by a millimetre, sqrt(2 miss 1 mm) / v_rel, so the TCA tolerance widens to that.
# Events within 1 m of the threshold may fall on either side and are not compared.
TCA_TOLERANCE_S = 0.01
MISS_TOLERANCE_KM = 0.001
THRESHOLD_KM = 10.0


@pytest.mark.slow
def test_no_missed_events_against_brute_force(subset):
    assert len(subset) >= 500
    screened = screen(subset, START, hours=24, threshold_km=THRESHOLD_KM).events
    reference = brute_force_screen(subset, START, hours=24, threshold_km=THRESHOLD_KM, step_s=10.0)
    assert len(reference.miss_km) >= 20, "the subset should hold enough events to make the test meaningful"

    def keyed(index_1, index_2, tca, miss):
        return [(int(a), int(b), t, m) for a, b, t, m in zip(index_1, index_2, tca, miss)]

    found = keyed(screened.index_1, screened.index_2, screened.tca_utc, screened.miss_km)
    expected = keyed(reference.index_1, reference.index_2, reference.tca_utc, reference.miss_km)
    clear = lambda m: abs(m - THRESHOLD_KM) > MISS_TOLERANCE_KM  # noqa: E731

    def match(event, pool):
        for other in pool:
            if other[:2] == event[:2] and abs((other[2] - event[2]) / np.timedelta64(1, "s")) < 1.0:
                return other
        return None

    for event in expected:
        other = match(event, found)
        if other is None:
            assert not clear(event[3]), f"missed event {event}"
            continue
        speed = screened.relative_speed_km_s[found.index(other)]
        flat_s = np.sqrt(2.0 * event[3] * 1e-6) / speed
        assert abs((other[2] - event[2]) / np.timedelta64(1, "s")) < max(TCA_TOLERANCE_S, flat_s)
        assert abs(other[3] - event[3]) < MISS_TOLERANCE_KM
    for event in found:
        assert match(event, expected) is not None or not clear(event[3]), f"event not in the reference {event}"


def test_hermite_interpolation_stays_within_the_pads(catalog_2026):
    """SGP4 at the midpoints of 120-s knots vs the cubic Hermite between them, for 3,000 objects over 3 h."""
    from moonbase.kernels.screening import hermite_positions
    from moonbase.traffic.propagate import propagate

    chosen = catalog_2026.subset(np.random.default_rng(1).choice(len(catalog_2026), 3000, replace=False))
    step = 120.0
    utc = np.datetime64(START, "ms") + (np.arange(0, 3 * 3600 + 1, step / 2) * 1000).astype("timedelta64[ms]")
    states = propagate(chosen, utc)
    knots_r, knots_v = np.ascontiguousarray(states.position_km[:, ::2]), np.ascontiguousarray(states.velocity_km_s[:, ::2])
    _, _, pad = _object_bounds(knots_r, knots_v, step, 4)
    worst = np.zeros(len(states.index))
    for k in range(knots_r.shape[1] - 1):
        middle = hermite_positions(knots_r, knots_v, k, step, np.array([0.5]))[:, 0]
        worst = np.maximum(worst, np.linalg.norm(middle - states.position_km[:, 2 * k + 1], axis=1))
    assert worst.max() < 0.02  # metres-level in LEO: the measured worst is ~7 m
    assert (worst < pad).all()


def test_one_against_catalogue_matches_all_against_all(subset):
    everything = screen(subset, START, hours=6, threshold_km=THRESHOLD_KM).events
    iss = [i for i, o in enumerate(subset.objects) if o.name.startswith("ISS (ZARYA)")]
    busiest = np.bincount(np.concatenate([everything.index_1, everything.index_2])).argmax()
    primaries = np.array(iss + [busiest])
    one = screen(subset, START, hours=6, threshold_km=THRESHOLD_KM, primaries=primaries).events
    involved = np.isin(everything.index_1, primaries) | np.isin(everything.index_2, primaries)
    assert len(one) == involved.sum() > 0
    np.testing.assert_allclose(one.miss_km, everything.miss_km[involved], atol=1e-6)


def test_stale_elements_and_docked_modules_are_reported_not_screened(shared_data, catalog_2026):
    tle = shared_data / "tle"
    mixed = load_catalog([tle / "celestrak_stations_2026-05-30.txt", tle / "celestrak_cosmos-1408-debris_2025-02-15.txt"])
    result = screen(mixed, START, hours=2, threshold_km=THRESHOLD_KM)
    reasons = {e.norad: e.reason for e in result.excluded}
    kosmos = mixed.select(designator="1982-092")
    assert all("stale" in reasons[n] for n in kosmos.norad)
    assert "same element set as 25544" in reasons[36086]  # POISK rides on the ISS element set
    screened = set(result.events.norad_1) | set(result.events.norad_2)
    assert not screened & set(reasons)


def test_ric_components_of_a_known_offset():
    state_1 = np.array([[7000.0, 0.0, 0.0, 0.0, 7.5, 0.0]])
    state_2 = np.array([[7000.1, 0.2, -0.3, 0.0, 7.5, 0.01]])
    np.testing.assert_allclose(ric_components(state_1, state_2), [[0.1, 0.2, -0.3]], atol=1e-12)


def test_pc_isotropic_head_on_matches_closed_form():
    # Miss 0, isotropic sigma: Pc = 1 - exp(-R^2 / (2 sigma^2)).
    sigma, radius = 0.1, 0.02
    pc = pc_in_plane(np.array([0.0]), np.diag([sigma**2, sigma**2])[None], radius)
    assert pc[0] == pytest.approx(1.0 - np.exp(-radius**2 / (2 * sigma**2)), rel=1e-9)


def test_pc_anisotropic_offset_matches_direct_integration():
    cov = np.array([[0.04, 0.01], [0.01, 0.01]])
    miss, radius = 0.15, 0.05
    inverse = np.linalg.inv(cov)
    norm = 1.0 / (2 * np.pi * np.sqrt(np.linalg.det(cov)))

    def density(y, x):
        d = np.array([x, y])
        return norm * np.exp(-0.5 * d @ inverse @ d)

    expected, _ = integrate.dblquad(density, miss - radius, miss + radius,
                                    lambda x: -np.sqrt(max(radius**2 - (x - miss) ** 2, 0.0)),
                                    lambda x: np.sqrt(max(radius**2 - (x - miss) ** 2, 0.0)), epsabs=1e-13)
    assert pc_in_plane(np.array([miss]), cov[None], radius)[0] == pytest.approx(expected, rel=1e-6)


def test_pc_falls_with_miss_distance():
    state_1 = np.array([[7000.0, 0.0, 0.0, 0.0, 7.5, 0.0]] * 3)
    state_2 = state_1.copy()
    state_2[:, 3:] = [0.0, 0.0, 7.5]  # crossing at right angles
    state_2[:, 0] += [0.0, 0.2, 1.0]
    pc = collision_probability(state_1, state_2)
    assert pc[0] > pc[1] > pc[2] > 0


def test_vectorised_polish_equals_the_pairwise_one(catalog_2026):
    """polish_tcas (one sgp4_array call per object) takes exactly the steps of polish_tca, pair by pair."""
    from moonbase.traffic.screening import polish_tca, polish_tcas

    rng = np.random.default_rng(7)
    first = rng.choice(len(catalog_2026), 300)
    second = rng.choice(len(catalog_2026), 300)
    start = np.datetime64(START, "us").astype(np.int64)
    guess = start + rng.integers(0, 86_400_000_000, 300)
    satrecs = [o.satrec for o in catalog_2026.objects]
    tca, s1, s2 = polish_tcas(satrecs, first, second, guess)
    for k in range(300):
        t, a, b = polish_tca(satrecs[first[k]], satrecs[second[k]], np.datetime64(int(guess[k]), "us"))
        assert t.astype(np.int64) == tca[k]
        assert np.array_equal(a, s1[k], equal_nan=True) and np.array_equal(b, s2[k], equal_nan=True)
