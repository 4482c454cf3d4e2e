"""The brute-force reference for screening: SGP4 at dense, fixed steps for every object, every pair's
distance at every sample, and each sampled local minimum refined by golden-section search on SGP4.

It shares nothing with :mod:`.screening` but the catalogue and SGP4 itself (no interpolation, no
grid, no filters), so it is an independent check. Its cost grows with objects² × samples: use it on
subsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kernels.screening import dense_local_minima
from .catalog import Catalog
from .propagate import DEFAULT_MAX_AGE_DAYS, propagate
from .screening import _sgp4_state

#: Dense sampling step [s]. LEO relative speeds reach ~15 km/s, so a sampled minimum can sit up to
#: 75 km above the true one; the sampled-minimum cut-off below is widened by that much.
DEFAULT_DENSE_STEP_S = 10.0
_MAX_RELATIVE_SPEED_KM_S = 16.0  # head-on LEO (2 x 7.9 km/s) with margin


@dataclass
class ReferenceEvents:
    index_1: np.ndarray
    index_2: np.ndarray
    tca_utc: np.ndarray  # datetime64[us]
    miss_km: np.ndarray


def _distance(sat_1, sat_2, t_us: np.datetime64) -> float:
    s1, s2 = _sgp4_state(sat_1, t_us), _sgp4_state(sat_2, t_us)
    return float(np.linalg.norm(s2[:3] - s1[:3]))


def golden_minimum(sat_1, sat_2, low_us: np.datetime64, high_us: np.datetime64, tolerance_s: float = 1e-4):
    """Golden-section search for the smallest SGP4 distance in [low, high]; returns (time, distance)."""
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = 0.0, (high_us - low_us).astype(np.int64) / 1e6
    to_time = lambda seconds: low_us + np.timedelta64(int(round(seconds * 1e6)), "us")  # noqa: E731
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = _distance(sat_1, sat_2, to_time(c)), _distance(sat_1, sat_2, to_time(d))
    while b - a > tolerance_s:
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = _distance(sat_1, sat_2, to_time(c))
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = _distance(sat_1, sat_2, to_time(d))
    best = 0.5 * (a + b)
    return to_time(best), _distance(sat_1, sat_2, to_time(best))


def brute_force_screen(catalog: Catalog, start_utc, hours: float, threshold_km: float,
                       step_s: float = DEFAULT_DENSE_STEP_S, max_age_days: float = DEFAULT_MAX_AGE_DAYS) -> ReferenceEvents:
    """Every local minimum of pair distance below ``threshold_km`` in (start, start + hours), by dense sampling."""
    start = np.datetime64(start_utc, "ms")
    count = int(round(hours * 3600.0 / step_s)) + 1
    utc = start + (np.arange(count) * step_s * 1000).astype("timedelta64[ms]")
    states = propagate(catalog, utc, max_age_days)
    same = catalog.same_elements_as()[states.index]
    valid = same == states.index
    limit = threshold_km + _MAX_RELATIVE_SPEED_KM_S * step_s / 2.0
    capacity = 64
    while True:
        oi, oj, ot, _, counts = dense_local_minima(np.ascontiguousarray(states.position_km), valid, limit, capacity)
        if counts.max(initial=0) <= capacity:
            break
        capacity = int(counts.max() * 1.5)
    rows = []
    for i in np.flatnonzero(counts):
        for c in range(counts[i]):
            row_1, row_2, k = oi[i, c], oj[i, c], ot[i, c]
            # Relative motion is nearly straight over two steps, so squared distance is nearly a parabola
            # in time: its vertex through the three samples estimates the minimum (1 km allowance for
            # curvature). Only minima that can qualify go to the golden-section search.
            d2 = [float(np.sum((states.position_km[row_1, k + q] - states.position_km[row_2, k + q]) ** 2)) for q in (-1, 0, 1)]
            curvature = d2[0] - 2.0 * d2[1] + d2[2]
            vertex = d2[1] - (d2[2] - d2[0]) ** 2 / (8.0 * curvature) if curvature > 0 else d2[1]
            if np.sqrt(max(vertex, 0.0)) > threshold_km + 1.0:
                continue
            a, b = states.index[row_1], states.index[row_2]
            low = np.datetime64(utc[k - 1], "us")
            high = np.datetime64(utc[k + 1], "us")
            tca, miss = golden_minimum(catalog.objects[a].satrec, catalog.objects[b].satrec, low, high)
            if miss <= threshold_km:
                rows.append((a, b, tca, miss))
    rows.sort(key=lambda row: (row[2], row[0], row[1]))
    return ReferenceEvents(
        np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.int64),
        np.array([r[2] for r in rows], dtype="datetime64[us]"), np.array([r[3] for r in rows], dtype=float),
    )
