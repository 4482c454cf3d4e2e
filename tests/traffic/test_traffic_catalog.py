"""Catalogue ingest: TLE/3LE/OMM reading, errors with file/line/column, --skip-bad, de-dup, groups."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from sgp4 import exporter
from sgp4.api import Satrec

from moonbase.errors import MoonbaseError
from moonbase.traffic.catalog import catalog_summary, classify_regime, load_catalog
from moonbase.traffic.tle import ElementFormatError, tle_checksum

# The ISS element set printed in python-sgp4's README (epoch 2019-12-09).
ISS_1 = "1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991"
ISS_2 = "2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482"


def _with_checksum(line: str) -> str:
    return line[:68] + str(tle_checksum(line))


def _newer_iss() -> tuple[str, str]:
    """The same object one day later (epoch field changed, checksum recomputed)."""
    return _with_checksum(ISS_1.replace("19343.69339541", "19344.69339541")), ISS_2


def test_checksums_of_published_lines():
    assert tle_checksum(ISS_1) == int(ISS_1[68])
    assert tle_checksum(ISS_2) == int(ISS_2[68])


def test_three_line_crlf_and_two_line_files_read_alike(tmp_path):
    three = tmp_path / "stations.txt"
    three.write_bytes(f"ISS (ZARYA)             \r\n{ISS_1}\r\n{ISS_2}\r\n".encode())
    two = tmp_path / "plain.tle"
    two.write_text(f"{ISS_1}\n{ISS_2}\n")
    space_track = tmp_path / "spacetrack.3le"
    space_track.write_text(f"0 ISS (ZARYA)\n{ISS_1}\n{ISS_2}\n")
    a, b, c = (load_catalog([p]) for p in (three, two, space_track))
    assert a.objects[0].name == "ISS (ZARYA)" == c.objects[0].name
    assert b.objects[0].name == "25544"
    assert a.objects[0].intl_designator == "1998-067A"
    assert a.objects[0].epoch == np.datetime64("2019-12-09T16:38:29.363", "ms")
    assert a.regime[0] == "LEO"
    assert 400 < a.perigee_km[0] < a.apogee_km[0] < 440


@pytest.mark.parametrize(
    "line1, column, words",
    [
        (ISS_1[:68] + "0", 69, "checksum"),
        (_with_checksum(ISS_1[:20] + "1x" + ISS_1[22:]), 21, "epoch day"),
        (_with_checksum(ISS_1[:53] + " 3879a-4" + ISS_1[61:]), 54, "B* drag"),
        (ISS_1[:60], 61, "69 characters"),
    ],
)
def test_malformed_record_names_file_line_and_column(tmp_path, line1, column, words):
    path = tmp_path / "bad.txt"
    path.write_text(f"GOOD\n{ISS_1}\n{ISS_2}\nBAD\n{line1}\n{ISS_2}\n")
    with pytest.raises(ElementFormatError) as info:
        load_catalog([path])
    error = info.value
    assert (error.path, error.line, error.column) == (str(path), 5, column)
    assert words in str(error) and str(path) in str(error)
    skipped = load_catalog([path], skip_bad=True)
    assert len(skipped) == 1 and len(skipped.skipped) == 1


def test_line2_catalogue_number_must_match(tmp_path):
    line2 = _with_checksum(ISS_2.replace("25544", "25545", 1))
    path = tmp_path / "mismatch.txt"
    path.write_text(f"{ISS_1}\n{line2}\n")
    with pytest.raises(ElementFormatError, match="line 2, column 3: catalogue number"):
        load_catalog([path])


def test_duplicates_keep_the_newest_epoch(tmp_path):
    newer_1, newer_2 = _newer_iss()
    old = tmp_path / "old.txt"
    old.write_text(f"ISS OLD\n{ISS_1}\n{ISS_2}\n")
    new = tmp_path / "new.txt"
    new.write_text(f"ISS NEW\n{newer_1}\n{newer_2}\n")
    for order in ([old, new], [new, old]):
        catalog = load_catalog(order)
        assert len(catalog) == 1 and catalog.duplicates_dropped == 1
        assert catalog.objects[0].name == "ISS NEW"


def _omm_fields() -> dict:
    return exporter.export_omm(Satrec.twoline2rv(ISS_1, ISS_2), "ISS (ZARYA)")


def _write_omm(tmp_path, kind: str, fields: dict):
    if kind == "json":
        path = tmp_path / "gp.json"
        path.write_text(json.dumps([fields], indent=1))
    elif kind == "csv":
        path = tmp_path / "gp.csv"
        with path.open("w", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(fields))
            writer.writeheader()
            writer.writerow(fields)
    else:
        path = tmp_path / "gp.xml"
        meta = "".join(f"<{k}>{fields[k]}</{k}>" for k in ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "MEAN_ELEMENT_THEORY") if k in fields)
        mean = "".join(f"\n<{k}>{fields[k]}</{k}>" for k in ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY") if k in fields)
        tle = "".join(f"\n<{k}>{fields[k]}</{k}>" for k in ("EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT") if k in fields)
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<ndm>\n<omm id="CCSDS_OMM_VERS" version="2.0">\n<header/>\n<body><segment>'
            f"<metadata>{meta}</metadata><data><meanElements>{mean}</meanElements>"
            f"<tleParameters>{tle}</tleParameters></data></segment></body>\n</omm>\n</ndm>\n"
        )
    return path


@pytest.mark.parametrize("kind", ["json", "csv", "xml"])
def test_omm_formats_give_the_same_orbit_as_the_tle(tmp_path, kind):
    tle_path = tmp_path / "iss.txt"
    tle_path.write_text(f"ISS (ZARYA)\n{ISS_1}\n{ISS_2}\n")
    reference = load_catalog([tle_path]).objects[0].satrec
    obj = load_catalog([_write_omm(tmp_path, kind, _omm_fields())]).objects[0]
    assert obj.norad == 25544 and obj.intl_designator == "1998-067A" and obj.name == "ISS (ZARYA)"
    # Same elements (the OMM epoch keeps microseconds): positions a day later agree to within 1 m.
    _, r_tle, _ = reference.sgp4(reference.jdsatepoch + 1.0, reference.jdsatepochF)
    _, r_omm, _ = obj.satrec.sgp4(reference.jdsatepoch + 1.0, reference.jdsatepochF)
    assert np.linalg.norm(np.subtract(r_tle, r_omm)) < 1e-3


@pytest.mark.parametrize("kind", ["json", "csv", "xml"])
def test_omm_bad_value_is_located(tmp_path, kind):
    fields = _omm_fields()
    fields["ECCENTRICITY"] = "0.0oo7"
    bad = _write_omm(tmp_path, kind, fields)
    with pytest.raises(ElementFormatError, match="ECCENTRICITY") as info:
        load_catalog([bad])
    line = bad.read_text().splitlines()[info.value.line - 1]
    assert line[info.value.column - 1:].lstrip('"').startswith("0.0oo7")
    good_folder = tmp_path / "good"
    good_folder.mkdir()
    good = _write_omm(good_folder, kind, _omm_fields())
    catalog = load_catalog([bad, good], skip_bad=True)
    assert len(catalog) == 1 and len(catalog.skipped) == 1


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(MoonbaseError, match="no such file"):
        load_catalog([tmp_path / "nothing.txt"])


def test_regimes_follow_the_class_boundaries():
    regimes = classify_regime([400, 20_000, 35_780, 250, 500, 300], [420, 20_200, 35_790, 35_800, 100_000, 5_000], [51.6, 55, 0.1, 27, 63, 40])
    assert regimes.tolist() == ["LEO", "MEO", "GEO", "GTO", "HEO", "LMO"]


def test_shared_catalogue_groups_and_ages(shared_data):
    tle = shared_data / "tle"
    catalog = load_catalog(sorted(tle.glob("*.txt")))
    # 2,672 objects appear in both the 2021 and the 2025 debris files; the 2025 copies win.
    assert catalog.duplicates_dropped > 2000
    kosmos = catalog.select(designator="1982-092")
    assert len(kosmos) == 10 and all(o.epoch >= np.datetime64("2025-02-14") for o in kosmos.objects)
    fengyun = catalog.select(designator="1999-025")
    newest = fengyun.epoch.max()
    assert newest >= np.datetime64("2025-02-14")
    stations = catalog.select(name="CSS (*")
    assert {"CSS (TIANHE)", "CSS (WENTIAN)", "CSS (MENGTIAN)"} <= set(stations.names)
    summary = catalog_summary(catalog, np.datetime64("2026-05-30T12:00"))
    assert summary["objects"] == len(catalog)
    assert summary["regimes"]["GEO"] > 400
    assert summary["age_days"]["over_14_days"] >= 1918  # every 2021/2025 debris object is stale in 2026
