"""Accumulating sunlight/Earth visibility over a map, one pair of horizon slices at a time.

The horizon sweep gives, for one map bearing (grid azimuth) at a time, the horizon elevation of
every pixel. A body at grid azimuth γ between two consecutive slice bearings α0 ≤ γ < α1 sees the
horizon interpolated linearly between the two slices. The body's grid azimuth and elevation vary
smoothly over the map, so they are tabulated at block corners and interpolated bilinearly inside
each block; a block is visited only for the epochs whose corner azimuths overlap the slice pair.
Every (epoch, pixel) falls in exactly one slice pair, so partial sums over azimuth chunks add up.
Where a block, or a pixel row of it, has the disk wholly above or wholly below the bounds of its
horizon, the per-pixel horizon test is skipped (:func:`accumulate_slice`). Angles in degrees; the
disk is cut by the interpolated horizon as a straight line (analytic segment).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .visibility import segment_fraction

#: How far [deg] a disk must clear the horizon bounds of a block (or of one pixel row of it) for the
#: per-pixel horizon test to be skipped: far above the rounding of the interpolations (~1e-13°), far
#: below anything the terrain resolves. Blocks within it just take the exact per-pixel path.
CLEARANCE_DEG = 1e-6


@numba.njit(cache=True, nogil=True)
def horizon_bounds(h0, h1, block, n_block_cols):
    """The lowest and highest horizon [deg] of either slice over each block, and over each pixel row of it.

    h0, h1: (rows, cols) horizons [deg]. Returns ``(row_low, row_high, block_low, block_high)``: the bounds over
    the ``block`` pixels of one row in one block column, (rows, n_block_cols), and over whole blocks,
    (n_block_rows, n_block_cols). Lows are over finite horizons (+inf if there are none); highs are +inf
    wherever a pixel has no horizon (outside the DEM), so that such a row or block is never taken as wholly lit.
    One pass per slice pair, shared by every body accumulated on it.
    """
    rows, cols = h0.shape
    row_low = np.empty((rows, n_block_cols))
    row_high = np.empty((rows, n_block_cols))
    block_low = np.empty((-(-rows // block), n_block_cols))
    block_high = np.empty_like(block_low)
    block_low[:] = math.inf
    block_high[:] = -math.inf
    for row in range(rows):
        br = row // block
        for bc in range(row_low.shape[1]):
            low = math.inf
            high = -math.inf
            for col in range(bc * block, min((bc + 1) * block, cols)):
                a = h0[row, col]
                c = h1[row, col]
                if math.isfinite(a) and math.isfinite(c):
                    low = min(low, a, c)
                    high = max(high, a, c)
                else:
                    high = math.inf
            row_low[row, bc] = low
            row_high[row, bc] = high
            block_low[br, bc] = min(block_low[br, bc], low)
            block_high[br, bc] = max(block_high[br, bc], high)
    return row_low, row_high, block_low, block_high


@numba.njit(cache=True, nogil=True)
def accumulate_slice(h0, h1, bounds, alpha0, alpha1, entries_t, entries_b, block, n_block_cols,
                     corner_gamma, corner_elev, radius_deg, sum_fraction, any_count, visible_bits):
    """Add the disk fractions of the listed (epoch, block) pairs whose pixels fall in [alpha0, alpha1).

    h0, h1: (rows, cols) horizon [deg] at bearings alpha0 < alpha1 (alpha1 may be 360); bounds: their
    :func:`horizon_bounds`. entries_t, entries_b: epochs and block indices to visit (grouped by block, the block's pixels stay in
    cache). corner_gamma, corner_elev: (T, R+1, C+1) grid azimuth [deg, 0-360] and elevation [deg] at block
    corners; radius_deg: (T,). sum_fraction (rows, cols) float64, any_count (rows, cols) int32: accumulators.
    visible_bits: (rows, cols, ceil(T/8)) uint8 to OR into (or a (0, 0, 0) array to skip).

    Early outs: inside a block the body's elevation is bilinear, so it lies between the corners' values (along
    one pixel row, between the row ends'), and the horizon interpolated between the slices lies between their
    values. Where the disk's top stays below the lowest horizon of the block or row, no pixel sees any of it:
    the block or row is skipped. Where the disk's bottom clears the highest horizon, every pixel of the slice
    pair sees the whole disk (fraction 1): only the azimuth test is left. Other rows are computed pixel by pixel.

    Azimuths: the corners are unwrapped next to the first one, and the slice bounds moved by whole turns next
    to them, so a pixel's γ at an epoch is the same number whatever the slice pair and lies in exactly one.
    """
    rows, cols = h0.shape
    row_low, row_high, block_low, block_high = bounds
    span = alpha1 - alpha0
    keep_bits = visible_bits.shape[0] > 0
    for n in range(entries_t.shape[0]):
        t = entries_t[n]
        b = entries_b[n]
        br = b // n_block_cols
        bc = b % n_block_cols
        r = radius_deg[t]
        # Interpolate in float64 (the table holds float32).
        e00 = np.float64(corner_elev[t, br, bc])
        e01 = np.float64(corner_elev[t, br, bc + 1])
        e10 = np.float64(corner_elev[t, br + 1, bc])
        e11 = np.float64(corner_elev[t, br + 1, bc + 1])
        if max(e00, e01, e10, e11) + r < block_low[br, bc] - CLEARANCE_DEG:
            continue
        block_lit = min(e00, e01, e10, e11) - r > block_high[br, bc] + CLEARANCE_DEG
        g00 = np.float64(corner_gamma[t, br, bc])
        g01 = np.float64(corner_gamma[t, br, bc + 1])
        g10 = np.float64(corner_gamma[t, br + 1, bc])
        g11 = np.float64(corner_gamma[t, br + 1, bc + 1])
        # Unwrap the other corners next to the first one (azimuths near 0/360), and the slice bounds next to them.
        g01 += 360.0 * round((g00 - g01) / 360.0)
        g10 += 360.0 * round((g00 - g10) / 360.0)
        g11 += 360.0 * round((g00 - g11) / 360.0)
        turns = 360.0 * round((alpha0 - g00) / 360.0)
        lower = alpha0 - turns
        upper = alpha1 - turns
        r_start = br * block
        c_start = bc * block
        for i in range(min(block, rows - r_start)):
            row = r_start + i
            v = (i + 0.5) / block
            # Bilinear in the block, so linear along a row: the values at the row's left and right block edges.
            e_left = e00 + (e10 - e00) * v
            e_right = e01 + (e11 - e01) * v
            lit = block_lit
            if not lit:
                if max(e_left, e_right) + r < row_low[row, bc] - CLEARANCE_DEG:
                    continue
                lit = min(e_left, e_right) - r > row_high[row, bc] + CLEARANCE_DEG
            e_step = (e_right - e_left) / block
            g_left = g00 + (g10 - g00) * v
            g_step = (g01 + (g11 - g01) * v - g_left) / block
            for j in range(min(block, cols - c_start)):
                gamma = g_left + g_step * (j + 0.5)
                if gamma < lower or gamma >= upper:
                    continue
                col = c_start + j
                if lit:
                    fraction = 1.0
                else:
                    a = h0[row, col]
                    c = h1[row, col]
                    if not (math.isfinite(a) and math.isfinite(c)):
                        continue
                    horizon = a + (c - a) * ((gamma - lower) / span)
                    fraction = segment_fraction(e_left + e_step * (j + 0.5) - horizon, r)
                    if fraction <= 0.0:
                        continue
                sum_fraction[row, col] += fraction
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
