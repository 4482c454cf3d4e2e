"""`moonbase --help` and `moonbase version` start light; every help page names real value types."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import pytest
import typer

from moonbase.cli.main import COMMAND_MODULES, COMMANDS, app

#: Modules that take up to seconds to import (numba compiles, scipy and skyfield load tables) and that a help page
#: or the version never needs.
HEAVY = ("numba", "scipy", "skyfield", "plotly", "xarray", "rasterio", "numpy")

_PROBE = """
import sys
from moonbase.cli.main import main
try:
    main({argv!r})
except SystemExit as exc:
    code = exc.code or 0
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print("EXIT", code)
print("HEAVY", ",".join(sorted({{m.split(".")[0] for m in heavy}})))
"""


@pytest.mark.parametrize("argv", [["version"], ["--help"], []])
def test_version_and_help_import_no_heavy_module(argv):
    probe = _PROBE.format(argv=argv, heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in result.stdout.splitlines()
                 if line.startswith(("EXIT", "HEAVY")))
    assert lines["EXIT"] == "0", result.stderr
    assert lines["HEAVY"] == "", f"`moonbase {' '.join(argv)}` imported {lines['HEAVY']}"


def _all_commands():
    """Every command path (['catalog', 'info'], ...) with its click command, every module loaded."""
    group = typer.main.get_command(app)
    for module, _ in COMMANDS.values():
        group.load(module)

    def walk(command, path):
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, command

    return list(walk(group, []))


def _first_paragraph(text: str | None) -> str:
    return " ".join(inspect.cleandoc(text or "").split("\n\n")[0].split())


def test_listed_help_is_each_commands_own():
    group = typer.main.get_command(app)
    listed_modules = {module for module, _ in COMMANDS.values()}
    assert set(COMMAND_MODULES) == listed_modules, "add each command module's commands to moonbase.cli.main.COMMANDS"
    for module in listed_modules:
        group.load(module)
    for name, (_, line) in COMMANDS.items():
        assert _first_paragraph(group.commands[name].help) == line, name


def test_every_help_page_names_real_types(run_cli):
    pages = 0
    for path, command in _all_commands():
        code, out, _ = run_cli(*path, "--help")
        assert code == 0 and "Usage" in out, path
        assert "BOOL" not in out and "<bool>" not in out, f"moonbase {' '.join(path)} --help shows a bool metavar"
        assert not re.search(r"<(float|int|str|list\[\w+\]|Path)>", out), f"moonbase {' '.join(path)} --help: {out}"
        for param in command.params:
            if param.param_type_name != "option" or getattr(param, "is_flag", False):
                continue
            annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
            if annotation is float:  # a number says so, or names its unit
                assert param.metavar in ("FLOAT", "METRES"), (path, param.name, param.metavar)
            if annotation is int:
                assert param.metavar == "INTEGER", (path, param.name, param.metavar)
        pages += 1
    assert pages >= 35  # 37 commands and subcommands today


def test_heights_are_metres_above_the_local_ground(run_cli):
    checked = 0
    for path, command in _all_commands():
        for param in command.params:
            if param.param_type_name == "option" and any(o.endswith("height") for o in param.opts):
                assert param.metavar == "METRES", (path, param.opts)
                assert "metres above the local ground" in param.help and "Default" in param.help, (path, param.help)
                checked += 1
    assert checked >= 12


def test_a_mistyped_command_gets_suggestions_among_commands_not_loaded_yet(run_cli):
    code, _, err = run_cli("sitez")
    assert code == 2 and "No such command 'sitez'. Did you mean 'site', 'sites'?" in err and err.count("\n") == 1
