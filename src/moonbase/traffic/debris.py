"""Debris environment: object counts and spatial density by altitude shell, with debris clouds apart.

Each object contributes to each shell the fraction of its orbit period spent there (Kepler's equation
on mean perigee/apogee; the classic time-averaged spatial density, e.g. Kessler 1981, Icarus 48).
Density is that expected count over the shell's volume [objects/km^3].
"""

from __future__ import annotations

import numpy as np

from ..constants import EARTH_RADIUS_KM

#: Debris clouds shown apart, by launch designator of the parent [R]: Fengyun-1C (Johnson et al., IAC-07-A6.3.01,
#: NTRS 20070007324), Kosmos 1408 (LeoLabs, Nov 2021), Cosmos 2251 / Iridium 33 (collision of 10 Feb 2009; NASA
#: Orbital Debris Quarterly News 13(2), 2009). Designators as in the CelesTrak catalogue.
DEBRIS_GROUPS = {
    "1999-025": "Fengyun-1C ASAT test (2007)",
    "1982-092": "Kosmos 1408 ASAT test (2021)",
    "1993-036": "Cosmos 2251 (2009 collision)",
    "1997-051": "Iridium 33 (2009 collision)",
}
OTHER_GROUP = "other catalogued objects"
#: Default shells: 20 km wide from 150 to 2,000 km altitude (LEO).
DEFAULT_SHELL_EDGES_KM = np.arange(150.0, 2000.0 + 1.0, 20.0)


def time_fraction_below(perigee_km: np.ndarray, apogee_km: np.ndarray, altitude_km: np.ndarray) -> np.ndarray:
    """Fraction of each orbit's period spent below each altitude, (objects, altitudes).

    Below radius R the eccentric anomaly is within ±E_R, cos E_R = (1 − R/a)/e, so the time fraction is
    (E_R − e sin E_R)/π by Kepler's equation; 0 below perigee and 1 above apogee.
    """
    perigee = np.asarray(perigee_km, dtype=float)[:, None]
    apogee = np.maximum(np.asarray(apogee_km, dtype=float)[:, None], perigee)
    altitude = np.asarray(altitude_km, dtype=float)[None, :]
    a = EARTH_RADIUS_KM + 0.5 * (perigee + apogee)
    e = (apogee - perigee) / (2.0 * a)
    radius = EARTH_RADIUS_KM + altitude
    with np.errstate(divide="ignore", invalid="ignore"):
        cos_e = np.clip((1.0 - radius / a) / e, -1.0, 1.0)
        eccentric = np.arccos(cos_e)
        fraction = (eccentric - e * np.sin(eccentric)) / np.pi
    fraction = np.where(altitude <= perigee, 0.0, np.where(altitude >= apogee, 1.0, fraction))
    return np.where(e > 0.0, fraction, (altitude > perigee).astype(float))


def time_fraction_in_shells(perigee_km: np.ndarray, apogee_km: np.ndarray, edges_km: np.ndarray) -> np.ndarray:
    """Fraction of each orbit's period spent in each altitude shell between ``edges_km``, (objects, shells)."""
    return np.diff(time_fraction_below(perigee_km, apogee_km, edges_km), axis=1)


def shell_volumes_km3(edges_km: np.ndarray) -> np.ndarray:
    r = EARTH_RADIUS_KM + np.asarray(edges_km, dtype=float)
    return 4.0 / 3.0 * np.pi * (r[1:] ** 3 - r[:-1] ** 3)


def debris_group(designators) -> np.ndarray:
    """The debris-cloud label per object (by launch designator), else :data:`OTHER_GROUP`."""
    return np.array([DEBRIS_GROUPS.get(str(d)[:8], OTHER_GROUP) for d in designators], dtype=object)


def environment_by_shell(perigee_km, apogee_km, designators, edges_km=DEFAULT_SHELL_EDGES_KM) -> dict:
    """Columns per shell: altitude range, expected count and spatial density for each group and in total."""
    fractions = time_fraction_in_shells(perigee_km, apogee_km, edges_km)
    groups = debris_group(designators)
    volume = shell_volumes_km3(edges_km)
    columns = {"altitude_low_km": np.asarray(edges_km[:-1], float), "altitude_high_km": np.asarray(edges_km[1:], float)}
    total = fractions.sum(axis=0)
    columns["objects_total"] = total
    columns["density_total_per_km3"] = total / volume
    for label in list(DEBRIS_GROUPS.values()) + [OTHER_GROUP]:
        count = fractions[groups == label].sum(axis=0)
        key = _key(label)
        columns[f"objects_{key}"] = count
        columns[f"density_{key}_per_km3"] = count / volume
    return columns


def _key(label: str) -> str:
    return label.split(" (")[0].lower().replace(" ", "_").replace("-", "")


def density_at_altitude(columns: dict, altitude_km: float) -> dict:
    """The shell holding ``altitude_km``: its range, total density and count, and the debris clouds' share."""
    row = int(np.searchsorted(columns["altitude_low_km"], altitude_km, side="right") - 1)
    if row < 0 or altitude_km >= columns["altitude_high_km"][-1]:
        raise ValueError(f"altitude {altitude_km} km is outside the shells")
    debris = sum(columns[f"objects_{_key(label)}"][row] for label in DEBRIS_GROUPS.values())
    total = columns["objects_total"][row]
    return {
        "shell_km": [float(columns["altitude_low_km"][row]), float(columns["altitude_high_km"][row])],
        "density_per_km3": float(columns["density_total_per_km3"][row]),
        "expected_objects_in_shell": float(total),
        "debris_cloud_share": float(debris / total) if total > 0 else 0.0,
    }
