import numpy as np
import pytest

from moonbase.comms.earth_view import moon_elevation_at_stations, moon_itrs_km
from moonbase.comms.stations import GroundStation, network, stations
from moonbase.errors import InputError
from moonbase.geometry import moon_from_ground_station
from moonbase.timegrid import utc_grid


def test_networks_have_their_stations():
    assert {s.key for s in network("dsn")} == {"goldstone", "madrid", "canberra"}
    assert {s.key for s in network("cdsn")} == {"kashi", "jiamusi", "neuquen"}
    assert {s.key for s in network("russia")} == {"bear-lakes", "kalyazin", "ussuriysk"}
    assert {s.key for s in network("estrack")} == {"cebreros", "malargue", "new-norcia"}
    assert stations()["kashi"].uncertain and not stations()["goldstone"].uncertain
    with pytest.raises(InputError, match="dsn"):
        network("nasa")


def test_shared_epoch_pipeline_matches_skyfield_per_station():
    # Reference: skyfield's own topocentric apparent pipeline per station (validated against astropy to 0.4").
    # Tolerance 1 arcsec: geocentric vs topocentric aberration/light time (< 0.5") plus numerical noise.
    utc = utc_grid("2030-01-01", "2030-01-15", "5h")
    moon = moon_itrs_km(utc)
    chosen = [stations()[k] for k in ("goldstone", "kashi", "malargue")]
    az, el = moon_elevation_at_stations(moon, chosen)
    for i, s in enumerate(chosen):
        ref_az, ref_el, _ = moon_from_ground_station(utc, s.lat_deg, s.lon_deg, s.height_m)
        assert np.abs(el[i] - ref_el).max() * 3600 < 1.0
        d_az = np.abs((az[i] - ref_az + 180) % 360 - 180) * np.cos(np.radians(ref_el))
        assert d_az.max() * 3600 < 1.0


def test_user_station_validation():
    with pytest.raises(InputError, match="elevation mask"):
        GroundStation("x", "X", "mine", 10.0, 10.0, 0.0, 12.0, 95.0, "[user]", "user")
    mine = GroundStation("x", "X", "mine", 10.0, 10.0, 0.0, 12.0, 5.0, "[user]", "user")
    assert network("mine", [mine]) == [mine]
