"""Train several configurations at once, one worker process per core.

The Training tab trains the same architecture from several initializations. Each run is
small (minibatches of 32 rows), so NumPy spends its time in Python overhead under the GIL
and two threads would not train two runs at once; two processes do. :func:`train_many`
runs :func:`explorer.services.training.run_training` for every config in at most
:data:`MAX_WORKERS` worker processes (never more than the cores this process may use),
longest runs first, and reports every epoch of every run to the caller's thread, which may
stop all runs, keeping what each has learned.

Each worker is a fresh Python process running :func:`_worker_main` (not a fork of the app's
multi-threaded server, and without re-importing the app's main module as
:mod:`multiprocessing` would). It imports only the engine (NumPy, no Streamlit), limits
BLAS to one thread, and talks to the caller through its standard input and output in
pickled frames: the caller sends the runs, the worker sends a progress message after every
epoch and each finished run; a ``stop`` frame makes it end its current epoch and send what
it has. A run's numbers do not depend on where it runs: every random draw comes from its
config's seed, so a run in a worker is bit-identical to the same run in the caller's
process (tested).

When one core is available, only one config is given, or a worker cannot start or dies, the
runs (those left) are trained in the calling thread one after another, with the same
callbacks.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import numpy as np

from explorer.services.training import (
    Progress,
    TrainConfig,
    TrainRun,
    estimate_mb,
    estimate_seconds,
    run_training,
)

__all__ = [
    "MAX_WORKERS",
    "PARALLEL_BUDGET_MB",
    "WORKER_BASE_MB",
    "RunProgress",
    "available_workers",
    "estimate_wall_seconds",
    "train_many",
]

#: Never more worker processes than this (the app is meant for small hosts: a laptop, a
#: 2-core cloud container).
MAX_WORKERS = 2
#: Resident memory of an idle worker (Python, NumPy, the engine), measured: about 47 MB.
WORKER_BASE_MB = 50
#: Memory all workers together may use. Runs train in parallel only while
#: ``workers * (WORKER_BASE_MB + largest estimate_mb)`` stays within it (the app itself takes
#: about 200 MB, and Community Cloud stops an app at 690 MB); bigger runs go one at a time
#: in the app's own process.
PARALLEL_BUDGET_MB = 300
#: Seconds between checks for finished workers while waiting for messages.
POLL_S = 0.05
#: Seconds to wait for workers to end their epoch after a stop request.
STOP_WAIT_S = 30.0

_ROOT = Path(__file__).resolve().parents[2]
#: What a worker process runs (``python -c``).
_WORKER_CODE = "from explorer.services.parallel import _worker_main; _worker_main()"
_HEADER = struct.Struct("<Q")


@dataclass(frozen=True)
class RunProgress:
    """Where one of the runs of :func:`train_many` is.

    Attributes
    ----------
    index : int
        Position of the run's config in the ``configs`` passed to :func:`train_many`.
    progress : Progress
        As :func:`explorer.services.training.run_training` reports it, without ``run`` (a partial
        run stays in its worker until the run ends).
    """

    index: int
    progress: Progress


def available_workers() -> int:
    """Cores this process may use, capped at :data:`MAX_WORKERS`.

    Returns
    -------
    int
        At least 1: the smaller of the CPU affinity mask (where the OS has one) and the
        container's CPU quota (cgroup v2 ``cpu.max`` or v1 ``cpu.cfs_quota_us``, rounded
        down), so a container allowed one core's time trains in one process even when it
        sees more cores.
    """
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    if quota is not None:
        n = min(n, int(quota))
    return max(1, min(MAX_WORKERS, n))


@functools.lru_cache(maxsize=8)
def _cgroup_cpu_quota(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """The container's CPU quota in cores, or None when there is none (or no cgroup); read
    once per process (the UI asks on every rerun)."""
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


# --------------------------------------------------------------------------- framing


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _recv(stream):
    """The next frame's object, or ``EOFError`` when the stream ended."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (n,) = _HEADER.unpack(head)
    data = stream.read(n)
    if len(data) < n:
        raise EOFError
    return pickle.loads(data)


# --------------------------------------------------------------------------- worker side


