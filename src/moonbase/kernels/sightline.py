"""Line of sight between points on the terrain: the straight 3-D chord tested against the DEM beneath it.

Each end stands ``mast`` metres above the terrain. Along the chord, at steps of about half the finest
pixel, the point's radius is compared with the radius of the terrain directly below it (reference
sphere plus DEM height): the chord is blocked where it passes beneath the ground. Curvature is exact
(the chord is a straight line in space, the ground a sphere plus heights). Distances in km, heights in m.
"""

from __future__ import annotations

import math

import numba

from .terrain_sampling import stack_height


@numba.njit(cache=True, inline="always")
def _unit(lat, lon):
    cl = math.cos(lat)
    return cl * math.cos(lon), cl * math.sin(lon), math.sin(lat)


@numba.njit(cache=True, parallel=True)
def sightlines(lat_a, lon_a, lat_b, lon_b, height_a_m, height_b_m, grids, gts, projs, radius_km, step_km, out_clear):
    """Smallest clearance [m] of the chord above the terrain for each pair (negative: blocked).

    lat/lon: (N,) ends [rad]; height_a_m/height_b_m: (N,) end heights above the reference sphere [m]
    (terrain + mast); step_km: sampling step along the chord. Samples where no DEM has data are skipped.
    The ends themselves (first and last step) are not tested: they stand on their own terrain.
    """
    for i in numba.prange(lat_a.shape[0]):
        ax, ay, az = _unit(lat_a[i], lon_a[i])
        bx, by, bz = _unit(lat_b[i], lon_b[i])
        ra = radius_km + height_a_m[i] / 1000.0
        rb = radius_km + height_b_m[i] / 1000.0
        ax, ay, az = ax * ra, ay * ra, az * ra
        bx, by, bz = bx * rb, by * rb, bz * rb
        length = math.sqrt((bx - ax) ** 2 + (by - ay) ** 2 + (bz - az) ** 2)
        n = max(2, int(math.ceil(length / step_km)))
        clear = math.inf
        for k in range(1, n):
            f = k / n
            qx = ax + f * (bx - ax)
            qy = ay + f * (by - ay)
            qz = az + f * (bz - az)
            r = math.sqrt(qx * qx + qy * qy + qz * qz)
            lat = math.asin(qz / r)
            lon = math.atan2(qy, qx)
            h = stack_height(grids, gts, projs, lat, lon)
            if math.isnan(h):
                continue
            c = (r - radius_km) * 1000.0 - h
            if c < clear:
                clear = c
        out_clear[i] = clear
