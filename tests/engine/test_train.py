"""Tests of explorer.engine.train: optimizer math, learning claims, symmetry, determinism,
stopping."""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pytest

from explorer.engine.layer_stats import distinct_units
from explorer.engine.network import Network
from explorer.engine.train import (
    History,
    train,
    train_val_indices,
    train_val_split,
)


@pytest.fixture(scope="module")
def digits():
    """Digits, stratified 80/20 split with seed 0: X_tr (1437, 64), X_val (360, 64)."""
    try:
        from explorer.data.datasets import load_dataset

        ds = load_dataset("digits")
        X, y = np.asarray(ds.X, dtype=np.float64), np.asarray(ds.y, dtype=np.int64)
    except ImportError:
        from sklearn.datasets import load_digits

        d = load_digits()
        X, y = d.data / 16.0, d.target.astype(np.int64)
    assert X.shape == (1797, 64)
    return train_val_split(X, y, val_fraction=0.2, seed=0)


@pytest.fixture
def tiny():
    """A 3-4-2 tanh network and 6 rows, for hand-checked updates."""
    rng = np.random.default_rng(42)
    X = rng.standard_normal((6, 3))
    y = np.array([0, 1, 1, 0, 1, 0])
    net = Network.create((3, 4, 2), activation="tanh", init="xavier_normal", seed=3)
    net.biases = [rng.standard_normal(b.shape) * 0.1 for b in net.biases]
    return net, X, y


def _params(net):
    return [p for pair in zip(net.weights, net.biases) for p in pair]


def _grads(net, X, y):
    tr = net.trace(X, y)
    return [g for pair in zip(tr.dW, tr.db) for g in pair]


def _with(net, params):
    return Network(params[0::2], params[1::2], net.activation)


def _assert_params_close(net, expected):
    for got, want in zip(_params(net), expected):
        np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-13)


# --------------------------------------------------------------------------- optimizers


def test_sgd_one_step_is_w_minus_lr_grad(tiny):
    net, X, y = tiny
    lr = 0.5
    res = train(net, X, y, epochs=1, lr=lr, batch_size=len(X), optimizer="sgd")
    g = _grads(net, X, y)
    _assert_params_close(res.network, [p - lr * gi for p, gi in zip(_params(net), g)])


def test_sgd_weight_decay_applies_to_weights_not_biases(tiny):
    net, X, y = tiny
    lr, lam = 0.3, 0.1
    res = train(net, X, y, epochs=1, lr=lr, batch_size=len(X), weight_decay=lam)
    g = _grads(net, X, y)
    p0 = _params(net)
    expected = [
        p - lr * (gi + lam * p) if k % 2 == 0 else p - lr * gi
        for k, (p, gi) in enumerate(zip(p0, g))
    ]
    _assert_params_close(res.network, expected)


def test_momentum_two_steps_match_sutskever_eq1(tiny):
    net, X, y = tiny
    lr, mu = 0.2, 0.8
    res = train(net, X, y, epochs=2, lr=lr, batch_size=len(X), optimizer="momentum", momentum=mu)
    p0 = _params(net)
    g1 = _grads(net, X, y)
    v1 = [-lr * g for g in g1]
    p1 = [p + v for p, v in zip(p0, v1)]
    g2 = _grads(_with(net, p1), X, y)
    v2 = [mu * v - lr * g for v, g in zip(v1, g2)]
    p2 = [p + v for p, v in zip(p1, v2)]
    _assert_params_close(res.network, p2)


def test_adam_two_steps_match_kingma_ba_with_bias_correction(tiny):
    net, X, y = tiny
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    res = train(net, X, y, epochs=2, lr=lr, batch_size=len(X), optimizer="adam")
    p0 = _params(net)
    g1 = _grads(net, X, y)
    # step 1: m_hat = g1, v_hat = g1^2 exactly, so the step is lr * g / (|g| + eps)
    p1 = [p - lr * g / (np.abs(g) + eps) for p, g in zip(p0, g1)]
    g2 = _grads(_with(net, p1), X, y)
    p2 = []
    for p, ga, gb in zip(p1, g1, g2):
        m_hat = (b1 * (1 - b1) * ga + (1 - b1) * gb) / (1 - b1**2)
        v_hat = (b2 * (1 - b2) * ga**2 + (1 - b2) * gb**2) / (1 - b2**2)
        p2.append(p - lr * m_hat / (np.sqrt(v_hat) + eps))
    _assert_params_close(res.network, p2)


