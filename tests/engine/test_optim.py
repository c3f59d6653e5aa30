"""Tests of explorer.engine.optim: the registry and each update rule on plain arrays (the
same rules through the training loop are checked in test_train.py)."""

from __future__ import annotations

import numpy as np

from explorer.engine.optim import DEFAULT_LR, OPTIMIZERS, SGD, Adam, Momentum


def test_registry_keys_and_default_learning_rates():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "adam"]
    assert all(OPTIMIZERS[k].name == k for k in OPTIMIZERS)
    assert set(DEFAULT_LR) == set(OPTIMIZERS) and all(lr > 0 for lr in DEFAULT_LR.values())


def test_optimizer_classes_on_plain_arrays():
    g = np.array([1.0, -2.0, 0.0, 1e-3])
    p = np.zeros(4)
    SGD([p], lr=0.1).step([g])
    np.testing.assert_allclose(p, -0.1 * g)

    p = np.zeros(4)
    opt = Momentum([p], lr=0.1, momentum=0.5)
    opt.step([g])
    opt.step([g])
    # v1 = -0.1 g, v2 = 0.5 v1 - 0.1 g = -0.15 g; p = v1 + v2
    np.testing.assert_allclose(p, -0.25 * g)

    p = np.zeros(4)
    Adam([p], lr=0.1).step([g])
    # the first bias-corrected Adam step has size lr in every coordinate with |g| >> eps
    np.testing.assert_allclose(p, [-0.1, 0.1, 0.0, -0.1 * 1e-3 / (1e-3 + 1e-8)])
