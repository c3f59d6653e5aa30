"""The server's one job service: every long computation done once, fairly, within a budget.

A teacher shares one link and a class opens it at the same minute, mostly with the same
settings. Every result here is a pure function of its frozen config (seeded), so the service
computes each config once for the whole server and keeps the result for everyone:

- **Jobs are keyed by kind and frozen config.** A request for a key that is queued, running
  or finished joins that job instead of starting another (:meth:`JobService.request`).
- **One pool for the server.** At most ``slots`` jobs run at once (from the CPU quota), and
  only while the running jobs' memory estimates fit ``budget_mb`` (from the container's
  memory limit); a job too big for the budget on its own is refused with a clear message.
- **Fair queueing.** Jobs wait in order of (priority class, the request's rank among its
  session's pending requests, arrival): first come, first served, and one session's second
  request does not go ahead of another session's first. A session may have at most
  ``max_queued`` jobs waiting; the next request is refused with a message.
- **Interest, not ownership.** Sessions hold interest in jobs. :meth:`JobService.stop`
  withdraws one session's interest; a job nobody wants any more is cancelled, keeping what
  it learned (its last progress becomes a stopped result). Sessions that have gone away
  (:attr:`JobService.alive` no longer lists them, for longer than a grace period) are
  released the same way. A rerun, a tab switch or another widget changes nothing.
- **One bounded store.** Finished results are kept in one least-recently-used store sized in
  megabytes (:class:`Store`), shared by all sessions; a session keeps only tickets.
- **Failures are contained.** A job that raises (or whose worker dies) fails with one message
  that every waiting session sees; the service goes on with the next job.

What a job does is described by a :class:`Kind` (its function, where it runs, how much memory
it needs); *where* it runs is an executor's business (:mod:`explorer.services.workers`: in a
thread of this process, or in a worker process). No Streamlit here: the UI gives the service
its session ids and a function listing the sessions still connected.
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from typing import Any, Protocol

import numpy as np

from explorer.engine.checks import ConfigError

__all__ = [
    "PRIORITIES",
    "Executor",
    "JobService",
    "JobState",
    "JobView",
    "Kind",
    "QueueFull",
    "Store",
    "Ticket",
    "size_mb",
]

_LOG = logging.getLogger("explorer.jobs")

#: Priority classes, most urgent first: what a page shows on opening, what a Train button
#: asks for, and what is computed ahead of a class (warming).
PRIORITIES = ("interactive", "run", "background")
_BACKGROUND = PRIORITIES.index("background")


class QueueFull(ConfigError):
    """A session asked for more waiting jobs than it may have (the message says how many)."""


class JobState(Enum):
    """Where a job is."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"  # cancelled while running: its result is what it had learned
    CANCELLED = "cancelled"  # cancelled before it started: no result
    FAILED = "failed"


TERMINAL = frozenset({JobState.DONE, JobState.STOPPED, JobState.CANCELLED, JobState.FAILED})


@dataclass(frozen=True)
class Kind:
    """A kind of job: what it computes and what it costs.

    Attributes
    ----------
    name : str
        Registry key, the first part of every job key of this kind.
    target : str
        ``"module:function"`` computing a result, ``function(config, report)``; ``report(p)``
        is called with a progress object after every step and returns ``False`` when the
        job should stop (the function then returns what it has, marked stopped).
    estimate_mb : callable
        ``estimate_mb(config) -> float``: peak memory of the job's arrays.
    partial : str or None
        ``"module:function"``, ``partial(config, progress) -> result``: the stopped result of
        a progress snapshot (what a session that pressed Stop shows while others go on).
    where : {"thread", "process"}
        Run in a thread of the server (NumPy-heavy work that releases the GIL and needs the
        server's memory) or in a worker process (Python loops that hold the GIL).
    priority : str
        Default class, one of :data:`PRIORITIES`.
    seconds : callable, optional
        ``seconds(config) -> float``, a rough duration: the jobs of one request start
        longest first, so the last to finish is not a long one started last.
    """

    name: str
    target: str
    estimate_mb: Callable[[Any], float]
    partial: str | None = None
    where: str = "process"
    priority: str = "run"
    seconds: Callable[[Any], float] | None = None


def resolve(target: str) -> Callable:
    """The function named ``"module:function"`` (imported on first use)."""
    import importlib

    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Ticket:
    """A session's claim on one job: what it asked for, and which job serves it.

    Attributes
    ----------
    key : tuple
        ``(kind, config)``.
    job : int
        The job's id (a key can have several jobs over time: a finished one, a failed one).
    """

    key: tuple
    job: int


