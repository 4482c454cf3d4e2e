"""``moonbase contention``: candidate sites of different programmes against each other and the scarce ground;
``contention psr`` makes a permanent-shadow map; ``contention ground`` lists the lit and shadowed patches of a map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from ..output import atomic_directory, columns_to_csv, dumps_json, write_text_atomic
from .options import DemOption, JsonOption, height_option, say_written

contention_app = typer.Typer(help="Contention for the same ground: distances, keep-out overlaps, sightlines, shared "
                                  "lit ground and PSRs between candidate sites of different programmes.")

MapOption = Annotated[Optional[Path], typer.Option("--map", help="A sunlight map GeoTIFF (`moonbase map sunlight`).")]
PsrOption = Annotated[Optional[Path], typer.Option("--psr", help="A permanent-shadow GeoTIFF (`moonbase contention psr`) "
                                                   "on the same grid as --map.")]


def _ground(map_path: Path | None, psr_path: Path | None):
    from ..contention.grid import read_map
    from ..contention.ground import scarce_ground

    if map_path is None and psr_path is None:
        return None, None
    grid = read_map(map_path or psr_path)
    psr = read_map(psr_path) if (psr_path is not None and map_path is not None) else None
    return grid, scarce_ground(grid, psr)


def _patch_rows(ground) -> dict:
    patches = [p for t in ground.lit_patches for p in ground.lit_patches[t]] + ground.psr_patches
    keys = ("kind", "rank", "area_km2", "centroid_lat_deg", "centroid_lon_deg", "best_value", "best_lat_deg",
            "best_lon_deg", "nearest_site", "nearest_site_km")
    return {k: [getattr(p, k) for p in patches] for k in keys}


@contention_app.callback(invoke_without_command=True)
def contention_command(
    ctx: typer.Context,
    map_path: MapOption = None,
    psr_path: PsrOption = None,
    dem: DemOption = None,
    sites: Annotated[Optional[list[Path]], typer.Option("--sites", help="A CSV of more candidates: key,name,programme,"
                                                        "lat,lon,tag,source (repeatable).")] = None,
    keep_out_km: Annotated[Optional[float], typer.Option("--keep-out-km", help="Keep-out (safety-zone) radius [km]; "
                                                         "the Accords set no size. Default 2 km [M].")] = None,
    rover_km: Annotated[Optional[float], typer.Option("--rover-radius-km", help="Rover radius [km]. Default 10 km, a "
                                                      "chosen value [M].")] = None,
    lit_pct: Annotated[float, typer.Option("--lit-pct", help="Lit ground that counts: lit more than this [%]: 70, 80 or 90.")] = 80.0,
    mast: height_option("Default 2: an observer at each end, as the plan's station.observer_height_m.", "--mast-height",
                        "Height of each end of a sightline, in metres above the local ground") = 2.0,
    top: Annotated[int, typer.Option(help="Rows shown in the terminal.")] = 15,
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder to write: contention.json, pairs.csv, "
                                                "contested.csv, patches.csv and contention.html (map; offline).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Every pair of candidate sites of different programmes: distance, same place, keep-out overlap, line of sight
    over the terrain, lit ground and PSRs within the rover radius of both; and the contested patches, ranked."""
    if ctx.invoked_subcommand is not None:
        return
    from ..contention.candidates import candidates
    from ..contention.ground import LIT_THRESHOLDS_PCT
    from ..contention.pairs import contention
    from ..contention.radii import ROVER, SAFETY_ZONE
    from ..terrain.source import terrain_stack

    if lit_pct not in LIT_THRESHOLDS_PCT:
        raise InputError("--lit-pct", lit_pct, f"one of {', '.join(f'{t:g}' for t in LIT_THRESHOLDS_PCT)}")
    for name, value in (("--keep-out-km", keep_out_km), ("--rover-radius-km", rover_km)):
        if value is not None and not 0.0 <= value <= 200.0:
            raise InputError(name, value, "a radius between 0 and 200 km")
    grid, ground = _ground(map_path, psr_path)
    stack = terrain_stack(dem or ())
    result = contention(candidates(sites or ()), grid, ground, stack, SAFETY_ZONE.with_value(keep_out_km),
                        ROVER.with_value(rover_km), lit_threshold_pct=lit_pct, mast_height_m=mast)
    record = result.as_record()
    if ground is not None:
        record["scarce_ground"] = ground.as_record()
    record["note"] = ("physical facts under the stated radii (areas, distances, sightlines, overlaps); "
                      "not a verdict about any state or programme")
    if out is not None:
        from ..report.contention_plots import contention_figure
        from ..report.partners_plots import offline_page

        pair_keys = ("a", "b", "programme_a", "programme_b", "distance_km", "same_place", "keep_out_overlap",
                     "line_of_sight", "clearance_m", "shared_lit_km2", "shared_psr_km2")
        contested = [c.as_record() for c in result.contested]
        with atomic_directory(out) as staging:
            write_text_atomic(staging / "contention.json", dumps_json(record))
            write_text_atomic(staging / "pairs.csv", columns_to_csv(
                {k: [getattr(p, k) for p in result.pairs] for k in pair_keys}))
            write_text_atomic(staging / "contested.csv", columns_to_csv({
                "kind": [c["kind"] for c in contested], "area_km2": [c["area_km2"] for c in contested],
                "centroid_lat_deg": [c["centroid_lat_deg"] for c in contested],
                "centroid_lon_deg": [c["centroid_lon_deg"] for c in contested],
                "programmes": [c["programmes"] for c in contested],
                "sites": [";".join(f"{p}:{'+'.join(v)}" for p, v in c["sites"].items()) for c in contested]}))
            if ground is not None:
                write_text_atomic(staging / "patches.csv", columns_to_csv(_patch_rows(ground)))
            page = offline_page("Contention for the same ground", [contention_figure(grid, ground, result)]
                                if grid is not None else [contention_figure(None, None, result)],
                                [record["note"], *result.caveats])
            write_text_atomic(staging / "contention.html", page)
        say_written(*(out / n for n in ("contention.html", "contention.json", "pairs.csv", "contested.csv")),
                    *([out / "patches.csv"] if ground is not None else []), as_json=as_json)
    if as_json:
        typer.echo(dumps_json(record))
        return
    counts = record["counts"]
    typer.echo(f"{counts['pairs']} pairs of different programmes among {counts['candidates']} candidates: "
               f"{counts['same_place']} at the same place, {counts['keep_out_overlaps']} with overlapping keep-out "
               f"circles ({result.keep_out.value_km:g} km), {counts['in_sight']} in sight of each other, "
               f"{counts['sharing_lit_ground']} sharing lit ground and {counts['sharing_psr']} sharing PSRs within "
               f"{result.rover.value_km:g} km")
    for a, b, d in result.coincident:
        typer.echo(f"  same place: {a} = {b} ({d * 1000:.0f} m apart)")
    for p in result.pairs[:top]:
        sight = {True: "in sight", False: "no sight", None: "sight ?"}[p.line_of_sight]
        psr = "-" if p.shared_psr_km2 is None else f"{p.shared_psr_km2:.1f}"
        typer.echo(f"  {p.a:28s} {p.b:30s} {p.distance_km:7.1f} km  {sight:8s}  lit {p.shared_lit_km2:6.2f} km²  "
                   f"PSR {psr} km²")
    for c in result.contested[:top]:
        typer.echo(f"  contested {c.kind:7s} {c.area_km2:8.2f} km² at {c.centroid_lat_deg:.2f}°, {c.centroid_lon_deg:.1f}°E: "
                   + "; ".join(f"{p}: {', '.join(v)}" for p, v in c.sites.items()))
    for line in result.caveats:
        typer.echo(f"  caveat: {line}")


