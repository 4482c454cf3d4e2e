"""Reading DEMs (GeoTIFF, PDS3 IMG + LBL), projections and stacking."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.terrain.dem import Dem, read_dem
from moonbase.terrain.projection import MapProjection, projection_from_crs, south_polar_stereographic
from moonbase.terrain.stack import OutsideTerrainError, TerrainStack

from .synthetic import polar_dem


def test_polar_stereographic_matches_proj_iau_2015_30135():
    """Our sphere formulas against PROJ's IAU_2015:30135 (independent implementation): < 1 mm."""
    from pyproj import Transformer

    to_map = Transformer.from_crs("IAU_2015:30100", "IAU_2015:30135", always_xy=True)
    lat = np.array([-89.999, -89.45, -88.8, -85.0, -80.0, -79.2])
    lon = np.array([0.0, 222.69, 123.4, 31.0, 300.0, 90.0])
    x_ref, y_ref = to_map.transform(lon, lat)
    x, y = south_polar_stereographic().forward(lat, lon)
    assert np.max(np.hypot(x - x_ref, y - y_ref)) < 1e-3
    lat_back, lon_back = south_polar_stereographic().inverse(x, y)
    assert np.allclose(lat_back, lat, atol=1e-9) and np.allclose(np.mod(lon_back - lon + 180, 360) - 180, 0, atol=1e-7)


def test_map_up_is_longitude_zero_and_right_is_90_east():
    """As the terrain README states for the LOLA polar maps: +y is 0° longitude, +x is 90°E."""
    x, y = south_polar_stereographic().forward([-89.0, -89.0], [0.0, 90.0])
    assert x[0] == pytest.approx(0.0, abs=1e-6) and y[0] > 0
    assert x[1] > 0 and y[1] == pytest.approx(0.0, abs=1e-6)


def test_equirectangular_matches_proj():
    from pyproj import Transformer

    eqc = MapProjection("equirectangular", center_lat_deg=0.0, center_lon_deg=180.0)
    to_map = Transformer.from_crs("+proj=longlat +R=1737400 +no_defs", eqc.proj4(), always_xy=True)
    lat, lon = np.array([-60.0, 0.0, 45.5]), np.array([10.0, 180.0, 359.0])
    x_ref, y_ref = to_map.transform(lon, lat)
    x, y = eqc.forward(lat, lon)
    assert np.allclose(x, x_ref, atol=1e-3) and np.allclose(y, y_ref, atol=1e-3)


def _write_geotiff(path, dem: Dem, raw, scale=1.0, offset=0.0, nodata=None, dtype="float32"):
    import rasterio
    from affine import Affine

    x0, y0, dx, dy = dem.geotransform
    with rasterio.open(path, "w", driver="GTiff", width=raw.shape[1], height=raw.shape[0], count=1, dtype=dtype,
                       crs=dem.projection.proj4(), transform=Affine(dx, 0.0, x0, 0.0, dy, y0), nodata=nodata) as out:
        out.write(raw.astype(dtype), 1)
        out.scales = (scale,)
        out.offsets = (offset,)


def _terrain(lat, lon, x, y):
    return 1000.0 * np.sin(x / 7000.0) + 0.01 * y


def _write_pds3(folder, dem: Dem, dn, sample_type="LSB_INTEGER", bits=16, scaling=0.5, offset="1737400. <METER>",
                missing=None, name="LDEM_TEST"):
    """A detached PDS3 label + IMG in the LOLA GDR layout (polar stereographic, int16, 0.5 m/DN, radius offset)."""
    rows, cols = dn.shape
    scale_m = dem.geotransform[2]
    s0 = -dem.geotransform[0] / scale_m - 0.5  # x = (c - S0) * scale at pixel centres
    l0 = dem.geotransform[1] / scale_m - 0.5   # y = (L0 - r) * scale
    missing_line = f"    MISSING_CONSTANT = {missing}\n" if missing is not None else ""
    label = f"""PDS_VERSION_ID = PDS3
RECORD_TYPE = FIXED_LENGTH
RECORD_BYTES = {cols * bits // 8}
FILE_RECORDS = {rows}
^IMAGE = "{name}.IMG"
PRODUCT_ID = "{name}"
/* synthetic test product */
OBJECT = IMAGE
    NAME = HEIGHT
    DESCRIPTION = "Each sample is DN * SCALING_FACTOR + OFFSET,
      the radius in metres"
    LINES = {rows}
    LINE_SAMPLES = {cols}
    SAMPLE_TYPE = {sample_type}
    SAMPLE_BITS = {bits}
    UNIT = METER
    SCALING_FACTOR = {scaling}
    OFFSET = {offset}
{missing_line}END_OBJECT = IMAGE
OBJECT = IMAGE_MAP_PROJECTION
    MAP_PROJECTION_TYPE = "POLAR STEREOGRAPHIC"
    A_AXIS_RADIUS = 1737.4 <KM>
    B_AXIS_RADIUS = 1737.4 <KM>
    CENTER_LATITUDE = -90.0 <DEG>
    CENTER_LONGITUDE = 0.0 <DEG>
    MAP_SCALE = {scale_m / 1000.0} <KM/PIXEL>
    LINE_PROJECTION_OFFSET = {l0} <PIXEL>
    SAMPLE_PROJECTION_OFFSET = {s0} <PIXEL>
END_OBJECT = IMAGE_MAP_PROJECTION
END
"""
    (folder / f"{name}.LBL").write_text(label)
    order = "<" if sample_type.startswith(("LSB", "PC")) else ">"
    kind = "f" if "REAL" in sample_type else "i"
    dn.astype(f"{order}{kind}{bits // 8}").tofile(folder / f"{name}.IMG")
    return folder / f"{name}.LBL"


