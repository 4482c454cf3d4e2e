"""Answers first (issue 12): the human formatter, the report's summary and the terminal's, and the readable report."""

from __future__ import annotations

import doctest
import re
from html.parser import HTMLParser

import numpy as np
import pytest

from moonbase.contract import Figure, Section, SectionData, Status
from moonbase.report import format as fmt
from moonbase.report import plots, terminal
from moonbase.report.format import format_figure, format_value, humanise
from moonbase.summary import Headline, Station


@pytest.mark.parametrize("module", [fmt, terminal, plots])
def test_docstring_examples_run(module):
    failures, tried = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("value, unit, digits, shown", [
    (62.04, "%", None, "62.0 %"),               # percent to 0.1
    (99.96, "%", None, "100.0 %"),
    (0.35, "%", 3, "0.350 %"),                  # unless the figure says its decimals
    (415.2, "kg", 0, "415 kg"),
    (2003.4, "kg", None, "2,003 kg"),           # thousands separators
    (112_200.0, "kg", None, "112 t"),           # tonnes from 10 t
    (12_345.6, "kg", None, "12.3 t"),
    (50_000_000, "kg", None, "50,000 t"),
    (343.0, "h", 1, "343 h (14.3 days)"),       # whole hours once long, days beside
    (5.0, "h", None, "5.0 h"),
    (2.25, "h", 2, "2.2 h"),
    (True, "", None, "yes"), (False, "", None, "no"),
    (None, "kg", None, "—"), (float("nan"), "%", None, "—"),
    ("2030-01-05T13:07:42Z", "UTC", None, "2030-01-05 13:07 UTC"),
    ("2030-01-05", "UTC", None, "2030-01-05"),
    (["2025-01-18T21:32:00Z", "2026-05-30T17:52:00Z"], "UTC", None, "2025-01-18 21:32 UTC to 2026-05-30 17:52 UTC"),
    (3.235e4, "", None, "32,350"),              # no 3.235e+04
    (5e7, "", None, "50,000,000"),
    (3.2e-8, "per km³", None, "3.2 × 10⁻⁸ per km³"),
    (2.97, "deg", 2, "2.97°"),
    (50_000_000.0, "bit/s", None, "50 Mbit/s"),
    (46e6, "W", None, "46 MW"),
    (14_333, "", None, "14,333"),
    (np.float64(87.26), "%", None, "87.3 %"),   # numpy scalars as numbers
    ({"sun_any_pct": 62.04, "longest_dark_h": 343.0}, "", None, "Sun any: 62.0 %; Longest dark: 343 h (14.3 days)"),
])
def test_values_are_rounded_to_their_meaning(value, unit, digits, shown):
    assert format_value(value, unit, digits) == shown


def test_figures_and_keys_read_as_words():
    assert format_figure(Figure("system_mass_kg", "System mass", 2003.4, "kg", digits=0)) == "2,003 kg"
    assert humanise("longest_comms_gap_h") == "Longest comms gap"
    assert humanise("isru_o2_share_pct") == "ISRU O₂ share"
    assert humanise("dte_pct") == "DTE"


class _Page(HTMLParser):
    """Sections in page order (their ids), every id, the summary's internal links, and text outside scripts."""

    def __init__(self):
        super().__init__()
        self.sections, self.ids, self.summary_links, self.text = [], set(), [], []
        self._in_summary = self._in_script = False
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "section":
            self.sections.append(attrs.get("id"))
            self._in_summary = attrs.get("id") == "summary"
        if tag == "a" and self._in_summary and attrs.get("href", "").startswith("#"):
            self.summary_links.append(attrs["href"][1:])
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "section":
            self._in_summary = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.text.append(data)


@pytest.fixture(scope="module")
def short_plan(tmp_path_factory):
    """The ILRS plan over two days every 6 h, written with its report."""
    from moonbase.plan import run_plan
    from moonbase.report.files import write_plan
    from moonbase.scenario import load_scenario

    scenario = load_scenario("ilrs")
    scenario = scenario.model_copy(update={"period": scenario.period.model_copy(update={"end": "2030-01-03", "step": "6h"})})
    plan = run_plan(scenario, show_progress=False)
    out = write_plan(plan, tmp_path_factory.mktemp("summary") / "plan")
    return plan, (out / "report.html").read_text(encoding="utf-8")


