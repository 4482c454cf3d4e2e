"""Conjunction-screening kernels: cubic Hermite interpolation of SGP4 knots, a spatial grid per time
step, a conservative pair test, and root finding of the time of closest approach.

Plain float64 arrays in km, km/s and seconds; no I/O. Positions are TEME, shaped (objects, knots, 3).

The pair test is conservative: within a sub-step of length ``h`` an object's true path stays within
``pad`` of the straight chord between its interpolated end points, where ``pad`` adds the chord's
sagitta bound ``a_max h^2 / 8`` (``a_max`` the largest acceleration on the orbit) to the Hermite
interpolation error bound. A pair whose chords stay farther apart than the threshold plus both pads
cannot come within the threshold in that sub-step.

Literature (see :mod:`moonbase.traffic.screening` for the whole chain): the radial-shell prefilter is
the apogee/perigee filter of Hoots, Crawford & Roehrich (1984, Celestial Mechanics 33, 143-158,
doi:10.1007/BF01234152); the cell grid is a spatial hash as in Budianto-Ho et al. (AMOS 2014,
DTIC ADA619600); TCA is the root of the range rate Δr·Δv (Alfano & Negron 1993, J. Astronaut.
Sci. 41(2), 217-225). The Hermite error bound is the standard remainder of cubic Hermite
interpolation, max|f''''| h^4 / 384 (e.g. Burden & Faires, *Numerical Analysis*, thm. 3.9).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

_EMPTY = np.int64(-(2**62))


@njit(cache=True, inline="always")
def _hermite(p0, v0, p1, v1, h, s, out):
    """Position at fraction ``s`` of a knot interval of length ``h`` [s] (cubic Hermite)."""
    s2 = s * s
    s3 = s2 * s
    a = 2.0 * s3 - 3.0 * s2 + 1.0
    b = (s3 - 2.0 * s2 + s) * h
    c = -2.0 * s3 + 3.0 * s2
    d = (s3 - s2) * h
    for k in range(3):
        out[k] = a * p0[k] + b * v0[k] + c * p1[k] + d * v1[k]


@njit(cache=True, inline="always")
def _hermite_velocity(p0, v0, p1, v1, h, s, out):
    """Velocity at fraction ``s`` of a knot interval (derivative of :func:`_hermite`) [km/s]."""
    s2 = s * s
    a = (6.0 * s2 - 6.0 * s) / h
    b = 3.0 * s2 - 4.0 * s + 1.0
    c = (-6.0 * s2 + 6.0 * s) / h
    d = 3.0 * s2 - 2.0 * s
    for k in range(3):
        out[k] = a * p0[k] + b * v0[k] + c * p1[k] + d * v1[k]


@njit(cache=True)
def hermite_positions(position, velocity, knot, h, fractions):
    """Interpolated positions of every object at ``fractions`` of knot interval ``knot``: (objects, len(fractions), 3)."""
    n = position.shape[0]
    out = np.empty((n, fractions.size, 3))
    for i in range(n):
        for f in range(fractions.size):
            _hermite(position[i, knot], velocity[i, knot], position[i, knot + 1], velocity[i, knot + 1], h, fractions[f], out[i, f])
    return out


@njit(cache=True, inline="always")
def _cell_key(x, y, z, cell):
    offset = 1 << 19
    ix = np.int64(np.floor(x / cell)) + offset
    iy = np.int64(np.floor(y / cell)) + offset
    iz = np.int64(np.floor(z / cell)) + offset
    return (ix << 40) | (iy << 20) | iz


@njit(cache=True, inline="always")
def _slot(key, mask):
    mixed = np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)
    return np.int64((mixed >> np.uint64(29)) & np.uint64(mask))


@njit(cache=True, inline="always")
def _segment_min_distance(d0x, d0y, d0z, d1x, d1y, d1z):
    """Smallest |d0 + u (d1 - d0)| for u in [0, 1]."""
    ex, ey, ez = d1x - d0x, d1y - d0y, d1z - d0z
    ee = ex * ex + ey * ey + ez * ez
    u = 0.0
    if ee > 0.0:
        u = -(d0x * ex + d0y * ey + d0z * ez) / ee
        u = min(1.0, max(0.0, u))
    x, y, z = d0x + u * ex, d0y + u * ey, d0z + u * ez
    return np.sqrt(x * x + y * y + z * z)


@njit(parallel=True, cache=True)
def candidate_pairs(position, velocity, knot_step_s, first_knot, knot_count, substeps, valid, primary,
                    radius_low_km, radius_high_km, pad_km, threshold_km, capacity):
    """Pairs (i, j) that may come within ``threshold_km`` in each sub-step of knot intervals
    ``first_knot .. first_knot + knot_count - 1``.

    Filter chain per sub-step: the radial shell of each object over the whole period (apogee/perigee
    filter), a uniform grid of the sub-step's swept spheres (only neighbouring cells are compared),
    then the chord-distance test with pads. Only pairs with at least one ``primary`` object are
    considered. Returns (i, j, sub-step) arrays per knot interval and counts; a count above
    ``capacity`` means the caller must retry with more room.
    """
    n = position.shape[0]
    out_i = np.empty((knot_count, capacity), np.int32)
    out_j = np.empty((knot_count, capacity), np.int32)
    out_s = np.empty((knot_count, capacity), np.int16)
    counts = np.zeros(knot_count, np.int64)
    fractions = np.linspace(0.0, 1.0, substeps + 1)
    table_size = 1
    while table_size < 2 * n:
        table_size *= 2
    mask = table_size - 1
    max_pad = 0.0
    for i in range(n):
        if valid[i] and pad_km[i] > max_pad:
            max_pad = pad_km[i]
    for b in prange(knot_count):
        knot = first_knot + b
        points = hermite_positions(position, velocity, knot, knot_step_s, fractions)
        centre = np.empty((n, 3))
        radius = np.empty(n)
        keys = np.empty(n, np.int64)
        table_key = np.empty(table_size, np.int64)
        table_start = np.empty(table_size, np.int64)
        table_end = np.empty(table_size, np.int64)
        for s in range(substeps):
            max_radius = 0.0
            for i in range(n):
                half = 0.0
                for k in range(3):
                    centre[i, k] = 0.5 * (points[i, s, k] + points[i, s + 1, k])
                    half += (points[i, s + 1, k] - points[i, s, k]) ** 2
                radius[i] = 0.5 * np.sqrt(half) + pad_km[i]
                if valid[i] and radius[i] > max_radius:
                    max_radius = radius[i]
            cell = 2.0 * max_radius + threshold_km
            for i in range(n):
                keys[i] = _cell_key(centre[i, 0], centre[i, 1], centre[i, 2], cell)
            order = np.argsort(keys)
            table_key[:] = _EMPTY
            start = 0
            while start < n:
                key = keys[order[start]]
                end = start + 1
                while end < n and keys[order[end]] == key:
                    end += 1
                slot = _slot(key, mask)
                while table_key[slot] != _EMPTY:
                    slot = (slot + 1) & mask
                table_key[slot] = key
                table_start[slot] = start
                table_end[slot] = end
                start = end
            for i in range(n):
                if not (valid[i] and primary[i]):
                    continue
                cx = np.int64(np.floor(centre[i, 0] / cell))
                cy = np.int64(np.floor(centre[i, 1] / cell))
                cz = np.int64(np.floor(centre[i, 2] / cell))
                for dx in range(-1, 2):
                    for dy in range(-1, 2):
                        for dz in range(-1, 2):
                            offset = 1 << 19
                            key = ((cx + dx + offset) << 40) | ((cy + dy + offset) << 20) | (cz + dz + offset)
                            slot = _slot(key, mask)
                            while table_key[slot] != _EMPTY and table_key[slot] != key:
                                slot = (slot + 1) & mask
                            if table_key[slot] == _EMPTY:
                                continue
                            for q in range(table_start[slot], table_end[slot]):
                                j = order[q]
                                if j == i or not valid[j]:
                                    continue
                                if primary[j] and j < i:
                                    continue  # both primary: counted once, from the lower index
                                if radius_low_km[i] > radius_high_km[j] + threshold_km or radius_low_km[j] > radius_high_km[i] + threshold_km:
                                    continue
                                ddx = centre[i, 0] - centre[j, 0]
                                ddy = centre[i, 1] - centre[j, 1]
                                ddz = centre[i, 2] - centre[j, 2]
                                reach = radius[i] + radius[j] + threshold_km
                                if ddx * ddx + ddy * ddy + ddz * ddz > reach * reach:
                                    continue
                                gap = _segment_min_distance(
                                    points[i, s, 0] - points[j, s, 0], points[i, s, 1] - points[j, s, 1],
                                    points[i, s, 2] - points[j, s, 2], points[i, s + 1, 0] - points[j, s + 1, 0],
                                    points[i, s + 1, 1] - points[j, s + 1, 1], points[i, s + 1, 2] - points[j, s + 1, 2])
                                if gap > threshold_km + pad_km[i] + pad_km[j]:
                                    continue
                                c = counts[b]
                                if c < capacity:
                                    out_i[b, c] = min(i, j)
                                    out_j[b, c] = max(i, j)
                                    out_s[b, c] = s
                                counts[b] = c + 1
    return out_i, out_j, out_s, counts


@njit(cache=True)
def _range_rate_product(position, velocity, i, j, knot, h, s, pi, pj, vi, vj):
    """Δr·Δv at fraction ``s`` of knot interval ``knot`` (zero at closest approach) [km²/s]."""
    _hermite(position[i, knot], velocity[i, knot], position[i, knot + 1], velocity[i, knot + 1], h, s, pi)
    _hermite(position[j, knot], velocity[j, knot], position[j, knot + 1], velocity[j, knot + 1], h, s, pj)
    _hermite_velocity(position[i, knot], velocity[i, knot], position[i, knot + 1], velocity[i, knot + 1], h, s, vi)
    _hermite_velocity(position[j, knot], velocity[j, knot], position[j, knot + 1], velocity[j, knot + 1], h, s, vj)
    total = 0.0
    for k in range(3):
        total += (pi[k] - pj[k]) * (vi[k] - vj[k])
    return total


@njit(parallel=True, cache=True)
def closest_approaches(position, velocity, knot_step_s, pair_i, pair_j, knot, sub_start, sub_end, probes):
    """Times of closest approach inside each candidate's interval [sub_start, sub_end] (fractions of the
    knot interval), found by bisection on the sign change of Δr·Δv from − to + of the interpolated
    relative motion. ``probes`` points per interval find separate minima. Returns (candidate, fraction,
    distance) with fraction NaN where the interval holds no interior minimum.
    """
    m = pair_i.size
    out_fraction = np.full((m, 2), np.nan)
    out_distance = np.full((m, 2), np.nan)
    for c in prange(m):
        i, j, k = pair_i[c], pair_j[c], knot[c]
        pi = np.empty(3)
        pj = np.empty(3)
        vi = np.empty(3)
        vj = np.empty(3)
        found = 0
        previous_s = sub_start[c]
        previous_f = _range_rate_product(position, velocity, i, j, k, knot_step_s, previous_s, pi, pj, vi, vj)
        for p in range(1, probes + 1):
            s = sub_start[c] + (sub_end[c] - sub_start[c]) * p / probes
            f = _range_rate_product(position, velocity, i, j, k, knot_step_s, s, pi, pj, vi, vj)
            if previous_f < 0.0 and f >= 0.0 and found < 2:
                low, high = previous_s, s
                for _ in range(60):
                    mid = 0.5 * (low + high)
                    if _range_rate_product(position, velocity, i, j, k, knot_step_s, mid, pi, pj, vi, vj) < 0.0:
                        low = mid
                    else:
                        high = mid
                root = 0.5 * (low + high)
                _range_rate_product(position, velocity, i, j, k, knot_step_s, root, pi, pj, vi, vj)
                distance = 0.0
                for q in range(3):
                    distance += (pi[q] - pj[q]) ** 2
                out_fraction[c, found] = root
                out_distance[c, found] = np.sqrt(distance)
                found += 1
            previous_s, previous_f = s, f
    return out_fraction, out_distance


@njit(parallel=True, cache=True)
def dense_local_minima(position, valid, limit_km, capacity):
    """Brute-force reference: every pair's sampled distance at every time; local minima below ``limit_km``.

    ``position`` (objects, times, 3). Returns (i, j, time index, distance) of samples that are no larger
    than both neighbours; no interpolation, no filters.
    """
    n, t = position.shape[0], position.shape[1]
    out_i = np.empty((n, capacity), np.int32)
    out_j = np.empty((n, capacity), np.int32)
    out_t = np.empty((n, capacity), np.int32)
    out_d = np.empty((n, capacity))
    counts = np.zeros(n, np.int64)
    limit2 = limit_km * limit_km
    for i in prange(n):
        if not valid[i]:
            continue
        for j in range(i + 1, n):
            if not valid[j]:
                continue
            before = 0.0
            here = 0.0
            for q in range(3):
                before += (position[i, 0, q] - position[j, 0, q]) ** 2
                here += (position[i, 1, q] - position[j, 1, q]) ** 2
            for k in range(1, t - 1):
                after = 0.0
                for q in range(3):
                    after += (position[i, k + 1, q] - position[j, k + 1, q]) ** 2
                if here <= limit2 and here <= before and here <= after:
                    c = counts[i]
                    if c < capacity:
                        out_i[i, c], out_j[i, c], out_t[i, c], out_d[i, c] = i, j, k, np.sqrt(here)
                    counts[i] = c + 1
                before, here = here, after
    return out_i, out_j, out_t, out_d, counts
