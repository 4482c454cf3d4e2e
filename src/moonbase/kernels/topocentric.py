"""Topocentric azimuth/elevation/range for many surface sites against shared per-epoch vectors.

The per-epoch work (ephemeris, light time, frame rotation) is done once; a site then
only needs its fixed east/north/up basis in the body-fixed frame. Azimuth is measured
from local north through east, in radians in ``[0, 2π)``; elevation is above the plane
normal to the radius vector (the local horizontal of the reference sphere).
"""

from __future__ import annotations

import math

import numba
import numpy as np


def enu_basis(lat_rad, lon_rad):
    """East, north, up unit vectors (each ``(..., 3)``) in the body-fixed frame.

    North is the direction along the local meridian toward the body's north pole. At a
    pole itself the meridian of the given longitude defines it: at the south pole
    (lat = -90°) north points along longitude ``lon`` toward the equator.
    """
    lat = np.asarray(lat_rad, dtype=float)
    lon = np.asarray(lon_rad, dtype=float)
    sl, cl = np.sin(lat), np.cos(lat)
    so, co = np.sin(lon), np.cos(lon)
    east = np.stack([-so, co, np.zeros_like(lat)], axis=-1)
    north = np.stack([-sl * co, -sl * so, cl], axis=-1)
    up = np.stack([cl * co, cl * so, sl], axis=-1)
    return east, north, up


@numba.njit(inline="always", cache=True)
def atan2_series(y, x):
    """atan2(y, x) in (-π, π] to 6e-11 rad (1e-5 arcsec), about 3x faster than libm's.

    Octant reduction to z = min/max in [0, 1], a further reduction to |z| <= tan(π/8) by
    atan(z) = π/4 + atan((z - 1) / (z + 1)), then the Taylor series of atan to z**21, whose
    truncation error is below tan(π/8)**23 / 23 = 6e-11 rad. Checked against numpy in the tests.
    """
    ax = abs(x)
    ay = abs(y)
    big = max(ax, ay)
    if big == 0.0:
        return 0.0
    z = min(ax, ay) / big
    offset = 0.0
    if z > 0.41421356237309503:  # tan(π/8)
        z = (z - 1.0) / (z + 1.0)
        offset = 0.7853981633974483
    s = z * z
    p = 1.0 / 21.0
    p = p * s - 1.0 / 19.0
    p = p * s + 1.0 / 17.0
    p = p * s - 1.0 / 15.0
    p = p * s + 1.0 / 13.0
    p = p * s - 1.0 / 11.0
    p = p * s + 1.0 / 9.0
    p = p * s - 1.0 / 7.0
    p = p * s + 1.0 / 5.0
    p = p * s - 1.0 / 3.0
    p = p * s + 1.0
    angle = offset + z * p
    if ay > ax:
        angle = 0.5 * math.pi - angle
    if x < 0.0:
        angle = math.pi - angle
    if y < 0.0:
        angle = -angle
    return angle


@numba.njit(cache=True)
def atan2_series_array(y, x):
    """Element-wise :func:`atan2_series` (for tests)."""
    out = np.empty(y.shape[0])
    for i in range(y.shape[0]):
        out[i] = atan2_series(y[i], x[i])
    return out


@numba.njit(parallel=True, cache=True)
def azimuth_elevation_range(body_xyz, site_xyz, east, north, up, out_az, out_el, out_range):
    """Fill ``out_*[s, t]`` for sites ``s`` and epochs ``t``.

    body_xyz: (3, T) target position from the body centre in the body-fixed frame [km].
    site_xyz, east, north, up: (S, 3) site positions [km] and unit basis vectors (the basis
    need not be normal to the radius vector: geodetic bases on an ellipsoid work too).
    out_az, out_el: (S, T) radians (any float dtype); out_range: (S, T) km or a (0, 0) array to skip.
    """
    n_sites = site_xyz.shape[0]
    n_times = body_xyz.shape[1]
    want_range = out_range.shape[0] > 0
    for s in numba.prange(n_sites):
        ex, ey, ez = east[s, 0], east[s, 1], east[s, 2]
        nx, ny, nz = north[s, 0], north[s, 1], north[s, 2]
        ux, uy, uz = up[s, 0], up[s, 1], up[s, 2]
        # The site's own components in its basis (on a sphere only "up" is non-zero; on an
        # ellipsoid the geodetic normal tilts, so east/north are kept too).
        sx, sy, sz = site_xyz[s, 0], site_xyz[s, 1], site_xyz[s, 2]
        site_east = sx * ex + sy * ey + sz * ez
        site_north = sx * nx + sy * ny + sz * nz
        site_up = sx * ux + sy * uy + sz * uz
        for t in range(n_times):
            bx = body_xyz[0, t]
            by = body_xyz[1, t]
            bz = body_xyz[2, t]
            e = bx * ex + by * ey + bz * ez - site_east
            n = bx * nx + by * ny + bz * nz - site_north
            u = bx * ux + by * uy + bz * uz - site_up
            horizontal = math.sqrt(e * e + n * n)
            az = atan2_series(e, n)
            if az < 0.0:
                az += 2.0 * math.pi
            out_az[s, t] = az
            out_el[s, t] = atan2_series(u, horizontal)
            if want_range:
                out_range[s, t] = math.sqrt(horizontal * horizontal + u * u)


def vector_to_latlon(xyz):
    """(3, T) body-fixed vectors → planetocentric latitude and east longitude [rad], lon in [0, 2π)."""
    x, y, z = xyz
    lat = np.arctan2(z, np.hypot(x, y))
    lon = np.mod(np.arctan2(y, x), 2.0 * np.pi)
    return lat, lon
