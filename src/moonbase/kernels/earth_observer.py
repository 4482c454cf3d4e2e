"""One lunar site seen by many observers on Earth: every per-(observer, epoch) angle in one pass.

Everything is in the lunar body-fixed frame (MOON_ME). Per epoch the caller supplies the Earth's
and the Sun's centres from the Moon's centre and the ITRS → MOON_ME rotation; per observer its
ITRS position and geodetic "up". No files, no units objects: km and degrees as named.
"""

from __future__ import annotations

import math

import numba


@numba.njit(parallel=True, cache=True)
def observe_site(q, earth_km, sun_km, site_xyz, site_east, site_north, site_up, moon_radius_km,
                 observer_itrs_km, observer_up, out_site_el, out_site_az, out_range, out_moon_alt,
                 out_sun_alt, out_limb_km, out_phase):
    """Fill the ``(O, T)`` outputs for observers ``o`` and epochs ``t``.

    q: (3, 3, T) ITRS → MOON_ME matrices; earth_km, sun_km: (3, T) from the Moon's centre [km];
    site_xyz, site_east/north/up: (3,) [km] and unit vectors; observer_itrs_km, observer_up: (O, 3).
    Outputs: the observer's elevation and azimuth seen from the site over the sphere horizon [deg],
    the site–observer range [km], the Moon's and the Sun's altitude at the observer [deg, no
    refraction], the site's distance inside the limb projected on the sky [km, negative behind the
    limb] and the phase angle Sun–site–observer [deg].
    """
    n_obs = observer_itrs_km.shape[0]
    n_times = earth_km.shape[1]
    rad = 180.0 / math.pi
    sx, sy, sz = site_xyz[0], site_xyz[1], site_xyz[2]
    site_r = math.sqrt(sx * sx + sy * sy + sz * sz)
    rx, ry, rz = sx / site_r, sy / site_r, sz / site_r
    for o in numba.prange(n_obs):
        ox, oy, oz = observer_itrs_km[o, 0], observer_itrs_km[o, 1], observer_itrs_km[o, 2]
        ux, uy, uz = observer_up[o, 0], observer_up[o, 1], observer_up[o, 2]
        for t in range(n_times):
            # Observer position and "up" in MOON_ME.
            px = q[0, 0, t] * ox + q[0, 1, t] * oy + q[0, 2, t] * oz + earth_km[0, t]
            py = q[1, 0, t] * ox + q[1, 1, t] * oy + q[1, 2, t] * oz + earth_km[1, t]
            pz = q[2, 0, t] * ox + q[2, 1, t] * oy + q[2, 2, t] * oz + earth_km[2, t]
            vx = q[0, 0, t] * ux + q[0, 1, t] * uy + q[0, 2, t] * uz
            vy = q[1, 0, t] * ux + q[1, 1, t] * uy + q[1, 2, t] * uz
            vz = q[2, 0, t] * ux + q[2, 1, t] * uy + q[2, 2, t] * uz
            # Site -> observer.
            dx, dy, dz = px - sx, py - sy, pz - sz
            d = math.sqrt(dx * dx + dy * dy + dz * dz)
            e = dx * site_east[0] + dy * site_east[1] + dz * site_east[2]
            n = dx * site_north[0] + dy * site_north[1] + dz * site_north[2]
            u = dx * site_up[0] + dy * site_up[1] + dz * site_up[2]
            out_site_el[o, t] = math.atan2(u, math.sqrt(e * e + n * n)) * rad
            az = math.atan2(e, n) * rad
            out_site_az[o, t] = az + 360.0 if az < 0.0 else az
            out_range[o, t] = d
            # Moon's centre and Sun from the observer, against the observer's up.
            p = math.sqrt(px * px + py * py + pz * pz)
            out_moon_alt[o, t] = math.asin(max(-1.0, min(1.0, -(px * vx + py * vy + pz * vz) / p))) * rad
            wx, wy, wz = sun_km[0, t] - px, sun_km[1, t] - py, sun_km[2, t] - pz
            w = math.sqrt(wx * wx + wy * wy + wz * wz)
            out_sun_alt[o, t] = math.asin(max(-1.0, min(1.0, (wx * vx + wy * vy + wz * vz) / w))) * rad
            # Angle between the site's radius and the direction to the observer: inside the limb when < 90°.
            cos_psi = (rx * px + ry * py + rz * pz) / p
            sin_psi = math.sqrt(max(0.0, 1.0 - cos_psi * cos_psi))
            inside = moon_radius_km * (1.0 - sin_psi)
            out_limb_km[o, t] = inside if cos_psi >= 0.0 else -inside
            # Phase angle at the site: Sun direction against observer direction.
            gx, gy, gz = sun_km[0, t] - sx, sun_km[1, t] - sy, sun_km[2, t] - sz
            g = math.sqrt(gx * gx + gy * gy + gz * gz)
            cos_phase = (gx * dx + gy * dy + gz * dz) / (g * d)
            out_phase[o, t] = math.acos(max(-1.0, min(1.0, cos_phase))) * rad
