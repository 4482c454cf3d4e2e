"""Plan section "Campaign": the build-up mission by mission, stocks and shortfalls, milestones, MOEs and
the optimised manifest; publishes ``"campaign.milestones"`` for the race section."""

from __future__ import annotations

import numpy as np

from ..campaign import engine as E
from ..campaign.analysis import analyse_campaign, milestone_records
from ..campaign.config import CampaignConfig
from ..campaign.consumables import ITEMS
from ..campaign.moe import SPACENET_SOURCE
from ..contract import Column, Figure, Plot, Section, SectionData, SectionInputs, Series, Status, Table
from ..errors import MoonbaseError

KEY = "campaign"
MILESTONE_KEYS = ("first_night_survived", "first_worst_spell_powered", "first_crew_visit", "first_permanent_crew")


def _gantt(result) -> Table:
    c = result.campaign
    rows = [m for m in c.missions]
    ends = [m.arrival + np.timedelta64(int(round(max(m.stay_days, 1.0) * 86400)), "s") for m in rows]
    return Table("campaign_missions", "Missions", (
        Column("mission", [m.name for m in rows]), Column("start", [str(m.arrival) for m in rows], "UTC"),
        Column("end", [str(e) for e in ends], "UTC"), Column("vehicle", [m.vehicle.name if m.vehicle else "" for m in rows]),
        Column("destination", [m.destination for m in rows]), Column("crew", [m.crew for m in rows]),
        Column("manifest_kg", [m.manifest_mass_kg for m in rows], "kg"),
        Column("capacity_kg", [m.capacity_kg if np.isfinite(m.capacity_kg) else np.nan for m in rows], "kg"),
        Column("purpose", [m.purpose for m in rows])))


def _delivered(result) -> Table:
    years = list(result.delivered_by_year)
    categories = sorted({k for row in result.delivered_by_year.values() for k in row})
    return Table("campaign_delivered", "Mass landed per year by category",
                 (Column("year", years), *(Column(f"{c}_kg", [result.delivered_by_year[y].get(c, 0.0) for y in years], "kg", c)
                                           for c in categories)))


def _stocks(result, step_days: int = 7) -> Table:
    s = result.series[::step_days]
    dates = result.dates[::step_days]
    columns = [Column("date", [str(d) for d in dates], "UTC")]
    for item in ITEMS:
        columns.append(Column(f"{item}_stock_kg", s[:, E.column(item, E.STOCK)], "kg"))
    # shortfalls summed over each step so none is lost to the decimation
    full = result.series
    for item in ITEMS:
        col = full[:, E.column(item, E.SHORTFALL)]
        sums = np.add.reduceat(col, np.arange(0, len(col), step_days))
        columns.append(Column(f"{item}_shortfall_kg", sums, "kg"))
    columns.append(Column("crew", s[:, E.CREW]))
    columns.append(Column("array_kw", s[:, E.SOLAR_KW], "kW", "array rated"))
    columns.append(Column("steady_kw", s[:, E.STEADY_KW], "kW", "fission and RTG"))
    columns.append(Column("storage_kwh", s[:, E.STORE_KWH], "kWh", "usable storage"))
    columns.append(Column("soc_kwh", s[:, E.SOC_KWH], "kWh"))
    return Table("campaign_stocks", f"Stocks every {step_days} days, with the shortfalls in each step", tuple(columns))


def _milestone_table(result) -> Table:
    records = milestone_records(result)
    return Table("campaign_milestones", "Milestones", (
        Column("milestone", [r["label"] for r in records]), Column("key", [r["key"] for r in records]),
        Column("date", [r["date"] or "" for r in records], "UTC"), Column("detail", [r["detail"] for r in records])))


def _optimiser_table(result) -> Table | None:
    o = result.optimised
    if o is None:
        return None
    return Table("campaign_optimiser", f"Optimised manifest ({o.objective}) against the scenario's", (
        Column("measure", ["launches", "launch mass", "mass to LEO", "shortfall"]),
        Column("scenario", [o.scenario_launches, o.scenario_launch_mass_kg, o.scenario_leo_mass_kg, o.scenario_shortfall_kg]),
        Column("optimised", [o.launches, o.launch_mass_kg, o.leo_mass_kg, 0.0]),
        Column("unit", ["", "kg", "kg", "kg"])), note=o.status)


def _shortfall_table(result) -> Table:
    rows = result.shortfalls
    return Table("campaign_shortfalls", "Every shortfall: item, dates and size", (
        Column("item", [r["item"] for r in rows]), Column("start", [r["start"] for r in rows], "UTC"),
        Column("end", [r["end"] for r in rows], "UTC"), Column("days", [r["days"] for r in rows]),
        Column("size", [r["size"] for r in rows]), Column("unit", [r["unit"] for r in rows])))


