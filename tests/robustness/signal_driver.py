"""Run ``moonbase ARGS...`` in this process with a signal arriving at a chosen moment (used by test_signals.py).

``python signal_driver.py MOMENT SIGNAL TRACE -- ARGS...``, where MOMENT is

* ``kernel``: the first Chebyshev evaluation of the ephemeris runs the parallel numba kernel on a long input
  (~1 s); TRACE is written just before it starts (once the kernel is compiled or loaded from its cache), so
  the test can send SIGNAL from outside while it runs;
* ``write``: SIGNAL is raised by the process itself while the output folder is half written (after the
  intervals CSV, before cola.json);
* ``swap``: SIGNAL arrives just as the finished folder is being swapped in (it must wait until the swap is done);
* ``file``: SIGNAL arrives while a single-file output is being written.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path


def main() -> None:
    moment, signame, trace = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    args = sys.argv[sys.argv.index("--") + 1:]
    signum = getattr(signal, signame)

    def raise_signal():
        os.kill(os.getpid(), signum)

    if moment == "kernel":
        import numpy as np

        import moonbase.ephemeris as ephemeris
        from moonbase.kernels import chebyshev

        real = ephemeris.chebyshev_eval
        state = {"done": False}

        def long_then_real(tdb_s, init_s, interval_s, coefficients, with_rate):
            if not state["done"]:
                state["done"] = True
                long = np.resize(tdb_s, 6_000_000)
                chebyshev._parallel(long[:4096], init_s, interval_s, coefficients, True)  # compiled or loaded now
                trace.write_text("in kernel\n")
                chebyshev._parallel(long, init_s, interval_s, coefficients, True)
                chebyshev._parallel(long, init_s, interval_s, coefficients, True)
                trace.write_text("in kernel\nkernel finished before the signal\n")  # the test fails on this
            return real(tdb_s, init_s, interval_s, coefficients, with_rate)

        ephemeris.chebyshev_eval = long_then_real
    elif moment == "write":
        import moonbase.report.cola as cola_output  # writes the COLA folder

        real_csv = cola_output.columns_to_csv
        calls = {"n": 0}

        def csv_then_signal(columns):
            calls["n"] += 1
            if calls["n"] == 2:  # intervals.csv is written, cola.json and the rest are not
                raise_signal()
            return real_csv(columns)

        cola_output.columns_to_csv = csv_then_signal
    elif moment == "swap":
        import moonbase.output as output

        real_swap = output._swap_in

        def signal_then_swap(staging, target, option):
            raise_signal()
            return real_swap(staging, target, option)

        output._swap_in = signal_then_swap
    elif moment == "file":
        from contextlib import contextmanager

        import moonbase.output as output

        real_atomic = output.atomic_file

        @contextmanager
        def atomic_then_signal(target, option="--out"):
            with real_atomic(target, option) as tmp:
                yield tmp
                raise_signal()  # the temporary file is written, not yet renamed

        output.atomic_file = atomic_then_signal
    from moonbase.cli.main import main as moonbase_main

    sys.argv = ["moonbase", *args]
    moonbase_main()


if __name__ == "__main__":
    main()
