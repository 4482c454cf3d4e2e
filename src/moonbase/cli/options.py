"""Options shared by many commands, so every command spells them the same way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

SiteOption = Annotated[Optional[str], typer.Option("--site", help="A named site (see `moonbase sites`).")]
LatOption = Annotated[Optional[str], typer.Option("--lat", help="Latitude, e.g. -89.45 or 89.45S.")]
LonOption = Annotated[Optional[str], typer.Option("--lon", help="Longitude east, e.g. 222.69 or 137.31W.")]
#: Every height on the command line is in metres above the local ground (the DEM surface; the 1,737.4 km
#: sphere where no terrain is used). The plan takes its two heights from the scenario (station.observer_height_m,
#: 2 m, and station.mast_height_m, 10 m); each command's default says which of the two it stands for.
HEIGHT_WORDING = "Height in metres above the local ground"


def height_option(default_reason: str, flag: str = "--height", what: str = HEIGHT_WORDING):
    """A ``--height``-like option in METRES whose help says why its default is what it is."""
    return Annotated[float, typer.Option(flag, metavar="METRES", help=f"{what}. {default_reason}")]


#: The observer of the plan (a standing person or a camera on a lander): 2 m by default.
HeightOption = height_option("Default 2: the plan's observer height (station.observer_height_m).")
#: An antenna, array or lamp on the plan's mast: 10 m by default.
MastHeightOption = height_option("Default 10: the plan's mast height (station.mast_height_m), where antennas "
                                 "and arrays stand.")
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
StartOption = Annotated[str, typer.Option("--start", help="Start, ISO 8601 UTC (e.g. 2030-01-01).")]
EndOption = Annotated[str, typer.Option("--end", help="End, ISO 8601 UTC, inclusive.")]
StepOption = Annotated[str, typer.Option("--step", help="Time step: 1h, 30min, 15s, 1d.")]
DemOption = Annotated[Optional[list[Path]], typer.Option(
    "--dem", help="A DEM (GeoTIFF, or PDS3 .LBL/.IMG); repeat for several, each used where valid, finest first. "
                  "Default: fetched LOLA products, else the built-in site horizons.")]


def say_written(*paths, detail: str = "", as_json: bool = False) -> None:
    """One line naming the files a command wrote: on stdout, or on stderr when stdout carries --json."""
    typer.echo(f"wrote {', '.join(str(p) for p in paths)}{detail}", err=as_json)


#: Python parameter names in model error messages → the CLI flags that set them: the one place
#: where the models' vocabulary (``dem_paths=``) becomes the command line's (``--dem``).
PARAMETER_FLAGS = {
    "dem_paths=[PATH, ...]": "--dem PATH (repeatable)",
    "dem_paths": "--dem",
    "site": "--site",
    "lat": "--lat",
    "lon": "--lon",
    "lat_deg": "--lat",
    "lon_deg": "--lon",
    "height_m": "--height",
    "step": "--step",
    "window": "--window",
    "scheduler": "--scheduler",
    "search_radius_km": "--search-radius-km",
    "n_azimuths": "--azimuths",
    "max_distance_km": "--max-distance",
    "criterion": "--criterion",
    "duration_h": "--stay",
    "min_earth_pct": "--min-earth-pct",
    "min_sun_fraction": "--min-sun-fraction",
    "min_earth_fraction": "--min-earth-fraction",
    "base_url": "--base-url",
    "skip_bad=True": "--skip-bad",
    "window_minutes": "--window-minutes",
    "coverage_minutes": "--coverage-minutes",
    "cdm_dir": "--cdm-dir",
    "launch_site": "--site",
    "inclination_deg": "--inclination",
    "altitude_km": "--altitude-km",
}

# A name counts only as a parameter: "name=" in a hint, or "name = value" as InputError writes it.
_PARAMETER = re.compile(
    r"(?<![\w.\-])(" + "|".join(re.escape(k) for k in sorted(PARAMETER_FLAGS, key=len, reverse=True)) + r")(?:(?<=\])|(?<=True)|( = |=))")


def cli_message(message: object) -> str:
    """A model's error message in the command line's vocabulary (``dem_paths = 'x'`` → ``--dem 'x'``)."""

    def flag(match: re.Match) -> str:
        name, equals = match.group(1), match.group(2)
        following = match.string[match.end():match.end() + 1]
        return PARAMETER_FLAGS[name] + (" " if equals == " = " or (equals and following.isalnum()) else "")

    return _PARAMETER.sub(flag, str(message))


#: How the CLI names a period's three values in its errors.
PERIOD_OPTIONS = ("--start", "--end", "--step")


def checked_grid(start, end, step, kind: str, sites: int = 1, what: str | None = None, names=PERIOD_OPTIONS):
    """The UTC epochs of ``--start``/``--end``/``--step``, after checking the work fits in memory (see worksize)."""
    from .. import worksize
    from ..timegrid import check_period, utc_grid

    _, step_ms, count = check_period(start, end, step, names)
    worksize.check(worksize.epochs_work(kind, count, step_ms / 1000.0, sites, what=what or f"`moonbase {kind}`"),
                   names[2], f"{names[0]}/{names[1]}")
    return utc_grid(start, end, step, names)


DEM_KIND = "DEM file (GeoTIFF .tif, or PDS3 .img/.lbl)"


def checked_dems(dem) -> list[Path]:
    """``--dem`` paths, each an existing readable file."""
    from ..validate import input_files

    return input_files(dem, "--dem", DEM_KIND)


def checked_height(height: float, option: str = "--height") -> float:
    from ..validate import height_above_ground

    return height_above_ground(height, option)


def checked_horizon_grid(azimuths: int, max_distance_km: float) -> tuple[int, float]:
    """``--azimuths`` (8 to 36,000) and ``--max-distance`` (0 to 1,000 km), shared by every horizon command."""
    from ..validate import count, number

    return (count(azimuths, "--azimuths", minimum=8, maximum=36_000),
            number(max_distance_km, "--max-distance", above=0.0, maximum=1000.0, unit="km"))
