"""Tests of explorer.engine.cd: the CD-k estimate of one minibatch against the exact
gradient and its exact expectation (by enumerating every state), the uniforms' stream, and
RBM.fit's loop replayed minibatch by minibatch from those estimates."""

from __future__ import annotations

import math

import numpy as np
import pytest
from rbm_util import all_states, bars_and_stripes, energy, load_digits_X, random_rbm

from explorer.engine.cd import Work, augment, cd_step, n_uniforms, unaugment, uniform_blocks
from explorer.engine.rbm import RBM


@pytest.fixture(scope="module")
def digits_split():
    X = load_digits_X()
    perm = np.random.default_rng(0).permutation(len(X))
    n_train = int(0.8 * len(X))
    return X[perm[:n_train]], X[perm[n_train:]]


def cd_gradient(rbm: RBM, V, k: int = 1, rng=None, sample_last: bool = False):
    """The CD-k estimate of ``∂ mean log p(V) / ∂ (W, b_v, b_h)`` on one minibatch, by
    :func:`cd_step` as :meth:`RBM.fit` runs it.

    ``rng`` (``None``: the RBM's own) draws the chain's uniforms in one call, in the order
    the chain uses them. ``sample_last=False`` is CD in fit (the final visible states are
    the probabilities ``p(v | h)``), ``True`` PCD's chain step (sampled).
    """
    V = np.asarray(V, dtype=rbm.dtype)
    n, nv, nh = V.shape[0], rbm.n_visible, rbm.n_hidden
    wk = Work(n, nv, nh, rbm.dtype)
    wk.vpos[:, :nv] = V
    rng = rbm.rng if rng is None else np.random.default_rng(rng)
    u = rng.random(n_uniforms(n, nv, nh, k, False, sample_last, False), dtype=rbm.dtype)
    P = augment(rbm.W, rbm.b_v, rbm.b_h)
    with np.errstate(over="ignore", under="ignore"):
        cd_step(P, P.T, k, u, wk, None, sample_last, False)
    G = wk.G / n
    return G[:-1, :-1].copy(), G[:-1, -1].copy(), G[-1, :-1].copy()


def test_augment_round_trip():
    rbm = random_rbm(4, 3, seed=0)
    P = augment(rbm.W, rbm.b_v, rbm.b_h)
    assert P.shape == (5, 4) and P[-1, -1] == -1e30
    for got, want in zip(unaugment(P), (rbm.W, rbm.b_v, rbm.b_h)):
        np.testing.assert_array_equal(got, want)


def test_uniform_blocks_give_the_stream_of_one_call_per_minibatch():
    counts = [5, 7, 3, 11, 2]
    blocks = uniform_blocks(np.random.default_rng(1), counts, np.empty(12))
    got = np.concatenate([b.copy() for b in blocks])
    ref = np.random.default_rng(1)
    want = np.concatenate([ref.random(c) for c in counts])
    np.testing.assert_array_equal(got, want)


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
    grads = [cd_gradient(rbm, batch, k=60, rng=g, sample_last=True) for _ in range(20)]
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
        [flat(cd_gradient(rbm, data, k=k, rng=g, sample_last=sample_last)) for _ in range(300)],
        axis=0,
    )
    copies = 10000
    big = cd_gradient(rbm, np.tile(data, (copies, 1)), k=k, rng=g, sample_last=sample_last)
    assert np.all(np.abs(flat(big) - expected) <= 5 * sd / math.sqrt(copies) + 1e-12)


def test_cd_gradient_vanishes_when_the_chain_reproduces_the_data():
    # W = 0 and huge visible biases: every reconstruction is the data pattern and
    # p(h | v) = 0.5 in both phases, so <data> - <reconstruction> is zero everywhere.
    rbm = RBM(3, 2, seed=0)
    V = np.array([[1.0, 0, 1], [1, 0, 1]])
    rbm.b_v = np.array([50.0, -50.0, 50.0])  # p(v | h) = the data pattern
    before = V.copy()
    dW, db_v, db_h = cd_gradient(rbm, V, k=3, rng=0)
    np.testing.assert_array_equal(V, before)
    np.testing.assert_allclose(db_v, 0.0, atol=1e-12)
    np.testing.assert_allclose(dW, 0.0, atol=1e-12)  # W = 0: p(h|v) = 0.5 both phases
    np.testing.assert_allclose(db_h, 0.0, atol=1e-12)


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
        grads = cd_gradient(ref, X[rng.permutation(n)], k=1, rng=rng)
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
            grads = cd_gradient(ref, Xs[s : s + batch], k=1, rng=rng)
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
