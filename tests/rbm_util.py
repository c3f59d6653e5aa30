"""Small RBMs and data for the RBM and contrastive-divergence tests: every state of a few
units, the energy, bars and stripes, and the digits."""

from __future__ import annotations

import itertools

import numpy as np

from explorer.engine.rbm import RBM


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