@contention_app.command("psr")
def psr_command(
    dem: DemOption = None,
    out: Annotated[Path, typer.Option("--out", help="GeoTIFF to write (bands psr, shadow_margin_deg).")] = Path("psr.tif"),
    start: Annotated[Optional[str], typer.Option("--start", help="Start, ISO 8601 UTC (default: the nodal cycle from 2024-01-01).")] = None,
    end: Annotated[Optional[str], typer.Option("--end", help="End, ISO 8601 UTC (default: 18.6 years after the start).")] = None,
    step: Annotated[str, typer.Option("--step", help="Step of the Sun's track.")] = "2h",
    height: height_option("Default 0: permanent shadow is the shadow of the ground itself (a raised observer "
                          "sees more sunlight).") = 0.0,
    window: Annotated[Optional[tuple[int, int, int, int]], typer.Option(help="Rows and columns of the finest DEM: ROW0 ROW1 COL0 COL1.")] = None,
    azimuths: Annotated[int, typer.Option(help="Horizon azimuths swept.")] = 720,
    as_json: JsonOption = False,
) -> None:
    """Permanently shadowed pixels: the terrain horizon above the Sun's upper-limb envelope in every azimuth over
    the period (by default a whole 18.6-year nodal cycle)."""
    from ..contention.grid import grid_from_dataset
    from ..contention.ground import scarce_ground
    from ..contention.shadow import NODAL_CYCLE, shadow_map
    from ..environment.site import moon_sky_for
    from ..progress import progress_bar
    from ..report.maps import write_geotiff
    from ..terrain.source import required_terrain_stack
    from ..terrain.sweep import HorizonSweep
    from ..timegrid import utc_grid

    if out.suffix.lower() not in (".tif", ".tiff"):
        raise InputError("--out", str(out), "a .tif path")
    stack = required_terrain_stack(dem or (), "a permanent-shadow map (on a polar stereographic DEM)")
    sweep = HorizonSweep(stack, window, height)
    sky = moon_sky_for(utc_grid(start or NODAL_CYCLE[0], end or NODAL_CYCLE[1], step))
    with progress_bar() as progress:
        task = progress.add_task("permanent shadow (azimuths)", total=azimuths)
        shadow = shadow_map(sweep, sky, azimuths, progress=lambda n: progress.advance(task, n))
    dataset = shadow.to_dataset()
    write_geotiff(out, dataset, ["psr", "shadow_margin_deg"])
    ground = scarce_ground(grid_from_dataset(dataset, out.name))
    summary = {"geotiff": str(out), "period": list(shadow.period), "epochs": shadow.epochs, "azimuths": azimuths,
               "psr_area_km2": ground.psr_area_km2, "psr_patches": ground.psr_patch_count,
               "largest": [p.as_record() for p in ground.psr_patches[:5]]}
    if as_json:
        typer.echo(dumps_json(summary))
    else:
        typer.echo(f"wrote {out}: {ground.psr_area_km2:.1f} km² permanently shadowed in {ground.psr_patch_count} patches "
                   f"({shadow.period[0][:10]} to {shadow.period[1][:10]})")


