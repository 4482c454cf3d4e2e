"""``moonbase scenarios``: the built-in scenarios and what they assume."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..output import dumps_json
from ..scenario import DEFAULT_SCENARIO, builtin_scenarios, load_scenario
from .options import JsonOption


def scenarios(
    name: Annotated[Optional[str], typer.Argument(help="Show one scenario (built-in name or .toml path) in full.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the built-in scenarios, or show one in full (validated)."""
    if name is not None:
        scenario = load_scenario(name)
        if as_json:
            typer.echo(dumps_json(scenario.model_dump()))
        else:
            Console().print(scenario.model_dump())
        return
    records = []
    for key in sorted(builtin_scenarios()):
        s = load_scenario(key)
        point = s.station.point()
        records.append({"name": key, "default": key == DEFAULT_SCENARIO, "title": s.title, "site": point.name,
                        "lat_deg": point.lat_deg, "lon_deg": point.lon_deg,
                        "period": f"{s.period.start} .. {s.period.end} / {s.period.step}"})
    if as_json:
        typer.echo(dumps_json(records))
        return
    table = Table(title="Built-in scenarios (* = default)")
    for column in ("name", "title", "site", "period"):
        table.add_column(column)
    for r in records:
        table.add_row(r["name"] + (" *" if r["default"] else ""), r["title"], r["site"], r["period"])
    Console(width=160).print(table)


def register(app: typer.Typer) -> None:
    app.command("scenarios")(scenarios)
