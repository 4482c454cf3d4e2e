"""The web app's settings: its folders, the DEMs it may read, the dask scheduler, and the work limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

#: Most epochs × sites × horizon azimuths one statistics/panorama/windows request may compute
#: (a year hourly × 1 site × 720 azimuths is 6.3e6; the cap allows ~2.5 years hourly). [D]
MAX_POINT_WORK = 16_000_000
#: Most epochs × map pixels × azimuths for a map job (the shipped map: 1,461 × 1536² × 360 = 1.2e12). [D]
MAX_MAP_WORK = 1.5e12
#: Most plan epochs (a year hourly is 8,761). [D]
MAX_PLAN_EPOCHS = 20_000
#: Most launch seconds of a COLA job (two hours at 1 s). [D]
MAX_COLA_SECONDS = 7_200


@dataclass(frozen=True)
class Settings:
    """Where the app keeps its data and what it may read and run."""

    data_dir: Path
    dem_paths: tuple[Path, ...] = ()
    dem_dirs: tuple[Path, ...] = ()
    scheduler: str | None = None
    max_jobs: int = 1
    max_queue: int = 20
    local_processes: bool = False  # without a scheduler: jobs on a local cluster of processes (else threads)
    map_dir: Path | None = None  # a map product folder; None = the one shipped with the package
    limits: dict = field(default_factory=lambda: {"point_work": MAX_POINT_WORK, "map_work": MAX_MAP_WORK,
                                                  "plan_epochs": MAX_PLAN_EPOCHS, "cola_seconds": MAX_COLA_SECONDS})

    @classmethod
    def make(cls, data_dir, dem_paths=(), dem_dirs=(), scheduler=None, max_jobs: int = 1, **kw) -> "Settings":
        data_dir = Path(data_dir).expanduser().resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        dems = tuple(Path(p).expanduser().resolve() for p in dem_paths)
        dirs = tuple(Path(p).expanduser().resolve() for p in dem_dirs) + tuple(p.parent for p in dems)
        return cls(data_dir, dems, tuple(dict.fromkeys(dirs)), scheduler or None, int(max_jobs), **kw)

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    def allowed_dem(self, name: str) -> Path:
        """A DEM a request names: only a file inside one of the configured DEM folders (no ``..``, no links out)."""
        for folder in self.dem_dirs:
            candidate = (folder / name).resolve()
            if candidate.is_relative_to(folder) and candidate.is_file():
                return candidate
        folders = ", ".join(str(d) for d in self.dem_dirs) or "none configured (start with --dem or --dem-dir)"
        raise InputError("dem", name, f"the name of a DEM file in the app's DEM folders ({folders})")