@contention_app.command("ground")
def ground_command(
    map_path: MapOption = None,
    psr_path: PsrOption = None,
    as_json: JsonOption = False,
) -> None:
    """Area lit more than 70/80/90 % of the time and permanently shadowed, with the largest patches and the
    distance from each to the nearest named site."""
    if map_path is None and psr_path is None:
        raise InputError("--map", None, "a sunlight map (--map FILE) and/or a PSR map (--psr FILE)")
    _, ground = _ground(map_path, psr_path)
    record = ground.as_record()
    if as_json:
        typer.echo(dumps_json(record))
        return
    for entry in record["lit"]:
        typer.echo(f"lit > {entry['threshold_pct']:g} %: {entry['area_km2']:.2f} km² in {entry['patches']} patches")
        for p in entry["largest"][:5]:
            typer.echo(f"   {p['area_km2']:7.2f} km²  best {p['best_value']:.1f} % at {p['best_lat_deg']:.3f}°, "
                       f"{p['best_lon_deg']:.2f}°E; {p['nearest_site_km']:.1f} km from {p['nearest_site']}")
    psr = record["psr"]
    if psr["area_km2"] is None:
        typer.echo(f"permanent shadow: not computed ({psr['basis']})")
    else:
        typer.echo(f"permanently shadowed: {psr['area_km2']:.1f} km² in {psr['patches']} patches ({psr['basis']})")
        for p in psr["largest"][:5]:
            typer.echo(f"   {p['area_km2']:8.1f} km² at {p['centroid_lat_deg']:.2f}°, {p['centroid_lon_deg']:.1f}°E; "
                       f"{p['nearest_site_km']:.1f} km from {p['nearest_site']}")


def register(app: typer.Typer) -> None:
    app.add_typer(contention_app, name="contention")
