"""Render a :class:`~moonbase.compare.Comparison` as one self-contained, offline HTML page.

The summaries side by side (one column per scenario: each section's answer sentence, then its headline
figures), every assumption that differs, the shared ground, and a link to each scenario's own full report
(written in its subfolder). No plot, so no script: the page opens anywhere. Every string is escaped by
:mod:`moonbase.report.markup`; the look is the plan report's (its stylesheet is read from ``template.html``).
"""

from __future__ import annotations

import re
from importlib import resources
from string import Template

from .. import __version__
from ..compare import ITEM_NOTE
from ..contract import Figure
from .format import format_value
from .markup import Markup, element, escape, join

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moonbase comparison: $title</title>
<style>
$style
table.compare td.differs { background: #fff4d6; } table.compare th.section { background: #f3f3f3; text-align: left; }
table.compare td.answer { font-size: 0.95em; vertical-align: top; }
</style>
</head>
<body>
<h1>$title</h1>
<p class="meta">Analysis period: $period ($basis) &middot; Moonbase $version</p>
<p class="answer">$lead</p>
<h2 id="scenarios">Scenarios</h2>$scenarios
<h2 id="summaries">Summaries side by side</h2>
<p>Every plan ran on the same analysis period. Each section's answer, then its headline figures; a highlighted row differs between the scenarios.</p>
$summaries
<h2 id="assumptions">Assumptions that differ</h2>$assumptions
<h2 id="shared-ground">Shared ground</h2>$shared
</body>
</html>
""")


def _style() -> str:
    """The plan report's stylesheet, so that both pages look alike."""
    text = resources.files("moonbase").joinpath("report/template.html").read_text(encoding="utf-8")
    found = re.search(r"<style>(.*?)</style>", text, re.S)
    return found.group(1).strip() if found else ""


def _format(value, unit: str = "", digits: int | None = None) -> str:
    """A value for a table cell: :func:`moonbase.report.format.format_value`, with an empty list read as "none"
    (no relay, no network: an assumption, not a missing value)."""
    if isinstance(value, (list, tuple)) and not value:
        return "none"
    return format_value(value, unit, digits)


def _figure(figure: Figure | None) -> str:
    return "—" if figure is None else _format(figure.value, figure.unit, figure.digits)


def _scenarios(comparison) -> Markup:
    head = element("tr", *(element("th", h) for h in ("scenario", "title", "station", "its own period", "full report")))
    rows = []
    for run in comparison.scenarios:
        own = run.own_period
        failed = f" (failed: {', '.join(run.failed_sections)})" if run.failed_sections else ""
        rows.append(element("tr", element("td", element("code", run.name)), element("td", run.title),
                            element("td", f"{run.site} ({run.lat_deg:.3f}°, {run.lon_deg:.3f}°E)"),
                            element("td", f"{own.get('start')} to {own.get('end')} every {own.get('step')}"),
                            element("td", element("a", f"{run.folder}/report.html", href=f"{run.folder}/report.html"), failed)))
    return element("table", head, *rows, class_="figures")


def _header(comparison, first: str) -> Markup:
    return element("tr", element("th", first), *(element("th", run.folder) for run in comparison.scenarios))


def _summaries(comparison) -> Markup:
    n = len(comparison.scenarios)
    rows = [_header(comparison, "")]
    by_section: dict[str, list] = {}
    for row in comparison.rows:
        by_section.setdefault(row.section, []).append(row)
    for section, title in comparison.section_titles.items():
        rows.append(element("tr", element("th", element("a", title, href=f"{comparison.scenarios[0].folder}/report.html#{section}"),
                                          colspan=str(n + 1), class_="section")))
        answers = comparison.answers.get(section, ("",) * n)
        rows.append(element("tr", element("td", "answer"), *(element("td", a or "—", class_="answer") for a in answers)))
        for row in by_section.get(section, []):
            cells = [_figure(f) for f in row.values]
            differs = len(set(cells)) > 1
            rows.append(element("tr", element("td", row.label),
                                *(element("td", c, class_="differs" if differs else None) for c in cells)))
    return element("table", *rows, class_="figures compare")


def _assumptions(comparison) -> Markup:
    if not comparison.assumptions:
        return element("p", "The scenarios assume the same in every key.")
    rows = [_header(comparison, "scenario key")]
    for a in _grouped(comparison.assumptions):
        key = element("td", element("code", a.key), element("br") if a.note else "",
                      element("span", a.note, class_="meta") if a.note else "")
        rows.append(element("tr", key, *(element("td", _format(v, a.unit) if v is not None else "— (not set)",
                                                 class_="differs") for v in a.values)))
    return join([element("p", f"{len(comparison.assumptions)} scenario keys differ (each scenario's own values; "
                              f"the analysis period is the common one above)."),
                 element("table", *rows, class_="figures compare")])


def _grouped(assumptions) -> list:
    """Rows of list items that only some scenarios have, one row per list: each scenario's items named."""
    from ..compare import Assumption

    out, lists = [], {}
    for a in assumptions:
        if a.note == ITEM_NOTE and "[" in a.key:
            key = a.key.rsplit("[", 1)[0]
            if key not in lists:
                lists[key] = len(out)
                out.append(Assumption(f"{key}[…]", tuple([] for _ in a.values), a.unit, a.table,
                                      "items that only some scenarios have"))
            for names, value in zip(out[lists[key]].values, a.values):
                if value is not None:
                    names.append(value)
        else:
            out.append(a)
    return [Assumption(a.key, tuple(v or None for v in a.values), a.unit, a.table, a.note) if a.key.endswith("[…]") else a
            for a in out]


def _roles(roles) -> str:
    return ", ".join(roles)


def _shared(comparison) -> Markup:
    intro = element("p", f"Named points of different scenarios (station, alternates, and the candidates of each "
                         f"programme in the contention data) that are the same point (closer than 1 m) or within "
                         f"{comparison.within_km:g} km of each other, great circle on the 1,737.4 km lunar sphere.")
    if not comparison.shared:
        return join([intro, element("p", "None.")])
    head = element("tr", *(element("th", h) for h in ("scenario", "site", "role there", "scenario", "site", "role there",
                                                       "distance", "same point")))
    rows = [element("tr", element("td", s.scenario_a), element("td", element("code", s.site_a)), element("td", _roles(s.roles_a)),
                    element("td", s.scenario_b), element("td", element("code", s.site_b)), element("td", _roles(s.roles_b)),
                    element("td", _format(s.distance_km, "km", 2)), element("td", _format(s.same_point)))
            for s in comparison.shared]
    return join([intro, element("table", head, *rows, class_="figures")])


def render_comparison(comparison) -> str:
    """The comparison page as an HTML string (no scripts; opens offline)."""
    names = " versus ".join(run.title for run in comparison.scenarios)
    p = comparison.period
    return PAGE.substitute(
        title=escape(names), style=_style(), period=escape(f"{p.start} to {p.end} every {p.step}"),
        basis=escape(p.basis), version=escape(__version__), scenarios=_scenarios(comparison),
        summaries=_summaries(comparison), assumptions=_assumptions(comparison), shared=_shared(comparison),
        lead=escape(_lead(comparison)))


def _lead(comparison) -> str:
    """One sentence: how many assumptions differ and how much ground is shared."""
    same = sum(s.same_point for s in comparison.shared)
    differ = len(comparison.assumptions)
    return (f"{len(comparison.scenarios)} scenarios on one period: {differ} scenario key{'s' if differ != 1 else ''} "
            f"differ{'s' if differ == 1 else ''}; {len(comparison.shared)} pair{'s' if len(comparison.shared) != 1 else ''} "
            f"of named sites within {comparison.within_km:g} km across them, {same} at the same point.")


def write_comparison(comparison, out_dir, force: bool = False):
    """Write report.html, compare.json and one plan folder per scenario into ``out_dir``, whole or not at all."""
    from pathlib import Path

    from ..output import atomic_directory, dumps_json
    from .files import write_plan

    out_dir = Path(out_dir)
    with atomic_directory(out_dir, "compare", force) as staging:
        for run, plan in zip(comparison.scenarios, comparison.plans):
            write_plan(plan, staging / run.folder)
        (staging / "compare.json").write_text(dumps_json(comparison.as_dict()), encoding="utf-8")
        (staging / "report.html").write_text(render_comparison(comparison), encoding="utf-8")
    return out_dir
