"""Seen from Earth: can anyone see the station, its flags or its lights, and when.

* :mod:`.observers`: named cities and observatories, or ``LAT,LON[,HEIGHT]``;
* :mod:`.earth_rotation`: ITRS → lunar frame per epoch, cheap enough for decades of hourly epochs;
* :mod:`.view`: the site seen by observers on Earth (one vectorised pass on the shared ephemeris);
* :mod:`.photometry`: the Moon's, earthshine's and the sky's brightness;
* :mod:`.instruments`: resolution and point-source limits of the eye, binoculars, telescopes, Hubble, the ELT;
* :mod:`.lamp`: a lamp's apparent magnitude, and the power needed;
* :mod:`.detect`: limiting magnitude against the background at each moment;
* :mod:`.assess`: resolution table, lamp power per instrument, the plain answer;
* :mod:`.best`: best dates as a table and an iCalendar file;
* :mod:`.summary`: all of it for one site and some observers (what the CLI and the plan section call).
"""
