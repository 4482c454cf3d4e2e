"""Communications: direct-to-Earth per ground network, relays, gaps and daily data volume."""

from __future__ import annotations

from dataclasses import replace

from pydantic import Field, model_validator

from ..comms.analysis import analyse_comms
from ..contract import (Column, Figure, Plot, Section, SectionConfig, SectionData, SectionInputs, Series, Status, Table,
                        horizon_product, track_product)
from ..errors import MoonbaseError
from ..timegrid import iso_utc

TITLE = "Communications: direct-to-Earth and relays"
METHOD = ("Earth's centre above the terrain skyline and the Moon above a ground station's mask "
          "(moonbase.comms.availability); link budgets from moonbase.comms.link_budget")


class UserStation(SectionConfig):
    """A ground station of the user's own (added to the packaged networks)."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    network: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="a new network name or an existing one")
    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=360.0)
    height_m: float = Field(0.0, ge=-500.0, le=9000.0)
    antenna_m: float = Field(gt=0.0, le=200.0)
    min_elevation_deg: float = Field(10.0, ge=0.0, lt=90.0)

    def station(self):
        from ..comms.stations import GroundStation

        return GroundStation(self.key, self.name, self.network, self.lat, self.lon, self.height_m, self.antenna_m,
                             self.min_elevation_deg, "[user]", "scenario file")


class CommunicationsConfig(SectionConfig):
    """Scenario table ``[communications]``: which networks and relays serve the station."""

    networks: list[str] = Field(default_factory=list, description="ground networks, e.g. dsn, cdsn, russia, estrack")
    relays: list[str] = Field(default_factory=list, description="relay-orbit presets")
    stations: list[UserStation] = Field(default_factory=list, description="user-defined ground stations")

    @model_validator(mode="after")
    def _known(self):
        from ..comms.stations import network
        from ..orbits.relays import get_relay

        extra = [s.station() for s in self.stations]
        for name in self.networks:
            network(name, extra)
        for key in self.relays:
            get_relay(key)
        return self


def _strip(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k not in ("windows", "gaps")}


def compute(inputs: SectionInputs) -> SectionData:
    station = inputs.scenario.station
    config: CommunicationsConfig = inputs.config
    networks = config.networks or ["dsn"]
    height = station.mast_height_m
    try:
        horizon = inputs.products.get(horizon_product(height))
    except MoonbaseError as exc:
        return SectionData("communications", TITLE, status=Status.PARTIAL, caveats=[f"No terrain horizon at {height:g} m: {exc}"],
                           answer="No terrain is available for this site, so contact with Earth cannot be computed.")
    sky = inputs.products.get("sky")
    antenna = replace(inputs.products.get("station"), height_m=height)
    found = analyse_comms(sky, antenna, horizon.to_mask(), networks, config.relays,
                          extra_stations=[s.station() for s in config.stations], include_intervals=True,
                          view=inputs.products.get(track_product(height)),
                          relay_positions=inputs.products.get("relays") if config.relays else None)
    series = found.pop("series")
    link = found["dte_link"]
    figures = [
        Figure("antenna_height_m", "Antenna height (the mast)", height, "m", tag="[U]", source="scenario station.mast_height_m"),
        Figure("networks", "Direct-to-Earth per network", {name: _strip(net) for name, net in found["networks"].items()},
               source=METHOD),
        Figure("dte_pct", f"Direct-to-Earth available from {height:g} m", found["dte_pct"], "%", source=METHOD, digits=1),
        Figure("longest_dte_gap_h", "Longest direct-to-Earth gap", found["longest_dte_gap_h"], "h", source=METHOD),
        Figure("relay_pct", "Time only a relay connects (direct-to-Earth down)", found["relay_pct"], "%", source=METHOD,
               digits=1, note="What the relays add: the share of the period when there is no direct link and a relay "
                              "carries the traffic. Each relay's own relay_pct (in the relays table) is the share of "
                              "the period that relay connects, whether or not direct-to-Earth is also up."),
        Figure("comms_pct", f"Any link available from {height:g} m", found["comms_pct"], "%", source=METHOD, digits=1,
               note="Direct-to-Earth or through a relay: direct-to-Earth % + the relays-only %."),
        Figure("longest_comms_gap_h", "Longest time without any link", found["longest_comms_gap_h"], "h", source=METHOD),
        Figure("dte_data_rate_bps", f"Direct-to-Earth data rate ({link['limited_by']}-limited, to {link['to']})",
               link["data_rate_bps"], "bit/s", source="moonbase.comms.link_budget with recalled terminal parameters"),
        Figure("dte_daily_volume_gbit", "Direct-to-Earth data volume per day (mean)", found["dte_daily_volume_gbit"], "Gbit",
               source=METHOD, digits=0),
        Figure("relays", "Relays (each on its own)", {key: _strip(r) for key, r in found["relays"].items()}, source=METHOD,
               note="Per relay: relay_pct is the share of the period that relay connects the station to Earth (site to "
                    "relay and relay to a ground station), whether or not direct-to-Earth is also up."),
    ]
    gaps = found.get("comms_gaps", [])
    links = [(f"DTE {name}", net["dte_pct"], net["longest_dte_gap_h"]) for name, net in found["networks"].items()]
    links += [(f"relay {key}", r["relay_pct"], r["longest_relay_gap_h"]) for key, r in found["relays"].items()]
    links.append(("any link", found["comms_pct"], found["longest_comms_gap_h"]))
    tables = [
        Table("communications", "Links over the period (1 = up)", (
            Column("time", iso_utc(sky.utc), "UTC"),
            Column("dte", series["dte"].astype(int), "1 = link up"),
            Column("any_link", series["comms"].astype(int), "1 = link up"),
            Column("earth_above_skyline_deg", series["earth_above_skyline_deg"], "deg"),
        )),
        Table("comms_gaps", "Gaps with no link at all", (
            Column("start", [g["start"] for g in gaps], "UTC"),
            Column("end", [g["end"] for g in gaps], "UTC"),
            Column("hours", [g["hours"] for g in gaps], "h"),
        )),
        Table("communications_links", "Availability per link", (
            Column("link", [row[0] for row in links]),
            Column("available_pct", [row[1] for row in links], "%"),
            Column("longest_gap_h", [row[2] for row in links], "h"),
        )),
    ]
    plots = [Plot("links", "Contact with Earth (1 = link up; the relay trace is drawn at 0.9)", "step", "communications",
                  "time", (Series("dte", "direct to Earth", "earth"),
                           Series("any_link", "any link (direct or relay)", "relay", scale=0.9)),
                  x_label="UTC", y_label="link")]
    answer = (f"From the {height:g} m mast some link to Earth is up {found['comms_pct']:.1f} % of the time "
              f"(direct {found['dte_pct']:.1f} %), and the longest time without any link is "
              f"{found['longest_comms_gap_h']:g} h.")
    notes = [f"Antenna on the {height:g} m mast; networks: {', '.join(networks)}. Direct-to-Earth needs the Earth's centre "
             "above the terrain skyline and the Moon above a station's mask. DTE link rate "
             f"{link['data_rate_bps'] / 1e6:.1f} Mbit/s ({link['limited_by']}-limited), about "
             f"{found['dte_daily_volume_gbit']:.0f} Gbit per day on average."]
    return SectionData("communications", TITLE, answer=answer, figures=figures, tables=tables, plots=plots,
                       caveats=list(found["caveats"]), notes=notes)


SECTION = Section(
    key="communications",
    title=TITLE,
    compute=compute,
    config_model=CommunicationsConfig,
    needs=("sky", "station", "horizon@", "track@", "relays"),
    summary_keys=("comms_pct", "dte_pct", "longest_comms_gap_h"),
    over_period=True,
)