def test_unknown_optimizer_names_allowed_values(tiny):
    net, X, y = tiny
    with pytest.raises(ValueError, match="optimizer must be one of sgd, momentum, adam"):
        train(net, X, y, optimizer="adagrad")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"epochs": -1},
        {"epochs": 2.5},
        {"lr": 0.0},
        {"lr": float("nan")},
        {"batch_size": 0},
        {"momentum": 1.0},
        {"weight_decay": -0.1},
        {"val_fraction": 1.0},
    ],
)
def test_bad_hyperparameters_raise(tiny, kwargs):
    net, X, y = tiny
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        train(net, X, y, **kwargs)


def test_bad_data_raises(tiny):
    net, X, y = tiny
    with pytest.raises(ValueError, match="X must have shape"):
        train(net, X[:, :2], y)
    with pytest.raises(ValueError, match="labels"):
        train(net, X, y + 5)
    with pytest.raises(ValueError, match="together"):
        train(net, X, y, X_val=X)


# --------------------------------------------------------------------------- learning


def test_he_relu_learns_digits(digits):
    X_tr, X_val, y_tr, y_val = digits
    net = Network.create((64, 100, 100, 10), "relu", "he_normal", seed=0)
    res = train(net, X_tr, y_tr, epochs=20, lr=0.1, batch_size=32, X_val=X_val, y_val=y_val)
    h = res.history
    assert not res.diverged and not res.stopped and res.epochs_run == 20
    assert h.loss[-1] < 0.25 * h.initial_loss
    assert h.loss[-1] < h.loss[0]
    assert h.val_accuracy[-1] >= 0.93
    assert h.accuracy[-1] >= 0.97


def test_adam_learns_digits(digits):
    X_tr, X_val, y_tr, y_val = digits
    net = Network.create((64, 100, 100, 10), "relu", "he_normal", seed=1)
    res = train(
        net, X_tr, y_tr, epochs=10, lr=1e-3, optimizer="adam", X_val=X_val, y_val=y_val, seed=1
    )
    assert res.history.val_accuracy[-1] >= 0.93


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_zero_init_does_not_learn_and_units_stay_copies(digits, activation):
    X_tr, X_val, y_tr, y_val = digits
    net = Network.create((64, 100, 100, 10), activation, "zeros", seed=0)
    res = train(net, X_tr, y_tr, epochs=20, lr=0.1, X_val=X_val, y_val=y_val)
    h = res.history
    assert res.epochs_run == 20
    assert h.val_accuracy.max() <= 0.25
    assert h.n_distinct_units.shape == (21, 2)
    assert (h.n_distinct_units == 1).all()
    for W, b in zip(res.network.weights[:-1], res.network.biases[:-1]):
        # Copies to the last bit or two: an optimized BLAS may compute equal columns of a
        # product in different micro-kernels (OpenBLAS's SkylakeX kernel splits 100 columns
        # into blocks of 16 and a tail), which round differently, by about one ulp (2e-16
        # relative seen). 1e-12 is far below any learned difference and the app's 1e-9.
        assert distinct_units(W, b, tol=1e-12) == 1


def test_random_init_units_are_all_distinct(digits):
    X_tr, _, y_tr, _ = digits
    net = Network.create((64, 50, 30, 10), "sigmoid", "xavier_normal", seed=0)
    res = train(net, X_tr, y_tr, epochs=3)
    assert (res.history.n_distinct_units == [50, 30]).all()


# --------------------------------------------------------------------------- determinism


def _assert_histories_equal(h1: History, h2: History):
    for f in dataclasses.fields(History):
        np.testing.assert_array_equal(getattr(h1, f.name), getattr(h2, f.name), err_msg=f.name)


def test_same_seed_bit_identical_and_input_unchanged(digits):
    X_tr, X_val, y_tr, y_val = digits
    net = Network.create((64, 32, 32, 10), "tanh", "xavier_normal", seed=5)
    before = [w.copy() for w in net.weights] + [b.copy() for b in net.biases]
    kw = dict(epochs=3, lr=0.05, optimizer="momentum", X_val=X_val, y_val=y_val)
    r1 = train(net, X_tr, y_tr, seed=7, **kw)
    r2 = train(net, X_tr, y_tr, seed=7, **kw)
    r3 = train(net, X_tr, y_tr, seed=8, **kw)
    _assert_histories_equal(r1.history, r2.history)
    for a, b in zip(_params(r1.network), _params(r2.network)):
        np.testing.assert_array_equal(a, b)
    assert any(not np.array_equal(a, b) for a, b in zip(_params(r1.network), _params(r3.network)))
    assert not np.array_equal(r1.history.loss, r3.history.loss)
    for a, b in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(a, b)
    assert r1.network is not net


