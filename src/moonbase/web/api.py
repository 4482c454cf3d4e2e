"""The JSON API under /api: the CLI's commands with the same typed models; long work as jobs."""

from __future__ import annotations

import asyncio
import io
import json
import re
import tomllib
import zipfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import ValidationError

from ..errors import MoonbaseError
from ..scenario import Scenario, _describe, builtin_scenarios
from ..sites import catalogue
from . import compute
from .default_map import LAYERS, layer_png, load_map_product
from .jobs import FINISHED, QueueFull
from .models import (ColaJobRequest, FieldError, JobRecord, MapJobRequest, PanoramaRequest, PlanJobRequest,
                     PointRequest, ValidationReport, WindowsRequest)

JOB_ID = re.compile(r"^[0-9a-f]{12}$")
router = APIRouter(prefix="/api")


def _state(request: Request):
    return request.app.state


def scenario_errors(data) -> list[FieldError]:
    """Every problem of a scenario, each worded as `moonbase plan` words it (``scenario._describe``)."""
    try:
        Scenario.model_validate(data)
    except ValidationError as exc:
        return [FieldError(loc=".".join(str(p) for p in e["loc"]), message=_describe(e)) for e in exc.errors()]
    except MoonbaseError as exc:
        return [FieldError(loc="", message=str(exc))]
    return []


def _job_or_404(request: Request, job_id: str) -> dict:
    record = _state(request).jobs.get(job_id) if JOB_ID.match(job_id) else None
    if record is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return record


# -- reference data

@router.get("/sites", summary="The named sites (`moonbase sites`)")
def sites() -> list[dict]:
    return [s.as_record() for s in catalogue().values()]


@router.get("/scenarios", summary="Built-in scenarios (`moonbase scenarios`)")
def scenarios() -> list[str]:
    return sorted(builtin_scenarios())


@router.get("/scenarios/schema", summary="The scenario's JSON Schema (the editor is generated from it)")
def scenario_schema() -> dict:
    return Scenario.model_json_schema()


@router.get("/scenarios/{name}", summary="A built-in scenario's content (`moonbase scenarios NAME`)")
def scenario(name: str) -> dict:
    path = builtin_scenarios().get(name)
    if path is None:
        raise HTTPException(404, f"no built-in scenario {name!r}; built-in: {', '.join(sorted(builtin_scenarios()))}")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@router.post("/scenarios/validate", response_model=ValidationReport, summary="Check a scenario; errors per field")
def validate_scenario(scenario: dict) -> ValidationReport:
    errors = scenario_errors(scenario)
    return ValidationReport(valid=not errors, errors=errors)


# -- inline computations (bounded, cached)

@router.post("/statistics", summary="Sunlight and Earth visibility at a point (`moonbase site --json`)")
def statistics(body: PointRequest, request: Request) -> Response:
    return Response(compute.encoded("statistics", body, _state(request).settings), media_type="application/json")


@router.post("/panorama", summary="Horizon with the Sun's and Earth's paths, and the statistics")
def panorama(body: PanoramaRequest, request: Request) -> Response:
    return Response(compute.encoded("panorama", body, _state(request).settings), media_type="application/json")


@router.post("/windows", summary="Landing or stay windows (`moonbase windows --json`)")
def windows(body: WindowsRequest, request: Request) -> Response:
    return Response(compute.encoded("windows", body, _state(request).settings), media_type="application/json")


# -- map products

@router.get("/dems", summary="DEM files a map job may name (those in the app's DEM folders)")
def dems(request: Request) -> list[str]:
    names = set()
    for folder in _state(request).settings.dem_dirs:
        for path in folder.iterdir() if folder.is_dir() else ():
            if path.suffix.lower() in (".tif", ".tiff", ".lbl") and path.is_file():
                names.add(path.name)
    return sorted(names)


def _map_folder(request: Request, job_id: str | None) -> Path | None:
    if job_id in (None, "", "default"):
        return _state(request).settings.map_dir
    record = _job_or_404(request, job_id)
    if record["kind"] != "map" or record["status"] != "done":
        raise HTTPException(404, f"job {job_id} is not a finished map job")
    return _state(request).jobs.result_dir(job_id)


