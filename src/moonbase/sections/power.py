"""Power: the system sized for the worst dark spell, state of charge over the worst month, mass comparison."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np
from pydantic import Field

from ..contract import (Column, Figure, Plot, Section, SectionConfig, SectionData, SectionInputs, Series, Status, Table,
                        horizon_product, track_product, visibility_product)
from ..errors import MoonbaseError
from ..power.analysis import analyse_power
from ..timegrid import iso_utc

WORST_WINDOW_H = 30 * 24
TITLE = "Power: sized for the worst dark period"
METHOD = "moonbase.power (array output over the mast-height horizon, storage recursions, sizing solver)"


class LoadItem(SectionConfig):
    name: str
    kw: float = Field(ge=0.0, le=10_000.0, description="power drawn [kW]")
    when: Literal["always", "sunlit", "dark"] = "always"


class PowerConfig(SectionConfig):
    """Scenario table ``[power]``: loads and allowed generation."""

    load_kw: float = Field(10.0, ge=0.0, le=10_000.0, description="continuous station load [kW] (besides `loads`)")
    loads: list[LoadItem] = Field(default_factory=list, description="named loads: habitat, ISRU, rovers, night survival")
    fission_allowed: bool = False
    array: Literal["vertical-tracking", "vertical-fixed", "two-axis"] = "vertical-tracking"

    def load_list(self):
        from ..power.sizing import Load

        items = [Load("station", self.load_kw)] if self.load_kw else []
        return items + [Load(item.name, item.kw, item.when) for item in self.loads]


def _figures(found: dict, options: list[dict], height: float) -> list[Figure]:
    def fig(key, label, unit="", digits=None, tag="[C]", source=METHOD):
        return Figure(key, label, found[key], unit, tag=tag, source=source, digits=digits)

    return [
        fig("option", "Lightest feasible option"),
        fig("array_kw", f"Array size (on the {height:g} m mast)", "kW", 1),
        fig("storage", "Storage"),
        fig("storage_kwh", "Storage capacity (nameplate)", "kWh", 0),
        fig("fission_units", "Fission units"),
        fig("system_mass_kg", "System mass", "kg", 0),
        fig("min_soc_pct", "Lowest state of charge", "%", 1),
        fig("storage_margin_pct", "Storage margin", "%", 1),
        fig("margin_h", "Margin beyond the limiting dark spell", "h"),
        fig("limiting_spell", "Limiting dark spell"),
        fig("mean_load_kw", "Mean load", "kW", 1),
        fig("array_capacity_factor_pct", "Array capacity factor", "%", 1),
        Figure("mast_height_m", "Array height (the mast)", height, "m", tag="[U]", source="scenario station.mast_height_m"),
        Figure("options", "Options compared",
               [{k: o[k] for k in ("option", "feasible", "system_mass_kg", "array_kw", "storage_kwh")} for o in options],
               source=METHOD),
    ]


def _worst_month(found: dict, series: dict, utc: np.ndarray) -> Table | None:
    soc = series["soc_kwh"]
    if soc is None or not found["limiting_spell"]:
        return None
    end = np.searchsorted(np.asarray(utc, "datetime64[s]"), np.datetime64(found["limiting_spell"]["end"].rstrip("Z")))
    lo = max(0, end - WORST_WINDOW_H // 2)
    hi = min(len(utc), lo + WORST_WINDOW_H)
    return Table("power_worst_month", f"The worst month: state of charge of the {found['storage']} store", (
        Column("time", iso_utc(utc[lo:hi]), "UTC"),
        Column("soc_pct", 100.0 * soc[lo:hi] / series["storage_kwh"], "%"),
        Column("array_output_pct", 100.0 * series["array_output_per_kw"][lo:hi], "% of rated"),
    ))


def compute(inputs: SectionInputs) -> SectionData:
    config: PowerConfig = inputs.config
    height = inputs.scenario.station.mast_height_m
    try:
        horizon = inputs.products.get(horizon_product(height))
        visibility = inputs.products.get(visibility_product(height))
    except MoonbaseError as exc:
        return SectionData("power", TITLE, status=Status.PARTIAL, caveats=[f"No terrain horizon at {height:g} m: {exc}"],
                           answer="No terrain is available for this site, so the power system cannot be computed.")
    sky = inputs.products.get("sky")
    found = analyse_power(sky, replace(inputs.products.get("station"), height_m=height), horizon.to_mask(),
                          config.load_list(), allow_fission=config.fission_allowed, array_mode=config.array,
                          view=inputs.products.get(track_product(height)), sun_fraction=visibility.sun_fraction)
    series = found.pop("series")
    options = found.pop("options")
    utc = sky.utc
    soc = series["soc_kwh"]
    feasible = [o for o in options if o["feasible"]]
    tables = [
        Table("power_options", "Power options", (
            Column("option", [o["option"] for o in options]),
            Column("feasible", [int(o["feasible"]) for o in options], "1 = feasible"),
            Column("array_kw", [o["array_kw"] for o in options], "kW"),
            Column("storage_kwh", [o["storage_kwh"] for o in options], "kWh"),
            Column("fission", [o["fission_units"] for o in options]),
            Column("system_mass_kg", [o["system_mass_kg"] for o in options], "kg"),
        )),
        Table("power", "Array output, load and state of charge", (
            Column("time", iso_utc(utc), "UTC"),
            Column("array_output_per_kw", series["array_output_per_kw"], "kW per kW rated"),
            Column("load_kw", series["load_kw"], "kW"),
            Column("soc_pct", (100.0 * soc / series["storage_kwh"]) if soc is not None else np.full(len(utc), np.nan), "%"),
        )),
        Table("power_mass", "Mass of each feasible option", (
            Column("option", [o["option"] for o in feasible]),
            *(Column(f"{part}_kg", [o["mass_breakdown_kg"].get(part, 0.0) for o in feasible], "kg")
              for part in ("array", "storage", "fission")),
        )),
    ]
    plots = []
    worst = _worst_month(found, series, utc)
    if worst is not None:
        tables.append(worst)
        plots.append(Plot("worst_month", worst.title, "line", "power_worst_month", "time",
                          (Series("soc_pct", "state of charge [%]", "storage"),
                           Series("array_output_pct", "array output [% of rated]", "sun")),
                          x_label="UTC", y_label="percent"))
    plots.append(Plot("mass", "Mass of each power option", "stacked-bar", "power_mass", "option",
                      (Series("array_kg", "array", "sun"), Series("storage_kg", "storage", "storage"),
                       Series("fission_kg", "fission", "fission")), y_label="mass [kg]"))
    spell = found["limiting_spell"]
    answer = (f"The lightest feasible power system is {found['option']}, {found['system_mass_kg']:,.0f} kg, for a mean "
              f"load of {found['mean_load_kw']:.1f} kW" + (f"; the limiting dark spell lasts {spell['hours']:g} h." if spell else "."))
    notes = [f"{config.array} arrays on the {height:g} m mast (capacity factor {found['array_capacity_factor_pct']:.1f} % "
             "over the period)" + (f"; array {found['array_kw']:.1f} kW, {found['storage_kwh']:,.0f} kWh {found['storage']}"
                                   if found["array_kw"] else "")
             + (f"; the limiting dark spell runs {spell['start']} to {spell['end']}." if spell else ".")]
    return SectionData("power", TITLE, answer=answer, figures=_figures(found, options, height), tables=tables,
                       plots=plots, caveats=list(found["caveats"]), notes=notes)


SECTION = Section(
    key="power",
    title=TITLE,
    compute=compute,
    config_model=PowerConfig,
    needs=("sky", "station", "horizon@", "track@", "visibility@"),
    summary_keys=("option", "system_mass_kg", "array_kw", "storage_kwh", "fission_units"),
    over_period=True,
)
