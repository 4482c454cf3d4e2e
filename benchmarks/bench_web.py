"""Benchmark: the web app under load (issue #19): 50 concurrent clients on loopback for 60 s.

Starts ``moonbase serve`` in a subprocess on 127.0.0.1 (a free port, a temporary data folder), warms the
statistics and panorama products of a few named sites (so they are cached), then runs N clients
(asyncio + httpx, each one request at a time) for D seconds or M requests, whichever comes first,
against ``POST /api/statistics`` and ``POST /api/panorama``. A plan job runs alongside from the start.
Prints p50/p99 latency overall and while the plan job was running, errors, the server's resident memory
before and after, and the ratio of the loaded p50 to a single client's p50 measured first in the same run
(the baseline). Goal: no errors, p99 ≤ 500 ms for cached products.

Run: python benchmarks/bench_web.py [--clients 50] [--seconds 60] [--max-requests 200000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

SITES = ("connecting-ridge", "shackleton-rim", "change7", "de-gerlache-rim")
PERIOD = {"start": "2030-01-01", "end": "2030-04-01", "step": "1h"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def requests_for(sites) -> list[tuple[str, dict]]:
    out = []
    for site in sites:
        body = {"site": site, "height_m": 2.0, "period": PERIOD}
        out += [("/api/statistics", body), ("/api/panorama", {**body, "samples": 1000})]
    return out


async def client_loop(base: str, work: list, stop_at: float, budget: list, records: list, plan_running):
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        k = 0
        while time.monotonic() < stop_at and budget[0] > 0:
            budget[0] -= 1
            path, body = work[k % len(work)]
            k += 1
            start = time.perf_counter()
            during_plan = plan_running()
            try:
                r = await client.post(path, json=body)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            records.append((time.perf_counter() - start, ok, during_plan or plan_running()))


async def run(base: str, clients: int, seconds: float, max_requests: int, plan_id: str | None):
    work = requests_for(SITES)
    state = {"running": plan_id is not None}

    async def watch_plan():
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while state["running"]:
                record = (await client.get(f"/api/jobs/{plan_id}")).json()
                state["running"] = record["status"] not in ("done", "failed")
                state["status"] = record["status"]
                await asyncio.sleep(0.5)

    records, budget = [], [max_requests]
    stop_at = time.monotonic() + seconds
    watcher = asyncio.create_task(watch_plan()) if plan_id else None
    await asyncio.gather(*(client_loop(base, work[i % len(work):] + work[:i % len(work)], stop_at, budget, records,
                                       lambda: state["running"]) for i in range(clients)))
    if watcher:
        state_running = state["running"]
        watcher.cancel()
        state["still_running_at_end"] = state_running
    return records, state


def summary(label: str, records) -> str:
    if not records:
        return f"{label}: no requests"
    t = np.array([r[0] for r in records]) * 1000.0
    errors = sum(not r[1] for r in records)
    return (f"{label}: {len(t):,} requests, p50 {np.percentile(t, 50):.1f} ms, p99 {np.percentile(t, 99):.1f} ms, "
            f"max {t.max():.0f} ms, errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--no-plan", action="store_true")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ)
        server = subprocess.Popen([sys.executable, "-m", "moonbase.cli.main", "serve", "--port", str(port), "--data-dir", data],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            with httpx.Client(base_url=base, timeout=120) as client:
                for _ in range(600):
                    try:
                        client.get("/api/scenarios")
                        break
                    except httpx.HTTPError:
                        time.sleep(0.1)
                start = time.perf_counter()
                for path, body in requests_for(SITES):  # warm: compute and cache each product once
                    client.post(path, json=body).raise_for_status()
                print(f"warm-up (compute {len(SITES)} sites' statistics and panoramas, {PERIOD['start']} to {PERIOD['end']} "
                      f"hourly): {time.perf_counter() - start:.1f} s")
                memory_before = rss_mb(server.pid)
                baseline = []
                for path, body in requests_for(SITES) * 10:
                    t0 = time.perf_counter()
                    client.post(path, json=body).raise_for_status()
                    baseline.append((time.perf_counter() - t0, True, False))
                plan_id = None
                if not args.no_plan:
                    scenario = client.get("/api/scenarios/ilrs").json()
                    scenario["period"] = {"start": "2030-01-01", "end": "2030-01-15", "step": "1h"}
                    plan_id = client.post("/api/jobs/plan", json={"scenario": scenario}).json()["id"]
            print(summary("baseline, 1 client, sequential", baseline))
            records, state = asyncio.run(run(base, args.clients, args.seconds, args.max_requests, plan_id))
            memory_after = rss_mb(server.pid)
            print(summary(f"{args.clients} clients, {args.seconds:g} s, all", records))
            print(summary("  started or ended while the plan job ran", [r for r in records if r[2]]))
            print(summary("  after it finished", [r for r in records if not r[2]]))
            if plan_id:
                print(f"plan job: {state.get('status')} (still running at the end: {state.get('still_running_at_end')})")
            loaded = np.percentile([r[0] for r in records], 50)
            single = np.percentile([r[0] for r in baseline], 50)
            print(f"ratio of loaded p50 to the single-client p50 (baseline): {loaded / single:.1f}x")
            p99 = np.percentile([r[0] for r in records], 99) * 1000
            errors = sum(not r[1] for r in records)
            print(f"server memory: {memory_before:.0f} MB before, {memory_after:.0f} MB after")
            print(f"goal (no errors, p99 <= 500 ms): {'met' if errors == 0 and p99 <= 500 else 'NOT met'} "
                  f"(errors {errors}, p99 {p99:.0f} ms; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
