"""Power technologies and their planning figures, each with its source and tag.

Tags are those of :data:`moonbase.contract.TAGS` (explained in ``docs/provenance.md``): [R] read in
the cited source, [R2] read in a secondary source that cites the primary one, [D] derived here,
[M] recalled, not verified: a default to check. Values tagged [M] or [R2] are shown as caveats in
the outputs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    tag: str
    source: str

    @property
    def caveat(self) -> str | None:
        if self.tag in ("[M]", "[R2]", "[3P]", "[A]"):
            return f"{self.value:g} {self.unit} {self.tag}: {self.source}"
        return None


ARRAY_SPECIFIC_POWER = Figure(150.0, "W/kg", "[R]", "flexible blanket arrays (30-50 kW class), Mikulas, Pappa, Warren & Rose, "
                              "NASA NTRS 20150006022, https://ntrs.nasa.gov/citations/20150006022")
ARRAY_STRUCTURE_FACTOR = Figure(2.0, "x blanket mass", "[M]",
                                "mast, structure and tracking gimbal assumed to double the blanket mass (VSAT-class 10 m mast; "
                                "NASA STMD Vertical Solar Array Technology), recalled")
LI_ION_SPECIFIC_ENERGY = Figure(130.0, "Wh/kg", "[M]", "Li-ion at battery level 100-160 Wh/kg, midpoint; recalled, to be read in "
                                "JPL D-101146, Energy Storage Technologies for Future Planetary Science Missions (2017), and "
                                "NASA SST-SOA ch. 3, https://www.nasa.gov/smallsat-institute/sst-soa/power")
LI_ION_ROUND_TRIP = Figure(0.90, "", "[M]", "Li-ion round-trip efficiency (charge 0.95 x discharge 0.95), recalled")
LI_ION_DEPTH_OF_DISCHARGE = Figure(0.80, "", "[M]", "Li-ion depth-of-discharge limit for long cycle life, recalled")
RFC_SPECIFIC_ENERGY = Figure(500.0, "Wh/kg", "[M]",
                             "regenerative H2/O2 fuel cell, half the ~1,000 Wh/kg stationary lunar-base projection of 'Fuel cell "
                             "technology for lunar surface operations', Lunar Materials Technology Symposium 1992 "
                             "(ADS 1992lmt..symp) [R], halved for tanks and balance of plant (an assumption)")
RFC_ROUND_TRIP = Figure(0.50, "", "[M]", "regenerative fuel cell round-trip efficiency (electrolyser x fuel cell), recalled")
RFC_DEPTH_OF_DISCHARGE = Figure(0.95, "", "[M]", "usable fraction of stored reactants, recalled")
FISSION_40KWE_MASS = Figure(6000.0, "kg per 40 kWe", "[R2]", "NASA/INL Fission Surface Power Phase 1 RFP (Nov 2021): >= 40 kWe "
                            "for 10 yr, <= 6,000 kg (INL FSP FAQ, https://fsp.inl.gov; AIAA news 22 Nov 2021)")
KILOPOWER_10KWE_MASS = Figure(1500.0, "kg per 10 kWe", "[R2]", "Kilopower 10 kWe unit about 1,500 kg (226 kg core); "
                              "design: Mason & Carmichael, NASA/TM-2011-217204, NTRS 20120001793")


@dataclass(frozen=True)
class Storage:
    name: str
    specific_energy_wh_kg: float
    round_trip_efficiency: float
    depth_of_discharge: float
    figures: tuple[Figure, ...]

    @property
    def charge_efficiency(self) -> float:
        return self.round_trip_efficiency ** 0.5

    @property
    def discharge_efficiency(self) -> float:
        return self.round_trip_efficiency ** 0.5


LI_ION = Storage("Li-ion", LI_ION_SPECIFIC_ENERGY.value, LI_ION_ROUND_TRIP.value, LI_ION_DEPTH_OF_DISCHARGE.value,
                 (LI_ION_SPECIFIC_ENERGY, LI_ION_ROUND_TRIP, LI_ION_DEPTH_OF_DISCHARGE))
RFC = Storage("regenerative fuel cell", RFC_SPECIFIC_ENERGY.value, RFC_ROUND_TRIP.value, RFC_DEPTH_OF_DISCHARGE.value,
              (RFC_SPECIFIC_ENERGY, RFC_ROUND_TRIP, RFC_DEPTH_OF_DISCHARGE))
STORAGES = {"li-ion": LI_ION, "rfc": RFC}


def array_mass_kg(array_kw: float) -> float:
    """Array plus mast and structure [kg] for a rated output at normal incidence, 1 au [kW]."""
    return array_kw * 1000.0 / ARRAY_SPECIFIC_POWER.value * ARRAY_STRUCTURE_FACTOR.value


def fission_mass_kg(kwe: float) -> tuple[float, str]:
    """Lightest way to supply ``kwe`` with whole units: 10 kWe Kilopower units or 40 kWe FSP units."""
    import math

    if kwe <= 0:
        return 0.0, "none"
    kilopower = math.ceil(kwe / 10.0) * KILOPOWER_10KWE_MASS.value
    fsp = math.ceil(kwe / 40.0) * FISSION_40KWE_MASS.value
    if kilopower <= fsp:
        return kilopower, f"{math.ceil(kwe / 10.0)} x 10 kWe Kilopower"
    return fsp, f"{math.ceil(kwe / 40.0)} x 40 kWe FSP"


def all_caveats() -> list[str]:
    from .sizing import STORAGE_MARGIN

    extra = [f"Storage sized {100 * STORAGE_MARGIN:.0f} % above the worst spell of the period [M]: a recalled design margin."]
    figures = [ARRAY_SPECIFIC_POWER, ARRAY_STRUCTURE_FACTOR, FISSION_40KWE_MASS, KILOPOWER_10KWE_MASS]
    for storage in STORAGES.values():
        figures += list(storage.figures)
    return [f.caveat for f in figures if f.caveat] + extra
