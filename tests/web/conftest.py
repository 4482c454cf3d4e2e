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


# The headless-chromium `browser` fixture is shared with the report's browser tests: see tests/conftest.py.