def test_pds3_lola_layout_reads_like_the_same_geotiff(tmp_path):
    """Same terrain written as a LOLA-style PDS3 product and as a GeoTIFF (rasterio's georeferencing):
    heights agree to the 0.5 m DN quantisation at random points, and the IMG can be given instead of the LBL."""
    truth = polar_dem(_terrain, 20_000.0, 400.0, centre_xy=(30_000.0, -50_000.0))
    dn = np.round(truth.heights_m / 0.5).astype(np.int16)
    dn[3, 5] = -32768
    label = _write_pds3(tmp_path, truth, dn, missing=-32768)
    _write_geotiff(tmp_path / "t.tif", truth, dn.astype(np.float32) * 0.5)
    from_pds = read_dem(label)
    from_img = read_dem(tmp_path / "LDEM_TEST.IMG")
    from_tif = read_dem(tmp_path / "t.tif")
    rng = np.random.default_rng(1)
    lat, lon = truth.projection.inverse(rng.uniform(11_000, 49_000, 200), rng.uniform(-69_000, -31_000, 200))
    assert np.allclose(from_pds.sample(lat, lon), from_tif.sample(lat, lon), atol=1e-3)
    assert np.array_equal(from_img.heights_m, from_pds.heights_m, equal_nan=True)
    assert np.isnan(from_pds.heights_m[3, 5])  # MISSING_CONSTANT → nodata
    assert np.nanmax(np.abs(from_pds.heights_m - truth.heights_m)) <= 0.25 + 1e-3  # half a DN
    assert from_pds.provenance["product"] == "LDEM_TEST"


def test_pds3_big_endian_float_heights_without_radius_offset(tmp_path):
    truth = polar_dem(_terrain, 5_000.0, 250.0)
    label = _write_pds3(tmp_path, truth, truth.heights_m, sample_type="IEEE_REAL", bits=32, scaling=1.0, offset="0.0")
    assert np.allclose(read_dem(label).heights_m, truth.heights_m, atol=1e-3)


def test_pds3_truncated_image_is_a_clear_error(tmp_path):
    truth = polar_dem(_terrain, 5_000.0, 250.0)
    label = _write_pds3(tmp_path, truth, np.zeros(truth.shape, np.int16))
    img = tmp_path / "LDEM_TEST.IMG"
    img.write_bytes(img.read_bytes()[:100])
    with pytest.raises(Exception, match="truncated"):
        read_dem(label)


def test_geotiff_scale_offset_and_nodata_are_honoured(tmp_path):
    truth = polar_dem(_terrain, 5_000.0, 250.0)
    raw = np.round((truth.heights_m + 100.0) / 2.0).astype(np.int16)
    raw[0, 0] = -9999
    _write_geotiff(tmp_path / "s.tif", truth, raw, scale=2.0, offset=-100.0, nodata=-9999, dtype="int16")
    dem = read_dem(tmp_path / "s.tif")
    assert np.isnan(dem.heights_m[0, 0])
    assert np.nanmax(np.abs(dem.heights_m - truth.heights_m)) <= 1.0 + 1e-3  # half a 2 m count


def test_radius_products_become_heights(tmp_path):
    truth = polar_dem(_terrain, 5_000.0, 250.0)
    _write_geotiff(tmp_path / "r.tif", truth, truth.heights_m.astype(np.float64) + 1_737_400.0, dtype="float64")
    assert np.allclose(read_dem(tmp_path / "r.tif").heights_m, truth.heights_m, atol=1e-2)


def test_stack_uses_the_finest_valid_dem_and_errors_outside():
    coarse = polar_dem(lambda lat, lon, x, y: np.full(x.shape, 100.0), 50_000.0, 1000.0, name="coarse")
    fine = polar_dem(lambda lat, lon, x, y: np.where(x > 0, 5.0, np.nan), 10_000.0, 100.0, name="fine")
    stack = TerrainStack([coarse, fine])
    assert [d.name for d in stack.dems] == ["fine", "coarse"]
    lat, lon = south_polar_stereographic().inverse(np.array([5_000.0, -5_000.0, 30_000.0]), np.array([0.0, 0.0, 0.0]))
    assert np.allclose(stack.sample(lat, lon), [5.0, 100.0, 100.0])  # fine; fine's nodata → coarse; outside fine
    with pytest.raises(OutsideTerrainError, match="coarse covers"):
        stack.sample(-80.0, 0.0)
    assert np.isnan(stack.sample(-80.0, 0.0, allow_outside=True))


def test_unsupported_files_are_clear_errors(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(Exception, match="GeoTIFF"):
        read_dem(tmp_path / "a.txt")
    with pytest.raises(Exception, match="existing DEM"):
        read_dem(tmp_path / "missing.tif")


@pytest.mark.shared
def test_real_tiles_read_with_their_crs_and_known_heights(shared_data):
    """Values from ../shared/data/terrain/README.md: ridge crest ≈ 1,950 m, 89.5°S 0°E ≈ −720 m."""
    terrain = shared_data / "terrain"
    pole = read_dem(terrain / "lola_ldem75s120m_pole_240m.tif")
    assert pole.shape == (1536, 1536) and pole.pixel_size_m == 240.0
    assert projection_from_crs("IAU_2015:30135", "x") == pole.projection == south_polar_stereographic()
    assert pole.sample(-89.45, 222.69) == pytest.approx(1950.0, abs=15.0)
    assert pole.sample(-89.5, 0.0) == pytest.approx(-720.0, abs=10.0)
