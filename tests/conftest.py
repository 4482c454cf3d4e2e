"""Shared fixtures. Tests never touch the network."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_collection_modifyitems(config, items):
    """Every test that uses the ``shared_data`` fixture gets the ``shared`` marker (``-m "not shared"`` skips them)."""
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (real LOLA terrain and CelesTrak catalogues); skip with a clear reason if absent."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"needs the shared data folder {data} (LOLA terrain, CelesTrak TLEs); CI provides it")
    return data


@pytest.fixture(scope="session")
def ephemeris():
    from moonbase.ephemeris import LunarEphemeris

    return LunarEphemeris.default()


@pytest.fixture
def run_cli(capsys):
    """Run ``moonbase ARGS...`` in-process: returns (exit code, stdout, stderr)."""
    from moonbase.cli.main import main

    def run(*args):
        with pytest.raises(SystemExit) as info:
            main([str(a) for a in args])
        out, err = capsys.readouterr()
        return info.value.code or 0, out, err

    return run


@pytest.fixture(scope="session")
def compared(tmp_path_factory):
    """``moonbase compare ilrs artemis`` over one day every 2 h, run once per session (two plans: ~1-3 min):
    (exit code, stdout, stderr, output folder). Used by the CLI's end-to-end test and the browser test."""
    import contextlib
    import io

    from moonbase.cli.main import main

    out = tmp_path_factory.mktemp("compare") / "compare"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), pytest.raises(SystemExit) as info:
        main(["compare", "ilrs", "artemis", "--start", "2030-01-01", "--end", "2030-01-02", "--step", "2h",
              "--out", str(out), "--no-progress"])
    return info.value.code or 0, stdout.getvalue(), stderr.getvalue(), out


@pytest.fixture(scope="session")
def plan_json_schema() -> dict:
    """The JSON Schema of plan.json shipped with the package."""
    import json

    from moonbase.plan_schema import shipped_schema_text

    return json.loads(shipped_schema_text())


@pytest.fixture(autouse=True)
def _plans_validate_against_their_schema(monkeypatch, plan_json_schema):
    """Every plan.json a test makes (CLI, API or report) is checked against the shipped schema."""
    import jsonschema

    import moonbase.plan_schema as plan_schema

    made = plan_schema.plan_document

    def checked(*args, **kwargs):
        document = made(*args, **kwargs)
        jsonschema.validate(document, plan_json_schema)
        return document

    monkeypatch.setattr(plan_schema, "plan_document", checked)


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser(request, tmp_path_factory):
    """Headless Debian chromium through chromedriver (web app and report tests); a screenshot is saved when the
    test fails."""
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
