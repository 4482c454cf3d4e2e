"""``moonbase cola``: launch collision avoidance: the closed and open seconds of a launch window."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import dumps_json
from .catalog import PackagedOption, SkipBadOption, load_files_or_packaged
from .options import JsonOption, say_written


def cola_command(
    site: Annotated[str, typer.Option("--site", help="Launch site: wenchang, xichang, jiuquan, taiyuan, baikonur, vostochny, kennedy.")],
    altitude_km: Annotated[float, typer.Option("--altitude-km", help="Circular parking-orbit altitude [km].")],
    window_start: Annotated[str, typer.Option("--window-start", help="First launch second, ISO 8601 UTC.")],
    catalog: Annotated[Optional[list[Path]], typer.Option("--catalog", help="Catalogue file (repeatable): TLE/3LE or OMM.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder: intervals.csv, cola.json, closest.csv, seconds.csv, timeline.html.")] = Path("moonbase-cola"),
    inclination: Annotated[Optional[float], typer.Option("--inclination", help="Parking-orbit inclination [deg].")] = None,
    azimuth: Annotated[Optional[float], typer.Option("--azimuth", help="Launch azimuth [deg from north] instead of --inclination.")] = None,
    window_minutes: Annotated[float, typer.Option("--window-minutes", help="Window length [min]; every second is screened.")] = 120.0,
    coverage_minutes: Annotated[float, typer.Option("--coverage-minutes", help="Screen to this long after insertion [min] (NASA LSP: 100).")] = 100.0,
    miss_km: Annotated[float, typer.Option("--miss-km", help="Stand-off from uncrewed objects [km] (default 25: FAA tier as recalled, unverified).")] = 25.0,
    crewed_km: Annotated[float, typer.Option("--crewed-km", help="Stand-off from crewed objects [km] (NASA LSP: 200).")] = 200.0,
    pc_max: Annotated[Optional[float], typer.Option("--pc-max", help="Close on Pc above this for uncrewed objects instead of --miss-km.")] = None,
    sigma_km: Annotated[float, typer.Option("--sigma-km", help="Combined 1-sigma position uncertainty for --pc-max [km].")] = 1.0,
    max_age_days: Annotated[float, typer.Option("--max-age-days", help="Leave out element sets further than this from the window [days].")] = 14.0,
    skip_bad: SkipBadOption = False,
    packaged: PackagedOption = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an --out folder that is not a previous COLA output.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Which launch seconds are closed because the ascent or parking orbit passes too close to a catalogued object."""
    import numpy as np

    from ..errors import InputError
    from ..timegrid import parse_instant
    from ..traffic.cola import sweep
    from ..report.cola import COLA_FILES, write_cola
    from ..traffic.cola_output import cola_summary
    from ..traffic.launch import Ascent, geodetic_to_ecef_km, get_launch_site

    from .. import validate
    from ..output import check_output_dir

    launch_site = get_launch_site(site)
    if (inclination is None) == (azimuth is None):
        raise InputError("--inclination/--azimuth", None, "exactly one of --inclination or --azimuth")
    start_utc = parse_instant(window_start, "--window-start")
    altitude_km = validate.number(altitude_km, "--altitude-km", minimum=120.0, maximum=2000.0, unit="km")
    if inclination is not None:
        inclination = validate.number(inclination, "--inclination", minimum=0.0, maximum=180.0, unit="deg")
    if azimuth is not None:
        azimuth = validate.number(azimuth, "--azimuth", minimum=0.0, below=360.0, unit="deg")
    window_minutes = validate.positive(window_minutes, "--window-minutes", maximum=1440.0, unit="min")
    coverage_minutes = validate.positive(coverage_minutes, "--coverage-minutes", maximum=1440.0, unit="min")
    miss_km = validate.positive(miss_km, "--miss-km", maximum=10_000.0, unit="km")
    crewed_km = validate.positive(crewed_km, "--crewed-km", maximum=10_000.0, unit="km")
    if pc_max is not None:
        pc_max = validate.probability(pc_max, "--pc-max")
    sigma_km = validate.positive(sigma_km, "--sigma-km", maximum=1000.0, unit="km")
    max_age_days = validate.positive(max_age_days, "--max-age-days", maximum=3650.0, unit="days")
    check_output_dir(out, "cola", "--out", force)
    if inclination is None:
        # sin(az) = cos(i) / cos(lat)  ->  cos(i) = sin(az) cos(lat), geocentric latitude of the site.
        position = geodetic_to_ecef_km(launch_site.lat_deg, launch_site.lon_deg)
        lat_c = np.arcsin(position[2] / np.linalg.norm(position))
        inclination = float(np.degrees(np.arccos(np.sin(np.radians(azimuth)) * np.cos(lat_c))))
    ascent = Ascent(launch_site, altitude_km, inclination, ascending=azimuth is None or np.cos(np.radians(azimuth)) >= 0)
    loaded = load_files_or_packaged(catalog, packaged, skip_bad)
    result = sweep(loaded, ascent, start_utc, window_minutes, coverage_minutes,
                   miss_km, crewed_km, pc_max, sigma_km, max_age_days=max_age_days)
    write_cola(result, out, force)
    summary = cola_summary(result)
    say_written(*(out / name for name in COLA_FILES), as_json=as_json)
    if as_json:
        summary.pop("intervals")
        typer.echo(dumps_json(summary))
        return
    typer.echo(f"{launch_site.name} -> {altitude_km:g} km x {inclination:.2f} deg; window {summary['settings']['window_start_utc']} "
               f"+ {window_minutes:g} min, every second; {summary['objects_screened']} objects within reach, "
               f"{len(result.excluded)} left out")
    typer.echo(f"closed {summary['closed_seconds']:,} of {summary['launch_seconds']:,} s in {summary['closed_intervals']} "
               f"interval(s); longest open {summary['longest_open_s']:,} s")
    for row in summary["closest_approaches"][:5]:
        typer.echo(f"  {row['norad']} {row['name']}: {row['closest_km']:.1f} km (threshold {row['threshold_km']:g} km) "
                   f"for liftoff {row['launch_utc']}")


def register(app: typer.Typer) -> None:
    app.command("cola")(cola_command)
