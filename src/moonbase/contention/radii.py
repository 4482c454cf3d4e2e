"""The radii that contention depends on, each with its source and provenance tag.

None of these is a measured fact about a site: a keep-out (safety-zone) radius and a rover radius are
parameters. The Artemis Accords (13 Oct 2020, section 11) call for "safety zones" around operations but
set no size: they are to be sized by "commonly accepted scientific and engineering principles" and
notified. Every figure that rests on one of these radii says so.
"""

from __future__ import annotations

from dataclasses import dataclass

ACCORDS_SECTION_11 = ("The Artemis Accords (13 Oct 2020), section 11 (deconfliction of activities): safety zones, "
                      "temporary, notified, sized by 'commonly accepted scientific and engineering principles'; "
                      "no size is set (https://en.wikisource.org/wiki/Page:Artemis_Accords.pdf/8)")


@dataclass(frozen=True)
class Radius:
    """A radius [km] with its provenance."""

    key: str
    label: str
    value_km: float
    tag: str
    source: str

    def with_value(self, value_km: float | None) -> "Radius":
        """The same radius set by the user (tag [U]), or unchanged when ``value_km`` is None."""
        if value_km is None or float(value_km) == self.value_km:
            return self
        return Radius(self.key, self.label, float(value_km), "[U]", f"given by the user (default {self.value_km:g} km: {self.source})")

    def as_record(self) -> dict:
        return dict(self.__dict__)


#: Keep-out around each candidate site: the plume-ejecta / safety-zone radius. 2 km is a figure commonly
#: discussed for large landers' plume ejecta [M] (recalled, unverified); the Accords set no size [R].
SAFETY_ZONE = Radius("keep_out_km", "Keep-out (safety-zone, plume-ejecta) radius", 2.0, "[M]",
                     "plume-ejecta radius commonly discussed for large landers (recalled, unverified); "
                     + ACCORDS_SECTION_11)
#: How far a crew or rover may range from a site: a chosen parameter, not a sourced figure.
ROVER = Radius("rover_radius_km", "Rover radius", 10.0, "[M]",
               "a chosen traverse radius, not from a source (Apollo 17's rover went up to about 7.6 km from its "
               "lander, recalled); set --rover-radius-km")
#: Two candidate points closer than this are one place: about two pixels of the 240 m terrain.
COINCIDE = Radius("coincide_km", "Same-place distance", 0.5, "[D]",
                  "two pixels of the 240 m LOLA terrain, below which two points cannot be told apart")
