"""Render a :class:`~moonbase.plan.Plan` as one self-contained HTML page from its sections' typed data.

Every section is drawn the same way: its status, its answer, notes, a table of figures (value,
unit, provenance tag, source), small tables inline, plots from their specifications, caveats and
the data files. All text is escaped by :mod:`moonbase.report.markup`.
"""

from __future__ import annotations

from importlib import resources
from string import Template

from plotly.offline import get_plotlyjs

from ..contract import TAGS, Figure, SectionData, Status, Table, unit_from_name
from ..summary import Headline, headlines, station
from .format import TIGHT_UNITS, format_figure, format_text, format_value, has_value, humanise
from .markup import Markup, element, escape, join, raw_trusted
from .plots import plotly_figure
from .rival import rival_html

#: Tables of at most this many rows are shown in the page; longer ones are linked as CSV only.
INLINE_ROWS = 30


#: Values up to this many characters are kept on one line ("2,003 kg"); longer ones (a file's provenance) wrap.
SHORT_VALUE = 32
#: Columns of numbers that are names (a year, a catalogue number), written without thousands separators.
IDENTIFIERS = ("year", "norad", "rank", "seed")


def _cell(value, unit: str = "", digits: int | None = None, name: str = "") -> Markup:
    """A table cell's text: the value rounded to its meaning, its unit in the column head (times keep "UTC" out)."""
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        if name.lower().endswith(IDENTIFIERS) and float(value).is_integer():
            return escape(str(int(value)))
        if unit == "kg":  # one unit down a column: kilograms, not a mix of kg and t
            return escape(f"{value:,.0f}")
    text = format_value(value, unit, digits)
    if unit and text.endswith(f" {unit}"):
        text = text[: -len(unit) - 1]
    elif unit in TIGHT_UNITS and text.endswith(TIGHT_UNITS[unit]):
        text = text[: -len(TIGHT_UNITS[unit])]
    return escape(text)


def _head(name: str, unit: str = "", label: str = "") -> Markup:
    shown = label or humanise(name)
    return element("th", shown, f" [{unit}]" if unit else "", title=name)


def _records(rows: list[tuple[str, dict]], first: str = "") -> Markup:
    """Records (a label and its named values) as one small table: humanised heads, units from the names."""
    keys = list(dict.fromkeys(k for _, record in rows for k in record))
    units = {k: unit_from_name(k) for k in keys}
    head = element("tr", *([element("th", first)] if first else []), *(_head(k, units[k]) for k in keys))
    body = [element("tr", *([element("td", label)] if first else []),
                    *(element("td", _cell(record.get(k), units[k], name=k) if k in record else "") for k in keys))
            for label, record in rows]
    return element("table", head, *body, class_="figures inner")


def _value(figure: Figure) -> Markup:
    """A figure's value: a dict of records becomes a small table, a dict of values a labelled list, else text."""
    value = figure.value
    if isinstance(value, dict):
        if not value:
            return escape("—")
        if all(isinstance(v, dict) for v in value.values()):
            return _records([(str(k), v) for k, v in value.items()], " ")
        return element("table", *(element("tr", element("th", humanise(k), title=k),
                                          element("td", format_value(v, figure.unit or unit_from_name(str(k)), figure.digits)))
                                  for k, v in value.items()), class_="figures inner")
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        return _records([("", v) for v in value])
    text = format_figure(figure)
    return element("span", text, class_="value") if len(text) <= SHORT_VALUE else escape(text)  # short ones unbroken


def _figures(figures: list[Figure]) -> Markup:
    if not figures:
        return Markup("")
    head = element("tr", *(element("th", h) for h in ("figure", "value", "tag", "source")))
    previous = [None, *(f.source for f in figures)]  # a source repeated from the row above is not written again
    rows = [element("tr", element("td", f.label or humanise(f.key),
                                  element("div", f.note, class_="note") if f.note else "", title=f.key),
                    element("td", _value(f), class_="value"),
                    element("td", element("abbr", f.tag, title=TAGS[f.tag])),
                    element("td", "as above" if f.source and f.source == before else format_text(f.source), class_="source"))
            for f, before in zip(figures, previous)]
    return element("table", head, *rows, class_="figures")


def _table(table: Table) -> Markup:
    head = element("tr", *(_head(c.name, c.unit, c.label) for c in table.columns))
    rows = [element("tr", *(element("td", _cell(v, c.unit, name=c.name)) for v, c in zip(row, table.columns)))
            for row in zip(*(list(c.values) for c in table.columns))]
    return join([element("h3", table.title), element("table", head, *rows, class_="figures"),
                 element("p", format_text(table.note), class_="data") if table.note else ""])


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
        element("p", format_text(section.answer), class_="answer") if section.answer else "",
        *(element("p", format_text(note)) for note in section.notes),
        _figures(section.figures),
        *(_table(t) for t in section.tables if len(t) <= INLINE_ROWS),
        _plots(section),
        join([element("h3", "Caveats"), element("ul", *(element("li", format_text(c)) for c in caveats))]) if caveats else "",
        element("p", "Data: ", join((element("code", f) for f in files), ", "), class_="data") if files else "",
        id=section.key,
    )


def _headline(headline: Headline) -> Markup:
    link = element("a", headline.title, href=f"#{headline.key}")
    if headline.status == Status.FAILED:
        return element("tr", element("th", link), element("td", "This section failed: ", headline.error or "",
                                                          class_="failed"), element("td", ""))
    figures = element("ul", *(element("li", f.label or humanise(f.key), ": ", element("b", format_figure(f)))
                              for f in headline.figures if has_value(f))) if headline.figures else ""
    return element("tr", element("th", link), element("td", element("p", format_text(headline.answer)), figures),
                   element("td", headline.period, class_="period"))


def _summary(plan) -> Markup:
    """Answers first: where and when, then each section's answer and headline figures, linked to the section."""
    where = station(plan)
    shown = [h for h in headlines(plan) if h.figures or h.status == Status.FAILED]
    return element(
        "section",
        element("h2", "Summary"),
        element("p", element("b", "Where: "), where.where, " · ", element("b", "Heights: "), where.heights, " · ",
                element("b", "When: "), where.period, f" (every {where.step})", class_="where"),
        element("table", element("tr", element("th", "Question"), element("th", "Answer"), element("th", "Period")),
                *(_headline(h) for h in shown), class_="figures summary"),
        id="summary",
    )


def render_report(plan) -> str:
    """The report as an HTML string with plotly.js inlined (opens offline): the summary first, then every section."""
    from .. import __version__

    scenario = plan.scenario
    where = station(plan)
    template = Template(resources.files("moonbase").joinpath("report/template.html").read_text(encoding="utf-8"))
    return template.substitute(
        title=escape(scenario.title),
        plotlyjs=get_plotlyjs(),
        description=escape(scenario.description.strip()),
        site=escape(where.where),
        period=escape(f"{where.period} every {where.step}"),
        sources=join(element("li", s) for s in scenario.sources),
        summary=join([_summary(plan), rival_html(plan)]),
        toc=join(element("li", element("a", s.title, href=f"#{s.key}"),
                         f" ({s.status.value})" if s.status != Status.OK else "") for s in plan.sections),
        sections=join(_section(number, s) for number, s in enumerate(plan.sections, start=1)),
        version=escape(__version__),
    )
