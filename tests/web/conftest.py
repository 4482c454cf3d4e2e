"""Fixtures for the web app: an app on a temporary data folder, a TestClient, and a live server on a free port."""

from __future__ import annotations

from pathlib import Path

import pytest

from webhelpers import LiveServer


@pytest.fixture
def make_app(tmp_path):
    from moonbase.web.app import create_app
    from moonbase.web.settings import Settings

    def make(**kw):
        return create_app(Settings.make(kw.pop("data_dir", tmp_path / "data"), **kw))

    return make


@pytest.fixture
def client(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app()) as c:
        yield c


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    from moonbase.web.app import create_app
    from moonbase.web.settings import Settings

    terrain = Path(__file__).resolve().parents[3] / "shared" / "data" / "terrain"  # as tests/conftest.py's SHARED
    dems = [terrain / "lola_ldem75s120m_pole_240m.tif", terrain / "lola_ldem75s120m_cap_1787m.tif"]
    dems = dems if all(p.is_file() for p in dems) else []
    server = LiveServer(create_app(Settings.make(tmp_path_factory.mktemp("webdata"), dem_paths=dems)))
    yield server
    server.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser(request, tmp_path_factory):
    """Headless Debian chromium through chromedriver; a screenshot is saved when the test fails."""
    import os
    import shutil

    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        if os.environ.get("MOONBASE_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(f"browser tests need {CHROMIUM} and {CHROMEDRIVER} in CI (.ci/run installs them)")
        pytest.skip(f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}): "
                    "apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console messages, read by the tests
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        folder = tmp_path_factory.getbasetemp() / "screenshots"
        folder.mkdir(exist_ok=True)
        path = folder / f"{request.node.name}.png"
        driver.save_screenshot(str(path))
        print(f"screenshot of the failed page: {path}")
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
