"""The Access plan section, computed directly with a hand-built ProductTable."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.contract import ProductTable, SectionInputs, Status
from moonbase.scenario import load_scenario
from moonbase.sections.access import SECTION, AccessConfig


@pytest.fixture(scope="module")
def ilrs_data():
    scenario = load_scenario("ilrs")
    config = AccessConfig(**scenario.access.model_dump())
    return SECTION.compute(SectionInputs(scenario, config, ProductTable()))


def test_section_contract(ilrs_data):
    assert SECTION.key == "access" and "access.payload" in SECTION.provides
    assert ilrs_data.status == Status.OK
    assert ilrs_data.answer.startswith("From Wenchang")
    for key in SECTION.summary_keys:
        figure = ilrs_data.figure(key)
        assert figure.source and figure.tag
    assert {t.key for t in ilrs_data.tables} >= {"access_porkchop", "access_launch_days", "access_delta_v", "access_payload",
                                                 "access_trajectory"}
    path = ilrs_data.table("access_trajectory")
    assert float(np.hypot(path.column("x_km").values[0], path.column("y_km").values[0])) < 7000.0
    assert float(np.asarray(path.column("hours_after_tli").values)[-1]) > 100.0
    heatmap = next(p for p in ilrs_data.plots if p.kind == "heatmap")
    table = ilrs_data.table(heatmap.table)
    assert len(table) == 31 * 31 and table.column(heatmap.z).unit == "km/s"


def test_section_numbers(ilrs_data):
    assert 3.10 < ilrs_data.figure("tli_dv_km_s").value < 3.17
    assert 100.0 < ilrs_data.figure("tof_h").value < 115.0
    # Chang'e-7 (2026, Long March 5): about 1.5 t with a Chang'e-class lander (recalled lander figures: [M]).
    payload = ilrs_data.figure("payload_first_mission_kg")
    assert 1000 < payload.value < 2500 and payload.tag == "[M]"
    calendar = ilrs_data.table("access_launch_days")
    missions = set(calendar.column("mission").values)
    assert {"Chang'e-7", "ILRS-1", "ILRS-5"} <= missions
    open_days = np.asarray(calendar.column("open").values)
    assert 0 < open_days.sum() < len(open_days)  # i = 19.6°: closed when the Moon's declination is higher
    product = ilrs_data.products["access.payload"]
    assert product["long-march-5+change-class"]["kg"] > 0 and product["long-march-5+change-class"]["tag"]
    assert any("[A]" in c for c in ilrs_data.all_caveats())


def test_section_config_keeps_todays_keys_and_adds_vehicles():
    config = AccessConfig(launch_site="kennedy", destination="nrho",
                          vehicles=[{"kind": "launcher", "key": "my-rocket", "name": "My rocket", "leo_t": 40, "tli_t": 12}])
    assert config.destination == "nrho"
    with pytest.raises(Exception):
        AccessConfig(launch_site="wenchang", unknown_key=1)


def test_section_artemis_uses_the_nrho():
    scenario = load_scenario("artemis")
    data = SECTION.compute(SectionInputs(scenario, None, ProductTable()))
    legs = list(data.table("access_delta_v").column("leg").values)
    assert "TLI→NRHO" in legs and "NRHO→LLO" in legs
    assert "starship+starship-hls" in data.products["access.payload"]
