"""Δv budgets from launch to the surface (and back where crewed) per architecture, and the payload each
launcher–lander combination lands per launch (rocket equation).

Each leg has a *computed* value (Moonbase's models: the transfer's TLI Δv and v∞, patched-conic
insertion, a Hohmann descent from low lunar orbit plus stated gravity and hover losses, the reserve)
and, where one exists, the *published* value of Acta Astronautica 177 (2020) 351–372,
doi:10.1016/j.actaastro.2020.07.032, Table 4 "Summary of ΔV requirements" (values from Mueller 2012
including a 5 % reserve; NRHO legs from NASA's DAC2 study) [R]. Legs with no model here (NRHO↔LLO,
NRHO→TEI, RPOD, entry) use the published value in both columns.

Architectures: ``direct-llo`` (Chang'e/ILRS style: TLI, insertion into a 100 km circular orbit,
descent), ``nrho`` (Artemis: TLI, NRHO insertion, NRHO→LLO, descent), ``direct-descent`` (TLI then a
braking burn straight to the surface). Crewed returns add ascent, the return legs and entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..constants import MOON_RADIUS_KM
from ..errors import InputError
from ..orbits.elements import GM_MOON
from .conics import G0_M_S2, circular_speed, hyperbolic_periapsis_speed, loi_circular, plane_change, tli_from_circular, vis_viva
from .insertion import nrho_insertion_dv
from .vehicles import Catalogue, Lander, Launcher

ARCHITECTURES = ("direct-llo", "nrho", "direct-descent")
PUBLISHED_SOURCE = ("Acta Astronautica 177 (2020) 351-372, doi:10.1016/j.actaastro.2020.07.032, Table 4 "
                    "(Mueller 2012 values incl. 5 % reserve; NRHO legs NASA DAC2)")
#: Acta Astronautica 177 (2020), Table 4 [km/s] [R].
PUBLISHED_KM_S = {
    "LEO→TLI": 3.276, "TLI→surface": 2.900, "TLI→LLO": 0.952, "TLI→NRHO": 0.450, "NRHO→LLO": 0.740,
    "LLO→surface": 2.180, "landing plane change": 0.071, "surface→LLO": 1.968, "LLO→TEI": 1.256,
    "LLO→NRHO": 0.850, "NRHO→TEI": 0.450, "TEI→splashdown": 0.011, "RPOD": 0.045,
}
PUBLISHED_PARKING_ALTITUDE_KM = 407.0  # the table's LEO


@dataclass(frozen=True)
class BudgetParameters:
    """Stated parameters of the computed legs (defaults with their sources)."""

    parking_altitude_km: float = 200.0
    llo_altitude_km: float = 100.0
    #: TLI Δv [km/s] and arrival v∞ [km/s]: from a targeted transfer when given, else vis-viva to the
    #: Moon's mean distance (384,400 km) and v∞ = 0.80 km/s (the targeted transfers of 2030 give 0.79-0.81).
    tli_dv_km_s: float | None = None
    arrival_vinf_km_s: float = 0.80
    #: Descent gravity and hover losses [km/s] above the Hohmann descent: Apollo LM descent budget
    #: ~2.1 km/s against a 1.73 km/s ideal, as recalled [M].
    descent_losses_km_s: float = 0.35
    #: Ascent gravity losses [km/s]: Apollo LM ascent ~1.85 km/s against 1.73 ideal, as recalled [M].
    ascent_losses_km_s: float = 0.15
    landing_plane_change_deg: float = 2.5   # the table's case [R]
    reserve_fraction: float = 0.05          # the table's reserve [R]


@dataclass(frozen=True)
class Leg:
    name: str
    computed_km_s: float
    published_km_s: float | None
    method: str
    tag: str  # of the computed value

    @property
    def used_km_s(self) -> float:
        return self.computed_km_s


@dataclass
class Budget:
    architecture: str
    crewed: bool
    parameters: BudgetParameters
    legs: list[Leg] = field(default_factory=list)

    def total_km_s(self, to_surface_only: bool = False, after_tli: bool = False) -> float:
        legs = self.outbound() if to_surface_only else self.legs
        if after_tli:
            legs = [leg for leg in legs if leg.name != "LEO→TLI"]
        return float(sum(leg.computed_km_s for leg in legs))

    def outbound(self) -> list[Leg]:
        out = []
        for leg in self.legs:
            out.append(leg)
            if leg.name.endswith("→surface"):
                break
        return out

    def rows(self) -> list[dict]:
        return [{"leg": l.name, "computed_km_s": round(l.computed_km_s, 4),
                 "published_km_s": l.published_km_s, "tag": l.tag, "method": l.method} for l in self.legs]


def _descent_ideal(llo_altitude_km: float) -> float:
    """Hohmann descent from a circular orbit to the surface: deorbit burn + perilune speed [km/s]."""
    r_llo = MOON_RADIUS_KM + llo_altitude_km
    a = 0.5 * (r_llo + MOON_RADIUS_KM)
    deorbit = circular_speed(GM_MOON, r_llo) - vis_viva(GM_MOON, r_llo, a)
    return float(deorbit + vis_viva(GM_MOON, MOON_RADIUS_KM, a))


def delta_v_budget(architecture: str, crewed: bool = False, parameters: BudgetParameters = BudgetParameters()) -> Budget:
    """The Δv legs of ``architecture`` (one of ``ARCHITECTURES``) with the reserve applied to computed legs."""
    if architecture not in ARCHITECTURES:
        raise InputError("architecture", architecture, f"one of {', '.join(ARCHITECTURES)}")
    p = parameters
    k = 1.0 + p.reserve_fraction
    reserve = f" × (1 + {p.reserve_fraction:g} reserve)"
    tli = p.tli_dv_km_s if p.tli_dv_km_s is not None else float(tli_from_circular(p.parking_altitude_km, 384_400.0))
    tli_method = ("targeted transfer (DE421 Earth+J2, Moon, Sun)" if p.tli_dv_km_s is not None
                  else "vis-viva to the Moon's mean distance") + f" from {p.parking_altitude_km:g} km" + reserve
    vinf = p.arrival_vinf_km_s
    v_llo = float(circular_speed(GM_MOON, MOON_RADIUS_KM + p.llo_altitude_km))
    descent = _descent_ideal(p.llo_altitude_km)

    def leg(name, value, method, tag="[C]", with_reserve=True):
        return Leg(name, value * (k if with_reserve else 1.0), PUBLISHED_KM_S.get(name),
                   method + (reserve if with_reserve else ""), tag)

    def published(name):
        return Leg(name, PUBLISHED_KM_S[name], PUBLISHED_KM_S[name], f"published ({PUBLISHED_SOURCE})", "[R]")

    legs = [Leg("LEO→TLI", tli * k, PUBLISHED_KM_S["LEO→TLI"], tli_method, "[C]")]
    loss_tag = "[M]"
    if architecture == "direct-descent":
        v_surface = float(hyperbolic_periapsis_speed(vinf, MOON_RADIUS_KM))
        legs.append(leg("TLI→surface", v_surface + p.descent_losses_km_s,
                        f"hyperbola (v∞ {vinf:.3f} km/s) stopped at the surface + {p.descent_losses_km_s:g} km/s losses", loss_tag))
    else:
        if architecture == "direct-llo":
            legs.append(leg("TLI→LLO", float(loi_circular(vinf, p.llo_altitude_km)),
                            f"patched conic, v∞ {vinf:.3f} km/s into {p.llo_altitude_km:g} km circular"))
        else:
            legs.append(leg("TLI→NRHO", float(nrho_insertion_dv(vinf)),
                            f"patched conic, v∞ {vinf:.3f} km/s to the 9:2 NRHO perilune (CR3BP), plane aligned"))
            legs.append(published("NRHO→LLO"))
        legs.append(leg("landing plane change", float(plane_change(v_llo, p.landing_plane_change_deg)),
                        f"2 v sin(Δi/2), Δi = {p.landing_plane_change_deg:g} deg at {p.llo_altitude_km:g} km "
                        "(no reserve, as the table's calculated value)", with_reserve=False))
        legs.append(leg("LLO→surface", descent + p.descent_losses_km_s,
                        f"Hohmann descent {descent:.3f} km/s + {p.descent_losses_km_s:g} km/s gravity/hover losses", loss_tag))
    if crewed:
        legs.append(leg("surface→LLO", descent + p.ascent_losses_km_s,
                        f"Hohmann ascent {descent:.3f} km/s + {p.ascent_losses_km_s:g} km/s gravity losses", loss_tag))
        if architecture == "nrho":
            legs += [published("LLO→NRHO"), published("RPOD"), published("NRHO→TEI")]
        else:
            legs.append(leg("LLO→TEI", float(loi_circular(vinf, p.llo_altitude_km)),
                            f"patched conic, departure v∞ {vinf:.3f} km/s (no plane change for an anytime return)"))
        legs.append(published("TEI→splashdown"))
    return Budget(architecture, crewed, p, legs)


@dataclass(frozen=True)
class PayloadEstimate:
    """Cargo landed by one launcher–lander combination."""

    launcher: str
    lander: str
    architecture: str
    cargo_kg: float
    cargo_per_launch_kg: float
    launches: int
    delta_v_km_s: float
    tag: str
    method: str
    limited_by: str = ""

    @property
    def key(self) -> str:
        return f"{self.launcher}+{self.lander}"

    def as_dict(self) -> dict:
        return {"launcher": self.launcher, "lander": self.lander, "architecture": self.architecture,
                "kg": round(self.cargo_kg, 1), "kg_per_launch": round(self.cargo_per_launch_kg, 1),
                "launches_per_landing": self.launches, "delta_v_km_s": round(self.delta_v_km_s, 4),
                "tag": self.tag, "method": self.method, "limited_by": self.limited_by}


_TAG_ORDER = ("[M]", "[A]", "[3P]", "[U]", "[R2]", "[R]", "[D]", "[C]")


def _weakest(*tags: str) -> str:
    for tag in _TAG_ORDER[:4]:
        if tag in tags:
            return tag
    return "[D]"


def payload_to_surface(launcher: Launcher, lander: Lander, budget: Budget) -> PayloadEstimate:
    """Cargo [kg] landed per landing and per launch (rocket equation over the budget's outbound legs)."""
    ve = lander.isp_s * G0_M_S2 / 1000.0  # km/s
    tag = _weakest(launcher.tag, lander.tag, "[M]" if any(l.tag == "[M]" for l in budget.outbound()) else "[D]")
    if lander.mode == "refuelled":
        dv = budget.total_km_s(to_surface_only=True)
        ratio = np.exp(dv / ve)
        cargo = lander.propellant_t / (ratio - 1.0) - lander.dry_t
        method = (f"refuelled stage: {lander.propellant_t:g} t propellant, {lander.dry_t:g} t dry, Isp {lander.isp_s:g} s "
                  f"over {dv:.3f} km/s LEO→surface: m_cargo = m_prop/(e^(Δv/ve) − 1) − m_dry")
    else:
        if launcher.tli_t <= 0:
            raise InputError("launcher", launcher.key, "a launcher with a TLI capability (tli_t > 0) for a lander injected at TLI")
        dv = budget.total_km_s(to_surface_only=True, after_tli=True)
        m0 = launcher.tli_t
        final = m0 * np.exp(-dv / ve)
        inert = lander.inert_fraction / (1.0 - lander.inert_fraction) * (m0 - final)
        cargo = final - inert
        method = (f"{m0:g} t at TLI; Isp {lander.isp_s:g} s over {dv:.3f} km/s TLI→surface; inert mass "
                  f"{lander.inert_fraction:g} of the stage: m_cargo = m0 e^(−Δv/ve) − f/(1 − f)·m_prop")
    limited = ""
    if cargo > lander.max_cargo_t:
        cargo, limited = lander.max_cargo_t, f"the lander's {lander.max_cargo_t:g} t cargo limit"
    if cargo <= 0:
        cargo, limited = 0.0, "the rocket equation (no cargo left after the lander's own mass)"
    launches = lander.launches_per_landing
    return PayloadEstimate(launcher.key, lander.key, budget.architecture, cargo * 1000.0, cargo * 1000.0 / launches,
                           launches, dv, tag, method, limited)


def payload_table(catalogue: Catalogue, budgets: dict[str, Budget], lander_architecture: dict[str, str] | None = None
                  ) -> list[PayloadEstimate]:
    """Every compatible launcher–lander combination; ``lander_architecture`` maps a lander to its architecture
    (default: Starship HLS and Blue Moon via the NRHO as in Artemis, the others direct to LLO)."""
    arch = {"starship-hls": "nrho", "blue-moon-mk1": "nrho"} | dict(lander_architecture or {})
    estimates = []
    for lander in catalogue.landers():
        budget = budgets[arch.get(lander.key, "direct-llo")]
        for launcher in catalogue.launchers():
            if lander.launched_by and launcher.key not in lander.launched_by:
                continue
            if not lander.launched_by and (launcher.tli_t <= 0 or lander.mode == "refuelled"):
                continue
            if lander.mode == "tli" and launcher.tli_t <= 0:
                continue
            estimates.append(payload_to_surface(launcher, lander, budget))
    return estimates
