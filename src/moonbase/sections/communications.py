"""Communications: direct-to-Earth per ground network, relays, gaps and daily data volume."""

from __future__ import annotations

import html as html_escape


from ..comms.analysis import analyse_comms
from ..plan import PlanContext, SectionResult
from ..report.plots import time_series_figure
from ..timegrid import iso_utc


def communications_section(context: PlanContext) -> SectionResult:
    scenario = context.scenario
    result = SectionResult(key="communications", title="Communications: direct-to-Earth and relays")
    station = scenario.station
    networks = scenario.communications.networks or ["dsn"]
    horizon = context.horizon_or_note(station.mast_height_m, result, "contact with Earth")
    if horizon is None:
        return result
    antenna = station.point(station.mast_height_m)
    found = analyse_comms(context.sky, antenna, horizon.to_mask(), networks, scenario.communications.relays,
                          extra_stations=[s.station() for s in scenario.communications.stations], include_intervals=True)
    series = found.pop("series")
    result.caveats.extend(found.pop("caveats"))
    result.figures = {
        "antenna_height_m": station.mast_height_m,
        "networks": {name: {k: v for k, v in net.items() if k not in ("windows", "gaps")} for name, net in found["networks"].items()},
        "dte_pct": found["dte_pct"], "longest_dte_gap_h": found["longest_dte_gap_h"],
        "relay_pct": found["relay_pct"], "comms_pct": found["comms_pct"], "longest_comms_gap_h": found["longest_comms_gap_h"],
        "dte_data_rate_bps": found["dte_link"]["data_rate_bps"], "dte_daily_volume_gbit": found["dte_daily_volume_gbit"],
        "relays": {key: {k: v for k, v in r.items() if k not in ("windows", "gaps")} for key, r in found["relays"].items()},
    }
    result.tables["communications"] = {
        "time": iso_utc(context.sky.utc), "dte": series["dte"].astype(int), "any_link": series["comms"].astype(int),
        "earth_above_skyline_deg": series["earth_above_skyline_deg"],
    }
    gaps = found.get("comms_gaps", [])
    result.tables["comms_gaps"] = {"start": [g["start"] for g in gaps], "end": [g["end"] for g in gaps],
                                   "hours": [g["hours"] for g in gaps]}
    result.plots.append(time_series_figure(
        context.sky.utc, {"direct to Earth": series["dte"].astype(float), "any link (direct or relay)": series["comms"] * 0.9},
        "Contact with Earth (1 = link up; the relay trace is drawn at 0.9)", "link", source="data/communications.csv"))
    rows = "".join(
        f"<tr><td>DTE {html_escape.escape(name)}</td><td>{net['dte_pct']:.1f}</td><td>{net['longest_dte_gap_h']:g}</td></tr>"
        for name, net in found["networks"].items())
    rows += "".join(f"<tr><td>relay {html_escape.escape(k)}</td><td>{r['relay_pct']:.1f}</td><td>{r['longest_relay_gap_h']:g}</td></tr>"
                    for k, r in found["relays"].items())
    rows += f"<tr><td><b>any link</b></td><td>{found['comms_pct']:.1f}</td><td>{found['longest_comms_gap_h']:g}</td></tr>"
    result.html = (
        f"<p>Antenna on the {station.mast_height_m:g} m mast; networks: {html_escape.escape(', '.join(networks))}. "
        f"Direct-to-Earth needs the Earth's centre above the terrain skyline and the Moon above a station's mask. "
        f"DTE link rate {found['dte_link']['data_rate_bps'] / 1e6:.1f} Mbit/s ({found['dte_link']['limited_by']}-limited), "
        f"about {found['dte_daily_volume_gbit']:.0f} Gbit per day on average.</p>"
        f"<table class='figures'><tr><th>link</th><th>available %</th><th>longest gap h</th></tr>{rows}</table>"
    )
    return result
