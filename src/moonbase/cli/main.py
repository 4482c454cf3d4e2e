"""Entry point: ``moonbase COMMAND ...``. User errors print one line and exit with status 2."""

from __future__ import annotations

import difflib
import errno
import importlib
import os
import signal
import sys
import threading

from typing import Annotated, Optional, get_args

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..errors import Interrupted, MoonbaseError
from ..output import INTERRUPT_SIGNALS, interrupt_handler, raise_if_interrupted, remove_leftovers, reset_interrupts
from .options import cli_message

#: click's base exception and usage error (typer vendors click from 0.2x on, so they are found through a public class).
_CLICK_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class LazyGroup(TyperGroup):
    """The ``moonbase`` group: a command's module is imported only when that command runs or shows its help.

    ``moonbase --help`` lists the commands from :data:`COMMANDS` (name, module, one-line help), so it and
    ``moonbase version`` start without numpy-heavy model modules (numba, scipy, skyfield: ~3 s before).
    """

    def list_commands(self, ctx):
        return list(self.commands) + [name for name in COMMANDS if name not in self.commands]

    def get_command(self, ctx, cmd_name):
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in COMMANDS:  # listed in a help page: its one line is enough
            command = TyperCommand(cmd_name, help=COMMANDS[cmd_name][1], short_help=COMMANDS[cmd_name][1])
        return command

    def resolve_command(self, ctx, args):
        if args and args[0] in COMMANDS and args[0] not in self.commands:
            self.load(COMMANDS[args[0]][0])
        try:
            return super().resolve_command(ctx, args)
        except _USAGE_ERROR as exc:  # typer suggests only among loaded commands: suggest among all
            matches = difflib.get_close_matches(args[0], self.list_commands(ctx)) if args else []
            exc.message = exc.message.split(". Did you mean")[0]
            if matches:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise

    def load(self, module_name: str) -> None:
        """Import one command module and add its commands (with plain metavars, see :func:`plain_metavars`)."""
        holder = typer.Typer(rich_markup_mode=None)
        importlib.import_module(f".{module_name}", __package__).register(holder)
        holder.command("-")(lambda: None)  # a group of one command would collapse into that command
        for name, command in typer.main.get_group(holder).commands.items():
            if name != "-":
                plain_metavars(command)
                self.add_command(command, name)


#: How click names value types; typer 0.2x prints the Python annotation instead (<float>, <bool> on flags).
_CLICK_TYPE_NAMES = {"float": "FLOAT", "int": "INTEGER", "str": "TEXT", "Path": "PATH", "datetime": "DATETIME"}


def _click_style_metavar(param) -> str | None:
    """``param``'s value type as click names it (FLOAT, INTEGER, TEXT, PATH, [a|b]); None to keep typer's."""
    desc = getattr(param, "type_descriptor", None)
    if desc is None:  # typer before 0.2x: click's own metavars already
        return None
    if desc.choices is not None:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    if desc.is_path:
        return "PATH"
    annotation = get_args(desc.annotation)[0] if desc.is_list else desc.annotation
    name = getattr(annotation, "__name__", str(annotation))
    return _CLICK_TYPE_NAMES.get(name, name.upper())


def plain_metavars(command) -> None:
    """Give every option of ``command`` (and its subcommands) a click-style metavar; flags show none.

    An option that names its own metavar (``METRES``) keeps it.
    """
    for param in command.params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        label = _click_style_metavar(param)
        if label is None:
            continue
        if param.param_type_name == "option":
            param.metavar = label
        else:  # an argument's metavar would replace its name; only its type label changes
            param.display_type_rich = lambda ctx, label=label: label
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)


app = typer.Typer(
    name="moonbase",
    help="Plan a lunar research station: sunlight, Earth visibility, comms, power, access, traffic, campaign.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain click help: units in brackets ([m]) stay as written
    cls=LazyGroup,
)


@app.callback()
def settings(
    memory_limit: Annotated[Optional[str], typer.Option(
        "--memory-limit", metavar="SIZE", help="Most memory a command may plan to use, e.g. 8GB (default: $MOONBASE_MEMORY_LIMIT, "
                               "else 80% of the memory available now). Work that would need more is refused up front.")] = None,
) -> None:
    """Plan a lunar research station: sunlight, Earth visibility, comms, power, access, traffic, campaign."""
    from .. import worksize

    worksize.set_memory_limit(memory_limit)


