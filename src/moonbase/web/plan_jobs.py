"""The web app's one adapter to the plan layer: run a scenario and write its plan folder.

Everything the app knows about plans goes through this module, so a change of the plan API
(registry, runner with a progress callback, report rendering) is adapted here only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..scenario import Scenario

Progress = Callable[[float, str], None]


def run_plan_job(scenario: Scenario, out_dir: Path, progress: Progress) -> dict:
    """Compute the plan of ``scenario`` and write report.html, plan.json and data/ into ``out_dir`` (whole or not at all).

    ``progress(fraction, message)`` is called as it goes (fraction 0-1). Returns plan.json's content.
    """
    from ..plan import run_plan
    from ..report.files import write_plan

    plan = run_plan(scenario, show_progress=False, progress=lambda f, m: progress(0.9 * f, m))
    progress(0.9, "writing the report")
    write_plan(plan, out_dir)
    progress(1.0, "done")
    from ..output import to_jsonable

    return to_jsonable(plan.summary())


def plan_files(out_dir: Path) -> list[str]:
    """The files of a written plan folder, relative to it (report.html, plan.json, data/...)."""
    return sorted(str(p.relative_to(out_dir)) for p in Path(out_dir).rglob("*") if p.is_file())
