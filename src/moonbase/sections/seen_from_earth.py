"""Plan section "Seen from Earth": could anyone see the station, its flag or its lights, and when."""

from __future__ import annotations

import numpy as np
from pydantic import Field, field_validator

from ..contract import (Column, Status, Figure, Plot, Section, SectionConfig, SectionData, SectionInputs, Series, Table,
                        horizon_product, visibility_product)
from ..environment.visibility import HorizonMask
from ..errors import MoonbaseError
from ..geometry import SurfacePoint
from ..observe.assess import DEFAULT_FEATURES, Feature, format_power, one_in
from ..observe.instruments import INSTRUMENTS, get_instrument
from ..observe.lamp import BEAMS, Lamp
from ..observe.observers import resolve_observer
from ..observe.summary import seen_from_earth

CAVEATS = (
    "Observer coordinates, seeing, extinction, throughput, exposure (60 s), the 10 % clutter threshold, the "
    "scattered-light fractions and the eye's threshold constants are stated defaults [M], not measurements.",
    "Ground around the station is taken as horizontal for sunlight and tilted to the skyline toward Earth; real "
    "slopes change the background by up to a magnitude.",
    "Adaptive-optics and ELT figures assume a diffraction-limited core and a lamp that emits in their band; a "
    "white LED emits little at 2.3 µm.",
    "Allen's lunar phase law is not valid beyond a phase angle of 150° (a thin crescent); it is extrapolated there.",
    "Earthshine comes from a Lambert Earth of geometric albedo 0.367; measured earthshine varies by 0.25 mag per hour "
    "with terrestrial weather (Montañés-Rodríguez et al. 2007, doi:10.1086/519736).",
)


class SeenFromEarthConfig(SectionConfig):
    """Scenario table ``[seen_from_earth]``."""

    observers: list[str] = Field(default_factory=lambda: ["beijing", "moscow", "washington"],
                                 description="named observers or 'LAT,LON[,HEIGHT_M]'")
    instruments: list[str] = Field(default_factory=lambda: list(INSTRUMENTS), description="instrument keys")
    headline_instrument: str = Field("binoculars-7x50", description="the instrument of the plain answer")
    lamp_kw: float = Field(10.0, gt=0.0, le=1e9, description="lamp electrical power [kW]")
    efficacy_lm_w: float = Field(100.0, gt=0.0, le=683.0, description="lamp luminous efficacy [lm/W]")
    beam: str = Field("hemispherical", description="hemispherical or earth")
    lamp_height_m: float = Field(10.0, ge=0.0, le=1000.0, description="lamp height above the ground [m]")
    flag_m: float = Field(1.2, gt=0.0, le=1000.0, description="flag size [m]")
    footprint_m: float = Field(100.0, gt=0.0, le=100_000.0, description="station footprint [m]")

    @field_validator("observers")
    @classmethod
    def _known_observers(cls, value):
        for name in value:
            resolve_observer(name)
        if not value:
            raise ValueError("at least one observer")
        return value

    @field_validator("instruments")
    @classmethod
    def _known_instruments(cls, value):
        for key in value:
            get_instrument(key)
        return value

    @field_validator("beam")
    @classmethod
    def _known_beam(cls, value):
        if value not in BEAMS:
            raise ValueError(f"beam must be one of {', '.join(BEAMS)}")
        return value


def _optional(products, name: str):
    """A shared product if the plan has it, else None (this section can compute without it)."""
    try:
        return products.get(name)
    except MoonbaseError:
        return None


def _mask(horizon) -> HorizonMask:
    return horizon if isinstance(horizon, HorizonMask) else horizon.to_mask()


def _daily_table(view, key: str) -> Table:
    days = np.asarray(view.utc, dtype="datetime64[D]")
    unique, inverse = np.unique(days, return_inverse=True)
    counts = np.bincount(inverse)
    faces = view.faces_observer[0]
    dark = view.illumination.state != "sunlit"
    night_up = (view.sun_altitude_deg[0] < -12.0) & (view.moon_altitude_deg[0] > 10.0)
    share = lambda mask: 100.0 * np.bincount(inverse, weights=mask.astype(float)) / counts  # noqa: E731
    return Table(key, f"Hours the station faces {view.observers[0].name}, by day", (
        Column("date", [str(d) for d in unique], "UTC"),
        Column("faces_pct", share(faces), "%", "site faces the observer"),
        Column("faces_dark_pct", share(faces & dark), "%", "…and the site is dark (earthshine or shadow)"),
        Column("best_chance_pct", share(faces & dark & night_up), "%", "…and the Moon is above 10° in the observer's night"),
        Column("moon_illuminated_pct", share(view.illumination.illuminated_fraction), "%", "lunar phase: lit share of the disk"),
    ))


