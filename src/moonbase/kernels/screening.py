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
_LAST = np.int64(2**62)  # the key of objects left out of the grid (no real cell key reaches it)


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


@njit(cache=True, inline="always")
def _pair_may_meet(a, b, threshold_km):
    """The filter chain on two rows of the sorted per-sub-step data (see :func:`candidate_pairs`)."""
    if a[10] > b[11] + threshold_km or b[10] > a[11] + threshold_km:
        return False  # radial shells apart
    ddx = a[0] - b[0]
    ddy = a[1] - b[1]
    ddz = a[2] - b[2]
    reach = a[9] + b[9] + threshold_km
    if ddx * ddx + ddy * ddy + ddz * ddz > reach * reach:
        return False  # swept spheres apart
    gap = _segment_min_distance(a[3] - b[3], a[4] - b[4], a[5] - b[5], a[6] - b[6], a[7] - b[7], a[8] - b[8])
    return gap <= threshold_km + a[12] + b[12]


@njit(cache=True, inline="always")
def _emit(out_i, out_j, out_s, counts, b, capacity, i, j, s):
    """Record candidate (i, j) in sub-step ``s`` of knot block row ``b`` (counted even past ``capacity``: the caller retries)."""
    c = counts[b]
    if c < capacity:
        out_i[b, c] = min(i, j)
        out_j[b, c] = max(i, j)
        out_s[b, c] = s
    counts[b] = c + 1


@njit(cache=True)
def _cell_run(table_key, table_start, table_end, mask, key):
    """(start, end) of the objects in cell ``key`` in the sorted order; (0, 0) for an empty cell."""
    slot = _slot(key, mask)
    while table_key[slot] != _EMPTY and table_key[slot] != key:
        slot = (slot + 1) & mask
    if table_key[slot] == _EMPTY:
        return 0, 0
    return table_start[slot], table_end[slot]


#: The cell itself and 13 of its 26 neighbours: every pair of neighbouring cells once.
_HALF_SHELL = np.array([(0, 0, 0), (1, 0, 0), (-1, 1, 0), (0, 1, 0), (1, 1, 0), (-1, -1, 1), (0, -1, 1), (1, -1, 1),
                        (-1, 0, 1), (0, 0, 1), (1, 0, 1), (-1, 1, 1), (0, 1, 1), (1, 1, 1)], dtype=np.int64)


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
    all_primary = True
    for i in range(n):
        if valid[i] and not primary[i]:
            all_primary = False
    for b in prange(knot_count):
        knot = first_knot + b
        points = hermite_positions(position, velocity, knot, knot_step_s, fractions)
        centre = np.empty((n, 3))
        radius = np.empty(n)
        keys = np.empty(n, np.int64)
        table_key = np.empty(table_size, np.int64)
        table_start = np.empty(table_size, np.int64)
        table_end = np.empty(table_size, np.int64)
        # Per sub-step, every object's data in cell order: scanning a cell reads contiguous memory.
        # Invalid objects are left out of the grid.
        sorted_data = np.empty((n, 13))  # centre 3, chord start 3, chord end 3, radius, shell low, shell high, pad
        sorted_index = np.empty(n, np.int64)
        sorted_primary = np.empty(n, np.bool_)
        run_start = np.empty(n, np.int64)  # the occupied cells, as runs of the sorted order
        run_end = np.empty(n, np.int64)
        rank = np.empty(n, np.int64)  # each object's row in the sorted order
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
                # invalid objects sort last, behind every real cell key
                keys[i] = _cell_key(centre[i, 0], centre[i, 1], centre[i, 2], cell) if valid[i] else _LAST
            order = np.argsort(keys)
            for q in range(n):
                j = order[q]
                sorted_primary[q] = primary[j]
                rank[j] = q
                sorted_index[q] = j
                for k in range(3):
                    sorted_data[q, k] = centre[j, k]
                    sorted_data[q, 3 + k] = points[j, s, k]
                    sorted_data[q, 6 + k] = points[j, s + 1, k]
                sorted_data[q, 9] = radius[j]
                sorted_data[q, 10] = radius_low_km[j]
                sorted_data[q, 11] = radius_high_km[j]
                sorted_data[q, 12] = pad_km[j]
            table_key[:] = _EMPTY
            start = 0
            occupied = 0
            while start < n and keys[order[start]] != _LAST:
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
                run_start[occupied] = start
                run_end[occupied] = end
                occupied += 1
                start = end
            if all_primary:
                # Every pair of neighbouring cells once (half shell), both sides read from contiguous rows.
                run = 0
                while run < occupied:
                    a0, a1 = run_start[run], run_end[run]
                    key = keys[order[a0]]
                    cx, cy, cz = (key >> 40) & 0xFFFFF, (key >> 20) & 0xFFFFF, key & 0xFFFFF
                    for h in range(_HALF_SHELL.shape[0]):
                        if h == 0:
                            b0, b1 = a0, a1
                        else:
                            other = ((cx + _HALF_SHELL[h, 0]) << 40) | ((cy + _HALF_SHELL[h, 1]) << 20) | (cz + _HALF_SHELL[h, 2])
                            b0, b1 = _cell_run(table_key, table_start, table_end, mask, other)
                            if b0 == b1:
                                continue
                        for qa in range(a0, a1):
                            first_b = qa + 1 if h == 0 else b0
                            for qb in range(first_b, b1):
                                if _pair_may_meet(sorted_data[qa], sorted_data[qb], threshold_km):
                                    _emit(out_i, out_j, out_s, counts, b, capacity, sorted_index[qa], sorted_index[qb], s)
                    run += 1
                continue
            for i in range(n):
                if not (valid[i] and primary[i]):
                    continue
                cx, cy, cz = (keys[i] >> 40) & 0xFFFFF, (keys[i] >> 20) & 0xFFFFF, keys[i] & 0xFFFFF
                row_i = sorted_data[rank[i]]
                for dx in range(-1, 2):
                    for dy in range(-1, 2):
                        for dz in range(-1, 2):
                            key = ((cx + dx) << 40) | ((cy + dy) << 20) | (cz + dz)
                            q0, q1 = _cell_run(table_key, table_start, table_end, mask, key)
                            for q in range(q0, q1):
                                j = sorted_index[q]
                                if j == i or (sorted_primary[q] and j < i):
                                    continue  # both primary: counted once, from the lower index
                                if _pair_may_meet(row_i, sorted_data[q], threshold_km):
                                    _emit(out_i, out_j, out_s, counts, b, capacity, i, j, s)
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
