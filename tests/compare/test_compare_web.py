"""/api/compare states the differing assumptions and the shared ground with the same functions as `moonbase compare`."""

from __future__ import annotations

import json
import time

from fastapi.testclient import TestClient

from moonbase.compare import differing_assumptions
from moonbase.scenario import load_scenario

PERIOD = {"start": "2030-01-01", "end": "2030-01-02", "step": "2h"}


def _plan_json_work(params, result_dir, progress):
    """A stand-in plan job: a plan.json with the fields /api/compare reads, no computation."""
    from moonbase.output import atomic_directory

    scenario = params["scenario"]
    with atomic_directory(result_dir) as staging:
        (staging / "plan.json").write_text(json.dumps({
            "scenario": scenario["name"], "title": scenario["title"], "site": scenario["station"]["site"],
            "period": scenario["period"],
            "sections": {"communications": {"status": "ok", "relays": len(scenario["communications"]["relays"])}}}))
    progress(1.0, "done")
    return {"scenario": scenario["name"]}


def _wait(client, job_id):
    for _ in range(300):
        record = client.get(f"/api/jobs/{job_id}").json()
        if record["status"] in ("done", "failed"):
            return record
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in 30 s")


def test_api_compare_uses_the_comparison_functions(tmp_path):
    from moonbase.web.app import create_app
    from moonbase.web.settings import Settings

    with TestClient(create_app(Settings.make(tmp_path / "data"))) as client:
        client.app.state.jobs.works["plan"] = _plan_json_work
        ids = []
        for name in ("ilrs", "artemis"):
            data = client.get(f"/api/scenarios/{name}").json()
            data["period"] = dict(PERIOD)
            ids.append(client.post("/api/jobs/plan", json={"scenario": data}).json()["id"])
        assert [_wait(client, i)["status"] for i in ids] == ["done", "done"]
        got = client.get(f"/api/compare?a={ids[0]}&b={ids[1]}").json()
    assert [p["scenario"] for p in got["plans"]] == ["ilrs", "artemis"]  # the shape app.js reads is kept
    assert {"section": "communications", "key": "relays", "values": [1, 0]} in got["rows"]
    keys = [a["key"] for a in got["assumptions"]]
    edited = [s.model_copy(update={"period": s.period.model_copy(update=PERIOD)})
              for s in (load_scenario("ilrs"), load_scenario("artemis"))]
    assert keys == [a.key for a in differing_assumptions(edited)]  # one source of truth
    assert "communications.relays" in keys and "period.start" not in keys  # both jobs ran on the same day
    assert any(s["same_point"] and (s["site_a"], s["site_b"]) == ("change8-ridge", "connecting-ridge")
               for s in got["shared_ground"]["sites"])
