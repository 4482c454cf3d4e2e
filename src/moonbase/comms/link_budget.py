"""Link budgets: the data rate a radio link closes at, and the data volume per day.

C/N0 = EIRP − L_fs − L_other + G/T − 10 log10(k);   R = C/N0 − (Eb/N0)_req − margin   (all in dB)

with G = η (π D / λ)², L_fs = (4π d / λ)². Textbook form: e.g. Wertz & Larson, *Space Mission
Analysis and Design* (3rd ed.), ch. 13. Defaults below are planning values; each says where it
comes from, and those recalled rather than read are tagged [M] and reported as such.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from ..errors import InputError

#: Boltzmann constant [J/K], exact since the 2019 SI redefinition.
BOLTZMANN = 1.380649e-23
#: Speed of light [m/s], exact by the SI definition of the metre.
SPEED_OF_LIGHT_M_S = 299_792_458.0

#: Representative downlink frequencies [Hz]: CCSDS 401.0-B / ITU allocations for lunar missions
#: (S 2.2-2.29 GHz, X 8.45-8.5 GHz, Ka 25.5-27 GHz near-Earth). [M] recalled band centres.
BANDS_HZ = {"S": 2.25e9, "X": 8.475e9, "Ka": 26.25e9}

#: Receiving system noise temperature at the ground station [K] by band, 34-m class antenna at
#: high elevation (DSN 810-005 module 101/104 order of magnitude). [M] recalled.
GROUND_NOISE_K = {"S": 40.0, "X": 30.0, "Ka": 45.0}

#: Spectrum available to one lunar link [Hz] by band: the 8.45-8.50 GHz X allocation is 50 MHz wide,
#: near-Earth Ka 25.5-27 GHz is 1.5 GHz; S-band lunar assignments are a few MHz. [M] recalled; at lunar
#: distances most links are bandwidth-limited, not power-limited.
BANDWIDTH_HZ = {"S": 5e6, "X": 50e6, "Ka": 1.5e9}

#: Bits per second per hertz of occupied bandwidth (QPSK with a rate-1/2 code ≈ 1). [M]
SPECTRAL_EFFICIENCY = 1.0

DEFAULT_CAVEATS = [
    "Link-budget defaults (band centres, ground noise temperatures 30-45 K, antenna efficiency 0.55-0.65, "
    "required Eb/N0 2.5 dB, 3 dB margin, 2 dB other losses, band widths S 5 MHz / X 50 MHz / Ka 1.5 GHz at 1 bit/s/Hz) "
    "are recalled planning values [M], not read in a source.",
]


@dataclass(frozen=True)
class Link:
    """One radio link. Powers in W, sizes in m, distance in km, temperatures in K, ratios in dB."""

    tx_power_w: float = 20.0            # surface X-band transmitter RF power [M]
    tx_diameter_m: float = 1.0          # surface high-gain antenna [M]
    tx_efficiency: float = 0.55         # aperture efficiency, typical parabolic dish [M]
    rx_diameter_m: float = 34.0         # DSN 34 m beam-waveguide class
    rx_efficiency: float = 0.65         # large ground antenna aperture efficiency [M]
    band: str = "X"
    distance_km: float = 384_400.0      # mean Earth-Moon distance
    system_noise_k: float | None = None  # None: GROUND_NOISE_K[band]
    required_ebn0_db: float = 2.5       # rate-1/2 convolutional + RS, BER 1e-6 order [M]
    margin_db: float = 3.0              # design margin [M]
    other_losses_db: float = 2.0        # pointing, polarisation, atmosphere, implementation [M]

    def __post_init__(self):
        checks = {
            "tx_power_w": (self.tx_power_w, 0.0, 1e6), "tx_diameter_m": (self.tx_diameter_m, 0.0, 200.0),
            "rx_diameter_m": (self.rx_diameter_m, 0.0, 200.0), "distance_km": (self.distance_km, 0.0, 1e9),
        }
        for name, (value, lo, hi) in checks.items():
            if not lo < value <= hi:
                raise InputError(name, value, f"a value in ({lo:g}, {hi:g}]")
        for name in ("tx_efficiency", "rx_efficiency"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise InputError(name, value, "an aperture efficiency between 0 and 1")
        if self.band not in BANDS_HZ:
            raise InputError("band", self.band, f"one of {', '.join(BANDS_HZ)}")
        if self.system_noise_k is not None and not self.system_noise_k > 0:
            raise InputError("system_noise_k", self.system_noise_k, "a positive noise temperature in kelvin")

    @property
    def frequency_hz(self) -> float:
        return BANDS_HZ[self.band]

    @property
    def noise_k(self) -> float:
        return self.system_noise_k if self.system_noise_k is not None else GROUND_NOISE_K[self.band]


def db(x: float) -> float:
    return 10.0 * math.log10(x)


def antenna_gain_dbi(diameter_m: float, frequency_hz: float, efficiency: float) -> float:
    """Gain of a circular aperture [dBi]: η (π D / λ)²."""
    wavelength = SPEED_OF_LIGHT_M_S / frequency_hz
    return db(efficiency * (math.pi * diameter_m / wavelength) ** 2)


def free_space_loss_db(distance_km: float, frequency_hz: float) -> float:
    """(4π d / λ)² [dB]."""
    wavelength = SPEED_OF_LIGHT_M_S / frequency_hz
    return 2.0 * db(4.0 * math.pi * distance_km * 1000.0 / wavelength)


def budget(link: Link) -> dict:
    """Every line of the budget and the data rate it closes at [bit/s]."""
    f = link.frequency_hz
    tx_gain = antenna_gain_dbi(link.tx_diameter_m, f, link.tx_efficiency)
    rx_gain = antenna_gain_dbi(link.rx_diameter_m, f, link.rx_efficiency)
    eirp = db(link.tx_power_w) + tx_gain
    loss = free_space_loss_db(link.distance_km, f)
    g_over_t = rx_gain - db(link.noise_k)
    cn0 = eirp - loss - link.other_losses_db + g_over_t - db(BOLTZMANN)
    rate_db = cn0 - link.required_ebn0_db - link.margin_db
    power_limited = 10.0 ** (rate_db / 10.0)
    bandwidth_limited = BANDWIDTH_HZ[link.band] * SPECTRAL_EFFICIENCY
    return {
        **asdict(link),
        "frequency_hz": f,
        "system_noise_k": link.noise_k,
        "tx_gain_dbi": tx_gain,
        "rx_gain_dbi": rx_gain,
        "eirp_dbw": eirp,
        "free_space_loss_db": loss,
        "g_over_t_db_k": g_over_t,
        "cn0_dbhz": cn0,
        "power_limited_rate_bps": power_limited,
        "bandwidth_limited_rate_bps": bandwidth_limited,
        "data_rate_bps": min(power_limited, bandwidth_limited),
        "limited_by": "power" if power_limited < bandwidth_limited else "bandwidth",
    }


def daily_volume_gbit(data_rate_bps: float, link_fraction: float) -> float:
    """Data per day [Gbit] at ``data_rate_bps`` when the link is up ``link_fraction`` of the time."""
    return data_rate_bps * link_fraction * 86_400.0 / 1e9
