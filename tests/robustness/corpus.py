"""Generated bad inputs: DEMs (GeoTIFF and PDS3) that are truncated, mislabelled or inconsistent, malformed
TLE and OMM catalogues, broken scenarios, and the user's own files that no command may touch."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from moonbase.terrain.dem import Dem
from moonbase.terrain.projection import south_polar_stereographic

#: A small south-polar DEM around connecting-ridge's neighbourhood: 64 x 64 pixels of 240 m near (0, -30 km).
PIXEL_M = 240.0
SIZE = 64


def tle_checksum(line: str) -> str:
    """Line with its column-69 checksum: digits summed, '-' counts 1, modulo 10."""
    total = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68])
    return line[:68] + str(total % 10)


GOOD_TLE = ("ISS (ZARYA)\n"
            + tle_checksum("1 25544U 98067A   26150.50000000  .00016717  00000-0  10270-3 0  900") + "\n"
            + tle_checksum("2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.7212539156353") + "\n")


def _dem() -> Dem:
    projection = south_polar_stereographic()
    x0, y0 = -SIZE * PIXEL_M / 2, -30_000.0 + SIZE * PIXEL_M / 2
    cols, rows = np.meshgrid(np.arange(SIZE), np.arange(SIZE))
    heights = (300.0 * np.sin(cols / 9.0) + 2.0 * rows).astype(np.float32)
    return Dem(heights, projection, (x0, y0, PIXEL_M, -PIXEL_M), name="corpus")


def write_geotiff(path: Path, dem: Dem, crs: bool = True) -> Path:
    import rasterio
    from affine import Affine

    x0, y0, dx, dy = dem.geotransform
    with rasterio.open(path, "w", driver="GTiff", width=dem.shape[1], height=dem.shape[0], count=1, dtype="float32",
                       crs=dem.projection.proj4() if crs else None, transform=Affine(dx, 0.0, x0, 0.0, dy, y0)) as out:
        out.write(dem.heights_m.astype(np.float32), 1)
    return path


def pds3_label(name: str, lines: int | str, samples: int | str, **fields) -> str:
    """A LOLA-style detached label; ``fields`` override IMAGE / map keys (``SAMPLE_TYPE``, ``MAP_SCALE``, ...)."""
    values = {"SAMPLE_TYPE": "LSB_INTEGER", "SAMPLE_BITS": "16", "SCALING_FACTOR": "0.5", "OFFSET": "1737400. <METER>",
              "MAP_SCALE": f"{PIXEL_M / 1000.0} <KM/PIXEL>", "A_AXIS_RADIUS": "1737.4 <KM>"}
    values.update({k: str(v) for k, v in fields.items()})
    return f"""PDS_VERSION_ID = PDS3
RECORD_TYPE = FIXED_LENGTH
RECORD_BYTES = {SIZE * 2}
^IMAGE = "{name}.IMG"
OBJECT = IMAGE
    LINES = {lines}
    LINE_SAMPLES = {samples}
    SAMPLE_TYPE = {values['SAMPLE_TYPE']}
    SAMPLE_BITS = {values['SAMPLE_BITS']}
    SCALING_FACTOR = {values['SCALING_FACTOR']}
    OFFSET = {values['OFFSET']}
END_OBJECT = IMAGE
OBJECT = IMAGE_MAP_PROJECTION
    MAP_PROJECTION_TYPE = "POLAR STEREOGRAPHIC"
    A_AXIS_RADIUS = {values['A_AXIS_RADIUS']}
    CENTER_LATITUDE = -90.0 <DEG>
    CENTER_LONGITUDE = 0.0 <DEG>
    MAP_SCALE = {values['MAP_SCALE']}
    LINE_PROJECTION_OFFSET = {SIZE / 2 - 0.5 - 125.0} <PIXEL>
    SAMPLE_PROJECTION_OFFSET = {SIZE / 2 - 0.5} <PIXEL>
