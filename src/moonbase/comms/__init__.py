"""Communications: ground networks, direct-to-Earth and relayed availability, link budgets."""
