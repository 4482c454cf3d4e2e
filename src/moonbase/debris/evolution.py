"""Orbit evolution over months to decades: J2 secular motion and orbit-averaged drag, to re-entry.

Semi-analytic, one object per thread (numba), each output step split into sub-steps small enough
that the perigee height moves by less than a tenth of the density scale height:

* **drag**, orbit-averaged in an exponential atmosphere around perigee (King-Hele 1987, *Satellite
  Orbits in an Atmosphere*, Blackie, ch. 4; as restated in Vallado 2013, *Fundamentals of
  Astrodynamics and Applications* 4th ed., §9.6; recalled [M]), to first order in e::

      da/dt = -F B rho_p a^2 n exp(-c) [I0(c) + 2 e I1(c)]
      de/dt = -F B rho_p a   n exp(-c) [I1(c) + e/2 (I0(c) + I2(c))],   c = a e / H

  with ``rho_p`` and the scale height ``H`` at perigee from the NRLMSIS 2.1 table
  (:mod:`.atmosphere`) at that day's F10.7 and Ap (:mod:`.solar`), ``B = C_D A/m``, and
  ``F = (1 - r_p w_E cos i / v_p)^2`` for the co-rotating atmosphere;
* **J2** secular rates of node, perigee and mean anomaly (Vallado 2013 eq. 9-41; the standard
  Brouwer first-order rates, checked in the tests).

An object re-enters when its perigee falls below :data:`~moonbase.debris.cloud.REENTRY_PERIGEE_KM`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from ..errors import InputError
from .atmosphere import density_table, log_density
from .cloud import REENTRY_PERIGEE_KM
from .elements import EARTH_RADIUS_KM, J2, MU_KM3_S2, ElementSet
from .solar import load_solar_activity

EARTH_ROTATION_RAD_S = 7.292115e-5  # WGS-84
#: Largest perigee-height change per sub-step, as a fraction of the scale height (accuracy control).
SUBSTEP_SCALE_HEIGHT_FRACTION = 0.1


@njit(cache=True, inline="always")
def scaled_bessel_i(x):
    """exp(-x) I0(x), exp(-x) I1(x), exp(-x) I2(x) for x >= 0 (Abramowitz & Stegun 9.8.1-9.8.4)."""
    if x <= 3.75:
        t = (x / 3.75) ** 2
        i0 = 1.0 + t * (3.5156229 + t * (3.0899424 + t * (1.2067492 + t * (0.2659732 + t * (0.0360768 + t * 0.0045813)))))
        i1 = x * (0.5 + t * (0.87890594 + t * (0.51498869 + t * (0.15084934 + t * (0.02658733 + t * (0.00301532 + t * 0.00032411))))))
        scale = np.exp(-x)
        i0 *= scale
        i1 *= scale
    else:
        u = 3.75 / x
        root = 1.0 / np.sqrt(x)
        i0 = root * (0.39894228 + u * (0.01328592 + u * (0.00225319 + u * (-0.00157565 + u * (0.00916281 + u * (
            -0.02057706 + u * (0.02635537 + u * (-0.01647633 + u * 0.00392377))))))))
        i1 = root * (0.39894228 + u * (-0.03988024 + u * (-0.00362018 + u * (0.00163801 + u * (-0.01031555 + u * (
            0.02282967 + u * (-0.02895312 + u * (0.01787654 - u * 0.00420059))))))))
    if x > 1e-3:
        i2 = i0 - 2.0 / x * i1
    else:
        i2 = np.exp(-x) * x * x / 8.0
    return i0, i1, i2


@njit(cache=True, inline="always")
def _drag_rates(a, e, inc, b, f107, ap, alt_grid, f_grid, ap_grid, log_rho):
    """(da/dt [km/s], de/dt [1/s], scale height [km]) by King-Hele's orbit average."""
    rp = a * (1.0 - e)
    hp = rp - EARTH_RADIUS_KM
    lnrho, slope = log_density(alt_grid, f_grid, ap_grid, log_rho, hp, f107, ap)
    rho = np.exp(lnrho)
    scale_height = -1.0 / slope if slope < -1e-6 else 1e6
    n = np.sqrt(MU_KM3_S2 / a**3)
    vp = np.sqrt(MU_KM3_S2 * (1.0 + e) / rp)
    f = (1.0 - rp * EARTH_ROTATION_RAD_S * np.cos(inc) / vp) ** 2
    c = a * e / scale_height
    i0, i1, i2 = scaled_bessel_i(c)
    k = f * b * rho * 1000.0  # 1/km (B m^2/kg x rho kg/m^3 = 1/m)
    da = -k * a * a * n * (i0 + 2.0 * e * i1)
    de = -k * a * n * (i1 + 0.5 * e * (i0 + i2))
    return da, de, scale_height


