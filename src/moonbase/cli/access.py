"""``moonbase access windows|transfer|porkchop|budget``: launch windows, Earth–Moon transfers, Δv and payload."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import numpy as np
import typer

from ..output import columns_to_csv, dumps_json, write_text_atomic
from .options import JsonOption, say_written

access_app = typer.Typer(help="Reaching the Moon: launch windows, transfers, porkchops, Δv budgets and payload.",
                         no_args_is_help=True)

SiteOpt = Annotated[str, typer.Option("--site", help="Launch site: wenchang, xichang, jiuquan, taiyuan, baikonur, vostochny, kennedy.")]
AltitudeOpt = Annotated[float, typer.Option("--altitude-km", help="Circular parking-orbit altitude [km].")]
TofOpt = Annotated[float, typer.Option("--tof-days", help="Launch (windows) or TLI (transfer) to lunar arrival [days].")]


@access_app.command("windows")
def windows_command(
    site: SiteOpt = "wenchang",
    inclination: Annotated[float, typer.Option("--inclination", help="Parking-orbit inclination [deg].")] = 19.6,
    start: Annotated[str, typer.Option("--start", help="First day, ISO 8601 UTC.")] = "2030-01-01",
    end: Annotated[str, typer.Option("--end", help="Last day, inclusive.")] = "2030-01-31",
    tof_days: TofOpt = 4.7,
    plane_change_m_s: Annotated[float, typer.Option("--plane-change-m-s", help="Plane-change budget that widens each window [m/s].")] = 0.0,
    azimuth_budget_deg: Annotated[float, typer.Option("--azimuth-budget-deg", help="Launch-azimuth freedom ± [deg].")] = 0.0,
    altitude_km: AltitudeOpt = 200.0,
    azimuth_min: Annotated[Optional[float], typer.Option("--azimuth-min", help="Range safety: least launch azimuth [deg].")] = None,
    azimuth_max: Annotated[Optional[float], typer.Option("--azimuth-max", help="Range safety: greatest launch azimuth [deg].")] = None,
    ics: Annotated[Optional[Path], typer.Option("--ics", help="Write the windows as an iCalendar file.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Daily instantaneous launch times to the Moon, the open days, and window widths for a budget."""
    from ..access.windows import launch_windows, to_ics
    from ..traffic.launch import get_launch_site

    limits = None
    if azimuth_min is not None or azimuth_max is not None:
        limits = (0.0 if azimuth_min is None else azimuth_min, 360.0 if azimuth_max is None else azimuth_max)
    found = launch_windows(get_launch_site(site), inclination, start, end, tof_days, plane_change_m_s,
                           azimuth_budget_deg, altitude_km, azimuth_limits_deg=limits)
    if ics is not None:
        write_text_atomic(ics, to_ics(found, str(np.datetime64("now", "s"))))
        say_written(ics, detail=f" ({len(found.opportunities)} launch opportunities)", as_json=as_json)
    if as_json:
        typer.echo(dumps_json({**found.summary(), "opportunities": [o.as_dict() for o in found.opportunities],
                               "days": [{"day": str(d), "open": bool(o), "moon_declination_deg": round(float(m), 3),
                                         "min_offplane_deg": round(float(b), 3)}
                                        for d, o, m, b in zip(found.days, found.day_open, found.day_moon_declination_deg,
                                                              found.day_min_offplane_deg)]}))
        return
    s = found.summary()
    typer.echo(f"{found.site.name}, i = {inclination:g} deg, arrival {tof_days:g} d after launch, budget {found.budget}: "
               f"{s['open_days']} of {s['days']} days open, {s['opportunities']} opportunities")
    for o in found.opportunities[:40]:
        typer.echo(f"  {o.utc}Z  {o.branch:10s} az {o.azimuth_deg:6.2f}  Moon dec {o.moon_declination_deg:6.2f}  "
                   f"window {o.width_min:5.1f} min")
    if len(found.opportunities) > 40:
        typer.echo(f"  ... {len(found.opportunities) - 40} more (--json for all)")


