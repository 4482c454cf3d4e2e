"""``moonbase visible``: could anyone on Earth see the station, its flag or its lights, and when."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..ephemeris import LunarEphemeris
from ..output import dumps_json, write_text_atomic
from ..sites import resolve_point
from ..terrain.source import resolve_horizon
from ..timegrid import utc_grid
from .options import DemOption, height_option, say_written, EndOption, JsonOption, LatOption, LonOption, SiteOption, StartOption, StepOption


def visible(
    site: SiteOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    height: height_option("Default 10: a lamp on the plan's mast (station.mast_height_m). Without --dem, the "
                          "built-in site horizons hold 2 and 10 only.", what="Height of the lamp or mast, in metres "
                          "above the local ground") = 10.0,
    observer: Annotated[str, typer.Option("--observer", help="beijing, moscow, washington, paranal, mauna-kea, ... or LAT,LON[,HEIGHT_M].")] = "beijing",
    instrument: Annotated[str, typer.Option("--instrument", help="naked-eye, binoculars-7x50, binoculars-15x70, amateur-20cm, amateur-40cm, vlt-8m, vlt-8m-ao, hst, elt-39m, radar-gbt-vlba.")] = "binoculars-7x50",
    lamp_kw: Annotated[float, typer.Option("--lamp-kw", help="Electrical power of the lamp [kW].")] = 10.0,
    efficacy: Annotated[float, typer.Option("--efficacy", help="Luminous efficacy [lm/W] (white LED ~100).")] = 100.0,
    beam: Annotated[str, typer.Option("--beam", help="hemispherical, or earth (a beam that just covers the Earth).")] = "hemispherical",
    flag_m: Annotated[float, typer.Option("--flag-m", help="Size of the flag [m].")] = 1.2,
    start: StartOption = ...,
    end: EndOption = ...,
    step: StepOption = "1h",
    dem: DemOption = None,
    ics: Annotated[Optional[Path], typer.Option("--ics", help="Write the best windows as an iCalendar file.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Seen from Earth: whether a flag, the station or a lamp at a lunar site can be seen, and when.

    Prints one plain sentence, then the geometry (when the site faces the observer), what each
    instrument resolves there, the lamp power each needs, and the best windows for --instrument.
    """
    from ..observe.assess import DEFAULT_FEATURES, Feature
    from ..observe.best import windows_to_ics
    from ..observe.instruments import get_instrument
    from ..observe.lamp import Lamp
    from ..observe.observers import resolve_observer
    from ..observe.summary import seen_from_earth

    point = resolve_point(site, lat, lon, height)
    chosen = get_instrument(instrument)
    place = resolve_observer(observer)
    lamp = Lamp(lamp_kw * 1000.0, efficacy, beam)
    features = (Feature("flag", "flag", flag_m, "[U]", "--flag-m"),) + DEFAULT_FEATURES[1:]
    horizon = resolve_horizon(point, dem or ())
    sky = LunarEphemeris.default().moon_sky(utc_grid(start, end, step))
    result = seen_from_earth(sky, point, horizon.to_mask(), [place], chosen, lamp, features)
    record = result.record()
    if ics is not None:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        title = f"{chosen.label} from {place.name}: {point.name or 'site'}"
        write_text_atomic(ics, windows_to_ics(result.windows, title, stamp))
        record["ics"] = str(ics)
        say_written(ics, detail=f" ({len(result.windows)} window(s))", as_json=as_json)
    if as_json:
        typer.echo(dumps_json(record))
        return
    console = Console(width=150)
    console.print(result.answer)
    g = record["geometry"]
    console.print(f"\nThe site faces {place.name} {g['faces_observer_pct']:.1f}% of the period "
                  f"({g['faces_and_moon_up_pct']:.1f}% with the Moon up there; dark site, night, Moon above 10°: "
                  f"{g['faces_dark_site_night_moon_up_pct']:.1f}%). Earth up to {g['above_skyline_max_deg']:.2f}° above the "
                  f"skyline; 1″ = {g['along_limb_m_per_arcsec_median'] / 1000:.2f} km along the limb, "
                  f"foreshortened {g['foreshortening_median'] or float('nan'):.0f}× across it (median).")
    table = Table(title="What each instrument resolves at the site (typical seeing, median distance)")
    for column in ("instrument", "resolution ″", "along limb m", "across limb m", f"{flag_m:g} m flag", "100 m footprint"):
        table.add_column(column, justify="right")
    from ..observe.assess import one_in

    for row in record["resolution"]:
        arcsec = "radar" if row["resolution_arcsec"] != row["resolution_arcsec"] else f"{row['resolution_arcsec']:.3g}"
        table.add_row(row["label"], arcsec, f"{row['along_limb_m']:,.0f}",
                      f"{row['across_limb_m']:,.0f}", one_in(row["flag_fraction"]), one_in(row["footprint_fraction"]))
    console.print(table)
    table = Table(title=f"A {lamp_kw:g} kW {beam} lamp ({efficacy:g} lm/W): limiting magnitude and power needed")
    for column in ("instrument", "observable %", "limit V best", "limit V typical", "lamp V", "power best", "power typical"):
        table.add_column(column, justify="right")
    from ..observe.assess import format_power

    for row in record["lamps"]:
        table.add_row(row["label"], f"{row['observable_pct']:.1f}", f"{row['best_limit_mag']:.1f}",
                      f"{row['typical_limit_mag']:.1f}", f"{row['lamp_mag']:.1f}", format_power(row["best_power_w"]),
                      format_power(row["typical_power_w"]))
    console.print(table)
    if result.windows:
        table = Table(title=f"Best windows for {chosen.label} (site facing, site dark, Moon above 10° at night)")
        for column in ("start UTC", "hours", "best UTC", "limit V", "lamp V", "margin"):
            table.add_column(column, justify="right")
        for w in result.windows:
            table.add_row(w["start"][:16], f"{w['hours']:g}", w["best_time"][:16], f"{w['limit_mag']:.1f}",
                          f"{w['lamp_mag']:.1f}", f"{w['margin_mag']:+.1f}")
        console.print(table)
    console.print(f"horizon: {g['horizon_source']}")


def register(app: typer.Typer) -> None:
    app.command("visible")(visible)
