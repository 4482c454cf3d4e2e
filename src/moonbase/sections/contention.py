"""Plan section "Partners and contention": the blocs on the scenario's date, and the contested ground near the station.

Physical facts only (counts of members with their sources, areas, distances, sightlines, overlaps under stated
radii); the section never weighs one bloc or programme against another.

Scenario table ``[partners_contention]`` (all optional)::

    as_of = "2025-06-01"          # default: the scenario's start date
    keep_out_km = 2.0             # default 2 km [M]; the Accords set no size
    rover_radius_km = 10.0        # default 10 km, a chosen value [M]
    near_station_km = 60.0        # the neighbourhood of the station shown and counted
    sunlight_map = "sun.tif"      # a `moonbase map sunlight` GeoTIFF (else the product "site_environment.sunlight_map")
    psr_map = "psr.tif"           # a `moonbase contention psr` GeoTIFF on the same grid
    dem = ["ldem.tif"]            # terrain for sightlines (default: the station's DEMs, else fetched products)
    candidates = ["more.csv"]     # more candidate sites
    partners_tables = ["mine.csv"]
"""

from __future__ import annotations

from datetime import date

import numpy as np
from pydantic import Field

from ..contract import Column, Figure, Plot, Raster, Section, SectionConfig, SectionData, SectionInputs, Series, Status, Table
from ..contention.candidates import candidates as load_candidates
from ..contention.grid import great_circle_km, grid_from_dataset, read_map
from ..contention.ground import LIT_THRESHOLDS_PCT, scarce_ground
from ..contention.pairs import contention
from ..contention.radii import COINCIDE, ROVER, SAFETY_ZONE
from ..errors import MoonbaseError
from ..partners import bloc_series, load_members, snapshot

KEY = "partners_contention"
MAP_PRODUCT = "site_environment.sunlight_map"
PARTNER_SOURCES = "moonbase/data/partners.csv (each row with its source)"


class ContentionConfig(SectionConfig):
    """Settings of the partners-and-contention section."""

    as_of: date | None = Field(None, description="date of the bloc snapshot (default: the scenario's start)")
    keep_out_km: float = Field(SAFETY_ZONE.value_km, ge=0.0, le=200.0, description="keep-out radius [km]")
    rover_radius_km: float = Field(ROVER.value_km, ge=0.0, le=200.0, description="rover radius [km]")
    lit_pct: float = Field(80.0, description="lit ground that counts: lit more than this [%] (70, 80 or 90)")
    near_station_km: float = Field(60.0, gt=0.0, le=400.0, description="neighbourhood of the station [km]")
    sunlight_map: str | None = Field(None, description="sunlight map GeoTIFF")
    psr_map: str | None = Field(None, description="permanent-shadow GeoTIFF")
    dem: list[str] = Field(default_factory=list, description="DEMs for sightlines")
    candidates: list[str] = Field(default_factory=list, description="CSV files of more candidate sites")
    partners_tables: list[str] = Field(default_factory=list, description="CSV files of more members")


def _as_of(inputs: SectionInputs, config: ContentionConfig) -> date:
    if config.as_of is not None:
        return config.as_of
    period = getattr(inputs.scenario, "period", None)
    if period is not None:
        return date.fromisoformat(str(period.start)[:10])
    return date.today()


