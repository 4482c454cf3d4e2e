"""Map projections of the lunar DEMs: polar stereographic and equirectangular, on a sphere.

The LOLA GDR products use a sphere of radius 1,737.4 km (the LOLA datum). Polar products are
polar stereographic with true scale at the pole (PROJ ``IAU_2015:30135`` for the south pole:
``+proj=stere +lat_0=-90 +lon_0=0 +k=1 +R=1737400``); lower-latitude products are "simple
cylindrical" (equirectangular). Formulas: Snyder 1987, *Map Projections — A Working Manual*,
USGS PP 1395, eqs. 21-4 to 21-7 (stereographic, sphere) and 12-1 to 12-3 (equirectangular).

A projection also packs itself into a small float64 vector (:meth:`MapProjection.params`)
for the numba kernels in :mod:`moonbase.kernels.terrain_sampling`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import MOON_RADIUS_KM
from ..errors import MoonbaseError

#: Codes shared with the kernels (``params[0]``).
POLAR_STEREOGRAPHIC = 1.0
EQUIRECTANGULAR = 2.0

MOON_RADIUS_M = MOON_RADIUS_KM * 1000.0


@dataclass(frozen=True)
class MapProjection:
    """A map projection of the lunar sphere.

    ``kind``: ``"polar_stereographic"`` or ``"equirectangular"``.
    ``radius_m``: sphere radius [m]. ``center_lat_deg``: -90 or +90 for a polar projection; for
    equirectangular, the latitude of true scale [deg]. ``center_lon_deg``: central meridian [deg E].
    ``scale_factor``: k0 at the pole (stereographic). ``false_easting_m``/``false_northing_m`` [m].
    """

    kind: str
    radius_m: float = MOON_RADIUS_M
    center_lat_deg: float = -90.0
    center_lon_deg: float = 0.0
    scale_factor: float = 1.0
    false_easting_m: float = 0.0
    false_northing_m: float = 0.0

    def __post_init__(self):
        if self.kind not in ("polar_stereographic", "equirectangular"):
            raise MoonbaseError(f"unsupported map projection {self.kind!r}; expected polar_stereographic or equirectangular")
        if self.kind == "polar_stereographic" and abs(abs(self.center_lat_deg) - 90.0) > 1e-9:
            raise MoonbaseError(f"polar stereographic centred at latitude {self.center_lat_deg}; only polar aspects (±90°) are supported")

    @property
    def is_polar(self) -> bool:
        return self.kind == "polar_stereographic"

    def params(self) -> np.ndarray:
        """``[kind, R, lat_c(rad), lon_c(rad), k0, false easting, false northing]`` for the kernels."""
        code = POLAR_STEREOGRAPHIC if self.is_polar else EQUIRECTANGULAR
        return np.array([code, self.radius_m, np.radians(self.center_lat_deg), np.radians(self.center_lon_deg),
                         self.scale_factor, self.false_easting_m, self.false_northing_m], dtype=np.float64)

    def proj4(self) -> str:
        """The PROJ string of this projection (for GeoTIFF output and cross-checks with pyproj)."""
        if self.is_polar:
            return (f"+proj=stere +lat_0={self.center_lat_deg:g} +lon_0={self.center_lon_deg:g} +k={self.scale_factor:g} "
                    f"+x_0={self.false_easting_m:g} +y_0={self.false_northing_m:g} +R={self.radius_m:g} +units=m +no_defs")
        return (f"+proj=eqc +lat_ts={self.center_lat_deg:g} +lat_0=0 +lon_0={self.center_lon_deg:g} "
                f"+x_0={self.false_easting_m:g} +y_0={self.false_northing_m:g} +R={self.radius_m:g} +units=m +no_defs")

    def forward(self, lat_deg, lon_deg) -> tuple[np.ndarray, np.ndarray]:
        """Map coordinates x, y [m] of latitudes/longitudes [deg]."""
        lat = np.radians(np.asarray(lat_deg, dtype=float))
        dlon = np.radians(np.asarray(lon_deg, dtype=float) - self.center_lon_deg)
        r = self.radius_m
        if self.is_polar:
            south = self.center_lat_deg < 0
            colat = np.pi / 2 + lat if south else np.pi / 2 - lat
            rho = 2.0 * r * self.scale_factor * np.tan(colat / 2.0)
            x = rho * np.sin(dlon)
            y = rho * np.cos(dlon) if south else -rho * np.cos(dlon)
        else:
            dlon = np.mod(dlon + np.pi, 2 * np.pi) - np.pi
            x = r * dlon * np.cos(np.radians(self.center_lat_deg))
            y = r * lat
        return x + self.false_easting_m, y + self.false_northing_m

    def inverse(self, x_m, y_m) -> tuple[np.ndarray, np.ndarray]:
        """Latitudes and east longitudes (0-360) [deg] of map coordinates [m]."""
        x = np.asarray(x_m, dtype=float) - self.false_easting_m
        y = np.asarray(y_m, dtype=float) - self.false_northing_m
        r = self.radius_m
        if self.is_polar:
            south = self.center_lat_deg < 0
            rho = np.hypot(x, y)
            colat = 2.0 * np.arctan(rho / (2.0 * r * self.scale_factor))
            lat = colat - np.pi / 2 if south else np.pi / 2 - colat
            lon = np.arctan2(x, y) if south else np.arctan2(x, -y)
        else:
            lat = y / r
            lon = x / (r * np.cos(np.radians(self.center_lat_deg)))
        return np.degrees(lat), np.mod(np.degrees(lon) + self.center_lon_deg, 360.0)

    def scale_at(self, x_m, y_m) -> np.ndarray:
        """Point scale factor k (map length / true length) of a polar projection at map coordinates."""
        if not self.is_polar:
            raise MoonbaseError("scale_at is defined here for polar stereographic maps only")
        rho = np.hypot(np.asarray(x_m, float) - self.false_easting_m, np.asarray(y_m, float) - self.false_northing_m)
        # Snyder eq. 21-4 with rho = 2 R k0 tan(c/2): k = k0 / cos²(c/2) = k0 (1 + tan²(c/2)).
        return self.scale_factor * (1.0 + (rho / (2.0 * self.radius_m * self.scale_factor)) ** 2)


def south_polar_stereographic(radius_m: float = MOON_RADIUS_M) -> MapProjection:
    """PROJ ``IAU_2015:30135``: south polar stereographic, true scale at the pole, on the lunar sphere."""
    return MapProjection("polar_stereographic", radius_m, -90.0, 0.0, 1.0)


def projection_from_crs(crs, where: str) -> MapProjection:
    """A :class:`MapProjection` from a rasterio/pyproj CRS, or a one-line error naming the file."""
    from pyproj import CRS

    crs = CRS.from_user_input(crs.to_wkt() if hasattr(crs, "to_wkt") else crs)
    ellipsoid = crs.ellipsoid
    if ellipsoid is None:
        raise MoonbaseError(f"{where}: the CRS has no ellipsoid; expected the lunar sphere (R = 1,737,400 m)")
    radius = ellipsoid.semi_major_metre
    if abs(ellipsoid.semi_minor_metre - radius) > 1.0 or abs(radius - MOON_RADIUS_M) > 1000.0:
        raise MoonbaseError(f"{where}: ellipsoid a={radius:.0f} m, b={ellipsoid.semi_minor_metre:.0f} m; "
                            f"expected the lunar sphere R = {MOON_RADIUS_M:.0f} m")
    params = {p.name.lower(): p.value for p in crs.coordinate_operation.params} if crs.coordinate_operation else {}
    method = crs.coordinate_operation.method_name.lower() if crs.coordinate_operation else ""

    def find(*names, default=0.0):
        for name in names:
            for key, value in params.items():
                if name in key:
                    return float(value)
        return default

    if "stereographic" in method:
        if "variant b" in method:  # given by the latitude of true scale; Snyder eq. 21-7: k0 = (1 + sin|lat_ts|) / 2
            lat_ts = find("latitude of standard parallel", default=-90.0)
            lat0, k0 = (-90.0 if lat_ts < 0 else 90.0), (1.0 + np.sin(np.radians(abs(lat_ts)))) / 2.0
        else:
            lat0, k0 = find("latitude of natural origin", "latitude of origin", default=-90.0), find("scale factor", default=1.0)
            lat0 = -90.0 if lat0 < 0 else 90.0
        return MapProjection("polar_stereographic", radius, lat0, find("longitude of origin", "longitude of natural origin"),
                             float(k0), find("false easting"), find("false northing"))
    if "equidistant cylindrical" in method or "equirectangular" in method or "plate carr" in method:
        return MapProjection("equirectangular", radius, find("latitude of 1st standard parallel", "standard parallel"),
                             find("longitude of natural origin", "longitude of origin"), 1.0,
                             find("false easting"), find("false northing"))
    raise MoonbaseError(f"{where}: map projection {method or crs.name!r} is not supported; "
                        "expected polar stereographic or equirectangular on the lunar sphere")
