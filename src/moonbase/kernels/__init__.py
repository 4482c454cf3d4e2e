"""Numerical kernels: numpy/numba functions on plain float64 arrays in SI units and radians.

No files, no unit objects, no printing: the models layer calls in here.
"""
