"""The space-object catalogue: element sets from many files, de-duplicated, grouped and classified.

A :class:`Catalog` holds one SGP4 element set per NORAD catalogue number (the newest epoch
wins when files overlap), with per-object arrays for fast filtering: perigee and apogee
altitude, inclination, epoch and orbit regime.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sgp4.api import WGS72, Satrec

from ..errors import MoonbaseError
from . import omm as omm_format
from .tle import ElementFormatError, read_two_line_file

#: WGS-72 equatorial radius [km], the constant SGP4 element sets are fitted with (Vallado et al. 2006, AIAA 2006-6753 §4).
SGP4_EARTH_RADIUS_KM = 6378.135

#: Orbit classes of ESA's Annual Space Environment Report (DISCOS), by perigee/apogee altitude [km] and
#: inclination [deg]. Recalled from the report's class table [M]: check against the current edition.
REGIME_SOURCE = "ESA Space Environment Report orbit classes (recalled [M])"

OMM_SUFFIXES = {".xml", ".json", ".csv"}

#: Name patterns of crewed or crewable objects (CelesTrak names): the ISS and its modules, the Chinese
#: station (CSS) and its modules, and crew vehicles. Source: CelesTrak "stations" group names, 2026-05-30.
CREWED_NAME_PATTERNS = ("ISS (*", "ISS", "CSS (*", "TIANGONG*", "SHENZHOU*", "SOYUZ-MS*", "CREW DRAGON*", "STARLINER*")


@dataclass(frozen=True)
class CatalogObject:
    """One element set and where it came from. Times are UTC."""

    norad: int
    name: str
    intl_designator: str  # e.g. 1998-067A; '' when the record has none
    epoch: np.datetime64  # datetime64[ms] UTC
    satrec: Satrec
    source: str  # file:line
    line1: str = ""
    line2: str = ""

    @property
    def launch_designator(self) -> str:
        """The launch part of the international designator, e.g. 1982-092 (groups all pieces of a launch)."""
        return self.intl_designator[:8]


def _designator_from_tle(columns: str) -> str:
    columns = columns.strip()
    if len(columns) < 5 or not columns[:5].isdigit():
        return ""
    year = int(columns[:2])
    year += 1900 if year >= 57 else 2000  # Sputnik 1 (1957) is the first; two-digit years 57-99 are 19xx
    return f"{year}-{columns[2:5]}{columns[5:].strip()}"


def _epoch_datetime64(satrec: Satrec) -> np.datetime64:
    unix_days = (satrec.jdsatepoch - 2440587.5) + satrec.jdsatepochF
    return np.datetime64(int(round(unix_days * 86_400_000.0)), "ms")


def _from_two_line(record) -> CatalogObject:
    satrec = Satrec.twoline2rv(record.line1, record.line2, WGS72)
    return CatalogObject(
        norad=int(satrec.satnum), name=record.name or record.line1[2:7].strip(),
        intl_designator=_designator_from_tle(record.line1[9:17]), epoch=_epoch_datetime64(satrec),
        satrec=satrec, source=record.source, line1=record.line1, line2=record.line2,
    )


def _from_omm(record) -> CatalogObject:
    fields = record.fields
    satrec = Satrec()
    try:
        omm_format_fields = dict(fields)
        epoch = omm_format.parse_omm_epoch(fields["EPOCH"])
        omm_format_fields["EPOCH"] = epoch.strftime("%Y-%m-%dT%H:%M:%S.%f")
        omm_format_fields["NORAD_CAT_ID"] = str(int(float(fields["NORAD_CAT_ID"])))
        from sgp4 import omm as sgp4_omm

        sgp4_omm.initialize(satrec, omm_format_fields)
    except (ValueError, KeyError) as exc:
        raise ElementFormatError(record.path, record.line_number, 1, f"OMM record cannot initialise SGP4: {exc}") from None
    object_id = fields["OBJECT_ID"] if fields["OBJECT_ID"] != "UNKNOWN" else ""
    return CatalogObject(
        norad=int(satrec.satnum), name=fields["OBJECT_NAME"], intl_designator=object_id,
        epoch=_epoch_datetime64(satrec), satrec=satrec, source=record.source,
    )


def read_catalog_file(path: str | Path, skip_bad: bool = False,
                      check_checksums: bool = True) -> tuple[list[CatalogObject], list[ElementFormatError]]:
    """Objects from one file: OMM for .xml/.json/.csv, TLE/3LE for anything else."""
    path = Path(path)
    if path.suffix.lower() in OMM_SUFFIXES:
        records, errors = omm_format.read_omm_file(path, skip_bad)
        convert = _from_omm
    else:
        records, errors = read_two_line_file(path, skip_bad, check_checksums)
        convert = _from_two_line
    objects = []
    for record in records:
        try:
            objects.append(convert(record))
        except ElementFormatError as exc:
            if not skip_bad:
                raise
            errors.append(exc)
    return objects, errors


def classify_regime(perigee_km: np.ndarray, apogee_km: np.ndarray, inclination_deg: np.ndarray) -> np.ndarray:
    """LEO, MEO, GEO, GTO, HEO, LMO (LEO-MEO crossing) or other, per object (see :data:`REGIME_SOURCE`)."""
    hp, ha, inc = (np.asarray(a, dtype=float) for a in (perigee_km, apogee_km, inclination_deg))
    regime = np.full(hp.shape, "other", dtype=object)
    regime[(ha < 2000.0)] = "LEO"
    regime[(hp >= 2000.0) & (ha <= 31570.0)] = "MEO"
    regime[(hp < 2000.0) & (ha >= 2000.0) & (ha <= 31570.0)] = "LMO"
    regime[(hp >= 35586.0) & (ha <= 35986.0) & (inc <= 25.0)] = "GEO"
    regime[(hp < 2000.0) & (ha > 31570.0) & (ha <= 40000.0) & (inc <= 90.0)] = "GTO"
    regime[(hp <= 31570.0) & (ha > 40000.0)] = "HEO"
    return regime


@dataclass
class Catalog:
    """One element set per NORAD number, with arrays for filtering (``perigee_km`` etc., index-aligned)."""

    objects: list[CatalogObject]
    skipped: list[ElementFormatError] = field(default_factory=list)
    duplicates_dropped: int = 0
    files: list[str] = field(default_factory=list)

    def __post_init__(self):
        sats = [o.satrec for o in self.objects]
        self.norad = np.array([o.norad for o in self.objects], dtype=np.int64)
        self.epoch = np.array([o.epoch for o in self.objects], dtype="datetime64[ms]")
        # SGP4's own mean-element perigee/apogee (altp/alta, Earth radii above the surface).
        self.perigee_km = np.array([s.altp for s in sats], dtype=float) * SGP4_EARTH_RADIUS_KM
        self.apogee_km = np.array([s.alta for s in sats], dtype=float) * SGP4_EARTH_RADIUS_KM
        self.inclination_deg = np.degrees(np.array([s.inclo for s in sats], dtype=float))
        self.eccentricity = np.array([s.ecco for s in sats], dtype=float)
        self.mean_motion_rad_min = np.array([s.no_kozai for s in sats], dtype=float)
        self.regime = classify_regime(self.perigee_km, self.apogee_km, self.inclination_deg)

    def __len__(self) -> int:
        return len(self.objects)

    @property
    def names(self) -> list[str]:
        return [o.name for o in self.objects]

    def subset(self, mask_or_index) -> Catalog:
        """A catalogue of the selected objects (boolean mask or indices)."""
        index = np.flatnonzero(mask_or_index) if np.asarray(mask_or_index).dtype == bool else np.asarray(mask_or_index)
        return Catalog([self.objects[i] for i in index], self.skipped, self.duplicates_dropped, self.files)

    def select(self, name: str | None = None, designator: str | None = None, regime: str | None = None) -> Catalog:
        """Objects whose name matches a glob (case-insensitive), whose international designator starts
        with ``designator`` (e.g. ``1982-092`` for every piece of the Kosmos 1408 launch), and/or in a regime."""
        mask = np.ones(len(self), dtype=bool)
        if name is not None:
            pattern = name.upper()
            mask &= np.array([fnmatch.fnmatch(o.name.upper(), pattern) or pattern in o.name.upper() for o in self.objects], dtype=bool)
        if designator is not None:
            mask &= np.array([o.intl_designator.startswith(designator) for o in self.objects], dtype=bool)
        if regime is not None:
            mask &= self.regime == regime.upper()
        return self.subset(mask)

    def by_launch(self) -> dict[str, int]:
        """Object counts per launch designator (YYYY-NNN), largest first."""
        return dict(Counter(o.launch_designator or "unknown" for o in self.objects).most_common())

    def crewed_mask(self) -> np.ndarray:
        """True for crewed or crewable objects (see :data:`CREWED_NAME_PATTERNS`)."""
        return np.array(
            [any(fnmatch.fnmatch(o.name.upper().strip(), p) for p in CREWED_NAME_PATTERNS) for o in self.objects], dtype=bool
        )

    def age_days(self, at_utc: np.datetime64) -> np.ndarray:
        """Element-set age at ``at_utc`` [days]; negative when the epoch is later."""
        return (np.datetime64(at_utc, "ms") - self.epoch).astype(np.int64) / 86_400_000.0

    def same_elements_as(self) -> np.ndarray:
        """Index of the first object with identical elements and epoch (itself when unique).

        CelesTrak gives docked modules the host's element set (ISS (ZARYA), POISK, ISS (NAUKA) share one),
        so they are one body for screening.
        """
        keys = {}
        first = np.arange(len(self))
        for index, obj in enumerate(self.objects):
            s = obj.satrec
            key = (s.jdsatepoch, s.jdsatepochF, s.inclo, s.nodeo, s.ecco, s.argpo, s.mo, s.no_kozai, s.bstar)
            first[index] = keys.setdefault(key, index)
        return first


def deduplicate(objects: list[CatalogObject]) -> tuple[list[CatalogObject], int]:
    """One object per NORAD number, the newest epoch winning (the first read on a tie); order of first appearance."""
    best: dict[int, CatalogObject] = {}
    for obj in objects:
        kept = best.get(obj.norad)
        if kept is None or obj.epoch > kept.epoch:
            best[obj.norad] = obj
    return list(best.values()), len(objects) - len(best)


def load_catalog(paths, skip_bad: bool = False) -> Catalog:
    """Read, check and de-duplicate catalogue files (TLE, 3LE, OMM XML/JSON/CSV)."""
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    if not paths:
        raise MoonbaseError("no catalogue files given; pass one or more TLE/3LE or OMM files")
    objects, errors = [], []
    for path in paths:
        file_objects, file_errors = read_catalog_file(path, skip_bad)
        objects += file_objects
        errors += file_errors
    if not objects:
        raise MoonbaseError(f"no element sets found in {', '.join(map(str, paths))}")
    unique, dropped = deduplicate(objects)
    return Catalog(unique, errors, dropped, [str(p) for p in paths])


def catalog_summary(catalog: Catalog, at_utc: np.datetime64 | None = None) -> dict:
    """Counts, regimes, launch groups and element-set ages (at ``at_utc``, default the newest epoch)."""
    at_utc = catalog.epoch.max() if at_utc is None else np.datetime64(at_utc, "ms")
    age = catalog.age_days(at_utc)
    return {
        "files": catalog.files,
        "objects": len(catalog),
        "duplicates_dropped": catalog.duplicates_dropped,
        "bad_records_skipped": len(catalog.skipped),
        "regimes": dict(Counter(catalog.regime.tolist()).most_common()),
        "regime_source": REGIME_SOURCE,
        "largest_launch_groups": dict(list(catalog.by_launch().items())[:10]),
        "crewed_objects": int(catalog.crewed_mask().sum()),
        "epoch_oldest": catalog.epoch.min(),
        "epoch_newest": catalog.epoch.max(),
        "age_reference_utc": at_utc,
        "age_days": {
            "min": float(age.min()), "median": float(np.median(age)), "max": float(age.max()),
            "over_3_days": int((age > 3).sum()), "over_14_days": int((age > 14).sum()),
        },
    }
