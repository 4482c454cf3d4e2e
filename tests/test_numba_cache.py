"""Every numba kernel is compiled with ``cache=True``, so CI (NUMBA_CACHE_DIR in .ci/run) pays compilation once."""

from __future__ import annotations

import ast
from pathlib import Path

import moonbase

SRC = Path(moonbase.__file__).resolve().parent
JIT_NAMES = {"njit", "jit", "vectorize", "guvectorize"}


def _jit_decorators(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in JIT_NAMES:
                    yield node.name, decorator


def test_every_numba_kernel_is_cached():
    found, uncached = 0, []
    for path in sorted(SRC.rglob("*.py")):
        for function, decorator in _jit_decorators(path):
            found += 1
            cached = isinstance(decorator, ast.Call) and any(
                k.arg == "cache" and isinstance(k.value, ast.Constant) and k.value.value is True for k in decorator.keywords)
            if not cached:
                uncached.append(f"{path.relative_to(SRC)}:{function}")
    assert found >= 20, found  # the kernels are where we think they are
    assert not uncached, uncached


def test_builds_of_one_function_have_their_own_cache_entries():
    """Two builds of one Python function (serial and parallel) must not share a cache file: the second
    would load the first's machine code (a single-epoch ephemeris call then ran the threaded build)."""
    from moonbase.kernels import chebyshev

    names = {chebyshev._serial._cache._cache_file._index_name, chebyshev._parallel._cache._cache_file._index_name}
    assert len(names) == 2, names
