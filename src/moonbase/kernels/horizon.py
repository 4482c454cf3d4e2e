"""Exact terrain horizon of one site: ray-marching great circles over stacked DEMs (numba).

For each azimuth the kernel walks the great circle leaving the site in that direction and
takes the largest elevation angle of the terrain seen from the observer, in exact spherical
geometry: an observer at radius ``r_o`` sees a terrain point at radius ``r_t`` and central
angle ``g`` at elevation ``atan2(r_t cos g - r_o, r_t sin g)`` above its local horizontal
(the Moon's curvature and the observer's own height are both in this formula).

Steps grow with distance: ``step = clamp(growth * d, fine_step, pixel)`` where ``pixel`` is
the pixel size of the DEM that supplied the previous sample, so every DEM is sampled at
least once per pixel and the near field at a fraction of a pixel. A ray stops where no DEM
has data, or where even the highest terrain of the stack could no longer rise above the
best elevation found so far (an exact cut: beyond that distance nothing can change the
answer).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .terrain_sampling import stack_height_index


@numba.njit(cache=True, parallel=True)
def march_horizon(grids, gts, projs, pixel_m, max_height_m, lat0, lon0, observer_radius_m, sphere_radius_m,
                  azimuths, fine_step_m, growth, max_distance_m, elevation, distance, reach):
    """Horizon elevation [rad] at ``azimuths`` [rad, from local north through east] of a site.

    ``lat0``, ``lon0`` [rad]: the site; ``observer_radius_m``: sphere radius + ground height +
    observer height [m]. ``pixel_m``: pixel size of each DEM [m]; ``max_height_m``: the highest
    height in the stack [m] (for the exact early stop). Outputs per azimuth: ``elevation`` [rad],
    ``distance`` to the terrain point that sets it [m] and ``reach``, the distance up to which
    terrain data existed [m].
    """
    sl, cl = math.sin(lat0), math.cos(lat0)
    so, co = math.sin(lon0), math.cos(lon0)
    up = (cl * co, cl * so, sl)
    north = (-sl * co, -sl * so, cl)
    east = (-so, co, 0.0)
    r_top = sphere_radius_m + max_height_m
    for k in numba.prange(azimuths.shape[0]):
        ca, sa = math.cos(azimuths[k]), math.sin(azimuths[k])
        dx = ca * north[0] + sa * east[0]
        dy = ca * north[1] + sa * east[1]
        dz = ca * north[2] + sa * east[2]
        best_tan = -np.inf
        best_d = 0.0
        reached = 0.0
        d = fine_step_m
        step_cap = pixel_m[0]
        while d <= max_distance_m:
            g = d / sphere_radius_m
            cg, sg = math.cos(g), math.sin(g)
            # Exact stop: the highest terrain at this distance or beyond cannot beat the best so far.
            # The bound's elevation decreases with distance wherever r_o cos g < r_top (past the
            # observer's own tangent point when the observer stands above all terrain).
            if (r_top * cg - observer_radius_m) < best_tan * r_top * sg and observer_radius_m * cg < r_top:
                reached = max_distance_m
                break
            px = cg * up[0] + sg * dx
            py = cg * up[1] + sg * dy
            pz = cg * up[2] + sg * dz
            lat = math.asin(max(-1.0, min(1.0, pz)))
            lon = math.atan2(py, px)
            h, which = stack_height_index(grids, gts, projs, lat, lon)
            if which < 0:
                break
            step_cap = pixel_m[which]
            r_t = sphere_radius_m + h
            tangent = (r_t * cg - observer_radius_m) / (r_t * sg)
            if tangent > best_tan:
                best_tan = tangent
                best_d = d
            reached = d
            d += min(max(growth * d, fine_step_m), step_cap)
        elevation[k] = math.atan(best_tan) if best_tan > -np.inf else np.nan
        distance[k] = best_d
        reach[k] = reached