def _worker_main() -> None:
    """Run in a worker: read ``("run", [(index, cfg), ...])``, train each, send messages.

    Messages out: ``("progress", RunProgress)``, ``("done", index, TrainRun)``,
    ``("error", index, exception)``, then ``("bye",)``. A ``("stop",)`` frame in makes the
    running run end after its current epoch and the runs not started be skipped.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the message stream
    stdin = sys.stdin.buffer
    stop = threading.Event()
    _, tasks = _recv(stdin)

    def listen() -> None:
        try:
            while True:
                if _recv(stdin)[0] == "stop":
                    stop.set()
        except (EOFError, OSError):  # the caller went away: stop too
            stop.set()

    threading.Thread(target=listen, daemon=True).start()
    for index, cfg in tasks:
        if stop.is_set():
            break

        def on_epoch(p: Progress, index=index) -> bool | None:
            _send(out, ("progress", RunProgress(index, _without_run(p))))
            return False if stop.is_set() else None

        try:
            run = run_training(cfg, on_epoch)
        except Exception as e:  # sent to the caller, which raises it
            _send(out, ("error", index, e))
            break
        _send(out, ("done", index, run))
    _send(out, ("bye",))
    os._exit(0)  # at once: the listening thread may be blocked reading stdin


def _without_run(p: Progress) -> Progress:
    return Progress(p.phase, p.epoch, p.epochs, p.layer, p.layers, p.fraction, None)


# --------------------------------------------------------------------------- caller side


def _freeze(obj) -> None:
    """Make every array in a (nested) dataclass read-only again: pickling drops the flag."""
    if isinstance(obj, np.ndarray):
        obj.setflags(write=False)
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            _freeze(getattr(obj, f.name))
    elif isinstance(obj, list | tuple):
        for x in obj:
            _freeze(x)


#: Seconds a worker takes to start (a fresh interpreter importing NumPy and the engine).
START_S = 0.4


def estimate_wall_seconds(configs: Sequence[TrainConfig], workers: int | None = None) -> float:
    """Rough wall time of :func:`train_many` for ``configs`` (an estimate for the UI).

    Parameters
    ----------
    configs : sequence of TrainConfig
    workers : int, optional
        As in :func:`train_many`.

    Returns
    -------
    float
        Seconds: the busiest worker's share of
        :func:`~explorer.services.training.estimate_seconds` plus its start-up, or the sum when
        the runs would go one after another.
    """
    configs = list(configs)
    n = _n_workers(configs, workers)
    if n <= 1:
        return float(sum(estimate_seconds(c) for c in configs))
    plans = _assign(configs, n)
    return START_S + max(sum(estimate_seconds(configs[i]) for i in p) for p in plans)


def _n_workers(configs: Sequence[TrainConfig], workers: int | None) -> int:
    n = available_workers() if workers is None else max(1, int(workers))
    n = min(n, len(configs))
    if configs:
        per_worker = WORKER_BASE_MB + max(estimate_mb(c) for c in configs)
        n = min(n, max(1, int(PARALLEL_BUDGET_MB // per_worker)))
    return n


def _assign(configs: Sequence[TrainConfig], n_workers: int) -> list[list[int]]:
    """Longest run first to the least loaded worker (LPT scheduling)."""
    order = sorted(range(len(configs)), key=lambda i: -estimate_seconds(configs[i]))
    loads, plan = [0.0] * n_workers, [[] for _ in range(n_workers)]
    for i in order:
        w = loads.index(min(loads))
        plan[w].append(i)
        loads[w] += estimate_seconds(configs[i])
    return [p for p in plan if p]


class _Worker:
    """One worker process and the thread that reads its messages into a shared queue."""

    def __init__(self, tasks: list[tuple[int, TrainConfig]], inbox: queue.Queue):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(_ROOT), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=_ROOT,
            env=env,
        )
        self.indices = [i for i, _ in tasks]
        self.ended = threading.Event()
        _send(self.proc.stdin, ("run", tasks))
        self.reader = threading.Thread(target=self._read, args=(inbox,), daemon=True)
        self.reader.start()

    def _read(self, inbox: queue.Queue) -> None:
        try:
            while True:
                msg = _recv(self.proc.stdout)
                if msg[0] == "bye":
                    break
                inbox.put(msg)
        except (EOFError, OSError, pickle.UnpicklingError):
            pass  # a dead worker: the caller trains what it did not send
        finally:
            self.ended.set()
            inbox.put(("ended",))

    def stop(self) -> None:
        try:
            _send(self.proc.stdin, ("stop",))
        except (OSError, ValueError):
            pass

    def close(self, wait: float) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def train_many(
    configs: Sequence[TrainConfig],
    on_progress: Callable[[RunProgress], bool | None] | None = None,
    workers: int | None = None,
) -> list[TrainRun | None]:
    """Train every config, in parallel worker processes where there are cores for it.

    Parameters
    ----------
    configs : sequence of TrainConfig
        The runs; each is trained exactly as :func:`explorer.services.training.run_training`
        trains it alone.
    on_progress : callable, optional
        ``on_progress(run_progress)`` in the calling thread after every epoch of every run
        (pre-training epochs included), with a :class:`RunProgress`. Returning ``False``
        (any falsy value but ``None``) stops every run after its current epoch, keeping what
        each learned (runs not yet started are not started). If it raises, the runs are
        stopped the same way, and once they have ended the exception is raised again, with
        the runs so far in its ``partial_runs`` attribute (a list like the return value).
    workers : int, optional
        Worker processes; default :func:`available_workers`, and never more than
        :data:`PARALLEL_BUDGET_MB` allows for these runs. 1 trains in the calling thread.

    Returns
    -------
    list of TrainRun or None
        One per config, in the order of ``configs``; a stopped run has ``stopped=True``, and
        a run that a stop kept from starting is ``None``.

    Raises
    ------
    Exception
        What :func:`~explorer.services.training.run_training` raised for a config (e.g.
        :class:`~explorer.data.datasets.DatasetUnavailable`), or what ``on_progress`` raised.
    """
    configs = list(configs)
    for c in configs:
        if not isinstance(c, TrainConfig):
            raise TypeError(f"configs must be TrainConfigs, got {type(c).__name__}")
    results: list[TrainRun | None] = [None] * len(configs)
    n_workers = _n_workers(configs, workers)
    state = _State(on_progress)
    if n_workers > 1:
        _parallel(configs, n_workers, state, results)
    if not state.stopped and state.error is None:  # the runs no worker delivered
        missing = [i for i, r in enumerate(results) if r is None]
        _sequential(configs, missing, state, results)
    for r in results:
        _freeze(r)
    if state.error is not None:
        state.error.partial_runs = results
        raise state.error
    return results


class _State:
    """The caller's callback, and whether it asked to stop or raised."""

    def __init__(self, on_progress):
        self.on_progress = on_progress
        self.stopped = False
        self.error: BaseException | None = None

    def report(self, rp: RunProgress) -> bool:
        """Pass ``rp`` on; True when the runs must stop."""
        if self.on_progress is not None and not self.stopped:
            try:
                answer = self.on_progress(rp)
            except BaseException as e:  # e.g. Streamlit's stop request: stop, keep the runs
                self.error = e
                answer = False
            if answer is not None and not answer:
                self.stopped = True
        return self.stopped


