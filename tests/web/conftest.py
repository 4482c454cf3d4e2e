"""Fixtures for the web app: an app on a temporary data folder, a TestClient, and a live server on a free port."""

from __future__ import annotations

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

    server = LiveServer(create_app(Settings.make(tmp_path_factory.mktemp("webdata"))))
    yield server
    server.stop()
