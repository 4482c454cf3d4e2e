"""``moonbase campaign``: the station's build-up as a simulation of missions, elements and consumables."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..output import dumps_json
from ..scenario import DEFAULT_SCENARIO, load_scenario
from .options import JsonOption


def _products(scenario):
    """The plan products the campaign reads: the sky over the scenario period and the mast-height horizon."""
    from ..contract import ProductTable, horizon_product
    from ..ephemeris import LunarEphemeris
    from ..terrain.source import resolve_horizon

    station = scenario.station

    def sky(store):
        return LunarEphemeris.default().moon_sky(scenario.period.utc(), frame=scenario.geometry.frame,
                                                 correction=scenario.geometry.correction)

    def horizon(store):
        return resolve_horizon(station.point(station.mast_height_m), dem_paths=station.dem)

    return ProductTable({"sky": sky, horizon_product(station.mast_height_m): horizon})


def _print(result) -> None:
    from ..campaign.analysis import milestone_records

    console = Console(width=140)
    c = result.campaign
    missions = Table(title=f"{c.programme or 'Campaign'}: {len(c.missions)} missions, {c.start} to {c.end}")
    for name in ("mission", "arrival", "vehicle", "crew", "manifest kg", "payload kg"):
        missions.add_column(name)
    for m in c.missions:
        missions.add_row(m.name, str(m.arrival)[:10], m.vehicle.name if m.vehicle else "-", str(m.crew),
                         f"{m.manifest_mass_kg:,.0f}", f"{m.capacity_kg:,.0f} {m.capacity_tag}" if m.vehicle else "-")
    console.print(missions)
    milestones = Table(title="Milestones")
    for name in ("milestone", "date", "detail"):
        milestones.add_column(name)
    for r in milestone_records(result):
        milestones.add_row(r["label"], r["date"] or "not reached", r["detail"])
    console.print(milestones)
    moe = result.moe
    typer.echo(f"ISRU share of O2 demand: {result.milestones['isru_o2_share_pct']:.1f} %; crew surface days "
               f"{moe.crew_surface_days:,.1f}; exploration capability {moe.exploration_capability_kg_d:,.0f} kg·d; "
               f"relative exploration capability {moe.relative_exploration_capability:.3f} (Apollo 17 = 1)")
    for f in result.shortfalls[:20]:
        typer.echo(f"shortfall: {f['item']} {f['start']} .. {f['end']}: {f['size']:,.1f} {f['unit']}")
    if len(result.shortfalls) > 20:
        typer.echo(f"... and {len(result.shortfalls) - 20} more shortfalls (--json lists them all)")
    if result.optimised is not None:
        o = result.optimised
        typer.echo(f"optimised manifest ({o.objective}): {o.launches} launches against the scenario's {o.scenario_launches}; "
                   f"launch mass {o.launch_mass_kg / 1000:,.0f} t against {o.scenario_launch_mass_kg / 1000:,.0f} t ({o.status})")
    if result.replications:
        r = result.replications
        typer.echo(f"{r['runs']} replications with random delays (seed {r['seed']}): first crew reached in "
                   f"{r['first_crew_day_reached_pct']:.1f} %, permanent crew in {r['first_permanent_day_reached_pct']:.1f} %")


def campaign(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario (ilrs, artemis, apollo17) or a scenario .toml file.")] = DEFAULT_SCENARIO,
    replications: Annotated[Optional[int], typer.Option("--replications", min=0, help="Random-delay runs (default: the scenario's).")] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", min=0, help="Seed of the random delays.")] = None,
    optimise: Annotated[Optional[str], typer.Option("--optimise", help="launches, launch-mass, leo-mass or none.")] = None,
    elements: Annotated[bool, typer.Option("--elements", help="List the element catalogue and vehicles, then stop.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Simulate the scenario's campaign: arrivals, crew stays, consumables, power, ISRU, milestones, SpaceNet's MOEs."""
    from ..campaign.analysis import analyse_campaign, result_record
    from ..campaign.elements import catalogue
    from ..campaign.vehicles import vehicle_table

    if elements:
        records = {"elements": [e.__dict__ for e in catalogue().values()], "vehicles": [v.__dict__ for v in vehicle_table().values()]}
        if as_json:
            typer.echo(dumps_json(records))
        else:
            for e in records["elements"]:
                typer.echo(f"{e['key']:24s} {e['category']:8s} {e['mass_kg']:>9,.1f} kg  {e['tag']}  {e['name']}")
            for v in records["vehicles"]:
                typer.echo(f"{v['name']:24s} {v['payload_surface_kg']:>9,.0f} kg to the surface {v['payload_tag']}")
        return
    loaded = load_scenario(scenario)
    result = analyse_campaign(loaded, _products(loaded), replications=replications, optimise=optimise, seed=seed)
    if as_json:
        typer.echo(dumps_json(result_record(result)))
    else:
        _print(result)


def register(app: typer.Typer) -> None:
    app.command("campaign")(campaign)