@app.command()
def version() -> None:
    """Print the Moonbase version."""
    typer.echo(__version__)


#: The command modules, in the order of ``moonbase --help``; each has ``register(app)``. One per line.
COMMAND_MODULES = (
    "plan",
    "compare",
    "scenarios",
    "sites",
    "ephem",
    "horizon",
    "terrain",
    "data",
    "site",
    "comms",
    "catalog",
    "screen",
    "cola",
    "maps",
    "race",
    "campaign",
    "visible",
    "access",
    "debris",
    "serve",
    "partners",
    "contention",
)


#: Each command: (its module, its one-line help). ``moonbase --help`` lists them from here without importing
#: the modules; tests/test_cli_startup.py checks every line against the command's own help.
COMMANDS = {
    "plan": ("plan", "Compute the plan for a scenario and write DIR/report.html, DIR/plan.json and DIR/data/."),
    "compare": ("compare", "Run each scenario's plan on the same period and write DIR/report.html, DIR/compare.json and "
                           "DIR/<scenario>/."),
    "scenarios": ("scenarios", "List the built-in scenarios, or show one in full (validated)."),
    "ephem": ("ephem", "Azimuth, elevation, range and angular radius of the Sun and the Earth from a lunar site."),
    "horizon": ("horizon", "Terrain horizon of a site: elevation angle of the skyline in every azimuth."),
    "site": ("site", "Sunlight and Earth visibility over the terrain horizon: percentages, longest darkness, worst lunar day."),
    "windows": ("site", "Landing or stay windows: start times from which a stay keeps sunlight and Earth contact, "
                        "with the reason each other start fails."),
    "comms": ("comms", "Direct-to-Earth and relayed contact: availability, windows, gaps, link rate and daily data volume."),
    "power": ("comms", "Size solar arrays, storage (Li-ion, regenerative fuel cells) and fission for the worst dark period."),
    "screen": ("screen", "Find close approaches: TCA, miss distance, radial/in-track/cross-track, relative speed, Pc."),
    "cola": ("cola", "Which launch seconds are closed because the ascent or parking orbit passes too close to a "
                     "catalogued object."),
    "map": ("maps", "Percentage of time each pixel sees the Sun, the Earth, or both, over the terrain horizon."),
    "race": ("race", "The race to the Moon's milestones as a schedule-risk Monte Carlo, with a backtest of past forecasts."),
    "campaign": ("campaign", "Simulate the scenario's campaign: arrivals, crew stays, consumables, power, ISRU, "
                             "milestones, SpaceNet's MOEs."),
    "visible": ("visible", "Seen from Earth: whether a flag, the station or a lamp at a lunar site can be seen, and when."),
    "serve": ("serve", "Start the Moonbase web app (map, panorama, scenario editor, plans, comparison, traffic) "
                       "at http://HOST:PORT/."),
    "web-map": ("serve", "Build the web app's map product (sunlight %, Earth visibility %, slope, and with --psr "
                         "permanent shadow) from a polar DEM."),
    "sites": ("sites", "Named lunar sites (ILRS, Chang'e, Artemis III regions, reference points)."),
    "terrain": ("terrain", "Terrain: DEM heights, site-horizon table, slope and roughness maps, horizon sweeps."),
    "data": ("data", "LOLA terrain products: list them, fetch them into the user cache."),
    "catalog": ("catalog", "Space-object catalogues: TLE/3LE and CCSDS OMM (XML, JSON, CSV)."),
    "access": ("access", "Reaching the Moon: launch windows, transfers, porkchops, Δv budgets and payload."),
    "debris": ("debris", "Debris what-ifs: breakup clouds (NASA standard breakup model), their decay, their launch cost."),
    "partners": ("partners", "ILRS partners and Artemis Accords signatories: who, since when, per which source."),
    "contention": ("contention", "Contention for the same ground: distances, keep-out overlaps, sightlines, shared lit "
                                 "ground and PSRs between candidate sites of different programmes."),
}


