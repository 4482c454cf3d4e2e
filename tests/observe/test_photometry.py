"""Brightness of the Moon, earthshine, lamps and lasers, and instrument resolution, against published figures."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.observe import photometry as ph
from moonbase.observe.instruments import INSTRUMENTS, visual_limit
from moonbase.observe.lamp import (ARGON_514_EFFICACY_LM_W, Lamp, beam_magnitude, earth_beam_solid_angle_sr,
                                   footprint_solid_angle_sr, power_needed_w)

KM_PER_ARCSEC = ph.MEAN_DISTANCE_KM * ph.ARCSEC_RAD  # 1.864 km


def _disk_magnitude(phase_deg: float, n: int = 801) -> float:
    """Integrate the photometric law over the visible disk (Sun in the x-z plane, observer along z)."""
    x, y = np.meshgrid(np.linspace(-1, 1, n), np.linspace(-1, 1, n))
    inside = x**2 + y**2 < 1.0
    z = np.sqrt(np.clip(1.0 - x**2 - y**2, 0.0, None))
    a = np.radians(phase_deg)
    mu0 = x * np.sin(a) + z * np.cos(a)
    mu = ph.sunlit_surface_brightness(phase_deg, mu0, z)
    flux = np.where(inside & (mu0 > 0), 10.0 ** (-0.4 * np.where(np.isfinite(mu), mu, 99.0)), 0.0)
    pixel_arcsec2 = (2.0 * ph.MOON_RADIUS_ARCSEC / (n - 1)) ** 2
    return float(-2.5 * np.log10(flux.sum() * pixel_arcsec2))


def test_full_moon_magnitude_and_surface_brightness():
    # Allen (1973): V = -12.73 at full Moon; spread over the 932" disk that is 3.36 mag/arcsec² (≈ 3.4).
    assert ph.moon_magnitude(0.0) == pytest.approx(-12.73)
    assert ph.FULL_MOON_SURFACE_BRIGHTNESS == pytest.approx(3.36, abs=0.01)
    # The resolved law integrates back to Allen's curve: measured < 0.01 mag (grid), bound 0.03 mag.
    for phase in (0.0, 45.0, 90.0, 120.0):
        assert _disk_magnitude(phase) == pytest.approx(ph.moon_magnitude(phase), abs=0.03)
    # Allen's table gives +2.63 mag at quarter (phase 90°); the formula gives 2.60.
    assert ph.allen_phase_offset(90.0) == pytest.approx(2.63, abs=0.05)


def test_earthshine_within_the_measured_range_of_montanes_rodriguez_2007():
    # Montañés-Rodríguez, Pallé & Goode (2007), AJ 134, 1145, doi:10.1086/519736: earthshine surface brightness
    # between +12 and +17 mV/arcsec². Our Lambert-Earth model over lunar phases 40°-150° spans 13.5-17.0:
    # the faint end agrees to 0.1 mag; the bright end is 1.5 mag fainter than their brightest (a Lambert Earth of
    # albedo 0.367 has no glint or cloud forward scattering) — bound 1.6 mag, so a regression shows.
    lunar_phase = np.linspace(40.0, 150.0, 56)
    mu = ph.earthshine_surface_brightness(180.0 - lunar_phase)
    assert abs(mu.max() - 17.0) < 0.3
    assert 0.0 < mu.min() - 12.0 < 1.6
    assert np.all(np.diff(mu) < 0)  # brighter toward new Moon (a fuller Earth)


def test_conversions_share_one_zero_point():
    assert ph.magnitude_to_lux(0.0) == pytest.approx(2.54e-6)
    assert ph.lux_to_magnitude(ph.magnitude_to_lux(-12.73)) == pytest.approx(-12.73)
    # Full Moon ≈ 0.3 lux; 1 cd/m² ≈ 12.58 mag/arcsec² (the same zero point spread over 1 arcsec²).
    assert ph.magnitude_to_lux(-12.73) == pytest.approx(0.31, abs=0.01)
    assert ph.cd_m2_to_surface_brightness(1.0) == pytest.approx(12.58, abs=0.01)


def test_naked_eye_limit_under_a_dark_sky_is_about_sixth_magnitude():
    # The Hecht–Schaefer threshold against a 21.5 mag/arcsec² sky gives the classic naked-eye limit, V ≈ 6.3-6.5.
    limit = visual_limit(INSTRUMENTS["naked-eye"], ph.surface_brightness_to_cd_m2(21.5))
    assert 6.0 < float(limit) < 6.8
    # 7×50 binoculars reach ~4 magnitudes deeper (light grasp (50/7)² = 4.3 mag, less 0.24 mag of optics).
    binoculars = visual_limit(INSTRUMENTS["binoculars-7x50"], ph.surface_brightness_to_cd_m2(21.5))
    assert 3.3 < float(binoculars - limit) < 4.3


def test_resolution_against_published_figures():
    # ESO eso0222a (2002): NACO on the VLT imaged the Moon at 0.07" (≈ 130 m) at 2.3 µm.
    ao = INSTRUMENTS["vlt-8m-ao"]
    assert ao.resolution_arcsec() == pytest.approx(0.07, abs=0.002)
    assert ao.resolution_arcsec() * KM_PER_ARCSEC * 1000 == pytest.approx(130.0, abs=5.0)
    # APOD 2002-06-28: Hubble resolves ~80 m on the Moon. Rayleigh at 0.5 µm gives 98 m (the core FWHM,
    # 1.03 λ/D, gives 82 m): within 25 %.
    hst_m = INSTRUMENTS["hst"].resolution_arcsec() * KM_PER_ARCSEC * 1000
    assert 80.0 < hst_m < 100.0
    # The naked eye's 1' is ≈ 112 km; 20 cm amateur telescopes in 1-2" seeing ≈ 1.9-3.7 km.
    assert INSTRUMENTS["naked-eye"].resolution_arcsec() * KM_PER_ARCSEC == pytest.approx(112.0, abs=1.0)
    amateur = INSTRUMENTS["amateur-20cm"]
    assert 1.8 < amateur.resolution_arcsec(best=True) * KM_PER_ARCSEC < amateur.resolution_arcsec() * KM_PER_ARCSEC < 3.7
    # ELT 39 m at 1 µm: 6.5 mas ≈ 12 m. Radar: 5 m cells (NRAO Green Bank radar, 2020-21).
    assert INSTRUMENTS["elt-39m"].resolution_arcsec() * 1000 == pytest.approx(6.45, abs=0.05)
    assert INSTRUMENTS["radar-gbt-vlba"].published_resolution_m == 5.0


def test_lamp_magnitudes_and_power_inverse():
    # 1 kW of 100 lm/W LED light into a hemisphere at 384,400 km: Φ/(2π d²) = 1.08e-13 lux → V = 18.43.
    lamp = Lamp(1000.0)
    assert float(lamp.magnitude()) == pytest.approx(18.43, abs=0.01)
    # Each factor 10 in power is 2.5 mag: 1 MW → 10.93.
    assert float(Lamp(1e6).magnitude()) == pytest.approx(10.93, abs=0.01)
    # A beam just covering the Earth: gain 2π / 8.6e-4 sr ≈ 7,300 over a hemisphere.
    gain = 2.0 * np.pi / earth_beam_solid_angle_sr()
    assert gain == pytest.approx(7300.0, rel=0.01)
    # The inverse: the power at which the lamp reaches a target magnitude reproduces that magnitude.
    needed = power_needed_w(lamp, lamp.magnitude(), 6.0)
    assert float(Lamp(float(needed)).magnitude()) == pytest.approx(6.0, abs=1e-9)
    assert float(needed) == pytest.approx(94e6, rel=0.02)  # ~94 MW for a naked-eye V = 6 lamp, hemispherical


def test_surveyor_7_lasers_of_1968_reproduced_in_the_other_direction():
    """Surveyor 7's TV camera saw two ~1 W argon-ion lasers from Kitt Peak and Table Mountain, each
    "somewhat brighter than Sirius", their beams "two or three miles" wide at the Moon (C. O. Alley in
    NASA SP-168 *Exploring Space with a Camera*; Time, 2 Feb 1968). Sirius is V = -1.46."""
    flux_lm = 1.0 * ARGON_514_EFFICACY_LM_W          # 1 W at 514.5 nm
    range_km = 384_400.0 - 6_371.0                   # observatory to the Moon, roughly
    transmission_mag = 0.15 * 1.2                    # one pass through the air at ~35° altitude
    for miles in (2.0, 3.0):
        width_km = miles * 1.609
        v = float(beam_magnitude(flux_lm, footprint_solid_angle_sr(width_km, range_km), range_km)) + transmission_mag
        # "Somewhat brighter than Sirius": brighter than -1.46, and not by more than ~2 mag.
        assert -3.5 < v < -1.46
