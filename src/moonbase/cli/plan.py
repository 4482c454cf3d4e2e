"""``moonbase plan``: run a scenario and write the report, plan.json and the data behind every figure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import worksize
from ..errors import MoonbaseError
from ..output import check_output_dir, dumps_json
from ..plan import run_plan
from ..scenario import DEFAULT_SCENARIO, Scenario, load_scenario
from ..timegrid import check_period
from .options import JsonOption


def check_plan_inputs(scenario: Scenario, where: str, allow_missing_terrain: bool = False) -> None:
    """Before any work: the period fits in memory, and the station has the terrain its sections need."""
    period = scenario.period
    names = ("period.start", "period.end", "period.step")
    _, step_ms, epochs = check_period(period.start, period.end, period.step, names)
    worksize.check(worksize.epochs_work("plan", epochs, step_ms / 1000.0, what=f"{where}: the plan"),
                   "period.step", "period.start/period.end")
    if allow_missing_terrain:
        return
    from ..terrain.source import required_terrain_stack, resolve_horizon

    station = scenario.station
    for key, height in (("station.observer_height_m", station.observer_height_m), ("station.mast_height_m", station.mast_height_m)):
        try:
            resolve_horizon(station.point(height), dem_paths=station.dem)
        except MoonbaseError as exc:
            from ..plan import scenario_message

            reason = scenario_message(str(exc))  # the scenario's vocabulary: station.dem
            raise MoonbaseError(f"{where}: {key} = {height:g}: {reason}; the horizon, environment, communications and "
                                "power sections need it (or pass --allow-missing-terrain to write the plan without them)") from None
    if station.map_half_width_km > 0:
        try:
            required_terrain_stack(station.dem, "station.map_half_width_km (a sunlight map)")
        except MoonbaseError as exc:
            raise MoonbaseError(f"{where}: {exc}") from None


def plan(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name (ilrs, artemis) or a scenario .toml file.")] = DEFAULT_SCENARIO,
    out: Annotated[Path, typer.Option("--out", help="Output folder: report.html, plan.json, data/*.csv.")] = Path("moonbase-plan"),
    force: Annotated[bool, typer.Option("--force", help="Replace an --out folder that is not a previous plan output.")] = False,
    allow_missing_terrain: Annotated[bool, typer.Option(
        "--allow-missing-terrain", help="Write the plan even when no terrain covers the station (terrain sections left empty).")] = False,
    as_json: JsonOption = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal.")] = True,
    schema: Annotated[bool, typer.Option("--schema", help="Print the JSON Schema of plan.json and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print the summary after writing.")] = False,
) -> None:
    """Compute the plan for a scenario and write DIR/report.html, DIR/plan.json and DIR/data/.

    Then prints the summary the report opens with (where, when and each section's headline answers),
    unless --quiet or --json.

    Exits with status 1, after writing everything, when a section failed (the report says why).
    """
    if schema:
        from ..plan_schema import schema_text

        typer.echo(schema_text(), nl=False)
        return
    from ..progress import progress_callback
    from ..report.files import write_plan

    loaded = load_scenario(scenario)
    check_output_dir(out, "plan", "--out", force)
    check_plan_inputs(loaded, str(scenario), allow_missing_terrain)
    with progress_callback(progress) as callback:
        result = run_plan(loaded, progress=callback)
    write_plan(result, out, force=force)
    if as_json:
        typer.echo(dumps_json(result.summary()))
    else:
        typer.echo(f"wrote {out / 'report.html'}, {out / 'plan.json'} and {out / 'data'}/")
        if not quiet:
            from ..report.terminal import summary_lines
            from ..summary import headlines, station

            typer.echo("\n".join(["", *summary_lines(station(result), headlines(result))]))
    if result.failed:
        names = ", ".join(f"{s.key} ({s.error})" for s in result.failed)
        typer.echo(f"moonbase: error: section{'s' if len(result.failed) > 1 else ''} failed: {names}; "
                   f"the rest of the plan is in {out}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
