"""Access speed targets, each with a baseline measured in the same run:

1. a porkchop of 365 departure days × 60 flight times (21,900 cells, Lambert arcs to the DE421 Moon),
   target ≤ 1 s; baseline: lamberthub's Izzo 2015 solver called case by case (timed on 1,000 cases
   and scaled to the 21,900 Lambert solutions), and our own kernel on the same 21,900 fixed cases;
2. one targeted integrated transfer (DE421 Earth+J2, Moon, Sun; B-plane differential correction),
   target ≤ 0.2 s; baseline: the same number of arcs integrated by scipy's DOP853 with a Python
   right-hand side (one arc timed, times the arcs the solver used);
3. a year of daily targeted transfers (365, corrected in lockstep: one parallel batch of arcs per
   iteration), target ≤ 60 s; baselines: the one-by-one loop (365 × the time of 2.) and scipy as in 2.

Run: ``python benchmarks/bench_access.py``. Numba compilation happens first on small cases and is not
timed. The machine is shared: say so when quoting the figures.
"""

from __future__ import annotations

import os
import time

import numpy as np
from scipy.integrate import solve_ivp

from moonbase.access.geocentric import ChebyshevSegments, moon_geocentric, tdb_from_utc
from moonbase.access.porkchop import porkchop
from moonbase.access.targeting import NoTransferError, TransferTargets, solve_transfer, solve_transfers
from moonbase.kernels.cislunar import EARTH_J2, EARTH_RADIUS_KM, bodies
from moonbase.kernels.lambert import lambert_batch
from moonbase.orbits.elements import GM_EARTH, GM_MOON, GM_SUN


def _timed(function, *args, **kwargs):
    clock = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - clock


def _scipy_arc_seconds(transfer) -> float:
    """One arc of the transfer with scipy DOP853 and a Python RHS (DE421 Moon and Sun from the compiled
    Chebyshev evaluation each call, so the baseline pays only for the Python integrator and RHS)."""
    t0 = transfer.targets.tli_tdb_s
    seg = ChebyshevSegments.from_ephemeris()
    args = (seg.init_s, seg.interval_s, seg.moon, seg.earth, seg.emb, seg.sun)

    def rhs(t, y):
        r = y[:3]
        rn = np.linalg.norm(r)
        moon, sun = np.empty(3), np.empty(3)
        bodies(t, *args, moon, sun)
        k = 1.5 * EARTH_J2 * GM_EARTH * EARTH_RADIUS_KM ** 2 / rn ** 5
        zz = 5 * r[2] ** 2 / rn ** 2
        a = -GM_EARTH * r / rn ** 3 - k * r * np.array([1 - zz, 1 - zz, 3 - zz])
        for body, gm in ((moon, GM_MOON), (sun, GM_SUN)):
            d = body - r
            a += gm * (d / np.linalg.norm(d) ** 3 - body / np.linalg.norm(body) ** 3)
        return np.concatenate([y[3:], a])

    clock = time.perf_counter()
    solve_ivp(rhs, (t0, t0 + transfer.tof_s), transfer.initial_state, method="DOP853", rtol=1e-10, atol=1e-9)
    return time.perf_counter() - clock


def main() -> None:
    from lamberthub import izzo2015

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (shared)")
    days = np.datetime64("2030-01-01") + np.arange(365)
    tofs = np.linspace(2.5, 6.0, 60)
    porkchop(days[:2], tofs[:3])  # compile
    chop, seconds = _timed(porkchop, days, tofs, 200.0)
    cells = chop.tli_dv_km_s.size
    # The same 21,900 Lambert problems at the chosen departure points, solved once each.
    tdb = (tdb_from_utc(days)[:, None] + tofs[None, :] * 86400.0).ravel()
    moon_r, moon_v = moon_geocentric(tdb)
    h = np.cross(moon_r.T, moon_v.T)
    h /= np.linalg.norm(h, axis=1)[:, None]
    u = moon_r.T / np.linalg.norm(moon_r, axis=0)[:, None]
    w = np.cross(h, u)
    theta = np.radians(chop.departure_angle_deg.ravel())[:, None]
    r1 = (6578.137 * (np.cos(theta) * u - np.sin(theta) * w))
    r2 = np.ascontiguousarray(moon_r.T)
    tof_s = np.broadcast_to(tofs[None, :] * 86400.0, chop.tli_dv_km_s.shape).ravel().copy()
    lambert_batch(GM_EARTH, r1[:10], r2[:10], tof_s[:10], h[:10])
    (_, _, status), fixed_seconds = _timed(lambert_batch, GM_EARTH, np.ascontiguousarray(r1), r2, tof_s, np.ascontiguousarray(h))
    sample = np.random.default_rng(0).choice(cells, 1000, replace=False)
    clock = time.perf_counter()
    for i in sample:
        izzo2015(GM_EARTH, r1[i], r2[i], tof_s[i])
    hub_seconds = (time.perf_counter() - clock) * cells / len(sample)
    print(f"1. porkchop {len(days)} days x {len(tofs)} TOFs = {cells:,} cells (parabolic departure angle, "
          f"4 Lambert arcs per cell): {seconds:.3f} s (target <= 1 s)")
    print(f"   the {cells:,} Lambert solutions alone: {fixed_seconds:.3f} s ({int((status == 0).sum()):,} solved); "
          f"lamberthub izzo2015 case by case: {hub_seconds:.2f} s (scaled from 1,000) -> {hub_seconds / fixed_seconds:.0f}x; "
          f"whole porkchop vs lamberthub for its {4 * cells:,} arcs: {4 * hub_seconds / seconds:.0f}x")

    t0 = float(tdb_from_utc(np.datetime64("2030-03-10T00:00"))[0])
    solve_transfer(TransferTargets(t0, 4.5 * 86400, 100.0, 90.0, 200.0, 28.5))  # compile
    runs = [_timed(solve_transfer, TransferTargets(t0 + k * 86400.0, 4.5 * 86400, 100.0, 90.0, 200.0, 28.5)) for k in range(3)]
    one = min(s for _, s in runs)
    transfer = runs[0][0]
    arc = _scipy_arc_seconds(transfer)
    print(f"2. one targeted transfer: {one:.3f} s, {transfer.integrations} arcs (target <= 0.2 s); scipy DOP853 with a "
          f"Python RHS: {arc:.2f} s per arc -> {arc * transfer.integrations / one:.0f}x")

    targets = [TransferTargets(float(tdb_from_utc(day)[0]), 4.5 * 86400, 100.0, 90.0, 200.0, 28.5) for day in days]
    results, year = _timed(solve_transfers, targets)
    found = [r for r in results if not isinstance(r, NoTransferError)]
    failed = [(str(d), str(r)[:80]) for d, r in zip(days, results) if isinstance(r, NoTransferError)]
    arcs = sum(r.integrations for r in found)
    print(f"3. a year of daily targeted transfers (2030, 200 km x 28.5 deg -> 100 km polar, corrected in lockstep): "
          f"{year:.1f} s for 365 ({len(failed)} without a solution, {arcs} arcs) (target <= 60 s); one by one "
          f"{365 * one:.0f} s -> {365 * one / year:.1f}x; scipy baseline {arcs * arc:.0f} s -> {arcs * arc / year:.0f}x")
    for day, reason in failed[:5]:
        print(f"   {day}: {reason}")


if __name__ == "__main__":
    main()