@access_app.command("transfer")
def transfer_command(
    date: Annotated[str, typer.Option("--date", help="TLI epoch, ISO 8601 UTC.")] = "2030-03-10T00:00",
    tof_days: TofOpt = 4.5,
    altitude_km: AltitudeOpt = 200.0,
    inclination: Annotated[float, typer.Option("--inclination", help="Parking-orbit inclination [deg].")] = 28.5,
    perilune_km: Annotated[float, typer.Option("--perilune-km", help="Perilune altitude [km].")] = 100.0,
    lunar_inclination: Annotated[float, typer.Option("--lunar-inclination", help="Inclination to the lunar equator [deg] (90 polar).")] = 90.0,
    max_tli_m_s: Annotated[Optional[float], typer.Option("--max-tli-m-s", help="The vehicle's TLI capability [m/s]: an error above it.")] = None,
    trajectory: Annotated[Optional[Path], typer.Option("--trajectory", help="Write the trajectory (geocentric ICRF) as CSV.")] = None,
    as_json: JsonOption = False,
) -> None:
    """A targeted transfer (DE421 Earth+J2, Moon, Sun) to a lunar perilune: TLI Δv, TOF, v∞, LOI Δv."""
    from ..access.geocentric import tdb_from_utc
    from ..access.targeting import TransferTargets, solve_transfer
    from ..errors import InputError
    from ..timegrid import parse_instant

    epoch = parse_instant(date, "--date")
    if not 2.0 <= tof_days <= 8.0:
        raise InputError("--tof-days", tof_days, "a direct-transfer time of flight between 2 and 8 days")
    if not 120.0 <= altitude_km <= 2000.0:
        raise InputError("--altitude-km", altitude_km, "a parking altitude between 120 and 2,000 km")
    found = solve_transfer(TransferTargets(float(tdb_from_utc(epoch)[0]), tof_days * 86400.0, perilune_km,
                                           lunar_inclination, altitude_km, inclination),
                           max_tli_dv_km_s=None if max_tli_m_s is None else max_tli_m_s / 1000.0)
    if trajectory is not None:
        rec = found.trajectory(every=1)
        hours = (rec[:, 0] - rec[0, 0]) / 3600.0
        write_text_atomic(trajectory, columns_to_csv({"hours_after_tli": hours, "x_km": rec[:, 1], "y_km": rec[:, 2],
                                                      "z_km": rec[:, 3], "vx_km_s": rec[:, 4], "vy_km_s": rec[:, 5],
                                                      "vz_km_s": rec[:, 6]}))
        say_written(trajectory, detail=f" ({len(hours)} states)", as_json=as_json)
    record = {"tli_utc": epoch, **found.as_dict()}
    if as_json:
        typer.echo(dumps_json(record))
        return
    typer.echo(f"TLI {epoch}Z from {altitude_km:g} km x {inclination:g} deg (RAAN {found.raan_deg:.2f}, u {found.tli_argument_deg:.2f} deg): "
               f"TLI {found.tli_dv_km_s * 1000:.1f} m/s")
    typer.echo(f"perilune after {found.tof_s / 3600:.2f} h at {found.perilune_altitude_km:.2f} km, i = {found.lunar_inclination_deg:.2f} deg, "
               f"v-inf {found.arrival_vinf_km_s * 1000:.1f} m/s")
    typer.echo(f"LOI into {perilune_km:g} km circular {found.loi_circular_dv_km_s * 1000:.1f} m/s; into the 9:2 NRHO "
               f"{found.loi_nrho_dv_km_s * 1000:.1f} m/s ({found.integrations} arcs integrated)")


