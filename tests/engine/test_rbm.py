"""Tests of explorer.engine.rbm: the RBM's math against enumeration, its sampling against its
probabilities, and its learning on bars-and-stripes and digits."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest

from explorer.engine.rbm import RBM, RBMHistory


def load_digits_X() -> np.ndarray:
    """Digits (1797, 64) in [0, 1]: explorer.data.datasets if available, else scikit-learn."""
    try:
        from explorer.data.datasets import load_dataset

        X = np.asarray(load_dataset("digits").X, dtype=np.float64)
    except (ImportError, AttributeError, KeyError, ValueError):
        from sklearn.datasets import load_digits

        X = load_digits().data / 16.0
    assert X.shape == (1797, 64)
    return X


def bars_and_stripes(size: int = 4) -> np.ndarray:
    """All distinct size×size images whose rows (bars) or columns (stripes) are constant."""
    pats = set()
    for bits in itertools.product((0.0, 1.0), repeat=size):
        b = np.array(bits)
        pats.add(tuple(np.repeat(b, size)))  # rows constant
        pats.add(tuple(np.tile(b, size)))  # columns constant
    return np.array(sorted(pats))


def random_rbm(nv: int, nh: int, seed: int, scale: float = 1.0) -> RBM:
    g = np.random.default_rng(seed)
    rbm = RBM(nv, nh, seed=seed)
    rbm.W = g.normal(0.0, scale, (nv, nh))
    rbm.b_v = g.normal(0.0, 0.5 * scale, nv)
    rbm.b_h = g.normal(0.0, 0.5 * scale, nh)
    return rbm


def all_states(n: int) -> np.ndarray:
    return np.array(list(itertools.product((0.0, 1.0), repeat=n)))


def energy(rbm: RBM, V: np.ndarray, H: np.ndarray) -> np.ndarray:
    """E(v, h) for every pair: shape (len(V), len(H))."""
    return -(V @ rbm.b_v)[:, None] - (H @ rbm.b_h)[None, :] - V @ rbm.W @ H.T


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
    assert np.isfinite(rbm.pseudo_log_likelihood(V)).all()
    assert np.isfinite(rbm.pseudo_log_likelihood(V, rng=0)).all()


def flat(grads) -> np.ndarray:
    return np.concatenate([g.ravel() for g in grads])


def exact_gradient(rbm: RBM, data: np.ndarray) -> np.ndarray:
    """∂ mean log p(data) / ∂ (W, b_v, b_h), flattened, by enumerating every (v, h)."""
    V, H = all_states(rbm.n_visible), all_states(rbm.n_hidden)
    logp = -energy(rbm, V, H)
    p = np.exp(logp - np.logaddexp.reduce(logp.ravel()))  # p(v, h)
    ph = rbm.propup(data)
    dW = data.T @ ph / len(data) - V.T @ p @ H
    db_v = data.mean(axis=0) - p.sum(axis=1) @ V
    db_h = ph.mean(axis=0) - p.sum(axis=0) @ H
    return np.concatenate([dW.ravel(), db_v, db_h])


def test_long_chain_cd_gradient_approaches_the_exact_gradient():
    rbm = random_rbm(4, 3, seed=1)
    data = np.array([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [1, 1, 1, 0], [0, 1, 0, 1.0]])
    exact = exact_gradient(rbm, data)
    # 20 independent estimates, each from 200 chains per data row run long enough to
    # forget their start; their spread gives the Monte Carlo standard error
    g = np.random.default_rng(0)
    batch = np.repeat(data, 200, axis=0)
    grads = [rbm.cd_gradient(batch, k=60, rng=g, sample_last=True) for _ in range(20)]
    assert [e.shape for e in grads[0]] == [(4, 3), (4,), (3,)]
    est = np.array([flat(gr) for gr in grads])
    mean, se = est.mean(axis=0), est.std(axis=0, ddof=1) / math.sqrt(len(est))
    assert np.all(np.abs(mean - exact) <= 5 * se + 1e-12)
    cosine = mean @ exact / (np.linalg.norm(mean) * np.linalg.norm(exact))
    assert cosine > 0.99


def bernoulli_table(P: np.ndarray, states: np.ndarray) -> np.ndarray:
    """T[a, s] = probability of binary state s under independent Bernoulli(P[a])."""
    return np.prod(np.where(states[None] == 1, P[:, None, :], 1 - P[:, None, :]), axis=2)


def cd_expectation(rbm: RBM, data: np.ndarray, k: int, sample_last: bool) -> np.ndarray:
    """Exact expectation of cd_gradient's estimate, by marginalizing the chain step by step.

    h0 ~ p(h | v); then k times: v ~ p(v | h) (the last one replaced by p(v | h) itself
    unless sample_last), and h ~ p(h | v) for all but the last step, whose statistics use
    the probabilities p(h | v).
    """
    V, H = all_states(rbm.n_visible), all_states(rbm.n_hidden)
    out = 0.0
    for v, p in zip(data, rbm.propup(data)):
        w_h = bernoulli_table(p[None], H)[0]  # distribution of the chain's hidden state
        for t in range(k):
            last = t == k - 1
            if last and not sample_last:
                pv = rbm.propdown(H)  # the reconstruction from each hidden state
                phn = rbm.propup(pv)
                neg = flat([np.einsum("s,si,sj->ij", w_h, pv, phn), w_h @ pv, w_h @ phn])
                break
            w_v = w_h @ bernoulli_table(rbm.propdown(H), V)
            if last:
                ph = rbm.propup(V)
                neg = flat([np.einsum("s,si,sj->ij", w_v, V, ph), w_v @ V, w_v @ ph])
            else:
                w_h = w_v @ bernoulli_table(rbm.propup(V), H)
        out = out + (flat([np.outer(v, p), v, p]) - neg) / len(data)
    return out


@pytest.mark.parametrize("k, sample_last", [(1, False), (2, False), (3, True)])
def test_cd_estimate_averages_to_its_exact_expectation(k, sample_last):
    # CD-k as fit runs it (sample_last=False) and as PCD's chain step (True): its expected
    # value is a finite sum over the chain's states
    rbm = random_rbm(4, 3, seed=2)
    data = np.array([[1, 1, 0, 0], [0, 1, 1, 1.0]])
    expected = cd_expectation(rbm, data, k, sample_last)
    # the spread of one estimate from the two rows, then one estimate from 10000 copies
    g = np.random.default_rng(0)
    sd = np.std(
        [flat(rbm.cd_gradient(data, k=k, rng=g, sample_last=sample_last)) for _ in range(300)],
        axis=0,
    )
    copies = 10000
    big = rbm.cd_gradient(np.tile(data, (copies, 1)), k=k, rng=g, sample_last=sample_last)
    assert np.all(np.abs(flat(big) - expected) <= 5 * sd / math.sqrt(copies) + 1e-12)


def test_cd_gradient_vanishes_when_the_chain_reproduces_the_data():
    # W = 0 and huge visible biases: every reconstruction is the data pattern and
    # p(h | v) = 0.5 in both phases, so <data> - <reconstruction> is zero everywhere.
    rbm = RBM(3, 2, seed=0)
    V = np.array([[1.0, 0, 1], [1, 0, 1]])
    rbm.b_v = np.array([50.0, -50.0, 50.0])  # p(v | h) = the data pattern
    before = V.copy()
    dW, db_v, db_h = rbm.cd_gradient(V, k=3, rng=0)
    np.testing.assert_array_equal(V, before)
    np.testing.assert_allclose(db_v, 0.0, atol=1e-12)
    np.testing.assert_allclose(dW, 0.0, atol=1e-12)  # W = 0: p(h|v) = 0.5 both phases
    np.testing.assert_allclose(db_h, 0.0, atol=1e-12)


def test_pseudo_log_likelihood_exact_and_stochastic():
    rbm = random_rbm(5, 4, seed=3)
    V = np.array([[1.0, 0, 1, 1, 0], [0, 0, 1, 0, 1], [0.3, 0.9, 0.0, 1.0, 0.5]])
    # brute force: flip every bit in turn
    expected = np.zeros(len(V))
    for i in range(5):
        Vf = V.copy()
        Vf[:, i] = 1 - Vf[:, i]
        d = rbm.free_energy(Vf) - rbm.free_energy(V)
        expected += -np.logaddexp(0, -d)
    np.testing.assert_allclose(rbm.pseudo_log_likelihood(V), expected, atol=1e-10)
    # the one-random-bit estimate (scikit-learn's) is unbiased: average many draws
    n = 20000
    est = rbm.pseudo_log_likelihood(np.repeat(V, n, axis=0), rng=0).reshape(len(V), n)
    se = est.std(axis=1) / math.sqrt(n)
    assert np.all(np.abs(est.mean(axis=1) - expected) < 5 * se + 1e-12)


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
    for f in (rbm.propup, rbm.reconstruct, rbm.free_energy, rbm.pseudo_log_likelihood):
        f(Vr)
    rbm.pseudo_log_likelihood(Vr, rng)
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


def test_fit_applies_momentum_weight_decay_and_shuffling_as_documented():
    # one minibatch per epoch, replayed by hand with cd_gradient and the same generator:
    # each epoch draws a permutation, then the chain's samples, then the history's
    # pseudo-likelihood bits (one per scored row)
    X = np.tile(bars_and_stripes(4), (2, 1))[:50]
    n, lr, wd, epochs = len(X), 0.1, 0.05, 7
    fitted = RBM(16, 8, seed=4).fit(X, epochs=epochs, lr=lr, batch_size=n, weight_decay=wd)
    ref = RBM(16, 8, seed=4).initialize(X)
    rng = ref.rng
    vel = [np.zeros_like(ref.W), np.zeros_like(ref.b_v), np.zeros_like(ref.b_h)]
    for epoch in range(epochs):
        mu = 0.5 if epoch < 5 else 0.9  # the guide's schedule
        grads = ref.cd_gradient(X[rng.permutation(n)], k=1, rng=rng)
        params = [ref.W, ref.b_v, ref.b_h]
        for i, (p, g) in enumerate(zip(params, grads)):
            vel[i] = mu * vel[i] + lr * (g - (wd * p if i == 0 else 0.0))
        ref.W, ref.b_v, ref.b_h = (p + d for p, d in zip(params, vel))
        rng.integers(0, 16, n)
    np.testing.assert_allclose(fitted.W, ref.W, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(fitted.b_v, ref.b_v, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(fitted.b_h, ref.b_h, rtol=1e-10, atol=1e-13)
    assert fitted.history.update_ratio[-1] == pytest.approx(
        np.linalg.norm(vel[0]) / np.linalg.norm(ref.W), rel=1e-8
    )


def test_fit_replays_minibatch_by_minibatch_with_a_short_last_one():
    # several minibatches per epoch, the last one shorter: fit draws their uniforms in
    # blocks, which must give the same stream as cd_gradient drawing them one by one
    X = np.tile(bars_and_stripes(4), (2, 1))[:50]
    n, lr, wd, epochs, batch = len(X), 0.1, 0.01, 3, 16  # minibatches of 16, 16, 16, 2
    fitted = RBM(16, 8, seed=7).fit(X, epochs=epochs, lr=lr, batch_size=batch, weight_decay=wd)
    ref = RBM(16, 8, seed=7).initialize(X)
    rng = ref.rng
    vel = [np.zeros_like(ref.W), np.zeros_like(ref.b_v), np.zeros_like(ref.b_h)]
    for _ in range(epochs):
        Xs = X[rng.permutation(n)]
        for s in range(0, n, batch):
            grads = ref.cd_gradient(Xs[s : s + batch], k=1, rng=rng)
            params = [ref.W, ref.b_v, ref.b_h]
            for i, (p, g) in enumerate(zip(params, grads)):
                vel[i] = 0.5 * vel[i] + lr * (g - (wd * p if i == 0 else 0.0))
            ref.W, ref.b_v, ref.b_h = (p + d for p, d in zip(params, vel))
        rng.integers(0, 16, n)  # the history's pseudo-likelihood bits
    np.testing.assert_allclose(fitted.W, ref.W, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(fitted.b_v, ref.b_v, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(fitted.b_h, ref.b_h, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("persistent, k", [(False, 1), (False, 2), (True, 1), (True, 3)])
def test_drawing_uniforms_in_blocks_leaves_the_result_unchanged(
    monkeypatch, digits_split, dtype, persistent, k
):
    # one minibatch's worth per rng.random call, or a few, or many: bit-identical results
    import explorer.engine.cd as cd_module

    X = digits_split[0][:90]
    kwargs = dict(epochs=2, batch_size=20, k=k, persistent=persistent)
    results = []
    for chunk in (1, 3000, 1 << 15):
        monkeypatch.setattr(cd_module, "RAND_CHUNK", chunk)
        results.append(RBM(64, 24, seed=3, dtype=dtype).fit(X, **kwargs))
    for other in results[1:]:
        np.testing.assert_array_equal(other.W, results[0].W)
        np.testing.assert_array_equal(other.b_h, results[0].b_h)
        assert other.history == results[0].history


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
        assert all(np.isfinite(v).all() for v in rbm.history.as_dict().values())


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
    assert len(h) == 4 and all(len(v) == 4 for v in h.as_dict().values())
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
