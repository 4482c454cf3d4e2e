"""Communications at a site: direct-to-Earth per network, relays, combined availability and data volume."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..ephemeris import MoonSky
from ..terrain.horizon import Horizon
from ..geometry import SurfacePoint, sky_at_site
from ..orbits.relays import get_relay, relay_positions_me
from .availability import direct_to_earth, link_summary, stations_in_view
from .earth_view import moon_elevation_at_stations, moon_itrs_km
from .link_budget import DEFAULT_CAVEATS, Link, budget, daily_volume_gbit
from .relay import relay_sees_earth, site_sees_relay
from .stations import GroundStation, network

#: Queqiao-2's high-gain antenna diameter [m]: 4.2 m (Wikipedia mirrors, Apr 2024) [R].
RELAY_ANTENNA_M = 4.2


def analyse_comms(sky: MoonSky, point: SurfacePoint, horizon: Horizon, networks: Sequence[str],
                  relays: Sequence[str] = (), extra_stations: Sequence[GroundStation] = (),
                  min_clearance_deg: float = 0.0, include_intervals: bool = True, view: dict | None = None,
                  relay_positions: Mapping[str, np.ndarray] | None = None) -> dict:
    """DTE availability per network and combined, relayed availability, link budgets and daily data volumes.

    ``view`` (``sky_at_site(sky, point)``) and ``relay_positions`` (preset → (3, T) MOON_ME positions [km]):
    when already computed (a plan shares them between sections).
    """
    utc = sky.utc
    earth = (sky_at_site(sky, point) if view is None else view)["earth"]
    earth_above_skyline = earth.elevation_deg - horizon.at(earth.azimuth_deg)
    moon = moon_itrs_km(utc)
    members = {name: network(name, list(extra_stations)) for name in networks}
    everyone = list({s.key: s for group in members.values() for s in group}.values())
    _, elevations = moon_elevation_at_stations(moon, everyone)
    index = {s.key: i for i, s in enumerate(everyone)}
    masks = np.array([s.min_elevation_deg for s in everyone])

    def strip(summary: dict) -> dict:
        return summary if include_intervals else {k: v for k, v in summary.items() if k not in ("windows", "gaps")}

    out = {"networks": {}, "relays": {}}
    for name, group in members.items():
        rows = [index[s.key] for s in group]
        link = direct_to_earth(earth_above_skyline, elevations[rows], masks[rows], min_clearance_deg)
        out["networks"][name] = strip(link_summary(link, utc, "dte"))
        out["networks"][name]["stations"] = [s.key for s in group]
    dte = direct_to_earth(earth_above_skyline, elevations, masks, min_clearance_deg)
    out.update(strip(link_summary(dte, utc, "dte")))
    any_station = stations_in_view(elevations, masks)

    mean_earth_km = float(np.mean(earth.range_km))
    biggest = max(everyone, key=lambda s: s.antenna_m)
    dte_budget = budget(Link(rx_diameter_m=biggest.antenna_m, distance_km=mean_earth_km))
    out["dte_link"] = {"to": biggest.name, **{k: dte_budget[k] for k in ("data_rate_bps", "limited_by", "cn0_dbhz", "band")}}
    out["dte_daily_volume_gbit"] = daily_volume_gbit(dte_budget["data_rate_bps"], float(dte.mean()))

    combined = dte.copy()
    for key in relays:
        orbit = get_relay(key)
        positions = relay_positions[key] if relay_positions and key in relay_positions else relay_positions_me(orbit, utc)
        up, _, _ = site_sees_relay(positions, point, horizon, min_clearance_deg)
        down = relay_sees_earth(positions, sky.earth_km) & any_station
        relayed = up & down
        combined |= relayed
        ranges = np.linalg.norm(positions - point.position_km()[:, None], axis=0)
        hop_up = budget(Link(tx_power_w=5.0, tx_diameter_m=0.3, rx_diameter_m=RELAY_ANTENNA_M, band="S", system_noise_k=300.0,
                             distance_km=float(np.percentile(ranges, 95))))
        hop_down = budget(Link(tx_power_w=20.0, tx_diameter_m=RELAY_ANTENNA_M, rx_diameter_m=biggest.antenna_m,
                               distance_km=mean_earth_km))
        rate = min(hop_up["data_rate_bps"], hop_down["data_rate_bps"])
        out["relays"][key] = {
            **strip(link_summary(relayed, utc, "relay")),
            "name": orbit.name, "orbit_source": orbit.source,
            "site_to_relay_pct": 100.0 * float(up.mean()), "relay_to_earth_pct": 100.0 * float(down.mean()),
            "data_rate_bps": rate, "daily_volume_gbit": daily_volume_gbit(rate, float(relayed.mean())),
        }
    comms = link_summary(combined, utc, "comms")
    out["relay_pct"] = 100.0 * float((combined & ~dte).mean()) if relays else 0.0
    out["comms_pct"] = comms["comms_pct"]
    out["longest_comms_gap_h"] = comms["longest_comms_gap_h"]
    if include_intervals:
        out["comms_gaps"] = comms["gaps"]
    out["series"] = {"dte": dte, "comms": combined, "earth_above_skyline_deg": earth_above_skyline}
    uncertain = [s.name for s in everyone if s.uncertain]
    out["caveats"] = list(DEFAULT_CAVEATS) + ([f"Station coordinates uncertain to ~1 deg: {', '.join(uncertain)}"] if uncertain else []) + [
        "Station elevation masks of 10 deg are a recalled planning value [M]; surface terminal (20 W X-band, 1 m dish; "
        "5 W S-band, 0.3 m to the relay) and relay down-link (20 W, 4.2 m) parameters are recalled [M].",
        "Relay-to-Earth visibility uses the Moon's elevation at the stations for the relay (within 2.5 deg of the Moon "
        "from Earth for the elliptical presets; up to 11 deg for the NRHO).",
    ]
    return out