def _sequential(configs, indices, state: _State, results) -> None:
    for i in indices:
        if state.stopped:  # runs not started when a stop came are not started
            break
        results[i] = run_training(
            configs[i], lambda p, i=i: False if state.report(RunProgress(i, p)) else None
        )


def _parallel(configs, n_workers: int, state: _State, results) -> None:
    inbox: queue.Queue = queue.Queue()
    workers: list[_Worker] = []
    try:
        for plan in _assign(configs, n_workers):
            workers.append(_Worker([(i, configs[i]) for i in plan], inbox))
    except OSError:  # no processes here: whatever did not start is trained in this thread
        pass
    error: BaseException | None = None
    stop_sent = False
    try:
        live = len(workers)
        while live:
            try:
                msg = inbox.get(timeout=POLL_S)
            except queue.Empty:
                continue
            kind = msg[0]
            if kind == "ended":
                live -= 1
            elif kind == "progress":
                state.report(msg[1])
            elif kind == "done":
                results[msg[1]] = msg[2]
            elif kind == "error" and error is None:
                error = msg[2]
                state.stopped = True
            if state.stopped and not stop_sent:
                stop_sent = True
                for w in workers:
                    w.stop()
    finally:
        for w in workers:
            w.close(STOP_WAIT_S)
    if error is not None:
        raise error
