"""JPL DE421 and the DE421 lunar frames, evaluated once per epoch for every site.

Sources, all shipped inside installed packages and found through importlib (nothing is
ever downloaded):

* ``de421.bsp`` (JPL DE421 planetary and lunar ephemeris, Folkner et al. 2008, IPN
  Progress Report 42-178) from the ``skyfield-data`` package;
* ``moon_pa_de421_1900-2050.bpc`` (binary PCK: Euler angles of the lunar principal-axes
  frame MOON_PA_DE421 from the DE421 lunar libration solution) and ``moon_080317.tf``
  (frame kernel: the fixed rotation MOON_PA_DE421 → MOON_ME_DE421) from the ``lunarsky``
  package (NAIF generic kernels).

Positions are either **geometric** (instantaneous, no light-time or aberration) or
**apparent** (the same corrections as SPICE's ``'LT+S'``: light time iterated twice, which
converges to microseconds, then stellar aberration for the observer's barycentric velocity; no
gravitational deflection, which is below 0.01 arcsec for the Sun and the Earth seen
from the Moon). The observer for the per-epoch work is the Moon's centre; a surface
site differs from it by < 6 ms of light time, which moves the Sun by < 0.001 arcsec and the
Earth (30 km/s about the barycentre) by < 0.1 arcsec, so the shared vectors serve every site.
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from jplephem.pck import PCK
from skyfield.jpllib import SpiceKernel
from skyfield.planetarylib import PlanetaryConstants
from skyfield.timelib import Time

from .constants import J2000_JD, NAIF_EARTH, NAIF_EMB, NAIF_MOON, NAIF_SSB, NAIF_SUN, SECONDS_PER_DAY, SPEED_OF_LIGHT_KM_S
from .errors import MoonbaseError, OutOfSpanError
from .kernels.chebyshev import chebyshev_eval
from .timegrid import tdb_seconds, timescale, to_time

FRAMES = ("MOON_ME", "MOON_PA")
_J2000_TDB = np.datetime64("2000-01-01T12:00:00")
CORRECTIONS = ("apparent", "geometric")


def _package_dir(package: str) -> Path:
    """Directory of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise MoonbaseError(f"package {package!r} is not installed; install Moonbase with: python -m pip install -e .")
    return Path(next(iter(spec.submodule_search_locations)))


def kernel_paths() -> dict[str, Path]:
    """Paths of the three kernels inside the skyfield-data and lunarsky packages."""
    lunarsky_data = _package_dir("lunarsky") / "data"
    paths = {
        "spk": _package_dir("skyfield_data") / "data" / "de421.bsp",
        "bpc": lunarsky_data / "pck" / "moon_pa_de421_1900-2050.bpc",
        "fk": lunarsky_data / "fk" / "satellites" / "moon_080317.tf",
    }
    for name, path in paths.items():
        if not path.is_file():
            raise MoonbaseError(f"kernel {path.name} not found at {path}; reinstall skyfield-data and lunarsky")
    return paths


