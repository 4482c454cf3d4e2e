"""Crew consumables per crew-day: NASA BVAD Rev 2 metabolic rates with life-support loop closure.

Rates are those of a reference 82 kg crew member (Anderson, Ewert, Keener (eds.), *Life Support
Baseline Values and Assumptions Document*, NASA/TP-2015-218570/REV2, Feb 2022, Table 3-31, NTRS
20210024855; read through a verbatim transcription, tag [R2]). Loop closure: the water recovery
default is SpaceNet's (3.6 kg/crew-day gross with 42 % recovery, ``CrewConsumablesDemandModel`` in
space-logistics-org/spacenet-java) [R]; oxygen is open loop by default (SpaceNet's model recovers
none) [R]; food is never recovered (no crops) [D].
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

ITEMS = ("o2", "water", "food", "spares")
ITEM_LABELS = {"o2": "oxygen", "water": "water", "food": "food", "spares": "spares"}

BVAD_SOURCE = "NASA BVAD Rev 2 (NASA/TP-2015-218570/REV2, 2022), Table 3-31, NTRS 20210024855"
O2_KG_PER_CREW_DAY = 0.895        # [R2] BVAD Rev 2
POTABLE_WATER_KG_PER_CREW_DAY = 3.217  # [R2] BVAD Rev 2
FOOD_SOLIDS_KG_PER_CREW_DAY = 0.800    # [R2] BVAD Rev 2 (dry, no packaging)
FOOD_WATER_KG_PER_CREW_DAY = 0.760     # [R2] BVAD Rev 2 (water carried in the food)
SPACENET_WATER_RECOVERY = 0.42   # [R] SpaceNet CrewConsumablesDemandModel
#: Spares per year as a fraction of the dry mass of a maintained element: 0.05 kg/yr per kg, the ISRU
#: maintenance default of Isaji & Ho's space-logistics-optimization (src/run.py) [R], applied here to
#: every maintained element while crew is present to fit the parts [D] (SpaceNet's sparing-by-mass model).
SPARES_FRACTION_PER_YEAR = 0.05


@dataclass(frozen=True)
class LifeSupport:
    """Crew demand per crew-day [kg/CM-d] and the loop-closure fractions (0 = open loop, 1 = closed)."""

    o2_kg_per_crew_day: float = O2_KG_PER_CREW_DAY
    potable_water_kg_per_crew_day: float = POTABLE_WATER_KG_PER_CREW_DAY
    food_kg_per_crew_day: float = FOOD_SOLIDS_KG_PER_CREW_DAY + FOOD_WATER_KG_PER_CREW_DAY
    water_recovery: float = SPACENET_WATER_RECOVERY
    o2_recovery: float = 0.0
    o2_leak_kg_per_day: float = 0.0
    spares_fraction_per_year: float = SPARES_FRACTION_PER_YEAR

    def __post_init__(self):
        for name in ("water_recovery", "o2_recovery"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(name, value, "a fraction between 0 and 1")
        for name in ("o2_kg_per_crew_day", "potable_water_kg_per_crew_day", "food_kg_per_crew_day",
                     "o2_leak_kg_per_day", "spares_fraction_per_year"):
            if not getattr(self, name) >= 0.0:
                raise InputError(name, getattr(self, name), "a non-negative rate")

    @property
    def net_o2(self) -> float:
        """O2 drawn from stores per crew-day after recovery [kg]."""
        return self.o2_kg_per_crew_day * (1.0 - self.o2_recovery)

    @property
    def net_water(self) -> float:
        """Potable water drawn from stores per crew-day after recovery [kg]."""
        return self.potable_water_kg_per_crew_day * (1.0 - self.water_recovery)

    @property
    def net_food(self) -> float:
        """Packaged food (solids + the water in it) per crew-day [kg]."""
        return self.food_kg_per_crew_day


def crew_demand_kg(crew_days: float, life_support: LifeSupport = LifeSupport()) -> dict[str, float]:
    """Net O2, water and food for ``crew_days`` crew-member-days [kg] (leakage and spares not included)."""
    if crew_days < 0:
        raise InputError("crew_days", crew_days, "a non-negative number of crew-member-days")
    return {"o2": crew_days * life_support.net_o2, "water": crew_days * life_support.net_water,
            "food": crew_days * life_support.net_food}