def _bloc_part(data: SectionData, config: ContentionConfig, day: date) -> None:
    members = load_members(config.partners_tables)
    blocs = snapshot(members, day)
    series = bloc_series(members, day)
    both = [blocs.name_of(c) for c in blocs.overlap]
    data.figures += [
        Figure("as_of", "Date of the bloc snapshot", day.isoformat(), "", "[U]" if config.as_of else "[C]",
               "the scenario's start date" if config.as_of is None else "partners_contention.as_of"),
        Figure("ilrs_states", "ILRS partner states (incl. China and Russia)", blocs.count("ilrs"), "states", "[C]", PARTNER_SOURCES),
        Figure("ilrs_organisations", "ILRS partner organisations", blocs.count("ilrs", "organisation"), "", "[C]", PARTNER_SOURCES),
        Figure("artemis_states", "Artemis Accords signatories", blocs.count("artemis"), "states", "[C]", PARTNER_SOURCES),
        Figure("both_states", "States in both", len(both), "states", "[C]", PARTNER_SOURCES, note=", ".join(both)),
        Figure("artemis_recalled_dates", "Accords signature dates recalled, not read",
               sum(m.tag == "[M]" for m in blocs.counted("artemis")), "", "[C]", PARTNER_SOURCES),
    ]
    rows = [m for b in blocs.members.values() for m in b]
    data.tables.append(Table("blocs", f"Members on {day.isoformat()}", (
        Column("bloc", [m.bloc for m in rows]), Column("name", [m.name for m in rows]),
        Column("iso3", [m.iso3 for m in rows]), Column("joined", [m.joined for m in rows]),
        Column("counted", [m.counted for m in rows]), Column("tag", [m.tag for m in rows]),
        Column("source", [m.source for m in rows]), Column("note", [m.note for m in rows]))))
    data.tables.append(Table("bloc_sizes", "Member states over time", (
        Column("date", series.dates.astype(str), "UTC"), Column("ilrs_states", series.states["ilrs"], "states"),
        Column("artemis_states", series.states["artemis"], "states"), Column("both_states", series.both, "states"))))
    data.plots.append(Plot("bloc_sizes", "Member states over time", "step", "bloc_sizes", "date",
                           (Series("ilrs_states", "ILRS", "ilrs"), Series("artemis_states", "Artemis Accords", "artemis"),
                            Series("both_states", "both")), y_label="states"))
    recalled = [m for m in blocs.unverified() if m.tag == "[M]"]
    if recalled:
        data.caveats.append(f"{len(recalled)} membership dates are recalled [M], not read in a source "
                            f"({', '.join(m.name for m in recalled[:6])}{', ...' if len(recalled) > 6 else ''})")
    for m in blocs.unverified():
        if not m.counted:
            data.caveats.append(f"not counted in {m.bloc}: {m.name}: {m.note}")


def _map_grids(inputs: SectionInputs, config: ContentionConfig):
    grid = psr = None
    if config.sunlight_map:
        grid = read_map(config.sunlight_map)
    else:
        try:  # a sunlight map published by another section, when the plan has one
            dataset = inputs.products.get(MAP_PRODUCT)
        except MoonbaseError:
            dataset = None
        grid = grid_from_dataset(dataset, MAP_PRODUCT) if dataset is not None else None
    if config.psr_map:
        psr = read_map(config.psr_map)
        if grid is None:
            grid, psr = psr, None
    return grid, psr


