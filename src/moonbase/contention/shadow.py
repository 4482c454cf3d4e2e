"""Permanently shadowed regions (PSRs) from terrain horizons and the Sun's elevation envelope.

Method (the cheap equivalent of a sunlight map over the whole 18.6-year nodal cycle):

1. Over the period (by default one full nodal cycle, :data:`NODAL_CYCLE`), the Sun's track from every
   block corner of the map gives the highest elevation its *upper limb* reaches in each grid-azimuth
   bin (:func:`moonbase.kernels.shadow.sun_envelope`): topocentric, with the Sun's angular radius,
   each pair of consecutive epochs bounding the bins it crosses.
2. The horizon sweep (:class:`moonbase.terrain.sweep.HorizonSweep`, the same one the sunlight maps use)
   gives every pixel's horizon at the bin edges; between them the horizon is linear, as in the maps.
3. A pixel's *shadow margin* is the smallest, over all bins, of (lowest horizon of the bin − envelope).
   Margin > 0: no part of the solar disk ever rises above its horizon: the pixel is in permanent shadow.

The bound is conservative in the Sun's favour (segment maxima, the lower end of each horizon pair), so a
pixel called permanently shadowed is never lit in a sunlight map of the same period made with the same
sweep (checked in the tests). The 18.6-year cycle matters because the solar declination range seen from
the Moon (±1.54°, the tilt of the lunar equator to the ecliptic) is reached at every subsolar longitude
only over the cycle of the lunar nodes; a single year leaves gaps of up to a few hundredths of a degree.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..constants import MOON_RADIUS_KM, SUN_RADIUS_KM
from ..ephemeris import MoonSky
from ..kernels.shadow import sun_envelope, update_shadow_margin
from ..terrain.horizon import DEFAULT_AZIMUTHS
from ..terrain.sweep import HorizonSweep

#: One nodal cycle of the lunar orbit (the regression of the nodes): 18.61 years [M] (e.g. Meeus, *Astronomical
#: Algorithms*, 2nd ed. 1998, ch. 47: the node regresses 360° in 6,798 days). 2024-01-01 + 6,798 d = 2042-08-11.
NODAL_CYCLE = ("2024-01-01", "2042-08-11")
#: Step of the Sun's track for the envelope: 2 h moves the Sun ~1° of azimuth and ~0.0002° in elevation
#: at most along the segment (the bound takes the higher end), so the envelope is tight to ~0.001°.
ENVELOPE_STEP = "2h"
#: Block of pixels over which the envelope is interpolated bilinearly: as for the maps, 32 px of 240 m
#: subtend 0.25° at the Moon's centre, so the interpolation error is ~1e-4°.
BLOCK = 32


@dataclass
class ShadowMap:
    """Shadow margins of a map window.

    ``margin_deg``: (rows, cols) smallest (horizon − Sun's upper-limb envelope) over all azimuths [deg];
    > 0 is permanent shadow over the period, NaN where a pixel has no horizon. ``geotransform``
    ``(x0, y0, dx, dy)`` [m] and ``crs`` (PROJ string) of the window; ``period`` (start, end) UTC;
    ``n_azimuths`` of the sweep; ``epochs`` of the Sun's track.
    """

    margin_deg: np.ndarray
    geotransform: tuple[float, float, float, float]
    crs: str
    period: tuple[str, str]
    n_azimuths: int
    epochs: int
    observer_height_m: float

    @property
    def psr(self) -> np.ndarray:
        """Permanently shadowed pixels (bool)."""
        with np.errstate(invalid="ignore"):
            return self.margin_deg > 0.0

    def to_dataset(self):
        """As an ``xarray.Dataset`` (bands ``psr`` 0/1 and ``shadow_margin_deg``), the form maps are written in."""
        import xarray as xr

        rows, cols = self.margin_deg.shape
        x0, y0, dx, dy = self.geotransform
        coords = {"y": y0 + (np.arange(rows) + 0.5) * dy, "x": x0 + (np.arange(cols) + 0.5) * dx}
        valid = np.isfinite(self.margin_deg)
        data = {"psr": np.where(valid, self.psr.astype(np.float32), np.nan).astype(np.float32),
                "shadow_margin_deg": self.margin_deg.astype(np.float32)}
        dataset = xr.Dataset({k: (("y", "x"), v) for k, v in data.items()}, coords=coords)
        dataset.attrs.update({"kind": "permanent-shadow", "start": self.period[0], "end": self.period[1],
                              "epochs": self.epochs, "n_azimuths": self.n_azimuths,
                              "observer_height_m": self.observer_height_m,
                              "geotransform": list(self.geotransform), "crs": self.crs,
                              "method": "horizon above the Sun's upper-limb elevation envelope in every azimuth"})
        return dataset


def corner_grid(sweep: HorizonSweep, block: int = BLOCK):
    """Latitudes, longitudes and north bearings [deg] at block corners (pixel edges every ``block`` pixels),
    shape (n_block_rows + 1, n_block_cols + 1); corners past the window's edge extrapolate the grid."""
    rows, cols = sweep.shape
    n_r, n_c = -(-rows // block), -(-cols // block)
    rr, cc = np.meshgrid(np.arange(n_r + 1) * block - 0.5, np.arange(n_c + 1) * block - 0.5, indexing="ij")
    lat, lon = sweep.pixel_latlon(rr, cc)
    return lat, lon, sweep.north_bearing_deg(rr, cc)


def envelope_at_corners(sky: MoonSky, lat_deg, lon_deg, bearing_deg, n_azimuths: int) -> np.ndarray:
    """The Sun's upper-limb envelope [deg], (n_azimuths, *corner shape), from its track over ``sky``."""
    shape = np.shape(lat_deg)
    env = sun_envelope(np.ascontiguousarray(sky.sun_km, dtype=np.float64), np.ravel(lat_deg).astype(float),
                       np.ravel(lon_deg).astype(float), np.ravel(bearing_deg).astype(float), int(n_azimuths),
                       MOON_RADIUS_KM, SUN_RADIUS_KM)
    return np.ascontiguousarray(env.T.reshape(n_azimuths, *shape))


def shadow_map(sweep: HorizonSweep, sky: MoonSky, n_azimuths: int = DEFAULT_AZIMUTHS, block: int = BLOCK,
               workers: int | None = None, progress=None) -> ShadowMap:
    """Shadow margins of every pixel of the sweep's window over the period of ``sky`` (see the module docstring).

    The slice pairs are split into one azimuth range per thread (``workers``, default the CPU count; the sweep
    and margin kernels release the GIL); the ranges' margins combine by minimum. ``progress(1)`` after each pair.
    """
    lat, lon, bearing = corner_grid(sweep, block)
    envelope = envelope_at_corners(sky, lat, lon, bearing, n_azimuths)
    step = 360.0 / n_azimuths
    workers = max(1, min(int(workers or os.cpu_count() or 1), n_azimuths))
    edges = np.linspace(0, n_azimuths, workers + 1).astype(int)

    def margin_over(first: int, last: int) -> np.ndarray:
        margin = np.full(sweep.shape, np.inf)
        previous = sweep.direction(first * step)
        for k in range(first, last):
            current = sweep.direction(((k + 1) % n_azimuths) * step)
            update_shadow_margin(previous, current, envelope[k], block, margin)
            previous = current
            if progress is not None:
                progress(1)
        return margin

    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(lambda pair: margin_over(*pair), zip(edges[:-1], edges[1:])))
    margin = np.minimum.reduce(parts)  # NaN (no horizon) wins, as it should
    margin[~np.isfinite(sweep.heights)] = np.nan
    return ShadowMap(margin, tuple(sweep.geotransform), sweep.region.projection.proj4(),
                     (str(sky.utc[0]), str(sky.utc[-1])), int(n_azimuths), len(sky), sweep.observer_height_m)
