"""Render a :class:`~moonbase.plan.Plan` as one self-contained HTML page."""

from __future__ import annotations

import html as html_escape
from importlib import resources
from string import Template

from plotly.offline import get_plotlyjs

from ..output import dumps_json


def _figures_table(figures: dict, header: bool = True) -> str:
    rows = "".join(f"<tr><td><code>{html_escape.escape(str(k))}</code></td><td>{_cell(v)}</td></tr>"
                   for k, v in figures.items())
    head = "<tr><th>key</th><th>value</th></tr>" if header else ""
    return f"<table class='figures'>{head}{rows}</table>"


def _cell(value) -> str:
    """A value as HTML: nested dicts become nested tables, lists of records compact tables."""
    if isinstance(value, dict):
        return _figures_table(value, header=False) if value else "&mdash;"
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        keys = list(dict.fromkeys(k for v in value for k in v))
        head = "".join(f"<th>{html_escape.escape(str(k))}</th>" for k in keys)
        rows = "".join("<tr>" + "".join(f"<td>{html_escape.escape(_format(v.get(k, '')))}</td>" for k in keys) + "</tr>"
                       for v in value)
        return f"<table class='figures'><tr>{head}</tr>{rows}</table>"
    return html_escape.escape(_format(value))


def _format(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format(v) for v in value) + "]"
    return str(value)


def render_report(plan) -> str:
    """The report as an HTML string with plotly.js inlined (opens offline)."""
    summary = plan.summary()
    body = []
    for number, section in enumerate(plan.sections, start=1):
        plots = "".join(
            f"<div class='plot'>{figure.to_html(full_html=False, include_plotlyjs=False)}</div>" for figure in section.plots
        )
        caveats = "".join(f"<li>{html_escape.escape(c)}</li>" for c in section.caveats)
        body.append(
            f"<section id='{section.key}'><h2>{number}. {html_escape.escape(section.title)}</h2>{section.html}"
            f"{_figures_table(section.figures)}{plots}"
            + (f"<h3>Caveats</h3><ul>{caveats}</ul>" if caveats else "")
            + f"<p class='data'>Data: {', '.join(f'<code>data/{n}.csv</code>' for n in section.tables)}</p></section>"
        )
    template = Template(resources.files("moonbase").joinpath("report/template.html").read_text(encoding="utf-8"))
    scenario = plan.context.scenario
    return template.substitute(
        title=html_escape.escape(scenario.title),
        plotlyjs=get_plotlyjs(),
        description=html_escape.escape(scenario.description.strip()),
        site=html_escape.escape(f"{summary['site']} ({summary['lat_deg']:.3f}°, {summary['lon_deg']:.3f}°E)"),
        period=html_escape.escape(f"{scenario.period.start} to {scenario.period.end} every {scenario.period.step}"),
        sources="".join(f"<li>{html_escape.escape(s)}</li>" for s in scenario.sources),
        toc="".join(f"<li><a href='#{s.key}'>{html_escape.escape(s.title)}</a></li>" for s in plan.sections),
        sections="".join(body),
        summary_json=html_escape.escape(dumps_json(summary)),
        version=html_escape.escape(summary["moonbase_version"]),
    )