@access_app.command("porkchop")
def porkchop_command(
    start: Annotated[str, typer.Option("--start", help="First departure day, ISO 8601 UTC.")] = "2030-01-01",
    days: Annotated[int, typer.Option("--days", help="Number of departure days.")] = 30,
    tof_min: Annotated[float, typer.Option("--tof-min", help="Shortest time of flight [d].")] = 3.0,
    tof_max: Annotated[float, typer.Option("--tof-max", help="Longest time of flight [d].")] = 6.0,
    tofs: Annotated[int, typer.Option("--tofs", help="Number of flight times.")] = 31,
    altitude_km: AltitudeOpt = 200.0,
    csv: Annotated[Optional[Path], typer.Option("--csv", help="Write every cell as CSV.")] = None,
    as_json: JsonOption = False,
) -> None:
    """TLI Δv and arrival v∞ over departure day × time of flight (Lambert arcs to the DE421 Moon)."""
    from ..access.porkchop import porkchop
    from ..errors import InputError
    from ..timegrid import parse_instant

    if not 1 <= days <= 3660 or not 2 <= tofs <= 500:
        raise InputError("--days/--tofs", (days, tofs), "1 to 3,660 departure days and 2 to 500 flight times")
    first = parse_instant(start, "--start").astype("datetime64[D]")
    chop = porkchop(first + np.arange(days), np.linspace(tof_min, tof_max, tofs), altitude_km)
    if csv is not None:
        d, t = np.meshgrid(chop.departure_utc, chop.tof_days, indexing="ij")
        write_text_atomic(csv, columns_to_csv({"departure_utc": d.ravel(), "tof_days": t.ravel(),
                                               "tli_dv_km_s": chop.tli_dv_km_s.ravel(),
                                               "arrival_vinf_km_s": chop.arrival_vinf_km_s.ravel(),
                                               "loi_100km_dv_km_s": chop.loi_100km_dv_km_s.ravel()}))
        say_written(csv, detail=f" ({d.size} departure x flight-time cells)", as_json=as_json)
    best = chop.best()
    if as_json:
        typer.echo(dumps_json({"best": best, "departure_utc": [f"{d}Z" for d in np.datetime_as_string(chop.departure_utc)],
                               "tof_days": chop.tof_days,
                               "tli_dv_km_s": np.round(chop.tli_dv_km_s, 5), "arrival_vinf_km_s": np.round(chop.arrival_vinf_km_s, 5)}))
        return
    typer.echo(f"{days} departure days x {tofs} flight times from {altitude_km:g} km: TLI {np.nanmin(chop.tli_dv_km_s):.3f}-"
               f"{np.nanmax(chop.tli_dv_km_s):.3f} km/s")
    typer.echo(f"least TLI + LOI(100 km): depart {best['departure_utc']}Z, {best['tof_days']:.2f} d, TLI {best['tli_dv_km_s']:.3f}, "
               f"v-inf {best['arrival_vinf_km_s']:.3f}, LOI {best['loi_100km_dv_km_s']:.3f} km/s")


@access_app.command("budget")
def budget_command(
    architecture: Annotated[str, typer.Option("--architecture", help="direct-llo, nrho or direct-descent.")] = "direct-llo",
    crewed: Annotated[bool, typer.Option("--crewed", help="Add the ascent and the return to Earth.")] = False,
    altitude_km: AltitudeOpt = 200.0,
    reserve: Annotated[float, typer.Option("--reserve", help="Reserve on computed legs (0.05 = 5 %).")] = 0.05,
    tli_m_s: Annotated[Optional[float], typer.Option("--tli-m-s", help="TLI Δv from a targeted transfer [m/s]; default vis-viva.")] = None,
    vinf_m_s: Annotated[float, typer.Option("--vinf-m-s", help="Arrival v-infinity [m/s].")] = 800.0,
    as_json: JsonOption = False,
) -> None:
    """Δv from LEO to the surface (and back) against the published table, and cargo landed per launch."""
    from ..access.budget import ARCHITECTURES, BudgetParameters, delta_v_budget, payload_table
    from ..access.vehicles import Catalogue
    from ..errors import InputError

    if architecture not in ARCHITECTURES:
        raise InputError("--architecture", architecture, f"one of {', '.join(ARCHITECTURES)}")
    if not 0.0 <= reserve <= 0.5:
        raise InputError("--reserve", reserve, "a fraction between 0 and 0.5")
    params = BudgetParameters(parking_altitude_km=altitude_km, tli_dv_km_s=None if tli_m_s is None else tli_m_s / 1000.0,
                              arrival_vinf_km_s=vinf_m_s / 1000.0, reserve_fraction=reserve)
    budget = delta_v_budget(architecture, crewed, params)
    budgets = {a: delta_v_budget(a, False, params) for a in ARCHITECTURES}
    payload = payload_table(Catalogue.with_user(), budgets)
    if as_json:
        typer.echo(dumps_json({"architecture": architecture, "crewed": crewed, "legs": budget.rows(),
                               "total_km_s": budget.total_km_s(), "payload": [e.as_dict() for e in payload]}))
        return
    typer.echo(f"{architecture}{' crewed' if crewed else ''}: computed (published) km/s")
    for row in budget.rows():
        published = "" if row["published_km_s"] is None else f"({row['published_km_s']:.3f})"
        typer.echo(f"  {row['leg']:22s} {row['computed_km_s']:6.3f} {published:8s} {row['tag']} {row['method']}")
    typer.echo(f"  {'total':22s} {budget.total_km_s():6.3f}")
    typer.echo("cargo to the surface:")
    for e in payload:
        typer.echo(f"  {e.key:30s} {e.cargo_kg:9.0f} kg/landing {e.cargo_per_launch_kg:9.0f} kg/launch {e.tag} {e.architecture}")


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")
