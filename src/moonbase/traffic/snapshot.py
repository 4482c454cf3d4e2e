"""The small catalogue shipped with Moonbase, so that ``moonbase plan`` runs offline.

``moonbase catalog snapshot FILES... --out DIR`` writes three files:

* ``traffic_elements.csv``: full element sets (name, line 1, line 2) of the crewed objects and of every
  object with perigee below a limit (450 km by default: what a 150-250 km parking orbit can meet
  within the launch-COLA thresholds);
* ``traffic_orbits.csv``: one row per catalogued object (NORAD number, designator, source group,
  epoch, perigee, apogee, inclination) for the debris-environment statistics;
* ``traffic_catalog.json``: provenance (source files with SHA-256, counts, date, command).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from sgp4.exporter import export_tle

from ..errors import MoonbaseError
from ..output import dumps_json, write_text_atomic
from .catalog import Catalog, load_catalog
from .tle import read_two_line_text

ELEMENTS_FILE = "traffic_elements.csv"
ORBITS_FILE = "traffic_orbits.csv"
PROVENANCE_FILE = "traffic_catalog.json"
#: Objects kept in the packaged snapshot: perigee below this [km], plus every crewed object. 450 km spans the
#: crewed stations (ISS ~415 km, Tiangong ~390 km) and the parking orbits the COLA examples use [D].
DEFAULT_PERIGEE_LIMIT_KM = 450.0


def _group_of(source: str) -> str:
    """The source file's stem without the date suffix, e.g. celestrak_fengyun-1c-debris."""
    stem = Path(source.rsplit(":", 1)[0]).stem
    parts = stem.rsplit("_", 1)
    return parts[0] if len(parts) == 2 and parts[1][:2].isdigit() else stem


def write_snapshot(files, out_dir, perigee_below_km: float = DEFAULT_PERIGEE_LIMIT_KM, skip_bad: bool = False) -> list[Path]:
    """Write the three snapshot files into ``out_dir``; returns their paths."""
    files = [Path(f) for f in files]
    catalog = load_catalog(files, skip_bad=skip_bad)
    keep = (catalog.perigee_km < perigee_below_km) | catalog.crewed_mask()
    elements = io.StringIO()
    writer = csv.writer(elements, lineterminator="\n")
    writer.writerow(["name", "line1", "line2"])
    for index in np.flatnonzero(keep):
        obj = catalog.objects[index]
        line1, line2 = (obj.line1, obj.line2) if obj.line1 else export_tle(obj.satrec)
        writer.writerow([obj.name, line1, line2])
    orbits = io.StringIO()
    writer = csv.writer(orbits, lineterminator="\n")
    writer.writerow(["norad", "intl_designator", "group", "epoch", "perigee_km", "apogee_km", "inclination_deg"])
    for index, obj in enumerate(catalog.objects):
        writer.writerow([obj.norad, obj.intl_designator, _group_of(obj.source), np.datetime_as_string(obj.epoch, unit="m"),
                         f"{catalog.perigee_km[index]:.1f}", f"{catalog.apogee_km[index]:.1f}", f"{catalog.inclination_deg[index]:.2f}"])
    provenance = {
        "what": "derived catalogue tables for the offline plan section (traffic)",
        "created_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "moonbase catalog snapshot " + " ".join(f.name for f in files)
                   + f" --out DIR --perigee-below-km {perigee_below_km:g}",
        "sources": [
            {"file": f.name, "sha256": hashlib.sha256(f.read_bytes()).hexdigest(), "bytes": f.stat().st_size} for f in files
        ],
        "attribution": "CelesTrak (celestrak.org) group files, as mirrored in public repositories",
        "objects": len(catalog),
        "duplicates_dropped": catalog.duplicates_dropped,
        "element_sets_kept": int(keep.sum()),
        "element_selection": f"crewed objects and perigee below {perigee_below_km:g} km",
        "epoch_oldest": catalog.epoch.min(), "epoch_newest": catalog.epoch.max(),
        "epoch_newest_elements": catalog.epoch[keep].max(),
    }
    out_dir = Path(out_dir)
    return [
        write_text_atomic(out_dir / ELEMENTS_FILE, elements.getvalue()),
        write_text_atomic(out_dir / ORBITS_FILE, orbits.getvalue()),
        write_text_atomic(out_dir / PROVENANCE_FILE, dumps_json(provenance) + "\n"),
    ]


def _packaged(name: str) -> str:
    path = resources.files("moonbase").joinpath("data", name)
    if not path.is_file():
        raise MoonbaseError(f"the packaged traffic catalogue {name} is missing; rebuild it with `moonbase catalog snapshot`")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def packaged_provenance() -> dict:
    return json.loads(_packaged(PROVENANCE_FILE))


@lru_cache(maxsize=1)
def packaged_catalog() -> Catalog:
    """The shipped element sets as a :class:`Catalog` (checked like any other file)."""
    from .catalog import _from_two_line

    rows = list(csv.DictReader(io.StringIO(_packaged(ELEMENTS_FILE))))
    text = "\n".join(f"{r['name']}\n{r['line1']}\n{r['line2']}" for r in rows)
    records, _ = read_two_line_text(text, f"moonbase/data/{ELEMENTS_FILE}")
    return Catalog([_from_two_line(r) for r in records], files=[f"moonbase/data/{ELEMENTS_FILE}"])


@lru_cache(maxsize=1)
def packaged_orbits() -> dict[str, np.ndarray]:
    """The per-object orbit table as arrays (norad, intl_designator, group, epoch, perigee_km, apogee_km, inclination_deg)."""
    rows = list(csv.DictReader(io.StringIO(_packaged(ORBITS_FILE))))
    return {
        "norad": np.array([int(r["norad"]) for r in rows]),
        "intl_designator": np.array([r["intl_designator"] for r in rows]),
        "group": np.array([r["group"] for r in rows]),
        "epoch": np.array([r["epoch"] for r in rows], dtype="datetime64[m]"),
        "perigee_km": np.array([float(r["perigee_km"]) for r in rows]),
        "apogee_km": np.array([float(r["apogee_km"]) for r in rows]),
        "inclination_deg": np.array([float(r["inclination_deg"]) for r in rows]),
    }
