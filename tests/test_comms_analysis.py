"""Direct-to-Earth and relayed availability against independent geometry, and the comms/power CLIs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from moonbase.comms.analysis import analyse_comms
from moonbase.comms.relay import limb_clear
from moonbase.comms.stations import network
from moonbase.environment.visibility import HorizonMask
from moonbase.geometry import SurfacePoint, moon_from_ground_station, sky_at_site
from moonbase.timegrid import utc_grid



def test_dte_matches_independent_per_station_geometry(ephemeris):
    utc = utc_grid("2030-01-01", "2030-01-20", "2h")
    sky = ephemeris.moon_sky(utc)
    point = SurfacePoint(-89.45, 222.69, 10.0)
    horizon = HorizonMask.flat(0.5)
    found = analyse_comms(sky, point, horizon, ["dsn"], include_intervals=False)
    # Independent: skyfield's own topocentric pipeline per station, and the Earth's centre vs a 0.5° skyline.
    earth = sky_at_site(sky, point)["earth"]
    any_station = np.zeros(len(utc), bool)
    for station in network("dsn"):
        _, el, _ = moon_from_ground_station(utc, station.lat_deg, station.lon_deg, station.height_m)
        any_station |= el >= station.min_elevation_deg
    expected = (earth.elevation_deg >= 0.5) & any_station
    np.testing.assert_array_equal(found["series"]["dte"], expected)
    assert found["dte_pct"] == pytest.approx(100 * expected.mean())


def test_limb_clear_geometry():
    r = 1737.4
    sat = np.array([[0.0], [0.0], [-5000.0]])
    assert limb_clear(sat, np.array([[384_000.0], [0.0], [0.0]]))[0]  # passes well clear of the limb
    assert not limb_clear(sat, np.array([[0.0], [0.0], [384_000.0]]))[0]  # straight through the Moon
    grazing = np.array([[-384_000.0], [r + 1.0], [0.0]]), np.array([[384_000.0], [r + 1.0], [0.0]])
    assert limb_clear(*grazing)[0] and not limb_clear(grazing[0] - [[0], [2.0], [0]], grazing[1] - [[0], [2.0], [0]])[0]


def test_comms_cli_json(run_cli):
    code, out, _ = run_cli("comms", "--site", "connecting-ridge", "--height", "10", "--network", "dsn",
                       "--relay", "lunar-pathfinder", "--start", "2030-01-01", "--end", "2030-01-15", "--step", "1h", "--json")
    assert code == 0
    result = json.loads(out)
    assert 0 < result["dte_pct"] < 100 and result["longest_dte_gap_h"] > 0 and result["windows"]
    relay = result["relays"]["lunar-pathfinder"]
    assert 0 < relay["relay_pct"] <= 100
    assert result["comms_pct"] >= max(result["dte_pct"], relay["relay_pct"]) - 1e-9
    assert result["longest_comms_gap_h"] <= result["longest_dte_gap_h"]


def test_power_cli_json_and_bad_input(run_cli):
    code, out, _ = run_cli("power", "--site", "connecting-ridge", "--load-kw", "10", "--start", "2030-01-01",
                       "--end", "2030-04-01", "--no-fission", "--json")
    assert code == 0
    result = json.loads(out)
    for key in ("array_kw", "storage_kwh", "system_mass_kg", "min_soc_pct", "limiting_spell"):
        assert key in result
    assert result["min_soc_pct"] >= 100 * (1 - 0.95) - 1e-6 and result["limiting_spell"]["hours"] > 0
    code, _, err = run_cli("power", "--site", "connecting-ridge", "--load-kw", "-5", "--start", "2030-01-01",
                       "--end", "2030-01-10")
    assert code == 2 and "load" in err
