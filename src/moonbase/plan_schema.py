"""plan.json: the document built from a plan's typed results, and its versioned JSON Schema.

The schema is generated from the pydantic models below (which mirror :mod:`moonbase.contract`)
and shipped as ``moonbase/data/plan.schema.json``; ``moonbase plan --schema`` prints it. After a
change to these models, regenerate the shipped file with::

    moonbase plan --schema > src/moonbase/data/plan.schema.json

(the test suite checks that the shipped file equals the generated one) and raise
:data:`SCHEMA_VERSION`: the minor number for added keys, the major one for renamed or removed keys.

The keys users read are stable: ``sections.<section key>.<figure key>`` holds each figure's
value, next to ``sections.<section key>.status`` (``ok``, ``partial``, ``skipped``, ``failed``)
and, for a failed section, ``error``. ``section_details`` says what each figure is (label, unit,
provenance tag, source) and which ``data/*.csv`` files hold the tables, with column units.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .contract import TAGS, SectionData, Status
from .output import to_jsonable

SCHEMA_VERSION = "1.0.0"
SCHEMA_ID = f"urn:moonbase:plan.json:{SCHEMA_VERSION}"
SHIPPED_SCHEMA = "plan.schema.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectionFigures(BaseModel):
    """``sections.<key>``: the section's status and, under their stable keys, its figures' values."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    status: Status = Field(description="ok, partial (some inputs missing: see the caveats), skipped or failed")
    error: str | None = Field(None, description="why the section failed (only for status = failed)")


class FigureInfo(_Strict):
    label: str
    unit: str = Field(description="unit of the value ('' for none)")
    tag: Literal[tuple(TAGS)] = Field(description="provenance tag: " + "; ".join(f"{k} {v}" for k, v in TAGS.items()))
    source: str


class TableInfo(_Strict):
    file: str = Field(description="path of the CSV file inside the plan folder")
    title: str
    columns: dict[str, str] = Field(description="column name → unit")


class SectionDetails(_Strict):
    title: str
    status: Status
    answer: str = Field(description="the section's answer in one sentence")
    error: str | None = None
    caveats: list[str]
    figures: dict[str, FigureInfo]
    tables: dict[str, TableInfo]


class Period(_Strict):
    start: str
    end: str
    step: str
    epochs: int


class EphemerisInfo(_Strict):
    kernels: dict[str, str]
    frame: str
    correction: str


class PlanDocument(_Strict):
    """The contents of plan.json."""

    model_config = ConfigDict(extra="forbid", title="Moonbase plan.json")

    schema_version: Literal[SCHEMA_VERSION] = Field(description="version of this schema (semantic versioning)")
    moonbase_version: str
    generated_utc: str
    scenario: str
    title: str
    site: str
    lat_deg: float
    lon_deg: float
    observer_height_m: float
    period: Period
    ephemeris: EphemerisInfo
    sections: dict[str, SectionFigures]
    section_details: dict[str, SectionDetails]
    caveats: list[str]
    sources: list[str]


def plan_schema() -> dict:
    """The JSON Schema of plan.json, generated from :class:`PlanDocument`."""
    schema = PlanDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION, **schema}


def schema_text() -> str:
    """:func:`plan_schema` as the text of the shipped file."""
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text() -> str:
    return resources.files("moonbase").joinpath("data", SHIPPED_SCHEMA).read_text(encoding="utf-8")


def _figures(data: SectionData) -> dict[str, Any]:
    record: dict[str, Any] = {"status": data.status.value}
    if data.status == Status.FAILED:
        record["error"] = data.error or "failed"
    record.update({f.key: f.value for f in data.figures})
    return record


def _details(data: SectionData) -> dict[str, Any]:
    return {
        "title": data.title, "status": data.status.value, "answer": data.answer, "error": data.error,
        "caveats": data.all_caveats(),
        "figures": {f.key: {"label": f.label, "unit": f.unit, "tag": f.tag, "source": f.source} for f in data.figures},
        "tables": {t.key: {"file": f"data/{t.key}.csv", "title": t.title, "columns": {c.name: c.unit for c in t.columns}}
                   for t in data.tables},
    }


def plan_document(plan, moonbase_version: str, generated_utc: str) -> dict:
    """plan.json for ``plan`` as plain JSON types, checked against :class:`PlanDocument`."""
    scenario = plan.scenario
    point = plan.products.get("station")
    sky = plan.products.get("sky")
    ephemeris = plan.products.get("ephemeris")
    document = to_jsonable({
        "schema_version": SCHEMA_VERSION,
        "moonbase_version": moonbase_version,
        "generated_utc": generated_utc,
        "scenario": scenario.name,
        "title": scenario.title,
        "site": point.name or "station",
        "lat_deg": point.lat_deg,
        "lon_deg": point.lon_deg,
        "observer_height_m": point.height_m,
        "period": {"start": scenario.period.start, "end": scenario.period.end, "step": scenario.period.step,
                   "epochs": int(len(sky))},
        "ephemeris": {"kernels": {k: p.name for k, p in ephemeris.paths.items()}, "frame": sky.frame,
                      "correction": sky.correction},
        "sections": {s.key: _figures(s) for s in plan.sections},
        "section_details": {s.key: _details(s) for s in plan.sections},
        "caveats": list(dict.fromkeys(c for s in plan.sections for c in s.all_caveats())),
        "sources": list(scenario.sources),
    })
    PlanDocument.model_validate(document)  # the document is what the shipped schema promises
    return document


if __name__ == "__main__":  # pragma: no cover
    print(schema_text(), end="")
