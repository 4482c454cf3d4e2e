// Moonbase web app: pages drive the JSON API. User strings only ever go through textContent (never innerHTML).
"use strict";
const Moonbase = (() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };

  async function api(path, body) {
    const opts = body === undefined ? {} : {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)};
    const r = await fetch("/api" + path, opts);
    const data = await r.json().catch(() => ({detail: r.statusText}));
    if (!r.ok) { const err = new Error(describe(data.detail)); err.detail = data.detail; err.status = r.status; throw err; }
    return data;
  }
  function describe(detail) {
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map((d) => (d.loc ? d.loc.filter((p) => p !== "body").join(".") + ": " : "") + d.msg).join("; ");
    return JSON.stringify(detail);
  }
  function table(rows, head) {
    const t = el("table", undefined, "figures");
    if (head) { const tr = el("tr"); head.forEach((h) => tr.appendChild(el("th", h))); t.appendChild(tr); }
    rows.forEach((r) => { const tr = el("tr"); r.forEach((c) => tr.appendChild(el("td", c === null || c === undefined ? "—" : String(c)))); t.appendChild(tr); });
    return t;
  }
  const fmt = (v) => typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v;
  function follow(jobId, onProgress) {  // server-sent events until the job finishes
    return new Promise((resolve, reject) => {
      const source = new EventSource(`/api/jobs/${jobId}/events`);
      source.onmessage = (m) => {
        const s = JSON.parse(m.data); onProgress(s);
        if (s.status === "done") { source.close(); resolve(s); }
        if (s.status === "failed") { source.close(); reject(new Error(s.error)); }
      };
      source.onerror = () => { source.close(); api(`/jobs/${jobId}`).then((s) => s.status === "done" ? resolve(s) : s.status === "failed" ? reject(new Error(s.error)) : follow(jobId, onProgress).then(resolve, reject)); };
    });
  }

  // ---- map page
  async function mapPage() {
    const meta = await api("/map");
    for (const [k, v] of Object.entries(meta.layers)) { const o = el("option", `${v.title} [${v.unit}]`); o.value = k; $("layer").appendChild(o); }
    (await api("/jobs?kind=map")).filter((j) => j.status === "done").forEach((j) => { const o = el("option", j.label); o.value = j.id; $("mapjob").appendChild(o); });
    const sites = await api("/sites");
    sites.forEach((s) => { const o = el("option", `${s.name} (${s.key})`); o.value = s.key; $("site").appendChild(o); });
    let current = meta;
    const draw = async () => {
      const job = $("mapjob").value;
      current = await api("/map?job=" + encodeURIComponent(job));
      $("mapimg").src = `/api/map/${$("layer").value}.png?job=${encodeURIComponent(job)}`;
      const m = current.meta, svg = $("mapsites");
      $("provenance").textContent = `${m.period.start} to ${m.period.end} every ${m.period.step} (${m.period.epochs} epochs), ${m.observer_height_m} m above the ground, ${m.n_azimuths} azimuths; ${m.tag}`;
      svg.replaceChildren();
      svg.setAttribute("viewBox", "0 0 1000 1000");
      current.sites.forEach((s) => {
        const NS = "http://www.w3.org/2000/svg";
        const c = document.createElementNS(NS, "circle"); c.setAttribute("cx", 1000 * s.u); c.setAttribute("cy", 1000 * s.v); c.setAttribute("r", 6); c.setAttribute("class", "site");
        const t = document.createElementNS(NS, "text"); t.setAttribute("x", 1000 * s.u + 9); t.setAttribute("y", 1000 * s.v + 4); t.textContent = s.key;
        const title = document.createElementNS(NS, "title"); title.textContent = s.name; c.appendChild(title);
        c.addEventListener("click", (ev) => { ev.stopPropagation(); $("site").value = s.key; show(); });
        svg.appendChild(c); svg.appendChild(t);
      });
    };
    $("layer").onchange = draw; $("mapjob").onchange = draw;
    $("mapbox").addEventListener("click", async (ev) => {
      const box = $("mapimg").getBoundingClientRect();
      const u = (ev.clientX - box.left) / box.width, v = (ev.clientY - box.top) / box.height;
      if (u < 0 || u > 1 || v < 0 || v > 1) return;
      const p = await api(`/map/point?u=${u}&v=${v}&job=${encodeURIComponent($("mapjob").value)}`);
      $("site").value = ""; $("lat").value = p.lat_deg.toFixed(4); $("lon").value = p.lon_deg.toFixed(4);
      $("mapinfo").textContent = `${p.lat_deg.toFixed(4)}°, ${p.lon_deg.toFixed(4)}°E: ` +
        Object.entries(p.values).map(([k, x]) => `${k} ${x === null ? "—" : x.toFixed(1)}`).join(", ");
      show();
    });
    $("pointform").addEventListener("submit", (ev) => { ev.preventDefault(); show(); });
    api("/dems").then((names) => names.forEach((n) => { const o = el("option", n); o.value = n; o.selected = true; $("mapdems").appendChild(o); }),
      (e) => { $("maperror").textContent = e.message; });
    $("mapform").addEventListener("submit", async (ev) => {
      ev.preventDefault(); $("maperror").textContent = "";
      const dem = [...$("mapdems").selectedOptions].map((o) => o.value);
      const num = (id) => (Number.isNaN(Number($(id).value)) ? $(id).value : Number($(id).value));
      try {
        const job = await api("/jobs/map", {dem, period: {start: $("mapstart").value, end: $("mapend").value, step: $("mapstep").value},
          height_m: num("mapheight"), azimuths: num("mapaz")});
        $("mapprogress").hidden = false;
        await follow(job.id, (s) => { $("mapprogress").value = s.progress; $("mapprogresstext").textContent = `${Math.round(100 * s.progress)} % ${s.message}`; });
        const o = el("option", job.label); o.value = job.id; $("mapjob").appendChild(o); $("mapjob").value = job.id; await draw();
      } catch (e) { $("maperror").textContent = e.message; }
    });
    await draw();
  }

  function pointRequest() {
    const site = $("site").value, req = {height_m: Number($("height").value), period: {start: $("start").value, end: $("end").value, step: $("step").value}};
    if (site) req.site = site; else { req.lat = $("lat").value; req.lon = $("lon").value; }
    if (Number.isNaN(req.height_m)) req.height_m = $("height").value;
    return req;
  }

  async function show() {
    $("pointerror").textContent = "";
    const req = pointRequest();
    try {
      const p = await api("/panorama", req);
      const traces = [
        {x: p.horizon.azimuth_deg, y: p.horizon.elevation_deg, name: "terrain horizon", fill: "tozeroy", mode: "lines", line: {color: "#8a7f70"}},
        {x: p.paths.sun.azimuth_deg, y: p.paths.sun.elevation_deg, name: "Sun", mode: "markers", marker: {size: 3, color: "#f2b705"}},
        {x: p.paths.earth.azimuth_deg, y: p.paths.earth.elevation_deg, name: "Earth", mode: "markers", marker: {size: 3, color: "#1f77b4"}},
      ];
      const where = p.site ? p.site : `${p.lat_deg.toFixed(3)}°, ${p.lon_deg.toFixed(3)}°E`;
      Plotly.react("panorama", traces, {title: {text: `Horizon and sky paths at ${where}, ${p.height_m} m`}, margin: {t: 40, l: 50, r: 10, b: 40},
        xaxis: {title: {text: "azimuth from north [deg]"}, range: [0, 360]}, yaxis: {title: {text: "elevation [deg]"}}, height: 340});
      const s = p.statistics;
      $("stats").replaceChildren(...table([
        ["sunlight (any part)", fmt(s.sun_any_pct) + " %"], ["mean solar disk", fmt(s.sun_mean_disk_pct) + " %"],
        ["longest darkness", fmt(s.longest_dark_h) + " h"], ["Earth visible", fmt(s.earth_any_pct) + " %"],
        ["longest Earth loss", fmt(s.longest_earth_loss_h) + " h"], ["Sun and Earth", fmt(s.sun_and_earth_pct) + " %"],
        ["horizon", s.horizon_source]]).childNodes);
      const w = await api("/windows", {...req, stay_h: Number($("stay").value) || $("stay").value, min_earth_pct: Number($("minearth").value) || 0});
      const box = $("windows"); box.replaceChildren(el("p", `${w.accepted} of ${w.candidates} starts allow a ${w.stay_h} h stay; ${w.windows.length} window(s)`));
      if (w.windows.length) box.appendChild(table(w.windows.slice(0, 20).map((x) => [x.first_start, x.last_start, x.starts]), ["first start", "last start", "starts"]));
    } catch (e) { $("pointerror").textContent = e.message; }
  }

  // ---- scenario editor, generated from the JSON Schema
  let schema = null;
  const deref = (s) => s && s.$ref ? schema.$defs[s.$ref.split("/").pop()] : s;
  // An optional value (anyOf [X, null]) is edited as X.
  function unwrap(s) {
    s = deref(s);
    if (s && s.anyOf) { const types = s.anyOf.map(deref).filter((x) => x.type !== "null"); if (types.length === 1) return unwrap(types[0]); }
    return s;
  }
  function kindOf(s) {
    s = unwrap(s);
    if (s.anyOf) { const types = s.anyOf.map(deref).filter((x) => x.type !== "null"); return types.some((t) => t.type === "number") ? "mixed" : "string"; }
    if (s.enum) return "enum";
    if (s.type === "object" || s.properties) return "object";
    if (s.type === "array") { const items = deref(s.items || {}); return items.type === "object" || items.properties ? "json" : "list"; }
    return s.type || "string";
  }
  const nullable = (s) => !!(s && s.anyOf && s.anyOf.some((x) => deref(x).type === "null"));
  // optionalRoot: the path of the innermost optional table (e.g. debris_events.assembly_orbit) holding these fields,
  // which exists only when one of its fields is filled in.
  function buildFields(parent, s, path, optionalRoot = "") {
    s = deref(s);
    for (const [key, sub] of Object.entries(s.properties || {})) {
      const full = path ? `${path}.${key}` : key, kind = kindOf(sub), d = unwrap(sub);
      if (kind === "object") {
        const fs = el("fieldset"); fs.appendChild(el("legend", nullable(sub) ? `${key} (optional: leave empty for none)` : key));
        buildFields(fs, d, full, nullable(sub) ? full : optionalRoot); parent.appendChild(fs); continue;
      }
      const row = el("div", undefined, "field"), label = el("label", key); label.htmlFor = "f-" + full;
      let input;
      if (kind === "enum") {
        input = el("select");
        if (nullable(sub) || optionalRoot) { const o = el("option", "(none)"); o.value = ""; input.appendChild(o); }
        d.enum.forEach((v) => { const o = el("option", v); o.value = v; input.appendChild(o); });
      }
      else if (kind === "boolean") { input = el("input"); input.type = "checkbox"; }
      else if (kind === "json" || kind === "list" || key === "description") { input = el("textarea"); input.rows = kind === "json" ? 3 : 2; }
      else { input = el("input"); }
      input.id = "f-" + full; input.dataset.path = full; input.dataset.kind = kind;
      if (optionalRoot) input.dataset.optionalRoot = optionalRoot;
      const dflt = sub.default !== undefined ? sub.default : d.default;
      if (dflt !== undefined && dflt !== null) input.dataset.default = JSON.stringify(dflt);
      const help = sub.description || d.description || ""; if (help) input.title = help;
      const err = el("span", "", "fielderror"); err.id = "err-" + full;
      row.append(label, input, err); if (help) row.appendChild(el("span", help, "help"));
      parent.appendChild(row);
    }
  }
  function fill(data) {
    document.querySelectorAll("#scenario [data-path]").forEach((input) => {
      const at = (path) => path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), data);
      let v = at(input.dataset.path);
      const absent = input.dataset.optionalRoot && at(input.dataset.optionalRoot) == null;  // no defaults in a table not given
      if (v === undefined && input.dataset.default !== undefined && !absent) v = JSON.parse(input.dataset.default);
      if (input.dataset.kind === "boolean") input.checked = !!v;
      else if (v === undefined || v === null) input.value = "";
      else if (input.dataset.kind === "json") input.value = JSON.stringify(v);
      else if (input.dataset.kind === "list") input.value = v.join("\n");
      else input.value = String(v).trim();
    });
  }
  function collect() {
    const out = {}, filled = new Set();
    document.querySelectorAll("#scenario [data-optional-root]").forEach((input) => {
      if (input.dataset.kind !== "boolean" && input.value.trim() !== "") filled.add(input.dataset.optionalRoot);
    });
    document.querySelectorAll("#scenario [data-path]").forEach((input) => {
      const kind = input.dataset.kind, raw = input.value.trim();
      if (input.dataset.optionalRoot && !filled.has(input.dataset.optionalRoot)) return;  // an optional table left empty
      let v;
      if (kind === "boolean") v = input.checked;
      else if (raw === "") return;
      else if (kind === "number" || kind === "integer" || kind === "mixed") v = raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
      else if (kind === "list") v = raw.split("\n").map((x) => x.trim()).filter((x) => x);
      else if (kind === "json") { try { v = JSON.parse(raw); } catch (e) { v = raw; } }
      else v = raw;
      const parts = input.dataset.path.split("."); let o = out;
      parts.slice(0, -1).forEach((p) => { o = o[p] = o[p] || {}; }); o[parts[parts.length - 1]] = v;
    });
    return out;
  }
  function showErrors(errors) {
    document.querySelectorAll("#scenario .fielderror").forEach((e) => { e.textContent = ""; });
    document.querySelectorAll("#scenario .invalid").forEach((e) => e.classList.remove("invalid"));
    const general = [];
    errors.forEach((e) => {
      let path = e.loc, target = $("err-" + path);
      while (!target && path.includes(".")) { path = path.slice(0, path.lastIndexOf(".")); target = $("err-" + path); }
      if (target) { target.textContent = e.message; const input = $("f-" + path); if (input) input.classList.add("invalid"); }
      else general.push(e.message);
    });
    $("formerror").textContent = general.join("; ");
  }
  async function validate() { const r = await api("/scenarios/validate", collect()); showErrors(r.errors); return r.valid; }

  async function editorPage() {
    schema = await api("/scenarios/schema");
    buildFields($("scenario"), schema, "");
    const names = await api("/scenarios");
    names.forEach((n) => { const o = el("option", n); o.value = n; $("template").appendChild(o); });
    if (names.includes("ilrs")) $("template").value = "ilrs";
    const load = async () => { fill(await api("/scenarios/" + encodeURIComponent($("template").value))); await validate(); };
    $("template").onchange = load;
    $("scenario").addEventListener("change", validate);
    $("run").onclick = async () => {
      if (!(await validate())) { $("formerror").textContent = "Fix the values marked beside their fields first."; return; }
      $("progress").hidden = false;
      try {
        const job = await api("/jobs/plan", {scenario: collect()});
        await follow(job.id, (s) => { $("progress").value = s.progress; $("progresstext").textContent = `${Math.round(100 * s.progress)} % ${s.message}`; });
        window.location.href = `/api/jobs/${job.id}/files/report.html`;
      } catch (e) { $("formerror").textContent = e.message; }
    };
    await load();
  }

  // ---- comparison
  async function comparePage() {
    const plans = (await api("/jobs?kind=plan")).filter((j) => j.status === "done");
    for (const id of ["plana", "planb"]) plans.forEach((j) => { const o = el("option", `${j.label} (${j.created})`); o.value = j.id; $(id).appendChild(o); });
    const pick = (name) => plans.find((j) => j.summary && j.summary.scenario === name);
    if (pick("ilrs")) $("plana").value = pick("ilrs").id;
    if (pick("artemis")) $("planb").value = pick("artemis").id; else if (plans.length > 1) $("planb").value = plans[1].id;
    const run = async () => {
      $("compareerror").textContent = "";
      if (!$("plana").value || !$("planb").value) { $("compareerror").textContent = "Run two plans first (scenario editor: ilrs and artemis)."; return; }
      try {
        const c = await api(`/compare?a=${$("plana").value}&b=${$("planb").value}`);
        const head = ["", ...c.plans.map((p) => `${p.title} (${p.scenario})`)];
        const rows = [["site", ...c.plans.map((p) => p.site)], ["period", ...c.plans.map((p) => `${p.period.start} to ${p.period.end}`)],
          ...c.rows.map((r) => [`${r.section}: ${r.key}`, ...r.values.map(fmt)])];
        const t = table(rows, head); t.id = "comparetable";
        const parts = [t];
        if (c.assumptions) {  // the scenario keys that differ, as `moonbase compare` lists them
          const a = table(c.assumptions.map((r) => [r.key, ...r.values.map((v) => (v === null ? "— (not set)" : Array.isArray(v) ? v.join(", ") || "none" : typeof v === "object" ? JSON.stringify(v) : fmt(v)))]),
            ["assumptions that differ", ...c.plans.map((p) => p.scenario)]);
          a.id = "assumptiontable"; parts.push(a);
        }
        if (c.shared_ground && c.shared_ground.sites.length) {
          const g = table(c.shared_ground.sites.map((s) => [s.site_a, s.site_b, fmt(s.distance_km), s.same_point ? "same point" : ""]),
            [`shared ground (within ${c.shared_ground.within_km} km)`, "", "km", ""]);
          g.id = "sharedtable"; parts.push(g);
        }
        $("comparison").replaceChildren(...parts);
      } catch (e) { $("compareerror").textContent = e.message; }
    };
    $("compare").onclick = run;
    await run();
  }

  // ---- traffic
  async function trafficPage() {
    $("colaform").addEventListener("submit", async (ev) => {
      ev.preventDefault(); $("colaerror").textContent = "";
      const num = (id) => (Number.isNaN(Number($(id).value)) ? $(id).value : Number($(id).value));
      try {
        const job = await api("/jobs/cola", {site: $("colasite").value, altitude_km: num("colaalt"), inclination_deg: num("colainc"),
          window_start: $("colastart").value, window_minutes: num("colamin")});
        const done = await follow(job.id, (s) => { $("colaprogress").textContent = `${Math.round(100 * s.progress)} % ${s.message}`; });
        const r = await api(`/jobs/${job.id}`), s = r.summary;
        const intervals = await fetch(`/api/jobs/${job.id}/files/intervals.csv`).then((x) => x.text());
        const lines = intervals.trim().split("\n"), cols = lines[0].split(",");
        const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
        Plotly.react("timeline", rows.map((i) => ({type: "bar", orientation: "h", y: ["window"], x: [Number(i.duration_s)], base: [(Date.parse(i.start_utc) - Date.parse(rows[0].start_utc)) / 1000],
          marker: {color: i.state === "closed" ? "#c0392b" : "#27ae60"}, name: i.state, showlegend: false, hovertext: `${i.state} ${i.start_utc} for ${i.duration_s} s`})),
          {barmode: "overlay", height: 200, title: {text: `closed ${s.closed_seconds} of ${s.launch_seconds} s in ${s.closed_intervals} interval(s)`},
           xaxis: {title: {text: "seconds after window start (red closed, green open)"}}, margin: {t: 40, l: 60, r: 10, b: 40}});
        $("conjunctions").replaceChildren(table(s.closest_approaches.map((c) => [c.norad, c.name, fmt(c.closest_km), fmt(c.threshold_km), c.launch_utc, c.approach_utc]),
          ["NORAD", "name", "closest [km]", "threshold [km]", "liftoff", "approach"]));
      } catch (e) { $("colaerror").textContent = e.message; }
    });
  }

  return {mapPage, editorPage, comparePage, trafficPage, api, collectForTests: () => collect()};
})();