def compute(inputs: SectionInputs) -> SectionData:
    config = inputs.config or ContentionConfig()
    data = SectionData(KEY, "Partners and contention")
    day = _as_of(inputs, config)
    _bloc_part(data, config, day)
    inputs.progress(0.2, "blocs")

    station = inputs.products.get("station")
    sites = load_candidates(config.candidates)
    grid, psr_grid = _map_grids(inputs, config)
    ground = scarce_ground(grid, psr_grid) if grid is not None else None
    from ..terrain.source import terrain_stack

    dem = config.dem or list(getattr(getattr(inputs.scenario, "station", None), "dem", []) or [])
    stack = terrain_stack(dem)
    lit_pct = config.lit_pct if config.lit_pct in LIT_THRESHOLDS_PCT else 80.0
    result = contention(sites, grid, ground, stack, SAFETY_ZONE.with_value(config.keep_out_km),
                        ROVER.with_value(config.rover_radius_km), COINCIDE, lit_threshold_pct=lit_pct)
    inputs.progress(0.8, "contention")

    lat = np.array([s.lat_deg for s in sites])
    lon = np.array([s.lon_deg for s in sites])
    from_station = great_circle_km(lat, lon, station.lat_deg, station.lon_deg)
    near = {s.key for s, d in zip(sites, from_station) if d <= config.near_station_km}
    near_pairs = [p for p in result.pairs if p.a in near or p.b in near]
    near_patches = [c for c in result.contested
                    if great_circle_km(c.centroid_lat_deg, c.centroid_lon_deg, station.lat_deg, station.lon_deg)
                    <= config.near_station_km]
    keep_out, rover = result.keep_out, result.rover
    data.figures += [
        Figure("keep_out_km", keep_out.label, keep_out.value_km, "km", keep_out.tag, keep_out.source),
        Figure("rover_radius_km", rover.label, rover.value_km, "km", rover.tag, rover.source),
        Figure("candidates", "Candidate sites (ILRS/Chang'e, Artemis III, user)", len(sites), "sites", "[C]", "moonbase sites"),
        Figure("cross_pairs", "Pairs of candidates of different programmes", len(result.pairs), "pairs"),
        Figure("same_place_pairs", "Pairs at the same place", sum(p.same_place for p in result.pairs), "pairs",
               "[C]", f"closer than {COINCIDE.value_km:g} km ({COINCIDE.source})"),
        Figure("keep_out_overlaps", "Pairs whose keep-out circles overlap", sum(p.keep_out_overlap for p in result.pairs),
               "pairs", keep_out.tag, f"rests on the keep-out radius of {keep_out.value_km:g} km"),
        Figure("in_sight_pairs", "Pairs in sight of each other over the terrain",
               sum(bool(p.line_of_sight) for p in result.pairs) if stack is not None else None, "pairs", "[C]",
               "2 m masts, LOLA terrain" if stack is not None else "no terrain: not computed"),
        Figure("contested_patches", f"Patches (lit > {lit_pct:g} % or PSR) within {rover.value_km:g} km of two programmes",
               len(result.contested) if ground is not None else None, "patches", rover.tag,
               f"rests on the rover radius of {rover.value_km:g} km"),
        Figure("contested_pairs_near_station", f"Pairs with a candidate within {config.near_station_km:g} km of the station",
               len(near_pairs), "pairs"),
        Figure("nearest_other_programme_km", "Nearest candidate of another programme to the station",
               _nearest_other(station, sites, from_station), "km", "[C]", "great circle on the 1,737.4 km sphere", 1),
    ]
    if ground is not None:
        for t in LIT_THRESHOLDS_PCT:
            if t in ground.lit_area_km2:
                data.figures.append(Figure(f"lit_gt{t:g}_km2", f"Area lit more than {t:g} % of the time (whole map)",
                                           ground.lit_area_km2[t], "km²", "[C]", grid.name, 2))
        data.figures.append(Figure("psr_km2", "Permanently shadowed area (whole map)", ground.psr_area_km2, "km²", "[C]",
                                   ground.psr_basis, 1))
        data.rasters.append(_neighbourhood_raster(grid, ground, station, config.near_station_km, lit_pct))
    else:
        data.status = Status.PARTIAL
        data.caveats.append("no sunlight map (set partners_contention.sunlight_map, or map_half_width_km in the station): "
                            "lit ground and PSRs not computed")
    data.caveats.extend(result.caveats)
    data.tables.append(_pairs_table(near_pairs))
    data.tables.append(Table("contested_ground", "Contested ground near the station (most contested first)", (
        Column("kind", [c.kind for c in near_patches]), Column("area_km2", [c.area_km2 for c in near_patches], "km²"),
        Column("lat_deg", [c.centroid_lat_deg for c in near_patches], "deg"),
        Column("lon_deg", [c.centroid_lon_deg for c in near_patches], "deg"),
        Column("programmes", [c.programmes for c in near_patches]),
        Column("sites", [";".join(f"{p}:{'+'.join(v)}" for p, v in c.sites.items()) for c in near_patches]))))
    data.tables.append(Table("same_place", "Candidate points at the same place", (
        Column("a", [a for a, _, _ in result.coincident]), Column("b", [b for _, b, _ in result.coincident]),
        Column("distance_km", [d for _, _, d in result.coincident], "km"))))
    data.answer = _answer(data, result, near_pairs)
    data.products["pairs"] = result.pairs
    data.products["contested"] = result.contested
    inputs.progress(1.0, "done")
    return data


