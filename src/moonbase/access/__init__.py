"""Access: how the station is reached: vehicles, launch windows, Earth–Moon transfers, Δv budgets
and the payload each launch lands on the surface."""