@dataclass(frozen=True)
class JobView:
    """A snapshot of one job, as a session sees it.

    Attributes
    ----------
    ticket : Ticket
    state : JobState
    ahead : int
        Queued jobs that will start before this one (0 when it is next, running or ended).
    progress : object or None
        The job's last progress report.
    result : object or None
        The finished (or stopped) result.
    error : ConfigError or None
        Why the job failed, with a key for the UI's translation.
    sessions : int
        Sessions interested in the job now.
    cached : bool
        The result was already in the store when the job was asked for.
    """

    ticket: Ticket
    state: JobState
    ahead: int = 0
    progress: Any = None
    result: Any = None
    error: ConfigError | None = None
    sessions: int = 0
    cached: bool = False

    @property
    def ended(self) -> bool:
        return self.state in TERMINAL


class Executor(Protocol):
    """Runs jobs somewhere (:mod:`explorer.services.workers`)."""

    def submit(
        self,
        job: int,
        kind: Kind,
        config: Any,
        report: Callable[[Any], bool],
        done: Callable[[Any, BaseException | None], None],
    ) -> None:
        """Start ``kind`` on ``config``: call ``report(progress)`` after every step (it
        returns ``False`` to stop the job) and ``done(result, error)`` once at the end."""

    def cancel(self, job: int) -> None:
        """Ask a running job to stop now (it also learns it at its next ``report``)."""

    def close(self) -> None:
        """Stop every worker."""

    # It may also have ``start()``: start its workers ahead of their first job (see
    # JobService's ``workers_after_s``).


# --------------------------------------------------------------------------- sizes


def size_mb(obj, _depth: int = 0) -> float:
    """Memory held by a result's arrays and frames, in MB (what the store budgets).

    Walks dataclasses, tuples, lists and dicts; counts NumPy arrays (``nbytes``), pandas
    objects (``memory_usage(deep=True)``) and bytes; everything else as 100 bytes.
    """
    if _depth > 8:
        return 0.0
    if isinstance(obj, np.ndarray):
        return obj.nbytes / 2**20
    if isinstance(obj, bytes | bytearray):
        return len(obj) / 2**20
    if hasattr(obj, "memory_usage") and hasattr(obj, "columns"):  # a DataFrame
        return float(obj.memory_usage(deep=True).sum()) / 2**20
    if is_dataclass(obj) and not isinstance(obj, type):
        return sum(size_mb(getattr(obj, f.name), _depth + 1) for f in fields(obj))
    if isinstance(obj, dict):
        return sum(size_mb(v, _depth + 1) for v in obj.values())
    if isinstance(obj, list | tuple):
        return sum(size_mb(v, _depth + 1) for v in obj)
    return 1e-4


