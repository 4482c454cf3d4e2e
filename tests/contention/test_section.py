"""The partners-and-contention plan section, computed from a hand-built product table."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from moonbase.contract import ProductTable, SectionInputs, Status
from moonbase.geometry import SurfacePoint
from moonbase.sections.contention import SECTION, ContentionConfig
from moonbase.sites import get_site

from .synthetic import sunlight_map


def _inputs(config=None, with_map=True):
    site = get_site("artemis3-mons-mouton")
    factories = {"station": lambda store: SurfacePoint(site.lat_deg, site.lon_deg, 2.0, site.key)}
    if with_map:
        factories["site_environment.sunlight_map"] = lambda store: sunlight_map(site.lat_deg, site.lon_deg)
    scenario = SimpleNamespace(period=SimpleNamespace(start="2025-06-01", end="2025-07-01"), station=SimpleNamespace(dem=[]))
    return SectionInputs(scenario=scenario, config=config or ContentionConfig(), products=ProductTable(factories))


def test_section_reports_blocs_contested_ground_and_a_map():
    data = SECTION.compute(_inputs())
    assert data.status == Status.OK
    assert data.figure("as_of").value == "2025-06-01"
    assert data.figure("ilrs_states").value == 15 and data.figure("artemis_states").value == 55
    assert data.figure("both_states").value == 1 and data.figure("both_states").note == "Thailand"
    assert data.figure("same_place_pairs").value == 1            # Leibnitz Beta (Chang'e-8) = Mons Mouton (Artemis III)
    assert data.figure("keep_out_km").tag == "[M]" and "no size" in data.figure("keep_out_km").source
    # The lit disk: π (3 km)² = 28.3 km² on 0.25 km² pixels (the map's scale at 84.6°S takes 0.5 % off).
    assert data.figure("lit_gt90_km2").value == pytest.approx(np.pi * 9.0, rel=0.04)
    assert data.figure("psr_km2").value == pytest.approx(4.0, rel=0.2)
    assert data.figure("contested_patches").value == 2            # the lit disk and the PSR, both within 10 km of both
    contested = data.table("contested_ground")
    assert set(contested.column("kind").values) == {"lit>80", "psr"}
    pairs = data.table("contested_pairs")
    first = (pairs.column("a").values[0], pairs.column("b").values[0])
    assert first == ("change8-leibnitz-beta", "artemis3-mons-mouton")
    raster = data.rasters[0]
    assert raster.key == "contention_map" and set(np.unique(raster.dataset["ground_class"].values)) == {0.0, 1.0, 2.0}
    assert {p.key for p in data.plots} == {"bloc_sizes"} and data.table("bloc_sizes").column("artemis_states").values[-1] == 55
    caveats = " ".join(data.all_caveats())
    assert "keep-out radius 2 km [M]" in caveats and "recalled" in caveats
    assert "Thailand" in data.answer and "change8-leibnitz-beta = artemis3-mons-mouton" in data.answer
    assert set(SECTION.summary_keys) <= {f.key for f in data.figures}


def test_section_without_a_map_is_partial_and_says_why():
    data = SECTION.compute(_inputs(ContentionConfig(as_of="2025-12-01", keep_out_km=5.0), with_map=False))
    assert data.status == Status.PARTIAL and any("no sunlight map" in c for c in data.caveats)
    assert data.figure("both_states").value == 2 and data.figure("keep_out_km").tag == "[U]"
    assert data.figure("keep_out_overlaps").value >= 1


def test_config_rejects_unknown_keys():
    with pytest.raises(Exception):
        ContentionConfig(keepout_km=3.0)
