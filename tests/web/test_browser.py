"""The pages in a real browser (headless Debian chromium via Selenium) against a live server on 127.0.0.1."""

from __future__ import annotations

import time

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from webhelpers import short_scenario

pytestmark = pytest.mark.browser


def _wait(driver, seconds=60):
    return WebDriverWait(driver, seconds)


def _set(driver, element_id: str, value: str):
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(value)
    field.send_keys(Keys.TAB)  # fires "change"


def test_map_shows_an_image_and_a_click_shows_the_panorama(live_server, browser):
    browser.get(live_server.url + "/")
    image = _wait(browser).until(EC.presence_of_element_located((By.ID, "mapimg")))
    _wait(browser).until(lambda d: d.execute_script("const i = document.getElementById('mapimg');"
                                                    "return i.complete && i.naturalWidth > 0;"))
    # The image is not blank: many distinct colours.
    colours = browser.execute_script("""
        const i = document.getElementById('mapimg'), c = document.createElement('canvas');
        c.width = i.naturalWidth; c.height = i.naturalHeight; const g = c.getContext('2d'); g.drawImage(i, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data, seen = new Set();
        for (let k = 0; k < d.length; k += 4 * 97) seen.add(d[k] + ',' + d[k + 1] + ',' + d[k + 2]);
        return seen.size;""")
    assert colours > 50
    assert len(browser.find_elements(By.CSS_SELECTOR, "#mapsites circle")) >= 5
    # Click near the middle (the pole): the panorama plot and the statistics appear.
    browser.execute_script("""const i = document.getElementById('mapimg'), b = i.getBoundingClientRect();
        i.parentElement.dispatchEvent(new MouseEvent('click', {clientX: b.left + 0.52 * b.width, clientY: b.top + 0.47 * b.height, bubbles: true}));""")
    _wait(browser, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#panorama .main-svg")))
    _wait(browser).until(lambda d: "sunlight" in d.find_element(By.ID, "stats").text)
    assert "°" in browser.find_element(By.ID, "mapinfo").text
    assert browser.find_element(By.ID, "pointerror").text == ""
    assert len(browser.find_elements(By.CSS_SELECTOR, "#panorama .scatterlayer .trace")) == 3


@pytest.mark.parametrize("path", ["/", "/editor", "/plans", "/compare", "/traffic"])
def test_every_page_loads_without_console_errors(live_server, browser, path):
    browser.get(live_server.url + path)
    _wait(browser).until(lambda d: d.execute_script("return document.readyState") == "complete")
    _wait(browser, 10).until(lambda d: d.find_elements(By.TAG_NAME, "main") or d.find_elements(By.TAG_NAME, "h1"))
    time.sleep(1.0)  # the page's own requests (schema, scenarios, jobs) settle
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def _editor(browser, live_server):
    browser.get(live_server.url + "/editor")
    _wait(browser).until(lambda d: d.find_element(By.ID, "f-name").get_attribute("value") == "ilrs")


def test_bad_scenario_value_shows_the_cli_message_beside_it(live_server, browser, tmp_path, run_cli):
    _editor(browser, live_server)
    _set(browser, "f-station.observer_height_m", "-5")
    error = browser.find_element(By.ID, "err-station.observer_height_m")
    _wait(browser).until(lambda d: error.text != "")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\ntitle = "t"\n[station]\nsite = "change7"\nobserver_height_m = -5\n'
                   '[period]\nstart = "2030-01-01"\nend = "2030-01-02"\n', encoding="utf-8")
    code, _, cli_message = run_cli("plan", bad, "--out", tmp_path / "out")
    assert code == 2 and error.text in cli_message and "greater than or equal to 0" in error.text
    # A hostile string is shown as text, never run.
    _set(browser, "f-station.observer_height_m", "2")
    _set(browser, "f-station.site", "<img src=x onerror=window.pwned=1>")
    site_error = browser.find_element(By.ID, "err-station.site")
    _wait(browser).until(lambda d: "<img" in site_error.text)
    assert browser.execute_script("return window.pwned === undefined && document.querySelectorAll('#scenario img').length === 0")


def test_optional_tables_left_empty_are_not_sent(live_server, browser):
    """A scenario without [debris_events.assembly_orbit] or access.architecture validates as loaded (no defaults
    filled into an optional table, "(none)" for an optional choice)."""
    _editor(browser, live_server)
    assert browser.find_element(By.ID, "f-debris_events.assembly_orbit.stay_days").get_attribute("value") == ""
    assert browser.find_element(By.ID, "f-access.architecture").get_attribute("value") == ""
    sent = browser.execute_script("return Moonbase.collectForTests()")
    assert "assembly_orbit" not in sent.get("debris_events", {}) and "architecture" not in sent.get("access", {})
    assert all(e.text == "" for e in browser.find_elements(By.CSS_SELECTOR, "#scenario .fielderror"))


def test_plan_job_runs_with_progress_and_opens_its_report(live_server, browser):
    _editor(browser, live_server)
    _set(browser, "f-name", "quick")
    _set(browser, "f-period.end", "2030-01-02")
    _set(browser, "f-period.step", "2h")
    _wait(browser).until(lambda d: d.find_element(By.ID, "err-period.end").text == "")
    browser.find_element(By.ID, "run").click()

    def opened_or_failed(d):
        if "report.html" in d.current_url:
            return True
        failure = d.find_elements(By.ID, "formerror")
        return bool(failure and failure[0].text)

    _wait(browser, 600).until(opened_or_failed)
    assert "report.html" in browser.current_url, browser.find_element(By.ID, "formerror").text
    assert "ILRS" in browser.title or "ILRS" in browser.find_element(By.TAG_NAME, "body").text
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    browser.get(live_server.url + "/plans")
    assert browser.find_elements(By.CSS_SELECTOR, "#planlist a.report")


def test_comparison_view_renders_ilrs_against_artemis(live_server, browser):
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        ids = []
        for name in ("ilrs", "artemis"):
            data = client.get(f"/api/scenarios/{name}").json()
            data["period"] = short_scenario()["period"]
            ids.append(client.post("/api/jobs/plan", json={"scenario": data}).json()["id"])
    # The server runs one plan at a time: wait for both jobs, then the page picks them (by scenario name).
    def finished(_):
        with httpx.Client(base_url=live_server.url, timeout=30) as client:
            states = [client.get(f"/api/jobs/{i}").json()["status"] for i in ids]
        assert "failed" not in states, states
        return all(s == "done" for s in states)

    _wait(browser, 900).until(finished)
    browser.get(live_server.url + "/compare")
    _wait(browser, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#comparetable tr")) > 5)
    header = browser.find_element(By.CSS_SELECTOR, "#comparetable tr").text
    assert "ilrs" in header.lower() and "artemis" in header.lower()
