"""Array output at the site's mast height, per kW rated, mapped onto the days of a campaign.

From the plan's products (the sky over the analysis period and the terrain horizon at mast height) the
output is the power model's own (:func:`moonbase.power.solar.array_output_fraction` over the visible
solar disk). That period is taken as representative and repeated over the campaign's years (the
polar illumination pattern changes slowly over the 18.6-year precession cycle: a caveat). Without
those products a stated synthetic default is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..environment.statistics import SYNODIC_MONTH_D, longest_spell
from ..errors import MoonbaseError

#: Polar ridge defaults: the Shackleton-de Gerlache connecting ridge is lit 95.65 % of the time at 10 m
#: and its longest darkness is typically 3-5 days (Glaser et al. 2014, Icarus 243) [R]; the worst spell is
#: taken as the 5-day upper end and the rest of the darkness spread over monthly spells [D].
POLAR_LIT_FRACTION = 0.9565
POLAR_LONGEST_DARK_H = 120.0
#: Elsewhere: lit half of each synodic month (night 354.4 h) with a sinusoidal output [D].
SYNODIC_H = SYNODIC_MONTH_D * 24.0


@dataclass(frozen=True)
class SunlightProfile:
    """Hourly array output per kW rated over a representative period starting at ``start`` (UTC hour)."""

    output_per_kw: np.ndarray      # (H,) [kW per kW rated]
    start: np.datetime64           # datetime64[h]
    source: str
    tag: str

    @property
    def capacity_factor(self) -> float:
        return float(self.output_per_kw.mean())

    @property
    def longest_dark_h(self) -> float:
        return longest_spell(self.output_per_kw <= 0.0, 1.0).hours

    def hourly(self, start_day: np.datetime64, days: int) -> np.ndarray:
        """Output per kW rated for each hour of ``days`` days from ``start_day``, the period repeated."""
        offset = int((np.datetime64(start_day, "h") - self.start).astype(np.int64))
        index = (offset + np.arange(days * 24)) % self.output_per_kw.size
        return self.output_per_kw[index]

    def daily(self, start_day: np.datetime64, days: int) -> np.ndarray:
        """Daily mean output per kW rated for each of ``days`` days."""
        return self.hourly(start_day, days).reshape(days, 24).mean(axis=1)


def default_sunlight(lat_deg: float, capacity_factor: float | None = None, longest_dark_h: float | None = None,
                     start: np.datetime64 = np.datetime64("2030-01-01T00", "h")) -> SunlightProfile:
    """A synthetic year of array output for a site where no sky or horizon is at hand."""
    hours = 365 * 24
    t = np.arange(hours)
    if abs(lat_deg) >= 80.0:
        worst = POLAR_LONGEST_DARK_H if longest_dark_h is None else longest_dark_h
        lit = POLAR_LIT_FRACTION if capacity_factor is None else capacity_factor
        dark_total = max(worst, (1.0 - lit) * hours)
        output = np.ones(hours)
        output[hours // 2: hours // 2 + int(worst)] = 0.0   # the worst spell at mid-year
        rest = dark_total - worst
        spells = 12
        each = int(round(rest / spells))
        for k in range(spells):
            begin = int(k * SYNODIC_H)
            if begin + each < hours // 2 or begin > hours // 2 + worst:
                output[begin: begin + each] = 0.0
        if capacity_factor is not None and output.mean() > 0:
            output *= capacity_factor / output.mean()
        text = ("synthetic polar year: lit 95.65 %, worst dark spell 120 h (Glaser et al. 2014, Icarus 243) [D]"
                if capacity_factor is None and longest_dark_h is None else "synthetic polar year from the scenario's sunlight values [U]")
        return SunlightProfile(np.clip(output, 0.0, 1.0), start, text, "[D]" if capacity_factor is None else "[U]")
    phase = 2.0 * np.pi * t / SYNODIC_H
    output = np.clip(np.cos(phase), 0.0, None) * np.cos(np.radians(lat_deg))
    if capacity_factor is not None:
        output *= capacity_factor / output.mean()
    return SunlightProfile(output, start, "synthetic synodic day/night at the site's latitude (night 354 h) [D]", "[D]")


def sunlight_from_sky(sky, mast_point, horizon_mask, array_mode: str = "vertical-tracking",
                      view: dict | None = None) -> SunlightProfile:
    """Array output per kW rated at every epoch of ``sky`` (resampled to hours) over the mast-height horizon
    (``view``: the Sun's track at the mast when a plan already has it)."""
    from ..power.analysis import array_output_series

    output = array_output_series(sky, mast_point, horizon_mask, array_mode, view=view)
    utc = np.asarray(sky.utc, dtype="datetime64[s]")
    if utc.size < 48:
        raise MoonbaseError("the plan's period is shorter than two days: too short to represent the site's sunlight")
    hours = np.arange(utc[0].astype("datetime64[h]"), utc[-1].astype("datetime64[h]") + np.timedelta64(1, "h"))
    seconds = (utc - utc[0]).astype(np.int64).astype(float)
    hourly = np.interp((hours - hours[0]).astype(np.int64) * 3600.0, seconds, output)
    whole = (hourly.size // 24) * 24
    return SunlightProfile(hourly[:whole], hours[0], f"array output at {mast_point.height_m:g} m over the terrain horizon, "
                           f"{str(utc[0])[:10]} to {str(utc[-1])[:10]}, repeated", "[C]")
