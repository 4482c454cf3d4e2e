"""`catalog info` flags impossible orbits; a PDS3 label is checked against its image and its own fields."""

from __future__ import annotations

import json

import numpy as np
import pytest

from moonbase.errors import MoonbaseError

from .corpus import GOOD_TLE, SIZE, pds3_label, tle_checksum


def test_catalog_info_flags_a_perigee_below_the_earths_surface(tmp_path, run_cli):
    name, line1, line2 = GOOD_TLE.splitlines()
    # 17.5 rev/day: a = (mu / n^2)^(1/3) = 6,266 km, below the 6,378 km equatorial radius even at e = 0.
    sunk = tle_checksum(line2[:52] + "17.50000000" + line2[63:])
    other = tle_checksum(line1.replace("25544U", "99999U"))
    (tmp_path / "c.tle").write_text(f"{GOOD_TLE}SUNK\n{other}\n{tle_checksum(sunk.replace('25544', '99999'))}\n")
    code, out, err = run_cli("catalog", "info", tmp_path / "c.tle", "--json")
    assert code == 0, err
    flagged = json.loads(out)["impossible_orbits"]
    assert flagged["count"] == 1 and flagged["objects"][0]["norad"] == 99999
    assert flagged["objects"][0]["perigee_km"] < -100
    code, out, _ = run_cli("catalog", "info", tmp_path / "c.tle")
    assert "perigee below the Earth's surface" in out and "99999 SUNK" in out


def test_catalog_info_on_the_packaged_snapshot_flags_nothing(run_cli):
    code, out, _ = run_cli("catalog", "info", "--packaged", "--json")
    assert code == 0 and json.loads(out)["impossible_orbits"]["count"] == 0


def _product(folder, name, image_lines, **label):
    (folder / f"{name}.LBL").write_text(pds3_label(name, label.pop("lines", SIZE), label.pop("samples", SIZE), **label))
    np.zeros((image_lines, SIZE), "<i2").tofile(folder / f"{name}.IMG")
    return folder / f"{name}.LBL"


def test_a_label_describing_fewer_lines_than_its_image_holds_is_refused(tmp_path):
    """Read as given, such a product would put every row in the wrong place (heights off by kilometres)."""
    from moonbase.terrain.dem import read_dem

    label = _product(tmp_path, "MISMATCH", SIZE, lines=SIZE // 2)
    with pytest.raises(MoonbaseError, match=r"MISMATCH.IMG: 8192 bytes, but the label MISMATCH.LBL describes 4096 .*does not match"):
        read_dem(label)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("lines", 0, "LINES = '0'; expected a positive whole number"),
    ("samples", "64.5", "LINE_SAMPLES = '64.5'; expected a positive whole number"),
    ("MAP_SCALE", "0 <KM/PIXEL>", "MAP_SCALE"),
    ("SCALING_FACTOR", "0", "SCALING_FACTOR"),
    ("A_AXIS_RADIUS", "-1737.4 <KM>", "A_AXIS_RADIUS"),
])
def test_impossible_label_fields_are_refused(field, value, message, tmp_path):
    from moonbase.terrain.dem import read_dem

    with pytest.raises(MoonbaseError, match=message):
        read_dem(_product(tmp_path, "BAD", SIZE, **{field: value}))


def test_a_consistent_label_still_reads(tmp_path):
    from moonbase.terrain.dem import read_dem

    dem = read_dem(_product(tmp_path, "GOOD", SIZE))
    assert dem.shape == (SIZE, SIZE) and np.allclose(dem.heights_m, 0.0)
