"""Instruments on (and above) the Earth: what each resolves on the Moon and how faint a point it detects.

Resolution is the Rayleigh criterion 1.22 λ/D, limited by the eye's acuity over the magnification
(visual instruments) and by atmospheric seeing (ground, without adaptive optics). With 1.22 λ/D
at 2.3 µm the VLT gives 0.071″, matching the 0.07″ of ESO's NACO lunar images (ESO press release
eso0222a, 2002) [R]; Hubble at 0.5 µm gives 0.052″, against the "~80 m" (0.043″) of APOD
2002-06-28 [R], whose figure is the core width rather than the Rayleigh separation.

Point-source detection:

* visual (eye, binoculars, eyepiece): the eye's threshold against the background luminance it sees
  (Hecht 1947 as fitted by Schaefer 1990, PASP 102, 212, night/day branches) [M: constants recalled],
  with the telescope's light grasp for points and its dimming of extended backgrounds;
* detector (CCD/CMOS with large telescopes, Hubble): photon counting to S/N = 5 in
  :data:`EXPOSURE_S` against the background in one resolution element, V-band photon rate from the
  Bessell, Castelli & Plez (1998, A&A 333, 231) zero point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError

ARCSEC_PER_RAD = 180.0 / np.pi * 3600.0
#: Eye acuity: 1 arcmin (Snellen 20/20 letters have 1′ strokes) [R2]; a dark-adapted pupil of 7 mm [M].
EYE_ACUITY_ARCSEC, EYE_PUPIL_M = 60.0, 0.007
#: Transmission of visual optics (binoculars, telescope + eyepiece) [M].
VISUAL_TRANSMISSION = 0.8
#: V-band photons at V = 0: 1.0e3 photons s⁻¹ cm⁻² Å⁻¹ × 880 Å (f_λ = 3.63e-9 erg s⁻¹ cm⁻² Å⁻¹ at 5500 Å,
#: Bessell et al. 1998) [D].
V0_PHOTONS_S_CM2 = 8.8e5
#: Detector system throughput (optics × filter × QE) [M] and exposure [s] for detector instruments [M].
DETECTOR_THROUGHPUT, EXPOSURE_S = 0.3, 60.0
#: Detection threshold: S/N = 5 for photon noise; and 10 % of the lunar surface's flux in the resolution
#: element, because albedo texture at that scale hides anything fainter [M].
SNR_DETECT, CLUTTER_FRACTION = 5.0, 0.10
#: Hubble's Sun-avoidance angle [deg] (HST Primer) [M].
HST_SUN_AVOIDANCE_DEG = 50.0


@dataclass(frozen=True)
class Instrument:
    """One instrument; ``kind`` is ``visual`` (an eye at the eyepiece), ``detector`` or ``radar``."""

    key: str
    label: str
    kind: str
    aperture_m: float
    magnification: float = 1.0
    wavelength_um: float = 0.55
    seeing_arcsec: float = 0.0          # typical seeing; 0 for adaptive optics or space
    best_seeing_arcsec: float = 0.0
    space: bool = False
    published_resolution_m: float | None = None  # radar: the published ground resolution
    source: str = ""
    tag: str = "[D]"
    short: str = ""      # for sentences: "7×50 binoculars", "the naked eye"
    plural: bool = False

    @property
    def resolves(self) -> str:
        """``"7×50 binoculars resolve"`` / ``"the naked eye resolves"``."""
        return f"{self.short or self.label} {'resolve' if self.plural else 'resolves'}"

    def diffraction_arcsec(self) -> float:
        return 1.22 * self.wavelength_um * 1e-6 / self.aperture_m * ARCSEC_PER_RAD

    def resolution_arcsec(self, best: bool = False) -> float:
        """Smallest resolved angle [arcsec]: diffraction, eye acuity over magnification, and seeing."""
        seeing = self.best_seeing_arcsec if best else self.seeing_arcsec
        limits = [self.diffraction_arcsec(), seeing]
        if self.kind == "visual":
            limits.append(EYE_ACUITY_ARCSEC / self.magnification)
        return float(max(limits))

    def as_record(self) -> dict:
        return {"key": self.key, "label": self.label, "kind": self.kind, "aperture_m": self.aperture_m,
                "magnification": self.magnification, "wavelength_um": self.wavelength_um,
                "seeing_arcsec": self.seeing_arcsec, "resolution_arcsec": self.resolution_arcsec(),
                "best_resolution_arcsec": self.resolution_arcsec(best=True), "source": self.source, "tag": self.tag}


_SEEING = "typical seeing 1.5″, best 1.0″ for amateur sites [M]"
INSTRUMENTS: dict[str, Instrument] = {i.key: i for i in (
    Instrument("naked-eye", "naked eye", "visual", EYE_PUPIL_M, 1.0, short="the naked eye", source="1′ acuity [R2], 7 mm pupil [M]", tag="[M]"),
    Instrument("binoculars-7x50", "7×50 binoculars", "visual", 0.050, 7.0, plural=True, source="aperture and power by name [D]"),
    Instrument("binoculars-15x70", "15×70 binoculars (tripod)", "visual", 0.070, 15.0,
               short="15×70 binoculars", plural=True, source="aperture and power by name [D]"),
    Instrument("amateur-20cm", "20 cm amateur telescope, eyepiece ×200", "visual", 0.20, 200.0,
               short="a 20 cm amateur telescope", seeing_arcsec=1.5,
               best_seeing_arcsec=1.0, source=_SEEING, tag="[M]"),
    Instrument("amateur-40cm", "40 cm amateur telescope, eyepiece ×300", "visual", 0.40, 300.0,
               short="a 40 cm amateur telescope", seeing_arcsec=1.5,
               best_seeing_arcsec=1.0, source=_SEEING, tag="[M]"),
    Instrument("vlt-8m", "8.2 m VLT, seeing-limited camera", "detector", 8.2, short="the VLT without adaptive optics", seeing_arcsec=0.8, best_seeing_arcsec=0.5,
               source="Paranal median seeing ~0.8″ [M]", tag="[M]"),
    Instrument("vlt-8m-ao", "8.2 m VLT with adaptive optics (NACO, 2.3 µm)", "detector", 8.2,
               short="the VLT with adaptive optics", wavelength_um=2.3,
               source="ESO eso0222a: 0.07″ lunar images with NACO [R]", tag="[R]"),
    Instrument("hst", "Hubble Space Telescope (0.5 µm)", "detector", 2.4, short="Hubble", wavelength_um=0.5, space=True,
               source="diffraction at 0.5 µm [D]; APOD 2002-06-28: ~80 m [R]"),
    Instrument("elt-39m", "39 m ELT with adaptive optics (1.0 µm)", "detector", 39.0, short="the 39 m ELT", wavelength_um=1.0,
               source="ESO ELT, diffraction-limited near-IR imaging [A]", tag="[A]"),
    Instrument("radar-gbt-vlba", "Green Bank Telescope radar → VLBA (planetary radar)", "radar", 100.0,
               short="planetary radar",
               published_resolution_m=5.0,
               source="NRAO/Raytheon Green Bank radar prototype, Tycho and Apollo 15 images at 5 m (2020-21) [R]",
               tag="[R]"),
)}


def get_instrument(key: str) -> Instrument:
    if key not in INSTRUMENTS:
        raise InputError("instrument", key, f"one of {', '.join(INSTRUMENTS)}")
    return INSTRUMENTS[key]


def _eye_threshold_lux(background_cd_m2):
    """Hecht–Schaefer threshold illuminance [lux] of a point seen against a background luminance [cd/m²]."""
    b_nl = np.asarray(background_cd_m2, dtype=float) * np.pi * 1e5  # 1 cd/m² = π·10⁵ nL
    night = b_nl < 1500.0
    c = np.where(night, 10.0**-9.8, 10.0**-8.350)
    k = np.where(night, 10.0**-1.9, 10.0**-5.90)
    foot_candles = c * (1.0 + np.sqrt(k * b_nl)) ** 2
    return foot_candles * 10.7639


def glare_veiling_cd_m2(glare_lux, angle_deg, age_years: float = 40.0, pigmentation: float = 0.5):
    """Veiling luminance [cd/m²] in the eye from a glare source (CIE 146:2002 general disability-glare equation) [M].

    ``glare_lux``: illuminance of the source at the eye; ``angle_deg``: its angular distance (≥ 0.1°).
    """
    theta = np.maximum(np.asarray(angle_deg, dtype=float), 0.1)
    age = 1.0 + (age_years / 62.5) ** 4
    per_lux = 10.0 / theta**3 + (5.0 / theta**2 + 0.1 * pigmentation / theta) * age + 0.0025 * pigmentation
    return np.asarray(glare_lux, dtype=float) * per_lux


def visual_limit(instrument: Instrument, background_cd_m2, glare_lux=0.0, glare_angle_deg=1.0):
    """Faintest V magnitude seen by eye through ``instrument`` against a background luminance [cd/m²].

    The background is dimmed by the exit pupil when it is smaller than the eye's; the point is
    brightened by the light grasp; glare from the lit Moon adds veiling luminance in the eye.
    """
    m = instrument.magnification
    t = 1.0 if m == 1.0 else VISUAL_TRANSMISSION
    effective_aperture = min(instrument.aperture_m, m * EYE_PUPIL_M)
    point_gain = t * (effective_aperture / EYE_PUPIL_M) ** 2
    extended_gain = t * min(1.0, (instrument.aperture_m / (m * EYE_PUPIL_M)) ** 2)
    glare_at_eye = np.asarray(glare_lux, dtype=float) * t * min(m * m, (instrument.aperture_m / EYE_PUPIL_M) ** 2)
    veil = glare_veiling_cd_m2(glare_at_eye, np.asarray(glare_angle_deg) * m)
    eye_background = np.asarray(background_cd_m2, dtype=float) * extended_gain + veil
    from .photometry import lux_to_magnitude

    return lux_to_magnitude(_eye_threshold_lux(eye_background)) + 2.5 * np.log10(point_gain)


def detector_limit(instrument: Instrument, background_mu, resolution_arcsec: float):
    """Faintest V magnitude detected at S/N 5 in one exposure against ``background_mu`` [mag/arcsec²]."""
    area_cm2 = np.pi / 4.0 * (instrument.aperture_m * 100.0) ** 2
    rate = V0_PHOTONS_S_CM2 * DETECTOR_THROUGHPUT * area_cm2 * EXPOSURE_S   # photons at V = 0
    element = np.pi / 4.0 * resolution_arcsec**2
    background = rate * 10.0 ** (-0.4 * np.asarray(background_mu, dtype=float)) * element
    signal = 0.5 * (SNR_DETECT**2 + np.sqrt(SNR_DETECT**4 + 4.0 * SNR_DETECT**2 * background))
    return -2.5 * np.log10(signal / rate)


def clutter_limit(surface_mu, resolution_arcsec: float):
    """Faintest V magnitude that stands out of the lunar surface's texture in one resolution element."""
    element = np.pi / 4.0 * resolution_arcsec**2
    return np.asarray(surface_mu, dtype=float) - 2.5 * np.log10(element) - 2.5 * np.log10(CLUTTER_FRACTION)
