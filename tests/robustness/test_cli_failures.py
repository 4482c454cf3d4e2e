"""How the CLI turns interrupts and filesystem errors that escape the commands into one line."""

from __future__ import annotations

import pytest

from moonbase.errors import Interrupted

ARGS = ["ephem", "--site", "change7", "--start", "2030-01-01", "--end", "2030-01-01T06:00"]


def _failing(exc):
    def call(*args, **kwargs):
        raise exc
    return call


def test_a_systemerror_wrapping_an_interrupt_is_an_interrupt(run_cli, monkeypatch):
    """Numba may report a signal that arrived inside a kernel as SystemError('... returned a result with an
    exception set'), chained to the interrupt."""
    import moonbase.cli.ephem as ephem

    try:
        raise Interrupted(2)
    except Interrupted as interrupt:
        wrapped = SystemError("<numba dispatcher> returned a result with an exception set")
        wrapped.__context__ = interrupt
    monkeypatch.setattr(ephem, "site_ephemeris", _failing(wrapped))
    code, _, err = run_cli(*ARGS)
    assert code == 130 and err == "moonbase: interrupted\n"


def test_a_systemerror_that_is_a_bug_is_not_hidden(run_cli, monkeypatch):
    import moonbase.cli.ephem as ephem

    monkeypatch.setattr(ephem, "site_ephemeris", _failing(SystemError("a real bug")))
    with pytest.raises(SystemError):
        run_cli(*ARGS)


@pytest.mark.parametrize(("error", "fragment"), [
    (PermissionError(13, "Permission denied", "/data/cache/x.bin"), "/data/cache/x.bin: Permission denied; check its permissions"),
    (OSError(28, "No space left on device", "/tmp/out.csv"), "/tmp/out.csv: No space left on device; free some disk space"),
    (IsADirectoryError(21, "Is a directory", "/tmp/folder"), "/tmp/folder: Is a directory; give a file, not a folder"),
])
def test_a_filesystem_error_anywhere_is_one_line_with_the_path_and_the_fix(error, fragment, run_cli, monkeypatch):
    import moonbase.cli.ephem as ephem

    monkeypatch.setattr(ephem, "site_ephemeris", _failing(error))
    code, _, err = run_cli(*ARGS)
    assert code == 2 and err == f"moonbase: error: {fragment}\n"


def test_an_interrupt_exits_with_128_plus_the_signal(run_cli, monkeypatch):
    import moonbase.cli.ephem as ephem

    monkeypatch.setattr(ephem, "site_ephemeris", _failing(Interrupted(15)))
    code, _, err = run_cli(*ARGS)
    assert code == 143 and err == "moonbase: interrupted\n"


def test_usage_errors_are_one_line_too(run_cli):
    code, _, err = run_cli("screen", "--packaged", "--start", "2026-05-30", "--hours", "abc")
    assert code == 2 and err.count("\n") == 1 and "--hours" in err and "moonbase screen --help" in err


def test_an_interrupt_lost_in_a_c_callback_still_stops_the_command(run_cli, monkeypatch, tmp_path):
    """A signal that lands while numba loads a compiled kernel raises inside a ctypes callback, where Python
    prints 'Exception ignored' and drops it: the command must still stop, quietly, before writing anything."""
    import moonbase.cli.horizon as horizon
    from moonbase import output

    real = horizon.resolve_horizon

    def swallowed(*args, **kwargs):
        try:
            output.interrupt_handler(1, None)  # SIGHUP, raised where a C callback would lose it
        except Interrupted:
            pass
        return real(*args, **kwargs)

    monkeypatch.setattr(horizon, "resolve_horizon", swallowed)
    code, out, err = run_cli("horizon", "--site", "change7", "--format", "csv", "--out", tmp_path / "h.csv")
    assert code == 129 and err == "moonbase: interrupted\n"
    assert list(tmp_path.iterdir()) == []
