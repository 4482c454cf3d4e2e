"""Accumulating sunlight/Earth visibility over a map, one pair of horizon slices at a time.

The horizon sweep gives, for one map bearing (grid azimuth) at a time, the horizon elevation of
every pixel. A body at grid azimuth γ between two consecutive slice bearings α0 ≤ γ < α1 sees the
horizon interpolated linearly between the two slices. The body's grid azimuth and elevation vary
smoothly over the map, so they are tabulated at block corners and interpolated bilinearly inside
each block; a block is visited only for the epochs whose corner azimuths overlap the slice pair.
Every (epoch, pixel) falls in exactly one slice pair, so partial sums over azimuth chunks add up.
Angles in degrees; the disk is cut by the interpolated horizon as a straight line (analytic segment).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .visibility import segment_fraction


@numba.njit(cache=True, nogil=True)
def accumulate_slice(h0, h1, alpha0, alpha1, entries_t, entries_b, block, n_block_cols,
                     corner_gamma, corner_elev, radius_deg, sum_fraction, any_count, visible_bits):
    """Add the disk fractions of the listed (epoch, block) pairs whose pixels fall in [alpha0, alpha1).

    h0, h1: (rows, cols) horizon [deg] at bearings alpha0 < alpha1 (alpha1 may be 360).
    entries_t, entries_b: epochs and block indices to visit. corner_gamma, corner_elev: (T, R+1, C+1)
    grid azimuth [deg, 0-360] and elevation [deg] at block corners; radius_deg: (T,).
    sum_fraction (rows, cols) float64, any_count (rows, cols) int32: accumulators.
    visible_bits: (rows, cols, ceil(T/8)) uint8 to OR into (or a (0, 0, 0) array to skip).
    """
    rows, cols = h0.shape
    span = alpha1 - alpha0
    keep_bits = visible_bits.shape[0] > 0
    for n in range(entries_t.shape[0]):
        t = entries_t[n]
        b = entries_b[n]
        br = b // n_block_cols
        bc = b % n_block_cols
        g00 = corner_gamma[t, br, bc]
        # Unwrap the other corners next to the first one (azimuths near 0/360).
        g01 = corner_gamma[t, br, bc + 1]
        g10 = corner_gamma[t, br + 1, bc]
        g11 = corner_gamma[t, br + 1, bc + 1]
        g01 += 360.0 * round((g00 - g01) / 360.0)
        g10 += 360.0 * round((g00 - g10) / 360.0)
        g11 += 360.0 * round((g00 - g11) / 360.0)
        e00 = corner_elev[t, br, bc]
        e01 = corner_elev[t, br, bc + 1]
        e10 = corner_elev[t, br + 1, bc]
        e11 = corner_elev[t, br + 1, bc + 1]
        r = radius_deg[t]
        r_start = br * block
        c_start = bc * block
        for i in range(block):
            row = r_start + i
            if row >= rows:
                break
            v = (i + 0.5) / block
            for j in range(block):
                col = c_start + j
                if col >= cols:
                    break
                u = (j + 0.5) / block
                gamma = (g00 * (1 - u) + g01 * u) * (1 - v) + (g10 * (1 - u) + g11 * u) * v
                gamma = gamma % 360.0
                if alpha1 > 360.0 - 1e-9 and gamma < alpha0:
                    gamma += 360.0
                if gamma < alpha0 or gamma >= alpha1:
                    continue
                w = (gamma - alpha0) / span
                a = h0[row, col]
                c = h1[row, col]
                if not (math.isfinite(a) and math.isfinite(c)):
                    continue
                horizon = a + (c - a) * w
                elev = (e00 * (1 - u) + e01 * u) * (1 - v) + (e10 * (1 - u) + e11 * u) * v
                fraction = segment_fraction(elev - horizon, r)
                sum_fraction[row, col] += fraction
                if fraction > 0.0:
                    any_count[row, col] += 1
                    if keep_bits:
                        visible_bits[row, col, t >> 3] |= np.uint8(1 << (t & 7))


@numba.njit(cache=True, nogil=True)
def count_joint(visible_a, visible_b, out):
    """Per pixel, how many epochs are set in both bitsets."""
    rows, cols, n = visible_a.shape
    for i in range(rows):
        for j in range(cols):
            total = 0
            for k in range(n):
                x = visible_a[i, j, k] & visible_b[i, j, k]
                while x:
                    total += x & 1
                    x >>= 1
            out[i, j] = total