END_OBJECT = IMAGE_MAP_PROJECTION
END
"""


def _pds3(folder: Path, name: str, lines=SIZE, samples=SIZE, image_lines=SIZE, image=True, **fields) -> Path:
    (folder / f"{name}.LBL").write_text(pds3_label(name, lines, samples, **fields), encoding="ascii")
    if image:
        np.zeros((image_lines, SIZE), "<i2").tofile(folder / f"{name}.IMG")
    return folder / f"{name}.LBL"


def build_dems(folder: Path) -> dict[str, Path]:
    """Every bad DEM by name (the good one too, under ``good``)."""
    folder.mkdir(parents=True, exist_ok=True)
    dem = _dem()
    good = write_geotiff(folder / "good.tif", dem)
    data = good.read_bytes()
    out = {"good": good}
    out["missing"] = folder / "missing.tif"
    (out.setdefault("empty", folder / "empty.tif")).write_bytes(b"")
    (out.setdefault("junk", folder / "junk.tif")).write_bytes(np.random.default_rng(7).bytes(5000))
    (out.setdefault("truncated", folder / "truncated.tif")).write_bytes(data[: len(data) // 3])
    out["no_crs"] = write_geotiff(folder / "no_crs.tif", dem, crs=False)
    (out.setdefault("text_img", folder / "TEXT.IMG")).write_text("this is not an image\n")
    (out.setdefault("wrong_suffix", folder / "dem.txt")).write_bytes(data)
    (out.setdefault("folder", folder / "folder.tif")).mkdir(exist_ok=True)
    out["pds3_truncated"] = _pds3(folder, "TRUNC", image_lines=SIZE // 2)
    out["pds3_lines_too_few"] = _pds3(folder, "FEWLINES", lines=SIZE // 2)  # label says 32 lines, IMG holds 64
    out["pds3_lines_zero"] = _pds3(folder, "ZEROLINES", lines=0)
    out["pds3_lines_fraction"] = _pds3(folder, "HALFLINE", lines="12.5")
    out["pds3_samples_negative"] = _pds3(folder, "NEGSAMPLES", samples=-64)
    out["pds3_scale_zero"] = _pds3(folder, "ZEROSCALE", MAP_SCALE="0.0 <KM/PIXEL>")
    out["pds3_scaling_zero"] = _pds3(folder, "ZEROSCALING", SCALING_FACTOR="0.0")
    out["pds3_sample_type"] = _pds3(folder, "BADTYPE", SAMPLE_TYPE="COMPLEX_FLOAT")
    out["pds3_no_image"] = _pds3(folder, "NOIMG", image=False)
    out["pds3_radius_zero"] = _pds3(folder, "ZERORADIUS", A_AXIS_RADIUS="0.0 <KM>")
    return out


def build_catalogues(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    lines = GOOD_TLE.splitlines()
    files = {
        "empty": b"",
        "junk": np.random.default_rng(3).bytes(2000),
        "bad_checksum": "\n".join([lines[0], lines[1][:-1] + "0", lines[2]]).encode() + b"\n",
        "missing_line2": "\n".join(lines[:2]).encode() + b"\n",
        "shifted_columns": "\n".join([lines[0], " " + lines[1][:-1], lines[2]]).encode() + b"\n",
        "letters_in_numbers": "\n".join([lines[0], lines[1], lines[2].replace("51.6416", "5x.6416")]).encode() + b"\n",
        "omm_broken.xml": b"<ndm><omm><body><segment><metadata><OBJECT_NAME>X</OBJECT_NAME>",
        "omm_broken.json": b"[{\"OBJECT_NAME\": \"X\", ",
        "omm_missing_fields.json": json.dumps([{"OBJECT_NAME": "X", "NORAD_CAT_ID": 1}]).encode(),
        "omm_bad_header.csv": b"NAME,WHATEVER\nX,1\n",
        "omm_bad_values.csv": (b"OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,"
                               b"ARG_OF_PERICENTER,MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,"
                               b"ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,MEAN_MOTION_DOT,MEAN_MOTION_DDOT\n"
                               b"X,1998-067A,NaT,abc,2,51,0,0,0,0,U,25544,999,1,0,0,0\n"),
    }
    out = {}
    for name, content in files.items():
        path = folder / (name if "." in name else f"{name}.tle")
        path.write_bytes(content)
        out[name] = path
    out["missing"] = folder / "missing.tle"
    (out.setdefault("folder", folder / "folder.tle")).mkdir(exist_ok=True)
    return out


SCENARIO = """name = "corpus"
title = "Corpus scenario"
[station]
site = "connecting-ridge"
observer_height_m = 2.0
[period]
start = "2030-01-01"
end = "2030-01-03"
step = "6h"
"""


def build_scenarios(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "bad_toml": SCENARIO.replace('title = "Corpus scenario"', "title = Corpus scenario"),
        "unknown_key": SCENARIO.replace("[period]", "colour = 'red'\n[period]"),
        "start_nat": SCENARIO.replace('start = "2030-01-01"', 'start = "NaT"'),
        "start_today": SCENARIO.replace('start = "2030-01-01"', 'start = "today"'),
        "start_impossible_date": SCENARIO.replace('start = "2030-01-01"', 'start = "2030-02-30"'),
        "step_zero": SCENARIO.replace('step = "6h"', 'step = "0h"'),
        "step_rounds_to_zero": SCENARIO.replace('step = "6h"', 'step = "0.0001s"'),
        "end_before_start": SCENARIO.replace('end = "2030-01-03"', 'end = "2029-12-01"'),
        "out_of_span": SCENARIO.replace('start = "2030-01-01"', 'start = "1850-01-01"'),
        "dem_typo": SCENARIO.replace("observer_height_m = 2.0", 'observer_height_m = 2.0\ndem = ["lola_pole_240m.tiff"]'),
        "dem_is_folder": SCENARIO.replace("observer_height_m = 2.0", 'observer_height_m = 2.0\ndem = ["."]'),
        "negative_height": SCENARIO.replace("observer_height_m = 2.0", "observer_height_m = -5.0"),
        "nan_height": SCENARIO.replace("observer_height_m = 2.0", "observer_height_m = nan"),
        "unknown_site": SCENARIO.replace('site = "connecting-ridge"', 'site = "atlantis"'),
        "latitude_nan": SCENARIO.replace('site = "connecting-ridge"', "lat = nan\nlon = 10.0"),
        "missing_period": SCENARIO.split("[period]")[0],
        "empty": "",
        "huge_period": SCENARIO.replace('end = "2030-01-03"', 'end = "2049-12-01"').replace('step = "6h"', 'step = "1min"'),
        "no_terrain_site": SCENARIO.replace('site = "connecting-ridge"', "lat = 0.5\nlon = 23.5"),
    }
    out = {name: folder / f"{name}.toml" for name in texts}
    for name, text in texts.items():
        out[name].write_text(text, encoding="utf-8")
    out["latin1"] = folder / "latin1.toml"
    out["latin1"].write_bytes(SCENARIO.replace("Corpus scenario", "Schéma à Zürich").encode("latin-1"))
    out["utf16"] = folder / "utf16.toml"
    out["utf16"].write_bytes(SCENARIO.encode("utf-16"))
    out["missing"] = folder / "missing.toml"
    return out


def build_user_files(folder: Path) -> None:
    """What a user keeps in their working folder: none of it may change."""
    (folder / "mine").mkdir(parents=True, exist_ok=True)
    (folder / "mine" / "notes.txt").write_text("my thesis notes\n")
    (folder / "mine.csv").write_text("a,b\n1,2\n")
    (folder / "plan-old").mkdir(exist_ok=True)
    (folder / "plan-old" / "keep.txt").write_text("not a moonbase output\n")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones too) with a hash of its contents."""
    state = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        state[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return state