def _register() -> None:
    """A module of COMMAND_MODULES that COMMANDS does not list yet is imported now (slower start, same commands)."""
    listed = {module for module, _ in COMMANDS.values()}
    for name in COMMAND_MODULES:
        if name not in listed:
            importlib.import_module(f".{name}", __package__).register(app)


_register()




def _install_signal_handlers() -> dict:
    """SIGINT, SIGTERM and SIGHUP become :class:`~moonbase.errors.Interrupted` (the old handlers are returned)."""
    previous = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for signum in INTERRUPT_SIGNALS:
        previous[signum] = signal.signal(signum, interrupt_handler)
    return previous


def _quiet_unraisable(previous):
    """An unraisablehook that stays silent about an interrupt lost in a C callback (it is raised again later)."""
    def hook(unraisable):
        if isinstance(unraisable.exc_value, Interrupted):
            return
        previous(unraisable)
    return hook


def _interrupt_in(exc: BaseException | None) -> BaseException | None:
    """The interrupt behind ``exc``: numba and C extensions may wrap Ctrl-C in a SystemError."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (Interrupted, KeyboardInterrupt)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _stop(code: int, message: str, hard: bool) -> None:
    remove_leftovers()
    typer.echo(f"moonbase: {message}", err=True)
    if hard and threading.active_count() > 1:
        # Worker threads (dask, numba) may still be inside a kernel; do not wait for them to finish.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _path_error(exc: OSError) -> str:
    """One line for an OSError that escaped the commands' own checks: the path, the reason, a fix."""
    path = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc)
    fix = {errno.ENOENT: "check the path", errno.EACCES: "check its permissions", errno.EPERM: "check its permissions",
           errno.ENOSPC: "free some disk space", errno.EROFS: "choose a writable place", errno.EISDIR: "give a file, not a folder",
           errno.ENOTDIR: "a part of the path is a file, not a folder"}.get(exc.errno, "check the path and try again")
    return f"{path}: {reason}; {fix}" if path else f"{reason}; {fix}"


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a :class:`MoonbaseError` becomes one line on stderr and exit status 2.

    SIGINT, SIGTERM and SIGHUP print one "interrupted" line, remove any staging folder or temporary file, and
    exit with 128 + the signal number (130, 143, 129).
    """
    from .. import worksize

    hard = argv is None  # a real process: may leave without waiting for worker threads
    reset_interrupts()
    previous = _install_signal_handlers()
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_unraisable(previous_hook)
    worksize.set_memory_limit(None)
    try:
        result = app(args=argv, prog_name="moonbase", standalone_mode=False)
        raise_if_interrupted()  # a signal whose exception a C callback swallowed
    except _CLICK_ERROR as exc:  # a bad option or argument, before any work: one line too
        if type(exc).__name__ == "NoArgsIsHelpError":  # `moonbase` or a group alone: its help
            exc.show()
            sys.exit(0)
        remove_leftovers()
        where = f" (see `{exc.ctx.command_path} --help`)" if getattr(exc, "ctx", None) is not None else ""
        typer.echo(f"moonbase: error: {exc.format_message()}{where}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        _stop(130, "interrupted", hard)
    except MoonbaseError as exc:
        remove_leftovers()
        typer.echo(f"moonbase: error: {cli_message(exc)}", err=True)
        sys.exit(2)
    except (Interrupted, KeyboardInterrupt) as exc:
        _stop(getattr(exc, "exit_code", 130), "interrupted", hard)
    except SystemError as exc:
        interrupt = _interrupt_in(exc)
        if interrupt is None:
            raise
        _stop(getattr(interrupt, "exit_code", 130), "interrupted", hard)
    except OSError as exc:
        remove_leftovers()
        typer.echo(f"moonbase: error: {_path_error(exc)}", err=True)
        sys.exit(2)
    except MemoryError:
        remove_leftovers()
        typer.echo("moonbase: error: ran out of memory; use a shorter period, a coarser step or a smaller region "
                   "(see --memory-limit)", err=True)
        sys.exit(2)
    finally:
        reset_interrupts()
        sys.unraisablehook = previous_hook
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
