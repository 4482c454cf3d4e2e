"""A targeted Earth–Moon transfer: from a circular parking orbit to a lunar perilune of given altitude and
inclination at a given time, through the Earth (+J2), Moon and Sun of DE421, by differential correction.

Unknowns: the parking orbit's right ascension of the ascending node Ω, the argument of latitude u of the
TLI burn and its size Δv (tangential, at the TLI epoch). Targets: the B-plane vector of the arrival
(B·T, B·R: Kizner 1961; Vallado 2013 §12.6), which fixes the perilune radius and the orbit's inclination
to the lunar equator, and the time of perilune. Newton iterations with a forward-difference Jacobian (the
three perturbed arcs integrated in parallel) and backtracking; first guess from the Lambert arc
(:mod:`moonbase.kernels.lambert`) to the Moon's centre in the plane of the parking inclination that
contains the Moon at arrival.

B-plane: Ŝ is the incoming asymptote of the Moon-relative osculating hyperbola at perilune, T̂ = Ŝ × p̂
/ |Ŝ × p̂| with p̂ the lunar pole (MOON_ME_DE421 z axis), R̂ = Ŝ × T̂. For perilune radius r_p and
inclination i, |B| = r_p sqrt(1 + 2μ/(r_p v∞²)) and B̂ = cos θ T̂ + sin θ R̂ with cos i = −cos θ (R̂·p̂).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..constants import EARTH_RADIUS_KM, MOON_RADIUS_KM
from ..ephemeris import LunarEphemeris
from ..errors import MoonbaseError
from ..kernels.cislunar import STOP_IMPACT, STOP_PERILUNE, arrival_figures, integrate, integrate_batch, moon_state
from ..kernels.lambert import tli_cell
from ..orbits.elements import GM_EARTH, GM_MOON, GM_SUN
from .conics import circular_speed
from .geocentric import ChebyshevSegments
from .insertion import nrho_insertion_dv

RTOL, ATOL = 1e-10, 1e-9
B_TOLERANCE_KM = 0.1    # B error ↔ perilune altitude error ≈ B error × r_p / |B| (≈ 0.03 km at 100 km)
TOF_TOLERANCE_S = 1.0
MAX_ITERATIONS = 25
_GM = np.array([GM_EARTH, GM_MOON, GM_SUN])
_STEP = np.array([2e-6, 2e-6, 2e-6])  # finite-difference steps: rad, rad, km/s


class NoTransferError(MoonbaseError):
    """No transfer meets the targets (the message says why)."""


@lru_cache(maxsize=1)
def _segments() -> ChebyshevSegments:
    return ChebyshevSegments.from_ephemeris()


def _args():
    s = _segments()
    return s.init_s, s.interval_s, s.moon, s.earth, s.emb, s.sun


@dataclass(frozen=True)
class TransferTargets:
    """What the transfer must reach."""

    tli_tdb_s: float                 # TLI epoch [TDB s since J2000]
    tof_s: float                     # TLI to perilune [s]
    perilune_altitude_km: float = 100.0
    lunar_inclination_deg: float = 90.0
    parking_altitude_km: float = 200.0
    parking_inclination_deg: float = 28.5


@dataclass
class Transfer:
    """A converged targeted transfer."""

    targets: TransferTargets
    raan_deg: float
    tli_argument_deg: float
    tli_dv_km_s: float
    tof_s: float
    perilune_altitude_km: float
    lunar_inclination_deg: float
    arrival_vinf_km_s: float
    perilune_speed_km_s: float
    loi_circular_dv_km_s: float
    loi_nrho_dv_km_s: float
    integrations: int   # arcs integrated (nominal and finite-difference)
    initial_state: np.ndarray = field(repr=False)

    def as_dict(self) -> dict:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in self.__dict__.items()
                if k not in ("targets", "initial_state")}

    def trajectory(self, every: int = 1) -> np.ndarray:
        """(M, 7) samples [TDB s, x, y, z km, vx, vy, vz km/s] geocentric ICRF, TLI to perilune."""
        t = self.targets
        _, _, _, rec = integrate(self.initial_state, t.tli_tdb_s, t.tli_tdb_s + t.tof_s + 3 * 86400.0, _GM, *_args(),
                                 RTOL, ATOL, True, 0.5 * 86400.0, 10.0, every)
        return rec


def _parking_state(raan, u, dv, r_park, inc):
    node = np.array([np.cos(raan), np.sin(raan), 0.0])
    normal = np.array([np.sin(inc) * np.sin(raan), -np.sin(inc) * np.cos(raan), np.cos(inc)])
    q = np.cross(normal, node)
    r_hat = np.cos(u) * node + np.sin(u) * q
    v_hat = np.cross(normal, r_hat)
    return np.concatenate([r_park * r_hat, (circular_speed(GM_EARTH, r_park) + dv) * v_hat])


_POLES: dict[float, np.ndarray] = {}


def _pole_key(tdb_s: float) -> float:
    return round(tdb_s / 3600.0) * 3600.0  # the pole moves < 0.1″ an hour


def _prepare_poles(tdb_s) -> None:
    """MOON_ME z axes in ICRF at the (hour-rounded) epochs, in one vectorised call."""
    keys = sorted({_pole_key(t) + d for t in np.atleast_1d(tdb_s) for d in (-3600.0, 0.0, 3600.0)} - set(_POLES))
    if not keys:
        return
    if len(_POLES) > 100_000:
        _POLES.clear()
    eph = LunarEphemeris.default()
    epochs = np.repeat(np.array(keys), 3)
    basis = np.tile(np.eye(3), len(keys))  # ICRF unit vectors, three per epoch
    in_me = eph.icrf_to_frame(basis, epochs, "MOON_ME")
    for n, key in enumerate(keys):
        _POLES[key] = in_me[2, 3 * n:3 * n + 3].copy()  # row z of the ICRF→ME matrix: the pole in ICRF


def _lunar_pole(tdb_s: float) -> np.ndarray:
    key = _pole_key(tdb_s)
    if key not in _POLES:
        _prepare_poles([tdb_s])
    return _POLES[key]


def _arrival(t_end, y_end):
    """B-plane figures of the arrival (see :func:`moonbase.kernels.cislunar.arrival_figures`)."""
    pole = _lunar_pole(float(t_end))
    f = arrival_figures(float(t_end), y_end, pole, GM_MOON, *_args())
    if not np.isfinite(f[2]):
        raise NoTransferError("the arrival is bound to the Moon without a burn (not a direct transfer); "
                              "change the time of flight")
    return {"bt": f[0], "br": f[1], "vinf": f[2], "rp": f[3], "incl": f[4], "r_dot_p": f[5]}


def _desired_b(arr, targets, current):
    rp = MOON_RADIUS_KM + targets.perilune_altitude_km
    b = rp * np.sqrt(1 + 2 * GM_MOON / (rp * arr["vinf"] ** 2))
    c = -np.cos(np.radians(targets.lunar_inclination_deg)) / arr["r_dot_p"]
    if abs(c) > 1:
        raise NoTransferError(f"an inclination of {targets.lunar_inclination_deg:g} deg to the lunar equator cannot be "
                              f"reached from this approach (asymptote {np.degrees(np.arccos(min(1, abs(arr['r_dot_p'])))):.1f} "
                              f"deg from the pole plane); choose another inclination or arrival date")
    s = np.sqrt(1 - c * c)
    options = [np.array([b * c, b * s]), np.array([b * c, -b * s])]
    return min(options, key=lambda o: np.hypot(*(o - current)))


def _plane_lambert(targets: TransferTargets, aim: np.ndarray, h_moon: np.ndarray):
    """Ω of the parking plane (inclination fixed) containing ``aim``, and the Lambert arc to it."""
    inc = np.radians(targets.parking_inclination_deg)
    r_park = EARTH_RADIUS_KM + targets.parking_altitude_km
    dec = np.arcsin(aim[2] / np.linalg.norm(aim))
    ra = np.arctan2(aim[1], aim[0])
    ratio = np.tan(dec) / np.tan(inc) if inc > 1e-6 else np.inf
    if abs(ratio) > 1:
        raise NoTransferError(f"the Moon's declination at arrival ({np.degrees(dec):.1f} deg) exceeds the parking-orbit "
                              f"inclination ({targets.parking_inclination_deg:g} deg): no plane of that inclination "
                              f"contains it; launch on another day or to a higher inclination")
    best = None
    for raan in (ra - np.arcsin(ratio), ra - (np.pi - np.arcsin(ratio))):
        normal = np.array([np.sin(inc) * np.sin(raan), -np.sin(inc) * np.cos(raan), np.cos(inc)])
        if best is None or normal @ h_moon > best[1] @ h_moon:
            best = (raan, normal)
    raan, normal = best
    v1, v2 = np.empty(3), np.empty(3)  # one cell, serially: a parallel launch costs more than the cell
    dv, theta = tli_cell(GM_EARTH, r_park, np.ascontiguousarray(aim), targets.tof_s, normal,
                         np.radians(150.0), np.radians(179.5), v1, v2)
    if not np.isfinite(dv):
        raise NoTransferError("no Lambert arc reaches the Moon in that time of flight; try 2 to 6 days")
    node = np.array([np.cos(raan), np.sin(raan), 0.0])
    q = np.cross(normal, node)
    u = np.arctan2(aim @ q, aim @ node) - theta
    dv_tangential = float(v1 @ np.cross(normal, np.cos(u) * node + np.sin(u) * q))
    return np.array([raan, u, dv_tangential - float(circular_speed(GM_EARTH, r_park))]), v2


def first_guess(targets: TransferTargets) -> np.ndarray:
    """(Ω, u, Δv) from a Lambert arc in the parking plane that contains its aim point: first the Moon's
    centre, then the centre offset by the B vector the targets ask for (from that arc's v∞)."""
    m, mv = moon_state(float(targets.tli_tdb_s + targets.tof_s), *_args())
    h_moon = np.cross(m, mv)
    h_moon /= np.linalg.norm(h_moon)
    guess, v2 = _plane_lambert(targets, m, h_moon)
    vinf = v2 - mv
    s_hat = vinf / np.linalg.norm(vinf)
    pole = _lunar_pole(float(targets.tli_tdb_s + targets.tof_s))
    t_hat = np.cross(s_hat, pole)
    t_hat /= np.linalg.norm(t_hat)
    r_hat = np.cross(s_hat, t_hat)
    rp = MOON_RADIUS_KM + targets.perilune_altitude_km
    b = rp * np.sqrt(1 + 2 * GM_MOON / (rp * (vinf @ vinf)))
    c = -np.cos(np.radians(targets.lunar_inclination_deg)) / (r_hat @ pole)
    if abs(c) > 1:
        return guess
    offset = b * (c * t_hat + np.sqrt(1 - c * c) * r_hat)
    try:
        return _plane_lambert(targets, m + offset, h_moon)[0]
    except NoTransferError:
        return guess


def _initial_states(xs, targets) -> np.ndarray:
    r_park = EARTH_RADIUS_KM + targets.parking_altitude_km
    inc = np.radians(targets.parking_inclination_deg)
    return np.array([_parking_state(x[0], x[1], x[2], r_park, inc) for x in xs])


def _residual(arr, desired, targets):
    return np.array([arr["bt"] - desired[0], arr["br"] - desired[1], (arr["tof"] - targets.tof_s) / 60.0])


def _corrector(targets: TransferTargets, guess, max_tli_dv_km_s):
    """Differential correction as a generator: yields the (Ω, u, Δv) sets to integrate, receives their
    arrivals (None where no perilune was found) and returns the :class:`Transfer`."""
    x = first_guess(targets) if guess is None else np.asarray(guess, float).copy()
    jac = None
    f_prev = x_prev = None
    integrations = 0
    for _ in range(MAX_ITERATIONS):
        full = jac is None
        batch = [x] + ([x + np.eye(3)[k] * _STEP[k] for k in range(3)] if full else [])
        results = yield batch
        integrations += len(batch)
        if results[0] is None:
            raise NoTransferError("the trajectory does not reach the Moon (no perilune within 3 days of the target "
                                  "time); the time of flight may be too short or too long")
        arr = results[0]
        desired = _desired_b(arr, targets, np.array([arr["bt"], arr["br"]]))
        f = _residual(arr, desired, targets)
        b_err = np.hypot(f[0], f[1])
        if b_err < B_TOLERANCE_KM and abs(f[2]) * 60.0 < TOF_TOLERANCE_S:
            break
        if full:
            if any(r is None for r in results[1:]):
                raise NoTransferError("the finite-difference arcs lost the Moon; the targets are too sensitive here")
            jac = np.column_stack([(_residual(results[k + 1], desired, targets) - f) / _STEP[k] for k in range(3)])
        else:  # Broyden (1965) rank-one update; a fresh Jacobian when the residual stops halving
            dx, df = x - x_prev, f - f_prev
            jac = jac + np.outer(df - jac @ dx, dx) / (dx @ dx)
            if np.linalg.norm(f) > 0.5 * np.linalg.norm(f_prev):
                jac = None
                continue
        try:
            step = np.linalg.solve(jac, -f)
        except np.linalg.LinAlgError:
            raise NoTransferError("the targeting Jacobian is singular (targets not controllable from this guess)") from None
        # Limit the step (trust region): 5 deg in angles, 100 m/s in Δv.
        scale = max(1.0, np.max(np.abs(step) / np.array([np.radians(5.0), np.radians(5.0), 0.1])))
        x_prev, f_prev = x, f
        x = x + step / scale
    else:
        raise NoTransferError(f"differential correction did not converge in {MAX_ITERATIONS} iterations "
                              f"(B-plane miss {b_err:.1f} km, time miss {f[2] * 60:.0f} s)")
    vinf = arr["vinf"]
    rp = arr["rp"]
    vp = np.sqrt(vinf ** 2 + 2 * GM_MOON / rp)
    transfer = Transfer(targets, float(np.degrees(x[0]) % 360), float(np.degrees(x[1]) % 360), float(x[2]),
                        float(arr["tof"]), float(rp - MOON_RADIUS_KM), float(arr["incl"]), float(vinf), float(vp),
                        float(vp - circular_speed(GM_MOON, rp)), float(nrho_insertion_dv(vinf)), integrations,
                        _initial_states([x], targets)[0])
    if max_tli_dv_km_s is not None and transfer.tli_dv_km_s > max_tli_dv_km_s:
        raise NoTransferError(f"the transfer needs a TLI of {transfer.tli_dv_km_s * 1000:.0f} m/s, over the vehicle's "
                              f"{max_tli_dv_km_s * 1000:.0f} m/s")
    return transfer


def solve_transfers(targets: list[TransferTargets], max_tli_dv_km_s: float | None = None) -> list:
    """Many transfers corrected in lockstep: each iteration integrates every case's arcs in one parallel
    batch. Returns a :class:`Transfer` or the :class:`NoTransferError` (with its reason) per case."""
    out: list = [None] * len(targets)
    running: dict[int, tuple] = {}
    _prepare_poles([t.tli_tdb_s + t.tof_s + d for t in targets for d in (-7200.0, 0.0, 7200.0)])
    for i, t in enumerate(targets):
        try:
            gen = _corrector(t, None, max_tli_dv_km_s)
            running[i] = (gen, next(gen))
        except NoTransferError as exc:
            out[i] = exc
    while running:
        keys = list(running)
        y0 = np.concatenate([_initial_states(running[i][1], targets[i]) for i in keys])
        t0 = np.concatenate([np.full(len(running[i][1]), targets[i].tli_tdb_s) for i in keys])
        t_max = np.concatenate([np.full(len(running[i][1]), targets[i].tli_tdb_s + targets[i].tof_s + 3 * 86400.0)
                                for i in keys])
        t_end, y_end, codes = integrate_batch(np.ascontiguousarray(y0), t0, t_max, _GM, *_args(), RTOL, ATOL,
                                              0.5 * 86400.0, 10.0)
        start = 0
        for i in keys:
            gen, batch = running.pop(i)
            results = []
            for k in range(start, start + len(batch)):
                if codes[k] not in (STOP_PERILUNE, STOP_IMPACT):
                    results.append(None)
                    continue
                try:
                    arr = _arrival(t_end[k], y_end[k])
                except NoTransferError:
                    results.append(None)
                    continue
                arr["tof"] = t_end[k] - targets[i].tli_tdb_s
                results.append(arr)
            start += len(batch)
            try:
                running[i] = (gen, gen.send(results))
            except StopIteration as done:
                out[i] = done.value
            except NoTransferError as exc:
                out[i] = exc
    return out


def solve_transfer(targets: TransferTargets, guess: np.ndarray | None = None, max_tli_dv_km_s: float | None = None) -> Transfer:
    """Differential correction of (Ω, u, Δv) to the targets; raises :class:`NoTransferError` with the reason."""
    if guess is not None:
        gen = _corrector(targets, guess, max_tli_dv_km_s)
        batch = next(gen)
        while True:
            y0 = _initial_states(batch, targets)
            n = len(batch)
            t_end, y_end, codes = integrate_batch(y0, np.full(n, targets.tli_tdb_s),
                                                  np.full(n, targets.tli_tdb_s + targets.tof_s + 3 * 86400.0), _GM,
                                                  *_args(), RTOL, ATOL, 0.5 * 86400.0, 10.0)
            results = []
            for k in range(n):
                arr = _arrival(t_end[k], y_end[k]) if codes[k] in (STOP_PERILUNE, STOP_IMPACT) else None
                if arr is not None:
                    arr["tof"] = t_end[k] - targets.tli_tdb_s
                results.append(arr)
            try:
                batch = gen.send(results)
            except StopIteration as done:
                return done.value
    result = solve_transfers([targets], max_tli_dv_km_s)[0]
    if isinstance(result, NoTransferError):
        raise result
    return result
