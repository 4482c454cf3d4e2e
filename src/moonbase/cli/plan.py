"""``moonbase plan``: run a scenario and write the report, plan.json and the data behind every figure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..output import dumps_json
from ..plan import run_plan, write_plan
from ..scenario import DEFAULT_SCENARIO, load_scenario
from .options import JsonOption


def plan(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name (ilrs, artemis) or a scenario .toml file.")] = DEFAULT_SCENARIO,
    out: Annotated[Path, typer.Option("--out", help="Output folder: report.html, plan.json, data/*.csv.")] = Path("moonbase-plan"),
    as_json: JsonOption = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal.")] = True,
) -> None:
    """Compute the plan for a scenario and write DIR/report.html, DIR/plan.json and DIR/data/."""
    loaded = load_scenario(scenario)
    result = run_plan(loaded, show_progress=progress)
    write_plan(result, out)
    if as_json:
        typer.echo(dumps_json(result.summary()))
    else:
        typer.echo(f"wrote {out / 'report.html'}, {out / 'plan.json'} and {out / 'data'}/")


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
