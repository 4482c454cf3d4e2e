"""Entry point: ``moonbase COMMAND ...``. User errors print one line and exit with status 2."""

from __future__ import annotations

import sys

import typer

from .. import __version__
from ..errors import MoonbaseError

app = typer.Typer(
    name="moonbase",
    help="Plan a lunar research station: sunlight, Earth visibility, comms, power, access, traffic, campaign.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.command()
def version() -> None:
    """Print the Moonbase version."""
    typer.echo(__version__)


def _register() -> None:
    from . import (catalog, cola, comms, contention, data, ephem, horizon, maps, partners, plan, scenarios, screen, site,
                   sites, terrain)

    for module in (plan, scenarios, sites, ephem, horizon, terrain, data, site, comms, catalog, screen, cola, maps, partners,
                   contention):
        module.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a :class:`MoonbaseError` becomes one line on stderr and exit status 2."""
    try:
        app(args=argv, prog_name="moonbase", standalone_mode=True)
    except MoonbaseError as exc:
        typer.echo(f"moonbase: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("moonbase: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
