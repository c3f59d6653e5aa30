"""Fixtures of the engine tests."""

import numpy as np
import pytest
from rbm_util import load_digits_X


@pytest.fixture(scope="module")
def digits_split():
    """The digits shuffled with seed 0 and cut 80 / 20: ``(X_train, X_val)``."""
    X = load_digits_X()
    perm = np.random.default_rng(0).permutation(len(X))
    n_train = int(0.8 * len(X))
    return X[perm[:n_train]], X[perm[n_train:]]
