"""The JSON API: the same numbers and messages as the CLI, validation (422), safety, jobs and persistence."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from webhelpers import short_scenario, wait_for

PERIOD = {"start": "2030-01-01", "end": "2030-01-15", "step": "1h"}


def test_pages_and_scripts_are_served_offline(client):
    for path in ("/", "/editor", "/plans", "/compare", "/traffic"):
        page = client.get(path)
        assert page.status_code == 200 and "<h1>" in page.text
        sources = [s for s in __import__("re").findall(r'(?:src|href)="([^"]+)"', page.text)]
        assert sources and all(s.startswith(("/", "data:")) for s in sources), sources  # nothing from another host
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000 and b"plotly" in js.content[:2000].lower()
    assert client.get("/docs").status_code == 200
    assert "/api/statistics" in client.get("/openapi.json").json()["paths"]


def test_statistics_equal_the_cli(client, run_cli):
    body = {"site": "connecting-ridge", "height_m": 2.0, "period": PERIOD}
    got = client.post("/api/statistics", json=body)
    assert got.status_code == 200
    code, out, _ = run_cli("site", "--site", "connecting-ridge", "--height", "2", "--start", PERIOD["start"],
                           "--end", PERIOD["end"], "--step", "1h", "--json")
    assert code == 0
    assert got.json() == json.loads(out)


def test_windows_equal_the_cli(client, run_cli):
    body = {"site": "connecting-ridge", "height_m": 10.0, "period": PERIOD, "stay_h": 72, "min_earth_pct": 50}
    got = client.post("/api/windows", json=body).json()
    code, out, _ = run_cli("windows", "--site", "connecting-ridge", "--height", "10", "--start", PERIOD["start"],
                           "--end", PERIOD["end"], "--stay", "72", "--min-earth-pct", "50", "--json")
    expected = json.loads(out)
    assert code == 0 and got["windows"] == expected["windows"] and got["accepted"] == expected["accepted"]


def test_panorama_has_horizon_and_paths(client):
    p = client.post("/api/panorama", json={"lat": -89.45, "lon": 222.69, "height_m": 10, "period": PERIOD, "samples": 100}).json()
    assert len(p["horizon"]["azimuth_deg"]) == 720
    assert 0 < len(p["paths"]["sun"]["azimuth_deg"]) <= 100
    # The Sun at the south pole stays within ~1.6° (obliquity to the ecliptic 1.54° plus parallax) of the horizontal.
    assert max(abs(e) for e in p["paths"]["sun"]["elevation_deg"]) < 2.0
    assert p["statistics"]["epochs"] == 14 * 24 + 1


@pytest.mark.parametrize("body, field, words", [
    ({"site": "connecting-ridge", "height_m": -1, "period": PERIOD}, "height_m", "greater than or equal to 0"),
    ({"site": "connecting-ridge", "period": {"start": "2030-13-01", "end": "2030-02-01"}}, "start", "ISO 8601"),
    ({"site": "nowhere-ridge", "period": PERIOD}, "site", "nowhere-ridge"),
    ({"lat": "91S", "lon": 0, "period": PERIOD}, "lat", "91"),
    ({"site": "connecting-ridge", "period": PERIOD, "extra": 1}, "extra", "Extra inputs"),
    ({"site": "connecting-ridge", "period": {"start": "2020-01-01", "end": "2040-01-01", "step": "1h"}}, "period", "coarser step"),
])
def test_bad_inputs_are_422_with_the_field(client, body, field, words):
    r = client.post("/api/statistics", json=body)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(field in ".".join(d["loc"]) + d["msg"] and words in d["msg"] for d in detail), detail
    assert "Traceback" not in r.text


@pytest.fixture
def bad_toml(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\ntitle = "t"\n[station]\nsite = "change7"\nobserver_height_m = -5\n'
                    '[period]\nstart = "2030-01-01"\nend = "2030-01-02"\n', encoding="utf-8")
    return path


def test_scenario_message_is_the_cli_message(client, bad_toml, run_cli):
    import tomllib

    report = client.post("/api/scenarios/validate", json=tomllib.loads(bad_toml.read_text())).json()
    code, _, err = run_cli("plan", bad_toml, "--out", bad_toml.parent / "out")
    assert code == 2
    assert report["errors"][0]["message"] in err  # the CLI prints "FILE: <the same message>"
    assert report["errors"][0]["loc"] == "station.observer_height_m"


def test_schema_follows_the_scenario_model(client):
    from moonbase.scenario import Scenario

    assert client.get("/api/scenarios/schema").json() == Scenario.model_json_schema()
    assert set(client.get("/api/scenarios/ilrs").json()) <= set(Scenario.model_fields)


def test_plan_job_runs_persists_and_escapes(make_app, tmp_path):
    label = "<script>alert('x')</script>"
    data_dir = tmp_path / "data"
    with TestClient(make_app(data_dir=data_dir)) as c:
        job = c.post("/api/jobs/plan", json={"scenario": short_scenario(), "label": label})
        assert job.status_code == 202
        record = wait_for(c, job.json()["id"])
        assert record["status"] == "done", record
        job_id = record["id"]
        report = c.get(f"/api/jobs/{job_id}/files/report.html")
        assert report.status_code == 200 and "<html" in report.text.lower()
        assert c.get(f"/api/jobs/{job_id}/files/plan.json").json()["scenario"] == "short"
        assert c.get(f"/api/jobs/{job_id}/download").headers["content-type"] == "application/zip"
        page = c.get("/plans").text
        assert label not in page and "&lt;script&gt;" in page
    # A new server on the same folder still has the job and its files.
    with TestClient(make_app(data_dir=data_dir)) as c:
        assert c.get(f"/api/jobs/{job_id}").json()["status"] == "done"
        assert c.get(f"/api/jobs/{job_id}/files/plan.json").status_code == 200
        compare = c.get(f"/api/compare?a={job_id}&b={job_id}").json()
        assert compare["rows"] and all(r["values"][0] == r["values"][1] for r in compare["rows"])


def test_invalid_plan_is_422_and_no_job(client):
    data = short_scenario()
    data["station"]["site"] = "<script>x</script>"
    r = client.post("/api/jobs/plan", json={"scenario": data})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:3] == ["body", "scenario", "station"]
    long = short_scenario()
    long["period"] = {"start": "2030-01-01", "end": "2035-01-01", "step": "1h"}
    r = client.post("/api/jobs/plan", json={"scenario": long})
    assert r.status_code == 422 and "at most" in r.text
    assert client.get("/api/jobs").json() == []


@pytest.mark.parametrize("name", ["../job.json", "..%2Fjob.json", "%2e%2e/%2e%2e/job.json", "/etc/passwd", "data/../../job.json"])
def test_no_path_traversal_in_job_files(make_app, tmp_path, name):
    import moonbase.web.compute as compute

    with TestClient(make_app()) as c:
        app = c.app
        app.state.jobs.works["plan"] = _tiny_work
        job_id = c.post("/api/jobs/plan", json={"scenario": short_scenario()}).json()["id"]
        assert wait_for(c, job_id)["status"] == "done"
        assert c.get(f"/api/jobs/{job_id}/files/report.html").status_code == 200
        r = c.get(f"/api/jobs/{job_id}/files/{name}")
        assert r.status_code == 404 and "moonbase" not in r.text.lower().replace("no file", "")
        assert c.get("/api/jobs/..%2F..%2Fetc/files/passwd").status_code == 404
    assert compute  # imported for the monkeypatch-free override above


def _tiny_work(params, result_dir, progress):
    from moonbase.output import atomic_directory

    with atomic_directory(result_dir) as staging:
        (staging / "report.html").write_text("<html>ok</html>", encoding="utf-8")
        (staging / "data").mkdir()
    progress(1.0, "done")
    return {"files": ["report.html"]}


def test_dem_paths_only_from_configured_folders(make_app, shared_data):
    terrain = shared_data / "terrain"
    with TestClient(make_app(dem_dirs=[terrain])) as c:
        for name in ("../tle/x.tle", "../../../etc/passwd", "/etc/passwd", str(terrain / ".." / "tle")):
            r = c.post("/api/jobs/map", json={"dem": [name], "period": {"start": "2030-01-01", "end": "2030-01-02"}})
            assert r.status_code == 422 and "DEM folders" in r.text, r.text
        r = c.post("/api/jobs/map", json={"dem": ["lola_ldem75s120m_pole_240m.tif"],
                                          "period": {"start": "2024-01-01", "end": "2042-01-01", "step": "1h"}})
        assert r.status_code == 422 and "coarser step" in r.text


def test_map_job_on_dask_with_progress(make_app, shared_data):
    """A small window of the 240 m tile: the map job writes a product the map endpoints then serve."""
    terrain = shared_data / "terrain"
    with TestClient(make_app(dem_dirs=[terrain])) as c:
        r = c.post("/api/jobs/map", json={"dem": ["lola_ldem75s120m_pole_240m.tif", "lola_ldem75s120m_cap_1787m.tif"],
                                          "period": {"start": "2030-01-01", "end": "2030-02-01", "step": "12h"},
                                          "azimuths": 72, "downsample": 2, "window": [760, 792, 760, 792]})
        assert r.status_code == 202, r.text
        record = wait_for(c, r.json()["id"])
        assert record["status"] == "done", record
        meta = c.get(f"/api/map?job={record['id']}").json()["meta"]
        assert meta["shape"] == [16, 16] and meta["period"]["epochs"] == 63
        png = c.get(f"/api/map/sun_any_pct.png?job={record['id']}")
        assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
        # A computed map has no permanent-shadow layer (18.6 years): not offered, and asking for it is a clear 422.
        layers = c.get(f"/api/map?job={record['id']}").json()["layers"]
        assert "psr_pct" not in layers and "sun_any_pct" in layers
        missing = c.get(f"/api/map/psr_pct.png?job={record['id']}")
        assert missing.status_code == 422 and "layers of this map product" in missing.text
        assert "psr_pct" in c.get("/api/map").json()["layers"]  # the shipped default has it


def test_failed_job_leaves_no_result_and_others_go_on(make_app):
    def failing(params, result_dir, progress):
        from moonbase.output import atomic_directory

        with atomic_directory(result_dir) as staging:
            (staging / "half.csv").write_text("a,b\n1,", encoding="utf-8")
            progress(0.5, "half way")
            raise RuntimeError("boom")

    with TestClient(make_app()) as c:
        c.app.state.jobs.works["plan"] = failing
        job_id = c.post("/api/jobs/plan", json={"scenario": short_scenario()}).json()["id"]
        record = wait_for(c, job_id)
        assert record["status"] == "failed" and "RuntimeError" in record["error"] and "Traceback" not in record["error"]
        assert not c.app.state.jobs.result_dir(job_id).exists()
        assert c.get(f"/api/jobs/{job_id}/files/half.csv").status_code == 404
        assert c.get("/api/sites").status_code == 200


def test_queue_is_capped_and_jobs_run_one_at_a_time(make_app):
    gate = threading.Event()
    running = []

    def slow(params, result_dir, progress):
        running.append(1)
        assert len(running) == 1  # max_jobs = 1
        gate.wait(30)
        running.pop()
        Path(result_dir).mkdir(parents=True)
        return {}

    with TestClient(make_app(max_jobs=1, max_queue=2)) as c:
        c.app.state.jobs.works["plan"] = slow
        codes = [c.post("/api/jobs/plan", json={"scenario": short_scenario()}).status_code for _ in range(4)]
        assert codes[:3] == [202, 202, 202] and codes[3] == 429
        gate.set()
        for job in c.get("/api/jobs").json():
            assert wait_for(c, job["id"])["status"] == "done"


def test_interrupted_job_is_failed_after_a_restart(make_app, tmp_path):
    data_dir = tmp_path / "data"
    folder = data_dir / "jobs" / "0123456789ab"
    folder.mkdir(parents=True)
    (folder / "job.json").write_text(json.dumps({"id": "0123456789ab", "kind": "plan", "label": "x", "params": {},
                                                 "status": "running", "progress": 0.4, "message": "m",
                                                 "created": "2030-01-01T00:00:00Z"}))
    (folder / "result").mkdir()
    with TestClient(make_app(data_dir=data_dir)) as c:
        record = c.get("/api/jobs/0123456789ab").json()
        assert record["status"] == "failed" and "interrupted" in record["error"]
        assert not (folder / "result").exists()


def test_events_stream_and_client_disconnect(make_app):
    gate = threading.Event()

    def stepped(params, result_dir, progress):
        progress(0.3, "a third")
        gate.wait(30)
        Path(result_dir).mkdir(parents=True)
        return {}

    with TestClient(make_app()) as c:
        c.app.state.jobs.works["plan"] = stepped
        job_id = c.post("/api/jobs/plan", json={"scenario": short_scenario()}).json()["id"]
        with c.stream("GET", f"/api/jobs/{job_id}/events") as stream:
            first = next(stream.iter_lines())
            assert first.startswith("data: ") and json.loads(first[6:])["id"] == job_id
        # the client went away mid-job: the job goes on, the server answers
        gate.set()
        assert wait_for(c, job_id)["status"] == "done"
        events = c.get(f"/api/jobs/{job_id}/events").text
        assert '"status": "done"' in events


def test_jobs_on_a_distributed_scheduler(make_app):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with TestClient(make_app(scheduler=cluster.scheduler_address)) as c:
            c.app.state.jobs.works["plan"] = _tiny_work
            job_id = c.post("/api/jobs/plan", json={"scenario": short_scenario()}).json()["id"]
            assert wait_for(c, job_id, 120)["status"] == "done"
            assert c.get(f"/api/jobs/{job_id}/files/report.html").text == "<html>ok</html>"


def test_cola_job_equals_the_cli(make_app, run_cli, tmp_path):
    body = {"site": "wenchang", "altitude_km": 200, "inclination_deg": 41.5, "window_start": "2026-05-30T18:00",
            "window_minutes": 5}
    with TestClient(make_app()) as c:
        bad = c.post("/api/jobs/cola", json={**body, "site": "<b>nowhere</b>"})
        assert bad.status_code == 422 and "nowhere" in bad.text
        assert c.post("/api/jobs/cola", json={**body, "window_minutes": 600}).status_code == 422
        record = wait_for(c, c.post("/api/jobs/cola", json=body).json()["id"])
        assert record["status"] == "done", record
        assert c.get(f"/api/jobs/{record['id']}/files/intervals.csv").text.startswith("start_utc,end_utc,state")
    code, out, _ = run_cli("cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200", "--window-start",
                           "2026-05-30T18:00", "--window-minutes", "5", "--packaged", "--json", "--out", tmp_path / "cola")
    expected = json.loads(out)
    assert code == 0
    for key in ("launch_seconds", "closed_seconds", "closed_intervals", "objects_screened", "closest_approaches"):
        assert record["summary"][key] == expected[key], key


def test_serve_help_explains_binding(run_cli):
    code, out, _ = run_cli("serve", "--help")
    text = " ".join(out.split())
    assert code == 0 and "127.0.0.1" in text and "0.0.0.0" in text and "no login" in text


def test_dem_listing_names_only_configured_files(make_app, shared_data):
    terrain = shared_data / "terrain"
    with TestClient(make_app(dem_paths=[terrain / "lola_ldem75s120m_pole_240m.tif"])) as c:
        names = c.get("/api/dems").json()
        assert "lola_ldem75s120m_pole_240m.tif" in names and all("/" not in n for n in names)


def test_jobs_on_a_local_process_cluster(make_app):
    """`moonbase serve`'s default: jobs in dask worker processes, progress back through a distributed Variable."""
    body = {"site": "wenchang", "altitude_km": 200, "inclination_deg": 41.5, "window_start": "2026-05-30T18:00",
            "window_minutes": 1}
    with TestClient(make_app(local_processes=True)) as c:
        record = wait_for(c, c.post("/api/jobs/cola", json=body).json()["id"], 300)
        assert record["status"] == "done", record
        assert record["summary"]["launch_seconds"] == 61
        assert c.get(f"/api/jobs/{record['id']}/files/cola.json").status_code == 200
