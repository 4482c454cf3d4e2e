"""``moonbase race``: who reaches each milestone first, ILRS or its rival, with the history that calibrates it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from ..errors import MoonbaseError
from ..output import dumps_json
from ..race.analysis import RaceConfig, analyse_race, race_to_json
from ..race.programmes import iso_date
from ..scenario import DEFAULT_SCENARIO, load_scenario
from .options import JsonOption


def _programme_key(scenario) -> str:
    config = getattr(scenario, "race", None)
    if config is not None and config.programme:
        return config.programme
    return (scenario.campaign.programme or scenario.name).strip().lower()


def _config(base: RaceConfig | None, **changes) -> RaceConfig:
    values = (base or RaceConfig()).model_dump()
    values.update({k: v for k, v in changes.items() if v is not None})
    try:
        return RaceConfig.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        flag = "--" + field.replace("_", "-")
        raise MoonbaseError(f"{flag} = {first.get('input')!r}: {first['msg'].removeprefix('Value error, ')}") from None


def race(
    scenario: Annotated[str, typer.Argument(help="Our scenario: built-in name (ilrs, artemis) or a .toml file.")] = DEFAULT_SCENARIO,
    rival: Annotated[Optional[list[str]], typer.Argument(help="Rival scenario(s); default: the scenario's [race] rival (artemis).")] = None,
    samples: Annotated[Optional[int], typer.Option("--samples", help="Monte Carlo samples (simulated futures). Default 100,000.")] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Random seed; the same seed gives the same answer on any machine.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Forecast from this date (YYYY-MM-DD); default: the date of the facts.")] = None,
    horizon_year: Annotated[Optional[int], typer.Option("--horizon-year", help="Later than this year counts as not reached.")] = None,
    headline: Annotated[Optional[str], typer.Option("--headline", help="Milestone kind of the headline and the tornado: "
                                                    "crewed_landing, crewed_south_pole_landing, robotic_station, "
                                                    "isru_production, permanent_crew.")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="A dask.distributed scheduler address to run the samples on a cluster.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The race to the Moon's milestones as a schedule-risk Monte Carlo, with a backtest of past forecasts.

    Each programme's milestones (announced dates, dependencies, launchers) slip by schedule growth
    calibrated on Coleman et al. (2002) and on past announcements, plus launcher and mission failures.
    """
    ours = load_scenario(scenario)
    rivals = [load_scenario(r) for r in (rival or [])]
    config = _config(getattr(ours, "race", None), samples=samples, seed=seed, as_of=as_of, horizon_year=horizon_year,
                     headline=headline)
    if not rivals:
        rivals = [load_scenario(config.rival)]
    extra = [p for s in rivals for p in (getattr(getattr(s, "race", None), "programmes", None) or [])]
    keys = [_programme_key(ours), *(_programme_key(s) for s in rivals)]
    result = analyse_race(keys, config, extra, scheduler=scheduler)
    if as_json:
        typer.echo(dumps_json(race_to_json(result)))
        return
    console = Console(width=120)
    console.print(result.answer())
    first = Table(title=f"Who gets there first ({result.samples:,} futures, seed {result.seed}, from {result.as_of})")
    first.add_column("milestone")
    for k in result.programmes:
        first.add_column(f"{k} first %", justify="right")
    first.add_column(f"neither by {result.horizon_year} %", justify="right")
    for f in result.first:
        first.add_row(f.label, *(f"{100 * f.p_first.get(k, float('nan')):.1f} ± {100 * f.standard_error.get(k, 0):.1f}"
                                 for k in result.programmes), f"{100 * f.p_none:.1f}")
    console.print(first)
    dates = Table(title="When (P10 / P50 / P90)")
    for column in ("programme", "milestone", "announced", "P10", "P50", "P90", f"not by {result.horizon_year} %"):
        dates.add_column(column)
    for m in result.forecasts:
        dates.add_row(m.programme, m.label, m.announced, iso_date(m.p10), iso_date(m.p50), iso_date(m.p90),
                      f"{100 * m.p_not_by_horizon:.1f}")
    console.print(dates)
    b = result.backtest
    console.print(f"Backtest (leave-one-out) on {len(b.rows)} past forecasts: {100 * b.coverage_80:.0f} % of the "
                  f"{len(b.decided)} decided cases fell inside the 80 % interval; {b.late_misses} came later than P90.")


def register(app: typer.Typer) -> None:
    app.command("race")(race)
