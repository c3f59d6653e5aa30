"""Tests of explorer.engine.dbn: greedy layer-wise pre-training and the network it initializes."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine.dbn import layer_reconstructions, pretrain_dbn
from explorer.engine.network import Network
from explorer.engine.rbm import RBM


def load_digits_data() -> tuple[np.ndarray, np.ndarray]:
    """Digits X (1797, 64) in [0, 1] and labels: explorer.data.datasets if available, else
    sklearn."""
    try:
        from explorer.data.datasets import load_dataset

        ds = load_dataset("digits")
        X, y = np.asarray(ds.X, dtype=np.float64), np.asarray(ds.y)
    except (ImportError, AttributeError, KeyError, ValueError):
        from sklearn.datasets import load_digits

        d = load_digits()
        X, y = d.data / 16.0, d.target
    assert X.shape == (1797, 64)
    return X, y


@pytest.fixture(scope="module")
def digits():
    return load_digits_data()


@pytest.fixture(scope="module")
def stack(digits):
    return pretrain_dbn(digits[0], hidden_sizes=(48, 24), epochs=4, seed=3)


def test_shapes_and_layer_seeds(stack):
    assert [r.W.shape for r in stack] == [(64, 48), (48, 24)]
    assert [r.b_h.shape for r in stack] == [(48,), (24,)]
    assert all(len(r.history) == 4 for r in stack)
    seeds = np.random.SeedSequence(3).spawn(2)
    assert [r.seed.spawn_key for r in stack] == [s.spawn_key for s in seeds]


def test_each_layer_is_trained_on_the_probabilities_below(digits, stack):
    X = digits[0]
    P1 = stack[0].propup(X)
    # the second RBM is exactly an RBM with the second derived seed fitted on P1 ...
    seed2 = np.random.SeedSequence(3).spawn(2)[1]
    by_hand = RBM(48, 24, seed=seed2).fit(P1, epochs=4)
    np.testing.assert_array_equal(stack[1].W, by_hand.W)
    np.testing.assert_array_equal(stack[1].b_v, by_hand.b_v)
    # ... and not one fitted on sampled binary states
    H1 = stack[0].sample_h(X, np.random.default_rng(0))
    assert not np.array_equal(RBM(48, 24, seed=seed2).fit(H1, epochs=4).W, stack[1].W)
    # its visible biases start at the log-odds of the layer-1 probabilities' means
    untrained = pretrain_dbn(X, hidden_sizes=(48, 24), epochs=0, seed=3)
    p = np.clip(untrained[0].propup(X).mean(axis=0), 1e-3, 1 - 1e-3)
    np.testing.assert_allclose(untrained[1].b_v, np.log(p / (1 - p)), rtol=1e-12)


def test_reproducible_and_seed_dependent(digits, stack):
    again = pretrain_dbn(digits[0], hidden_sizes=(48, 24), epochs=4, seed=3)
    for a, b in zip(stack, again):
        np.testing.assert_array_equal(a.W, b.W)
    other = pretrain_dbn(digits[0], hidden_sizes=(48, 24), epochs=1, seed=4)
    assert not np.array_equal(other[0].W, stack[0].W)


def test_layer_reconstructions_improve_on_untrained(digits, stack):
    X = digits[0]
    recs = layer_reconstructions(stack, X)
    assert [r.shape for r in recs] == [X.shape, X.shape]
    np.testing.assert_allclose(recs[0], stack[0].reconstruct(X))
    h1 = stack[0].propup(X)
    np.testing.assert_allclose(recs[1], stack[0].propdown(stack[1].reconstruct(h1)))
    untrained = pretrain_dbn(X, hidden_sizes=(48, 24), epochs=0, seed=3)
    base = layer_reconstructions(untrained, X)
    for r, b in zip(recs, base):
        assert np.mean((r - X) ** 2) < np.mean((b - X) ** 2)


def test_callbacks_and_stopping(digits):
    X = digits[0][:200]
    layers, epochs = [], []

    def on_layer(layer, rbm):
        layers.append((layer, rbm.n_hidden))

    def on_epoch(layer, epoch, rbm):
        epochs.append((layer, epoch))

    rbms = pretrain_dbn(X, (16, 8), epochs=2, on_layer=on_layer, on_epoch=on_epoch)
    assert layers == [(0, 16), (1, 8)]
    assert epochs == [(0, 1), (0, 2), (1, 1), (1, 2)]
    assert len(rbms) == 2

    # on_layer returning False stops before the next layer
    rbms = pretrain_dbn(X, (16, 8, 4), epochs=1, on_layer=lambda layer, rbm: layer < 1)
    assert [r.n_hidden for r in rbms] == [16, 8]

    # on_epoch returning False stops at once, keeping the partly trained layer
    rbms = pretrain_dbn(X, (16, 8), epochs=3, on_epoch=lambda layer, epoch, rbm: layer == 0)
    assert [len(r.history) for r in rbms] == [3, 1]


def test_network_from_rbms(digits, stack):
    X, y = digits
    net = Network.from_rbms(stack, n_outputs=10, activation="sigmoid", seed=0)
    assert net.sizes == (64, 48, 24, 10)
    for i, rbm in enumerate(stack):
        np.testing.assert_array_equal(net.weights[i], rbm.W)
        np.testing.assert_array_equal(net.biases[i], rbm.b_h)
    # the hidden layers compute exactly the RBMs' up-pass
    tr = net.trace(X, y)
    ups = [stack[0].propup(X)]
    ups.append(stack[1].propup(ups[0]))
    for ai, pi in zip(tr.a[:-1], ups):
        np.testing.assert_allclose(ai, pi, rtol=1e-12, atol=1e-15)
    assert np.isfinite(tr.loss) and all(np.isfinite(d).all() for d in tr.dW)


@pytest.mark.parametrize("sizes", [(), (16, 0), (16, 2.5)])
def test_pretrain_validates_sizes(digits, sizes):
    with pytest.raises(ValueError, match="hidden_sizes"):
        pretrain_dbn(digits[0], sizes, epochs=1)
