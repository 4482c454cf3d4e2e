"""How much of an extended disk (the Sun, the Earth) stands above a terrain horizon.

Angles in radians. The horizon is sampled on a uniform azimuth grid starting at 0
(``horizon_el[k]`` at azimuth ``k * 2π / K``) and interpolated linearly, periodically.
The disk is cut into vertical strips of equal width; each strip's chord is compared with
the horizon at the strip's own azimuth, so a sloping skyline across the disk is honoured.
The sky is treated as locally flat across the disk (radius ≤ 1°), with azimuth offsets
scaled by 1/cos(elevation).

Literature: the fraction of the solar disk above a terrain horizon is the illumination measure of
Mazarico, Neumann, Smith, Zuber & Torrence (2011), "Illumination conditions of the lunar polar
regions using LOLA topography", Icarus 211, 1066-1081, doi:10.1016/j.icarus.2010.10.030, and of
Gläser et al. (2014), "Illumination conditions at the lunar south pole using high resolution Digital
Terrain Models from LOLA", Icarus 243, 78-90, doi:10.1016/j.icarus.2014.08.013, whose sunlit
percentages count any part of the disk above the horizon (Moonbase's ``sun_any_pct``). The area above a straight chord is the circular-segment formula
(acos(-t) + t sqrt(1 - t^2)) / π for the chord at depth t radii (e.g. Weisstein, "Circular Segment",
MathWorld, https://mathworld.wolfram.com/CircularSegment.html). The strip decomposition is this
module's own; tests/environment/test_visibility.py checks it against Monte Carlo sampling of the disk.
"""

from __future__ import annotations

import math

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _horizon_at(horizon_el, azimuth):
    count = horizon_el.shape[0]
    position = (azimuth % (2.0 * math.pi)) / (2.0 * math.pi) * count
    lower = int(math.floor(position))
    weight = position - lower
    lower = lower % count
    upper = (lower + 1) % count
    return horizon_el[lower] * (1.0 - weight) + horizon_el[upper] * weight


@numba.njit(cache=True)
def segment_fraction(depth, radius):
    """Fraction of a disk of ``radius`` above a straight line ``depth`` below its centre (analytic)."""
    if depth >= radius:
        return 1.0
    if depth <= -radius:
        return 0.0
    ratio = depth / radius
    return (math.acos(-ratio) + ratio * math.sqrt(1.0 - ratio * ratio)) / math.pi


@numba.njit(parallel=True, cache=True)
def visible_disk_fraction(center_az, center_el, radius, horizon_el, n_strips):
    """Visible fraction (0..1) of a disk at each epoch above a horizon profile.

    center_az, center_el, radius: (T,) [rad]; horizon_el: (K,) [rad] on a uniform azimuth grid.
    ``n_strips`` = 1 uses the analytic segment against the horizon at the disk centre's azimuth.
    """
    n = center_az.shape[0]
    out = np.empty(n)
    for t in numba.prange(n):
        el = center_el[t]
        r = radius[t]
        az = center_az[t]
        if n_strips <= 1:
            out[t] = segment_fraction(el - _horizon_at(horizon_el, az), r)
            continue
        # Early outs: the horizon within the disk's azimuth span can't exceed its max sample.
        stretch = 1.0 / max(math.cos(el), 1e-6)
        visible = 0.0
        total = 0.0
        width = 2.0 * r / n_strips
        for k in range(n_strips):
            x = -r + (k + 0.5) * width
            half = math.sqrt(max(r * r - x * x, 0.0))
            h = _horizon_at(horizon_el, az + x * stretch)
            top = el + half
            bottom = max(el - half, h)
            if top > bottom:
                visible += top - bottom
            total += 2.0 * half
        out[t] = visible / total if total > 0.0 else 0.0
    return out
