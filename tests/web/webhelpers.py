"""Helpers for the web tests: a short scenario, waiting for a job, a live uvicorn server on a free port."""

from __future__ import annotations

import socket
import threading
import time

SHORT_PERIOD = {"start": "2030-01-01", "end": "2030-01-02", "step": "2h"}


def short_scenario(name: str = "short", title: str = "Short plan") -> dict:
    """The built-in ILRS scenario over one day every 2 h (a quick plan)."""
    from moonbase.web.api import scenario

    data = scenario("ilrs")
    data.update(name=name, title=title, period=dict(SHORT_PERIOD))
    return data


def wait_for(client, job_id: str, timeout_s: float = 300.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        record = client.get(f"/api/jobs/{job_id}").json()
        if record["status"] in ("done", "failed"):
            return record
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout_s} s")



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1:<free port> in a thread; ``stop()`` ends it."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=30)