@njit(parallel=True, cache=True)
def evolve_kernel(a0, e0, i0, raan0, argp0, m0, b, start_offset_s, step_s, steps, f107, ap, snapshot_steps,
                  alt_grid, f_grid, ap_grid, log_rho, reentry_km, fraction):
    """Advance every object from its own start (seconds after the grid start) over ``steps`` steps.

    Returns (decay time [s after grid start], NaN if still in orbit; snapshots (objects, snapshots, 6)
    of a, e, i, RAAN, argp, M, NaN before the object exists or after re-entry; sub-steps taken).
    ``f107``/``ap`` hold one value per step.
    """
    n_obj = a0.size
    n_snap = snapshot_steps.size
    decay = np.full(n_obj, np.nan)
    snaps = np.full((n_obj, n_snap, 6), np.nan)
    substeps = np.zeros(n_obj, np.int64)
    for o in prange(n_obj):
        a, e, inc, node, argp, m = a0[o], e0[o], i0[o], raan0[o], argp0[o], m0[o]
        t = start_offset_s[o]
        alive = a * (1.0 - e) - EARTH_RADIUS_KM >= reentry_km
        if not alive:
            decay[o] = t
        snap = 0
        while snap < n_snap and snapshot_steps[snap] * step_s < t:
            snap += 1
        first = int(np.floor(t / step_s)) + 1 if t > 0 else 1
        if t <= 0.0:
            if n_snap > 0 and snapshot_steps[0] == 0 and alive:
                snaps[o, 0, 0], snaps[o, 0, 1], snaps[o, 0, 2] = a, e, inc
                snaps[o, 0, 3], snaps[o, 0, 4], snaps[o, 0, 5] = node, argp, m
                snap = 1
            t = 0.0
        for k in range(first, steps + 1):
            if not alive:
                break
            end = k * step_s
            fk = f107[k - 1]
            apk = ap[k - 1]
            while t < end and alive:
                da, de, scale_height = _drag_rates(a, e, inc, b[o], fk, apk, alt_grid, f_grid, ap_grid, log_rho)
                dhp = da * (1.0 - e) - a * de
                h = end - t
                if dhp < 0.0:
                    h = min(h, fraction * scale_height / -dhp)
                h = max(h, 1.0)
                # J2 secular rates with the elements at the start of the sub-step.
                n = np.sqrt(MU_KM3_S2 / a**3)
                p = a * (1.0 - e * e)
                kj = 1.5 * J2 * (EARTH_RADIUS_KM / p) ** 2 * n
                s2 = np.sin(inc) ** 2
                node += -kj * np.cos(inc) * h
                argp += kj * (2.0 - 2.5 * s2) * h
                m += (n + kj * np.sqrt(1.0 - e * e) * (1.0 - 1.5 * s2)) * h
                a = a + da * h
                e = max(e + de * h, 0.0)
                t += h
                substeps[o] += 1
                if a * (1.0 - e) - EARTH_RADIUS_KM < reentry_km or a <= EARTH_RADIUS_KM:
                    alive = False
                    decay[o] = t
            if alive:
                while snap < n_snap and snapshot_steps[snap] == k:
                    snaps[o, snap, 0], snaps[o, snap, 1], snaps[o, snap, 2] = a, e, inc
                    snaps[o, snap, 3] = np.mod(node, 2.0 * np.pi)
                    snaps[o, snap, 4] = np.mod(argp, 2.0 * np.pi)
                    snaps[o, snap, 5] = np.mod(m, 2.0 * np.pi)
                    snap += 1
    return decay, snaps, substeps