@dataclass(frozen=True)
class _Series:
    """One Chebyshev segment as plain arrays for the kernel."""

    init_s: float
    interval_s: float
    coefficients: np.ndarray

    @classmethod
    def from_segment(cls, segment) -> "_Series":
        """Read a type-2 (Chebyshev, position only) SPK or binary-PCK segment through jplephem's public DAF API.

        Layout (NAIF, *SPK Required Reading*, "Type 2: Chebyshev (position only)"; the same for binary PCK
        type 2): ``n`` records of ``rsize`` doubles (mid, radius, then the coefficients of each of the three
        components, lowest degree first), followed by ``init, intlen, rsize, n``.
        """
        if segment.data_type != 2:
            raise MoonbaseError(f"kernel segment of data type {segment.data_type}; Moonbase reads type 2 (Chebyshev)")
        init, interval, rsize, n = segment.daf.read_array(segment.end_i - 3, segment.end_i)
        count = int(rsize - 2) // 3
        records = np.asarray(segment.daf.map_array(segment.start_i, segment.end_i - 4)).reshape(int(n), int(rsize))
        coefficients = records[:, 2:].reshape(int(n), 3, count)       # (interval, component, degree)
        coefficients = np.transpose(coefficients, (2, 1, 0))[::-1]     # (degree high→low, component, interval)
        return cls(float(init), float(interval), np.ascontiguousarray(coefficients, dtype=float))

    def position(self, tdb_s: np.ndarray) -> np.ndarray:
        return chebyshev_eval(tdb_s, self.init_s, self.interval_s, self.coefficients, False)[0]

    def position_velocity(self, tdb_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return chebyshev_eval(tdb_s, self.init_s, self.interval_s, self.coefficients, True)


def _pa_to_me_matrix(fk_path: Path, bpc_path: Path) -> np.ndarray:
    """The constant rotation MOON_PA_DE421 → MOON_ME_DE421 of the frame kernel, from skyfield's public
    ``Frame.rotation_at`` (R_ME(t) R_PA(t)ᵀ at any epoch: the PA orientation cancels)."""
    constants = PlanetaryConstants()
    with open(fk_path, "rb") as handle:
        constants.read_text(handle)
    constants.read_binary(io.BytesIO(Path(bpc_path).read_bytes()))  # read lazily by skyfield: keep the bytes
    t = timescale().tdb_jd(J2000_JD)
    me = constants.build_frame_named("MOON_ME_DE421").rotation_at(t)
    pa = constants.build_frame_named("MOON_PA_DE421").rotation_at(t)
    return np.ascontiguousarray(me @ pa.T, dtype=float)


@dataclass(frozen=True)
class MoonSky:
    """Sun and Earth as seen from the Moon's centre at each epoch, in a lunar body-fixed frame.

    ``sun_km`` and ``earth_km`` are ``(3, T)`` vectors [km] from the Moon's centre in
    ``frame`` (MOON_ME = mean Earth/polar axis, the frame of LOLA maps; MOON_PA =
    principal axes). ``utc`` holds the epochs as datetime64[ms].
    """

    utc: np.ndarray
    tdb_s: np.ndarray
    sun_km: np.ndarray
    earth_km: np.ndarray
    frame: str
    correction: str

    def __len__(self) -> int:
        return self.tdb_s.shape[0]


def _rot3(angle, x, y, z):
    c, s = np.cos(angle), np.sin(angle)
    return c * x + s * y, -s * x + c * y, z


def _rot1(angle, x, y, z):
    c, s = np.cos(angle), np.sin(angle)
    return x, c * y + s * z, -s * y + c * z


def _aberration(position_km, observer_velocity_km_s):
    """Stellar aberration, first order in v/c, as SPICE STELAB does (Newtonian addition of velocities)."""
    distance = np.linalg.norm(position_km, axis=0)
    unit = position_km / distance
    beta = observer_velocity_km_s / SPEED_OF_LIGHT_KM_S
    # Component of v/c perpendicular to the line of sight, bent into the direction.
    v_dot_u = np.sum(unit * beta, axis=0)
    perp = beta - unit * v_dot_u
    sin_phi = np.linalg.norm(perp, axis=0)
    phi = np.arcsin(np.clip(sin_phi, -1.0, 1.0))
    safe = np.where(sin_phi > 0, sin_phi, 1.0)
    axis = perp / safe
    rotated = unit * np.cos(phi) + axis * np.sin(phi)
    return rotated * distance


class LunarEphemeris:
    """DE421 positions of the Sun, Earth and Moon and the lunar frame orientation.

    >>> eph = LunarEphemeris.default()
    >>> sky = eph.moon_sky(["2030-01-01T00:00:00"])
    >>> sky.sun_km.shape
    (3, 1)
    """

    def __init__(self, spk_path: Path, bpc_path: Path, fk_path: Path):
        self.paths = {"spk": spk_path, "bpc": bpc_path, "fk": fk_path}
        self._spk = SpiceKernel(str(spk_path))
        segments = {(s.center, s.target): s.spk_segment for s in self._spk.segments}
        self._emb = _Series.from_segment(segments[(NAIF_SSB, NAIF_EMB)])
        self._moon = _Series.from_segment(segments[(NAIF_EMB, NAIF_MOON)])
        self._earth = _Series.from_segment(segments[(NAIF_EMB, NAIF_EARTH)])
        self._sun = _Series.from_segment(segments[(NAIF_SSB, NAIF_SUN)])

        pck = PCK.open(str(bpc_path))
        segment = pck.segments[0]
        self._pa_segment = _Series.from_segment(segment)  # a copy: the file can close
        pck.close()
        self._pa_to_me = _pa_to_me_matrix(fk_path, bpc_path)
        # The lunar orientation kernel (1900-01-01 .. 2051-01-01) is the narrower span; DE421 runs 1899-2053.
        # One day is kept clear at each end for light time and rates.
        self.span_tdb_s = (
            (segment.initial_jd - J2000_JD) * SECONDS_PER_DAY + SECONDS_PER_DAY,
            (segment.final_jd - J2000_JD) * SECONDS_PER_DAY - SECONDS_PER_DAY,
        )

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "LunarEphemeris":
        """The ephemeris from the kernels shipped in skyfield-data and lunarsky (cached)."""
        paths = kernel_paths()
        return cls(paths["spk"], paths["bpc"], paths["fk"])

    # -- time span -----------------------------------------------------------------------
    def check_span(self, tdb_s: np.ndarray) -> None:
        """Raise :class:`OutOfSpanError` for any epoch outside the kernels' span (never extrapolate)."""
        lo, hi = self.span_tdb_s
        if tdb_s.size and (tdb_s.min() < lo or tdb_s.max() > hi):
            bad = tdb_s[(tdb_s < lo) | (tdb_s > hi)][0]
            first, last = (str(_J2000_TDB + np.timedelta64(int(s), "s"))[:10] for s in (lo, hi))
            when = str(_J2000_TDB + np.timedelta64(int(bad), "s"))[:16]
            raise OutOfSpanError(
                "time", f"{when} TDB",
                f"a time between {first} and {last} (the span of the DE421 lunar orientation kernel; never extrapolated)",
            )

    # -- barycentric states ----------------------------------------------------------------
    def _moon_ssb(self, tdb_s):
        emb_p, emb_v = self._emb.position_velocity(tdb_s)
        moon_p, moon_v = self._moon.position_velocity(tdb_s)
        return emb_p + moon_p, emb_v + moon_v

    def _earth_ssb(self, tdb_s):
        return self._emb.position(tdb_s) + self._earth.position(tdb_s)

    def _from_moon(self, target, tdb_s, moon_p, moon_v, correction, iterations=2):
        if correction == "geometric":
            return target(tdb_s) - moon_p
        relative = target(tdb_s) - moon_p
        for _ in range(iterations):
            light_time_s = np.linalg.norm(relative, axis=0) / SPEED_OF_LIGHT_KM_S
            relative = target(tdb_s - light_time_s) - moon_p
        return _aberration(relative, moon_v)

    def icrf_to_frame(self, vectors_km: np.ndarray, tdb_s: np.ndarray, frame: str = "MOON_ME") -> np.ndarray:
        """Rotate ``(3, T)`` ICRF vectors into MOON_PA_DE421 or MOON_ME_DE421 at each epoch."""
        if frame not in FRAMES:
            raise OutOfSpanError("frame", frame, f"one of {', '.join(FRAMES)}")
        # Binary PCK Euler angles (phi, delta, w): ICRF → PA is [w]_3 [delta]_1 [phi]_3.
        phi, delta, w = self._pa_segment.position(tdb_s)
        x, y, z = vectors_km
        x, y, z = _rot3(w, *_rot1(delta, *_rot3(phi, x, y, z)))
        pa = np.stack([x, y, z])
        if frame == "MOON_PA":
            return pa
        return self._pa_to_me @ pa

    def rotation_to_frame(self, tdb_s: np.ndarray, frame: str = "MOON_ME") -> np.ndarray:
        """``(3, 3, T)`` matrices taking ICRF vectors into MOON_PA_DE421 or MOON_ME_DE421 at each epoch
        (the same rotation as :meth:`icrf_to_frame`, as matrices: ``[w]_3 [delta]_1 [phi]_3``)."""
        if frame not in FRAMES:
            raise OutOfSpanError("frame", frame, f"one of {', '.join(FRAMES)}")
        tdb_s = np.atleast_1d(np.asarray(tdb_s, dtype=float))
        phi, delta, w = self._pa_segment.position(tdb_s)
        cp, sp, cd, sd, cw, sw = np.cos(phi), np.sin(phi), np.cos(delta), np.sin(delta), np.cos(w), np.sin(w)
        pa = np.empty((3, 3, tdb_s.size))
        pa[0, 0], pa[0, 1], pa[0, 2] = cw * cp - sw * cd * sp, cw * sp + sw * cd * cp, sw * sd
        pa[1, 0], pa[1, 1], pa[1, 2] = -sw * cp - cw * cd * sp, -sw * sp + cw * cd * cp, cw * sd
        pa[2, 0], pa[2, 1], pa[2, 2] = sd * sp, -sd * cp, cd
        if frame == "MOON_PA":
            return pa
        return np.einsum("ij,jkt->ikt", self._pa_to_me, pa)

    # -- the per-epoch product shared by all sites -------------------------------------------
    def moon_sky(self, times, frame: str = "MOON_ME", correction: str = "apparent") -> MoonSky:
        """Sun and Earth vectors from the Moon's centre for UTC ``times``.

        ``times`` is a sequence of ISO strings, a datetime64 array or a skyfield ``Time``.
        ``correction`` is ``"apparent"`` (light time + stellar aberration, as seen) or
        ``"geometric"`` (instantaneous positions).
        """
        if correction not in CORRECTIONS:
            raise OutOfSpanError("correction", correction, f"one of {', '.join(CORRECTIONS)}")
        if isinstance(times, Time):
            t = times
            utc = np.atleast_1d(times.utc_datetime64() if hasattr(times, "utc_datetime64") else times.utc_datetime())
        else:
            utc = np.atleast_1d(np.asarray(times, dtype="datetime64[ms]"))
            t = to_time(utc)
        tdb_s = np.atleast_1d(tdb_seconds(t))
        self.check_span(tdb_s)
        moon_p, moon_v = self._moon_ssb(tdb_s)
        sun = self._from_moon(self._sun.position, tdb_s, moon_p, moon_v, correction)
        earth = self._from_moon(self._earth_ssb, tdb_s, moon_p, moon_v, correction)
        return MoonSky(
            utc=np.asarray(utc, dtype="datetime64[ms]"),
            tdb_s=tdb_s,
            sun_km=self.icrf_to_frame(sun, tdb_s, frame),
            earth_km=self.icrf_to_frame(earth, tdb_s, frame),
            frame=frame,
            correction=correction,
        )

    @property
    def skyfield_kernel(self) -> SpiceKernel:
        """The DE421 kernel as a skyfield object (for Earth-side work such as ground stations)."""
        return self._spk
