"""Traffic: the space-object catalogue, SGP4 propagation, conjunction screening, launch COLA and debris.

Modules, outer to inner:

* :mod:`.tle`, :mod:`.omm` read element sets (TLE/3LE and CCSDS OMM in XML, JSON, CSV) with
  errors that name the file, line and column;
* :mod:`.catalog` holds a de-duplicated catalogue with groups and orbit regimes;
* :mod:`.propagate` runs SGP4 in batches and leaves out stale or failed element sets;
* :mod:`.screening` finds close approaches (filter chain, then root finding on the relative
  motion); :mod:`.bruteforce` is the dense-sampling reference it is tested against;
* :mod:`.pc` (2-D collision probability), :mod:`.cdm` (CCSDS CDM output);
* :mod:`.launch` (sites, ascent and parking orbit) and :mod:`.cola` (launch-window blackouts);
* :mod:`.debris` (counts and spatial density by altitude shell).
"""
