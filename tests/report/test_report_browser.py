"""The report in a real browser (issue 12, item 6): headless Debian chromium renders every figure, logs no console
error, uses no WebGL, and prints to PDF without splitting a figure across pages.

Reports are parametrised (``REPORTS``): each entry names a session fixture that writes a report and returns a
:class:`Rendered`; add another report (a comparison) by adding its fixture's name.
Screenshots and PDFs are kept under the session's pytest temporary folder (``report-artefacts/``).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

#: A4 in CSS pixels (96 per inch) less the print stylesheet's @page margins (14 mm top and bottom, 12 mm sides).
MM = 96.0 / 25.4
PAGE_WIDTH_PX = (210.0 - 2 * 12.0) * MM
PAGE_HEIGHT_PX = (297.0 - 2 * 14.0) * MM
#: Most points a trace may carry in the page (moonbase.report.plots.MAX_POINTS, with the two end points).
MAX_TRACE_POINTS = 2_002
REPORTS = ["plan_report", "compare_report"]


@dataclass(frozen=True)
class Rendered:
    """A written report: its file and the number of plots it must show."""

    name: str
    path: Path
    plots: int
    section_ids: tuple[str, ...]


@pytest.fixture(scope="session")
def plan_report(tmp_path_factory) -> Rendered:
    """The built-in ILRS plan over two days every 2 h (every section, every kind of plot), written once per session."""
    from moonbase.plan import run_plan
    from moonbase.report.files import write_plan
    from moonbase.scenario import load_scenario

    scenario = load_scenario("ilrs")
    scenario = scenario.model_copy(update={"period": scenario.period.model_copy(
        update={"start": "2030-01-01", "end": "2030-01-03", "step": "2h"})})
    plan = run_plan(scenario, show_progress=False)
    out = write_plan(plan, tmp_path_factory.mktemp("plan-report") / "plan")
    return Rendered("plan", out / "report.html", sum(len(s.plots) for s in plan.sections),
                    tuple(s.key for s in plan.sections))


@pytest.fixture(scope="session")
def compare_report(compared) -> Rendered:
    """``moonbase compare ilrs artemis`` over one day (the session's run): a page of tables, no plots."""
    code, _, err, out = compared
    assert code == 0, err
    return Rendered("compare", out / "report.html", 0, ("scenarios", "summaries", "assumptions", "shared-ground"))


@pytest.fixture(params=REPORTS)
def report(request) -> Rendered:
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "report-artefacts"
    folder.mkdir(exist_ok=True)
    return folder


def _open(browser, report: Rendered) -> list:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(report.path.as_uri())
    WebDriverWait(browser, 120).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && Array.from(document.querySelectorAll('div.plot'))"
        ".every(p => p.querySelector('.js-plotly-plot .main-svg'))"))
    return browser.find_elements(By.CSS_SELECTOR, "div.plot")


def test_every_figure_renders_without_console_errors_or_webgl(browser, report, artefacts):
    plots = _open(browser, report)
    assert len(plots) == report.plots and (report.plots > 0 or report.name == "compare")
    rendered = browser.execute_script(
        "return Array.from(document.querySelectorAll('div.plot')).map(p => {"
        "  const g = p.querySelector('.js-plotly-plot');"
        "  return {svg: g.querySelectorAll('.main-svg').length, height: g.getBoundingClientRect().height,"
        "          types: g._fullData.map(t => t.type),"
        "          points: g._fullData.map(t => Math.max(t.x ? t.x.length : 0, t.r ? t.r.length : 0)),"
        "          drawn: g.querySelectorAll('.trace, .hm, .heatmaplayer image, .barlayer .point').length}; })")
    for index, plot in enumerate(rendered):
        assert plot["svg"] >= 1 and plot["height"] > 100, (index, plot)
        assert plot["drawn"] > 0, (index, plot)  # traces drawn, not an empty frame
        assert not [t for t in plot["types"] if t.endswith("gl") or t in ("scatter3d", "surface", "mesh3d")], plot
        assert max(plot["points"], default=0) <= MAX_TRACE_POINTS, plot
    assert browser.execute_script("return document.querySelectorAll('canvas.gl-canvas, canvas[class*=\"gl\"]').length") == 0
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors

    if report.name == "compare":  # the summaries side by side come first after the scenarios, every part present
        ids = browser.execute_script("return Array.from(document.querySelectorAll('h2[id]')).map(h => h.id)")
        assert ids == list(report.section_ids)
        assert "Artemis" in browser.find_element("id", "summaries").find_element("xpath", "following-sibling::table").text
    else:
        # answers first: the first section is the summary, and its links lead to sections of the page
        first, links = browser.execute_script(
            "const s = document.querySelector('section');"
            "return [s.id, Array.from(s.querySelectorAll('a[href^=\"#\"]')).map(a => a.getAttribute('href').slice(1))];")
        assert first == "summary"
        assert links and set(links) <= set(report.section_ids)
        assert all(browser.execute_script("return document.getElementById(arguments[0]) !== null", key) for key in links)

    browser.save_screenshot(str(artefacts / f"{report.name}-top.png"))
    for index, plot in enumerate(plots):
        browser.execute_script("arguments[0].scrollIntoView()", plot)
        plot.screenshot(str(artefacts / f"{report.name}-plot-{index:02d}.png"))
    assert len(list(artefacts.glob(f"{report.name}-plot-*.png"))) == len(plots)


