"""``moonbase scenarios``: the built-in scenarios and what they assume."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..errors import MoonbaseError
from ..output import dumps_json
from ..scenario import DEFAULT_SCENARIO, builtin_scenarios, load_scenario
from .options import JsonOption


def scenarios(
    name: Annotated[Optional[str], typer.Argument(help="Show one scenario (built-in name or .toml path) in full.")] = None,
    as_json: JsonOption = False,
    as_toml: Annotated[bool, typer.Option("--toml", help="Print the scenario as a TOML file to save, edit and run "
                                                         "(moonbase scenarios ilrs --toml > mine.toml; moonbase plan mine.toml).")] = False,
) -> None:
    """List the built-in scenarios, or show one in full (validated).

    The built-in scenarios are TOML files inside the installed package, in moonbase/scenarios/*.toml
    (e.g. moonbase/scenarios/ilrs.toml); `--toml` prints one to start your own from.
    """
    if as_toml and (name is None or as_json):
        raise MoonbaseError("--toml prints one scenario as TOML: give its NAME (e.g. moonbase scenarios ilrs --toml)"
                            + (" and leave out --json" if as_json else ""))
    if name is not None:
        scenario = load_scenario(name)
        if as_toml:
            typer.echo(scenario_toml(name), nl=False)
            return
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


def scenario_toml(name: str) -> str:
    """The TOML text of a scenario (a built-in's packaged file, or the given file), as it was validated.

    The file itself, comments included, rather than a re-serialisation of the validated model: what a user
    edits is the commented original, and it loads to the same scenario.
    """
    from pathlib import Path

    from .. import validate

    builtins = builtin_scenarios()
    path = builtins.get(name, Path(name))
    text = validate.read_text(path, "scenario")
    if name in builtins:
        header = (f"# The built-in scenario '{name}' (moonbase/scenarios/{path.name} in the installed package).\n"
                  f"# Save it (moonbase scenarios {name} --toml > my-station.toml), change `name` and what you need,\n"
                  "# and run it: moonbase plan my-station.toml --out moonbase-out/my-station\n")
        text = header + text
    return text if text.endswith("\n") else text + "\n"


def register(app: typer.Typer) -> None:
    app.command("scenarios")(scenarios)
