"""Launch-window sweep kernel: for every launch second, each object's closest approach to the vehicle.

The vehicle's Earth-fixed path ``path`` (steps, 3) is the same for every launch second (see
``moonbase.traffic.launch``); objects' Earth-fixed positions ``objects`` (objects, times, 3) share the
path's time step, starting at the first launch second. For launch ``l`` and path step ``k`` the object
sample is ``l + k``. A coarse stride skips stretches where the object cannot come within reach
(distance minus the largest relative motion over the stride), then the minimum is refined with the
exact segment minimum between 1-step samples. Kilometres and seconds.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always")
def _gap(path, objects, o, l, k):
    dx = path[k, 0] - objects[o, l + k, 0]
    dy = path[k, 1] - objects[o, l + k, 1]
    dz = path[k, 2] - objects[o, l + k, 2]
    return np.sqrt(dx * dx + dy * dy + dz * dz)


@njit(cache=True, inline="always")
def _segment_minimum(path, objects, o, l, k):
    """Minimum distance between steps k and k+1 with straight-line relative motion; (distance, fraction)."""
    d0 = np.empty(3)
    e = np.empty(3)
    for q in range(3):
        d0[q] = path[k, q] - objects[o, l + k, q]
        e[q] = (path[k + 1, q] - objects[o, l + k + 1, q]) - d0[q]
    ee = e[0] * e[0] + e[1] * e[1] + e[2] * e[2]
    u = 0.0
    if ee > 0.0:
        u = -(d0[0] * e[0] + d0[1] * e[1] + d0[2] * e[2]) / ee
        u = min(1.0, max(0.0, u))
    x, y, z = d0[0] + u * e[0], d0[1] + u * e[1], d0[2] + u * e[2]
    return np.sqrt(x * x + y * y + z * z), u


@njit(parallel=True, cache=True)
def sweep_launch_window(path, objects, launches, reach_km, stride, max_relative_speed_km_s, step_s):
    """Per object and launch second: the smallest distance [km] and when (path step + fraction).

    Only minima below ``reach_km[o]`` are resolved exactly; elsewhere the distance is a lower bound
    that is already above the reach (reported as +inf).
    """
    n_objects = objects.shape[0]
    steps = path.shape[0]
    best = np.full((n_objects, launches), np.inf)
    when = np.full((n_objects, launches), np.nan)
    slack = max_relative_speed_km_s * stride * step_s
    for job in prange(n_objects * launches):
        o = job // launches
        l = job - o * launches
        reach = reach_km[o]
        k = 0
        while k < steps:
            d = _gap(path, objects, o, l, k)
            if d - slack <= reach:
                low = max(k - stride, 0)
                high = min(k + stride, steps - 1)
                for q in range(low, high):
                    m, u = _segment_minimum(path, objects, o, l, q)
                    if m < best[o, l]:
                        best[o, l] = m
                        when[o, l] = q + u
            k += stride
        if best[o, l] > reach:
            best[o, l] = np.inf
            when[o, l] = np.nan
    return best, when
