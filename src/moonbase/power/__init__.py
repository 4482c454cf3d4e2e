"""Power: solar arrays over the terrain horizon, storage, fission, and sizing for the worst dark spell."""