def compute(inputs: SectionInputs) -> SectionData:
    scenario = inputs.scenario
    data = SectionData(KEY, "Campaign: the station's build-up")
    config = getattr(scenario, "campaign", None)
    if config is None or not config.missions:
        data.status = Status.SKIPPED
        data.answer = "The scenario lists no campaign missions ([[campaign.missions]]), so there is no build-up to simulate."
        return data
    try:
        result = analyse_campaign(scenario, inputs.products, seed=inputs.seed or None)
    except MoonbaseError as exc:
        data.status, data.error = Status.FAILED, str(exc)
        data.answer = f"The campaign could not be simulated: {exc}"
        return data
    m = result.milestones["milestones"]
    moe = result.moe
    for key in MILESTONE_KEYS:
        data.figures.append(Figure(f"{key}_date", m[key].label, m[key].date or "not reached", "UTC", "[C]", m[key].detail))
    data.figures += [
        Figure("isru_o2_share_pct", "ISRU share of the oxygen demand", result.milestones["isru_o2_share_pct"], "%", "[C]", digits=1),
        Figure("crew_surface_days", "Crew surface days", moe.crew_surface_days, "crew-days", "[C]", SPACENET_SOURCE, 1),
        Figure("exploration_capability_kg_d", "Exploration capability", moe.exploration_capability_kg_d, "kg·day", "[C]", SPACENET_SOURCE, 0),
        Figure("relative_exploration_capability", "Relative exploration capability (Apollo 17 = 1)",
               moe.relative_exploration_capability, "", "[C]", SPACENET_SOURCE, 3),
        Figure("launch_mass_kg", "Total launch mass", moe.launch_mass_kg, "kg", "[C]", "vehicle table", 0),
        Figure("shortfall_events", "Shortfall events", len(result.shortfalls), "", "[C]"),
        Figure("worst_dark_spell_h", "Worst dark spell at mast height", result.milestones["worst_dark_spell_h"], "h",
               result.sunlight.tag, result.sunlight.source, 0),
    ]
    for year, kg in result.milestones["mass_on_surface_by_year"].items():
        data.figures.append(Figure(f"mass_on_surface_{year}_kg", f"Mass on the surface, end of {year}", kg, "kg", "[C]", digits=0))
    if result.optimised is not None:
        o = result.optimised
        data.figures += [Figure("optimised_launches", "Launches, optimised manifest", o.launches, "", "[C]", o.status),
                         Figure("scenario_launches", "Launches, scenario manifest", o.scenario_launches, "", "[C]")]
    if result.replications:
        r = result.replications
        seed = f"seed {r['seed']}; delays: probability {r['delay_probability']:g}, mean {r['delay_mean_days']:g} d"
        data.figures.append(Figure("replications", "Random-delay replications", r["runs"], "", "[C]", seed))
        for key, label in (("first_crew_day", "first crew"), ("first_permanent_day", "permanent crew")):
            data.figures.append(Figure(f"{key}_reached_pct", f"Runs reaching the {label}", r[f"{key}_reached_pct"], "%", "[C]", seed, 1))
            if key in r:
                data.figures.append(Figure(f"{key}_mean", f"Mean day of the {label} (± standard error)", r[key]["mean"],
                                           "days from the start", "[C]", seed, 1, note=f"standard error {r[key]['se']:.2f} d"))
    data.tables = [_gantt(result), _delivered(result), _stocks(result), _milestone_table(result), _shortfall_table(result)]
    optimiser = _optimiser_table(result)
    if optimiser is not None:
        data.tables.append(optimiser)
    delivered = data.table("campaign_delivered")
    data.plots = [
        Plot("campaign_gantt", "Missions", "gantt", "campaign_missions", x="start", y="mission",
             series=(Series("end", "stay"),), note="bars run from arrival to the end of the crew stay"),
        Plot("campaign_delivered_plot", "Mass landed per year by category", "stacked-bar", "campaign_delivered", x="year",
             series=tuple(Series(c.name, c.label) for c in delivered.columns[1:]), y_label="kg"),
        Plot("campaign_power_plot", "Station power capacity from delivered elements", "step", "campaign_stocks", x="date",
             series=(Series("array_kw", "array rated"), Series("steady_kw", "fission and RTG"), Series("storage_kwh", "storage")),
             y_label="kW, kWh"),
        Plot("campaign_stocks_plot", "Stocks (lines) and shortfalls (bars)", "step", "campaign_stocks", x="date",
             series=tuple(Series(f"{i}_stock_kg", f"{i} stock") for i in ITEMS)
             + tuple(Series(f"{i}_shortfall_kg", f"{i} shortfall") for i in ITEMS), y_label="kg"),
    ]
    data.caveats = list(result.caveats)
    if result.sunlight.tag == "[D]":
        data.status = Status.PARTIAL   # no sky or mast-height horizon: the synthetic sunlight default stood in
    first = m["first_crew_visit"].date
    permanent = m["first_permanent_crew"].date
    landed_t = sum(sum(row.values()) for row in result.delivered_by_year.values()) / 1000.0
    data.answer = (f"{len(result.campaign.missions)} missions land {landed_t:,.1f} t; "
                   f"first crew {first or 'never'}, permanent crew {permanent or 'not within the campaign'}, "
                   f"{len(result.shortfalls)} shortfall events.")
    data.products["campaign.milestones"] = {
        "programme": result.campaign.programme,
        "milestones": {k: m[k].date for k in MILESTONE_KEYS},
        "isru_o2_share_pct": result.milestones["isru_o2_share_pct"],
        "mass_on_surface_by_year_kg": result.milestones["mass_on_surface_by_year"],
        "relative_exploration_capability": moe.relative_exploration_capability,
        "replications": result.replications,
    }
    return data


SECTION = Section(key=KEY, title="Campaign", compute=compute, config_model=CampaignConfig,
                  needs=("sky", "access.payload"), provides=("campaign.milestones",),
                  summary_keys=("first_crew_visit_date", "first_permanent_crew_date", "isru_o2_share_pct",
                                "relative_exploration_capability"))
