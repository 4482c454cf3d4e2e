"""Traffic: the orbital environment the scenario's launches climb through.

Uses the catalogue snapshot shipped with Moonbase (``data/traffic_*``, made by
``moonbase catalog snapshot``), so it runs offline: the debris environment by altitude shell and
at the parking orbit, and the launch-COLA timeline of one two-hour window from the scenario's
launch site to its parking orbit, with the closest approaches.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from ..debris.config import TrafficEvent
from ..contract import Figure, Mark, Plot, Section, SectionConfig, SectionData, SectionInputs, Series, Table
from ..traffic.cola import CREWED_STANDOFF_KM, DEFAULT_MISS_KM, sweep
from ..traffic.cola_output import MIN_BAR_FRACTION, closed_interval_lines, closest_table, interval_bars
from ..traffic.debris import DEBRIS_GROUPS, OTHER_GROUP, _key, density_at_altitude, environment_by_shell
from ..traffic.launch import Ascent, get_launch_site
from ..traffic.snapshot import packaged_orbits, packaged_provenance

WINDOW_MINUTES = 120.0
#: Closest approaches are listed out to this distance even when no threshold is crossed [km].
REPORT_WITHIN_KM = 50.0
TITLE = "Traffic: orbital debris and launch collision avoidance"
CELESTRAK = "CelesTrak GP element sets (https://celestrak.org), snapshot shipped in moonbase/data/traffic_*"
COLA_METHOD = "moonbase.traffic.cola: every launch second screened against the catalogue (SGP4)"


class TrafficConfig(SectionConfig):
    """Scenario table ``[traffic]``: the parking orbit launches climb through."""

    parking_altitude_km: float = Field(200.0, ge=120.0, le=2000.0)
    parking_inclination_deg: float = Field(41.5, ge=0.0, le=180.0)
    events: list[TrafficEvent] = Field(default_factory=list, description="what-if fragmentation events "
                                       "([[traffic.events]]), costed by the debris_events section")


def _window_start(provenance: dict) -> np.datetime64:
    """The whole hour after the newest element set of the snapshot: the elements are hours old at most."""
    newest = np.datetime64(provenance["epoch_newest_elements"].rstrip("Z"), "h")
    return (newest + np.timedelta64(1, "h")).astype("datetime64[ms]")


def _density_plot(parking_km: float) -> Plot:
    series = tuple(Series(f"density_{_key(label)}_per_km3", label) for label in [OTHER_GROUP, *DEBRIS_GROUPS.values()])
    return Plot("density", "Spatial density of catalogued objects by 20-km altitude shell", "area", "traffic_shells",
                "altitude_low_km", series, x_label="altitude [km] (shell's lower edge)", y_label="objects per km³",
                marks=(Mark("vline", x=parking_km, label="parking orbit"),))


#: How the interval bars are drawn: at least this share of the window wide (see cola_output.interval_bars).
WIDENED = (f"bars narrower than {MIN_BAR_FRACTION:.1%} of the window are drawn that wide, so a one-second interval "
           "stays visible; the table's times are exact")


def _timeline_plot(bars: dict[str, list], closed_s: int, total_s: int) -> Plot:
    bands = tuple(Mark("band", x=start, x_end=end, label="closed")
                  for state, start, end in zip(bars["state"], bars["bar_start_utc"], bars["bar_end_utc"]) if state == "closed")
    return Plot("cola_timeline", f"Launch COLA: one two-hour window (red: closed, {closed_s} of {total_s} s)",
                "scatter", "traffic_closest", "launch_utc",
                (Series("closest_over_threshold", "closest object: distance / its threshold"),),
                x_label="liftoff time (UTC)", y_label="distance / threshold", y_range=(0.0, 5.0), note=WIDENED,
                marks=(*bands, Mark("hline", y=1.0, label="closes below 1")))


def _intervals_plot() -> Plot:
    return Plot("cola_intervals", f"Launch COLA: open and closed intervals (short ones drawn {MIN_BAR_FRACTION:.1%} of "
                "the window wide)", "gantt", "traffic_cola_intervals", "bar_start_utc", y="state", z="bar_end_utc",
                x_label="liftoff time (UTC)", note=WIDENED)


def compute(inputs: SectionInputs) -> SectionData:
    scenario = inputs.scenario
    config: TrafficConfig = inputs.config
    parking_km, inclination = config.parking_altitude_km, config.parking_inclination_deg
    site = get_launch_site(scenario.access.launch_site)
    provenance = packaged_provenance()
    orbits = packaged_orbits()
    shells = environment_by_shell(orbits["perigee_km"], orbits["apogee_km"], orbits["intl_designator"])
    at_parking = density_at_altitude(shells, parking_km)

    catalog = inputs.products.get("catalogue")
    start = _window_start(provenance)
    inputs.progress(0.1, "launch COLA sweep")
    result = sweep(catalog, Ascent(site, parking_km, inclination), start, WINDOW_MINUTES, report_within_km=REPORT_WITHIN_KM)
    intervals = result.intervals()
    bars = interval_bars(intervals)
    closest = closest_table(result, limit=10)
    closest["closest_over_threshold"] = np.asarray(closest["closest_km"], float) / np.asarray(closest["threshold_km"], float)
    debris_counts = {label: int(np.sum([str(d)[:8] == key for d in orbits["intl_designator"]]))
                     for key, label in DEBRIS_GROUPS.items()}
    centres = 0.5 * (shells["altitude_low_km"] + shells["altitude_high_km"])
    window_start = f"{np.datetime_as_string(start, unit='s')}Z"
    catalogue_source = f"{CELESTRAK}; {provenance['objects']:,} objects"
    figures = [
        Figure("catalogue_objects", "Objects in the catalogue snapshot", int(provenance["objects"]), source=catalogue_source),
        Figure("catalogue_epochs", "Element-set epochs (oldest, newest)", [provenance["epoch_oldest"], provenance["epoch_newest"]],
               "UTC", tag="[R]", source=catalogue_source),
        Figure("debris_cloud_objects", "Objects of the big debris clouds", debris_counts, source=catalogue_source),
        Figure("parking_altitude_km", "Parking-orbit altitude", parking_km, "km", tag="[U]", source="scenario traffic"),
        Figure("parking_inclination_deg", "Parking-orbit inclination", inclination, "deg", tag="[U]", source="scenario traffic"),
        Figure("parking_shell_km", "Altitude shell of the parking orbit", at_parking["shell_km"], "km", source=catalogue_source),
        Figure("parking_shell_density_per_km3", "Spatial density in that shell", at_parking["density_per_km3"], "per km³",
               source=catalogue_source),
        Figure("parking_shell_expected_objects", "Objects expected in that shell at any time",
               at_parking["expected_objects_in_shell"], source=catalogue_source, digits=1),
        Figure("parking_shell_debris_cloud_share", "Share of that shell's objects from the debris clouds",
               at_parking["debris_cloud_share"], source=catalogue_source, digits=3),
        Figure("peak_density_altitude_km", "Densest shell (centre)", float(centres[np.argmax(shells["density_total_per_km3"])]),
               "km", source=catalogue_source),
        Figure("peak_density_per_km3", "Density of the densest shell", float(np.max(shells["density_total_per_km3"])),
               "per km³", source=catalogue_source),
        Figure("cola_site", "Launch site", site.key, tag="[U]", source="scenario access.launch_site"),
        Figure("cola_window_start_utc", "COLA window start", window_start, "UTC",
               source="the whole hour after the snapshot's newest element set"),
        Figure("cola_window_minutes", "COLA window length", WINDOW_MINUTES, "min", source="moonbase.sections.traffic"),
        Figure("cola_closed_seconds", f"Closed launch seconds of a {WINDOW_MINUTES:g}-minute window", int(result.closed.sum()),
               "s", source=COLA_METHOD),
        Figure("cola_closed_pct", "Launch-window blackout (share of the window closed by COLA)",
               float(100.0 * result.closed.mean()), "%", source=COLA_METHOD, digits=1),
        Figure("cola_open_fraction", "Open fraction of the window", float(1.0 - result.closed.mean()), source=COLA_METHOD,
               digits=3),
        Figure("cola_closed_intervals", "Closed intervals", sum(1 for i in intervals if i["state"] == "closed"),
               source=COLA_METHOD),
        Figure("cola_objects_within_reach", "Objects within reach of the ascent", int(result.objects_norad.size),
               source=COLA_METHOD),
        Figure("cola_excluded_objects", "Objects left out (stale or failing element sets)", len(result.excluded),
               source=COLA_METHOD),
        Figure("closest_approaches", "Closest approaches", [
            {"norad": int(n), "name": name, "closest_km": float(d), "threshold_km": float(t)}
            for n, name, d, t in zip(closest["norad"][:5], closest["name"][:5], closest["closest_km"][:5],
                                     closest["threshold_km"][:5])], source=COLA_METHOD),
    ]
    tables = [
        Table.from_columns("traffic_shells", "Catalogued objects by 20-km altitude shell", shells,
                           units={c: "objects" for c in shells if c.startswith("objects_")}),
        Table.from_columns("traffic_cola_intervals", "Open and closed intervals of the launch window", bars,
                           units={"start_utc": "UTC", "end_utc": "UTC", "bar_start_utc": "UTC", "bar_end_utc": "UTC",
                                  "duration_s": "s", "closest_km": "km"}),
        Table.from_columns("traffic_closest", "Objects that came within reach, closest first", closest,
                           units={"closest_over_threshold": ""}),
    ]
    closed_s = int(result.closed.sum())
    value = {f.key: f.value for f in figures}
    answer = (f"Launches from {site.name} to a {parking_km:g} km parking orbit at {inclination:g}° find the launch window "
              f"closed {closed_s} s of {result.closed.size} s ({100 * float(result.closed.mean()):.1f} %) "
              "by catalogued objects.")
    notes = [
        f"Launches from {site.name} ({site.lat_deg:.3f}°N, {site.lon_deg:.3f}°E {site.tag}) to a {parking_km:g} km circular "
        f"parking orbit at {inclination:g}°. The {parking_km:g} km shell ({at_parking['shell_km'][0]:g}-"
        f"{at_parking['shell_km'][1]:g} km) holds {at_parking['density_per_km3'] * 1e9:.3g} catalogued objects per billion "
        f"km³; the densest shell is at {value['peak_density_altitude_km']:g} km ({value['peak_density_per_km3'] * 1e9:,.0f} "
        "per billion km³).",
        f"Launch COLA for a {WINDOW_MINUTES:g}-minute window from {window_start} at 1-s resolution, from liftoff to "
        f"insertion + 100 min: {closed_s} s closed in {value['cola_closed_intervals']} interval(s), by {CREWED_STANDOFF_KM:g} km from "
        f"crewed stations and {DEFAULT_MISS_KM:g} km from other objects.",
    ]
    caveats = [
        f"Traffic uses the catalogue snapshot shipped with Moonbase ({provenance['objects']:,} objects; element sets "
        f"of {provenance['epoch_oldest'][:10]} to {provenance['epoch_newest'][:10]}; CelesTrak groups, not the full "
        "catalogue). The COLA window is placed just after the snapshot's newest element set, not at the scenario's "
        "launch dates: element-set errors grow by roughly 1-3 km per day [M], so a real COLA needs element sets from "
        "the day of launch. Debris-cloud element sets date from 2025-02.",
        f"Uncrewed stand-off {DEFAULT_MISS_KM:g} km is the FAA 14 CFR 450.169 tier as recalled (unverified); crewed "
        f"{CREWED_STANDOFF_KM:g} km is NASA LSP practice (Hametz & Beaver, NTRS 20130009700).",
        "The ascent is a kinematic profile (insertion 600 s after liftoff, 2,000 km downrange; toy values), not a "
        "vehicle trajectory; launch dispersions are not modelled.",
        "Only element sets of objects with perigee below 450 km and crewed objects are shipped: the sweep sees what "
        "a parking orbit below ~250 km can meet within the thresholds.",
    ]
    notes.append("Closed intervals, exact times: " + "; ".join(closed_interval_lines(intervals, limit=10)))
    plots = [_density_plot(parking_km), _timeline_plot(bars, closed_s, int(result.closed.size)), _intervals_plot()]
    return SectionData("traffic", TITLE, answer=answer, figures=figures, tables=tables, plots=plots, caveats=caveats,
                       notes=notes)


SECTION = Section(
    key="traffic",
    title=TITLE,
    compute=compute,
    config_model=TrafficConfig,
    needs=("catalogue",),
    summary_keys=("cola_closed_pct", "cola_closed_seconds", "cola_closed_intervals"),
)