def test_the_report_opens_with_the_summary_and_its_links_lead_to_the_sections(short_plan):
    from moonbase.summary import headlines

    plan, html = short_plan
    page = _Page()
    page.feed(html)
    assert page.sections[0] == "summary"
    assert page.sections[1:] == [s.key for s in plan.sections]
    # the headline answers: sunlight at both heights, Earth, comms, power, the launch blackout, and the later sections
    for key in ("site_environment", "communications", "power", "traffic", "access", "campaign", "race", "seen_from_earth",
                "partners_contention", "debris_events"):
        assert key in page.summary_links, key
    assert set(page.summary_links) <= page.ids
    summary = html[html.index('id="summary"'):html.index("</section>", html.index('id="summary"'))]
    environment = plan.section("site_environment")
    for key in ("sun_any_pct", "mast_sun_any_pct", "longest_dark_h", "mast_longest_dark_h", "earth_any_pct"):
        assert format_figure(environment.figure(key)) in summary, key
    assert "at 2 m" in summary and "at 10 m (mast)" in summary  # heights with the figures
    assert "2030-01-01 to 2030-01-03" in summary  # the period
    assert format_figure(plan.section("power").figure("system_mass_kg")) in summary
    assert format_figure(plan.section("traffic").figure("cola_closed_pct")) in summary
    assert "relays-only" in html  # the top-level relay_pct is explained where shown
    # the sphere-only geometry is labelled and comes after the terrain results; it is not a summary answer
    assert "sphere only (no terrain)" in html
    assert page.sections.index("site_geometry") > page.sections.index("site_environment")
    assert "site_geometry" not in page.summary_links
    for line in (h for h in headlines(plan) if h.figures):
        assert f'href="#{line.key}"' in summary


def test_the_report_is_readable_throughout(short_plan):
    plan, html = short_plan
    page = _Page()
    page.feed(html)
    text = "".join(page.text)
    assert '"schema_version"' not in html and 'href="plan.json"' in html  # linked, not pasted
    assert not re.search(r"\d\.\d+e[+-]\d\d", text), re.findall(r".{30}\d\.\d+e[+-]\d\d.{10}", text)[:5]  # no 5e+07
    assert ">True<" not in html and ">False<" not in html  # booleans as words
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text)  # times as dates and UTC minutes
    assert "{'" not in text and '{"' not in text  # no dict dumps
    assert "<code>sun_any_pct</code>" not in html  # labels, not keys


def test_daily_heat_map_has_no_lone_end_day_row(short_plan):
    plan, _ = short_plan
    daily = plan.section("site_environment").table("daily_sunlight")
    # the period ends at midnight of 2030-01-03: that one epoch is not a day of its own
    assert list(daily.column("date").values) == ["2030-01-01", "2030-01-02"]
    figure = plots.plotly_figure(next(p for p in plan.section("site_environment").plots if p.kind == "calendar"),
                                 {t.key: t for t in plan.section("site_environment").tables})
    rows = np.asarray(figure.data[0].z, float)
    assert rows.shape[0] == 1 and np.isfinite(rows).sum() == 2


def test_a_year_ending_at_midnight_draws_twelve_month_rows():
    from moonbase.environment.daily import daily_means
    from moonbase.report.calendar import calendar_heatmap

    utc = np.arange("2030-01-01T00", "2031-01-01T01", 1, dtype="datetime64[h]")  # 2031-01-01T00 included, as a plan's
    days, means = daily_means(utc, np.ones(utc.size))
    figure = calendar_heatmap(days, means, "t", "%")
    assert len(figure.data[0].y) == 12 and str(days[-1]) == "2030-12-31"


def test_long_series_are_decimated_keeping_their_extremes():
    y = np.sin(np.linspace(0, 60 * np.pi, 100_000))
    y[31_415] = -3.0  # a short night
    keep = plots.decimate(y)
    assert len(keep) <= plots.MAX_POINTS and 31_415 in keep
    assert y[keep].max() == y.max() and y[keep].min() == -3.0
    assert np.all(np.diff(keep) > 0)


