"""Request and response models of the JSON API (the same names and units as the CLI's options)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..scenario import Period
from ..sites import resolve_point


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PointRequest(_Strict):
    """A site by name, or latitude/longitude, and a height above the ground."""

    site: str | None = Field(None, description="a name from `moonbase sites`", max_length=64)
    lat: float | str | None = Field(None, description="latitude, -89.45 or '89.45S'")
    lon: float | str | None = Field(None, description="longitude east, 222.69 or '137.31W'")
    height_m: float = Field(2.0, ge=0.0, le=1000.0, description="height above the ground [m]")
    period: Period = Field(default_factory=lambda: Period(start="2030-01-01", end="2030-03-01", step="1h"))

    @model_validator(mode="after")
    def _point(self):
        resolve_point(self.site, self.lat, self.lon, self.height_m)  # InputError (a ValueError) → 422
        return self

    def point(self):
        return resolve_point(self.site, self.lat, self.lon, self.height_m)


class PanoramaRequest(PointRequest):
    samples: int = Field(1500, ge=10, le=5000, description="most points per body path")


class WindowsRequest(PointRequest):
    stay_h: float = Field(24.0, gt=0.0, le=24 * 60, description="length of the stay [h]")
    min_sun_fraction: float = Field(0.0, ge=0.0, le=1.0, description="least visible fraction of the solar disk")
    min_earth_pct: float = Field(0.0, ge=0.0, le=100.0, description="least share of the stay with the Earth visible [%]")


class MapJobRequest(_Strict):
    dem: list[str] = Field(min_length=1, max_length=4, description="DEM file names inside the app's DEM folders, finest first")
    period: Period
    height_m: float = Field(2.0, ge=0.0, le=1000.0)
    azimuths: int = Field(360, ge=36, le=1440, description="horizon azimuths swept")
    downsample: int = Field(4, ge=1, le=16)
    window: tuple[int, int, int, int] | None = Field(None, description="rows and columns of the finest DEM: r0 r1 c0 c1")


class PlanJobRequest(_Strict):
    scenario: dict | None = Field(None, description="a whole scenario (the TOML file's content as JSON)")
    builtin: str | None = Field(None, description="or the name of a built-in scenario", max_length=64)
    label: str = Field("", max_length=200)


class ColaJobRequest(_Strict):
    site: str = Field("wenchang", max_length=32, description="launch site")
    altitude_km: float = Field(200.0, gt=100.0, le=2000.0, description="circular parking-orbit altitude [km]")
    inclination_deg: float = Field(41.5, ge=0.0, le=180.0)
    window_start: str = Field("2026-05-30T18:00", description="first launch second, ISO 8601 UTC")
    window_minutes: float = Field(20.0, gt=0.0, le=120.0)
    coverage_minutes: float = Field(100.0, gt=0.0, le=300.0)
    miss_km: float = Field(25.0, gt=0.0, le=1000.0)
    crewed_km: float = Field(200.0, gt=0.0, le=2000.0)


class FieldError(BaseModel):
    loc: str
    message: str


class ValidationReport(BaseModel):
    valid: bool
    errors: list[FieldError]


class JobRecord(BaseModel):
    id: str
    kind: str
    label: str = ""
    status: str
    progress: float
    message: str
    created: str
    started: str | None = None
    finished: str | None = None
    error: str | None = None
    summary: dict | None = None
    params: dict | None = None
