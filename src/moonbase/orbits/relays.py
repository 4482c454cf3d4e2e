"""Relay-satellite orbit presets and their positions in MOON_ME over a period."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import MOON_RADIUS_KM
from ..ephemeris import LunarEphemeris
from ..errors import InputError
from ..timegrid import tdb_seconds, to_time
from .elements import GM_MOON, elements_to_state
from .nrho import nrho_positions_me
from .propagate import Environment, propagate_state


@dataclass(frozen=True)
class RelayOrbit:
    """Elements relative to the MOON_ME equator and prime meridian at the epoch of propagation."""

    key: str
    name: str
    periapsis_alt_km: float
    apoapsis_alt_km: float
    i_deg: float
    argp_deg: float
    raan_deg: float = 90.0  # see RAAN_NOTE
    mean_anomaly_deg: float = 0.0
    kind: str = "keplerian"  # or "nrho"
    source: str = ""
    tag: str = "[M]"

    def __post_init__(self):
        if self.kind == "keplerian":
            if not self.periapsis_alt_km > 0:
                raise InputError(f"relay {self.key} periapsis_alt_km", self.periapsis_alt_km,
                                 "a periapsis above the lunar surface (altitude > 0 km): this orbit intersects the Moon")
            if self.apoapsis_alt_km < self.periapsis_alt_km:
                raise InputError(f"relay {self.key} apoapsis_alt_km", self.apoapsis_alt_km, "an apoapsis ≥ the periapsis")

    @property
    def a_km(self) -> float:
        return MOON_RADIUS_KM + 0.5 * (self.periapsis_alt_km + self.apoapsis_alt_km)

    @property
    def e(self) -> float:
        rp, ra = MOON_RADIUS_KM + self.periapsis_alt_km, MOON_RADIUS_KM + self.apoapsis_alt_km
        return (ra - rp) / (ra + rp)


#: Why the presets' ascending node is at 90° E (in MOON_ME, whose +x points to the mean Earth): with the node
#: at 0° or 180° the Earth's tide drives the 200 km periapsis of the 24 h orbit into the surface within days;
#: at 90° periapsis heights stay within ±45 km over a month for all three elliptical presets. [C] computed with
#: this propagator (J2, C22, Earth, Sun), January 2030. The real operators' node choice was not found.
RAAN_NOTE = "ascending node at 90 deg E of the mean Earth direction, chosen so the orbit stays frozen for a month [C]"

PRESETS = {
    "queqiao-2": RelayOrbit(
        "queqiao-2", "Queqiao-2 (24 h elliptical frozen orbit)", 200.0, 16_000.0, 62.4, 90.0,
        source="Queqiao-2 mission orbit 200 x 16,000 km, 62.4 deg, 24 h (Wikipedia mirrors, Apr 2024) [R]; "
               "apolune over the south pole (argument of periapsis 90 deg) [M]; " + RAAN_NOTE,
        tag="[R]"),
    "queqiao-2-12h": RelayOrbit(
        "queqiao-2-12h", "Queqiao-2 later ~12 h orbit", 300.0, 8_600.0, 62.4, 90.0,
        source="~300 x 8,600 km, ~12 h (Zhang Lihua 2021 via SCMP) [R]; inclination and apsides assumed as the 24 h orbit [M]",
        tag="[R]"),
    "lunar-pathfinder": RelayOrbit(
        "lunar-pathfinder", "Lunar Pathfinder-like elliptical lunar frozen orbit (ELFO)", 720.0, 8_091.0, 57.83, 90.0,
        source="ESA Moonlight reference ELFO (a = 6,142 km, e = 0.6, i = 57.83 deg, argp = 90 deg, 12 h), recalled [M]; "
               "Lunar Pathfinder's own elements were not found",
        tag="[M]"),
    "nrho": RelayOrbit(
        "nrho", "9:2 L2 southern NRHO (Gateway-like)", 0.0, 0.0, 0.0, 0.0, kind="nrho",
        source="CR3BP 9:2 synodic-resonant L2 southern NRHO, differential-corrected here; NASA Gateway reference orbit [M]",
        tag="[C]"),
}


def get_relay(key: str) -> RelayOrbit:
    if key not in PRESETS:
        raise InputError("relay", key, f"one of {', '.join(PRESETS)}")
    return PRESETS[key]


#: Length of a station-keeping arc [days]: real relays in eccentric frozen orbits are maintained (the Earth's
#: tide would otherwise lower a 200 km periapsis into the surface within months), so each arc restarts from
#: the nominal elements, keeping the mean anomaly running. A modelling choice [M], stated in the outputs.
STATION_KEEPING_DAYS = 7.0


def _arc_positions(orbit: RelayOrbit, utc: np.ndarray, mean_anomaly_deg: float, eph: LunarEphemeris,
                   environment: Environment) -> np.ndarray:
    tdb = np.atleast_1d(tdb_seconds(to_time(np.asarray(utc, dtype="datetime64[ms]"))))
    state_me = elements_to_state(orbit.a_km, orbit.e, orbit.i_deg, orbit.raan_deg, orbit.argp_deg, mean_anomaly_deg)
    # The elements are in MOON_ME at the arc's start: rotate position and velocity into ICRF (the frame's rotation
    # rate is not added: they describe an inertial orbit whose axes coincide with MOON_ME at that instant).
    me_from_icrf = eph.icrf_to_frame(np.eye(3), np.repeat(tdb[0], 3), "MOON_ME")  # column k = R e_k
    icrf_from_me = me_from_icrf.T
    state_icrf = np.concatenate([icrf_from_me @ state_me[:3], icrf_from_me @ state_me[3:]])
    states = propagate_state(state_icrf, utc, "standard", eph, environment=environment)
    return eph.icrf_to_frame(np.ascontiguousarray(states[:, :3].T), tdb, "MOON_ME")


def relay_positions_me(orbit: RelayOrbit, utc: np.ndarray, ephemeris: LunarEphemeris | None = None,
                       station_keeping_days: float = STATION_KEEPING_DAYS) -> np.ndarray:
    """(3, T) Moon-centred MOON_ME positions [km] of the relay at each epoch.

    Propagated with the full force model in arcs of ``station_keeping_days``, each restarting from the
    nominal elements (see :data:`STATION_KEEPING_DAYS`); the NRHO is placed from its CR3BP solution.
    """
    eph = ephemeris or LunarEphemeris.default()
    utc = np.asarray(utc, dtype="datetime64[ms]")
    if orbit.kind == "nrho":
        return nrho_positions_me(utc, orbit.mean_anomaly_deg / 360.0, eph)
    elapsed_s = (utc - utc[0]).astype(np.int64) / 1000.0
    arc = np.floor(elapsed_s / (station_keeping_days * 86_400.0)).astype(int)
    mean_motion_deg_s = np.degrees(np.sqrt(GM_MOON / orbit.a_km ** 3))
    out = np.empty((3, len(utc)))
    tdb = tdb_seconds(to_time(utc[[0, -1]]))
    environment = Environment.build(eph, float(tdb[0]), float(tdb[-1]) + 10.0)
    for index in np.unique(arc):
        members = np.flatnonzero(arc == index)
        anomaly = (orbit.mean_anomaly_deg + mean_motion_deg_s * elapsed_s[members[0]]) % 360.0
        span = utc[members] if len(members) > 1 else np.concatenate([utc[members], utc[members] + np.timedelta64(1, "s")])
        out[:, members] = _arc_positions(orbit, span, anomaly, eph, environment)[:, :len(members)]
    return out
