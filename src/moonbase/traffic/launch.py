"""Launch sites and a simple ascent-plus-parking-orbit trajectory for launch collision avoidance.

The trajectory is built in TEME (the frame of SGP4 output) for a reference liftoff time. Because the
orbit plane is set by the site at liftoff, a launch ``l`` seconds later is the same trajectory turned
with the Earth: in Earth-fixed coordinates (TEME turned by GMST, polar motion ignored) every launch
second follows one fixed path (Woodburn 1998, AAS 98-134). The COLA sweep relies on that.

Ascent model (a stated simplification, not a vehicle's trajectory): the vehicle rises along the
great circle of the target plane, reaching the parking altitude ``insertion_time_s`` after liftoff and
``insertion_downrange_km`` from the site, arriving horizontal at circular speed; then it coasts on a
circular orbit with J2 nodal regression.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..errors import InputError
from .propagate import julian_dates

#: WGS-84 equatorial radius [km] and flattening (NIMA TR8350.2).
WGS84_RADIUS_KM = 6378.137
WGS84_FLATTENING = 1.0 / 298.257223563
#: Earth's gravitational parameter [km^3/s^2] and J2 (EGM96 / WGS-84 values, Vallado 2013 table D-1).
MU_KM3_S2 = 398600.4418
J2 = 1.08262668e-3
#: Earth rotation rate [rad/s] (WGS-84).
EARTH_ROTATION_RAD_S = 7.292115e-5
#: Default ascent: insertion 600 s after liftoff and 2,000 km downrange: round values for a typical direct
#: ascent to LEO, recalled, not read in a launcher's user guide [M] (shown as a caveat in the COLA outputs).
DEFAULT_INSERTION_TIME_S = 600.0
DEFAULT_INSERTION_DOWNRANGE_KM = 2000.0
#: How far below the site latitude an inclination may be and still be flown due east [deg] (rounding).
_LATITUDE_TOLERANCE_DEG = 0.1


@dataclass(frozen=True)
class LaunchSite:
    key: str
    name: str
    lat_deg: float
    lon_deg: float
    tag: str
    source: str


@lru_cache(maxsize=1)
def launch_sites() -> dict[str, LaunchSite]:
    """The launch sites of ``data/launch_sites.toml`` by key."""
    data = tomllib.loads(resources.files("moonbase").joinpath("data", "launch_sites.toml").read_text(encoding="utf-8"))
    return {key: LaunchSite(key, **fields) for key, fields in data.items()}


def get_launch_site(key: str) -> LaunchSite:
    sites = launch_sites()
    if key.lower() not in sites:
        raise InputError("launch_site", key, f"one of {', '.join(sites)}")
    return sites[key.lower()]


def gmst_rad(utc: np.ndarray) -> np.ndarray:
    """Greenwich mean sidereal time [rad] (IAU 1982, as SGP4's ``gstime``; UT1 taken as UTC, < 1 s apart)."""
    jd, fraction = julian_dates(utc)
    t = ((jd - 2451545.0) + fraction) / 36525.0
    seconds = -6.2e-6 * t**3 + 0.093104 * t**2 + (876600.0 * 3600 + 8640184.812866) * t + 67310.54841
    return np.mod(np.radians(seconds / 240.0), 2.0 * np.pi)


def rotate_z(vectors: np.ndarray, angle_rad: np.ndarray) -> np.ndarray:
    """Rotate (…, 3) vectors about z by ``angle_rad`` (broadcast over the leading axes)."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    x, y = vectors[..., 0], vectors[..., 1]
    return np.stack([c * x - s * y, s * x + c * y, vectors[..., 2]], axis=-1)


def geodetic_to_ecef_km(lat_deg: float, lon_deg: float, height_km: float = 0.0) -> np.ndarray:
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    e2 = WGS84_FLATTENING * (2.0 - WGS84_FLATTENING)
    n = WGS84_RADIUS_KM / np.sqrt(1.0 - e2 * np.sin(lat) ** 2)
    return np.array([(n + height_km) * np.cos(lat) * np.cos(lon), (n + height_km) * np.cos(lat) * np.sin(lon),
                     (n * (1.0 - e2) + height_km) * np.sin(lat)])


def launch_azimuth_deg(geocentric_lat_deg: float, inclination_deg: float, ascending: bool = True) -> float:
    """Inertial azimuth that puts the site in a plane of ``inclination_deg``: sin(az) = cos(i) / cos(lat)."""
    lat = abs(geocentric_lat_deg)
    if inclination_deg < lat - _LATITUDE_TOLERANCE_DEG or inclination_deg > 180.0 - lat + _LATITUDE_TOLERANCE_DEG:
        raise InputError("inclination_deg", inclination_deg,
                         f"an inclination between {lat:.1f} and {180 - lat:.1f} deg: a direct ascent from latitude "
                         f"{geocentric_lat_deg:.2f} deg cannot reach a lower one without a dogleg")
    ratio = np.clip(np.cos(np.radians(inclination_deg)) / np.cos(np.radians(lat)), -1.0, 1.0)
    azimuth = np.degrees(np.arcsin(ratio))
    return float(azimuth if ascending else 180.0 - azimuth)


@dataclass(frozen=True)
class Ascent:
    """A launch to a circular parking orbit; times in seconds after liftoff."""

    site: LaunchSite
    altitude_km: float
    inclination_deg: float
    insertion_time_s: float = DEFAULT_INSERTION_TIME_S
    insertion_downrange_km: float = DEFAULT_INSERTION_DOWNRANGE_KM
    ascending: bool = True

    def __post_init__(self):
        if not 120.0 <= self.altitude_km <= 2000.0:
            raise InputError("altitude_km", self.altitude_km, "a parking altitude between 120 and 2,000 km")
        if not 60.0 <= self.insertion_time_s <= 3600.0:
            raise InputError("insertion_time_s", self.insertion_time_s, "60 to 3,600 s")

    @property
    def parking_radius_km(self) -> float:
        return WGS84_RADIUS_KM + self.altitude_km

    def positions_teme(self, liftoff_utc: np.datetime64, seconds_after_liftoff: np.ndarray) -> np.ndarray:
        """Vehicle positions (times, 3) [km] in TEME for a liftoff at ``liftoff_utc``."""
        tau = np.asarray(seconds_after_liftoff, dtype=float)
        site_ecef = geodetic_to_ecef_km(self.site.lat_deg, self.site.lon_deg)
        site_radius = float(np.linalg.norm(site_ecef))
        lat_c = np.arcsin(site_ecef[2] / site_radius)
        lon = np.radians(self.site.lon_deg)
        azimuth = np.radians(launch_azimuth_deg(np.degrees(lat_c), self.inclination_deg, self.ascending))
        east = np.array([-np.sin(lon), np.cos(lon), 0.0])
        north = np.array([-np.sin(lat_c) * np.cos(lon), -np.sin(lat_c) * np.sin(lon), np.cos(lat_c)])
        up = site_ecef / site_radius
        along = np.sin(azimuth) * east + np.cos(azimuth) * north
        turn = gmst_rad(np.array([np.datetime64(liftoff_utc, "ms")]))[0]
        up, along = rotate_z(up, turn), rotate_z(along, turn)

        r_parking = self.parking_radius_km
        mean_motion = np.sqrt(MU_KM3_S2 / r_parking**3)
        insertion_angle = self.insertion_downrange_km / site_radius
        # theta(x) = angle * (a x^2 + (1 - a) x^3): theta'(1) equals the orbital rate at insertion.
        shape = 3.0 - mean_motion * self.insertion_time_s / insertion_angle
        if not 0.0 <= shape <= 3.0:
            raise InputError("insertion_downrange_km", self.insertion_downrange_km,
                             "a downrange distance consistent with the insertion time (the ascent would run backwards)")
        x = np.clip(tau / self.insertion_time_s, 0.0, 1.0)
        ascent_angle = insertion_angle * (shape * x**2 + (1.0 - shape) * x**3)
        ascent_radius = site_radius + (r_parking - site_radius) * (1.0 - (1.0 - x) ** 2)
        coast = np.maximum(tau - self.insertion_time_s, 0.0)
        angle = np.where(tau <= self.insertion_time_s, ascent_angle, insertion_angle + mean_motion * coast)
        radius = np.where(tau <= self.insertion_time_s, ascent_radius, r_parking)
        position = radius[:, None] * (np.cos(angle)[:, None] * up + np.sin(angle)[:, None] * along)
        # J2 regression of the node after insertion (Vallado 2013 eq. 9-41, circular orbit).
        node_rate = -1.5 * mean_motion * J2 * (WGS84_RADIUS_KM / r_parking) ** 2 * np.cos(np.radians(self.inclination_deg))
        return rotate_z(position, node_rate * coast)

    def positions_earth_fixed(self, liftoff_utc: np.datetime64, seconds_after_liftoff: np.ndarray) -> np.ndarray:
        """The same path in Earth-fixed coordinates (TEME turned by −GMST), identical for every liftoff second."""
        tau = np.asarray(seconds_after_liftoff, dtype=float)
        utc = np.datetime64(liftoff_utc, "ms") + (tau * 1000.0).astype("timedelta64[ms]")
        return rotate_z(self.positions_teme(liftoff_utc, tau), -gmst_rad(utc))
