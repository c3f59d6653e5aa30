"""Warming: what the lesson and the presets show at their defaults is computed ahead."""

from __future__ import annotations

from explorer.services.lesson import STEPS
from explorer.services.presets import PRESETS, TRAIN_PRESETS
from explorer.services.tasks import KINDS
from explorer.services.warm import warm_jobs


def test_warming_covers_every_lesson_step_and_preset_once():
    jobs = warm_jobs()
    assert len(jobs) == len(set(jobs))
    kinds = {k.name for k in KINDS}
    assert {kind for kind, _ in jobs} <= kinds
    for step in STEPS:
        for cfg in step.signals:
            assert ("signals", cfg) in jobs, step.id
        for cfg in step.runs:
            assert ("train", cfg) in jobs, step.id
        for cfg in step.rbms:
            assert ("rbm", cfg) in jobs, step.id
        if step.dbn is not None:
            assert ("dbn", step.dbn) in jobs, step.id
        for cfg in step.maps:
            assert ("map", cfg) in jobs, step.id
    for p in PRESETS.values():
        for spec in p.compare:
            assert ("signals", p.config.with_init(spec)) in jobs, p.key
    for p in TRAIN_PRESETS.values():
        for cfg in p.configs():
            assert ("train", cfg) in jobs, p.key


def test_every_warm_job_fits_the_server_budget():
    from explorer.services.tasks import job_budget_mb

    budget = job_budget_mb(690.0, workers=2)
    estimate = {k.name: k.estimate_mb for k in KINDS}
    for kind, cfg in warm_jobs():
        assert estimate[kind](cfg) <= budget, (kind, cfg)
