"""Where jobs run: threads of the server, or a small pool of worker processes; and how many.

Two executors for :class:`explorer.services.jobs.JobService`:

- :class:`ThreadExecutor` runs a job in a thread of this process. For NumPy-heavy work that
  releases the GIL (a deep trace is mostly matrix products) and whose arrays should not be
  copied between processes.
- :class:`ProcessExecutor` keeps up to ``size`` worker processes and runs one job at a time
  in each. For training loops over small minibatches, which spend their time in Python under
  the GIL: two threads would not train two runs at once, two processes do. Each worker is a
  fresh interpreter (not a fork of the multi-threaded server) that imports only what its
  jobs need (NumPy and the engine: no Streamlit, no pandas, about 45 MB), limits BLAS to one
  thread, and talks to the server in pickled frames over its standard input and output: the
  server sends ``("run", job, target, config)`` and ``("stop", job)``, the worker answers
  with ``("progress", job, p)`` after every step and ``("done", job, result)`` or
  ``("error", job, exception)``. A job's numbers do not depend on where it runs: every
  random draw comes from its config's seed (tested bit for bit). A worker that dies fails
  its job, and the next job starts a new worker.

:func:`cpu_slots` and :func:`memory_limit_mb` read the container's CPU quota and memory limit
(cgroup v2 or v1), so the pool fits the machine and not the number of visitors.
"""

from __future__ import annotations

import functools
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np

from explorer.services.jobs import Kind, resolve

__all__ = ["ProcessExecutor", "ThreadExecutor", "cpu_slots", "memory_limit_mb", "worker_main"]

_ROOT = Path(__file__).resolve().parents[2]
_WORKER_CODE = "from explorer.services.workers import worker_main; worker_main()"
_HEADER = struct.Struct("<Q")
#: Never more workers than this: the app is meant for small hosts (a laptop, a 2-core
#: cloud container).
MAX_SLOTS = 2


# --------------------------------------------------------------------------- the machine


def cpu_slots(root: Path = Path("/sys/fs/cgroup")) -> int:
    """Jobs to run at once: the cores this process may use, within the container's quota.

    Returns
    -------
    int
        From 1 to :data:`MAX_SLOTS`: the smaller of the CPU affinity mask and the cgroup CPU
        quota (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``), rounded down.
    """
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    quota = _cpu_quota(root)
    if quota is not None:
        n = min(n, int(quota))
    return max(1, min(MAX_SLOTS, n))


@functools.lru_cache(maxsize=8)
def _cpu_quota(root: Path) -> float | None:
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]  # cgroup v2
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())  # cgroup v1
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return None if quota <= 0 or period <= 0 else quota / period
    except (OSError, ValueError):
        return None


def memory_limit_mb(root: Path = Path("/sys/fs/cgroup"), default: float = 690.0) -> float:
    """The container's memory limit in MB, or ``default`` when it sets none.

    Reads cgroup v2 ``memory.max`` of this process's cgroup (or the root's), then v1
    ``memory.limit_in_bytes``. Community Cloud starts an app's container at 690 MB, the
    default; a limit above 64 GB counts as none.
    """
    candidates = []
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if controllers == "":
                candidates.append(root / path.lstrip("/") / "memory.max")
            elif "memory" in controllers.split(","):
                candidates.append(root / "memory" / path.lstrip("/") / "memory.limit_in_bytes")
    except (OSError, ValueError):
        pass
    candidates += [root / "memory.max", root / "memory" / "memory.limit_in_bytes"]
    for path in candidates:
        try:
            text = path.read_text().strip()
        except OSError:
            continue
        if text == "max":
            continue
        try:
            mb = int(text) / 2**20
        except ValueError:
            continue
        if 0 < mb < 64 * 1024:
            return mb
    return default


# --------------------------------------------------------------------------- threads


class ThreadExecutor:
    """Runs each job in a new daemon thread of this process."""

    def submit(self, job: int, kind: Kind, config, report, done) -> None:
        def run() -> None:
            try:
                result = resolve(kind.target)(config, lambda p: None if report(p) else False)
            except BaseException as e:  # handed to the service, which fails the job
                done(None, e)
                return
            done(result, None)

        threading.Thread(target=run, name=f"job-{job}", daemon=True).start()

    def cancel(self, job: int) -> None:
        """Nothing to do: the job learns it at its next report."""

    def close(self) -> None:
        """Nothing to close: a running thread ends with its job."""


# --------------------------------------------------------------------------- processes


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _recv(stream):
    """The next frame's object; ``EOFError`` when the stream has ended."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (n,) = _HEADER.unpack(head)
    data = stream.read(n)
    if len(data) < n:
        raise EOFError
    return pickle.loads(data)


def worker_main() -> None:
    """The loop of a worker process: run jobs one at a time until the input ends."""
    from threadpoolctl import threadpool_limits

    _return_freed_memory()
    threadpool_limits(1, user_api="blas")
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the message stream
    inbox: queue.Queue = queue.Queue()
    stopped: set[int] = set()

    def listen() -> None:
        try:
            while True:
                msg = _recv(sys.stdin.buffer)
                if msg[0] == "stop":
                    stopped.add(msg[1])
                else:
                    inbox.put(msg)
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=listen, daemon=True).start()
    try:
        _serve(inbox, stopped, out)
    except BrokenPipeError:
        pass  # the server closed the pipe (it shut down): nobody wants the result
    os._exit(0)


def _serve(inbox: queue.Queue, stopped: set[int], out) -> None:
    """Run the inbox's jobs one at a time, reporting on ``out``, until it yields None."""
    while (msg := inbox.get()) is not None:
        _, job, target, config = msg

        def report(p, job=job) -> bool | None:
            _send(out, ("progress", job, p))
            return False if job in stopped else None

        try:
            result = resolve(target)(config, report)
        except BrokenPipeError:
            raise  # a report found the server gone
        except Exception as e:
            try:
                _send(out, ("error", job, e))
            except (pickle.PicklingError, TypeError, AttributeError):
                _send(out, ("error", job, RuntimeError(f"{type(e).__name__}: {e}")))
            continue
        _send(out, ("done", job, result))


