"""Access: how the station is reached: the Δv from launch to the surface, the porkchop of the first
construction mission's month, a targeted transfer, the launch days of each mission, and the payload
each launcher–lander combination lands (published as ``access.payload`` for the campaign).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from ..access.budget import ARCHITECTURES, PUBLISHED_SOURCE, BudgetParameters, delta_v_budget, payload_table
from ..access.geocentric import tdb_from_utc
from ..access.porkchop import porkchop
from ..access.targeting import NoTransferError, TransferTargets, solve_transfer
from ..access.vehicles import Catalogue
from ..access.windows import launch_windows
from ..contract import Column, Figure, Plot, Section, SectionConfig, SectionData, SectionInputs, Series, Status, Table
from ..errors import MoonbaseError
from ..traffic.launch import get_launch_site

PORKCHOP_TOF_DAYS = np.linspace(3.0, 6.0, 31)
METHOD_TRANSFER = "targeted transfer: DE421 Earth (+J2), Moon and Sun point masses, B-plane differential correction"


class AccessConfig(SectionConfig):
    """``[access]`` in a scenario."""

    launch_site: str = Field("wenchang", description="a key of `moonbase access windows --help` sites")
    destination: Literal["llo", "nrho", "surface"] = Field("surface", description="where the budget ends")
    architecture: Literal["direct-llo", "nrho", "direct-descent"] | None = Field(
        None, description="default: nrho for the Artemis programme, direct-llo otherwise")
    parking_altitude_km: float | None = Field(None, ge=120.0, le=2000.0, description="default: [traffic]")
    parking_inclination_deg: float | None = Field(None, ge=0.0, le=180.0, description="default: [traffic]")
    tof_days: float = Field(4.7, ge=2.0, le=8.0, description="TLI to perilune [d] (Chang'e-5/6: 4.7 d)")
    perilune_altitude_km: float = Field(100.0, ge=10.0, le=5000.0)
    lunar_inclination_deg: float = Field(90.0, ge=0.0, le=180.0, description="90 = polar, for the south pole")
    plane_change_m_s: float = Field(0.0, ge=0.0, le=2000.0, description="window budget [m/s]")
    reserve_fraction: float = Field(0.05, ge=0.0, le=0.5)
    descent_losses_km_s: float = Field(0.35, ge=0.0, le=1.5)
    ascent_losses_km_s: float = Field(0.15, ge=0.0, le=1.5)
    crewed: bool = False
    vehicles: list[dict[str, Any]] = Field(default_factory=list, description="[[access.vehicles]]: launchers or landers")


def _config(inputs: SectionInputs) -> AccessConfig:
    config = inputs.config
    if isinstance(config, AccessConfig):
        return config
    access = getattr(inputs.scenario, "access", None)
    data = access.model_dump() if hasattr(access, "model_dump") else dict(access or {})
    return AccessConfig(**data)


def _parking(config: AccessConfig, scenario) -> tuple[float, float]:
    traffic = getattr(scenario, "traffic", None)
    altitude = config.parking_altitude_km or getattr(traffic, "parking_altitude_km", 200.0)
    inclination = config.parking_inclination_deg or getattr(traffic, "parking_inclination_deg", 28.5)
    return float(altitude), float(inclination)


def _missions(scenario) -> list:
    campaign = getattr(scenario, "campaign", None)
    return list(getattr(campaign, "missions", []) or [])


def _first_construction_year(scenario) -> int:
    campaign = getattr(scenario, "campaign", None)
    missions = _missions(scenario)
    start = getattr(campaign, "construction_start", None)
    years = [m.year for m in missions if start is None or m.year >= start]
    return min(years) if years else 2030


def compute(inputs: SectionInputs) -> SectionData:
    config = _config(inputs)
    scenario = inputs.scenario
    data = SectionData(key="access", title="Access: launch windows, transfers, Δv and payload to the surface")
    site = get_launch_site(config.launch_site)
    altitude, inclination = _parking(config, scenario)
    programme = str(getattr(getattr(scenario, "campaign", None), "programme", "")).lower()
    architecture = config.architecture or ("nrho" if programme == "artemis" else "direct-llo")
    inputs.progress(0.05, "porkchop")

    # Porkchop of the first construction mission's month (January of its year: missions give years only).
    year = _first_construction_year(scenario)
    month = np.datetime64(f"{year}-01-01", "D") + np.arange(31)
    chop = porkchop(month, PORKCHOP_TOF_DAYS, altitude)
    grid_day, grid_tof = np.meshgrid(month.astype("datetime64[s]"), PORKCHOP_TOF_DAYS, indexing="ij")
    data.tables.append(Table("access_porkchop", f"TLI Δv over departure day × time of flight, January {year}", (
        Column("departure_utc", grid_day.ravel(), "UTC"), Column("tof_days", grid_tof.ravel(), "d"),
        Column("tli_dv_km_s", chop.tli_dv_km_s.ravel(), "km/s"),
        Column("arrival_vinf_km_s", chop.arrival_vinf_km_s.ravel(), "km/s"),
        Column("loi_100km_dv_km_s", chop.loi_100km_dv_km_s.ravel(), "km/s")),
        note=f"Earth-centred Lambert arcs to the DE421 Moon from a {altitude:g} km circular orbit [C]"))
    data.plots.append(Plot("access_porkchop", f"Porkchop: TLI Δv from {altitude:g} km, January {year}", "heatmap",
                           "access_porkchop", x="departure_utc", y="tof_days", z="tli_dv_km_s",
                           x_label="departure (UTC)", y_label="time of flight [d]",
                           note="colour: TLI Δv [km/s]; patched conic (Lambert), see the targeted transfer for flight values"))

    # Launch-day calendar for each mission (the mission's year) from the scenario's site and parking orbit.
    inputs.progress(0.3, "launch windows")
    rows: dict[str, list] = {"mission": [], "day": [], "open": [], "first_instant_utc": [], "opportunities": [],
                             "moon_declination_deg": []}
    windows_by_year: dict[int, Any] = {}
    for mission in _missions(scenario) or [type("M", (), {"name": f"{year}", "year": year})()]:
        if mission.year not in windows_by_year:
            windows_by_year[mission.year] = launch_windows(site, inclination, f"{mission.year}-01-01", f"{mission.year}-12-31",
                                                           tof_days=config.tof_days, plane_change_m_s=config.plane_change_m_s,
                                                           parking_altitude_km=altitude)
        w = windows_by_year[mission.year]
        first_instant = {}
        counts = {}
        for o in w.opportunities:
            day = o.utc.astype("datetime64[D]")
            first_instant.setdefault(day, o.utc)
            counts[day] = counts.get(day, 0) + 1
        for day, is_open, dec in zip(w.days, w.day_open, w.day_moon_declination_deg):
            rows["mission"].append(mission.name)
            rows["day"].append(day)
            rows["open"].append(bool(is_open))
            rows["first_instant_utc"].append(first_instant.get(day, np.datetime64("NaT", "s")))
            rows["opportunities"].append(counts.get(day, 0))
            rows["moon_declination_deg"].append(round(float(dec), 3))
    data.tables.append(Table("access_launch_days", f"Launch days from {site.name} to i = {inclination:g}°", tuple(
        Column(name, np.asarray(values), unit) for (name, values), unit in
        zip(rows.items(), ("", "UTC", "", "UTC", "", "deg"))),
        note=f"open: a plane of inclination {inclination:g}° through the site contains the Moon at arrival "
             f"({config.tof_days:g} d after launch) [C]; budget {config.plane_change_m_s:g} m/s"))
    w_first = windows_by_year[next(iter(windows_by_year))]
    first_open = w_first.opportunities[0].utc if w_first.opportunities else None

    # A targeted transfer from the first launch opportunity of the first construction year.
    inputs.progress(0.5, "targeted transfer")
    w_year = windows_by_year.get(year) or launch_windows(site, inclination, f"{year}-01-01", f"{year}-01-31",
                                                         tof_days=config.tof_days, parking_altitude_km=altitude)
    transfer = None
    for o in w_year.opportunities[:6]:
        tli = tdb_from_utc(o.utc)[0] + 1800.0  # ascent and parking coast ~30 min [M]
        try:
            transfer = solve_transfer(TransferTargets(tli, config.tof_days * 86400.0 - 1800.0, config.perilune_altitude_km,
                                                      config.lunar_inclination_deg, altitude, inclination))
            transfer_epoch = o.utc
            break
        except NoTransferError as exc:
            data.caveats.append(f"transfer from the {o.utc}Z opportunity not found: {exc}")
    vinf = transfer.arrival_vinf_km_s if transfer else 0.80
    params = BudgetParameters(altitude, 100.0, transfer.tli_dv_km_s if transfer else None, vinf,
                              config.descent_losses_km_s, config.ascent_losses_km_s, 2.5, config.reserve_fraction)
    if transfer:
        src = f"{METHOD_TRANSFER}; launch {transfer_epoch}Z, TLI 30 min later"
        data.figures += [
            Figure("tli_dv_km_s", "TLI Δv (targeted)", round(transfer.tli_dv_km_s, 4), "km/s", "[C]", src, 3),
            Figure("tof_h", "TLI to perilune", round(transfer.tof_s / 3600.0, 2), "h", "[C]", src, 1),
            Figure("arrival_vinf_km_s", "Arrival v∞", round(transfer.arrival_vinf_km_s, 4), "km/s", "[C]", src, 3),
            Figure("loi_llo_dv_km_s", f"LOI into {config.perilune_altitude_km:g} km circular", round(transfer.loi_circular_dv_km_s, 4),
                   "km/s", "[C]", src, 3),
            Figure("loi_nrho_dv_km_s", "LOI into the 9:2 NRHO (patched, plane aligned)", round(transfer.loi_nrho_dv_km_s, 4),
                   "km/s", "[C]", "v∞ of the targeted transfer, NRHO perilune from the CR3BP orbit", 3)]
        path = transfer.trajectory(every=2)
        data.tables.append(Table("access_trajectory", "Targeted transfer, TLI to perilune (geocentric ICRF)", (
            Column("hours_after_tli", (path[:, 0] - path[0, 0]) / 3600.0, "h"), Column("x_km", path[:, 1], "km"),
            Column("y_km", path[:, 2], "km"), Column("z_km", path[:, 3], "km")), note=src))
        data.plots.append(Plot("access_trajectory", "Transfer trajectory (ICRF x-y plane)", "line", "access_trajectory",
                               x="x_km", series=(Series("y_km", "spacecraft", "moon"),), x_label="x [km]", y_label="y [km]"))
    else:
        data.status = Status.PARTIAL
        data.caveats.append("no targeted transfer converged: the budget uses vis-viva TLI and v∞ = 0.80 km/s")

    # Δv budgets (all three architectures: the chosen one is the headline).
    budgets = {a: delta_v_budget(a, config.crewed, params) for a in ARCHITECTURES}
    chosen = budgets[architecture]
    legs = chosen.legs
    data.tables.append(Table("access_delta_v", f"Δv budget, {architecture}{' (crewed, with return)' if config.crewed else ''}", (
        Column("leg", [l.name for l in legs]), Column("computed_km_s", np.array([l.computed_km_s for l in legs]), "km/s"),
        Column("published_km_s", np.array([np.nan if l.published_km_s is None else l.published_km_s for l in legs]), "km/s"),
        Column("tag", [l.tag for l in legs]), Column("method", [l.method for l in legs])),
        note=f"published: {PUBLISHED_SOURCE} [R]"))
    data.figures.append(Figure("dv_to_surface_km_s", f"Δv from LEO to the surface ({architecture})",
                               round(chosen.total_km_s(to_surface_only=True), 3), "km/s", "[C]",
                               "sum of the computed legs of the Δv table, reserve included", 3))

    # Payload to the surface per launch.
    inputs.progress(0.8, "payload")
    catalogue = Catalogue.with_user(config.vehicles)
    estimates = payload_table(catalogue, budgets)
    data.tables.append(Table("access_payload", "Cargo landed per landing and per launch", (
        Column("combination", [e.key for e in estimates]), Column("architecture", [e.architecture for e in estimates]),
        Column("cargo_kg", np.array([e.cargo_kg for e in estimates]), "kg"),
        Column("cargo_per_launch_kg", np.array([e.cargo_per_launch_kg for e in estimates]), "kg"),
        Column("launches", np.array([e.launches for e in estimates])), Column("tag", [e.tag for e in estimates]),
        Column("method", [e.method + (f"; limited by {e.limited_by}" if e.limited_by else "") for e in estimates])),
        note="rocket equation over the computed Δv legs; vehicle figures from data/vehicles.toml with their sources"))
    data.plots.append(Plot("access_payload", "Cargo to the surface per launch", "bar", "access_payload", x="combination",
                           series=(Series("cargo_per_launch_kg", "cargo per launch [kg]"),), y_label="kg"))
    for mission in _missions(scenario)[:1]:
        try:
            launcher = catalogue.get(mission.vehicle, "launcher")
        except MoonbaseError as exc:
            data.caveats.append(f"{mission.name}: {exc}")
            continue
        options = [e for e in estimates if e.launcher == launcher.key]
        if options:
            best = max(options, key=lambda e: e.cargo_per_launch_kg)
            data.figures.append(Figure("payload_first_mission_kg", f"Cargo per launch, {mission.name} ({launcher.name} + {best.lander})",
                                       round(best.cargo_per_launch_kg), "kg", best.tag, best.method, 0))
    data.figures.append(Figure("open_days_first_year", f"Open launch days in {next(iter(windows_by_year))} (i = {inclination:g}°)",
                               int(w_first.day_open.sum()), "days", "[C]",
                               f"{site.name}: plane through the site containing the Moon at arrival", 0))
    for vehicle in catalogue.vehicles.values():
        if vehicle.tag in ("[A]", "[M]", "[3P]"):
            data.caveats.append(f"{vehicle.name}: figures {vehicle.tag}: {vehicle.source}")
    payload = {e.key: e.as_dict() for e in estimates}
    for launcher in {e.launcher for e in estimates}:  # and by launcher name: its best lander, for the campaign
        best = max((e for e in estimates if e.launcher == launcher), key=lambda e: e.cargo_per_launch_kg)
        record = {**best.as_dict(), "surface_kg": round(best.cargo_per_launch_kg, 1)}
        payload.setdefault(catalogue.get(launcher, "launcher").name, record)
        payload.setdefault(launcher, record)
    data.products["access.payload"] = payload
    best_all = max(estimates, key=lambda e: e.cargo_per_launch_kg) if estimates else None
    answer = (f"From {site.name} a {altitude:g} km × {inclination:g}° parking orbit reaches the Moon with "
              f"{(transfer.tli_dv_km_s if transfer else chosen.legs[0].computed_km_s / (1 + config.reserve_fraction)) * 1000:.0f} m/s at TLI; "
              f"the surface is {chosen.total_km_s(to_surface_only=True):.2f} km/s from LEO ({architecture}, with "
              f"{config.reserve_fraction:.0%} reserve)")
    if first_open is not None:
        answer += f"; the first window opens {str(first_open)[:16]}Z"
    if best_all:
        answer += f"; the most per launch lands with {best_all.key} ({best_all.cargo_per_launch_kg / 1000:.1f} t)."
    data.answer = answer
    inputs.progress(1.0, "done")
    return data


SECTION = Section(
    key="access",
    title="Access: launch windows, transfers, Δv and payload to the surface",
    compute=compute,
    config_model=AccessConfig,
    needs=(),
    provides=("access.payload",),
    summary_keys=("tli_dv_km_s", "dv_to_surface_km_s", "payload_first_mission_kg", "open_days_first_year"),
)
