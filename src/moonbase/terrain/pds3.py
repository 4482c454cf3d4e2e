"""PDS3 IMG + LBL DEMs: the format of the LOLA GDR products (``LDEM_80S_240M``, ``LDEM_875S_5M``, ...).

The label (a detached ``.LBL``, or attached at the start of the ``.IMG``) is ``KEY = VALUE``
statements grouped in ``OBJECT = ... END_OBJECT`` blocks (PDS Standards Reference v3.8,
ch. 5 and 12). From the ``IMAGE`` object: ``LINES``, ``LINE_SAMPLES``, ``SAMPLE_TYPE``,
``SAMPLE_BITS``, ``SCALING_FACTOR``, ``OFFSET``, ``MISSING_CONSTANT``; from
``IMAGE_MAP_PROJECTION``: ``MAP_PROJECTION_TYPE`` (``POLAR STEREOGRAPHIC`` or
``SIMPLE CYLINDRICAL``/``EQUIRECTANGULAR``), ``A_AXIS_RADIUS``, ``CENTER_LATITUDE``,
``CENTER_LONGITUDE``, ``MAP_SCALE``, ``LINE_PROJECTION_OFFSET`` and
``SAMPLE_PROJECTION_OFFSET``.

Pixel to map coordinates follow the PDS map-projection convention used by the LOLA
products (LOLA RDR/GDR SIS and the ``DSMAP`` catalogue files; recalled, checked here only
for self-consistency with GeoTIFF georeferencing in the tests)::

    x = (SAMPLE - SAMPLE_PROJECTION_OFFSET - 1) * MAP_SCALE
    y = (1 + LINE_PROJECTION_OFFSET - LINE) * MAP_SCALE

with 1-based ``SAMPLE``/``LINE`` at pixel centres, so map +y (longitude 0° for the south
polar products) is at the top. LOLA heights: ``DN * SCALING_FACTOR + OFFSET`` is the radius
when ``OFFSET`` is the 1,737,400 m reference radius (LDEM products: 0.5 m per DN), so the
height above the sphere is that value minus ``A_AXIS_RADIUS``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..errors import MoonbaseError
from .dem import Dem, heights_from_raw
from .projection import MOON_RADIUS_M, MapProjection

#: PDS3 SAMPLE_TYPE → numpy byte order and kind (PDS Standards Reference v3.8, appendix C).
_SAMPLE_TYPES = {
    "LSB_INTEGER": ("<", "i"), "PC_INTEGER": ("<", "i"), "VAX_INTEGER": ("<", "i"),
    "MSB_INTEGER": (">", "i"), "SUN_INTEGER": (">", "i"), "MAC_INTEGER": (">", "i"), "INTEGER": (">", "i"),
    "LSB_UNSIGNED_INTEGER": ("<", "u"), "PC_UNSIGNED_INTEGER": ("<", "u"),
    "MSB_UNSIGNED_INTEGER": (">", "u"), "UNSIGNED_INTEGER": (">", "u"), "SUN_UNSIGNED_INTEGER": (">", "u"),
    "PC_REAL": ("<", "f"), "IEEE_REAL": (">", "f"), "SUN_REAL": (">", "f"), "MAC_REAL": (">", "f"),
}

_STATEMENT = re.compile(r"^\s*\^?([A-Z0-9_:]+)\s*=\s*(.*)$")


def parse_label(text: str) -> dict:
    """A PDS3 label as nested dicts; values are strings (units ``<...>`` kept, quotes removed).

    Objects become ``label["IMAGE"] = {...}``; a pointer ``^IMAGE`` is stored under ``"^IMAGE"``.
    """
    root: dict = {}
    stack = [root]
    lines = iter(text.replace("\r", "").split("\n"))
    for line in lines:
        line = line.split("/*")[0].rstrip() if "/*" in line and '"' not in line.split("/*")[0] else line.rstrip()
        if line.strip() == "END":
            break
        match = _STATEMENT.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if line.lstrip().startswith("^"):
            key = "^" + key
        while value.count('"') % 2 == 1 or (value.startswith("(") and ")" not in value):
            value += " " + next(lines, ")").strip()
        if key in ("OBJECT", "GROUP"):
            child: dict = {}
            stack[-1].setdefault(value, child)
            stack.append(child)
        elif key in ("END_OBJECT", "END_GROUP"):
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1][key] = value.strip('"').strip()
    return root


def _number(value: str, where: str, key: str, unit_default: str = "") -> tuple[float, str]:
    match = re.match(r"^\(?\s*([-+]?[\d.]+(?:[EeDd][-+]?\d+)?)\s*(?:<([^>]*)>)?", value)
    if not match:
        raise MoonbaseError(f"{where}: {key} = {value!r} is not a number")
    return float(match.group(1).replace("D", "E").replace("d", "e")), (match.group(2) or unit_default).strip().upper()


def _whole(block: dict, key: str, where: str) -> int:
    """A positive whole-number field of the label (LINES, LINE_SAMPLES, SAMPLE_BITS)."""
    value = _number(_get(block, key, where), where, key)[0]
    if not value > 0 or value != int(value):
        raise MoonbaseError(f"{where}: {key} = {block[key]!r}; expected a positive whole number")
    return int(value)


def _get(block: dict, key: str, where: str, default=None):
    if key in block:
        return block[key]
    if default is not None:
        return default
    raise MoonbaseError(f"{where}: the label has no {key}; expected a PDS3 IMAGE with IMAGE_MAP_PROJECTION")


def _metres(value: str, where: str, key: str, default_unit: str) -> float:
    number, unit = _number(value, where, key, default_unit)
    if unit.startswith("KM") or unit.startswith("KILOMET"):
        return number * 1000.0
    return number


def _label_and_data(path: Path) -> tuple[Path, Path, str]:
    """(label file, data file, label text) for a .LBL, a .IMG with a detached label, or an attached label."""
    if path.suffix.lower() == ".lbl":
        label_path = path
        text = path.read_text(encoding="latin-1")
        pointer = parse_label(text).get("^IMAGE", "")
        name = re.findall(r'"?([^",()]+\.IMG)"?', pointer, flags=re.I)
        data = path.with_name(name[0].strip()) if name else path.with_suffix(".IMG")
        if not data.exists():  # PDS names are upper case; downloads may be lower case
            candidates = [p for p in path.parent.iterdir() if p.name.lower() == data.name.lower()]
            data = candidates[0] if candidates else data
        return label_path, data, text
    for suffix in (".LBL", ".lbl"):
        if path.with_suffix(suffix).exists():
            label_path = path.with_suffix(suffix)
            return label_path, path, label_path.read_text(encoding="latin-1")
    with open(path, "rb") as stream:
        head = stream.read(65536).decode("latin-1")
    if "PDS_VERSION_ID" not in head:
        raise MoonbaseError(f"{path}: no PDS3 label found (no {path.with_suffix('.LBL').name} beside it, none attached)")
    return path, path, head


def read_pds3(path: str | Path) -> Dem:
    """A PDS3 IMG DEM (give the .IMG or the .LBL); scale, offset and missing constant honoured."""
    path = Path(path)
    label_path, data_path, text = _label_and_data(path)
    where = str(label_path)
    label = parse_label(text)
    image = label.get("IMAGE") or label.get("UNCOMPRESSED_FILE", {}).get("IMAGE")
    mapping = label.get("IMAGE_MAP_PROJECTION")
    if image is None or mapping is None:
        raise MoonbaseError(f"{where}: expected IMAGE and IMAGE_MAP_PROJECTION objects in the label")
    lines = _whole(image, "LINES", where)
    samples = _whole(image, "LINE_SAMPLES", where)
    bits = _whole(image, "SAMPLE_BITS", where)
    sample_type = _get(image, "SAMPLE_TYPE", where).upper().replace(" ", "_")
    if sample_type not in _SAMPLE_TYPES or bits not in (8, 16, 32, 64):
        raise MoonbaseError(f"{where}: SAMPLE_TYPE {sample_type} with {bits} bits is not supported; "
                            f"expected one of {', '.join(sorted(_SAMPLE_TYPES))}")
    order, kind = _SAMPLE_TYPES[sample_type]
    dtype = np.dtype(f"{order}{kind}{bits // 8}")
    if image.get("BANDS", "1").strip() not in ("1",):
        raise MoonbaseError(f"{where}: BANDS = {image['BANDS']}; only single-band DEMs are supported")

    record_bytes = int(_number(label.get("RECORD_BYTES", "1"), where, "RECORD_BYTES")[0])
    pointer = label.get("^IMAGE", "")
    start_record = re.findall(r"(\d+)\s*(<BYTES>)?\s*\)?\s*$", pointer)
    offset_bytes = 0
    if start_record:
        value, in_bytes = start_record[0]
        offset_bytes = int(value) - 1 if in_bytes else (int(value) - 1) * record_bytes
    expected = offset_bytes + lines * samples * dtype.itemsize
    if not data_path.exists():
        raise MoonbaseError(f"{where}: the image file {data_path.name} is missing beside the label")
    size = data_path.stat().st_size
    if size < expected:
        raise MoonbaseError(f"{data_path}: {size} bytes, but the label describes {expected} "
                            f"({lines} lines x {samples} samples x {dtype.itemsize} bytes); the file is truncated")
    if size - expected >= max(record_bytes, 1) and not (data_path == label_path and size - expected < 65536):
        # More than a record of padding: the label's LINES/LINE_SAMPLES/SAMPLE_BITS do not describe this image.
        raise MoonbaseError(f"{data_path}: {size} bytes, but the label {label_path.name} describes {expected} "
                            f"({lines} lines x {samples} samples x {dtype.itemsize} bytes); the label does not match "
                            "the image: use the label that came with it")
    raw = np.memmap(data_path, dtype=dtype, mode="r", offset=offset_bytes, shape=(lines, samples))

    radius_m = _metres(_get(mapping, "A_AXIS_RADIUS", where, str(MOON_RADIUS_M / 1000.0)), where, "A_AXIS_RADIUS", "KM")
    projection_type = _get(mapping, "MAP_PROJECTION_TYPE", where).upper().replace("_", " ")
    center_lat = _number(_get(mapping, "CENTER_LATITUDE", where), where, "CENTER_LATITUDE")[0]
    center_lon = _number(_get(mapping, "CENTER_LONGITUDE", where), where, "CENTER_LONGITUDE")[0]
    if "STEREOGRAPHIC" in projection_type:
        projection = MapProjection("polar_stereographic", radius_m, -90.0 if center_lat < 0 else 90.0, center_lon)
    elif "CYLINDRICAL" in projection_type or "EQUIRECTANGULAR" in projection_type:
        projection = MapProjection("equirectangular", radius_m, center_lat, center_lon)
    else:
        raise MoonbaseError(f"{where}: MAP_PROJECTION_TYPE = {projection_type!r} is not supported; "
                            "expected POLAR STEREOGRAPHIC or SIMPLE CYLINDRICAL / EQUIRECTANGULAR")
    scale_m = _metres(_get(mapping, "MAP_SCALE", where), where, "MAP_SCALE", "KM/PIXEL")
    if not np.isfinite(scale_m) or scale_m <= 0:
        raise MoonbaseError(f"{where}: MAP_SCALE = {mapping['MAP_SCALE']!r}; expected a positive pixel size")
    if not np.isfinite(radius_m) or radius_m <= 0:
        raise MoonbaseError(f"{where}: A_AXIS_RADIUS = {mapping.get('A_AXIS_RADIUS')!r}; expected a positive radius")
    line_offset = _number(_get(mapping, "LINE_PROJECTION_OFFSET", where), where, "LINE_PROJECTION_OFFSET")[0]
    sample_offset = _number(_get(mapping, "SAMPLE_PROJECTION_OFFSET", where), where, "SAMPLE_PROJECTION_OFFSET")[0]
    # Pixel (r, c) 0-based has its centre at x = (c - S0) * scale, y = (L0 - r) * scale (module docstring).
    geotransform = ((-0.5 - sample_offset) * scale_m, (line_offset + 0.5) * scale_m, scale_m, -scale_m)

    scale = _number(image.get("SCALING_FACTOR", "1"), where, "SCALING_FACTOR")[0]
    if not np.isfinite(scale) or scale == 0:
        raise MoonbaseError(f"{where}: SCALING_FACTOR = {image.get('SCALING_FACTOR')!r}; expected a non-zero number")
    offset = _metres(image.get("OFFSET", "0"), where, "OFFSET", "M")
    nodata = _number(image["MISSING_CONSTANT"], where, "MISSING_CONSTANT")[0] if "MISSING_CONSTANT" in image else None
    if nodata is None and kind == "f":
        nodata = -3.4028226550889045e38  # PDS "core null" for 32-bit reals (PDS Standards Reference, appendix B)
    heights = heights_from_raw(np.asarray(raw), scale, offset, nodata, radius_m)
    product = label.get("PRODUCT_ID", data_path.stem).strip('"')
    return Dem(heights, projection, geotransform, name=data_path.name, path=data_path,
               provenance={"format": "PDS3", "product": product, "label_file": str(label_path),
                           "data_file": str(data_path)})