@dataclass
class Evolution:
    """What :func:`evolve` returns: decay times, counts in orbit per step and element snapshots."""

    start_utc: np.datetime64
    step_days: float
    steps: int
    decay_utc: np.ndarray  # datetime64[s]; NaT while in orbit at the end
    snapshot_utc: np.ndarray
    snapshots: list  # ElementSet per snapshot (objects still in orbit)
    substeps: int
    objects: int
    exists_from_utc: np.ndarray

    @property
    def step_utc(self) -> np.ndarray:
        return self.start_utc + (np.arange(self.steps + 1) * self.step_days * 86400).astype("timedelta64[s]")

    def in_orbit(self) -> np.ndarray:
        """Objects in orbit at each step time (counting those that exist by then)."""
        t = self.step_utc
        decayed = np.where(np.isnat(self.decay_utc), np.datetime64("9999-01-01", "s"), self.decay_utc)
        exists = self.exists_from_utc.astype("datetime64[s]")[:, None] <= t[None, :]
        return ((decayed[:, None] > t[None, :]) & exists).sum(axis=0)


def evolve(elements: ElementSet, until_utc, step_days: float = 1.0, snapshot_utc=(), solar=None,
           table=None) -> Evolution:
    """Evolve ``elements`` from their epochs to ``until_utc``; element sets at each ``snapshot_utc``."""
    if not 0.01 <= step_days <= 366:
        raise InputError("step_days", step_days, "an output step between 0.01 and 366 days")
    solar = solar or load_solar_activity()
    table = table or density_table()
    start = elements.epoch.min().astype("datetime64[D]").astype("datetime64[s]")
    until = np.datetime64(until_utc, "s")
    if until <= start:
        raise InputError("--until", str(until_utc), f"a date after the element epochs (the first is {start})")
    step_s = step_days * 86400.0
    steps = int(np.ceil((until - start).astype(np.int64) / step_s))
    mid = start + ((np.arange(steps) + 0.5) * step_s).astype("timedelta64[s]")
    f107, ap = solar.at(mid)
    snap_utc = np.array(sorted(np.datetime64(s, "s") for s in snapshot_utc), dtype="datetime64[s]")
    snap_steps = np.clip(np.round((snap_utc - start).astype(np.int64) / step_s).astype(np.int64), 0, steps)
    offset = (elements.epoch.astype("datetime64[ms]") - start.astype("datetime64[ms]")).astype(np.int64) / 1000.0
    decay, snaps, substeps = evolve_kernel(
        elements.a_km.astype(float), elements.e.astype(float), elements.i_rad.astype(float),
        elements.raan_rad.astype(float), elements.argp_rad.astype(float), elements.mean_anomaly_rad.astype(float),
        np.maximum(elements.b_m2_kg.astype(float), 0.0), offset, step_s, steps, f107.astype(float), ap.astype(float),
        snap_steps, table.altitude_km, table.f107, table.ap, table.log_rho, REENTRY_PERIGEE_KM,
        SUBSTEP_SCALE_HEIGHT_FRACTION)
    decay_utc = np.where(np.isfinite(decay), start + np.nan_to_num(decay).astype("timedelta64[s]"), np.datetime64("NaT"))
    snapshots = []
    for s, when in enumerate(start + (snap_steps * step_s).astype("timedelta64[s]")):
        alive = np.isfinite(snaps[:, s, 0])
        sub = elements.subset(alive)
        state = snaps[alive, s]
        snapshots.append(ElementSet(state[:, 0], state[:, 1], state[:, 2], state[:, 3], state[:, 4], state[:, 5],
                                    sub.b_m2_kg, np.full(int(alive.sum()), when, dtype="datetime64[ms]"),
                                    sub.norad, sub.names, elements.designator))
    return Evolution(start, step_days, steps, decay_utc.astype("datetime64[s]"),
                     start + (snap_steps * step_s).astype("timedelta64[s]"), snapshots, int(substeps.sum()),
                     len(elements), elements.epoch.copy())
