"""Typed results of the notebook API (:mod:`moonbase.api`): frozen dataclasses with units in their names.

Each is built from a model's record (the same numbers as ``moonbase site|comms|power --json``),
so the API, the CLI and the plan agree by construction. Percentages are shares of the epochs of
the period [%]; durations count whole time steps [h]; times are ISO 8601 UTC strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Period:
    """A span of time: first and last epoch (ISO 8601 UTC) and its length [h] (whole steps)."""

    start: str
    end: str
    hours: float

    @classmethod
    def from_record(cls, record: Mapping | None, hours: float | None = None) -> "Period | None":
        if not record:
            return None
        return cls(record["start"], record["end"], float(record.get("hours", hours if hours is not None else np.nan)))


@dataclass(frozen=True)
class SunlightStats:
    """Sunlight above the terrain skyline over a period.

    ``sun_any_pct`` [%]: epochs with any part of the Sun's disk above the skyline.
    ``sun_mean_disk_pct`` [%]: mean visible share of the disk. ``longest_dark_h`` [h]: the longest
    run of epochs with no Sun, and ``longest_dark`` when it was. ``epochs``, ``step_h`` [h]: the time grid.
    """

    sun_any_pct: float
    sun_mean_disk_pct: float
    longest_dark_h: float
    longest_dark: Period | None
    epochs: int
    step_h: float
    horizon_source: str

    @classmethod
    def from_statistics(cls, stats: Mapping, horizon_source: str) -> "SunlightStats":
        return cls(stats["sun_any_pct"], stats["sun_mean_disk_pct"], stats["longest_dark_h"],
                   Period.from_record(stats["longest_dark"], stats["longest_dark_h"]), stats["epochs"], stats["step_h"],
                   horizon_source)


@dataclass(frozen=True)
class EarthStats:
    """The Earth above the terrain skyline over a period (geometry only; stations are in :class:`DteStats`).

    ``earth_any_pct`` [%]: epochs with any part of the Earth's disk above the skyline.
    ``earth_mean_disk_pct`` [%]: mean visible share of the disk. ``longest_earth_loss_h`` [h]: the
    longest run with no Earth, and ``longest_earth_loss`` when it was. ``sun_and_earth_pct`` [%]:
    epochs with both some Sun and some Earth.
    """

    earth_any_pct: float
    earth_mean_disk_pct: float
    longest_earth_loss_h: float
    longest_earth_loss: Period | None
    sun_and_earth_pct: float
    epochs: int
    step_h: float
    horizon_source: str

    @classmethod
    def from_statistics(cls, stats: Mapping, horizon_source: str) -> "EarthStats":
        return cls(stats["earth_any_pct"], stats["earth_mean_disk_pct"], stats["longest_earth_loss_h"],
                   Period.from_record(stats["longest_earth_loss"], stats["longest_earth_loss_h"]),
                   stats["sun_and_earth_pct"], stats["epochs"], stats["step_h"], horizon_source)


@dataclass(frozen=True)
class Visibility:
    """Sunlight and Earth statistics with the per-epoch series behind them.

    ``utc``: epochs (datetime64). ``sun_fraction``, ``earth_fraction``: visible share of each disk
    (0..1) at every epoch. ``sun_elevation_deg``, ``earth_elevation_deg`` [deg]: above the local
    horizontal. ``sun_above_skyline_deg``, ``earth_above_skyline_deg`` [deg]: above the terrain.
    ``worst_lunar_day``: the complete synodic month with the least sunlight (its statistics), or None.
    """

    sunlight: SunlightStats
    earth: EarthStats
    utc: np.ndarray = field(repr=False)
    sun_fraction: np.ndarray = field(repr=False)
    earth_fraction: np.ndarray = field(repr=False)
    sun_elevation_deg: np.ndarray = field(repr=False)
    earth_elevation_deg: np.ndarray = field(repr=False)
    sun_above_skyline_deg: np.ndarray = field(repr=False)
    earth_above_skyline_deg: np.ndarray = field(repr=False)
    worst_lunar_day: dict | None = field(default=None, repr=False)


@dataclass(frozen=True)
class LinkStats:
    """One link's availability: ``available_pct`` [%] of epochs, ``longest_gap_h`` [h], and its windows and gaps."""

    available_pct: float
    longest_gap_h: float
    windows: tuple[Period, ...] = field(default=(), repr=False)
    gaps: tuple[Period, ...] = field(default=(), repr=False)

    @classmethod
    def from_summary(cls, summary: Mapping, prefix: str) -> "LinkStats":
        return cls(summary[f"{prefix}_pct"], summary[f"longest_{prefix}_gap_h"],
                   tuple(Period.from_record(w) for w in summary.get("windows", ())),
                   tuple(Period.from_record(g) for g in summary.get("gaps", ())))


