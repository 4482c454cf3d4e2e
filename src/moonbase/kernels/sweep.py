"""Horizon angles of every pixel of a map in one direction, in one pass (numba).

The sweep follows Dozier & Frew (1990, IEEE TGRS 28(5), 963-969) and Stewart (1998, IEEE TVCG
4(1), 82-93): along each of a family of parallel lines in the map, walk from the far end
backwards, keeping the upper convex hull of the profile already seen (the terrain ahead). The
horizon of a point is the tangent from it to that hull, so a whole line costs O(n log n)
instead of O(n²) for ray-marching from every pixel.

Geometry. The map is a polar stereographic grid (conformal, so a map bearing differs from the
local azimuth only by the direction of local north). Distances along a line are true lengths:
map steps divided by the point scale factor k = k0 (1 + ρ²/(4R²k0²)) (Snyder 1987, eq. 21-4).
Curvature enters through the parabolic drop: with g = h - s²/(2R) along a line, the slope from
p to q in (s, g) equals tan(elevation) - s_p/R, so the hull in (s, g) finds the right point;
its elevation is then recomputed in exact spherical geometry. Straight map lines depart from
great circles by < 0.3 km over 300 km within 300 km of the pole (the image of a great circle
has a radius of curvature ≈ 2R²/ρ), an azimuth error below 0.06°.

Lines. In view index space (l = lateral index, m = march index, the march axis being the one
closer to the direction), lines step one m at a time and ``t`` laterally; they are one pixel
apart laterally, so every pixel lies between two of them. A line's heights are interpolated
linearly across the lateral axis. Walking a line, each of the two pixels beside the current
sample queries the hull from its own position and height (a galloping search from the previous
tangent: consecutive samples mostly share it); the hull holds only samples at least
``near_steps`` ahead. A pixel's far horizon is then interpolated linearly between the two lines
on either side of it. Beyond the map's edge each line continues through the extension DEMs
(same projection) with steps growing with distance, as in :mod:`moonbase.kernels.horizon`, up
to ``max_distance_m`` past the edge.

Near field. The first ``near_steps`` march steps are sampled along each pixel's own ray, where
the lines' half-pixel offset would matter most. Those samples sit at the same offsets from every
pixel, so they run as a few straight float32 passes per row (vectorised); pixels whose ray
leaves the map within the near field are sampled one by one on the extension DEMs.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .terrain_sampling import bilinear


#: Near-field sampling along a pixel's own ray: (up to k march steps, spacing [steps]) tiers, then whole steps.
#: Along a ray the bilinear surface is quadratic within each cell, so between samples δ apart a crest can hide
#: up to (twist · δ²/8); next to the observer that matters (tenths of a degree at 1-2 pixels on rough 240 m
#: terrain), beyond a few pixels it fades as 1/distance.
NEAR_FIELD_TIERS = ((2.0, 0.125), (4.0, 0.5))
#: Shortest step beyond the map, as a fraction of the pixel of the DEM being sampled: two samples per pixel
#: follow its bilinear surface (quadratic along a line) closely at the ≥ 3 km where that terrain lies; finer
#: steps cost time (half of it on diagonals) and changed the RMS against the exact method by 0.001°.
EXT_STEP_FRACTION = 0.5
#: Pixels per near-field pass: a pass's arrays (~14 kB) stay in the L1 cache across all the samples.
NEAR_CHUNK = 512


@numba.njit(cache=True, inline="always")
def _scale(x, y, proj):
    """Point scale factor of a polar stereographic map at (x, y) [m]."""
    dx = x - proj[5]
    dy = y - proj[6]
    a = 2.0 * proj[1] * proj[4]
    return proj[4] * (1.0 + (dx * dx + dy * dy) / (a * a))


@numba.njit(cache=True, inline="always")
def _ext_height(grids, gts, x, y):
    for k in range(len(grids)):
        h = bilinear(grids[k], gts[k], x, y)
        if not math.isnan(h):
            return h, k
    return np.nan, -1


@numba.njit(cache=True, inline="always")
def _push(hs, hg, hh, top, s, g, h):
    """Add the profile point (s, g) nearer than every hull vertex; drop vertices it hides. Returns the new top.

    ``hs``/``hg`` hold the upper hull from the farthest (index 0) to the nearest (``top``); a vertex
    goes when it lies on or below the segment from the new point to the next farther vertex
    (cross-multiplied slopes: every distance difference is positive).
    """
    while top >= 1 and (hg[top] - g) * (hs[top - 1] - hs[top]) <= (hg[top - 1] - hg[top]) * (hs[top] - s):
        top -= 1
    top += 1
    hs[top] = s
    hg[top] = g
    hh[top] = h
    return top


@numba.njit(cache=True, inline="always")
def _rises_to(hs, hg, i, s, g):
    """Whether hull vertex ``i`` (≥ 1) is at least as steep from (s, g) as the next farther vertex ``i - 1``.

    Along the chain from the farthest (0) to the nearest (``top``) vertex the slope from a point
    nearer than all of them first rises then falls, so this holds for every vertex up to the
    tangent and for none after it (cross-multiplied: every distance difference is positive).
    """
    return (hg[i] - g) * (hs[i - 1] - hs[i]) >= (hg[i - 1] - hg[i]) * (hs[i] - s)


@numba.njit(cache=True, inline="always")
def _tangent_from(hs, hg, top, start, s, g):
    """Hull vertex of largest slope from (s, g): galloping search from a guess ``start``.

    Consecutive samples of a line mostly share their tangent vertex or a neighbour, so the search
    starts at the previous answer and doubles its stride away from it (O(log distance), two
    tests when the guess is right) before bisecting.
    """
    k = min(max(start, 0), top)
    if k == 0 or _rises_to(hs, hg, k, s, g):
        lo = k  # the last vertex that rises is at or nearer than k
        stride = 1
        hi = k + 1
        while hi <= top and _rises_to(hs, hg, hi, s, g):
            lo = hi
            stride *= 2
            hi = lo + stride
        hi = min(hi - 1, top)  # the answer lies in [lo, hi]
    else:
        hi = k - 1  # the answer is farther than k
        stride = 1
        lo = k - 1
        while lo >= 1 and not _rises_to(hs, hg, lo, s, g):
            hi = lo - 1
            stride *= 2
            lo = max(hi - stride + 1, 0)
    while lo < hi:  # the largest index in [lo, hi] that rises (lo does)
        mid = (lo + hi + 1) // 2
        if _rises_to(hs, hg, mid, s, g):
            lo = mid
        else:
            hi = mid - 1
    return lo


@numba.njit(cache=True, error_model="numpy")
def _atan_deg(tangent, out):
    """``out = degrees(atan(tangent))`` for finite tangents, in straight vectorisable code (no libm call).

    Two half-angle steps, atan x = 2 atan(x / (1 + sqrt(1 + x²))), bring |x| below tan(π/8) = 0.414,
    where the odd series to x¹⁷ is accurate to 4·0.414¹⁹/19 = 1.2e-8 rad (7e-7°), finer than the
    float32 output. NaN stays NaN.
    """
    for i in range(tangent.shape[0]):
        x = tangent[i]
        x = x / (1.0 + math.sqrt(1.0 + x * x))
        x = x / (1.0 + math.sqrt(1.0 + x * x))
        x2 = x * x
        series = 1.0 / 17.0
        for n in range(15, 0, -2):  # Horner: 1 - x²/3 + x⁴/5 - ... (unrolled by the compiler)
            series = 1.0 / n - x2 * series
        out[i] = (4.0 * 180.0 / math.pi) * x * series


@numba.njit(cache=True, inline="always")
def _first_on_map(base, t_per_index, sm, n_lat, n_march):
    """The far-most march index (in the looking direction ``sm``) at which the line ``q = base +
    t_per_index * m`` lies on the map laterally (-0.5 <= q <= n_lat - 0.5); -1 if it never does."""
    lo = 0.0
    hi = n_march - 1.0
    if t_per_index != 0.0:  # the interval of m where q is on the map
        m_a = (-0.5 - base) / t_per_index
        m_b = (n_lat - 0.5 - base) / t_per_index
        lo = max(lo, math.ceil(min(m_a, m_b)) - 1.0)
        hi = min(hi, math.floor(max(m_a, m_b)) + 1.0)
    elif not (-0.5 <= base <= n_lat - 0.5):
        return -1
    if lo > hi:
        return -1
    m = int(hi) if sm > 0 else int(lo)
    end = int(lo) if sm > 0 else int(hi)
    while True:  # at most a step or two past the rounded bounds
        if -0.5 <= base + t_per_index * m <= n_lat - 0.5:
            return m
        if m == end:
            return -1
        m -= sm


@numba.njit(cache=True, inline="always")
def _elevation_tan(radius, inv_radius, r_obs, distance, height):
    """Tangent of the exact elevation of terrain at ``height`` and arc ``distance`` from radius ``r_obs``.

    cos and sin of the central angle g by their series to g⁶ and g⁷: below 1e-7 relative error for
    g < 0.35 rad (600 km), i.e. < 0.2 m of height at the farthest terrain; no transcendental calls.
    """
    g = distance * inv_radius
    g2 = g * g
    cos_g = 1.0 - g2 / 2.0 * (1.0 - g2 / 12.0 * (1.0 - g2 / 30.0))
    sin_g = g * (1.0 - g2 / 6.0 * (1.0 - g2 / 20.0 * (1.0 - g2 / 42.0)))
    r_t = radius + height
    return (r_t * cos_g - r_obs) / (r_t * sin_g)


@numba.njit(cache=True, error_model="numpy")
def _near_pass(near, a0, b0, a1, b1, w00, w01, w10, w11, rise, gamma2, half_k2, inv_k, inv_radius, one):
    """One near-field sample for a run of pixels, in float32: ``near = max(near, tan(elevation) · γ)``.

    The sample's height is the bilinear blend of rows a/b (lateral) and columns 0/1 (march) with
    weights ``w``; the rows come pre-shifted, so the loop is straight and vectorises 8 wide. In
    exact spherical geometry with cos γ = 1 - γ²/2, sin γ = γ (γ < 2e-3 rad here: exact to 1e-12),
    the elevation of terrain at height h and central angle γ = k·γ₁ seen from ``rise`` above the
    sphere has tan = ((h - rise)/(R + h) - γ²/2)/γ; 1/(R + h) is taken by its series to (h/R)²
    (error < 2e-7 of the small numerator) and the common factor 1/γ₁ is applied by the caller.
    float32 keeps heights to 1 mm, tan to ~1e-5°. NaN heights (no data) never win the ``max``.
    """
    for m in range(near.shape[0]):
        h = a0[m] * w00 + b0[m] * w01 + a1[m] * w10 + b1[m] * w11
        u = h * inv_radius
        value = ((h - rise[m]) * inv_radius * (one - u * (one - u)) - half_k2 * gamma2[m]) * inv_k
        near[m] = max(near[m], value)


@numba.njit(cache=True)
def near_field_samples(t, sm, near_steps):
    """The near-field samples along a pixel's own ray, as offsets that are the same for every pixel.

    Sample k (in march steps, spaced as NEAR_FIELD_TIERS say) lies at lateral
    offset t·k and march offset sm·k from the pixel, so its bilinear weights do not depend on the
    pixel. Returns per sample ``k``, the lateral index offset and weight, and the march offsets of
    the two columns around it with the second one's weight.
    """
    ks = np.empty(8 * near_steps)
    count = 0
    k = 0.0
    while True:
        spacing = 1.0
        for limit, fine in NEAR_FIELD_TIERS:
            if k < limit:
                spacing = fine
                break
        k += spacing
        if k > near_steps:
            break
        ks[count] = k
        count += 1
    ks = ks[:count]
    dl = np.empty(count, dtype=np.int64)
    fl = np.empty(count)
    dm0 = np.empty(count, dtype=np.int64)
    dm1 = np.empty(count, dtype=np.int64)
    fm = np.empty(count)
    for i in range(count):
        k = ks[i]
        lateral = t * k
        dl[i] = int(math.floor(lateral))
        fl[i] = lateral - dl[i]
        dm0[i] = sm * int(math.floor(k))
        dm1[i] = sm * int(math.ceil(k))
        fm[i] = k - math.floor(k)
    return ks, dl, fl, dm0, dm1, fm


@numba.njit(cache=True, inline="always")
def _near_at_edge(z, l, m, t, sm, ks, origin, step_m, step_l, ext_grids, ext_gts, rise, gamma2, inv_gamma, radius):
    """tan(elevation) of the near field of a pixel whose ray leaves the map within it, sample by sample:
    from the map where the sample lies on it, from the extension DEMs (at the exact position, as the
    exact method does) beyond its edge. Same geometry as :func:`_near_pass`, in float64."""
    n_lat, n_march = z.shape
    near = -np.inf
    for i in range(ks.shape[0]):
        k = ks[i]
        mk = m + sm * k
        lk = l + t * k
        if mk < 0.0 or mk > n_march - 1.0 or lk < 0.0 or lk > n_lat - 1.0:
            h, which = _ext_height(ext_grids, ext_gts, origin[0] + step_m[0] * mk + step_l[0] * lk,
                                   origin[1] + step_m[1] * mk + step_l[1] * lk)
        else:
            m0 = min(int(mk), n_march - 2)
            l0 = min(int(lk), n_lat - 2)
            fm = mk - m0
            fl = lk - l0
            h = z[l0, m0] * (1.0 - fl) + z[l0 + 1, m0] * fl
            if fm > 0.0:
                h = h * (1.0 - fm) + (z[l0, m0 + 1] * (1.0 - fl) + z[l0 + 1, m0 + 1] * fl) * fm
        near = max(near, ((h - rise) / (radius + h) - 0.5 * k * k * gamma2) / k)
    return near * inv_gamma


@numba.njit(cache=True, parallel=True, error_model="numpy")
def sweep_direction(z, origin, step_m, step_l, ux, uy, proj, ext_grids, ext_gts, ext_pixel, observer_height_m,
                    max_distance_m, growth, near_steps, out):
    """Horizon elevation [deg] of every pixel of ``z`` looking along map direction (ux, uy).

    ``z``: ``(L, M)`` heights [m] in view layout (lateral, march), NaN = no data. ``origin``:
    map (x, y) of view pixel (0, 0)'s centre; ``step_m``/``step_l``: map vectors of one march and
    one lateral index step [m]. ``proj``: the map's projection parameters (polar stereographic).
    ``ext_grids``/``ext_gts``/``ext_pixel``: DEMs (same projection, finest first) used beyond the
    map's edge, and their pixel sizes [m]. ``near_steps``: march steps handled along each pixel's own
    ray instead of its neighbouring lines. ``out``: ``(L, M)`` float32, in place.
    """
    n_lat, n_march = z.shape
    radius = proj[1]
    inv_radius = 1.0 / radius
    half_inv_radius = 0.5 * inv_radius
    # Direction in index space: how many lateral steps per march step, and which way to march.
    mm = (ux * step_m[0] + uy * step_m[1]) / (step_m[0] ** 2 + step_m[1] ** 2)
    ll = (ux * step_l[0] + uy * step_l[1]) / (step_l[0] ** 2 + step_l[1] ** 2)
    sm = 1 if mm > 0 else -1
    if mm == 0.0:
        sm = 1
    t = ll / abs(mm)  # lateral change per march step in the looking direction
    t_per_index = t * sm  # lateral change per +1 in m
    # Map length of one march step along a line, and the along-line map offset of one lateral index.
    line_dx = step_m[0] * sm + step_l[0] * t
    line_dy = step_m[1] * sm + step_l[1] * t
    line_step_map = math.sqrt(line_dx * line_dx + line_dy * line_dy)
    lateral_along = step_l[0] * ux + step_l[1] * uy
    base_min = min(0.0, -t_per_index * (n_march - 1)) - 1.0
    base_max = (n_lat - 1) + max(0.0, -t_per_index * (n_march - 1)) + 1.0
    b0 = math.floor(base_min)
    n_lines = int(math.ceil(base_max) - b0) + 1
    region_pixel = min(math.sqrt(step_m[0] ** 2 + step_m[1] ** 2), math.sqrt(step_l[0] ** 2 + step_l[1] ** 2))
    max_ext = 4 + int(max_distance_m / max(region_pixel, 1.0)) + 1
    capacity = n_march + max_ext + 4
    from_above = np.full((n_lat, n_march), np.nan, dtype=np.float32)  # tan(far horizon) from the line at/above
    from_below = np.full((n_lat, n_march), np.nan, dtype=np.float32)  # ... and from the line below

    for j in numba.prange(n_lines):
        base = b0 + j
        hs = np.empty(capacity)
        hg = np.empty(capacity)
        hh = np.empty(capacity)  # heights of hull points (for the exact elevation)
        pend_s = np.empty(capacity)
        pend_h = np.empty(capacity)
        top = -1
        first = _first_on_map(base, t_per_index, sm, n_lat, n_march)
        if first < 0:
            continue
        # Extension beyond the exit point (map position of the line at index `first`), then push far-to-near.
        q = base + t_per_index * first
        ex = origin[0] + step_m[0] * first + step_l[0] * q
        ey = origin[1] + step_m[1] * first + step_l[1] * q
        ext_s = np.empty(max_ext)
        ext_h = np.empty(max_ext)
        n_ext = 0
        s_true = 0.0
        s_map = 0.0
        cap = region_pixel
        while n_ext < max_ext:
            step = min(max(growth * s_true, region_pixel, EXT_STEP_FRACTION * cap), cap)
            s_map += step
            x = ex + ux * s_map
            y = ey + uy * s_map
            s_true += step / _scale(x - 0.5 * ux * step, y - 0.5 * uy * step, proj)
            if s_true > max_distance_m:
                break
            h, which = _ext_height(ext_grids, ext_gts, x, y)
            if which < 0:
                break
            cap = ext_pixel[which]
            ext_s[n_ext] = s_true
            ext_h[n_ext] = h
            n_ext += 1
        # Samples closer than the near field to the line's first map sample wait in a queue (nearest last):
        # every sample enters the hull only once the walk is `near_steps` pixels behind it.
        near_distance = near_steps * line_step_map / _scale(ex, ey, proj)
        head = 0
        tail = 0
        for i in range(n_ext - 1, -1, -1):
            s = ext_s[i]
            if s >= near_distance:
                top = _push(hs, hg, hh, top, s, ext_h[i] - s * s * half_inv_radius, ext_h[i])
            else:
                pend_s[tail] = s
                pend_h[tail] = ext_h[i]
                tail += 1
        # Walk the line backwards through the map. The hull only holds samples at least `near_steps`
        # ahead (they are pushed with that delay); the pixels on either side of the line query it from
        # their own position and height, starting the search from the previous tangent.
        s_line = 0.0
        m = first
        best = 0
        while 0 <= m < n_march:
            q = base + t_per_index * m
            if not (-0.5 <= q <= n_lat - 0.5):
                break
            x = origin[0] + step_m[0] * m + step_l[0] * q
            y = origin[1] + step_m[1] * m + step_l[1] * q
            inv_k = 1.0 / _scale(x, y, proj)
            if m != first:  # true length of the step: map length over the point scale (which changes < 1e-8 per step)
                s_line -= line_step_map * inv_k
            qc = min(max(q, 0.0), n_lat - 1.0)
            l0 = min(int(qc), n_lat - 2) if n_lat > 1 else 0
            f = qc - l0
            h_line = z[l0, m] * (1.0 - f) + z[min(l0 + 1, n_lat - 1), m] * f
            while head < tail and pend_s[head] >= s_line + near_distance:
                sp = pend_s[head]
                hp = pend_h[head]
                head += 1
                if not math.isnan(hp):
                    top = _push(hs, hg, hh, top, sp, hp - sp * sp * half_inv_radius, hp)
            if top >= 0:
                lateral_true = lateral_along * inv_k
                lower = int(math.floor(q))
                for side in range(2):
                    pixel = lower + side
                    if pixel < 0 or pixel >= n_lat:
                        continue
                    h_pixel = z[pixel, m]
                    if math.isnan(h_pixel):
                        continue
                    s_p = s_line + (pixel - q) * lateral_true
                    g_p = h_pixel + observer_height_m - s_p * s_p * half_inv_radius
                    best = _tangent_from(hs, hg, top, best, s_p, g_p)
                    value = _elevation_tan(radius, inv_radius, radius + h_pixel + observer_height_m, hs[best] - s_p, hh[best])
                    if side == 0:
                        from_above[pixel, m] = value  # this line runs at or beyond the pixel laterally
                    else:
                        from_below[pixel, m] = value
            pend_s[tail] = s_line
            pend_h[tail] = h_line
            tail += 1
            m -= sm

    # Each pixel: the far field between the two lines on either side of it, the near field along its own
    # ray. Near-field samples sit at the same offsets from every pixel, so away from the map's edge a row
    # takes a few straight passes; pixels whose ray leaves the map within the near field go sample by sample.
    ks, dls, fls, dm0s, dm1s, fms = near_field_samples(t, sm, near_steps)
    # The passes read rows l + min(dl) .. l + max(dl) + 1 and columns m + min(dm) .. m + max(dm): the pixels for
    # which all of these lie on the map (the ray leaves it on one side per axis only).
    row_lo, row_hi = (0, 0) if ks.shape[0] == 0 else (dls.min(), dls.max() + 1)
    col_lo = 0 if ks.shape[0] == 0 else min(dm0s.min(), dm1s.min())
    col_hi = 0 if ks.shape[0] == 0 else max(dm0s.max(), dm1s.max())
    inner_m0 = min(max(0, -col_lo), n_march)
    inner_m1 = max(min(n_march, n_march - col_hi), inner_m0)
    for l in numba.prange(n_lat):
        near = np.full(n_march, -np.inf, dtype=np.float32)  # the near field's best tan(elevation) · γ₁
        rise = np.empty(n_march, dtype=np.float32)  # the observer's height above the sphere [m]
        gamma2 = np.empty(n_march, dtype=np.float32)  # squared central angle of one march step [rad²]
        inv_gamma = np.empty(n_march)  # its inverse [1/rad]
        for m in range(n_march):
            rise[m] = z[l, m] + observer_height_m
            x = origin[0] + step_m[0] * m + step_l[0] * l
            y = origin[1] + step_m[1] * m + step_l[1] * l
            gamma = line_step_map / _scale(x, y, proj) * inv_radius
            gamma2[m] = gamma * gamma
            inv_gamma[m] = 1.0 / gamma
        inner_row = l + row_lo >= 0 and l + row_hi <= n_lat - 1
        if inner_row:
            for a in range(inner_m0, inner_m1, NEAR_CHUNK):  # chunks small enough for every pass to stay in L1
                b = min(a + NEAR_CHUNK, inner_m1)
                for i in range(ks.shape[0]):
                    k = ks[i]
                    fl = fls[i]
                    fm = fms[i]
                    row_a = z[l + dls[i]]
                    row_b = z[l + dls[i] + 1]
                    c0 = dm0s[i]
                    c1 = dm1s[i]
                    _near_pass(near[a:b], row_a[a + c0:b + c0], row_b[a + c0:b + c0], row_a[a + c1:b + c1],
                               row_b[a + c1:b + c1], np.float32((1.0 - fl) * (1.0 - fm)), np.float32(fl * (1.0 - fm)),
                               np.float32((1.0 - fl) * fm), np.float32(fl * fm), rise[a:b], gamma2[a:b],
                               np.float32(0.5 * k * k), np.float32(1.0 / k), np.float32(inv_radius), np.float32(1.0))
        best = np.empty(n_march)  # tan(horizon elevation)
        for m in range(n_march):
            if math.isnan(z[l, m]):
                best[m] = np.nan
                continue
            if not inner_row or m < inner_m0 or m >= inner_m1:
                near_tan = _near_at_edge(z, l, m, t, sm, ks, origin, step_m, step_l, ext_grids, ext_gts, rise[m],
                                         gamma2[m], inv_gamma[m], radius)
            else:
                near_tan = near[m] * inv_gamma[m]
            # The line that wrote from_above here runs `above` pixels beyond the pixel laterally (0 <= above < 1),
            # the one that wrote from_below 1 - above on the other side. Found with the walk's own arithmetic,
            # so a line passing exactly through the pixel is never mistaken for its neighbour.
            j = math.ceil(l - b0 - t_per_index * m)
            q = (b0 + j) + t_per_index * m
            while q < l:
                j += 1
                q = (b0 + j) + t_per_index * m
            while q >= l + 1:
                j -= 1
                q = (b0 + j) + t_per_index * m
            above = q - l
            a_tan = from_above[l, m]
            b_tan = from_below[l, m]
            if math.isnan(a_tan):
                far = b_tan
            elif math.isnan(b_tan) or above == 0.0:
                far = a_tan
            else:  # tangents interpolated: within 0.01° of interpolating angles below 20°
                far = a_tan * (1.0 - above) + b_tan * above
            if math.isnan(far) and near_tan == -np.inf:  # no terrain at all: the sphere's own dip
                r_obs = radius + rise[m]
                best[m] = -math.sqrt(max(r_obs * r_obs - radius * radius, 0.0)) / radius
            elif math.isnan(far):
                best[m] = near_tan
            else:
                best[m] = max(far, near_tan)
        _atan_deg(best, out[l])