def _return_freed_memory() -> None:
    """Serve large arrays from mmap, so a finished job's memory goes back to the OS."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass


class _Worker:
    """One worker process, the job it runs, and the thread reading its messages."""

    def __init__(self, on_message: Callable[[_Worker, tuple], None], python: str):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(_ROOT), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = "1"
        self.proc = subprocess.Popen(
            [python, "-c", _WORKER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=_ROOT,
            env=env,
        )
        self.job: int | None = None
        self.dead = False
        self._lock = threading.Lock()
        self._on_message = on_message
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            while True:
                self._on_message(self, _recv(self.proc.stdout))
        except (EOFError, OSError, pickle.UnpicklingError, AttributeError):
            pass
        self.dead = True
        self._on_message(self, ("exited",))

    def send(self, msg: tuple) -> bool:
        with self._lock:
            try:
                _send(self.proc.stdin, msg)
                return True
            except (OSError, ValueError):
                return False

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class ProcessExecutor:
    """Up to ``size`` worker processes, one job at a time each (see the module).

    Parameters
    ----------
    size : int
        Most workers alive at once (the service never runs more jobs than its slots).
    python : str
        The interpreter to start (default: this one).
    start : bool
        Start the workers now (:meth:`start`); else at :meth:`start` or one by one as jobs
        come.
    """

    def __init__(self, size: int = 2, python: str | None = None, start: bool = False):
        self.size = max(1, int(size))
        self.python = python or sys.executable
        self._idle: list[_Worker] = []
        self._busy: dict[int, tuple[_Worker, Callable, Callable]] = {}
        self._lock = threading.Lock()
        if start:
            self.start()

    def start(self) -> None:
        """Start workers until ``size`` are alive, so the next jobs do not wait for an
        interpreter to start (they are alive for the server's life anyway)."""
        with self._lock:
            missing = self.size - len(self._idle) - len(self._busy)
            try:
                for _ in range(missing):
                    self._idle.append(_Worker(self._on_message, self.python))
            except OSError:  # they will be started (or fail their jobs) on demand
                pass

    def submit(self, job: int, kind: Kind, config, report, done) -> None:
        with self._lock:
            worker = None
            while self._idle and worker is None:
                w = self._idle.pop()
                worker = None if w.dead or w.proc.poll() is not None else w
            if worker is None:
                try:
                    worker = _Worker(self._on_message, self.python)
                except OSError as e:
                    done(None, RuntimeError(f"a worker process could not start: {e}"))
                    return
            worker.job = job
            self._busy[job] = (worker, report, done)
        if not worker.send(("run", job, kind.target, config)):
            self._finish(worker, job, None, RuntimeError("the worker process stopped"))

    def _on_message(self, worker: _Worker, msg: tuple) -> None:
        if msg[0] == "exited":
            job = worker.job
            if job is not None:
                code = worker.proc.poll()
                self._finish(
                    worker, job, None, RuntimeError(f"the worker process stopped (exit {code})")
                )
            with self._lock:
                if worker in self._idle:
                    self._idle.remove(worker)
            return
        kind, job, payload = msg
        entry = self._busy.get(job)
        if entry is None:
            return
        if kind == "progress":
            if not entry[1](payload):
                worker.send(("stop", job))
        elif kind == "done":
            self._finish(worker, job, payload, None)
        elif kind == "error":
            self._finish(worker, job, None, payload)

    def _finish(self, worker: _Worker, job: int, result, error) -> None:
        with self._lock:
            entry = self._busy.pop(job, None)
            worker.job = None
            alive = not worker.dead and worker.proc.poll() is None
            if alive and len(self._idle) < self.size:
                self._idle.append(worker)
            elif alive:
                threading.Thread(target=worker.close, daemon=True).start()
        if entry is not None:
            _freeze(result)
            entry[2](result, error)

    def cancel(self, job: int) -> None:
        """Tell the worker running ``job`` to stop it after its current step."""
        with self._lock:
            entry = self._busy.get(job)
        if entry is not None:
            entry[0].send(("stop", job))

    @property
    def workers(self) -> int:
        """Worker processes alive now."""
        with self._lock:
            return len(self._idle) + len(self._busy)

    def close(self) -> None:
        with self._lock:
            workers = self._idle + [w for w, _, _ in self._busy.values()]
            self._idle, self._busy = [], {}
        for w in workers:
            w.close()


def _freeze(obj: Any, _depth: int = 0) -> None:
    """Make every array in a result read-only again (pickling drops the flag)."""
    if _depth > 8:
        return
    if isinstance(obj, np.ndarray):
        obj.setflags(write=False)
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            _freeze(getattr(obj, f.name), _depth + 1)
    elif isinstance(obj, list | tuple):
        for x in obj:
            _freeze(x, _depth + 1)