def _nearest_other(station, sites, from_station) -> float | None:
    here = [s for s, d in zip(sites, from_station) if d < COINCIDE.value_km]
    mine = {s.programme for s in here}
    others = [d for s, d in zip(sites, from_station) if mine and s.programme not in mine]
    return float(min(others)) if others else None


def _pairs_table(pairs) -> Table:
    return Table("contested_pairs", "Pairs of different programmes near the station", (
        Column("a", [p.a for p in pairs]), Column("b", [p.b for p in pairs]),
        Column("distance_km", [p.distance_km for p in pairs], "km"), Column("same_place", [p.same_place for p in pairs]),
        Column("keep_out_overlap", [p.keep_out_overlap for p in pairs]),
        Column("line_of_sight", [p.line_of_sight for p in pairs]),
        Column("shared_lit_km2", [p.shared_lit_km2 for p in pairs], "km²"),
        Column("shared_psr_km2", [p.shared_psr_km2 for p in pairs], "km²")))


def _neighbourhood_raster(grid, ground, station, half_km: float, lit_pct: float) -> Raster:
    import xarray as xr

    rows, cols = grid.shape
    r, c = grid.rowcol(station.lat_deg, station.lon_deg)
    half = int(np.ceil(half_km * 1000.0 / abs(grid.geotransform[2])))
    r0, r1 = max(0, int(r) - half), min(rows, int(r) + half + 1)
    c0, c1 = max(0, int(c) - half), min(cols, int(c) + half + 1)
    classes = np.zeros(grid.shape, np.float32)
    kind = f"lit>{lit_pct:g}"
    if kind in ground.labels:
        classes[ground.labels[kind] > 0] = 1
    if "psr" in ground.labels:
        classes[ground.labels["psr"] > 0] = 2
    x0, y0, dx, dy = grid.geotransform
    window = classes[r0:r1, c0:c1]
    gt = (x0 + c0 * dx, y0 + r0 * dy, dx, dy)
    coords = {"y": gt[1] + (np.arange(window.shape[0]) + 0.5) * dy, "x": gt[0] + (np.arange(window.shape[1]) + 0.5) * dx}
    dataset = xr.Dataset({"ground_class": (("y", "x"), window)}, coords=coords,
                         attrs={"geotransform": list(gt), "crs": grid.projection.proj4(),
                                "classes": f"0 other, 1 lit > {lit_pct:g} %, 2 permanently shadowed"})
    return Raster("contention_map", "Lit ground and permanent shadow near the station", dataset, "class")


def _answer(data: SectionData, result, near_pairs) -> str:
    both = data.figure("both_states")
    same = [f"{a} = {b}" for a, b, _ in result.coincident]
    text = (f"On {data.figure('as_of').value}, {data.figure('ilrs_states').value} states were ILRS partners and "
            f"{data.figure('artemis_states').value} had signed the Artemis Accords; {both.value} were in both"
            f"{' (' + both.note + ')' if both.note else ''}.")
    if same:
        text += f" Candidate points that are the same place: {'; '.join(same)}."
    text += f" {len(near_pairs)} pairs of different programmes involve a candidate near the station."
    return text


SECTION = Section(key=KEY, title="Partners and contention", compute=compute, config_model=ContentionConfig,
                  needs=("station",), provides=(f"{KEY}.pairs", f"{KEY}.contested"),
                  summary_keys=("ilrs_states", "artemis_states", "both_states", "same_place_pairs", "keep_out_overlaps",
                                "contested_patches", "psr_km2"))