class Store:
    """Finished results by key, least recently used dropped first, bounded in megabytes.

    Parameters
    ----------
    budget_mb : float
        Most memory the results may hold together. A single result larger than the budget
        is not kept (it is still handed to the sessions waiting for it).
    """

    def __init__(self, budget_mb: float):
        self.budget_mb = float(budget_mb)
        self._items: OrderedDict[Hashable, tuple[Any, float]] = OrderedDict()
        self._mb = 0.0
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        """The result under ``key`` (now the most recently used), or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value, mb: float | None = None) -> None:
        """Keep ``value`` under ``key``, dropping the least recently used to fit."""
        mb = size_mb(value) if mb is None else float(mb)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._mb -= old[1]
            if mb > self.budget_mb:
                return
            self._items[key] = (value, mb)
            self._mb += mb
            while self._mb > self.budget_mb:
                _, (_, dropped) = self._items.popitem(last=False)
                self._mb -= dropped

    @property
    def mb(self) -> float:
        """Megabytes held now."""
        return self._mb

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key) -> bool:
        return key in self._items


# --------------------------------------------------------------------------- jobs


@dataclass(eq=False)
class _Job:
    id: int
    key: tuple
    kind: Kind
    config: Any
    estimate_mb: float
    state: JobState = JobState.QUEUED
    order: tuple = ()
    sessions: dict[str, tuple] = field(default_factory=dict)  # session -> its order key
    progress: Any = None
    result: Any = None
    error: ConfigError | None = None
    cancel: bool = False
    cached: bool = False
    ended_at: float = 0.0


class JobService:
    """One per server process: queue, pool, store and sessions' interest (see the module).

    Parameters
    ----------
    kinds : iterable of Kind
    executors : dict
        ``{"thread": Executor, "process": Executor}``: where each kind's jobs run.
    slots : int
        Jobs running at once, over all executors.
    budget_mb : float
        Most memory the running jobs' estimates may add up to.
    store_mb : float
        Budget of the result store.
    max_queued : int
        Most jobs one session may have waiting (background requests, the server's own
        warming, are not counted).
    alive : callable, optional
        ``alive() -> set of session ids`` still connected, or None when unknown (then no
        session is released for being gone).
    grace_s : float
        How long a session may be away (a reconnecting browser) before it is released.
    workers_after_s : float
        A quiet start: for this long after the service starts, background jobs (warming)
        wait and the executors' ``start()`` is not called; a session's request for a job
        that needs a worker ends it at once. A server's first visitors then get their pages
        without interpreters starting and warming running beside them (0: no wait). After
        it, background jobs still never take every slot: one is kept for the sessions.
    """

    def __init__(
        self,
        kinds: Iterable[Kind],
        executors: dict[str, Executor],
        slots: int = 2,
        budget_mb: float = 300.0,
        store_mb: float = 64.0,
        max_queued: int = 5,
        alive: Callable[[], set[str] | None] | None = None,
        grace_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        workers_after_s: float = 0.0,
    ):
        self.kinds = {k.name: k for k in kinds}
        self.executors = executors
        self.slots = max(1, int(slots))
        self.budget_mb = float(budget_mb)
        self.max_queued = int(max_queued)
        self.store = Store(store_mb)
        self.alive = alive
        self.grace_s = float(grace_s)
        self.clock = clock
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._jobs: dict[int, _Job] = {}  # every job not yet forgotten
        self._active: dict[tuple, _Job] = {}  # key -> its queued or running job
        self._ids = itertools.count(1)
        self._arrivals = itertools.count(1)
        self._away: dict[str, float] = {}  # session -> when it was first seen gone
        self._known: set[str] = set()
        self.computed: dict[str, int] = {}  # kind -> jobs started (for tests and benchmarks)
        self.started: deque[tuple] = deque(maxlen=1000)  # keys of the last jobs started
        self._closed = False
        self.workers_after_s = float(workers_after_s)
        self._began = clock()
        self._workers_started = False
        self._thread = threading.Thread(target=self._dispatch, name="jobs", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ requests

    def request(
        self, session: str, kind: str, configs: Sequence, priority: str | None = None
    ) -> list[Ticket]:
        """Ask for one job per config; join those already queued, running or finished.

        Parameters
        ----------
        session : str
            The asking session.
        kind : str
            A key of :attr:`kinds`.
        configs : sequence
            Frozen (hashable) configs, in the order the session wants them.
        priority : str, optional
            One of :data:`PRIORITIES`; the kind's default otherwise.

        Returns
        -------
        list of Ticket
            One per config, in order.

        Raises
        ------
        QueueFull
            When the session would have more than :attr:`max_queued` jobs waiting.
        ConfigError
            When one job alone would need more memory than the whole budget.
        """
        k = self.kinds[kind]
        prio = PRIORITIES.index(priority or k.priority)
        configs = list(configs)
        with self._lock:
            self._known.add(session)
            self._reap()
            new = [c for c in configs if self._find(kind, c) is None]
            for c in new:
                mb = float(k.estimate_mb(c))
                if mb > self.budget_mb:
                    raise ConfigError(
                        f"This computation would need about {mb:,.0f} MB; the server runs "
                        f"jobs within {self.budget_mb:,.0f} MB. Use a smaller configuration.",
                        "jobs_too_big",
                        mb=mb,
                        limit=self.budget_mb,
                    )
            waiting = self._waiting(session)
            joined = {
                j.id
                for c in configs
                if (j := self._find(kind, c)) is not None and j.state is JobState.QUEUED
            }
            adds = bool(new) or bool(joined - waiting)
            capped = prio < PRIORITIES.index("background")  # the server's own warming is not
            if capped and adds and len(waiting | joined) + len(new) > self.max_queued:
                raise QueueFull(
                    f"{len(waiting)} of your runs are waiting; at most {self.max_queued} may "
                    "wait at once. Wait for them to start, or press Stop.",
                    "jobs_queue_full",
                    waiting=len(waiting),
                    most=self.max_queued,
                )
            rank = 1 + len({j.sessions[session][1:3] for j in self._pending(session)})
            arrival = next(self._arrivals)
            place = {}
            if k.seconds is not None:
                longest = sorted(range(len(configs)), key=lambda i: -k.seconds(configs[i]))
                place = {i: n for n, i in enumerate(longest)}
            tickets = []
            for i, c in enumerate(configs):
                order = (prio, rank, arrival, place.get(i, i))
                tickets.append(self._join(session, k, c, order))
            if capped and hasattr(self.executors.get(k.where), "start"):
                self._began = -math.inf  # a session needs a worker: the quiet start ends
            self._wake.notify_all()
            return tickets

    def _find(self, kind: str, config) -> _Job | None:
        """The active job of a key, or a finished job whose result the store holds."""
        key = (kind, config)
        job = self._active.get(key)
        if job is not None:
            return job
        return _DONE if self.store.get(key) is not None else None

    def _join(self, session: str, kind: Kind, config, order: tuple) -> Ticket:
        key = (kind.name, config)
        job = self._active.get(key)
        if job is None:
            result = self.store.get(key)
            job = _Job(next(self._ids), key, kind, config, float(kind.estimate_mb(config)))
            self._jobs[job.id] = job
            if result is not None:  # finished earlier: a job that is already done
                job.state, job.result, job.ended_at = JobState.DONE, result, self.clock()
                job.cached = True
                return Ticket(key, job.id)
            self._active[key] = job
        job.sessions[session] = min(order, job.sessions.get(session, order))
        job.order = min(job.sessions.values())
        return Ticket(key, job.id)

    def _pending(self, session: str) -> list[_Job]:
        return [j for j in self._active.values() if session in j.sessions]

    def _waiting(self, session: str) -> set[int]:
        return {j.id for j in self._pending(session) if j.state is JobState.QUEUED}

    def finished(self, kind: str, configs: Sequence) -> list:
        """The stored result of each config, or None (no job is started)."""
        return [self.store.get((kind, c)) for c in configs]

    # ------------------------------------------------------------------ views

    def poll(self, tickets: Sequence[Ticket]) -> list[JobView]:
        """Where each ticket's job is now."""
        with self._lock:
            queued = sorted(
                (j for j in self._active.values() if j.state is JobState.QUEUED),
                key=lambda j: j.order,
            )
            place = {j.id: i for i, j in enumerate(queued)}
            out = []
            for t in tickets:
                job = self._jobs.get(t.job)
                if job is None:  # forgotten: the store may still have its result
                    result = self.store.get(t.key)
                    state = JobState.DONE if result is not None else JobState.CANCELLED
                    out.append(JobView(t, state, result=result, cached=True))
                    continue
                out.append(
                    JobView(
                        t,
                        job.state,
                        ahead=place.get(job.id, 0),
                        progress=job.progress,
                        result=job.result,
                        error=job.error,
                        sessions=len(job.sessions),
                        cached=job.cached,
                    )
                )
            return out

    def wait(self, tickets: Sequence[Ticket], timeout: float) -> list[JobView]:
        """:meth:`poll` after the next change to any job, or after ``timeout`` seconds."""
        with self._lock:
            self._wake.wait(timeout)
        return self.poll(tickets)

    # ------------------------------------------------------------------ stopping

    def stop(self, session: str, tickets: Sequence[Ticket]) -> None:
        """Withdraw ``session``'s interest in the tickets' jobs; cancel those nobody wants."""
        with self._lock:
            for t in tickets:
                job = self._jobs.get(t.job)
                if job is not None and session in job.sessions:
                    del job.sessions[session]
                    self._drop_if_unwanted(job)
            self._wake.notify_all()

    def release(self, session: str) -> None:
        """A session has gone: withdraw its interest in every job."""
        with self._lock:
            for job in list(self._active.values()):
                if job.sessions.pop(session, None) is not None:
                    self._drop_if_unwanted(job)
            self._known.discard(session)
            self._away.pop(session, None)
            self._wake.notify_all()

    def _drop_if_unwanted(self, job: _Job) -> None:
        if job.sessions:
            job.order = min(job.sessions.values())
            return
        if job.state is JobState.QUEUED:
            self._end(job, JobState.CANCELLED)
        elif job.state is JobState.RUNNING and not job.cancel:
            job.cancel = True  # the job stops at its next report and keeps what it learned
            self.executors[job.kind.where].cancel(job.id)

    def _reap(self) -> None:
        """Release the sessions that have been gone for longer than the grace period."""
        if self.alive is None:
            return
        alive = self.alive()
        if alive is None:
            return
        now = self.clock()
        for s in list(self._known):
            if s in alive:
                self._away.pop(s, None)
            elif now - self._away.setdefault(s, now) > self.grace_s:
                self.release(s)

    # ------------------------------------------------------------------ running

    def quiet(self) -> bool:
        """Whether the service is still in its quiet start (see ``workers_after_s``)."""
        return self.clock() - self._began < self.workers_after_s

    def _dispatch(self) -> None:
        while True:
            with self._lock:
                start = not (self._closed or self._workers_started or self.quiet())
                self._workers_started |= start
            for ex in self.executors.values() if start else ():  # outside the lock: slow
                getattr(ex, "start", lambda: None)()
            with self._lock:
                if self._closed:
                    return
                self._reap()
                self._start_ready()
                self._forget_old()
                self._wake.wait(1.0)

    def _start_ready(self) -> None:
        running = [j for j in self._active.values() if j.state is JobState.RUNNING]
        used = sum(j.estimate_mb for j in running)
        queued = sorted(
            (j for j in self._active.values() if j.state is JobState.QUEUED),
            key=lambda j: j.order,
        )
        quiet, background = self.quiet(), sum(j.order[0] == _BACKGROUND for j in running)
        for job in queued:
            if len(running) >= self.slots:
                return
            if job.order[0] == _BACKGROUND and (quiet or background >= max(1, self.slots - 1)):
                return  # warming (queued last): not in the quiet start, nor on every slot
            background += job.order[0] == _BACKGROUND
            if used + job.estimate_mb > self.budget_mb:
                return  # the head waits for memory; nothing jumps over it
            job.state = JobState.RUNNING
            running.append(job)
            used += job.estimate_mb
            self.computed[job.kind.name] = self.computed.get(job.kind.name, 0) + 1
            self.started.append(job.key)
            _LOG.info("job %d started: %s, %d sessions", job.id, job.kind.name, len(job.sessions))
            self.executors[job.kind.where].submit(
                job.id,
                job.kind,
                job.config,
                lambda p, job=job: self._report(job, p),
                lambda r, e, job=job: self._done(job, r, e),
            )

    def _report(self, job: _Job, progress) -> bool:
        with self._lock:
            job.progress = progress
            self._wake.notify_all()
            return not job.cancel

    def _done(self, job: _Job, result, error: BaseException | None) -> None:
        with self._lock:
            if error is not None:
                job.error = (
                    error
                    if isinstance(error, ConfigError)
                    else ConfigError(
                        f"The computation failed: {type(error).__name__}: {error}",
                        "jobs_failed",
                        reason=f"{type(error).__name__}: {error}",
                    )
                )
                self._end(job, JobState.FAILED)
            elif job.cancel:
                job.result = result
                self._end(job, JobState.STOPPED)
            else:
                job.result = result
                self.store.put(job.key, result)
                self._end(job, JobState.DONE)
            self._wake.notify_all()

    def _end(self, job: _Job, state: JobState) -> None:
        _LOG.info("job %d %s: %s", job.id, state.value, job.kind.name)
        job.state = state
        job.ended_at = self.clock()
        if self._active.get(job.key) is job:
            del self._active[job.key]

    def _forget_old(self, keep_s: float = 120.0) -> None:
        """Drop ended jobs after ``keep_s`` (finished results stay in the store)."""
        now = self.clock()
        for jid in [i for i, j in self._jobs.items() if j.state in TERMINAL]:
            if now - self._jobs[jid].ended_at > keep_s:
                del self._jobs[jid]

    # ------------------------------------------------------------------ state

    def partial(self, view: JobView):
        """The stopped result of a running job's last progress (None without progress)."""
        kind = self.kinds[view.ticket.key[0]]
        if view.progress is None or kind.partial is None:
            return None
        return resolve(kind.partial)(view.ticket.key[1], view.progress)

    def stats(self) -> dict:
        """Counts for tests and benchmarks: queued, running, computed per kind, store MB."""
        with self._lock:
            states = [j.state for j in self._active.values()]
            return {
                "queued": states.count(JobState.QUEUED),
                "running": states.count(JobState.RUNNING),
                "computed": dict(self.computed),
                "store_mb": self.store.mb,
                "stored": len(self.store),
                "sessions": len(self._known),
            }

    def close(self) -> None:
        """Stop dispatching and close the executors."""
        with self._lock:
            self._closed = True
            for job in self._active.values():
                job.cancel = True
            self._wake.notify_all()
        for ex in self.executors.values():
            ex.close()


#: Stands for "finished, in the store" in :meth:`JobService._find`.
_DONE = _Job(0, ("", None), Kind("", "", lambda c: 0.0), None, 0.0, state=JobState.DONE)
