"""Contention for the same ground: scarce lit ground and permanent shadow, and candidate sites of different programmes.

* :mod:`.shadow`: permanently shadowed pixels from the horizon sweep and the Sun's upper-limb envelope (18.6 years);
* :mod:`.grid` and :mod:`.ground`: maps read back, true pixel areas, lit (> 70/80/90 %) and PSR patches;
* :mod:`.candidates`, :mod:`.radii` and :mod:`.pairs`: candidate sites, the radii with their sources, and the pairs
  of different programmes (distance, same place, keep-out overlap, line of sight, shared lit ground and PSRs).

Physical facts under stated radii; nothing here is a verdict about a state or a programme.
"""

from .candidates import Candidate, candidates
from .ground import ScarceGround, scarce_ground
from .pairs import Contention, SitePair, contention
from .radii import COINCIDE, ROVER, SAFETY_ZONE, Radius
from .shadow import NODAL_CYCLE, ShadowMap, shadow_map

__all__ = ["COINCIDE", "NODAL_CYCLE", "ROVER", "SAFETY_ZONE", "Candidate", "Contention", "Radius", "ScarceGround",
           "ShadowMap", "SitePair", "candidates", "contention", "scarce_ground", "shadow_map"]
