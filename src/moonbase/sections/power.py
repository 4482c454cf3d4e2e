"""Power: the system sized for the worst dark spell, state of charge over the worst month, mass comparison."""

from __future__ import annotations

import html as html_escape

import numpy as np
import plotly.graph_objects as go

from ..plan import PlanContext, SectionResult
from ..power.analysis import analyse_power
from ..report.plots import time_series_figure
from ..timegrid import iso_utc

WORST_WINDOW_H = 30 * 24


def _mass_figure(options: list[dict]) -> go.Figure:
    feasible = [o for o in options if o["feasible"]]
    figure = go.Figure()
    for part, colour in (("array", "#f2a900"), ("storage", "#1f77b4"), ("fission", "#d62728")):
        figure.add_trace(go.Bar(name=part, x=[o["option"] for o in feasible],
                                y=[o["mass_breakdown_kg"].get(part, 0.0) for o in feasible], marker_color=colour))
    figure.update_layout(barmode="stack", title="Mass of each power option<br><sup>data: data/power_options.csv</sup>",
                         yaxis_title="mass [kg]", template="plotly_white", height=360,
                         margin={"l": 60, "r": 20, "t": 70, "b": 80})
    return figure


def power_section(context: PlanContext) -> SectionResult:
    scenario = context.scenario
    station = scenario.station
    result = SectionResult(key="power", title="Power: sized for the worst dark period")
    horizon = context.horizon_or_note(station.mast_height_m, result, "the power system")
    if horizon is None:
        return result
    found = analyse_power(context.sky, station.point(station.mast_height_m), horizon.to_mask(),
                          scenario.power.load_list(), allow_fission=scenario.power.fission_allowed,
                          array_mode=scenario.power.array)
    series = found.pop("series")
    result.caveats.extend(found.pop("caveats"))
    options = found.pop("options")
    result.figures = {k: found[k] for k in ("option", "array_kw", "storage", "storage_kwh", "fission_units",
                                            "system_mass_kg", "min_soc_pct", "storage_margin_pct", "margin_h", "limiting_spell", "mean_load_kw",
                                            "array_capacity_factor_pct", "mast_height_m")}
    result.figures["options"] = [{k: o[k] for k in ("option", "feasible", "system_mass_kg", "array_kw", "storage_kwh")}
                                 for o in options]
    result.tables["power_options"] = {
        "option": [o["option"] for o in options], "feasible": [int(o["feasible"]) for o in options],
        "array_kw": [o["array_kw"] for o in options], "storage_kwh": [o["storage_kwh"] for o in options],
        "fission": [o["fission_units"] for o in options], "system_mass_kg": [o["system_mass_kg"] for o in options],
    }
    soc = series["soc_kwh"]
    utc = context.sky.utc
    result.tables["power"] = {"time": iso_utc(utc), "array_output_per_kw": series["array_output_per_kw"],
                              "load_kw": series["load_kw"],
                              "soc_pct": (100.0 * soc / series["storage_kwh"]) if soc is not None else np.full(len(utc), np.nan)}
    if soc is not None and found["limiting_spell"]:
        end = np.searchsorted(np.asarray(utc, "datetime64[s]"), np.datetime64(found["limiting_spell"]["end"].rstrip("Z")))
        lo = max(0, end - WORST_WINDOW_H // 2)
        hi = min(len(utc), lo + WORST_WINDOW_H)
        result.plots.append(time_series_figure(
            utc[lo:hi], {"state of charge [%]": 100.0 * soc[lo:hi] / series["storage_kwh"],
                         "array output [% of rated]": 100.0 * series["array_output_per_kw"][lo:hi]},
            f"The worst month: state of charge of the {found['storage']} store", "percent", source="data/power.csv"))
    result.plots.append(_mass_figure(options))
    spell = found["limiting_spell"]
    result.html = (
        f"<p>Mean load {found['mean_load_kw']:.1f} kW; {scenario.power.array} arrays on the {station.mast_height_m:g} m mast "
        f"(capacity factor {found['array_capacity_factor_pct']:.1f} % over the period). Lightest feasible option: "
        f"<b>{html_escape.escape(found['option'])}</b>, {found['system_mass_kg']:,.0f} kg"
        + (f" (array {found['array_kw']:.1f} kW, {found['storage_kwh']:,.0f} kWh {html_escape.escape(found['storage'])})"
           if found["array_kw"] else "")
        + (f"; the limiting dark spell runs {spell['start']} to {spell['end']} ({spell['hours']:g} h)." if spell else ".")
        + "</p>"
    )
    return result
