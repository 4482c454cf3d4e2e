"""The plan runner: ordering by needs, isolation of failing sections, shared products computed once, progress."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from moonbase.contract import Figure, Section, SectionData, Status, horizon_product, track_product, visibility_product
from moonbase.plan import RegistryError, order_sections, run_plan
from moonbase.scenario import load_scenario
from moonbase.sections import registry


def short(name="ilrs", days=2, **station):
    scenario = load_scenario(name)
    period = scenario.period.model_copy(update={"end": f"{scenario.period.start[:8]}{1 + days:02d}", "step": "6h"})
    return scenario.model_copy(update={"period": period, "station": scenario.station.model_copy(update=station)})


def _section(key, needs=(), provides=(), compute=None):
    return Section(key, key.title(), compute or (lambda inputs: SectionData(key, key.title())), needs=needs,
                   provides=provides)


def test_sections_run_after_what_they_need_and_keep_registry_order_otherwise():
    a, b, c = _section("a", needs=("c.x",)), _section("b"), _section("c", provides=("x",))
    assert [s.key for s in order_sections([a, b, c])] == ["b", "c", "a"]
    assert [s.key for s in order_sections([b, c, a])] == ["b", "c", "a"]


def test_unknown_needs_and_cycles_are_errors_that_name_the_sections():
    with pytest.raises(RegistryError, match=r"'a' needs 'nobody\.x'.*built-in products: ephemeris"):
        order_sections([_section("a", needs=("nobody.x",))])
    with pytest.raises(RegistryError, match=r"cycle: a -> b -> a"):
        order_sections([_section("a", needs=("b.y",), provides=("x",)), _section("b", needs=("a.x",), provides=("y",))])
    with pytest.raises(RegistryError, match="registered twice: a"):
        order_sections([_section("a"), _section("a")])


def test_registry_sections_are_ordered_and_built_in_needs_are_known():
    assert [s.key for s in order_sections(registry.SECTIONS)] == [s.key for s in registry.SECTIONS]
    # the terrain results first; the sphere-only geometry after them (issue 12: it was taken for the station's night)
    assert [s.key for s in registry.SECTIONS][:6] == ["horizon", "site_environment", "site_geometry", "communications",
                                                      "power", "traffic"]
    assert {"access", "campaign", "race", "seen_from_earth", "debris_events"} <= {s.key for s in registry.SECTIONS}


def test_shared_products_are_computed_once_per_plan(monkeypatch):
    """Before: the station's tracks were computed 4 times at 2 m (geometry, horizon, environment, ranking) and 3 times
    at 10 m (environment, comms, power), its 2 m horizon resolved twice (the ranking again). Now: once each."""
    import moonbase.environment.ranking as ranking
    import moonbase.geometry as geometry
    import moonbase.terrain.source as source

    scenario = short()
    station = scenario.station.point()
    tracks, horizons = Counter(), Counter()
    real_sky, real_resolve = geometry.sky_at_site, source.resolve_horizon

    def counted_sky(sky, point):
        if (point.lat_deg, point.lon_deg) == (station.lat_deg, station.lon_deg):
            tracks[point.height_m] += 1
        return real_sky(sky, point)

    def counted_resolve(point, *args, **kwargs):
        if (point.lat_deg, point.lon_deg) == (station.lat_deg, station.lon_deg):
            horizons[point.height_m] += 1
        return real_resolve(point, *args, **kwargs)

    for module in ("moonbase.geometry", "moonbase.environment.visibility", "moonbase.comms.analysis",
                   "moonbase.power.analysis"):
        monkeypatch.setattr(f"{module}.sky_at_site", counted_sky)
    monkeypatch.setattr(source, "resolve_horizon", counted_resolve)
    monkeypatch.setattr(ranking, "resolve_horizon", counted_resolve)
    plan = run_plan(scenario)
    # every section computed (the campaign is PARTIAL over a two-day period: its caveats say why)
    assert all(s.status in (Status.OK, Status.PARTIAL) for s in plan.sections), [(s.key, s.error) for s in plan.sections]
    assert tracks == {2.0: 1, 10.0: 1}
    assert horizons == {2.0: 1, 10.0: 1}
    calls = plan.products.calls
    for height in (2.0, 10.0):
        for name in (track_product(height), horizon_product(height), visibility_product(height)):
            assert calls[name] == 1, name
    for name in ("ephemeris", "epochs", "sky", "station", "relays", "catalogue"):
        assert calls[name] == 1, name


def test_a_failing_section_is_reported_and_the_others_still_run(tmp_path, monkeypatch, run_cli):
    def broken(inputs):
        raise RuntimeError("deliberately broken")

    def reader(inputs):
        inputs.products.get("broken.payload")
        return SectionData("reader", "Reader")

    monkeypatch.setattr(registry, "SECTIONS", [
        Section("broken", "A broken section", broken, provides=("payload",)),
        *registry.SECTIONS[:2],
        Section("reader", "Reads the broken one", reader, needs=("broken.payload",)),
    ])
    scenario = tmp_path / "short.toml"
    scenario.write_text('name = "short"\ntitle = "Short"\n[station]\nsite = "connecting-ridge"\n'
                        '[period]\nstart = "2030-01-01"\nend = "2030-01-02"\nstep = "6h"\n')
    code, _, err = run_cli("plan", scenario, "--out", tmp_path / "out")
    assert code == 1
    lines = [line for line in err.strip().splitlines() if not re.match(r"moonbase: \d+% ", line)]  # besides progress
    assert len(lines) == 1 and "broken (RuntimeError: deliberately broken" in lines[0] and "reader (" in lines[0]
    summary = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert summary["sections"]["broken"]["status"] == "failed"
    assert "deliberately broken" in summary["sections"]["broken"]["error"]
    assert "section 'broken' failed" in summary["sections"]["reader"]["error"]
    assert summary["sections"]["horizon"]["status"] == "ok" and summary["sections"]["horizon"]["horizon_n_azimuths"] == 720
    html = (tmp_path / "out" / "report.html").read_text()
    assert "This section failed" in html and "deliberately broken" in html


def test_an_undeclared_section_product_is_refused():
    def sneaky(inputs):
        inputs.products.get("other.thing")
        return SectionData("sneaky", "Sneaky")

    other = Section("other", "Other", lambda inputs: SectionData("other", "Other", products={"thing": 1}),
                    provides=("thing",))
    plan = run_plan(short(), sections=[other, Section("sneaky", "Sneaky", sneaky)])
    assert plan.section("other").status == Status.OK
    assert plan.section("sneaky").status == Status.FAILED and "without listing it in needs" in plan.section("sneaky").error


def test_figure_keys_of_plan_json_itself_are_refused():
    section = Section("clash", "Clash", lambda inputs: SectionData("clash", "Clash", figures=[Figure("status", "s", 1)]))
    plan = run_plan(short(), sections=[section])
    assert plan.section("clash").status == Status.FAILED and "reserved" in plan.section("clash").error


def test_one_progress_callback_goes_from_0_to_1_naming_each_section():
    seen = []
    run_plan(short(), progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    messages = " ".join(m for _, m in seen)
    for section in registry.SECTIONS:
        assert section.title in messages
    assert any(m.startswith("Traffic") and "launch COLA sweep" in m for _, m in seen)  # a section's own progress
