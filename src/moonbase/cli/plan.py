"""``moonbase plan``: run a scenario and write the report, plan.json and the data behind every figure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..output import dumps_json
from ..plan import run_plan
from ..scenario import DEFAULT_SCENARIO, load_scenario
from .options import JsonOption


def plan(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name (ilrs, artemis) or a scenario .toml file.")] = DEFAULT_SCENARIO,
    out: Annotated[Path, typer.Option("--out", help="Output folder: report.html, plan.json, data/*.csv.")] = Path("moonbase-plan"),
    as_json: JsonOption = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal.")] = True,
    schema: Annotated[bool, typer.Option("--schema", help="Print the JSON Schema of plan.json and exit.")] = False,
) -> None:
    """Compute the plan for a scenario and write DIR/report.html, DIR/plan.json and DIR/data/.

    Exits with status 1, after writing everything, when a section failed (the report says why).
    """
    if schema:
        from ..plan_schema import schema_text

        typer.echo(schema_text(), nl=False)
        return
    from ..progress import progress_callback
    from ..report.files import write_plan

    loaded = load_scenario(scenario)
    with progress_callback(progress) as callback:
        result = run_plan(loaded, progress=callback)
    write_plan(result, out)
    if as_json:
        typer.echo(dumps_json(result.summary()))
    else:
        typer.echo(f"wrote {out / 'report.html'}, {out / 'plan.json'} and {out / 'data'}/")
    if result.failed:
        names = ", ".join(f"{s.key} ({s.error})" for s in result.failed)
        typer.echo(f"moonbase: error: section{'s' if len(result.failed) > 1 else ''} failed: {names}; "
                   f"the rest of the plan is in {out}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
