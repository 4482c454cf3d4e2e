"""The "Seen from Earth" plan section, computed on a hand-built product table."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.contract import ProductTable, SectionInputs, horizon_product, visibility_product
from moonbase.environment.visibility import site_visibility
from moonbase.sections.seen_from_earth import SECTION, SeenFromEarthConfig
from moonbase.sites import get_site
from moonbase.terrain.builtin import builtin_horizon
from moonbase.timegrid import utc_grid


@pytest.fixture(scope="module")
def data(ephemeris):
    station = get_site("connecting-ridge").point(2.0)
    store = ProductTable({
        "ephemeris": lambda s: ephemeris,
        "sky": lambda s: ephemeris.moon_sky(utc_grid("2030-01-01", "2030-02-01", "1h")),
        "station": lambda s: station,
        horizon_product(10.0): lambda s: builtin_horizon(get_site("connecting-ridge").point(10.0)),
        visibility_product(10.0): lambda s: site_visibility(s.get("sky"), get_site("connecting-ridge").point(10.0),
                                                            s.get(horizon_product(10.0)).to_mask()),
    })
    config = SeenFromEarthConfig(observers=["beijing", "paranal"], instruments=["naked-eye", "binoculars-7x50", "hst",
                                                                               "radar-gbt-vlba"])
    data = SECTION.compute(SectionInputs(scenario=None, config=config, products=store))
    assert store.calls[visibility_product(10.0)] == 1 and store.calls["sky"] == 1  # shared products, used once
    return data


def test_section_answers_in_one_plain_sentence_and_publishes_its_tables(data):
    assert data.answer.startswith("No: a 1.2 m flag at connecting-ridge is 1/")
    assert "7×50 binoculars" in data.answer and data.answer.endswith(".") and data.answer.count(". ") == 0
    resolution = data.table("seen_from_earth_resolution")
    assert len(resolution) == 4
    # Hubble resolves ~100 m along the limb: the 100 m footprint is about one element, the flag 1/80 of it.
    hst = list(resolution.column("instrument").values).index("Hubble Space Telescope (0.5 µm)")
    assert 0.7 < resolution.column("footprint_fraction").values[hst] < 1.3
    power = data.table("seen_from_earth_lamp_power")
    assert set(power.column("observer").values) == {"beijing", "paranal"}
    assert len(power) == 2 * 3  # radar sees no lamp
    daily = data.table("seen_from_earth_daily")
    assert len(daily) == 32
    faces = np.asarray(daily.column("faces_pct").values)
    dark = np.asarray(daily.column("faces_dark_pct").values)
    assert np.all(dark <= faces + 1e-9) and 20.0 < faces.mean() < 80.0
    phase = np.asarray(daily.column("moon_illuminated_pct").values)
    assert phase.min() < 5.0 and phase.max() > 95.0  # a month holds a new and a full Moon
    assert data.plots[0].table == "seen_from_earth_daily"
    assert data.figure("power_needed_best_w").value > 1e6  # binoculars need megawatts even at the best moment


def test_config_rejects_unknown_observers_and_instruments():
    with pytest.raises(ValueError, match="observer"):
        SeenFromEarthConfig(observers=["atlantis"])
    with pytest.raises(ValueError, match="instrument"):
        SeenFromEarthConfig(instruments=["periscope"])
