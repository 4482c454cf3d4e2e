"""Permanent shadow from horizons: the Sun's upper-limb envelope per grid azimuth, and the margin of each pixel.

A pixel can never see any part of the solar disk if, in every direction, its terrain horizon stands
above the highest elevation that the Sun's upper limb reaches in that direction over the period
(for permanently shadowed regions, a whole 18.6-year nodal cycle). The envelope depends only on the
direction and smoothly on position, so it is tabulated at block corners of the map (as the Sun's
track is in :mod:`moonbase.kernels.maps`) and interpolated bilinearly inside each block.

Angles in degrees outside, radians inside; distances in km. Azimuths are map bearings (grid
azimuths) binned as the horizon sweep's slice pairs: bin k covers ``[k, k + 1) * 360 / n_bins``.
"""

from __future__ import annotations

import math

import numba
import numpy as np


@numba.njit(cache=True, parallel=True)
def sun_envelope(sun_km, lat_deg, lon_deg, bearing_deg, n_bins, moon_radius_km, sun_radius_km):
    """Highest upper-limb elevation [deg] of the Sun in each grid-azimuth bin, at each of ``P`` points.

    sun_km: (3, T) Sun from the Moon's centre in the body-fixed frame [km], consecutive epochs (a step
    short enough that the Sun moves less than ~10° of azimuth between them: 1 h is 0.5°).
    lat_deg, lon_deg, bearing_deg: (P,) point positions on the sphere and the map bearing of local north there.
    Each pair of consecutive epochs is a segment of the Sun's track: every bin it crosses takes the higher
    of its two end elevations plus the angular radius (a bound that leaves no bin unvisited between samples).
    Topocentric (the observer on the sphere; parallax is 0.0007° at most). Bins never crossed stay -90.
    Returns (P, n_bins) float64.
    """
    n_points = lat_deg.shape[0]
    n_epochs = sun_km.shape[1]
    step = 360.0 / n_bins
    out = np.full((n_points, n_bins), -90.0)
    for p in numba.prange(n_points):
        lat = math.radians(lat_deg[p])
        lon = math.radians(lon_deg[p])
        cl, sl, co, so = math.cos(lat), math.sin(lat), math.cos(lon), math.sin(lon)
        ux, uy, uz = cl * co, cl * so, sl                 # up
        ex, ey = -so, co                                   # east (z = 0)
        nx, ny, nz = -sl * co, -sl * so, cl                # north
        ox, oy, oz = moon_radius_km * ux, moon_radius_km * uy, moon_radius_km * uz
        previous_g = 0.0
        previous_e = 0.0
        for t in range(n_epochs):
            vx = sun_km[0, t] - ox
            vy = sun_km[1, t] - oy
            vz = sun_km[2, t] - oz
            distance = math.sqrt(vx * vx + vy * vy + vz * vz)
            up = (vx * ux + vy * uy + vz * uz) / distance
            elevation = math.degrees(math.asin(min(1.0, max(-1.0, up)))) + math.degrees(math.asin(sun_radius_km / distance))
            azimuth = math.degrees(math.atan2(vx * ex + vy * ey, vx * nx + vy * ny + vz * nz))
            g = (azimuth + bearing_deg[p]) % 360.0
            if t > 0:
                lo, hi = previous_g, g
                if hi - lo > 180.0:       # the segment crosses 0/360: unwrap
                    hi -= 360.0
                elif lo - hi > 180.0:
                    hi += 360.0
                if lo > hi:
                    lo, hi = hi, lo
                top = max(previous_e, elevation)
                k0 = int(math.floor(lo / step))
                k1 = int(math.floor(hi / step))
                for k in range(k0, k1 + 1):
                    kk = k % n_bins
                    if top > out[p, kk]:
                        out[p, kk] = top
            previous_g = g
            previous_e = elevation
    return out


@numba.njit(cache=True, parallel=True)
def update_shadow_margin(h0, h1, corners, block, margin):
    """``margin = min(margin, min(h0, h1) - envelope)`` at every pixel, for one slice pair [deg].

    h0, h1: (rows, cols) horizons at the pair's two bearings [deg]; between them the horizon is linear, so its
    lowest point over the pair is the lower end. corners: (n_block_rows + 1, n_block_cols + 1) envelope of the
    pair's bin at block corners [deg], interpolated bilinearly at pixel centres. A pixel without a horizon
    (NaN) gets NaN.
    """
    rows, cols = h0.shape
    for r in numba.prange(rows):
        br = r // block
        v = (r % block + 0.5) / block
        for c in range(cols):
            bc = c // block
            u = (c % block + 0.5) / block
            top = corners[br, bc] * (1.0 - u) + corners[br, bc + 1] * u
            bottom = corners[br + 1, bc] * (1.0 - u) + corners[br + 1, bc + 1] * u
            envelope = top * (1.0 - v) + bottom * v
            low = min(h0[r, c], h1[r, c])
            if math.isnan(low) or math.isnan(margin[r, c]):
                margin[r, c] = np.nan
            else:
                margin[r, c] = min(margin[r, c], low - envelope)
