"""Orbital elements of many objects as arrays, and their conversion to SGP4 element sets (TLE, OMM).

``ElementSet`` holds Keplerian mean elements (semi-major axis [km], eccentricity, angles [rad]),
a ballistic coefficient ``B = C_D A / m`` [m^2/kg] and one epoch per object. It is what the breakup
produces, what evolution advances, and what :func:`to_catalog` turns into a
:class:`~moonbase.traffic.catalog.Catalog` that screening and COLA read (through SGP4 ``Satrec``
objects initialised from the elements, so the files written are the ones the readers check).

B* from B (Hoots & Roehrich 1980, Spacetrack Report No. 3, §12; Vallado et al. 2006, AIAA 2006-6753):
``B* = B rho0 / 2`` with ``rho0 = 2.461e-5 kg/m^2/ER`` expressed per Earth radius, i.e. ``B* [1/ER] =
B [m^2/kg] * 0.15696615 / 2`` (rho0 = 0.15696615 kg m^-2 ER^-1) [M].
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from sgp4.api import WGS72, Satrec
from sgp4.exporter import export_omm, export_tle

from ..output import write_text_atomic
from ..traffic.catalog import Catalog, CatalogObject, _epoch_datetime64

#: WGS-72 constants, as SGP4 uses (Vallado et al. 2006): mu [km^3/s^2], equatorial radius [km], J2.
MU_KM3_S2 = 398600.8
EARTH_RADIUS_KM = 6378.135
J2 = 0.001082616
#: SGP4 reference density rho0 per Earth radius [kg m^-2 ER^-1] for B* = B rho0 / 2 [M].
BSTAR_RHO0 = 0.15696615
#: Default drag coefficient of a tumbling fragment (free-molecular flow, a common choice) [M].
DEFAULT_DRAG_COEFFICIENT = 2.2
#: First catalogue number given to modelled fragments: 100000 is 'A0000' in the Alpha-5 scheme, beyond
#: every real 5-digit number, so a cloud can be merged with a real catalogue (Space-Track, "Alpha-5").
FRAGMENT_NUMBER_BASE = 100_000
_UNIX_EPOCH_JD = 2440587.5
_SGP4_EPOCH_JD = 2433281.5  # 1949 December 31 00:00 UT, sgp4init's epoch origin


@dataclass
class ElementSet:
    """Mean elements of ``n`` objects (index-aligned). Angles in radians; ``epoch`` datetime64[ms] UTC."""

    a_km: np.ndarray
    e: np.ndarray
    i_rad: np.ndarray
    raan_rad: np.ndarray
    argp_rad: np.ndarray
    mean_anomaly_rad: np.ndarray
    b_m2_kg: np.ndarray
    epoch: np.ndarray
    norad: np.ndarray
    names: list
    designator: str = ""  # international designator of the parent, e.g. 1999-025

    def __len__(self) -> int:
        return self.a_km.size

    @property
    def perigee_km(self) -> np.ndarray:
        return self.a_km * (1.0 - self.e) - EARTH_RADIUS_KM

    @property
    def apogee_km(self) -> np.ndarray:
        return self.a_km * (1.0 + self.e) - EARTH_RADIUS_KM

    @property
    def period_min(self) -> np.ndarray:
        return 2.0 * np.pi * np.sqrt(self.a_km**3 / MU_KM3_S2) / 60.0

    def subset(self, index) -> "ElementSet":
        index = np.flatnonzero(index) if np.asarray(index).dtype == bool else np.asarray(index)
        return ElementSet(self.a_km[index], self.e[index], self.i_rad[index], self.raan_rad[index],
                          self.argp_rad[index], self.mean_anomaly_rad[index], self.b_m2_kg[index],
                          self.epoch[index], self.norad[index], [self.names[k] for k in index], self.designator)

    @staticmethod
    def concatenate(sets: list["ElementSet"]) -> "ElementSet":
        cat = lambda name: np.concatenate([getattr(s, name) for s in sets])  # noqa: E731
        return ElementSet(cat("a_km"), cat("e"), cat("i_rad"), cat("raan_rad"), cat("argp_rad"),
                          cat("mean_anomaly_rad"), cat("b_m2_kg"), cat("epoch"), cat("norad"),
                          [n for s in sets for n in s.names], sets[0].designator if sets else "")


def state_to_elements(r_km: np.ndarray, v_km_s: np.ndarray, mu: float = MU_KM3_S2):
    """Classical elements (a, e, i, RAAN, argp, M) of (n, 3) position/velocity; a < 0 for hyperbolas."""
    r = np.atleast_2d(r_km).astype(float)
    v = np.atleast_2d(v_km_s).astype(float)
    rn = np.linalg.norm(r, axis=1)
    vn2 = np.einsum("ij,ij->i", v, v)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=1)
    node = np.cross(np.array([0.0, 0.0, 1.0]), h)
    nn = np.linalg.norm(node, axis=1)
    evec = ((vn2 - mu / rn)[:, None] * r - np.einsum("ij,ij->i", r, v)[:, None] * v) / mu
    e = np.linalg.norm(evec, axis=1)
    energy = vn2 / 2.0 - mu / rn
    a = -mu / (2.0 * energy)
    inc = np.arccos(np.clip(h[:, 2] / hn, -1.0, 1.0))
    safe_nn = np.where(nn > 1e-12, nn, 1.0)
    raan = np.where(nn > 1e-12, np.arctan2(node[:, 1], node[:, 0]), 0.0)
    safe_e = np.where(e > 1e-10, e, 1.0)
    # Argument of perigee and true anomaly; for near-circular orbits the perigee is the node.
    cos_w = np.einsum("ij,ij->i", node, evec) / (safe_nn * safe_e)
    argp = np.arccos(np.clip(cos_w, -1.0, 1.0))
    argp = np.where(evec[:, 2] < 0, 2.0 * np.pi - argp, argp)
    cos_nu = np.einsum("ij,ij->i", evec, r) / (safe_e * rn)
    nu = np.arccos(np.clip(cos_nu, -1.0, 1.0))
    nu = np.where(np.einsum("ij,ij->i", r, v) < 0, 2.0 * np.pi - nu, nu)
    circular = e <= 1e-10
    if circular.any():
        cos_u = np.einsum("ij,ij->i", node, r) / (safe_nn * rn)
        u = np.arccos(np.clip(cos_u, -1.0, 1.0))
        u = np.where(r[:, 2] < 0, 2.0 * np.pi - u, u)
        argp = np.where(circular, 0.0, argp)
        nu = np.where(circular, u, nu)
    ecc_anomaly = 2.0 * np.arctan2(np.sqrt(np.clip(1.0 - e, 0, None)) * np.sin(nu / 2.0),
                                   np.sqrt(1.0 + e) * np.cos(nu / 2.0))
    mean_anomaly = np.mod(ecc_anomaly - e * np.sin(ecc_anomaly), 2.0 * np.pi)
    return a, e, inc, np.mod(raan, 2.0 * np.pi), np.mod(argp, 2.0 * np.pi), mean_anomaly


def kozai_mean_motion(a_km: np.ndarray, e: np.ndarray, i_rad: np.ndarray) -> np.ndarray:
    """The Kozai mean motion [rad/min] of a TLE whose SGP4 (Brouwer) semi-major axis is ``a_km``.

    SGP4 turns the TLE's Kozai mean motion n_k into n_k / (1 + delta) with
    delta = 0.75 J2 (3 cos^2 i - 1) / (1 - e^2)^1.5 / a^2 (a in Earth radii; Hoots & Roehrich 1980,
    Vallado et al. 2006 ``sgp4init``); this inverts it by fixed-point iteration.
    """
    a_er = np.asarray(a_km, float) / EARTH_RADIUS_KM
    xke = 60.0 / np.sqrt(EARTH_RADIUS_KM**3 / MU_KM3_S2)
    n_brouwer = xke / a_er**1.5
    d1 = 0.75 * J2 * (3.0 * np.cos(i_rad) ** 2 - 1.0) / (1.0 - np.asarray(e, float) ** 2) ** 1.5
    n_kozai = n_brouwer
    for _ in range(6):
        ak = (xke / n_kozai) ** (2.0 / 3.0)
        delta = d1 / ak**2
        adel = ak * (1.0 - delta**2 - delta * (1.0 / 3.0 + 134.0 * delta**2 / 81.0))
        delta = d1 / adel**2
        n_kozai = n_brouwer * (1.0 + delta)
    return n_kozai


def bstar_from_b(b_m2_kg: np.ndarray) -> np.ndarray:
    """SGP4 B* [1/ER] from the ballistic coefficient C_D A/m [m^2/kg] (module docstring) [M]."""
    return np.asarray(b_m2_kg, dtype=float) * BSTAR_RHO0 / 2.0


def b_from_bstar(bstar: np.ndarray) -> np.ndarray:
    """C_D A/m [m^2/kg] from SGP4 B* [1/ER]."""
    return 2.0 * np.asarray(bstar, dtype=float) / BSTAR_RHO0


def _alpha5(number: int) -> str:
    """Catalogue number as the 5 characters of a TLE (Alpha-5 letters A-Z without I and O above 99,999)."""
    if number < 100_000:
        return f"{number:05d}"
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    head, rest = divmod(number, 10_000)
    return letters[head - 10] + f"{rest:04d}"


def satrecs(elements: ElementSet) -> list[Satrec]:
    """SGP4 ``Satrec`` objects initialised from the mean elements (WGS-72, improved mode)."""
    out = []
    epoch_days = (elements.epoch.astype("datetime64[ms]").astype(np.int64) / 86_400_000.0) + (_UNIX_EPOCH_JD - _SGP4_EPOCH_JD)
    n_rad_min = kozai_mean_motion(elements.a_km, elements.e, elements.i_rad)
    bstar = bstar_from_b(elements.b_m2_kg)
    for k in range(len(elements)):
        sat = Satrec()
        sat.sgp4init(WGS72, "i", int(elements.norad[k]), float(epoch_days[k]), float(bstar[k]), 0.0, 0.0,
                     float(elements.e[k]), float(elements.argp_rad[k]), float(elements.i_rad[k]),
                     float(elements.mean_anomaly_rad[k]), float(n_rad_min[k]), float(elements.raan_rad[k]))
        sat.intldesg = elements.designator[2:4] + elements.designator[5:8] + "ZZ" if elements.designator else ""
        sat.classification = "U"
        sat.satnum_str = _alpha5(int(elements.norad[k]))
        out.append(sat)
    return out


def tle_lines(elements: ElementSet) -> list[tuple[str, str, str]]:
    """(name, line 1, line 2) per object, in the fixed columns the TLE readers check."""
    rows = []
    for name, sat in zip(elements.names, satrecs(elements)):
        line1, line2 = export_tle(sat)
        rows.append((name, line1, line2))
    return rows


def write_tle(elements: ElementSet, path) -> None:
    """A 3LE file (name line, line 1, line 2), written atomically."""
    text = "".join(f"{name}\n{l1}\n{l2}\n" for name, l1, l2 in tle_lines(elements))
    write_text_atomic(path, text)


def write_omm_json(elements: ElementSet, path) -> None:
    """A CCSDS OMM file in CelesTrak's JSON layout (a list of GP records), written atomically."""
    records = []
    for name, sat in zip(elements.names, satrecs(elements)):
        record = export_omm(sat, name) if sat.intldesg else {**export_omm_fallback(sat, name)}
        record["NORAD_CAT_ID"] = int(sat.satnum)
        records.append(record)
    write_text_atomic(path, json.dumps(records, indent=1))


