"""What a class will ask for first, computed ahead of it.

When a teacher opens the app before the lecture, the server's job service starts computing,
at the lowest priority, every result the lesson and the paper presets show with their
default settings (:func:`warm_jobs`); students opening the lesson then get them from the
store at once. Warming never delays anyone: background jobs wait behind every request of a
session, and are joined (raised to the session's priority) when a session asks for one.
"""

from __future__ import annotations

from explorer.services.dbn import DBNConfig
from explorer.services.jobs import JobService, Ticket
from explorer.services.lesson import STEPS
from explorer.services.maps import MapConfig
from explorer.services.presets import PRESETS, TRAIN_PRESETS
from explorer.services.rbm import RBMConfig
from explorer.services.signals import SignalsConfig
from explorer.services.training import TAB_DEFAULT_INITS, TrainConfig

__all__ = ["WARM_SESSION", "warm", "warm_jobs"]

#: The session the server's own warming requests are made under.
WARM_SESSION = "warm-up"


def warm_jobs() -> list[tuple[str, object]]:
    """Every ``(kind, config)`` the lesson and the presets compute at their defaults.

    In the order a class meets them: the lesson's steps, the default Signals view, the
    Training tab's default runs, the RBM and DBN tabs' defaults, the Map tab's default map,
    then the Signals and Training paper presets. Without repeats.
    """
    jobs: list[tuple[str, object]] = []
    for step in STEPS:
        jobs += [("signals", c) for c in step.signals]
        jobs += [("train", c) for c in step.runs]
        jobs += [("rbm", c) for c in step.rbms]
        jobs += [("dbn", step.dbn)] if step.dbn is not None else []
        jobs += [("map", c) for c in step.maps]
    jobs.append(("signals", SignalsConfig()))
    jobs += [("train", TrainConfig(init=k)) for k in TAB_DEFAULT_INITS]
    jobs += [("rbm", RBMConfig()), ("dbn", DBNConfig())]
    jobs.append(("map", MapConfig()))
    for p in PRESETS.values():
        jobs += [("signals", p.config.with_init(s)) for s in p.compare]
    for p in TRAIN_PRESETS.values():
        jobs += [("train", c) for c in p.configs()]
    return list(dict.fromkeys(jobs))


def warm(service: JobService) -> list[Ticket]:
    """Ask ``service`` for every job of :func:`warm_jobs` at the lowest priority.

    Returns
    -------
    list of Ticket
    """
    tickets = []
    for kind, config in warm_jobs():
        tickets += service.request(WARM_SESSION, kind, [config], priority="background")
    return tickets
