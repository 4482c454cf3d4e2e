"""Site environment: sunlight and Earth visibility over terrain, statistics, windows and rankings."""
