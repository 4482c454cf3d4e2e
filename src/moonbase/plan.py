"""The plan: run a scenario through its sections and collect figures, tables and plots.

A section is a function ``(context) -> SectionResult``. A new capability adds its
function to :data:`SECTIONS`; it does not edit the others. The shared context holds
what every section needs once: the scenario, the station's point, the epochs and the
Sun/Earth vectors from the ephemeris.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from . import __version__
from .ephemeris import LunarEphemeris, MoonSky
from .errors import MoonbaseError
from .geometry import SurfacePoint
from .output import atomic_directory, columns_to_csv, dumps_json
from .progress import progress_bar
from .scenario import Scenario


@dataclass
class PlanContext:
    """What all sections share: computed once per plan."""

    scenario: Scenario
    point: SurfacePoint
    utc: np.ndarray
    sky: MoonSky
    ephemeris: LunarEphemeris
    _horizons: dict = field(default_factory=dict, repr=False)

    def horizon(self, height_m: float):
        """The station's terrain horizon seen from ``height_m`` above the ground (resolved once per height).

        Raises :class:`~moonbase.errors.MoonbaseError` when no terrain covers the site at that height.
        """
        from .terrain.source import resolve_horizon

        if height_m not in self._horizons:
            station = self.scenario.station
            try:
                self._horizons[height_m] = resolve_horizon(station.point(height_m), dem_paths=station.dem)
            except MoonbaseError as exc:
                self._horizons[height_m] = exc
        found = self._horizons[height_m]
        if isinstance(found, MoonbaseError):
            raise found
        return found

    def horizon_or_note(self, height_m: float, result: "SectionResult", what: str):
        """The horizon at ``height_m``, or None after noting in ``result`` that ``what`` needs terrain."""
        try:
            return self.horizon(height_m)
        except MoonbaseError as exc:
            result.caveats.append(f"No terrain horizon at {height_m:g} m: {exc}")
            result.html = f"<p>No terrain is available for this site, so {what} cannot be computed.</p>"
            return None


@dataclass
class SectionResult:
    """One section of the plan.

    ``figures``: headline numbers under stable keys (go to plan.json).
    ``tables``: name → columns (each written as ``data/<name>.csv``).
    ``plots``: plotly figures for the report, each backed by a table.
    ``html``: paragraphs and tables for the report (trusted, built by the section).
    ``caveats``: recalled or unverified defaults and other limits the reader must see.
    ``rasters``: maps (xarray datasets with a geotransform and CRS) written as ``data/<name>.tif``.
    """

    key: str
    title: str
    figures: dict = field(default_factory=dict)
    tables: dict[str, dict] = field(default_factory=dict)
    plots: list = field(default_factory=list)
    html: str = ""
    caveats: list[str] = field(default_factory=list)
    rasters: dict = field(default_factory=dict)  # name → xarray.Dataset written as data/<name>.tif


Section = Callable[[PlanContext], SectionResult]


def _sections() -> list[Section]:
    from .sections.communications import communications_section
    from .sections.horizon import horizon_section
    from .sections.power import power_section
    from .sections.site_environment import site_environment_section
    from .sections.site_geometry import site_geometry_section
    from .sections.traffic import traffic_section

    return [site_geometry_section, horizon_section, site_environment_section, communications_section, power_section, traffic_section]


@dataclass
class Plan:
    context: PlanContext
    sections: list[SectionResult]

    def summary(self) -> dict:
        """The contents of plan.json."""
        scenario = self.context.scenario
        point = self.context.point
        return {
            "moonbase_version": __version__,
            "generated_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "scenario": scenario.name,
            "title": scenario.title,
            "site": point.name or "station",
            "lat_deg": point.lat_deg,
            "lon_deg": point.lon_deg,
            "observer_height_m": point.height_m,
            "period": {"start": scenario.period.start, "end": scenario.period.end, "step": scenario.period.step,
                       "epochs": int(len(self.context.utc))},
            "ephemeris": {
                "kernels": {k: p.name for k, p in self.context.ephemeris.paths.items()},
                "frame": self.context.sky.frame,
                "correction": self.context.sky.correction,
            },
            "sections": {s.key: s.figures for s in self.sections},
            "caveats": list(dict.fromkeys(c for s in self.sections for c in s.caveats)),
            "sources": scenario.sources,
        }


def run_plan(scenario: Scenario, show_progress: bool = True) -> Plan:
    """Compute every section of the plan for ``scenario``."""
    sections = _sections()
    with progress_bar(show_progress) as progress:
        task = progress.add_task("ephemeris", total=len(sections) + 1)
        eph = LunarEphemeris.default()
        utc = scenario.period.utc()
        sky = eph.moon_sky(utc, frame=scenario.geometry.frame, correction=scenario.geometry.correction)
        context = PlanContext(scenario, scenario.station.point(), utc, sky, eph)
        progress.advance(task)
        results = []
        for section in sections:
            progress.update(task, description=section.__name__.removesuffix("_section").replace("_", " "))
            results.append(section(context))
            progress.advance(task)
    return Plan(context, results)


def write_plan(plan: Plan, out_dir: str | Path, force: bool = False) -> Path:
    """Write report.html, plan.json and data/*.csv into ``out_dir``, whole or not at all.

    ``out_dir`` must be new, empty or a previous plan output (see :func:`moonbase.output.check_output_dir`),
    unless ``force``.
    """
    from .report.html import render_report

    out_dir = Path(out_dir)
    with atomic_directory(out_dir, "plan", force) as staging:
        (staging / "data").mkdir()
        for section in plan.sections:
            for name, columns in section.tables.items():
                (staging / "data" / f"{name}.csv").write_text(columns_to_csv(columns), encoding="utf-8")
            for name, dataset in section.rasters.items():
                from .report.maps import write_geotiff

                write_geotiff(staging / "data" / f"{name}.tif", dataset, list(dataset.data_vars))
        (staging / "plan.json").write_text(dumps_json(plan.summary()), encoding="utf-8")
        (staging / "report.html").write_text(render_report(plan), encoding="utf-8")
    return out_dir