def compute(inputs: SectionInputs) -> SectionData:
    config: SeenFromEarthConfig = inputs.config or SeenFromEarthConfig()
    sky = inputs.products.get("sky")
    station: SurfacePoint = inputs.products.get("station")
    try:
        horizon = _mask(inputs.products.get(horizon_product(config.lamp_height_m)))
        no_terrain = None
    except MoonbaseError as exc:  # no terrain here: the sphere's own horizon, said so, status partial
        horizon, no_terrain = HorizonMask.flat(), str(exc)
    site = SurfacePoint(station.lat_deg, station.lon_deg, config.lamp_height_m, station.name)
    ephemeris = _optional(inputs.products, "ephemeris")
    observers = [resolve_observer(name) for name in config.observers]
    instruments = [get_instrument(key) for key in config.instruments]
    headline = get_instrument(config.headline_instrument)
    if headline not in instruments:
        instruments.append(headline)
    lamp = Lamp(config.lamp_kw * 1000.0, config.efficacy_lm_w, config.beam)
    features = (Feature("flag", "flag", config.flag_m, "[U]", "scenario flag_m"), DEFAULT_FEATURES[1], DEFAULT_FEATURES[2],
                Feature("footprint", "station footprint", config.footprint_m, "[U]", "scenario footprint_m"))

    inputs.progress(0.1, "the station seen from each observer")
    visibility = _optional(inputs.products, visibility_product(config.lamp_height_m))
    result = seen_from_earth(sky, site, horizon, observers, headline, lamp, features, instruments,
                             ephemeris=ephemeris, visibility=visibility)
    view, resolution, lamp_rows, windows = result.view, result.resolution, result.lamps, result.windows
    first = observers[0]
    head_res = next(r for r in resolution if r["instrument"] == headline.key)
    head_lamp = next((r for r in lamp_rows if r["observer"] == first.key and r["instrument"] == headline.key), None)

    faces = view.faces_observer
    figures = [
        Figure("faces_observer_pct", f"Hours the station faces {first.name}", float(100.0 * faces[0].mean()), "%", "[C]",
               "DE421 + terrain horizon", 1),
        Figure("foreshortening_median", "Foreshortening across the limb (median when facing)",
               float(np.median(view.across_limb_m_per_arcsec[0][faces[0]] / view.along_limb_m_per_arcsec[0][faces[0]]))
               if faces[0].any() else None, "×", "[C]", "", 0),
        Figure("flag_fraction", f"A {config.flag_m:g} m flag as a share of what {headline.label} resolve",
               one_in(head_res["flag_fraction"]), "", "[C]", headline.source),
        Figure("footprint_fraction", f"The {config.footprint_m:g} m footprint as a share of what {headline.label} resolve",
               one_in(head_res["footprint_fraction"]), "", "[C]", headline.source),
    ]
    if head_lamp:
        figures += [
            Figure("lamp_mag", f"A {config.lamp_kw:g} kW {config.beam} lamp, seen from Earth", head_lamp["lamp_mag"], "V mag",
                   "[C]", "Allen's zero point 2.54e-6 lux at V = 0", 1),
            Figure("best_limit_mag", f"Faintest point {headline.label} detect there (best moment)",
                   head_lamp["best_limit_mag"], "V mag", "[C]", "", 1),
            Figure("power_needed_best_w", f"Lamp power for {headline.label} at the best moment", head_lamp["best_power_w"],
                   "W", "[C]", "", None, format_power(head_lamp["best_power_w"])),
        ]
    tables = [
        _daily_table(view, "seen_from_earth_daily"),
        Table("seen_from_earth_resolution", "What each instrument resolves at the station", (
            Column("instrument", [r["label"] for r in resolution]),
            Column("resolution_arcsec", [r["resolution_arcsec"] for r in resolution], "arcsec"),
            Column("along_limb_m", [r["along_limb_m"] for r in resolution], "m"),
            Column("across_limb_m", [r["across_limb_m"] for r in resolution], "m"),
            *(Column(f"{f.key}_fraction", [r[f"{f.key}_fraction"] for r in resolution], "", f"{f.size_m:g} m {f.label}")
              for f in features),
        ), note="typical seeing, median distance; radar rows give the published cell size"),
        Table("seen_from_earth_lamp_power", f"Lamp power needed per instrument ({config.lamp_kw:g} kW {config.beam} lamp given)", (
            Column("observer", [r["observer"] for r in lamp_rows]),
            Column("instrument", [r["label"] for r in lamp_rows]),
            Column("observable_pct", [r["observable_pct"] for r in lamp_rows], "%"),
            Column("best_limit_mag", [r["best_limit_mag"] for r in lamp_rows], "V mag"),
            Column("typical_limit_mag", [r["typical_limit_mag"] for r in lamp_rows], "V mag"),
            Column("lamp_mag", [r["lamp_mag"] for r in lamp_rows], "V mag"),
            Column("power_needed_best_w", [r["best_power_w"] for r in lamp_rows], "W"),
            Column("power_needed_typical_w", [r["typical_power_w"] for r in lamp_rows], "W"),
        )),
        Table("seen_from_earth_windows", f"Best windows for {headline.label} from {first.name}", (
            Column("start", [w["start"] for w in windows], "UTC"),
            Column("end", [w["end"] for w in windows], "UTC"),
            Column("best_time", [w["best_time"] for w in windows], "UTC"),
            Column("limit_mag", [w["limit_mag"] for w in windows], "V mag"),
            Column("margin_mag", [w["margin_mag"] for w in windows], "mag"),
        )),
    ]
    plots = [Plot("seen_from_earth_daily", f"When the station faces {first.name} and is dark", "bar", "seen_from_earth_daily", "date",
                  (Series("faces_pct", "faces the observer", "earth"), Series("faces_dark_pct", "…and dark", "moon"),
                   Series("best_chance_pct", "…and Moon high at night")),
                  y_label="share of the day's hours [%]")]
    inputs.progress(1.0, "done")
    data = SectionData("seen_from_earth", "Seen from Earth", result.answer, figures, tables, plots, caveats=list(CAVEATS),
                       products={"seen_from_earth.view": view})
    if no_terrain:
        data.status = Status.PARTIAL
        data.caveats.insert(0, f"Without terrain the site's view of Earth is taken over the bare sphere's horizon: {no_terrain}")
    return data


SECTION = Section(
    key="seen_from_earth",
    title="Seen from Earth",
    compute=compute,
    config_model=SeenFromEarthConfig,
    needs=("sky", "station", "ephemeris", horizon_product(10.0)),  # the horizon at lamp_height_m (10 m by default)
    provides=("seen_from_earth.view",),
    summary_keys=("flag_fraction", "lamp_mag", "power_needed_best_w", "faces_observer_pct"),
    over_period=True,
)
