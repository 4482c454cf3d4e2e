"""Earth orientation for observers on the ground, cheap enough for decades of hourly epochs.

ICRF → ITRS (no polar motion) is ``Rz(-θ) · M`` with ``M`` skyfield's bias-precession-nutation
matrix (IAU 2006/2000A) and θ the Greenwich apparent sidereal angle. Evaluating IAU 2000A at
every one of 166,000 hourly epochs costs tens of seconds, so ``M`` and ``GAST − ERA`` are taken
from skyfield at nodes every :data:`NODE_STEP_DAYS` days and interpolated linearly, while the
Earth rotation angle ERA is evaluated exactly at each epoch from UT1 (IERS Conventions 2010,
eq. 5.15). The nutation terms shorter than the node spacing (0.23″ at 13.66 d, 0.07″ at 27.6 d)
and the curvature of the 182.6-day term bound the interpolation error: measured 0.29″ against
``skyfield.framelib.itrs`` over 2030–2041 (``tests/observe/test_geometry.py``), far below what
matters here (0.01° of altitude is 36″).
"""

from __future__ import annotations

import numpy as np

from ..ephemeris import LunarEphemeris
from ..timegrid import tdb_seconds, timescale, to_time

#: Node spacing for the precession-nutation matrix [days]: 30 d keeps the error < 0.3″ (module docstring)
#: and costs ~230 IAU 2000A evaluations for 19 years (7 d: 0.13″ for 4× the cost).
NODE_STEP_DAYS = 30.0
_ERA_AT_J2000_REV = 0.7790572732640     # IERS Conventions 2010, eq. 5.15 [R]
_ERA_RATE_REV_PER_DAY = 1.00273781191135448


def earth_rotation_angle_rad(jd_ut1: np.ndarray) -> np.ndarray:
    """Earth rotation angle [rad] from the UT1 Julian date (IERS Conventions 2010, eq. 5.15)."""
    days = np.asarray(jd_ut1, dtype=float) - 2451545.0
    turns = _ERA_AT_J2000_REV + _ERA_RATE_REV_PER_DAY * days
    return 2.0 * np.pi * np.mod(turns, 1.0)


def itrs_to_icrf(utc: np.ndarray) -> np.ndarray:
    """``(3, 3, T)`` rotation matrices taking ITRS vectors into the ICRF at each UTC epoch."""
    utc = np.asarray(utc, dtype="datetime64[ms]")
    t = to_time(utc)
    jd_tt = np.atleast_1d(np.asarray(t.tt, dtype=float))
    jd_ut1 = np.atleast_1d(np.asarray(t.ut1, dtype=float))
    first, last = jd_tt.min(), jd_tt.max()
    nodes_tt = np.arange(first, last + NODE_STEP_DAYS, NODE_STEP_DAYS)
    if nodes_tt.size < 2:
        nodes_tt = np.array([first, first + NODE_STEP_DAYS])
    node_time = timescale().tt_jd(nodes_tt)
    node_m = np.asarray(node_time.M, dtype=float)                     # (3, 3, N) ICRF -> true of date
    node_offset = np.unwrap(np.radians(np.asarray(node_time.gast) * 15.0) - earth_rotation_angle_rad(node_time.ut1))
    m = np.empty((3, 3, jd_tt.size))
    for i in range(3):
        for j in range(3):
            m[i, j] = np.interp(jd_tt, nodes_tt, node_m[i, j])
    theta = earth_rotation_angle_rad(jd_ut1) + np.interp(jd_tt, nodes_tt, node_offset)
    c, s = np.cos(theta), np.sin(theta)
    # ITRS -> true of date is Rz(+θ); then true of date -> ICRF is M transposed.
    rz = np.zeros((3, 3, jd_tt.size))
    rz[0, 0], rz[0, 1], rz[1, 0], rz[1, 1], rz[2, 2] = c, -s, s, c, 1.0
    return _compose(np.swapaxes(m, 0, 1), rz)


def itrs_to_moon_frame(utc: np.ndarray, ephemeris: LunarEphemeris, frame: str = "MOON_ME",
                       tdb_s: np.ndarray | None = None) -> np.ndarray:
    """``(3, 3, T)`` matrices taking ITRS vectors into the lunar body-fixed frame (MOON_ME by default).

    ``tdb_s`` (TDB seconds of the same epochs, e.g. ``MoonSky.tdb_s``) saves a time conversion.
    """
    utc = np.asarray(utc, dtype="datetime64[ms]")
    if tdb_s is None:
        tdb_s = np.atleast_1d(tdb_seconds(to_time(utc)))
    return _compose(ephemeris.rotation_to_frame(tdb_s, frame), itrs_to_icrf(utc))


def _compose(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Epoch-wise matrix product of two ``(3, 3, T)`` stacks."""
    out = np.empty((3, 3, a.shape[2]))
    for i in range(3):
        for k in range(3):
            out[i, k] = a[i, 0] * b[0, k] + a[i, 1] * b[1, k] + a[i, 2] * b[2, k]
    return out
