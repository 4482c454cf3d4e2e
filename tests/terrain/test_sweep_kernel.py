"""The sweep kernel's building blocks against brute force: hull tangents, line entry, fast atan."""

from __future__ import annotations

import numpy as np

from moonbase.kernels.sweep import _atan_deg, _first_on_map, _push, _tangent_from


def _hull(distances, values):
    hs, hg, hh = (np.empty(len(distances)) for _ in range(3))
    top = -1
    for s, g in zip(distances[::-1], values[::-1]):  # far to near
        top = _push(hs, hg, hh, top, s, g, g)
    return hs, hg, top


def test_galloping_tangent_search_finds_the_steepest_profile_point_from_any_guess():
    """The tangent from a point to the upper hull of the terrain ahead is the profile point of largest
    slope from it: checked by brute force over random rough profiles, from every starting guess."""
    rng = np.random.default_rng(11)
    for _ in range(40):
        n = int(rng.integers(2, 200))
        distances = np.cumsum(rng.uniform(50.0, 400.0, n)) + 100.0
        values = np.cumsum(rng.normal(0.0, 80.0, n))
        hs, hg, top = _hull(distances, values)
        for _ in range(5):
            s, g = float(rng.uniform(-500.0, 90.0)), float(rng.normal(0.0, 300.0))
            expected = np.max((values - g) / (distances - s))
            for start in range(-1, top + 3):
                k = _tangent_from(hs, hg, top, start, s, g)
                assert np.isclose((hg[k] - g) / (hs[k] - s), expected, rtol=1e-12, atol=0.0)


def test_first_map_index_of_a_line_matches_a_plain_walk():
    rng = np.random.default_rng(5)
    for _ in range(3000):
        n_lat, n_march = int(rng.integers(2, 40)), int(rng.integers(2, 40))
        t = float(rng.choice([0.0, 1.0, -1.0, rng.uniform(-1, 1)]))
        base = float(np.floor(rng.uniform(-50, 50)))
        sm = int(rng.choice([-1, 1]))
        expected, m = -1, (n_march - 1 if sm > 0 else 0)
        for _ in range(n_march):
            if -0.5 <= base + t * m <= n_lat - 0.5:
                expected = m
                break
            m -= sm
        assert _first_on_map(base, t, sm, n_lat, n_march) == expected


def test_fast_atan_agrees_with_numpy_to_a_microdegree():
    tangents = np.concatenate([np.linspace(-60.0, 60.0, 200_001), [1e6, -1e6, 0.0, np.nan]])
    out = np.empty(tangents.size)
    _atan_deg(tangents, out)
    assert np.nanmax(np.abs(out - np.degrees(np.arctan(tangents)))) < 1e-6
    assert np.isnan(out[-1])