@router.get("/map", summary="A map product's metadata and the named sites on it")
def map_meta(request: Request, job: str | None = None) -> dict:
    product = load_map_product(_map_folder(request, job))
    sites = []
    for site in catalogue().values():
        u, v = product.pixel_of(site.lat_deg, site.lon_deg)
        if 0 <= u <= 1 and 0 <= v <= 1:
            sites.append({"key": site.key, "name": site.name, "u": u, "v": v, "group": site.group})
    return {"meta": product.meta,
            "layers": {k: {"title": t, "unit": u} for k, (t, u, _, _) in LAYERS.items() if k in product.layers},
            "sites": sites}


@router.get("/map/point", summary="Latitude, longitude and layer values at a fractional image position")
def map_point(request: Request, u: float = Query(ge=0, le=1), v: float = Query(ge=0, le=1), job: str | None = None) -> dict:
    product = load_map_product(_map_folder(request, job))
    lat, lon, row, col = product.latlon_at(u, v)
    values = {k: (None if not (layer[row, col] == layer[row, col]) else float(layer[row, col])) for k, layer in product.layers.items()}
    return {"lat_deg": lat, "lon_deg": lon, "row": row, "col": col, "values": values}


@router.get("/map/{layer}.png", summary="A map layer as a PNG", response_class=Response)
def map_png(layer: str, request: Request, job: str | None = None) -> Response:
    return Response(layer_png(_map_folder(request, job), layer), media_type="image/png",
                    headers={"Cache-Control": "max-age=3600"})


# -- jobs

def _submit(request: Request, kind: str, params: dict, label: str) -> JobRecord:
    try:
        return JobRecord(**_state(request).jobs.submit(kind, params, label))
    except QueueFull as exc:
        raise HTTPException(429, str(exc)) from None


@router.post("/jobs/plan", status_code=202, response_model=JobRecord, summary="Start a plan (`moonbase plan`)")
def start_plan(body: PlanJobRequest, request: Request) -> JobRecord:
    if (body.scenario is None) == (body.builtin is None):
        raise HTTPException(422, [{"loc": ["body", "scenario"], "msg": "give either scenario or builtin", "type": "value_error"}])
    data = body.scenario if body.scenario is not None else scenario(body.builtin)
    errors = scenario_errors(data)
    if errors:
        raise HTTPException(422, [{"loc": ["body", "scenario", *e.loc.split(".")], "msg": e.message, "type": "value_error"}
                                  for e in errors])
    parsed = Scenario.model_validate(data)
    epochs = len(parsed.period.utc())
    limit = _state(request).settings.limits["plan_epochs"]
    if epochs > limit:
        raise HTTPException(422, [{"loc": ["body", "scenario", "period"], "type": "value_error",
                                   "msg": f"{epochs:,} epochs: at most {limit:,} per plan in the web app; use a coarser step "
                                          "or a shorter period (or `moonbase plan` for longer runs)"}])
    return _submit(request, "plan", {"scenario": parsed.model_dump(mode="json")}, body.label or parsed.title)


@router.post("/jobs/map", status_code=202, response_model=JobRecord, summary="Compute a map product (`moonbase web-map`)")
def start_map(body: MapJobRequest, request: Request) -> JobRecord:
    from ..terrain.dem import read_dem

    settings = _state(request).settings
    paths = [settings.allowed_dem(name) for name in body.dem]
    rows, cols = read_dem(paths[0]).shape
    if body.window:
        r0, r1, c0, c1 = body.window
        rows, cols = max(0, r1 - r0), max(0, c1 - c0)
    compute.check_work(len(body.period.utc()), rows * cols, body.azimuths, settings.limits["map_work"], "a map job")
    return _submit(request, "map", body.model_dump(mode="json"), f"map {body.period.start} to {body.period.end}")


@router.post("/jobs/cola", status_code=202, response_model=JobRecord, summary="Launch COLA on the packaged catalogue (`moonbase cola`)")
def start_cola(body: ColaJobRequest, request: Request) -> JobRecord:
    from ..timegrid import parse_instant
    from ..traffic.launch import get_launch_site

    get_launch_site(body.site)
    parse_instant(body.window_start, "window_start")
    limit = _state(request).settings.limits["cola_seconds"]
    if body.window_minutes * 60 > limit:
        raise HTTPException(422, [{"loc": ["body", "window_minutes"], "type": "value_error", "msg": f"at most {limit // 60} minutes"}])
    return _submit(request, "cola", body.model_dump(mode="json"), f"COLA {body.site} {body.window_start}")


