"""Moonbase uses only public APIs of skyfield and jplephem, and reads the kernels exactly as they do.

If a new skyfield or jplephem changes what these public calls return, these tests fail loudly.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from jplephem.pck import PCK
from jplephem.spk import SPK

import moonbase
from moonbase.constants import J2000_JD, SECONDS_PER_DAY
from moonbase.ephemeris import LunarEphemeris, kernel_paths

SRC = Path(moonbase.__file__).resolve().parent
#: Private attributes of skyfield/jplephem objects that Moonbase once used (and must not again).
PRIVATE_DEPENDENCY_ATTRIBUTES = re.compile(r"\.(_data|_load|_segment_list|_matrix|_segment|_spk_segment)\b")


def test_no_private_attributes_of_skyfield_or_jplephem():
    offenders = [f"{path.relative_to(SRC)}:{n}: {line.strip()}" for path in SRC.rglob("*.py")
                 for n, line in enumerate(path.read_text().splitlines(), 1) if PRIVATE_DEPENDENCY_ATTRIBUTES.search(line)]
    assert not offenders, offenders


def test_chebyshev_series_match_jplephem_public_compute(ephemeris: LunarEphemeris):
    jd = np.linspace(2451545.0 - 30 * 365.25, 2451545.0 + 49 * 365.25, 97)  # 1970-2049
    tdb_s = (jd - J2000_JD) * SECONDS_PER_DAY
    spk = SPK.open(str(kernel_paths()["spk"]))
    try:
        moon = spk[3, 301].compute(jd)  # km, Earth-Moon barycentre → Moon
        np.testing.assert_allclose(ephemeris._moon.position(tdb_s), moon, rtol=0, atol=1e-9)
    finally:
        spk.close()
    pck = PCK.open(str(kernel_paths()["bpc"]))
    try:
        angles = pck.segments[0].compute(jd, 0.0, False)  # rad: the lunar libration angles (phi, delta, w)
        np.testing.assert_allclose(ephemeris._pa_segment.position(tdb_s), angles, rtol=0, atol=1e-12)
    finally:
        pck.close()


def test_pa_to_me_rotation_is_the_frame_kernels():
    """moon_080317.tf defines MOON_ME_DE421 from MOON_PA_DE421 by the angles 67.92", 78.56", 0.30" (3-2-1
    Euler, as the kernel's own comments state, NAIF): a rotation of about 103" in all."""
    matrix = LunarEphemeris.default()._pa_to_me
    np.testing.assert_allclose(matrix @ matrix.T, np.eye(3), atol=1e-15)
    angle_arcsec = np.degrees(np.arccos((np.trace(matrix) - 1.0) / 2.0)) * 3600.0
    assert abs(angle_arcsec - np.sqrt(67.92**2 + 78.56**2 + 0.30**2)) < 0.5
