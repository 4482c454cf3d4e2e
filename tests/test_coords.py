import numpy as np
import pytest

from moonbase.coords import normalize_longitude, parse_latitude, parse_longitude
from moonbase.errors import InputError


@pytest.mark.parametrize(
    "given, center, expected",
    [(-137.31, 180.0, 222.69), (360.0, 180.0, 0.0), (0.0, 180.0, 0.0), (-0.0, 180.0, 0.0), (719.5, 180.0, 359.5),
     (190.0, 0.0, -170.0), (180.0, 0.0, -180.0), (-180.0, 0.0, -180.0), (222.69, 0.0, -137.31)],
)
def test_normalize_longitude(given, center, expected):
    assert normalize_longitude(given, center=center) == pytest.approx(expected, abs=1e-12)


def test_normalize_longitude_arrays_keep_shape():
    lon = np.array([[-10.0, 370.0], [180.0, 540.0]])
    out = normalize_longitude(lon)
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out, [[350.0, 10.0], [180.0, 180.0]])


@pytest.mark.parametrize("text, expected", [("-89.45", -89.45), ("89.45S", -89.45), ("89.45 s", -89.45),
                                            ("10N", 10.0), (-45, -45.0), ("+0.5", 0.5)])
def test_parse_latitude(text, expected):
    assert parse_latitude(text) == pytest.approx(expected)


@pytest.mark.parametrize("text, expected", [("222.69", 222.69), ("137.31W", 222.69), ("-137.31", 222.69), ("123.4E", 123.4)])
def test_parse_longitude(text, expected):
    assert parse_longitude(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["91", "-90.5", "89.45X", "abc", "-10S", "nan"])
def test_bad_latitude_names_field_and_range(text):
    with pytest.raises(InputError) as info:
        parse_latitude(text)
    assert "latitude" in str(info.value)
