"""Campaign: the station's build-up as a simulation of missions, elements, mass flow and consumables.

Modules: ``elements`` (the catalogue of surface elements), ``vehicles`` (what each mission delivers),
``consumables`` (crew demand per crew-day, NASA BVAD rates with loop closure), ``config`` (the scenario's
``[campaign]`` table), ``model`` (missions, manifests, nodes and mass flows), ``sunlight`` (array output at
mast height per day), ``engine`` (the vectorised daily event run, over replications), ``reference`` (the
same run written with SimPy, for validation), ``milestones``, ``moe`` (SpaceNet's measures of
effectiveness), ``optimiser`` (the manifest MILP) and ``analysis`` (all of it for one scenario).
"""