def test_the_terminal_summary_uses_the_same_headlines():
    where = Station("ILRS", "change7", -88.8, 123.4, 2.0, 10.0, "2030-01-01", "2031-01-01", "1h")
    lines = terminal.summary_lines(where, [
        Headline("site_environment", "Site environment", Status.OK, "Some of the Sun is visible 62.0 % of the time.",
                 (Figure("sun_any_pct", "Some of the Sun visible at 2 m", 62.04, "%"),
                  Figure("lamp_mag", "Lamp seen from Earth", float("nan"), "V mag")),  # no value: left out
                 period="2030-01-01 to 2031-01-01"),
        Headline("site_geometry", "Site geometry", Status.OK, "Sphere only.", ()),       # no figures: left out
        Headline("power", "Power", Status.FAILED, "", (), error="ValueError: broken"),
    ])
    assert lines[:3] == ["ILRS", "Where: change7 (88.800° S, 123.400° E), observer 2 m, mast 10 m",
                         "When: 2030-01-01 to 2031-01-01 (every 1h)"]
    assert "Site environment (2030-01-01 to 2031-01-01)" in lines and "  Some of the Sun visible at 2 m: 62.0 %" in lines
    assert not any("Site geometry" in line or "Lamp" in line for line in lines)
    assert "  failed: ValueError: broken" in lines


SCENARIO_PERIOD = ('start = "2030-01-01"\nend = "2031-01-01"\nstep = "1h"', 'start = "2030-01-01"\nend = "2030-01-03"\nstep = "6h"')


def test_moonbase_plan_prints_the_summary_and_quiet_does_not(tmp_path, run_cli):
    from importlib import resources

    text = resources.files("moonbase").joinpath("scenarios/ilrs.toml").read_text(encoding="utf-8")
    assert SCENARIO_PERIOD[0] in text
    scenario = tmp_path / "short.toml"
    scenario.write_text(text.replace(*SCENARIO_PERIOD), encoding="utf-8")
    code, out, _ = run_cli("plan", scenario, "--out", tmp_path / "loud", "--no-progress")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("wrote ") and "Where: change7 (88.800° S, 123.400° E), observer 2 m, mast 10 m" in lines
    assert "When: 2030-01-01 to 2030-01-03 (every 6h)" in lines
    assert any(line.startswith("Site environment") for line in lines)
    assert any(line.startswith("  Some of the Sun visible at 10 m (mast): ") for line in lines)
    assert any(line.startswith("  System mass: ") for line in lines)
    assert any(line.startswith("  Launch-window blackout") for line in lines)
    code, quiet, _ = run_cli("plan", scenario, "--out", tmp_path / "quiet", "--no-progress", "--quiet")
    assert code == 0 and quiet.splitlines() == lines[:1][:0] + [lines[0].replace("loud", "quiet")]
    code, as_json, _ = run_cli("plan", scenario, "--out", tmp_path / "json", "--no-progress", "--json")
    assert code == 0 and as_json.lstrip().startswith("{") and "Where:" not in as_json


def test_headlines_carry_the_period_only_where_their_figures_cover_it(short_plan):
    from moonbase.summary import headlines

    plan, _ = short_plan
    period = {h.key: h.period for h in headlines(plan)}
    assert period["site_environment"] == period["communications"] == period["power"] == "2030-01-01 to 2030-01-03"
    assert period["traffic"] == period["race"] == period["campaign"] == ""  # their answers give their own dates


def test_every_summary_key_names_a_figure_of_its_section(short_plan):
    """A misspelt or renamed summary key would silently drop a headline number from the summary (a partial
    section, short of an input, may lack some)."""
    plan, _ = short_plan
    assert sum(data.status == Status.OK for data in plan.sections) >= 8
    for registered, data in zip(plan.registered, plan.sections):
        if data.status == Status.OK:
            missing = set(registered.summary_keys) - {f.key for f in data.figures}
            assert not missing, (data.key, missing)
