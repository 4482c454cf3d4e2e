"""``moonbase screen``: conjunction screening of catalogue files (all against all, or chosen primaries)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import numpy as np
import typer

from ..output import columns_to_csv, dumps_json, write_text_atomic
from .catalog import FilesArgument, PackagedOption, SkipBadOption, load_files_or_packaged
from .options import JsonOption, say_written


def screen_command(
    files: FilesArgument = None,
    *,
    start: Annotated[str, typer.Option("--start", help="Start of the period, ISO 8601 UTC.")],
    hours: Annotated[float, typer.Option("--hours", help="Length of the period [h].")] = 24.0,
    threshold_km: Annotated[float, typer.Option("--threshold-km", help="Report approaches closer than this [km] (SOCRATES: 5).")] = 5.0,
    out: Annotated[Path, typer.Option("--out", help="Events CSV (one row per event); exclusions go to <name>.excluded.csv.")] = Path("events.csv"),
    primary: Annotated[Optional[list[int]], typer.Option("--primary", help="NORAD number to screen against the catalogue (repeatable); default all against all.")] = None,
    cdm_dir: Annotated[Optional[Path], typer.Option("--cdm-dir", help="Also write one CCSDS CDM per event into this folder.")] = None,
    max_age_days: Annotated[float, typer.Option("--max-age-days", help="Leave out element sets further than this from the period [days].")] = 14.0,
    hard_body_radius_m: Annotated[float, typer.Option("--hbr-m", help="Hard-body radius per object for Pc [m].")] = 5.0,
    skip_bad: SkipBadOption = False,
    packaged: PackagedOption = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a --cdm-dir folder that is not a previous CDM output.")] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal.")] = True,
    as_json: JsonOption = False,
) -> None:
    """Find close approaches: TCA, miss distance, radial/in-track/cross-track, relative speed, Pc."""
    from ..errors import InputError
    from ..progress import progress_bar
    from ..timegrid import parse_instant
    from ..traffic.screening import DEFAULT_KNOT_STEP_S, screen

    from .. import validate, worksize
    from ..output import check_output_dir, check_output_file

    start_utc = parse_instant(start, "--start")
    hours = validate.positive(hours, "--hours", maximum=24 * 366, unit="h")
    threshold_km = validate.positive(threshold_km, "--threshold-km", maximum=1000.0, unit="km")
    max_age_days = validate.positive(max_age_days, "--max-age-days", maximum=3650.0, unit="days")
    hard_body_radius_m = validate.positive(hard_body_radius_m, "--hbr-m", maximum=10_000.0, unit="m")
    check_output_file(out, "--out", (".csv",))
    check_output_file(out.with_suffix(".excluded.csv"), "--out (its .excluded.csv)")
    if cdm_dir is not None:
        check_output_dir(cdm_dir, "cdm", "--cdm-dir", force)
    catalog = load_files_or_packaged(files, packaged, skip_bad)
    knots = int(np.ceil(hours * 3600 / DEFAULT_KNOT_STEP_S)) + 1
    worksize.check(worksize.WorkSize(f"screening {len(catalog):,} objects over {hours:g} h", knots, DEFAULT_KNOT_STEP_S,
                                     worksize.SCREEN_BYTES_PER_OBJECT_KNOT * len(catalog), unit="time steps"),
                   None, "--hours")
    primaries = None
    if primary:
        lookup = {int(n): i for i, n in enumerate(catalog.norad)}
        missing = [n for n in primary if n not in lookup]
        if missing:
            raise InputError("--primary", missing[0], "a NORAD number present in the catalogue files")
        primaries = np.array([lookup[n] for n in primary])
    with progress_bar(progress) as bar:
        task = bar.add_task("screening", total=int(np.ceil(hours * 3600 / DEFAULT_KNOT_STEP_S)))
        result = screen(catalog, start_utc, hours, threshold_km, primaries, max_age_days,
                        hard_body_radius_m=hard_body_radius_m, progress=lambda n: bar.advance(task, n))
    events = result.events
    write_text_atomic(out, columns_to_csv(events.columns()))
    excluded_path = out.with_suffix(".excluded.csv")
    write_text_atomic(excluded_path, columns_to_csv({
        "norad": [e.norad for e in result.excluded], "name": [e.name for e in result.excluded],
        "reason": [e.reason for e in result.excluded]}))
    if cdm_dir is not None:
        from ..traffic.cdm import write_cdms

        write_cdms(events, catalog, cdm_dir, force=force)
    summary = {
        "objects_read": len(catalog), "objects_screened": result.objects_screened, "primaries": result.primaries,
        "excluded": len(result.excluded), "events": len(events), "threshold_km": threshold_km,
        "start_utc": result.start_utc, "hours": hours, "events_csv": str(out), "excluded_csv": str(excluded_path),
        "closest": [
            {"norad_1": int(events.norad_1[i]), "norad_2": int(events.norad_2[i]), "name_1": events.name_1[i],
             "name_2": events.name_2[i], "tca": f"{np.datetime_as_string(events.tca_utc[i], unit='ms')}Z",
             "miss_km": float(events.miss_km[i]), "pc": float(events.pc[i])}
            for i in np.argsort(events.miss_km)[:5]
        ],
        "timings_s": {k: round(v, 2) for k, v in result.stats.items() if k.endswith("_s")},
    }
    if as_json:
        say_written(out, excluded_path, *([f"{cdm_dir}/"] if cdm_dir else []), as_json=True)
        typer.echo(dumps_json(summary))
        return
    typer.echo(f"screened {result.objects_screened:,} objects ({result.primaries:,} primaries) over {hours:g} h from "
               f"{np.datetime_as_string(result.start_utc, unit='s')}Z; {len(result.excluded):,} left out "
               f"(see {excluded_path})")
    typer.echo(f"{len(events):,} events closer than {threshold_km:g} km -> {out}" + (f" and {cdm_dir}/" if cdm_dir else ""))
    for row in summary["closest"]:
        typer.echo(f"  {row['tca']}  {row['norad_1']} {row['name_1']} / {row['norad_2']} {row['name_2']}: "
                   f"{row['miss_km']:.3f} km, Pc {row['pc']:.1e}")


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_command)
