"""Tests of explorer.engine.rbm: the RBM's math against enumeration, its sampling against its
probabilities, and its learning on bars-and-stripes and digits."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from rbm_util import all_states, bars_and_stripes, energy, load_digits_X, random_rbm

from explorer.engine.rbm import RBM, RBMHistory


@pytest.fixture(scope="module")
def digits_split():
    X = load_digits_X()
    perm = np.random.default_rng(0).permutation(len(X))
    n_train = int(0.8 * len(X))
    return X[perm[:n_train]], X[perm[n_train:]]


# ----------------------------------------------------------------------------- math


def test_free_energy_equals_minus_log_sum_over_hidden_states():
    rbm = random_rbm(4, 3, seed=0)
    V, H = all_states(4), all_states(3)
    expected = -np.logaddexp.reduce(-energy(rbm, V, H), axis=1)
    np.testing.assert_allclose(rbm.free_energy(V), expected, rtol=0, atol=1e-10)


def test_conditionals_are_the_ratios_of_the_joint():
    rbm = random_rbm(4, 3, seed=1)
    V, H = all_states(4), all_states(3)
    logp = -energy(rbm, V, H)  # unnormalized log p(v, h)
    # p(h_j = 1 | v) by summing the joint over the other hidden units
    joint = np.exp(logp - np.logaddexp.reduce(logp, axis=1, keepdims=True))
    np.testing.assert_allclose(rbm.propup(V), joint @ H, atol=1e-12)
    joint_v = np.exp(logp - np.logaddexp.reduce(logp, axis=0, keepdims=True))
    np.testing.assert_allclose(rbm.propdown(H), joint_v.T @ V, atol=1e-12)


def test_extreme_parameters_stay_finite_without_warnings():
    # the suite turns RuntimeWarning (overflow) into errors
    rbm = random_rbm(5, 4, seed=2, scale=1e4)
    V = all_states(5)
    for out in (rbm.propup(V), rbm.reconstruct(V), rbm.free_energy(V)):
        assert np.isfinite(out).all()
    p = rbm.propup(V)
    x = V @ rbm.W + rbm.b_h
    assert np.abs(x).max() > 1e3  # deep in the saturated range
    np.testing.assert_allclose(p, np.exp(-np.logaddexp(0, -x)), rtol=1e-12, atol=1e-300)
    recon, pll, fe = rbm._monitor(V, np.random.default_rng(0))
    assert math.isfinite(recon) and math.isfinite(pll) and np.isfinite(fe).all()


def test_history_pseudo_log_likelihood_is_the_unbiased_one_bit_estimate():
    rbm = random_rbm(5, 4, seed=3)
    V = np.array([[1.0, 0, 1, 1, 0], [0, 0, 1, 0, 1], [0.3, 0.9, 0.0, 1.0, 0.5]])
    # brute force: log p(v_i | v_-i) = -softplus(F(v) - F(v with bit i flipped)), every i
    expected = np.zeros(len(V))
    for i in range(5):
        Vf = V.copy()
        Vf[:, i] = 1 - Vf[:, i]
        d = rbm.free_energy(Vf) - rbm.free_energy(V)
        expected += -np.logaddexp(0, -d)
    # what fit records: one random bit per row (scikit-learn's score_samples), times n_visible,
    # averaged over the rows; unbiased: average many draws
    rng = np.random.default_rng(0)
    est = np.array([rbm._monitor(np.repeat(V, 50, axis=0), rng)[1] for _ in range(400)])
    se = est.std() / math.sqrt(len(est))
    assert abs(est.mean() - expected.mean()) < 5 * se + 1e-12
    # and its free energies are F(v)
    np.testing.assert_allclose(rbm._monitor(V, None)[2], rbm.free_energy(V), rtol=1e-12)


def test_reconstruct_is_the_mean_field_up_down_pass():
    rbm = random_rbm(6, 5, seed=4)
    V = np.random.default_rng(0).random((7, 6))

    def sig(x):
        return 1.0 / (1.0 + np.exp(-x))

    expected = sig(sig(V @ rbm.W + rbm.b_h) @ rbm.W.T + rbm.b_v)
    np.testing.assert_allclose(rbm.reconstruct(V), expected, rtol=1e-13)


# ------------------------------------------------------------------------- sampling


def test_sample_means_match_probabilities_and_inputs_are_untouched():
    rbm = random_rbm(6, 5, seed=5)
    g = np.random.default_rng(1)
    V = (g.random((4, 6)) < 0.5).astype(float)
    H = (g.random((4, 5)) < 0.5).astype(float)
    n = 20000
    Vr, Hr = np.repeat(V, n, axis=0), np.repeat(H, n, axis=0)
    Vr_before, Hr_before = Vr.copy(), Hr.copy()
    rng = np.random.default_rng(2)
    for samples, p in (
        (rbm.sample_h(Vr, rng), rbm.propup(V)),
        (rbm.sample_v(Hr, rng), rbm.propdown(H)),
    ):
        assert set(np.unique(samples)) <= {0.0, 1.0}
        mean = samples.reshape(len(p), n, -1).mean(axis=1)
        se = np.sqrt(p * (1 - p) / n)
        assert np.all(np.abs(mean - p) <= 5 * se + 1e-12)
    for f in (rbm.propup, rbm.reconstruct, rbm.free_energy):
        f(Vr)
    rbm._monitor(Vr, rng)
    rbm.gibbs(Vr[:50], steps=3, rng=rng)
    rbm.propdown(Hr)
    np.testing.assert_array_equal(Vr, Vr_before)
    np.testing.assert_array_equal(Hr, Hr_before)


def test_gibbs_chains_sample_the_model_distribution():
    rbm = random_rbm(3, 2, seed=6)
    V = all_states(3)
    logp_v = -rbm.free_energy(V)
    p_v = np.exp(logp_v - np.logaddexp.reduce(logp_v))
    n = 20000
    out = rbm.gibbs(np.zeros((n, 3)), steps=30, rng=0)
    codes = (out @ np.array([4, 2, 1])).astype(int)  # all_states order is binary counting
    freq = np.bincount(codes, minlength=8) / n
    assert np.all(np.abs(freq - p_v) <= 5 * np.sqrt(p_v * (1 - p_v) / n) + 1e-12)


def test_sample_returns_probabilities_and_is_seeded():
    rbm = random_rbm(6, 5, seed=7)
    a = rbm.sample(10, steps=20, seed=3)
    assert a.shape == (10, 6) and a.min() >= 0 and a.max() <= 1
    np.testing.assert_array_equal(a, rbm.sample(10, steps=20, seed=3))
    assert not np.array_equal(a, rbm.sample(10, steps=20, seed=4))


# ------------------------------------------------------------------------- training


def test_initialization_follows_the_practical_guide():
    X = load_digits_X()
    rbm = RBM(64, 128, seed=0)
    np.testing.assert_array_equal(rbm.W, 0)  # the constructor draws nothing
    rbm.initialize(X)
    p = np.clip(X.mean(axis=0), 1e-3, 1 - 1e-3)
    np.testing.assert_allclose(rbm.b_v, np.log(p / (1 - p)), rtol=1e-12)
    assert np.isfinite(rbm.b_v).all() and (X.mean(axis=0) == 0).any()  # all-zero pixels
    np.testing.assert_array_equal(rbm.b_h, 0)
    n = rbm.W.size
    assert abs(rbm.W.mean()) < 5 * 0.01 / math.sqrt(n)
    assert abs(rbm.W.std() - 0.01) < 5 * 0.01 / math.sqrt(2 * n)


def test_training_with_huge_steps_stays_finite_without_warnings(digits_split):
    # saturated units: exp overflows to inf inside the training loop (1 / inf = 0, the exact
    # limit); the suite turns any RuntimeWarning into an error
    X = digits_split[0][:200]
    for dtype in ("float64", "float32"):
        rbm = RBM(64, 16, seed=0, dtype=dtype)
        rbm.fit(X, epochs=3, lr=500.0, batch_size=10, weight_decay=0.0, X_val=X[:50])
        assert np.abs(rbm.W).max() > 100  # far into the saturated range
        for a in (rbm.W, rbm.b_v, rbm.b_h):
            assert np.isfinite(a).all()
        assert all(np.isfinite(v).all() for v in dataclasses.astuple(rbm.history))


def test_bars_and_stripes_are_reconstructed():
    P = bars_and_stripes(4)
    assert P.shape == (30, 16)  # 2 * 2**4 patterns, all-0 and all-1 counted once
    rbm = RBM(16, 32, seed=0).fit(np.tile(P, (10, 1)), epochs=20, lr=0.1, batch_size=10)
    untrained = RBM(16, 32, seed=0).initialize(P).reconstruct(P)
    assert np.mean((untrained > 0.5) == P) < 0.95  # the check can fail
    assert np.mean((rbm.reconstruct(P) > 0.5) == P) >= 0.95


def test_same_seed_is_bit_identical(digits_split):
    Xtr, Xte = digits_split
    X = Xtr[:300]
    a = RBM(64, 32, seed=5).fit(X, epochs=3, X_val=Xte[:100])
    b = RBM(64, 32, seed=5).fit(X, epochs=3, X_val=Xte[:100])
    np.testing.assert_array_equal(a.W, b.W)
    np.testing.assert_array_equal(a.b_v, b.b_v)
    np.testing.assert_array_equal(a.b_h, b.b_h)
    assert a.history == b.history  # with X_val, no nan in it
    # fit restarts the generator: refitting the same object gives the same result
    W = a.W.copy()
    a.fit(X, epochs=3, X_val=Xte[:100])
    np.testing.assert_array_equal(a.W, W)
    assert not np.array_equal(RBM(64, 32, seed=6).fit(X, epochs=3).W, W)


def test_on_epoch_false_stops_and_keeps_what_was_learned(digits_split):
    X = digits_split[0][:300]
    calls = []

    def on_epoch(epoch, rbm):
        calls.append((epoch, len(rbm.history), rbm.W))
        return epoch < 2

    rbm = RBM(64, 32, seed=1).fit(X, epochs=10, on_epoch=on_epoch)
    assert [c[:2] for c in calls] == [(1, 1), (2, 2)]  # 1-based, as explorer.engine.train
    # the W a callback kept is a snapshot of its epoch
    assert not np.array_equal(calls[0][2], calls[1][2])
    assert calls[1][2] is rbm.W
    assert len(rbm.history) == 2
    two = RBM(64, 32, seed=1).fit(X, epochs=2)
    np.testing.assert_array_equal(rbm.W, two.W)  # exactly two epochs' worth
    assert not np.array_equal(rbm.W, RBM(64, 32, seed=1).initialize(X).W)


def test_history_fields(digits_split):
    Xtr, Xte = digits_split
    rbm = RBM(64, 32, seed=0).fit(Xtr[:400], epochs=4)
    h = rbm.history
    assert len(h) == 4 and all(len(v) == 4 for v in dataclasses.astuple(h))
    assert np.isnan(h.val_recon_error).all() and np.isnan(h.free_energy_gap).all()
    assert all(np.isfinite(h.recon_error)) and all(np.isfinite(h.pseudo_log_likelihood))
    assert all(u > 0 for u in h.update_ratio)
    rbm = RBM(64, 32, seed=0).fit(Xtr[:400], epochs=4, X_val=Xte)
    h2 = rbm.history
    assert h2.recon_error == h.recon_error  # X_val does not change training
    val = np.mean((rbm.reconstruct(Xte) - Xte) ** 2)
    assert h2.val_recon_error[-1] == pytest.approx(val, rel=1e-12)
    assert all(np.isfinite(h2.free_energy_gap))
    assert isinstance(h2, RBMHistory)
    with pytest.raises(dataclasses.FrozenInstanceError):
        h2.recon_error = ()


def test_cd1_learns_digits(digits_split):
    Xtr, Xte = digits_split
    rbm = RBM(64, 64, seed=0).fit(Xtr, epochs=5, X_val=Xte)
    err = rbm.history.recon_error
    untrained = np.mean((RBM(64, 64, seed=0).initialize(Xtr).reconstruct(Xte) - Xte) ** 2)
    assert err[-1] < err[0]
    assert rbm.history.val_recon_error[-1] < untrained


@pytest.mark.parametrize("persistent, k", [(True, 1), (False, 3), (True, 2)])
def test_persistent_and_cd_k_learn(digits_split, persistent, k):
    Xtr, Xte = digits_split
    rbm = RBM(64, 64, seed=0).fit(Xtr, epochs=6, k=k, persistent=persistent, X_val=Xte)
    err = rbm.history.recon_error
    untrained = np.mean((RBM(64, 64, seed=0).initialize(Xtr).reconstruct(Xte) - Xte) ** 2)
    assert err[-1] < err[0]
    assert rbm.history.val_recon_error[-1] < untrained


def test_float32_and_read_only_input(digits_split):
    X = digits_split[0][:200].copy()
    X.setflags(write=False)
    rbm = RBM(64, 16, seed=0, dtype="float32").fit(X, epochs=2)
    assert rbm.W.dtype == rbm.b_v.dtype == rbm.b_h.dtype == np.float32
    assert rbm.reconstruct(X).dtype == np.float32
    assert np.isfinite(rbm.history.recon_error).all()


@pytest.mark.slow  # about 3 s on an idle machine, up to 10 s on a busy one
def test_beats_sklearn_reconstruction_on_held_out_digits(digits_split):
    from sklearn.neural_network import BernoulliRBM

    Xtr, Xte = digits_split

    def sig(x):
        return np.exp(-np.logaddexp(0, -x))

    ours = RBM(64, 128, seed=0).fit(Xtr, epochs=20, lr=0.05, batch_size=20)
    ours_mse = np.mean((ours.reconstruct(Xte) - Xte) ** 2)
    for lr in (0.05, 0.1):  # the same learning rate, and scikit-learn's default
        sk = BernoulliRBM(
            n_components=128, n_iter=20, batch_size=20, learning_rate=lr, random_state=0
        ).fit(Xtr)
        h = sig(Xte @ sk.components_.T + sk.intercept_hidden_)
        sk_mse = np.mean((sig(h @ sk.components_ + sk.intercept_visible_) - Xte) ** 2)
        assert ours_mse <= sk_mse


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(epochs=-1), "epochs"),
        (dict(batch_size=0), "batch_size"),
        (dict(k=0), "k must"),
        (dict(lr=0.0), "lr"),
        (dict(momentum=1.5), "momentum"),
        (dict(weight_decay=-1.0), "weight_decay"),
    ],
)
def test_fit_validates_arguments(kwargs, match):
    X = bars_and_stripes(2)
    with pytest.raises(ValueError, match=match):
        RBM(4, 3).fit(X, **kwargs)


def test_validates_data_and_constructor():
    with pytest.raises(ValueError, match="dtype must be one of"):
        RBM(4, 3, dtype="float16")
    with pytest.raises(ValueError, match="n_hidden"):
        RBM(4, 0)
    with pytest.raises(ValueError, match=r"\(n, 4\)"):
        RBM(4, 3).fit(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        RBM(4, 3).fit(np.full((5, 4), 2.0))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        RBM(4, 3).fit(np.full((5, 4), np.nan))
