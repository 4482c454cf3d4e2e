"""CCSDS Conjunction Data Messages (CCSDS 508.0-B-1, keyword-value notation), one file per event.

States are converted from TEME (SGP4's frame) to GCRF with skyfield's TEME frame (IAU 1980 nutation
terms as SGP4's TEME is defined; Vallado et al. 2006). Covariances are the stated defaults of
:mod:`.pc` (catalogue element sets carry none), so ``COVARIANCE_METHOD = DEFAULT`` and the velocity
terms are zero.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from skyfield.sgp4lib import TEME

from .. import __version__
from ..output import atomic_directory
from ..timegrid import to_time
from .catalog import Catalog
from .screening import ConjunctionEvents

_COVARIANCE_KEYS = (
    "CR_R", "CT_R", "CT_T", "CN_R", "CN_T", "CN_N", "CRDOT_R", "CRDOT_T", "CRDOT_N", "CRDOT_RDOT", "CTDOT_R",
    "CTDOT_T", "CTDOT_N", "CTDOT_RDOT", "CTDOT_TDOT", "CNDOT_R", "CNDOT_T", "CNDOT_N", "CNDOT_RDOT",
    "CNDOT_TDOT", "CNDOT_NDOT",
)


def teme_to_gcrf(states: np.ndarray, utc: np.ndarray) -> np.ndarray:
    """TEME states (events, 6) [km, km/s] → GCRF at the given UTC instants (the frame's slow rotation is ignored for velocity)."""
    if len(states) == 0:
        return states.copy()
    times = to_time(np.asarray(utc, dtype="datetime64[ms]"))
    rotation = TEME.rotation_at(times)  # r_teme = R r_gcrs, shaped (3, 3, events)
    position = np.einsum("jin,nj->ni", rotation, states[:, :3])
    velocity = np.einsum("jin,nj->ni", rotation, states[:, 3:])
    return np.hstack([position, velocity])


def _rtn(state: np.ndarray) -> np.ndarray:
    r, v = state[:3], state[3:]
    radial = r / np.linalg.norm(r)
    normal = np.cross(r, v)
    normal /= np.linalg.norm(normal)
    return np.vstack([radial, np.cross(normal, radial), normal])


def _object_block(label: str, catalog: Catalog, index: int, state_gcrf: np.ndarray, sigma_ric_km) -> list[str]:
    obj = catalog.objects[index]
    variances_m2 = [(s * 1000.0) ** 2 for s in sigma_ric_km]
    covariance = {key: 0.0 for key in _COVARIANCE_KEYS}
    covariance.update(CR_R=variances_m2[0], CT_T=variances_m2[1], CN_N=variances_m2[2])
    lines = [
        f"OBJECT                         = {label}",
        f"OBJECT_DESIGNATOR              = {obj.norad}",
        "CATALOG_NAME                   = SATCAT",
        f"OBJECT_NAME                    = {obj.name or 'UNKNOWN'}",
        f"INTERNATIONAL_DESIGNATOR       = {obj.intl_designator or 'UNKNOWN'}",
        "EPHEMERIS_NAME                 = NONE",
        "COVARIANCE_METHOD              = DEFAULT",
        "MANEUVERABLE                   = N/A",
        "REF_FRAME                      = GCRF",
        f"COMMENT elements of {np.datetime_as_string(obj.epoch, unit='s')}Z from {Path(obj.source.rsplit(':', 1)[0]).name}, SGP4",
    ]
    for key, value in zip(("X", "Y", "Z"), state_gcrf[:3]):
        lines.append(f"{key:<31}= {value:.6f} [km]")
    for key, value in zip(("X_DOT", "Y_DOT", "Z_DOT"), state_gcrf[3:]):
        lines.append(f"{key:<31}= {value:.9f} [km/s]")
    for key in _COVARIANCE_KEYS:
        unit = "m**2" if "DOT" not in key else ("m**2/s" if key.count("DOT") == 1 else "m**2/s**2")
        lines.append(f"{key:<31}= {covariance[key]:.6e} [{unit}]")
    return lines


def cdm_text(events: ConjunctionEvents, row: int, catalog: Catalog, created_utc: str | None = None) -> str:
    """One event as CDM KVN text."""
    created_utc = created_utc or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    tca = events.tca_utc[row]
    gcrf = teme_to_gcrf(np.vstack([events.state_1[row], events.state_2[row]]), np.array([tca, tca]))
    rotation = _rtn(gcrf[0])
    relative_position_m = rotation @ (gcrf[1, :3] - gcrf[0, :3]) * 1000.0
    relative_velocity_m_s = rotation @ (gcrf[1, 3:] - gcrf[0, 3:]) * 1000.0
    tca_text = np.datetime_as_string(tca, unit="us")
    lines = [
        "CCSDS_CDM_VERS                 = 1.0",
        f"CREATION_DATE                  = {created_utc}",
        "ORIGINATOR                     = MOONBASE",
        f"MESSAGE_ID                     = MOONBASE_{events.norad_1[row]}_{events.norad_2[row]}_{tca_text.replace('-', '').replace(':', '')[:15]}",
        f"COMMENT screened by moonbase {__version__} from public element sets (SGP4); default covariances",
        f"TCA                            = {tca_text}",
        f"MISS_DISTANCE                  = {events.miss_km[row] * 1000.0:.3f} [m]",
        f"RELATIVE_SPEED                 = {events.relative_speed_km_s[row] * 1000.0:.3f} [m/s]",
    ]
    for axis, value in zip("RTN", relative_position_m):
        lines.append(f"RELATIVE_POSITION_{axis}            = {value:.3f} [m]")
    for axis, value in zip("RTN", relative_velocity_m_s):
        lines.append(f"RELATIVE_VELOCITY_{axis}            = {value:.3f} [m/s]")
    lines += [
        f"COLLISION_PROBABILITY          = {events.pc[row]:.6e}",
        "COLLISION_PROBABILITY_METHOD   = FOSTER-1992",
        f"COMMENT hard-body radius {events.hard_body_radius_m:g} m per object; 1-sigma RIC {events.sigma_ric_km} km per object",
    ]
    lines += _object_block("OBJECT1", catalog, events.index_1[row], gcrf[0], events.sigma_ric_km)
    lines += _object_block("OBJECT2", catalog, events.index_2[row], gcrf[1], events.sigma_ric_km)
    return "\n".join(lines) + "\n"


def write_cdms(events: ConjunctionEvents, catalog: Catalog, out_dir: str | Path, force: bool = False) -> Path:
    """One ``<norad1>_<norad2>_<tca>.cdm`` per event in ``out_dir`` (written whole or not at all)."""
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    with atomic_directory(out_dir, "cdm", force, "cdm_dir=") as staging:
        for row in range(len(events)):
            stamp = np.datetime_as_string(events.tca_utc[row], unit="ms").replace(":", "").replace("-", "")
            name = f"{events.norad_1[row]}_{events.norad_2[row]}_{stamp}.cdm"
            (staging / name).write_text(cdm_text(events, row, catalog, created), encoding="utf-8")
    return Path(out_dir)
