from pathlib import Path

import pytest

from moonbase.errors import MoonbaseError
from moonbase.scenario import builtin_scenarios, load_scenario

ILRS = Path(load_scenario.__globals__["builtin_scenarios"]()["ilrs"])


def test_builtins_load_and_are_valid():
    names = builtin_scenarios()
    assert {"ilrs", "artemis"} <= set(names)
    ilrs = load_scenario()
    assert ilrs.name == "ilrs" and ilrs.station.site == "change7"
    assert ilrs.campaign.construction_start == 2026 and ilrs.campaign.construction_end == 2035
    assert ilrs.sources, "every built-in scenario states its sources"
    artemis = load_scenario("artemis")
    assert len(artemis.station.alternates) == 9  # the nine Artemis III regions of Oct 2024


def _edited(tmp_path, old, new):
    path = tmp_path / "edited.toml"
    text = ILRS.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def test_unknown_key_names_file_key_and_valid_keys(tmp_path):
    path = _edited(tmp_path, "observer_height_m = 2.0", "observer_hieght_m = 2.0")
    with pytest.raises(MoonbaseError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message and "station.observer_hieght_m" in message and "observer_height_m" in message


def test_bad_value_names_key_and_range(tmp_path):
    path = _edited(tmp_path, "observer_height_m = 2.0", "observer_height_m = -5.0")
    with pytest.raises(MoonbaseError, match=r"station\.observer_height_m.*greater than or equal to 0"):
        load_scenario(path)


def test_unknown_site_suggests_names(tmp_path):
    path = _edited(tmp_path, 'site = "change7"', 'site = "change-7"')
    with pytest.raises(MoonbaseError, match="did you mean"):
        load_scenario(path)


def test_period_order_and_syntax(tmp_path):
    with pytest.raises(MoonbaseError, match="must be after start"):
        load_scenario(_edited(tmp_path, 'end = "2031-01-01"', 'end = "2029-01-01"'))
    with pytest.raises(MoonbaseError, match="not valid TOML"):
        load_scenario(_edited(tmp_path, 'step = "1h"', 'step = 1h"'))


def test_coordinates_instead_of_a_name(tmp_path):
    path = _edited(tmp_path, 'site = "change7"', 'lat = "89.45S"\nlon = 222.69')
    point = load_scenario(path).station.point()
    assert (point.lat_deg, point.lon_deg) == (-89.45, 222.69)


def test_missing_file():
    with pytest.raises(MoonbaseError, match="built-in name"):
        load_scenario("no-such-scenario")


def test_user_stations_loads_and_relays_are_validated(tmp_path):
    extra = '''
stations = [{ key = "my-dish", name = "My 12 m dish", network = "mine", lat = -33.9, lon = 18.4, antenna_m = 12 }]
'''
    path = _edited(tmp_path, 'relays = ["queqiao-2"]', 'relays = ["queqiao-2"]' + extra)
    path.write_text(path.read_text().replace('networks = ["cdsn", "russia"]', 'networks = ["cdsn", "mine"]'))
    scenario = load_scenario(path)
    assert scenario.communications.stations[0].station().network == "mine"
    assert [load.when for load in scenario.power.load_list()] == ["always", "dark", "sunlit"]
    with pytest.raises(MoonbaseError, match="relay"):
        load_scenario(_edited(tmp_path, 'relays = ["queqiao-2"]', 'relays = ["queqiao-3"]'))
    with pytest.raises(MoonbaseError, match="network"):
        load_scenario(_edited(tmp_path, 'networks = ["cdsn", "russia"]', 'networks = ["nasa"]'))
    with pytest.raises(MoonbaseError, match=r"kw.*greater than or equal to 0"):
        load_scenario(_edited(tmp_path, 'kw = 8.0', 'kw = -8.0'))
