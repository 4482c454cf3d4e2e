"""``moonbase comms`` and ``moonbase power``: contact with Earth, and the power system for the worst dark spell."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .. import validate
from ..comms.analysis import analyse_comms
from ..environment.site import moon_sky_for
from ..errors import InputError
from ..output import dumps_json
from ..power.analysis import analyse_power
from ..power.sizing import Load
from ..power.solar import ARRAY_MODES
from ..sites import resolve_point
from ..terrain.source import resolve_horizon
from .options import checked_dems, checked_grid, checked_height, DemOption, EndOption, MastHeightOption, JsonOption, LatOption, LonOption, SiteOption, StartOption, StepOption


def comms(
    site: SiteOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    height: MastHeightOption = 10.0,
    dem: DemOption = None,
    network: Annotated[list[str], typer.Option("--network", help="dsn, cdsn, russia, estrack or all (repeatable).")] = ["dsn"],  # noqa: B006
    relay: Annotated[Optional[list[str]], typer.Option("--relay", help="queqiao-2, queqiao-2-12h, lunar-pathfinder, nrho (repeatable).")] = None,
    start: StartOption = ...,
    end: EndOption = ...,
    step: StepOption = "10min",
    as_json: JsonOption = False,
) -> None:
    """Direct-to-Earth and relayed contact: availability, windows, gaps, link rate and daily data volume.

    DTE needs the Earth's centre above the site's terrain skyline (antenna at --height) and the Moon above
    at least one station's elevation mask.
    """
    point = resolve_point(site, lat, lon, checked_height(height))
    dem = checked_dems(dem)
    _check_links(network, relay or ())
    utc = checked_grid(start, end, step, "comms")
    horizon = resolve_horizon(point, dem or ())
    result = analyse_comms(moon_sky_for(utc), point, horizon.to_mask(), network, relay or ())
    result.pop("series")
    result["horizon_source"] = horizon.source
    if as_json:
        typer.echo(dumps_json(result))
        return
    table = Table(title=f"Contact from {point.name or 'site'} ({point.lat_deg:.3f}°, {point.lon_deg:.3f}°E, antenna {height:g} m)")
    for column in ("link", "available %", "longest gap h", "rate Mbit/s", "Gbit/day"):
        table.add_column(column, justify="right" if column != "link" else "left")
    for name, net in result["networks"].items():
        table.add_row(f"DTE {name}", f"{net['dte_pct']:.1f}", f"{net['longest_dte_gap_h']:g}", "", "")
    table.add_row("DTE combined", f"{result['dte_pct']:.1f}", f"{result['longest_dte_gap_h']:g}",
                  f"{result['dte_link']['data_rate_bps'] / 1e6:.1f}", f"{result['dte_daily_volume_gbit']:.0f}")
    for key, r in result["relays"].items():
        table.add_row(f"relay {key}", f"{r['relay_pct']:.1f}", f"{r['longest_relay_gap_h']:g}",
                      f"{r['data_rate_bps'] / 1e6:.1f}", f"{r['daily_volume_gbit']:.0f}")
    table.add_row("any link", f"{result['comms_pct']:.1f}", f"{result['longest_comms_gap_h']:g}", "", "")
    Console(width=120).print(table)
    for caveat in result["caveats"]:
        typer.echo(f"note: {caveat}")


def _check_links(networks: list[str], relays) -> None:
    """Every --network and --relay name is known (before any work)."""
    from ..comms.stations import network_names
    from ..orbits.relays import get_relay

    known = sorted(set(network_names()) | {"all"})
    for name in networks:
        if name not in known:
            raise InputError("--network", name, f"one of {', '.join(known)}")
    for key in relays:
        try:
            get_relay(key)
        except InputError as exc:
            raise InputError("--relay", key, exc.expected) from None


def power(
    site: SiteOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    height: MastHeightOption = 10.0,
    dem: DemOption = None,
    load_kw: Annotated[float, typer.Option("--load-kw", help="Continuous station load [kW].")] = 10.0,
    sunlit_load_kw: Annotated[float, typer.Option("--sunlit-load-kw", help="Extra load only while the array produces (ISRU, rover charging) [kW].")] = 0.0,
    start: StartOption = ...,
    end: EndOption = ...,
    step: StepOption = "1h",
    array: Annotated[str, typer.Option(help=f"Array type: {', '.join(ARRAY_MODES)}.")] = "vertical-tracking",
    fission: Annotated[bool, typer.Option(help="Allow fission units (10 kWe Kilopower, 40 kWe FSP).")] = True,
    as_json: JsonOption = False,
) -> None:
    """Size solar arrays, storage (Li-ion, regenerative fuel cells) and fission for the worst dark period."""
    point = resolve_point(site, lat, lon, checked_height(height))
    dem = checked_dems(dem)
    load_kw = validate.non_negative(load_kw, "--load-kw", maximum=10_000.0, unit="kW")
    sunlit_load_kw = validate.non_negative(sunlit_load_kw, "--sunlit-load-kw", maximum=10_000.0, unit="kW")
    if array not in ARRAY_MODES:
        raise InputError("--array", array, f"one of {', '.join(ARRAY_MODES)}")
    utc = checked_grid(start, end, step, "power")
    horizon = resolve_horizon(point, dem or ())
    loads = [Load("station", load_kw)] + ([Load("sunlit work", sunlit_load_kw, "sunlit")] if sunlit_load_kw else [])
    result = analyse_power(moon_sky_for(utc), point, horizon.to_mask(), loads, fission, array)
    result.pop("series")
    result["horizon_source"] = horizon.source
    if as_json:
        typer.echo(dumps_json(result))
        return
    table = Table(title=f"Power for {load_kw:g} kW at {point.name or 'site'} (array on a {height:g} m mast)")
    for column in ("option", "array kW", "storage kWh", "fission", "mass kg", "min SOC %"):
        table.add_column(column, justify="right" if column != "option" else "left")
    for o in result["options"]:
        mass = f"{o['system_mass_kg']:,.0f}" if o["feasible"] else "infeasible"
        table.add_row(o["option"], f"{o['array_kw']:.1f}", f"{o['storage_kwh']:.0f}", o["fission_units"], mass,
                      f"{o['min_soc_pct']:.1f}")
    Console(width=120).print(table)
    spell = result["limiting_spell"]
    typer.echo(f"lightest: {result['option']} at {result['system_mass_kg']:,.0f} kg"
               + (f"; limiting spell {spell['start']} .. {spell['end']} ({spell['hours']:g} h); storage margin "
                  f"{result['storage_margin_pct']:.0f} % = {result['margin_h']:.0f} h more darkness" if spell else ""))
    for caveat in result["caveats"]:
        typer.echo(f"note: {caveat}")


def register(app: typer.Typer) -> None:
    app.command("comms")(comms)
    app.command("power")(power)
