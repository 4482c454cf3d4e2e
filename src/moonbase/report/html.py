"""Render a :class:`~moonbase.plan.Plan` as one self-contained HTML page from its sections' typed data.

Every section is drawn the same way: its status, its answer, notes, a table of figures (value,
unit, provenance tag, source), small tables inline, plots from their specifications, caveats and
the data files. All text is escaped by :mod:`moonbase.report.markup`.
"""

from __future__ import annotations

from importlib import resources
from string import Template

from plotly.offline import get_plotlyjs

from ..contract import TAGS, Figure, SectionData, Status, Table
from ..output import dumps_json
from .markup import Markup, element, escape, join, raw_trusted
from .plots import plotly_figure

#: Tables of at most this many rows are shown in the page; longer ones are linked as CSV only.
INLINE_ROWS = 30


def _format(value, digits: int | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:
            return "—"
        return f"{value:,.{digits}f}" if digits is not None else f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format(v, digits) for v in value) + "]"
    return str(value)


def _value(value, digits: int | None = None) -> Markup:
    """A figure's value: nested dicts become nested tables, lists of records compact tables."""
    if isinstance(value, dict):
        if not value:
            return escape("—")
        return element("table", *(element("tr", element("td", element("code", k)), element("td", _value(v, digits)))
                                  for k, v in value.items()), class_="figures")
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        keys = list(dict.fromkeys(k for v in value for k in v))
        return element("table", element("tr", *(element("th", k) for k in keys)),
                       *(element("tr", *(element("td", _format(v.get(k, ""))) for k in keys)) for v in value),
                       class_="figures")
    return escape(_format(value, digits))


def _figures(figures: list[Figure]) -> Markup:
    if not figures:
        return Markup("")
    head = element("tr", *(element("th", h) for h in ("figure", "value", "unit", "tag", "source")))
    rows = [element("tr", element("td", f.label or f.key, " ", element("code", f.key, class_="key")),
                    element("td", _value(f.value, f.digits)), element("td", f.unit),
                    element("td", element("abbr", f.tag, title=TAGS[f.tag])), element("td", f.source, class_="source"))
            for f in figures]
    return element("table", head, *rows, class_="figures")


def _table(table: Table) -> Markup:
    head = element("tr", *(element("th", c.label or c.name, f" [{c.unit}]" if c.unit else "") for c in table.columns))
    rows = [element("tr", *(element("td", _format(v.item() if hasattr(v, "item") else v)) for v in row))
            for row in zip(*(list(c.values) for c in table.columns))]
    return join([element("h3", table.title), element("table", head, *rows, class_="figures"),
                 element("p", table.note, class_="data") if table.note else ""])


def _status(section: SectionData) -> Markup:
    if section.status == Status.FAILED:
        return element("p", element("b", "This section failed: "), section.error or "", class_="status failed")
    if section.status == Status.PARTIAL:
        return element("p", "Partly computed: some inputs were missing (see the caveats).", class_="status partial")
    if section.status == Status.SKIPPED:
        return element("p", "Not asked for by this scenario.", class_="status skipped")
    return Markup("")


def _plots(section: SectionData) -> Markup:
    tables = {t.key: t for t in section.tables}
    rasters = {r.key: r for r in section.rasters}
    return join(element("div", raw_trusted(plotly_figure(plot, tables, rasters).to_html(full_html=False,
                                                                                          include_plotlyjs=False)),
                        class_="plot")
                for plot in section.plots)


def _section(number: int, section: SectionData) -> Markup:
    caveats = section.all_caveats()
    files = [f"data/{t.key}.csv" for t in section.tables] + [f"data/{r.key}.tif" for r in section.rasters]
    return element(
        "section",
        element("h2", f"{number}. {section.title}"),
        _status(section),
        element("p", section.answer, class_="answer") if section.answer else "",
        *(element("p", note) for note in section.notes),
        _figures(section.figures),
        *(_table(t) for t in section.tables if len(t) <= INLINE_ROWS),
        _plots(section),
        join([element("h3", "Caveats"), element("ul", *(element("li", c) for c in caveats))]) if caveats else "",
        element("p", "Data: ", join((element("code", f) for f in files), ", "), class_="data") if files else "",
        id=section.key,
    )


def _glance(plan) -> Markup:
    rows = []
    for registered, section in zip(plan.registered, plan.sections):
        by_key = {f.key: f for f in section.figures}
        shown = [by_key[k] for k in registered.summary_keys if k in by_key]
        if section.status == Status.FAILED:
            cell = element("td", "failed: ", section.error or "", class_="failed")
        else:
            cell = element("td", join((join([f.label, ": ", _value(f.value, f.digits), f" {f.unit}" if f.unit else ""])
                                       for f in shown), "; "))
        rows.append(element("tr", element("td", element("a", section.title, href=f"#{section.key}")), cell))
    return element("table", *rows, class_="figures")


def render_report(plan) -> str:
    """The report as an HTML string with plotly.js inlined (opens offline)."""
    summary = plan.summary()
    scenario = plan.scenario
    template = Template(resources.files("moonbase").joinpath("report/template.html").read_text(encoding="utf-8"))
    return template.substitute(
        title=escape(scenario.title),
        plotlyjs=get_plotlyjs(),
        description=escape(scenario.description.strip()),
        site=escape(f"{summary['site']} ({summary['lat_deg']:.3f}°, {summary['lon_deg']:.3f}°E)"),
        period=escape(f"{scenario.period.start} to {scenario.period.end} every {scenario.period.step}"),
        sources=join(element("li", s) for s in scenario.sources),
        glance=_glance(plan),
        toc=join(element("li", element("a", s.title, href=f"#{s.key}"),
                         f" ({s.status.value})" if s.status != Status.OK else "") for s in plan.sections),
        sections=join(_section(number, s) for number, s in enumerate(plan.sections, start=1)),
        summary_json=escape(dumps_json(summary)),
        version=escape(summary["moonbase_version"]),
    )
