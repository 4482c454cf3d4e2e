"""``moonbase compare``: two or more scenarios on one analysis period, side by side, with what they assume differently."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import JsonOption


def compare(
    scenarios: Annotated[list[str], typer.Argument(help="Two or more scenarios: built-in names (ilrs, artemis) or .toml files.",
                                                   show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Output folder: report.html, compare.json and one plan folder per scenario.")]
    = Path("moonbase-compare"),
    start: Annotated[Optional[str], typer.Option("--start", help="Start of the common period, ISO 8601 UTC "
                                                 "(default: the first scenario's).")] = None,
    end: Annotated[Optional[str], typer.Option("--end", help="End of the common period (default: the first scenario's).")] = None,
    step: Annotated[Optional[str], typer.Option("--step", help="Time step, e.g. 1h, 30min (default: the first scenario's).")] = None,
    within_km: Annotated[float, typer.Option("--within", help="Shared ground: named sites of different scenarios "
                                             "within this distance, in km.")] = 5.0,
    force: Annotated[bool, typer.Option("--force", help="Replace an --out folder that is not a previous compare output.")] = False,
    allow_missing_terrain: Annotated[bool, typer.Option(
        "--allow-missing-terrain", help="Compare even when no terrain covers a station (terrain sections left empty).")] = False,
    as_json: JsonOption = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal.")] = True,
) -> None:
    """Run each scenario's plan on the same period and write DIR/report.html, DIR/compare.json and DIR/<scenario>/.

    The report shows the summaries side by side, flags every assumption that differs, and lists the shared ground (sites that coincide or lie within --within km).

    Exits with status 1, after writing everything, when a section failed in any plan.
    """
    from ..compare import common_period, compare_scenarios, on_period
    from ..errors import MoonbaseError
    from ..output import check_output_dir, dumps_json
    from ..progress import progress_callback
    from ..report.compare import write_comparison
    from ..scenario import load_scenario
    from ..validate import number
    from .plan import check_plan_inputs

    if len(scenarios) < 2:
        raise MoonbaseError(f"compare needs two or more scenarios (got {len(scenarios)}); e.g. `moonbase compare ilrs artemis`")
    within_km = number(within_km, "--within", minimum=0.0, maximum=1000.0, unit="km")
    loaded = [load_scenario(name) for name in scenarios]
    try:
        period = common_period(loaded, start, end, step)
    except MoonbaseError as exc:
        raise MoonbaseError(str(exc).replace("period start/end", "--start/--end").replace("period start", "--start").replace("period end", "--end")
                            .replace("period step", "--step")) from None
    check_output_dir(out, "compare", "--out", force)  # one missing folder above it is made when writing
    for name, scenario in zip(scenarios, loaded):
        check_plan_inputs(on_period(scenario, period), name, allow_missing_terrain)
    with progress_callback(progress) as callback:
        comparison = compare_scenarios(loaded, period.start, period.end, period.step, within_km,
                                       progress=_per_scenario(callback, [s.name for s in loaded]))
    write_comparison(comparison, out, force=force)
    if as_json:
        typer.echo(dumps_json(comparison.as_dict()))
    else:
        folders = ", ".join(f"{out / run.folder}/" for run in comparison.scenarios)
        typer.echo(f"compared on {period.start} to {period.end} every {period.step} ({period.basis}); "
                   f"{len(comparison.assumptions)} assumptions differ, {len(comparison.shared)} shared sites")
        typer.echo(f"wrote {out / 'report.html'}, {out / 'compare.json'} and {folders}")
    failed = [f"{run.name}: {', '.join(run.failed_sections)}" for run in comparison.scenarios if run.failed_sections]
    if failed:
        typer.echo(f"moonbase: error: sections failed ({'; '.join(failed)}); the rest is in {out}", err=True)
        raise typer.Exit(1)


def _per_scenario(callback, names: list[str]):
    """The bar's callback, plus one line on stderr as each scenario's plan starts."""
    started: set[str] = set()

    def report(fraction: float, message: str) -> None:
        folder = message.split(":", 1)[0]
        if folder not in started and ":" in message:
            started.add(folder)
            typer.echo(f"compare: plan {len(started)} of {len(names)}: {folder}", err=True)
        callback(fraction, message)

    return report


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
