"""The notebook API (moonbase.api): typed results equal to the models', errors in Python vocabulary."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

import moonbase
from moonbase import api
from moonbase.cli.options import cli_message

SRC = Path(moonbase.__file__).resolve().parent
#: The model layer (docs/architecture.md): nothing here may speak in CLI flags.
MODEL_PARTS = ("comms", "environment", "kernels", "orbits", "power", "terrain", "traffic", "constants.py", "coords.py",
               "ephemeris.py", "geometry.py", "sites.py", "timegrid.py", "errors.py", "results.py")
#: A recorded provenance: the command that built the packaged catalogue snapshot, not a message.
PROVENANCE_COMMANDS = {("traffic/snapshot.py", " --out DIR --perigee-below-km ")}


def _strings_outside_docstrings(path: Path):
    tree = ast.parse(path.read_text())
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def test_no_model_message_mentions_a_cli_flag():
    flag = re.compile(r"(?<![\w-])--[a-z]")
    offenders = []
    for part in MODEL_PARTS:
        for path in sorted((SRC / part).rglob("*.py")) if (SRC / part).is_dir() else [SRC / part]:
            relative = path.relative_to(SRC).as_posix()
            for text in _strings_outside_docstrings(path):
                if flag.search(text) and (relative, text) not in PROVENANCE_COMMANDS:
                    offenders.append(f"{relative}: {text!r}")
    assert not offenders, "model messages must name Python parameters; the CLI maps them:\n" + "\n".join(offenders)


def test_cli_maps_python_parameters_to_flags_once():
    assert cli_message("dem_paths = '/x.tif' is invalid; expected a GeoTIFF") == "--dem '/x.tif' is invalid; expected a GeoTIFF"
    assert cli_message("no DEM given: pass dem_paths=[PATH, ...] or fetch one") == \
        "no DEM given: pass --dem PATH (repeatable) or fetch one"
    assert cli_message("duration_h = 0.0 is invalid") == "--stay 0.0 is invalid"
    assert cli_message("a coarser step=, a shorter period") == "a coarser --step, a shorter period"
    # Ordinary words are left alone: only "name=" or InputError's "name = value" are parameters.
    assert cli_message("the site is outside the DEM; step size") == "the site is outside the DEM; step size"


def test_cli_names_the_flag_of_a_malformed_catalogue(run_cli, tmp_path):
    bad = tmp_path / "bad.tle"
    bad.write_text("ISS\n1 25544U 98067A   not a valid line\n2 25544  51.6\n")
    code, _, err = run_cli("catalog", "info", bad)
    assert code == 2 and "(use --skip-bad to skip bad records)" in err and "skip_bad" not in err


def test_cli_prints_the_flag_for_a_model_error(run_cli, tmp_path):
    code, _, err = run_cli("horizon", "--lat", "-89.45", "--lon", "222.69", "--height", "2", "--dem", tmp_path / "no.tif")
    assert code == 2 and err.count("\n") == 1
    assert "--dem" in err and "dem_paths" not in err and str(tmp_path / "no.tif") in err


def test_one_horizon_type():
    assert api.HorizonMask is api.Horizon
    horizon = api.site("connecting-ridge", height_m=2).horizon()
    assert horizon.to_mask() is horizon and horizon.azimuth_deg.size == 720
    with pytest.raises(api.InputError, match="uniform grid"):
        api.Horizon(np.array([0.0, 10, 20, 30, 40, 50, 60, 70]), np.zeros(8))


def test_site_errors_name_python_parameters():
    with pytest.raises(api.InputError, match="lat_deg= and lon_deg="):
        api.site(lat_deg=-89.0)
    with pytest.raises(api.InputError, match="not both"):
        api.site("malapert", lat_deg=-89.0, lon_deg=0.0)
    with pytest.raises(api.MoonbaseError, match=r"dem_paths = '.*missing\.tif'"):
        api.site(lat_deg=-89.45, lon_deg=222.69, dem_paths=["missing.tif"]).horizon()


def test_results_are_frozen_and_equal_the_models():
    from moonbase.environment.site import assess
    from moonbase.ephemeris import LunarEphemeris
    from moonbase.terrain.builtin import builtin_horizon

    ridge = api.site("connecting-ridge", height_m=10)
    found = ridge.visibility("2030-01-01", "2030-03-01", "2h")
    point = api.get_site("connecting-ridge").point(10.0)
    stats = assess(LunarEphemeris.default().moon_sky(api.utc_grid("2030-01-01", "2030-03-01", "2h")), point,
                   builtin_horizon(point)).statistics
    assert found.sunlight.sun_any_pct == stats["sun_any_pct"] and found.earth.earth_any_pct == stats["earth_any_pct"]
    assert found.sunlight.longest_dark_h == stats["longest_dark_h"]
    assert found.sunlight.longest_dark is None or found.sunlight.longest_dark.start == stats["longest_dark"]["start"]
    assert found.sun_fraction.shape == found.utc.shape == (stats["epochs"],)
    assert ridge.sunlight("2030-01-01", "2030-03-01", "2h") is found.sunlight  # memoised per period
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.sunlight.sun_any_pct = 100.0  # type: ignore[misc]


def test_lat_lon_site_matches_the_named_one():
    named = api.site("connecting-ridge", height_m=2).sunlight("2030-01-01", "2030-01-15", "3h")
    ridge = api.get_site("connecting-ridge")
    by_coordinates = api.site(lat_deg=ridge.lat_deg, lon_deg=ridge.lon_deg, height_m=2).sunlight("2030-01-01", "2030-01-15", "3h")
    assert by_coordinates.sun_any_pct == named.sun_any_pct  # the built-in table matches a named site by coordinates
