"""Entry point: ``moonbase COMMAND ...``. User errors print one line and exit with status 2."""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading

from typing import Annotated, Optional

import typer

from .. import __version__
from ..errors import Interrupted, MoonbaseError
from ..output import INTERRUPT_SIGNALS, interrupt_handler, raise_if_interrupted, remove_leftovers, reset_interrupts
from .options import cli_message

app = typer.Typer(
    name="moonbase",
    help="Plan a lunar research station: sunlight, Earth visibility, comms, power, access, traffic, campaign.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def settings(
    memory_limit: Annotated[Optional[str], typer.Option(
        "--memory-limit", help="Most memory a command may plan to use, e.g. 8GB (default: $MOONBASE_MEMORY_LIMIT, "
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


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f".{name}", __package__).register(app)


_register()


#: click's base exception (typer vendors click from 0.2x on, so it is found through a public class).
_CLICK_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


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