def export_omm_fallback(sat: Satrec, name: str) -> dict:
    sat.intldesg = "00000A"
    record = export_omm(sat, name)
    record["OBJECT_ID"] = "UNKNOWN"
    return record


def to_catalog(elements: ElementSet, source: str = "modelled cloud") -> Catalog:
    """A screening-ready :class:`Catalog` of the element sets (no files involved)."""
    objects = []
    for k, (name, sat) in enumerate(zip(elements.names, satrecs(elements))):
        objects.append(CatalogObject(norad=int(elements.norad[k]), name=name,
                                     intl_designator=elements.designator + ("ZZ" if elements.designator else ""),
                                     epoch=_epoch_datetime64(sat), satrec=sat, source=f"{source}:{k}"))
    return Catalog(objects, files=[source])


def from_catalog(catalog: Catalog, drag_coefficient_source: str = "bstar") -> ElementSet:
    """Mean elements of a real catalogue (SGP4's un-Kozaied mean motion; B from the TLE's B*)."""
    sats = [o.satrec for o in catalog.objects]
    a = np.array([s.a for s in sats], dtype=float) * EARTH_RADIUS_KM  # from SGP4's un-Kozaied mean motion
    get = lambda attr: np.array([getattr(s, attr) for s in sats], dtype=float)  # noqa: E731
    designators = {o.launch_designator for o in catalog.objects}
    return ElementSet(a, get("ecco"), get("inclo"), get("nodeo"), get("argpo"), get("mo"), b_from_bstar(get("bstar")),
                      catalog.epoch.copy(), catalog.norad.copy(), catalog.names,
                      designators.pop() if len(designators) == 1 else "")
