"""The debris_events section computed from a hand-built product table, and the impact pieces."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.contract import ProductTable, SectionInputs, Status
from moonbase.debris.config import DebrisEventsConfig, TrafficEvent
from moonbase.debris.elements import EARTH_RADIUS_KM, ElementSet, to_catalog
from moonbase.debris.impact import conjunction_rate_per_day
from moonbase.sections.debris_events import SECTION


def _background():
    """A small made-up catalogue: low objects the ascent climbs through, and a crewed station."""
    rng = np.random.default_rng(2)
    n = 40
    altitude = np.concatenate([[420.0], rng.uniform(200.0, 600.0, n - 1)])
    names = ["ISS (ZARYA)"] + [f"OBJECT {k}" for k in range(1, n)]
    elements = ElementSet(EARTH_RADIUS_KM + altitude, np.full(n, 0.001), np.radians(rng.uniform(30, 100, n)),
                          rng.uniform(0, 2 * np.pi, n), rng.uniform(0, 2 * np.pi, n), rng.uniform(0, 2 * np.pi, n),
                          np.full(n, 0.01), np.full(n, np.datetime64("2026-05-30T12:00"), dtype="datetime64[ms]"),
                          np.arange(1, n + 1), names)
    return to_catalog(elements, "hand-built")


def test_section_with_a_kosmos_like_event():
    event = TrafficEvent(parent="test sat", mass_kg=2000, altitude_km=480, inclination_deg=82.6,
                         epoch="2027-03-01T00:00:00", type="asat")
    config = DebrisEventsConfig(events=[event], years=3, windows_per_year=2, window_minutes=30,
                                launch_site="wenchang", parking_altitude_km=200.0, parking_inclination_deg=41.5, seed=3)
    store = ProductTable({"catalogue": lambda s: _background()})
    data = SECTION.compute(SectionInputs(scenario=None, config=config, products=store))
    assert data.status == Status.OK and store.calls["catalogue"] == 1
    table = data.table("debris_event_1")
    fragments = np.asarray(table.column("fragments_in_orbit").values)
    assert 200 < fragments[0] < 1500 and (np.diff(fragments) <= 0).all()  # a 480-km cloud decays
    with_, without = (np.asarray(table.column(c).values) for c in ("closed_with_pct", "closed_without_pct"))
    assert (with_ >= without - 1e-12).all()
    rate_with = np.asarray(table.column("conjunctions_with_per_day").values)
    rate_without = np.asarray(table.column("conjunctions_without_per_day").values)
    assert (rate_with >= rate_without).all() and (rate_with > rate_without).any()  # fragments decaying through 200 km
    assert "Wenchang" in data.answer and "2028" in data.answer
    assert data.figure("seed").value == 3
    assert {p.table for p in data.plots} == {"debris_event_1"}
    assert "debris_events.series" in data.products


def test_section_without_events_is_skipped():
    data = SECTION.compute(SectionInputs(scenario=None, config=DebrisEventsConfig(), products=ProductTable()))
    assert data.status == Status.SKIPPED


def test_event_config_rejects_unknown_keys():
    with pytest.raises(ValueError):
        TrafficEvent(mass_kg=10, altitude_km=500, inclination_deg=50, epoch="2030-01-01T00:00:00", colour="red")


def test_conjunction_rate_kinetic_theory():
    # one object always inside the 10-km shell at 500 km, polar; the parking orbit equatorial:
    # density 1/V, relative speed 2 v sin(45 deg), rate = density * v_rel * pi d^2
    r = EARTH_RADIUS_KM + 500.0
    volume = 4 / 3 * np.pi * ((r + 5) ** 3 - (r - 5) ** 3)
    v = np.sqrt(398600.4418 / r)
    expected = (1 / volume) * 2 * v * np.sin(np.pi / 4) * np.pi * 5.0**2 * 86400
    got = conjunction_rate_per_day(np.array([499.0]), np.array([501.0]), np.array([90.0]), 500.0, 0.0, 5.0)
    assert got == pytest.approx(expected, rel=1e-6)


def test_assembly_orbit_is_costed_beside_the_parking_orbit():
    """A LEO assembly orbit (Starship-style refuelling): the same cloud, evolved once, costed for launches into it and
    for the conjunctions of a stay; the parking-orbit results are those of a run without it."""
    from moonbase.debris.config import AssemblyOrbit
    from moonbase.debris.impact import assembly_ascent, background_cost, event_costs

    event = TrafficEvent(parent="test sat", mass_kg=2000, altitude_km=480, inclination_deg=82.6,
                         epoch="2027-03-01T00:00:00", type="asat")
    orbit = AssemblyOrbit(name="refuelling orbit", altitude_km=470.0, inclination_deg=51.6, stay_days=60, launches=11,
                          launch_site="baikonur", source="test values [U]")
    base = dict(events=[event], years=2, windows_per_year=2, window_minutes=30, launch_site="wenchang",
                parking_altitude_km=200.0, parking_inclination_deg=41.5, seed=3)
    store = ProductTable({"catalogue": lambda s: _background()})
    data = SECTION.compute(SectionInputs(None, DebrisEventsConfig(**base, assembly_orbit=orbit), store))
    alone = SECTION.compute(SectionInputs(None, DebrisEventsConfig(**base), ProductTable({"catalogue": lambda s: _background()})))
    assert data.status == Status.OK
    parking, assembly = data.table("debris_event_1"), data.table("debris_event_1_assembly")
    assert np.array_equal(parking.column("closed_with_pct").values, alone.table("debris_event_1").column("closed_with_pct").values)
    # A stay at 470 km, inside the 480-km cloud's shell, meets more of it than the 200-km parking orbit.
    extra = np.asarray(assembly.column("conjunctions_with_per_day").values) - np.asarray(assembly.column("conjunctions_without_per_day").values)
    extra_parking = (np.asarray(parking.column("conjunctions_with_per_day").values)
                     - np.asarray(parking.column("conjunctions_without_per_day").values))
    assert (extra > 0).all() and extra[0] > 10 * extra_parking[0]
    stay = data.figure("event_1_assembly_extra_conjunctions_per_stay").value
    assert stay == pytest.approx(extra.max() * 60)
    assert "refuelling orbit" in data.answer and any("test values [U]" in c for c in data.caveats)
    # The series of the assembly orbit equal a run of the impact model for that launch alone.
    config = DebrisEventsConfig(**base, assembly_orbit=orbit)
    ascent = assembly_ascent(config)
    (only,) = event_costs(event, [ascent], config, [background_cost(_background(), ascent, config)])
    assert np.allclose(only.with_closed_fraction * 100, assembly.column("closed_with_pct").values)