def test_history_shapes_and_contents(digits):
    X_tr, X_val, y_tr, y_val = digits
    net = Network.create((64, 40, 30, 20, 10), "sigmoid", "xavier_normal", seed=0)
    res = train(net, X_tr, y_tr, epochs=4, lr=0.5, X_val=X_val, y_val=y_val)
    h = res.history
    assert len(h) == 4
    np.testing.assert_array_equal(h.epoch, [1, 2, 3, 4])
    for k in ("loss", "accuracy", "batch_loss", "val_loss", "val_accuracy"):
        assert getattr(h, k).shape == (4,)
        assert np.isfinite(getattr(h, k)).all()
    assert h.probe_loss.shape == (5,)
    for k in ("act_std", "dead_frac", "saturated_frac", "n_distinct_units"):
        assert getattr(h, k).shape == (5, 3), k
    for k in ("grad_norm", "dW_norm", "weight_std"):
        assert getattr(h, k).shape == (5, 4), k
    assert np.isnan(h.dead_frac).all()  # not ReLU
    assert ((h.saturated_frac >= 0) & (h.saturated_frac <= 1)).all()
    # row 0 is the initialization: the probe trace of the untouched network
    probe = np.unique(np.linspace(0, len(X_tr) - 1, 256).round().astype(int))
    tr = net.trace(X_tr[probe], y_tr[probe])
    assert h.probe_loss[0] == pytest.approx(tr.loss)
    assert h.act_std[0] == pytest.approx([np.std(a) for a in tr.a[:3]])
    assert h.grad_norm[0] == pytest.approx([np.linalg.norm(d) for d in tr.dz])
    assert h.dW_norm[0] == pytest.approx([np.linalg.norm(d) for d in tr.dW])
    # end-of-epoch metrics are those of the returned network on the full sets
    p = res.network.trace(X_val, y_val).a[-1]
    assert h.val_accuracy[-1] == pytest.approx(np.mean(p.argmax(1) == y_val))
    assert h.val_loss[-1] == pytest.approx(-np.mean(np.log(p[np.arange(len(y_val)), y_val])))
    initial_pred = net.trace(X_tr, y_tr).z[-1].argmax(axis=1)
    assert h.initial_accuracy == pytest.approx(np.mean(initial_pred == y_tr))
    assert h.curve("val_accuracy").shape == (5,)
    assert h.curve("loss")[0] == h.initial_loss
    with pytest.raises(ValueError, match="must be one of"):
        h.curve("nope")
    with pytest.raises(ValueError):
        h.loss[0] = 0.0  # read-only


def test_relu_dead_fraction_and_no_validation(digits):
    X_tr, _, y_tr, _ = digits
    net = Network.create((64, 30, 10), "relu", "he_normal", seed=0)
    net.biases[0][:10] = -1e3  # ten units that never fire
    res = train(net, X_tr, y_tr, epochs=1)
    h = res.history
    assert h.dead_frac[0, 0] == pytest.approx(10 / 30)
    assert np.isnan(h.saturated_frac).all()
    assert np.isnan(h.val_loss).all() and np.isnan(h.initial_val_accuracy)


def test_float32_network_stays_float32(tiny):
    _, X, y = tiny
    net = Network.create((3, 8, 2), "relu", "he_normal", seed=0, dtype="float32")
    res = train(net, X, y, epochs=3, batch_size=2, optimizer="adam", lr=1e-2)
    assert all(w.dtype == np.float32 for w in res.network.weights + res.network.biases)


def test_zero_epochs_records_initialization(tiny):
    net, X, y = tiny
    res = train(net, X, y, epochs=0)
    assert res.epochs_run == 0 and len(res.history) == 0
    assert res.history.act_std.shape == (1, 1)
    assert math.isfinite(res.history.initial_loss)


# --------------------------------------------------------------------------- callback


def test_on_epoch_false_stops_with_partial_history(digits):
    X_tr, X_val, y_tr, y_val = digits
    net = Network.create((64, 32, 10), "relu", "he_normal", seed=0)
    seen = []

    def cb(epoch, history, network):
        seen.append((epoch, len(history), history.act_std.shape[0], network.sizes))
        return epoch < 3

    res = train(net, X_tr, y_tr, epochs=10, on_epoch=cb, X_val=X_val, y_val=y_val)
    assert res.stopped and not res.diverged
    assert res.epochs_run == 3 and len(res.history) == 3
    assert seen == [(e, e, e + 1, (64, 32, 10)) for e in (1, 2, 3)]
    assert res.history.n_distinct_units.shape == (4, 1)
    full = train(net, X_tr, y_tr, epochs=3, X_val=X_val, y_val=y_val)
    _assert_histories_equal(res.history, full.history)