def _print_layout(browser) -> dict:
    """Lay the page out as printed: ``beforeprint`` (which the browser fires before it prints), print media, and
    columns as wide and as high as a page's content. Chromium fragments columns as it fragments pages
    (``break-inside`` applies to both), so a figure split across pages has more than one client rectangle."""
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_script(f"""
        window.dispatchEvent(new Event('beforeprint'));
        document.body.style.cssText = `width: {PAGE_WIDTH_PX}px; height: {PAGE_HEIGHT_PX}px; columns: {PAGE_WIDTH_PX}px 1;
            column-gap: 0; column-fill: auto; margin: 0; padding: 0; max-width: none;`;""")
    return browser.execute_script(f"""
        const plots = Array.from(document.querySelectorAll('div.plot'));
        const split = plots.map((p, i) => [i, p.getClientRects().length]).filter(([i, n]) => n !== 1);
        // the column (page) of the last block's top-left corner; wide tables may overflow a column to the right
        const blocks = Array.from(document.querySelectorAll('body > *, section > *'))
                            .filter(e => !['absolute', 'fixed'].includes(getComputedStyle(e).position));  // plotly's tester
        const last = Math.max(...blocks.map(e => Math.floor((e.getBoundingClientRect().left + 1) / {PAGE_WIDTH_PX})));
        return {{split: split, pages: last + 1,
                 breaks: plots.map(p => getComputedStyle(p).breakInside),
                 overflowing: blocks.filter(e => Math.max(...Array.from(e.getClientRects()).map(r => r.width)) > {PAGE_WIDTH_PX} + 1)
                                    .map(e => [e.tagName, e.parentElement.className, e.getAttribute('class'), Math.max(...Array.from(e.getClientRects()).map(r => r.width)), (e.textContent || '').slice(0, 60)]),
                 widest: Math.max(...plots.map(p => Math.max(...Array.from(p.getClientRects()).map(r => r.width))))}};""")


def test_the_printed_report_has_no_figure_split_across_pages(browser, report, artefacts):
    from pypdf import PdfReader

    _open(browser, report)
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {
        "preferCSSPageSize": True, "printBackground": True, "paperWidth": 210 / 25.4, "paperHeight": 297 / 25.4})["data"])
    (artefacts / f"{report.name}.pdf").write_bytes(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    layout = _print_layout(browser)
    assert not layout["split"], f"figures split across pages (index, fragments): {layout['split']}"
    assert set(layout["breaks"]) == ({"avoid"} if report.plots else set())  # the print stylesheet applies to every figure
    assert (layout["widest"] or 0) <= PAGE_WIDTH_PX + 1  # and each fits the page's width (None: no figure)
    # nothing is wider than the page, so the browser prints at full size (it shrinks a page that overflows)
    assert not layout["overflowing"], layout["overflowing"]
    # the PDF has about the pages the layout gives (a figure per page at most, plus the tables), no toolbar text
    assert report.plots // 3 <= len(pages) <= 2 * layout["pages"] + 5, (len(pages), layout["pages"])
    assert abs(len(pages) - layout["pages"]) <= max(3, 0.25 * layout["pages"]), (len(pages), layout["pages"])
    text = "".join(page.extract_text() for page in pages[:3])
    assert ("Summaries side by side" if report.name == "compare" else "Summary") in text
    assert "Download plot as a png" not in text
