"""The kinds of long work the app does, and the one job service that does them.

Every tab's computation that can take over a few tenths of a second is a job of
:class:`~explorer.services.jobs.JobService`:

=========== =================================================== ========= =============
kind        computes                                            runs in   priority
=========== =================================================== ========= =============
``signals`` :func:`explorer.services.signals.compute_signals`   a thread  interactive
``train``   :func:`explorer.services.training.run_training`     a worker  run
``rbm``     :func:`explorer.services.rbm.train_rbm`             a worker  run
``dbn``     :func:`explorer.services.dbn.run_dbn`               a worker  run
``map``     :func:`explorer.services.maps.compute_map`          a thread  interactive
=========== =================================================== ========= =============

A trace is mostly matrix products (NumPy releases the GIL) over arrays of up to a few hundred
megabytes, so it runs in a thread of the server; training loops over small minibatches hold
the GIL, so they run in worker processes. :func:`make_service` sizes the pool from the
container: its CPU quota gives the slots, its memory limit (690 MB on Community Cloud when
the container sets none) less the server's own share gives the budget of the running jobs.
"""

from __future__ import annotations

from collections.abc import Callable

from explorer.data.datasets import DATASETS
from explorer.engine.network import trace_nbytes
from explorer.services import dbn, maps, rbm, training
from explorer.services.jobs import JobService, Kind
from explorer.services.signals import SignalsConfig
from explorer.services.workers import ProcessExecutor, ThreadExecutor, cpu_slots, memory_limit_mb

__all__ = [
    "KINDS",
    "SERVER_MB",
    "STORE_MB",
    "WORKERS_AFTER_S",
    "WORKER_MB",
    "job_budget_mb",
    "make_service",
]

#: Resident memory of the server itself (Streamlit, pandas, Altair, the app, its caches),
#: measured at about 200 MB; the rest of the container is for jobs and results.
SERVER_MB = 220.0
#: Resident memory of an idle worker process (Python, NumPy, the engine): about 45 MB.
WORKER_MB = 50.0
#: Budget of the result store shared by all sessions.
STORE_MB = 48.0
#: Seconds after the service starts before its worker processes start and its warming runs
#: (sooner when a session asks for a job that needs a worker): the server's first visitors
#: get their pages drawn without two interpreters starting and warming jobs beside them.
WORKERS_AFTER_S = 8.0
#: Kept free for what no estimate counts (interpreter growth, a download, a spike).
MARGIN_MB = 20.0


def signals_mb(cfg: SignalsConfig) -> float:
    """Peak memory of a Signals computation: the trace's arrays and the histograms' passes."""
    n_inputs = cfg.input_dim if cfg.data == "gaussian" else _pixels(cfg.data)
    sizes = cfg.sizes(n_inputs, DATASETS[cfg.data].n_classes)
    return 1.15 * trace_nbytes(sizes, cfg.batch, cfg.dtype) / 2**20 + 4.0


def _pixels(name: str) -> int:
    h, w = DATASETS[name].image_shape
    return h * w


KINDS: tuple[Kind, ...] = (
    Kind(
        "signals",
        "explorer.services.signals:compute_signals",
        signals_mb,
        where="thread",
        priority="interactive",
    ),
    Kind(
        "train",
        "explorer.services.training:run_training",
        training.estimate_mb,
        partial="explorer.services.training:partial_run",
        seconds=training.estimate_seconds,
    ),
    Kind(
        "rbm",
        "explorer.services.rbm:train_rbm",
        rbm.estimate_mb,
        "explorer.services.rbm:rbm_partial",
    ),
    Kind(
        "dbn", "explorer.services.dbn:run_dbn", dbn.estimate_mb, "explorer.services.dbn:dbn_partial"
    ),
    Kind(
        "map",
        "explorer.services.maps:compute_map",
        maps.estimate_mb,
        where="thread",
        priority="interactive",
    ),
)


def job_budget_mb(limit_mb: float, workers: int, store_mb: float = STORE_MB) -> float:
    """Memory the running jobs may use in a container of ``limit_mb``."""
    return limit_mb - SERVER_MB - workers * WORKER_MB - store_mb - MARGIN_MB


def make_service(alive: Callable[[], set[str] | None] | None = None) -> JobService:
    """The server's job service, sized to the container (see the module).

    Parameters
    ----------
    alive : callable, optional
        Lists the sessions still connected (the UI knows how).
    """
    slots = cpu_slots()
    limit = memory_limit_mb()
    return JobService(
        KINDS,
        {"thread": ThreadExecutor(), "process": ProcessExecutor(size=slots)},
        slots=slots,
        budget_mb=job_budget_mb(limit, slots),
        store_mb=STORE_MB,
        alive=alive,
        workers_after_s=WORKERS_AFTER_S,
    )
