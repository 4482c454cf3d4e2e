"""One scenario's campaign, end to end: model, sunlight, the daily run, milestones, MOEs, replications and
the manifest optimiser. Used by ``moonbase campaign`` and by the plan section."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..contract import horizon_product, track_product
from ..errors import MoonbaseError
from . import engine as E
from .config import OBJECTIVES
from .consumables import ITEMS, BVAD_SOURCE
from .milestones import compute_milestones, runs
from .model import Campaign, build_campaign
from .moe import measures_of_effectiveness
from .optimiser import optimise_manifest
from .sunlight import SunlightProfile, default_sunlight, sunlight_from_sky

CATEGORY_OF_ITEM = "consumables"


@dataclass
class CampaignResult:
    campaign: Campaign
    sunlight: SunlightProfile
    series: np.ndarray
    summary: dict
    milestones: dict
    moe: Any
    shortfalls: list[dict]
    delivered_by_year: dict[int, dict[str, float]]
    replications: dict | None = None
    optimised: Any = None
    caveats: list[str] = field(default_factory=list)
    timings_s: dict = field(default_factory=dict)

    @property
    def dates(self) -> np.ndarray:
        return self.campaign.start + np.arange(self.series.shape[0]).astype("timedelta64[D]")


def resolve_sunlight(scenario, products=None) -> tuple[SunlightProfile, list[str]]:
    """Array output at mast height from the plan's sky and horizon products, else a stated default.

    The scenario's ``[campaign.sunlight]`` values, when given, take precedence over both.
    """
    station, config = scenario.station, scenario.campaign.sunlight
    mast = station.point(station.mast_height_m)
    overridden = config.capacity_factor is not None or config.longest_dark_h is not None
    if overridden:
        note = "Campaign sunlight from the scenario's [campaign.sunlight] values."
    elif products is None:
        note = "Campaign sunlight: no plan products given; a synthetic default is used."
    else:
        try:
            sky = products.get("sky")
            horizon = products.get(horizon_product(station.mast_height_m))
            mask = horizon.to_mask() if hasattr(horizon, "to_mask") else horizon
            try:
                view = products.get(track_product(station.mast_height_m))
            except MoonbaseError:  # a store without tracks (a hand-built one): computed here
                view = None
            return sunlight_from_sky(sky, mast, mask, scenario.power.array, view=view), []
        except MoonbaseError as exc:
            note = f"Campaign sunlight: no sky or horizon at {station.mast_height_m:g} m ({exc}); a synthetic default is used."
    profile = default_sunlight(mast.lat_deg, config.capacity_factor, config.longest_dark_h)
    return profile, [note, f"Sunlight default: {profile.source}"]


def shortfall_events(campaign: Campaign, series: np.ndarray) -> list[dict]:
    """Every run of consecutive days with an unmet demand: item, first and last date, size."""
    found = []
    columns = [(item, E.column(item, E.SHORTFALL), "kg") for item in ITEMS]
    columns += [("energy", E.ENERGY_SHORT_KWH, "kWh")]
    capacity_short = np.maximum(series[:, E.CREW] - series[:, E.CAPACITY], 0.0)
    for item, col, unit in columns + [("crew capacity", None, "person-days")]:
        values = capacity_short if col is None else series[:, col]
        for a, b in runs(values > 1e-9):
            found.append({"item": item, "start": str(campaign.start + np.timedelta64(int(a), "D")),
                          "end": str(campaign.start + np.timedelta64(int(b - 1), "D")), "days": int(b - a),
                          "size": float(values[a:b].sum()), "unit": unit})
    return sorted(found, key=lambda f: f["start"])


def delivered_by_year(campaign: Campaign) -> dict[int, dict[str, float]]:
    """Mass landed at the site per calendar year by category (element categories, landers, consumables) [kg]."""
    found: dict[int, dict[str, float]] = {}
    for m in campaign.missions:
        if not m.to_surface:
            continue
        year = int(str(m.arrival)[:4])
        row = found.setdefault(year, {})
        for e in m.surface_elements:
            row[e.category] = row.get(e.category, 0.0) + e.mass_kg
        row[CATEGORY_OF_ITEM] = row.get(CATEGORY_OF_ITEM, 0.0) + sum(m.consumables_kg.values())
    return dict(sorted(found.items()))


def replicate(campaign: Campaign, inputs: E.EngineInputs, runs: int, probability: float, mean_days: float, seed: int) -> dict:
    """Random-delay replications: mean, standard error and spread of each summary figure."""
    delays = E.random_delays(len(campaign.missions), runs, probability, mean_days, seed)
    summaries = E.run_replications(inputs, delays)
    found = {"runs": runs, "seed": seed, "delay_probability": probability, "delay_mean_days": mean_days}
    for j, name in enumerate(E.SUMMARY):
        values = summaries[:, j]
        if name.startswith("first_"):
            reached = values >= 0
            found[f"{name}_reached_pct"] = 100.0 * float(reached.mean())
            values = values[reached]
        if values.size:
            found[name] = {"mean": float(values.mean()), "se": float(values.std(ddof=1) / np.sqrt(values.size)) if values.size > 1 else 0.0,
                           "p10": float(np.percentile(values, 10)), "p90": float(np.percentile(values, 90))}
    return found


def analyse_campaign(scenario, products=None, replications: int | None = None, optimise: str | None = None,
                     seed: int | None = None) -> CampaignResult:
    """The whole campaign analysis of ``scenario`` (its ``[campaign]`` table)."""
    config = scenario.campaign
    objective = config.optimise if optimise is None else optimise
    if objective not in OBJECTIVES:
        raise MoonbaseError(f"optimise = {objective!r} is not known; expected one of {', '.join(OBJECTIVES)}")
    if not config.missions:
        raise MoonbaseError(f"scenario {scenario.name!r} has no [campaign] missions; add [[campaign.missions]] entries")
    timings = {}
    t0 = time.perf_counter()
    campaign = build_campaign(config, products)
    sunlight, caveats = resolve_sunlight(scenario, products)
    inputs = E.engine_inputs(campaign, sunlight.daily(campaign.start, campaign.days))
    series = E.run_once(inputs)
    timings["run_s"] = time.perf_counter() - t0
    found = compute_milestones(campaign, series, sunlight)
    result = CampaignResult(campaign, sunlight, series, E.summarise(series, inputs), found, measures_of_effectiveness(campaign),
                            shortfall_events(campaign, series), delivered_by_year(campaign), caveats=caveats, timings_s=timings)
    runs = config.delays.replications if replications is None else replications
    if runs:
        t1 = time.perf_counter()
        result.replications = replicate(campaign, inputs, runs, config.delays.probability, config.delays.mean_days,
                                        config.delays.seed if seed is None else seed)
        timings["replications_s"] = time.perf_counter() - t1
    if objective != "none":
        t2 = time.perf_counter()
        result.optimised = optimise_manifest(campaign, series, objective, products)
        timings["optimiser_s"] = time.perf_counter() - t2
    result.caveats += [f"Crew demand per crew-day: {BVAD_SOURCE} [R2]; water recovery {campaign.life_support.water_recovery:.0%}, "
                       f"O2 recovery {campaign.life_support.o2_recovery:.0%}.",
                       ("Vehicle payloads from the access section (access.payload: each launcher with its best lander) where it "
                        "names the vehicle, else from the stated table (moonbase/data/campaign_vehicles.toml); "
                        if products is not None and "access.payload" in products else
                        "Vehicle payloads from the stated table (moonbase/data/campaign_vehicles.toml); ")
                       + "[M] and [A] figures there are recalled or announced values.",
                       "The site's sunlight over the plan period is repeated over the campaign's years."]
    unverified = sorted({e.name for m in campaign.missions for e in m.surface_elements if e.tag in ("[M]", "[A]", "[3P]")})
    if unverified:
        result.caveats.append("Element figures recalled, not verified [M]: " + "; ".join(unverified) + ".")
    return result


def milestone_records(result: CampaignResult) -> list[dict]:
    return [{"key": m.key, "label": m.label, "date": m.date, "detail": m.detail} for m in result.milestones["milestones"].values()]


def result_record(result: CampaignResult) -> dict:
    """Everything a JSON reader needs, in plain types."""
    c = result.campaign
    return {
        "programme": c.programme, "start": str(c.start), "end": str(c.end), "days": c.days,
        "missions": [{"name": m.name, "arrival": str(m.arrival), "vehicle": m.vehicle.name if m.vehicle else "",
                      "destination": m.destination, "crew": m.crew, "stay_days": m.stay_days,
                      "manifest_kg": m.manifest_mass_kg, "capacity_kg": m.capacity_kg if np.isfinite(m.capacity_kg) else None,
                      "capacity_tag": m.capacity_tag} for m in c.missions],
        "milestones": {m["key"]: {"date": m["date"], "detail": m["detail"]} for m in milestone_records(result)},
        "isru_o2_share_pct": result.milestones["isru_o2_share_pct"],
        "mass_on_surface_by_year_kg": result.milestones["mass_on_surface_by_year"],
        "worst_dark_spell_h": result.milestones["worst_dark_spell_h"],
        "sunlight": {"source": result.sunlight.source, "tag": result.sunlight.tag, "capacity_factor": result.sunlight.capacity_factor},
        "measures_of_effectiveness": result.moe.as_record(),
        "summary": result.summary, "shortfalls": result.shortfalls,
        "delivered_by_year_kg": result.delivered_by_year,
        "flows": [f.__dict__ for f in c.flows()],
        "replications": result.replications,
        "optimised_manifest": result.optimised.as_record() if result.optimised is not None else None,
        "caveats": result.caveats, "timings_s": result.timings_s,
    }
