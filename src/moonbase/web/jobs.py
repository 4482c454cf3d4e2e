"""Jobs: long work (plans, maps, COLA sweeps) run on dask, with progress, persisted in the data folder.

Each job lives in ``DATA/jobs/<id>/``: ``job.json`` (kind, parameters, status, progress, error, summary)
and ``result/`` (written whole or not at all by the work function, through
:func:`moonbase.output.atomic_directory`). At most ``max_jobs`` run at once; up to ``max_queue`` more
wait in order. Work runs on a local dask cluster of worker processes (``moonbase serve``'s default, so a plan never
holds the server's GIL), on local threads, or on a dask.distributed scheduler by address (its workers
must see the data folder); progress from a cluster comes back through a ``distributed.Variable``.
A job's thread never depends on the HTTP client that started it, so a client that disconnects
stops nothing. Jobs still queued or running when the server stopped are marked failed on restart.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from ..errors import MoonbaseError
from ..output import dumps_json, write_text_atomic

log = logging.getLogger("moonbase.web")

#: kind → work function ``(params, result_dir, progress) -> summary dict``.
Work = Callable[[dict, Path, Callable[[float, str], None]], dict]
FINISHED = ("done", "failed")


class QueueFull(MoonbaseError):
    """More jobs are waiting than the queue holds."""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _run_remote(work: Work, params: dict, result_dir: str, job_id: str) -> dict:
    """Run on a dask worker: progress goes to the Variable named after the job."""
    from distributed import Variable

    variable = Variable(f"moonbase-progress-{job_id}")
    return work(params, Path(result_dir), lambda f, m: variable.set([float(f), str(m)]))


class JobManager:
    """Creates, runs, persists and reports jobs."""

    def __init__(self, jobs_dir: Path, works: dict[str, Work], max_jobs: int = 1, max_queue: int = 20,
                 scheduler: str | None = None, local_processes: bool = False):
        self.jobs_dir = Path(jobs_dir)
        self.jobs_dir.mkdir(parents=True, exist_ok=True)
        self.works = works
        self.max_queue = max_queue
        self.scheduler = scheduler
        self.local_processes = local_processes
        self.max_jobs = max_jobs
        self._cluster = None
        self._lock = threading.Lock()
        self._jobs: dict[str, dict] = {}
        self._saved_at: dict[str, float] = {}
        self._pool = ThreadPoolExecutor(max_workers=max_jobs, thread_name_prefix="moonbase-job")
        self._client = None
        self._read_saved_jobs()

    # -- persistence
    def _read_saved_jobs(self) -> None:
        for path in sorted(self.jobs_dir.glob("*/job.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if record.get("status") not in FINISHED:
                record.update(status="failed", error="interrupted: the server stopped before the job finished",
                              finished=_now())
                self._discard_result(record["id"])
                self._save(record)
            self._jobs[record["id"]] = record

    def _save(self, record: dict) -> None:
        write_text_atomic(self.jobs_dir / record["id"] / "job.json", dumps_json(record))
        self._saved_at[record["id"]] = time.monotonic()

    def result_dir(self, job_id: str) -> Path:
        return self.jobs_dir / job_id / "result"

    def _discard_result(self, job_id: str) -> None:
        shutil.rmtree(self.result_dir(job_id), ignore_errors=True)

    # -- queries
    def get(self, job_id: str) -> dict | None:
        with self._lock:
            record = self._jobs.get(job_id)
            return dict(record) if record else None

    def list(self, kind: str | None = None) -> list[dict]:
        with self._lock:
            records = [dict(r) for r in self._jobs.values() if kind is None or r["kind"] == kind]
        return sorted(records, key=lambda r: r["created"], reverse=True)

    def waiting(self) -> int:
        with self._lock:
            return sum(r["status"] == "queued" for r in self._jobs.values())

    # -- running
    def submit(self, kind: str, params: dict, label: str = "") -> dict:
        """Queue a job; returns its record (``status`` queued). Raises :class:`QueueFull` when the queue is full."""
        if kind not in self.works:
            raise MoonbaseError(f"unknown job kind {kind!r}")
        if self.waiting() >= self.max_queue:
            raise QueueFull(f"{self.max_queue} jobs are already waiting; try again when some have finished")
        job_id = uuid.uuid4().hex[:12]
        record = {"id": job_id, "kind": kind, "label": label, "params": params, "status": "queued", "progress": 0.0,
                  "message": "waiting in the queue", "created": _now(), "started": None, "finished": None,
                  "error": None, "summary": None}
        with self._lock:
            self._jobs[job_id] = record
            self._save(record)
        self._pool.submit(self._run, job_id)
        return dict(record)

    def _update(self, job_id: str, force: bool = False, **changes) -> None:
        with self._lock:
            record = self._jobs[job_id]
            record.update(changes)
            if force or time.monotonic() - self._saved_at.get(job_id, 0.0) > 1.0:
                self._save(record)

    def _run(self, job_id: str) -> None:
        record = self.get(job_id)
        work = self.works[record["kind"]]
        self._update(job_id, force=True, status="running", started=_now(), message="starting")

        def progress(fraction: float, message: str) -> None:
            self._update(job_id, progress=round(max(0.0, min(1.0, float(fraction))), 4), message=str(message))

        try:
            if self.scheduler or self.local_processes:
                summary = self._run_on_cluster(job_id, work, record["params"], progress)
            else:
                summary = work(record["params"], self.result_dir(job_id), progress)
        except MoonbaseError as exc:
            self._fail(job_id, str(exc))
        except Exception as exc:  # a bug: logged with its traceback, reported in one line
            log.exception("job %s (%s) failed", job_id, record["kind"])
            self._fail(job_id, f"internal error ({type(exc).__name__}: {exc}); see the server log")
        else:
            self._update(job_id, force=True, status="done", progress=1.0, message="done", finished=_now(),
                         summary=summary)

    def _fail(self, job_id: str, error: str) -> None:
        self._discard_result(job_id)
        self._update(job_id, force=True, status="failed", error=error, message="failed", finished=_now())

    def _run_on_cluster(self, job_id: str, work: Work, params: dict, progress) -> dict:
        from distributed import Client, Variable

        with self._lock:
            if self._client is None and self.scheduler:
                self._client = Client(self.scheduler, set_as_default=False)
            elif self._client is None:  # a local cluster of worker processes: jobs never hold the server's GIL
                from distributed import LocalCluster

                self._cluster = LocalCluster(n_workers=self.max_jobs, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self._client = Client(self._cluster, set_as_default=False)
            client = self._client
        variable = Variable(f"moonbase-progress-{job_id}", client=client)
        future = client.submit(_run_remote, work, params, str(self.result_dir(job_id)), job_id, pure=False)
        while not future.done():
            time.sleep(0.5)
            try:
                fraction, message = variable.get(timeout=0.1)
                progress(fraction, message)
            except Exception:  # nothing reported yet
                pass
        variable.delete()
        return future.result()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