@dataclass(frozen=True)
class DteStats:
    """Direct-to-Earth contact: the Earth's centre above the skyline and the Moon above a station's mask.

    ``dte_pct`` [%], ``longest_dte_gap_h`` [h]: all the networks together; ``networks``: each network
    alone (:class:`LinkStats`). ``data_rate_bps`` [bit/s]: the link to the largest dish at the mean
    Earth distance, limited by ``limited_by``; ``daily_volume_gbit`` [Gbit/day] at the mean availability.
    ``dte``: per-epoch link (bool) on ``utc``.
    """

    dte_pct: float
    longest_dte_gap_h: float
    networks: Mapping[str, LinkStats]
    data_rate_bps: float
    limited_by: str
    daily_volume_gbit: float
    dte: np.ndarray = field(repr=False)
    utc: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class RelayStats:
    """A relay satellite: ``relay_pct`` [%] of epochs with site→relay→station, ``longest_relay_gap_h`` [h],
    each hop's share [%], the end-to-end ``data_rate_bps`` [bit/s] and ``daily_volume_gbit`` [Gbit/day]."""

    name: str
    relay_pct: float
    longest_relay_gap_h: float
    site_to_relay_pct: float
    relay_to_earth_pct: float
    data_rate_bps: float
    daily_volume_gbit: float
    orbit_source: str


@dataclass(frozen=True)
class CommsResult:
    """Contact with Earth, direct and relayed.

    ``comms_pct`` [%] and ``longest_comms_gap_h`` [h]: any link; ``relay_pct`` [%]: epochs reached only
    through a relay. ``caveats``: the planning values behind the link budgets that were recalled [M].
    """

    dte: DteStats
    relays: Mapping[str, RelayStats]
    comms_pct: float
    longest_comms_gap_h: float
    relay_pct: float
    caveats: tuple[str, ...]
    horizon_source: str
    comms: np.ndarray = field(repr=False)

    @classmethod
    def from_record(cls, record: Mapping, horizon_source: str, utc: np.ndarray) -> "CommsResult":
        dte = DteStats(record["dte_pct"], record["longest_dte_gap_h"],
                       {k: LinkStats.from_summary(v, "dte") for k, v in record["networks"].items()},
                       record["dte_link"]["data_rate_bps"], record["dte_link"]["limited_by"],
                       record["dte_daily_volume_gbit"], record["series"]["dte"], utc)
        relays = {k: RelayStats(v["name"], v["relay_pct"], v["longest_relay_gap_h"], v["site_to_relay_pct"],
                                v["relay_to_earth_pct"], v["data_rate_bps"], v["daily_volume_gbit"], v["orbit_source"])
                  for k, v in record["relays"].items()}
        return cls(dte, relays, record["comms_pct"], record["longest_comms_gap_h"], record["relay_pct"],
                   tuple(record["caveats"]), horizon_source, record["series"]["comms"])


@dataclass(frozen=True)
class PowerOption:
    """One sized power option: ``array_kw`` [kW], ``storage_kwh`` [kWh nameplate], ``fission_kwe`` [kWe],
    ``system_mass_kg`` [kg] (and its ``mass_breakdown_kg``), ``min_soc_pct`` [%], ``feasible``."""

    option: str
    feasible: bool
    array_kw: float
    storage: str
    storage_kwh: float
    fission_kwe: float
    fission_units: str
    system_mass_kg: float
    mass_breakdown_kg: Mapping[str, float]
    min_soc_pct: float

    @classmethod
    def from_record(cls, r: Mapping) -> "PowerOption":
        return cls(r["option"], r["feasible"], r["array_kw"], r["storage"], r["storage_kwh"], r["fission_kwe"],
                   r["fission_units"], float(r["system_mass_kg"]),
                   {k: float(v) for k, v in r["mass_breakdown_kg"].items()}, float(r["min_soc_pct"]))


@dataclass(frozen=True)
class PowerResult:
    """The lightest feasible power system for the period, and every option sized.

    ``best``: the lightest feasible :class:`PowerOption`. ``limiting_spell``: the dark spell that sizes the
    storage, with ``energy_drawn_kwh`` [kWh]. ``storage_margin_pct`` [%] and ``margin_h`` [h]: how much
    longer a spell the store would survive. ``mean_load_kw`` [kW]; ``array_capacity_factor_pct`` [%]:
    mean array output per kW of nameplate; ``mast_height_m`` [m]. Series on ``utc``:
    ``array_output_per_kw`` [kW/kW], ``load_kw`` [kW], ``soc_kwh`` [kWh].
    """

    best: PowerOption
    options: tuple[PowerOption, ...]
    limiting_spell: Period | None
    energy_drawn_kwh: float
    storage_margin_pct: float
    margin_h: float
    mean_load_kw: float
    array_capacity_factor_pct: float
    array_mode: str
    mast_height_m: float
    caveats: tuple[str, ...]
    horizon_source: str
    utc: np.ndarray = field(repr=False)
    array_output_per_kw: np.ndarray = field(repr=False)
    load_kw: np.ndarray = field(repr=False)
    soc_kwh: np.ndarray | None = field(repr=False)

    @property
    def system_mass_kg(self) -> float:
        """Mass of the lightest option [kg]."""
        return self.best.system_mass_kg

    @classmethod
    def from_record(cls, record: Mapping, horizon_source: str, utc: np.ndarray) -> "PowerResult":
        spell = record["limiting_spell"]
        series = record["series"]
        return cls(PowerOption.from_record(record), tuple(PowerOption.from_record(o) for o in record["options"]),
                   Period.from_record(spell), float(spell["energy_drawn_kwh"]) if spell else 0.0,
                   record["storage_margin_pct"], record["margin_h"], record["mean_load_kw"],
                   record["array_capacity_factor_pct"], record["array_mode"], record["mast_height_m"],
                   tuple(record["caveats"]), horizon_source, utc, series["array_output_per_kw"], series["load_kw"],
                   series["soc_kwh"])
