"""Physical constants, each with its source.

SI units unless the name says otherwise (``_km`` for kilometres).
"""

from __future__ import annotations

#: Mean lunar radius used for the LOLA products and the IAU lunar sphere [km].
#: Source: LOLA PDS data products (SIS, "reference radius 1737.4 km");
#: IAU WGCCRE 2009 (Archinal et al. 2011, Celest. Mech. Dyn. Astr. 109, 101).
MOON_RADIUS_KM = 1737.4

#: Nominal solar radius [km]. Source: IAU 2015 Resolution B3 (R_sun^N = 695,700 km).
SUN_RADIUS_KM = 695_700.0

#: Earth equatorial radius [km]. Source: IAU 2015 Resolution B3 / WGS84 (6378.137 km).
#: Used for the Earth's angular radius seen from the Moon (the disk's widest extent).
EARTH_RADIUS_KM = 6378.137

#: Speed of light [km/s]. Source: SI definition (299,792,458 m/s exact).
SPEED_OF_LIGHT_KM_S = 299_792.458

#: Seconds per day (exact).
SECONDS_PER_DAY = 86_400.0

#: Julian date of the J2000.0 epoch, TDB (exact by definition).
J2000_JD = 2_451_545.0

#: NAIF integer codes used by DE421. Source: NAIF IDs Required Reading.
NAIF_SSB, NAIF_SUN, NAIF_EMB, NAIF_EARTH, NAIF_MOON = 0, 10, 3, 399, 301
