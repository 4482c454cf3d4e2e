"""Writing a plan: report.html, plan.json, data/*.csv and data/*.tif, whole or not at all."""

from __future__ import annotations

from pathlib import Path

from ..contract import Table
from ..output import atomic_directory, columns_to_csv, dumps_json


def table_csv(table: Table) -> str:
    """A table as CSV text (header: the column names)."""
    return columns_to_csv({c.name: c.values for c in table.columns})


def write_plan(plan, out_dir: str | Path, force: bool = False) -> Path:
    """Write report.html, plan.json and data/ for ``plan`` into ``out_dir``, whole or not at all.

    ``out_dir`` must be new, empty or a previous plan output (see :func:`moonbase.output.check_output_dir`),
    unless ``force``.
    """
    from . import html

    out_dir = Path(out_dir)
    with atomic_directory(out_dir, "plan", force) as staging:
        (staging / "data").mkdir()
        for section in plan.sections:
            for table in section.tables:
                (staging / "data" / f"{table.key}.csv").write_text(table_csv(table), encoding="utf-8")
            for raster in section.rasters:
                from .maps import write_geotiff

                write_geotiff(staging / "data" / f"{raster.key}.tif", raster.dataset, list(raster.dataset.data_vars))
        (staging / "plan.json").write_text(dumps_json(plan.summary()), encoding="utf-8")
        (staging / "report.html").write_text(html.render_report(plan), encoding="utf-8")
    return out_dir
