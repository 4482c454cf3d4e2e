"""Traffic: the orbital environment the scenario's launches climb through.

Uses the catalogue snapshot shipped with Moonbase (``data/traffic_*``, made by
``moonbase catalog snapshot``), so it runs offline: the debris environment by altitude shell and
at the parking orbit, and the launch-COLA timeline of one two-hour window from the scenario's
launch site to its parking orbit, with the closest approaches.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..plan import PlanContext, SectionResult
from ..traffic.cola import CREWED_STANDOFF_KM, DEFAULT_MISS_KM, sweep
from ..traffic.cola_output import closest_table, timeline_figure
from ..traffic.debris import DEBRIS_GROUPS, OTHER_GROUP, _key, density_at_altitude, environment_by_shell
from ..traffic.launch import Ascent, get_launch_site
from ..traffic.snapshot import packaged_catalog, packaged_orbits, packaged_provenance

WINDOW_MINUTES = 120.0
#: Closest approaches are listed out to this distance even when no threshold is crossed [km].
REPORT_WITHIN_KM = 50.0


def _window_start(provenance: dict) -> np.datetime64:
    """The whole hour after the newest element set of the snapshot: the elements are hours old at most."""
    newest = np.datetime64(provenance["epoch_newest_elements"].rstrip("Z"), "h")
    return (newest + np.timedelta64(1, "h")).astype("datetime64[ms]")


def _density_figure(columns: dict, parking_km: float) -> go.Figure:
    figure = go.Figure()
    altitude = 0.5 * (columns["altitude_low_km"] + columns["altitude_high_km"])
    for label in [OTHER_GROUP, *DEBRIS_GROUPS.values()]:
        figure.add_trace(go.Scatter(x=altitude, y=columns[f"density_{_key(label)}_per_km3"], mode="lines", name=label,
                                    stackgroup="density"))
    figure.add_vline(x=parking_km, line={"color": "#d62728", "dash": "dot"}, annotation_text="parking orbit")
    figure.update_layout(
        title="Spatial density of catalogued objects by 20-km altitude shell<br><sup>data: data/traffic_shells.csv</sup>",
        xaxis_title="altitude [km]", yaxis_title="objects per km³", template="plotly_white", height=380,
        margin={"l": 70, "r": 20, "t": 70, "b": 50}, legend={"orientation": "h", "y": -0.25},
    )
    return figure


def traffic_section(context: PlanContext) -> SectionResult:
    scenario = context.scenario
    parking_km = scenario.traffic.parking_altitude_km
    inclination = scenario.traffic.parking_inclination_deg
    site = get_launch_site(scenario.access.launch_site)
    provenance = packaged_provenance()
    orbits = packaged_orbits()
    shells = environment_by_shell(orbits["perigee_km"], orbits["apogee_km"], orbits["intl_designator"])
    at_parking = density_at_altitude(shells, parking_km)

    catalog = packaged_catalog()
    start = _window_start(provenance)
    result = sweep(catalog, Ascent(site, parking_km, inclination), start, WINDOW_MINUTES,
                   report_within_km=REPORT_WITHIN_KM)
    intervals = result.intervals()
    closest = closest_table(result, limit=10)
    debris_counts = {label: int(np.sum([str(d)[:8] == key for d in orbits["intl_designator"]]))
                     for key, label in DEBRIS_GROUPS.items()}
    figures = {
        "catalogue_objects": int(provenance["objects"]),
        "catalogue_epochs": [provenance["epoch_oldest"], provenance["epoch_newest"]],
        "debris_cloud_objects": debris_counts,
        "parking_altitude_km": parking_km,
        "parking_inclination_deg": inclination,
        "parking_shell_km": at_parking["shell_km"],
        "parking_shell_density_per_km3": at_parking["density_per_km3"],
        "parking_shell_expected_objects": at_parking["expected_objects_in_shell"],
        "parking_shell_debris_cloud_share": at_parking["debris_cloud_share"],
        "peak_density_altitude_km": float(0.5 * (shells["altitude_low_km"] + shells["altitude_high_km"])[np.argmax(shells["density_total_per_km3"])]),
        "peak_density_per_km3": float(np.max(shells["density_total_per_km3"])),
        "cola_site": site.key,
        "cola_window_start_utc": f"{np.datetime_as_string(start, unit='s')}Z",
        "cola_window_minutes": WINDOW_MINUTES,
        "cola_closed_seconds": int(result.closed.sum()),
        "cola_open_fraction": float(1.0 - result.closed.mean()),
        "cola_closed_intervals": sum(1 for i in intervals if i["state"] == "closed"),
        "cola_objects_within_reach": int(result.objects_norad.size),
        "cola_excluded_objects": len(result.excluded),
        "closest_approaches": [
            {"norad": int(n), "name": name, "closest_km": float(d), "threshold_km": float(t)}
            for n, name, d, t in zip(closest["norad"][:5], closest["name"][:5], closest["closest_km"][:5], closest["threshold_km"][:5])
        ],
    }
    rows = "".join(
        f"<tr><td>{n}</td><td>{name}</td><td>{d:.1f}</td><td>{t:g}</td><td>{lt}</td></tr>"
        for n, name, d, t, lt in zip(closest["norad"], closest["name"], closest["closest_km"], closest["threshold_km"], closest["launch_utc"])
    ) or "<tr><td colspan='5'>nothing within reach</td></tr>"
    html = (
        f"<p>Launches from <b>{site.name}</b> ({site.lat_deg:.3f}&deg;N, {site.lon_deg:.3f}&deg;E {site.tag}) to a "
        f"{parking_km:g} km circular parking orbit at {inclination:g}&deg;. The {parking_km:g} km shell "
        f"({at_parking['shell_km'][0]:g}-{at_parking['shell_km'][1]:g} km) holds {at_parking['density_per_km3']:.2e} "
        f"catalogued objects per km&sup3;; the densest shell is at "
        f"{figures['peak_density_altitude_km']:g} km ({figures['peak_density_per_km3']:.2e} per km&sup3;).</p>"
        f"<p>Launch COLA for a {WINDOW_MINUTES:g}-minute window from {figures['cola_window_start_utc']} at 1-s "
        f"resolution, from liftoff to insertion + 100 min: {figures['cola_closed_seconds']} s closed in "
        f"{figures['cola_closed_intervals']} interval(s) ({100 * (1 - figures['cola_open_fraction']):.1f}% of the "
        f"window), by {CREWED_STANDOFF_KM:g} km from crewed stations and {DEFAULT_MISS_KM:g} km from other objects.</p>"
        "<table class='figures'><tr><th>NORAD</th><th>object</th><th>closest [km]</th><th>threshold [km]</th>"
        f"<th>for liftoff at</th></tr>{rows}</table>"
    )
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
    tables = {
        "traffic_shells": shells,
        "traffic_cola_intervals": {k: [i[k] for i in intervals] for k in intervals[0]},
        "traffic_closest": closest,
    }
    plots = [_density_figure(shells, parking_km), timeline_figure(result, "Launch COLA: one two-hour window")]
    return SectionResult(key="traffic", title="Traffic: orbital debris and launch collision avoidance",
                         figures=figures, tables=tables, plots=plots, html=html, caveats=caveats)
