"""Adding a section is one module plus one registration line; the report escapes everything; plan.json has a schema."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace

import numpy as np
import pytest

from moonbase.errors import MoonbaseError
from moonbase.plan import run_plan
from moonbase.plan_schema import SCHEMA_VERSION, plan_schema, schema_text, shipped_schema_text
from moonbase.scenario import load_scenario
from moonbase.sections import registry

TOY_MODULE = '''
"""A toy section, written as a new contributor would: this module and one line in the registry."""

from pydantic import Field

from moonbase.contract import (Column, Figure, Plot, Section, SectionConfig, SectionData, Series, Table,
                               visibility_product)


class ToyConfig(SectionConfig):
    threshold_pct: float = Field(50.0, ge=0.0, le=100.0, description="a daily-sunlight threshold [%]")


def compute(inputs):
    config = inputs.config
    environment = inputs.products.get("site_environment.environment")   # another section's product
    series = inputs.products.get(visibility_product(inputs.scenario.station.observer_height_m))
    lit = 100.0 * series.sun_fraction
    above = float((lit >= config.threshold_pct).mean() * 100.0)
    return SectionData(
        "toy", "Toy: time above a sunlight threshold",
        answer=f"The Sun shows at least {config.threshold_pct:g} % of its disk {above:.1f} % of the time.",
        figures=[Figure("toy_above_pct", "Time above the threshold", above, "%", source="toy"),
                 Figure("toy_threshold_pct", "Threshold", config.threshold_pct, "%", tag="[U]", source="scenario toy"),
                 Figure("toy_sun_any_pct", "Sun visible (from site_environment)", environment.statistics["sun_any_pct"],
                        "%", source="site_environment")],
        tables=[Table("toy_series", "Visible solar disk", (Column("sun_pct", lit, "%"), Column("index", list(range(lit.size)))))],
        plots=[Plot("toy_plot", "Toy plot of the solar disk", "line", "toy_series", "index", (Series("sun_pct", "Sun", "sun"),))],
        caveats=["A toy caveat."],
    )


SECTION = Section("toy", "Toy: time above a sunlight threshold", compute, config_model=ToyConfig,
                  needs=("site_environment.environment", "visibility@"), summary_keys=("toy_above_pct",))
'''

SCENARIO = '''name = "toy"
title = "Toy scenario"
[station]
site = "connecting-ridge"
[period]
start = "2030-01-01"
end = "2030-01-03"
step = "6h"
'''


def _validate(document: dict) -> None:
    import jsonschema

    jsonschema.validate(document, json.loads(shipped_schema_text()))


def test_adding_a_section_is_one_module_and_one_registration_line(tmp_path, monkeypatch, run_cli):
    path = tmp_path / "toy_section.py"
    path.write_text(TOY_MODULE)
    spec = importlib.util.spec_from_file_location("toy_section", path)
    toy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(toy)
    monkeypatch.setattr(registry, "SECTIONS", [*registry.SECTIONS, toy.SECTION])  # the one registration line

    scenario = tmp_path / "toy.toml"
    scenario.write_text(SCENARIO + "[toy]\nthreshold_pct = 40\n")
    code, _, err = run_cli("plan", scenario, "--out", tmp_path / "out")
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "plan.json").read_text())
    toy_json = summary["sections"]["toy"]
    assert toy_json["status"] == "ok" and toy_json["toy_threshold_pct"] == 40.0
    assert 0.0 <= toy_json["toy_above_pct"] <= 100.0
    assert toy_json["toy_sun_any_pct"] == summary["sections"]["site_environment"]["sun_any_pct"]
    assert summary["section_details"]["toy"]["figures"]["toy_above_pct"]["unit"] == "%"
    assert summary["section_details"]["toy"]["tables"]["toy_series"]["columns"] == {"sun_pct": "%", "index": ""}
    _validate(summary)
    html = (tmp_path / "out" / "report.html").read_text()
    assert "id=\"toy\"" in html and "Toy: time above a sunlight threshold" in html and "A toy caveat." in html
    assert "Toy plot of the solar disk" in html and "Time above the threshold" in html
    assert (tmp_path / "out" / "data" / "toy_series.csv").read_text().startswith("sun_pct,index\n")

    scenario.write_text(SCENARIO + "[toy]\nthreshold = 40\n")
    with pytest.raises(MoonbaseError) as info:
        load_scenario(scenario)
    assert str(scenario) in str(info.value) and "toy.threshold" in str(info.value) and "threshold_pct" in str(info.value)


PAYLOAD = '<script>alert("moonbase")</script> & Co'


def test_names_from_sites_dems_and_catalogues_are_escaped_everywhere_in_the_report(tmp_path):
    from moonbase.report.files import write_plan
    from moonbase.terrain.builtin import builtin_horizon
    from moonbase.traffic.catalog import Catalog
    from moonbase.traffic.snapshot import packaged_catalog

    scenario = load_scenario("ilrs")
    scenario = scenario.model_copy(update={"period": scenario.period.model_copy(update={"end": "2030-01-03", "step": "6h"})})
    station = replace(scenario.station.point(), name=f"Site {PAYLOAD}")
    horizons = {}
    for height in (2.0, 10.0):
        found = builtin_horizon(scenario.station.point(height))
        horizons[f"horizon@{height:g}m"] = replace(found, source=f"exact ray march over DEM {PAYLOAD}",
                                                   provenance={"method": "exact", "dems": [{"file": f"dem {PAYLOAD}.tif"}]})
    packaged = packaged_catalog()
    catalogue = Catalog([replace(o, name=f"{o.name} {PAYLOAD}") for o in packaged.objects])
    plan = run_plan(scenario, products={"station": station, "catalogue": catalogue, **horizons})
    # none failed (sections the scenario does not ask for, such as its campaign, are skipped)
    assert all(s.status.value in ("ok", "partial", "skipped") for s in plan.sections), [(s.key, s.error) for s in plan.sections]
    assert plan.section("traffic").status.value == "ok"
    assert PAYLOAD in plan.section("traffic").figure_values()["closest_approaches"][0]["name"]
    write_plan(plan, tmp_path / "out")
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<script>alert" not in html and 'alert("moonbase")' not in html and " & Co" not in html
    escaped = "&lt;script&gt;alert(&quot;moonbase&quot;)&lt;/script&gt; &amp; Co"
    assert f"Site {escaped}" in html  # the header, the answers
    assert f"DEM {escaped}" in html and f"dem {escaped}.tif" in html  # horizon source and DEM files
    assert html.count(escaped) > 20  # figures, tables (closest approaches), notes, the plan.json listing
    _validate(json.loads((tmp_path / "out" / "plan.json").read_text()))


def test_the_shipped_schema_is_the_generated_one_and_is_valid_json_schema():
    import jsonschema

    assert shipped_schema_text() == schema_text(), "regenerate: moonbase plan --schema > src/moonbase/data/plan.schema.json"
    schema = plan_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["schema_version"] == SCHEMA_VERSION and schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_plan_schema_is_printed_and_rejects_a_broken_document(run_cli):
    import jsonschema

    code, out, _ = run_cli("plan", "--schema")
    assert code == 0 and json.loads(out) == plan_schema()
    plan = run_plan(load_scenario("ilrs").model_copy(update={"period": load_scenario("ilrs").period.model_copy(
        update={"end": "2030-01-02", "step": "12h"})}), sections=registry.SECTIONS[:1])
    document = plan.summary()
    _validate(document)
    for broken in ({**document, "sections": {"x": {"value": 1}}},            # no status
                   {**document, "schema_version": "0.9"},
                   {**document, "unexpected": 1}):
        with pytest.raises(jsonschema.ValidationError):
            _validate(broken)


def test_plots_use_svg_traces_with_one_colour_per_body():
    from moonbase.report.plots import BODY_COLOURS, plotly_figure

    plan = run_plan(load_scenario("ilrs").model_copy(update={"period": load_scenario("ilrs").period.model_copy(
        update={"end": "2030-01-03", "step": "6h"})}), sections=registry.SECTIONS[:3])
    colours = {}
    for section in plan.sections:
        tables = {t.key: t for t in section.tables}
        for plot in section.plots:
            figure = plotly_figure(plot, tables)
            for trace, series in zip((t for t in figure.data if t.type in ("scatter", "scattergl")), plot.series):
                assert trace.type == "scatter"
                if series.body in ("sun", "earth"):
                    colour = trace.line.color if trace.mode == "lines" else trace.marker.color
                    colours.setdefault(series.body, set()).add(colour)
    assert colours == {"sun": {BODY_COLOURS["sun"]}, "earth": {BODY_COLOURS["earth"]}}
    assert np.isfinite(plan.section("site_environment").figure_values()["sun_any_pct"])