@router.get("/jobs", response_model=list[JobRecord], summary="Jobs, newest first")
def list_jobs(request: Request, kind: str | None = None) -> list[JobRecord]:
    return [JobRecord(**r) for r in _state(request).jobs.list(kind)]


@router.get("/jobs/{job_id}", response_model=JobRecord, summary="A job's status and progress")
def get_job(job_id: str, request: Request) -> JobRecord:
    return JobRecord(**_job_or_404(request, job_id))


@router.get("/jobs/{job_id}/events", summary="Server-sent events: the job's progress until it finishes")
async def job_events(job_id: str, request: Request) -> StreamingResponse:
    _job_or_404(request, job_id)
    jobs = _state(request).jobs

    async def stream():
        last = None
        while True:
            record = jobs.get(job_id)
            state = {k: record[k] for k in ("id", "status", "progress", "message", "error")}
            if state != last:
                yield f"data: {json.dumps(state)}\n\n"
                last = state
            if record["status"] in FINISHED or await request.is_disconnected():
                return
            await asyncio.sleep(0.25)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def result_file(request: Request, job_id: str, name: str) -> Path:
    """A file of a finished job's result folder; nothing outside it (no ``..``, no absolute paths, no links out)."""
    record = _job_or_404(request, job_id)
    if record["status"] != "done":
        raise HTTPException(404, f"job {job_id} has not finished")
    root = _state(request).jobs.result_dir(job_id).resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise HTTPException(404, f"no file {name!r} in job {job_id}")
    return target


@router.get("/jobs/{job_id}/files/{name:path}", summary="A file of a finished job (report.html, plan.json, data/...)")
def job_file(job_id: str, name: str, request: Request) -> FileResponse:
    return FileResponse(result_file(request, job_id, name))


@router.get("/jobs/{job_id}/download", summary="A finished job's whole result folder as a zip")
def job_download(job_id: str, request: Request) -> Response:
    if _job_or_404(request, job_id)["status"] != "done":
        raise HTTPException(404, f"job {job_id} has not finished")
    root = _state(request).jobs.result_dir(job_id)
    if not root.is_dir():
        raise HTTPException(404, f"job {job_id} has no result")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, f"{job_id}/{path.relative_to(root)}")
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="moonbase-{job_id}.zip"'})


@router.get("/compare", summary="Two finished plans' plan.json side by side (e.g. ILRS against Artemis)")
def compare(request: Request, a: str, b: str) -> dict:
    plans = []
    for job_id in (a, b):
        plans.append(json.loads(result_file(request, job_id, "plan.json").read_text(encoding="utf-8")))
    rows = []
    keys = list(dict.fromkeys([(s, k) for p in plans for s, figs in p["sections"].items() for k in figs]))
    for section, key in keys:
        values = [p["sections"].get(section, {}).get(key) for p in plans]
        if all(v is None or isinstance(v, (int, float, str, bool)) for v in values):
            rows.append({"section": section, "key": key, "values": values})
    head = [{k: p.get(k) for k in ("scenario", "title", "site", "lat_deg", "lon_deg", "period")} for p in plans]
    return {"plans": head, "rows": rows, **_compared_scenarios(request, (a, b))}


def _compared_scenarios(request: Request, job_ids) -> dict:
    """What ``moonbase compare`` says of the jobs' scenarios (one source of truth): differing assumptions, shared ground."""
    from dataclasses import asdict

    from ..compare import SHARED_WITHIN_KM, differing_assumptions, shared_ground
    from ..output import to_jsonable

    given = [_job_or_404(request, job_id).get("params", {}).get("scenario") for job_id in job_ids]
    if any(not isinstance(s, dict) for s in given):
        return {}
    try:
        scenarios = [Scenario.model_validate(s) for s in given]
    except (ValidationError, MoonbaseError):  # a job saved by an older version: its scenario no longer validates
        return {"assumptions": to_jsonable([asdict(a) for a in differing_assumptions(given)])}
    return to_jsonable({"assumptions": [asdict(a) for a in differing_assumptions(scenarios)],
                        "shared_ground": {"within_km": SHARED_WITHIN_KM,
                                          "sites": [asdict(s) for s in shared_ground(scenarios)]}})
