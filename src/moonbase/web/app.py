"""The FastAPI application: API routes, pages, static files (all shipped: plotly.js from the plotly package)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import InputError, MoonbaseError
from . import api, pages
from .compute import cola_work, make_map_work, plan_work
from .jobs import JobManager
from .settings import Settings

log = logging.getLogger("moonbase.web")
STATIC = Path(str(resources.files("moonbase").joinpath("web", "static")))


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


def _field_errors(errors) -> list[dict]:
    out = []
    for e in errors:
        message = e.get("msg", "invalid").removeprefix("Value error, ")
        out.append({"loc": [str(p) for p in e.get("loc", ())], "msg": message, "type": e.get("type", "value_error")})
    return out


def create_app(settings: Settings) -> FastAPI:
    """The app for ``settings``; its job manager starts with it and stops with it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.jobs.shutdown()

    app = FastAPI(title="Moonbase", version=__version__, lifespan=lifespan,
                  description="Planning a lunar research station: the CLI's commands as a JSON API. Long work runs as jobs.")
    app.state.settings = settings
    app.state.jobs = JobManager(settings.jobs_dir, {"plan": plan_work, "map": make_map_work(settings), "cola": cola_work},
                                settings.max_jobs, settings.max_queue, settings.scheduler, settings.local_processes)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return JSONResponse({"detail": _field_errors(exc.errors())}, status_code=422)

    @app.exception_handler(MoonbaseError)
    async def _user_error(request: Request, exc: MoonbaseError):
        field = getattr(exc, "field", None) if isinstance(exc, InputError) else None
        return JSONResponse({"detail": [{"loc": ["body", field] if field else ["body"], "msg": str(exc),
                                         "type": "value_error"}]}, status_code=422)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("internal error on %s", request.url.path)
        return JSONResponse({"detail": f"internal error ({type(exc).__name__}); see the server log"}, status_code=500)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(_plotly_js(), media_type="application/javascript", headers={"Cache-Control": "max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for it on every page, the reports included: no icon, and no 404
        return Response(status_code=204)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
