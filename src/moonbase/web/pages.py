"""The HTML pages: server-built skeletons (every user string escaped) driven by /static/app.js."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import __version__

router = APIRouter(include_in_schema=False)
NAV = (("/", "Map"), ("/editor", "Scenario"), ("/plans", "Plans"), ("/compare", "Compare"), ("/traffic", "Traffic"),
       ("/docs", "API"))


def page(title: str, body: str, active: str, script: str = "") -> HTMLResponse:
    """A whole page around ``body`` (already-escaped HTML)."""
    nav = "".join(f'<a href="{href}"{" class=active" if href == active else ""}>{escape(text)}</a>' for href, text in NAV)
    return HTMLResponse(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} · Moonbase</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/style.css">
<script src="/static/plotly.min.js"></script><script src="/static/app.js"></script></head>
<body><header><strong>Moonbase</strong> <span class="version">{escape(__version__)}</span><nav>{nav}</nav></header>
<main>{body}</main>
<script>{script}</script></body></html>""")


@router.get("/", response_class=HTMLResponse)
def map_page() -> HTMLResponse:
    body = """<h1>South-polar map</h1>
<div class="row"><div class="col">
 <label>Layer <select id="layer"></select></label> <label>Map <select id="mapjob"><option value="default">shipped default</option></select></label>
 <div id="mapbox" class="mapbox"><img id="mapimg" alt="map layer"><svg id="mapsites"></svg></div>
 <p id="mapinfo" class="muted"></p><p id="provenance" class="muted small"></p>
 <details id="newmap"><summary>Compute a new map (a job on dask)</summary>
 <form id="mapform" class="grid">
  <label>DEMs (finest first) <select id="mapdems" multiple size="2"></select></label>
  <label>Start <input id="mapstart" value="2030-01-01"></label><label>End <input id="mapend" value="2030-02-01"></label>
  <label>Step <input id="mapstep" value="12h"></label><label>Height [m] <input id="mapheight" value="2"></label>
  <label>Azimuths <input id="mapaz" value="180"></label><button type="submit">Compute map</button></form>
 <p id="maperror" class="error"></p><progress id="mapprogress" max="1" value="0" hidden></progress> <span id="mapprogresstext" class="muted"></span>
 </details>
</div><div class="col">
 <h2>Point</h2>
 <form id="pointform" class="grid">
  <label>Site <select id="site"><option value="">(clicked point)</option></select></label>
  <label>Lat <input id="lat" value="-89.45"></label><label>Lon <input id="lon" value="222.69"></label>
  <label>Height [m] <input id="height" value="2"></label>
  <label>Start <input id="start" value="2030-01-01"></label><label>End <input id="end" value="2030-03-01"></label>
  <label>Step <input id="step" value="1h"></label><label>Stay [h] <input id="stay" value="72"></label>
  <label>Min Earth [%] <input id="minearth" value="0"></label>
  <button type="submit" id="go">Show panorama</button>
 </form>
 <p id="pointerror" class="error"></p>
 <div id="panorama" class="plot"></div>
 <table id="stats" class="figures"></table>
 <h3>Landing / stay windows</h3><div id="windows"></div>
</div></div>"""
    return page("Map", body, "/", "Moonbase.mapPage();")


@router.get("/editor", response_class=HTMLResponse)
def editor_page() -> HTMLResponse:
    body = """<h1>Scenario editor</h1>
<p>Generated from the scenario's JSON Schema. Start from a built-in scenario; each invalid value is shown beside its field.</p>
<label>Template <select id="template"></select></label>
<form id="scenario" class="scenario"></form>
<p id="formerror" class="error"></p>
<button id="run">Run plan</button> <span id="progresstext" class="muted"></span>
<progress id="progress" max="1" value="0" hidden></progress>"""
    return page("Scenario", body, "/editor", "Moonbase.editorPage();")


@router.get("/plans", response_class=HTMLResponse)
def plans_page(request: Request) -> HTMLResponse:
    rows = []
    for job in request.app.state.jobs.list("plan"):
        jid = escape(job["id"])
        links = ""
        if job["status"] == "done":
            links = (f'<a class="report" href="/api/jobs/{jid}/files/report.html">report.html</a> · '
                     f'<a href="/api/jobs/{jid}/files/plan.json">plan.json</a> · <a href="/api/jobs/{jid}/download">zip (all data)</a>')
        elif job["status"] == "failed":
            links = f'<span class="error">{escape(job["error"] or "")}</span>'
        else:
            links = f'{escape(job["message"])} ({100 * job["progress"]:.0f} %)'
        rows.append(f"<tr><td>{escape(job['label'])}</td><td>{escape(job['status'])}</td><td>{escape(job['created'])}</td>"
                    f"<td>{links}</td></tr>")
    table = "".join(rows) or '<tr><td colspan="4">No plans yet: run one from the scenario editor.</td></tr>'
    body = f"""<h1>Plans</h1><table class="list" id="planlist"><tr><th>Plan</th><th>Status</th><th>Started (UTC)</th><th>Files</th></tr>
{table}</table>"""
    return page("Plans", body, "/plans")


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request) -> HTMLResponse:
    body = """<h1>Comparison</h1>
<p>Two finished plans side by side (for example the built-in <code>ilrs</code> and <code>artemis</code> scenarios).</p>
<label>A <select id="plana"></select></label> <label>B <select id="planb"></select></label> <button id="compare">Compare</button>
<p id="compareerror" class="error"></p><div id="comparison"></div>"""
    return page("Compare", body, "/compare", "Moonbase.comparePage();")


@router.get("/traffic", response_class=HTMLResponse)
def traffic_page() -> HTMLResponse:
    body = """<h1>Traffic: launch collision avoidance</h1>
<p>Every launch second of the window against the catalogue snapshot shipped with Moonbase (<code>moonbase cola --packaged</code>).</p>
<form id="colaform" class="grid">
 <label>Launch site <input id="colasite" value="wenchang"></label><label>Altitude [km] <input id="colaalt" value="200"></label>
 <label>Inclination [deg] <input id="colainc" value="41.5"></label><label>Window start (UTC) <input id="colastart" value="2026-05-30T18:00"></label>
 <label>Window [min] <input id="colamin" value="20"></label><button type="submit">Run COLA</button></form>
<p id="colaerror" class="error"></p><span id="colaprogress" class="muted"></span>
<div id="timeline" class="plot"></div><h2>Closest approaches (conjunctions)</h2><div id="conjunctions"></div>"""
    return page("Traffic", body, "/traffic", "Moonbase.trafficPage();")
