"""Small job functions for tests/services/test_jobs.py, importable by worker processes."""

from __future__ import annotations

import os
import time

#: Calls of :func:`count`, by config (in this process only).
CALLS: dict = {}


def count(config, report):
    """Record the call, report three steps (stopping early if asked) and return the config."""
    CALLS[config] = CALLS.get(config, 0) + 1
    for step in range(1, 4):
        time.sleep(config[1] if isinstance(config, tuple) else 0.01)
        if report(step) is False:
            return ("stopped", config, step)
    return ("done", config, 3)


def partial(config, step):
    """The stopped result of a progress step."""
    return ("stopped", config, step)


def fail(config, report):
    raise ValueError(f"no good: {config}")


def die(config, report):
    os._exit(3)


def pid(config, report):
    report(1)
    return os.getpid()