def test_on_epoch_returning_none_continues(tiny):
    net, X, y = tiny
    res = train(net, X, y, epochs=4, on_epoch=lambda *a: None)
    assert res.epochs_run == 4 and not res.stopped


# --------------------------------------------------------------------------- divergence


def _no_warnings(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn()


def test_huge_learning_rate_is_flagged(digits):
    X_tr, _, y_tr, _ = digits
    net = Network.create((64, 100, 100, 10), "relu", "he_normal", seed=0)
    res = _no_warnings(lambda: train(net, X_tr, y_tr, epochs=10, lr=1e6))
    assert res.diverged and res.diverged_epoch == 1 and res.epochs_run == 1
    assert res.diverged_reason == "exploded"
    assert len(res.history) == 1 and res.history.act_std.shape[0] == 2


def test_large_normal_relu_overflows_and_is_flagged(digits):
    X_tr, _, y_tr, _ = digits
    net = Network.create(
        (64, 100, 100, 100, 10), "relu", "normal", seed=0, init_params={"std": 100}
    )
    res = _no_warnings(lambda: train(net, X_tr, y_tr, epochs=10, diverge_factor=math.inf))
    assert res.diverged and res.diverged_reason == "nonfinite"
    assert res.epochs_run == res.diverged_epoch < 10
    assert not np.isfinite(res.history.loss[-1])
    assert res.nonfinite_at is not None


def test_nonfinite_initial_loss_diverges_at_epoch_zero(tiny):
    net, X, y = tiny
    net.weights[-1][0, 0] = np.nan
    res = _no_warnings(lambda: train(net, X, y, epochs=5))
    assert res.diverged and res.diverged_epoch == 0 and res.epochs_run == 0
    assert res.diverged_reason == "nonfinite" and res.nonfinite_at == ("forward", 1)


# --------------------------------------------------------------------------- split


def test_train_val_split_stratified_and_deterministic():
    y = np.repeat(np.arange(4), [50, 30, 15, 5])
    X = np.arange(len(y) * 2, dtype=float).reshape(-1, 2)
    X_tr, X_val, y_tr, y_val = train_val_split(X, y, val_fraction=0.2, seed=3)
    assert len(y_val) == 20 and len(y_tr) == 80
    np.testing.assert_array_equal(np.bincount(y_val), [10, 6, 3, 1])
    # together they are the data set, each row once
    rows = np.sort(np.concatenate([X_tr[:, 0], X_val[:, 0]]))
    np.testing.assert_array_equal(rows, X[:, 0])
    again = train_val_split(X, y, val_fraction=0.2, seed=3)
    for a, b in zip((X_tr, X_val, y_tr, y_val), again):
        np.testing.assert_array_equal(a, b)
    other = train_val_split(X, y, val_fraction=0.2, seed=4)
    assert not np.array_equal(X_val, other[1])
    np.testing.assert_array_equal(np.bincount(other[3]), [10, 6, 3, 1])


def test_train_val_split_digits_proportions(digits):
    _, _, y_tr, y_val = digits
    assert len(y_tr) == 1437 and len(y_val) == 360
    total = np.bincount(y_tr) + np.bincount(y_val)
    assert np.all(np.abs(np.bincount(y_val) - 0.2 * total) <= 1)


def test_train_val_indices_unstratified_and_errors():
    y = np.zeros(10, dtype=int)
    tr, va = train_val_indices(y, 0.3, seed=0, stratify=False)
    assert len(va) == 3 and len(tr) == 7 and not set(tr) & set(va)
    with pytest.raises(ValueError, match="val_fraction"):
        train_val_indices(y, 0.0)
    with pytest.raises(ValueError, match="val_fraction"):
        train_val_indices(y, "a")


def test_val_fraction_splits_internally(digits):
    X_tr, _, y_tr, _ = digits
    net = Network.create((64, 16, 10), "relu", "he_normal", seed=0)
    res = train(net, X_tr, y_tr, epochs=2, val_fraction=0.25, seed=2)
    a, b, ya, yb = train_val_split(X_tr, y_tr, 0.25, seed=2)
    ref = train(net, a, ya, epochs=2, X_val=b, y_val=yb, seed=2)
    _assert_histories_equal(res.history, ref.history)
    assert len(res.val_index) == len(yb) and len(res.train_index) == len(ya)
    assert np.isfinite(res.history.val_accuracy).all()
