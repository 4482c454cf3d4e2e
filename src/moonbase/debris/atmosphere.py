"""Thermospheric density for orbit decay: NRLMSIS 2.1, globally averaged, tabulated for speed.

NRLMSIS 2.1, the version ``pymsis`` (SWxTREC, PyPI) runs by default; the model is described for
version 2.0 in Emmert et al. 2021, Earth Space Sci. 8, e2020EA001321, doi:10.1029/2020EA001321
(citation recalled [M]). The densities themselves are [C]: computed by the model.
Decay over a day averages the orbit over local time and latitude, so the table holds the mass density
averaged over the globe (area-weighted, 12 local times x 9 latitudes at an equinox) as a function
of altitude (100-2,500 km), F10.7 (daily and 81-day mean set equal, 60-320 sfu) and daily Ap
(0-300). Lookups interpolate log-density linearly in all three (numba, :func:`log_density`).

The table is shipped as ``data/debris_density_msis21.npz`` and rebuilt with
``python -m moonbase.debris.atmosphere`` (needs pymsis); a test compares it with pymsis directly.
Not modelled (stated): the diurnal and seasonal variation seen by one orbit (an orbit-averaged
decay model averages most of it), and storms shorter than a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from numba import njit

from ..errors import MoonbaseError

SOURCE = "NRLMSIS 2.1 via pymsis (Emmert et al. 2021, doi:10.1029/2020EA001321, for version 2.0), global mean"
ALTITUDES_KM = np.arange(100.0, 2501.0, 10.0)
F107_SFU = np.arange(60.0, 321.0, 20.0)
AP = np.array([0.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0, 300.0])
_TABLE_NAME = "debris_density_msis21.npz"
_EQUINOX = "2020-03-20T12:00"


@dataclass(frozen=True)
class DensityTable:
    """log(density [kg/m^3]) on (altitude, F10.7, Ap) grids."""

    altitude_km: np.ndarray
    f107: np.ndarray
    ap: np.ndarray
    log_rho: np.ndarray  # (altitudes, f107, ap)
    source: str = SOURCE

    def density(self, altitude_km, f107, ap) -> np.ndarray:
        """Density [kg/m^3] at each (altitude, F10.7, Ap), broadcast."""
        h, f, a = np.broadcast_arrays(np.asarray(altitude_km, float), np.asarray(f107, float), np.asarray(ap, float))
        out = np.empty(h.size)
        for k, (hh, ff, aa) in enumerate(zip(h.ravel(), f.ravel(), a.ravel())):
            out[k] = np.exp(log_density(self.altitude_km, self.f107, self.ap, self.log_rho, hh, ff, aa)[0])
        return out.reshape(h.shape)


def msis_global_mean(altitude_km: np.ndarray, f107: float, ap: float, date: str = _EQUINOX) -> np.ndarray:
    """NRLMSIS 2.1 mass density [kg/m^3] averaged over the globe at ``date`` (needs pymsis)."""
    try:
        import pymsis
    except ModuleNotFoundError:
        raise MoonbaseError("rebuilding the density table needs pymsis: pip install pymsis") from None
    lons = np.arange(0.0, 360.0, 30.0)
    lats = np.arange(-80.0, 81.0, 20.0)
    out = pymsis.calculate(np.array([np.datetime64(date)]), lons, lats, np.asarray(altitude_km, float),
                           f107s=[f107], f107as=[f107], aps=[[ap] * 7])
    rho = out[0, :, :, :, pymsis.Variable.MASS_DENSITY]  # (lon, lat, alt)
    weight = np.cos(np.radians(lats))[None, :, None]
    return (rho * weight).sum(axis=(0, 1)) / (weight.sum() * lons.size)


def build_table() -> DensityTable:
    log_rho = np.empty((ALTITUDES_KM.size, F107_SFU.size, AP.size))
    for i, f in enumerate(F107_SFU):
        for j, a in enumerate(AP):
            log_rho[:, i, j] = np.log(msis_global_mean(ALTITUDES_KM, float(f), float(a)))
    return DensityTable(ALTITUDES_KM, F107_SFU, AP, log_rho)


def _table_path() -> Path:
    return Path(str(resources.files("moonbase").joinpath("data", _TABLE_NAME)))


@lru_cache(maxsize=1)
def density_table() -> DensityTable:
    """The shipped table (built from pymsis when missing)."""
    path = _table_path()
    if not path.is_file():
        return build_table()
    data = np.load(path)
    return DensityTable(data["altitude_km"], data["f107"], data["ap"], data["log_rho"])


@njit(cache=True, inline="always")
def _locate(grid, x):
    """Index k and fraction t with grid[k] <= x <= grid[k+1] (clamped to the grid)."""
    n = grid.size
    if x <= grid[0]:
        return 0, 0.0
    if x >= grid[n - 1]:
        return n - 2, 1.0
    lo, hi = 0, n - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if grid[mid] <= x:
            lo = mid
        else:
            hi = mid
    return lo, (x - grid[lo]) / (grid[lo + 1] - grid[lo])


@njit(cache=True)
def log_density(alt_grid, f_grid, ap_grid, log_rho, altitude_km, f107, ap):
    """(ln rho [kg/m^3], d ln rho / dh [1/km]) by trilinear interpolation; above the table's top the
    top layer's scale height continues."""
    i, ti = _locate(alt_grid, altitude_km)
    j, tj = _locate(f_grid, f107)
    k, tk = _locate(ap_grid, ap)
    lower = 0.0
    upper = 0.0
    for dj in range(2):
        wj = tj if dj == 1 else 1.0 - tj
        for dk in range(2):
            wk = tk if dk == 1 else 1.0 - tk
            lower += wj * wk * log_rho[i, j + dj, k + dk]
            upper += wj * wk * log_rho[i + 1, j + dj, k + dk]
    slope = (upper - lower) / (alt_grid[i + 1] - alt_grid[i])
    value = lower + slope * (altitude_km - alt_grid[i])  # extrapolates above/below along the end layer
    return value, slope


def main() -> None:  # pragma: no cover - rebuild step
    table = build_table()
    path = _table_path()
    np.savez_compressed(path, altitude_km=table.altitude_km, f107=table.f107, ap=table.ap, log_rho=table.log_rho)
    print(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
