"""Correctness of explorer.engine.network: gradients against finite differences, the zero-init
failure, CS231n's 10-layer tanh table, He vs LeCun for ReLU, overflow reporting, softmax
cross-entropy, reproducibility, dtypes, validation and the DBN hand-over."""

from __future__ import annotations

import itertools
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from explorer.engine.activations import ACTIVATIONS
from explorer.engine.initializers import INITIALIZERS
from explorer.engine.network import Network, Trace, trace_nbytes, validate_sizes

ACT_KEYS = sorted(ACTIVATIONS)
INIT_KEYS = sorted(INITIALIZERS)
RANDOM_INIT_KEYS = [k for k in INIT_KEYS if INITIALIZERS[k].kind != "constant"]


# --------------------------------------------------------------------------- helpers


def rel_err(num: np.ndarray, ana: np.ndarray) -> float:
    """||num - ana|| / (||num|| + ||ana||), 0 when both are 0."""
    den = np.linalg.norm(num) + np.linalg.norm(ana)
    return 0.0 if den == 0 else float(np.linalg.norm(num - ana) / den)


def log_softmax(z: np.ndarray) -> np.ndarray:
    try:
        from scipy.special import log_softmax as scipy_log_softmax
    except ImportError:  # pragma: no cover - scipy ships with scikit-learn
        m = z.max(axis=1, keepdims=True)
        return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    return scipy_log_softmax(z, axis=1)


def xent(z_out: np.ndarray, y: np.ndarray) -> float:
    """Mean softmax cross-entropy, computed independently of the engine."""
    return float(-log_softmax(z_out)[np.arange(len(y)), y].mean())


def ref_forward(net: Network, X, start: int = 0, a_in=None, z_at=None, signs=None):
    """An independent forward pass: from a[start-1] (or X), optionally with z[start] given.

    Returns the logits of the output layer; appends ``z > 0`` of each hidden layer to
    ``signs`` if it is a list.
    """
    f = ACTIVATIONS[net.activation].f
    a = X if a_in is None else a_in
    last = len(net.weights) - 1
    for i in range(start, last + 1):
        z = a @ net.weights[i] + net.biases[i] if (z_at is None or i != start) else z_at
        if i == last:
            return z
        if signs is not None:
            signs.append(z > 0)
        a = f(z)
    raise AssertionError("unreachable")


def hidden_signs(zs) -> np.ndarray:
    """Which side of 0 every hidden pre-activation is on (where relu-like kinks sit)."""
    return np.concatenate([np.ravel(z > 0) for z in zs]) if zs else np.zeros(0, bool)


def numerical_grad(loss, x: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray]:
    """Central differences of a loss with respect to every entry of x (perturbed in place).

    ``loss()`` returns ``(value, signs)``. An entry whose +h or -h step moves any hidden
    pre-activation across 0 sits on a kink of relu-like activations, where the difference
    quotient is not the derivative; such entries are flagged invalid (returned mask False).
    """
    g = np.zeros_like(x)
    valid = np.ones(x.shape, dtype=bool)
    _, base = loss()
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up, s_up = loss()
        x[idx] = old - h
        down, s_down = loss()
        x[idx] = old
        g[idx] = (up - down) / (2 * h)
        valid[idx] = np.array_equal(s_up, base) and np.array_equal(s_down, base)
    return g, valid


def assert_close_grad(num, valid, ana, what, tol=1e-6):
    assert valid.any(), f"{what}: every entry on a kink"
    err = rel_err(num[valid], ana[valid])
    assert err < tol, f"{what} rel err {err}"


def assert_few_kinks(masks):
    # Kink crossings are rare (a pre-activation within ~h of 0): the check must still
    # cover almost every entry.
    valid = np.concatenate([m.ravel() for m in masks])
    assert valid.mean() >= 0.95, f"{np.count_nonzero(~valid)} of {valid.size} entries on kinks"


def data(n: int, d: int, k: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)  # every class present
    return X, y


def assert_param_grads(net: Network, X, y, h: float = 1e-5):
    tr = net.trace(X, y)

    def loss():
        t = net.trace(X, y)
        return t.loss, hidden_signs(t.z[:-1])

    masks = []
    for i in range(len(net.weights)):
        num_W, ok_W = numerical_grad(loss, net.weights[i], h)
        num_b, ok_b = numerical_grad(loss, net.biases[i], h)
        assert_close_grad(num_W, ok_W, tr.dW[i], f"dW[{i}]")
        assert_close_grad(num_b, ok_b, tr.db[i], f"db[{i}]")
        masks += [ok_W, ok_b]
    assert_few_kinks(masks)


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("init", RANDOM_INIT_KEYS)
@pytest.mark.parametrize("act", ACT_KEYS)
def test_gradient_check_small_net(act, init):
    X, y = data(7, 4, 3, seed=1)
    net = Network.create((4, 5, 3), activation=act, init=init, seed=2)
    # nonzero biases so the check also covers them off the zero point
    for b in net.biases:
        b += np.random.default_rng(3).normal(0.0, 0.1, b.shape)
    assert_param_grads(net, X, y)


@pytest.mark.parametrize("act", ACT_KEYS)
def test_gradient_check_four_layer_net(act):
    X, y = data(9, 5, 4, seed=4)
    net = Network.create((5, 8, 7, 6, 4), activation=act, init="xavier_normal", seed=5)
    assert len(net.weights) == 4
    assert_param_grads(net, X, y)


@pytest.mark.parametrize("act", ACT_KEYS)
def test_dz_and_da_against_perturbed_forward(act):
    X, y = data(6, 4, 3, seed=6)
    net = Network.create((4, 5, 6, 3), activation=act, init="he_normal", seed=7)
    tr = net.trace(X, y)
    L = len(net.weights)
    h = 1e-6
    masks = []
    for i in range(L):
        z_i = tr.z[i].copy()

        def loss_z(i=i, z_i=z_i):
            signs = [z_i > 0] if i < L - 1 else []
            z_out = ref_forward(net, X, start=i, z_at=z_i, signs=signs)
            return xent(z_out, y), hidden_signs(signs)

        num_dz, ok = numerical_grad(loss_z, z_i, h)
        assert_close_grad(num_dz, ok, tr.dz[i], f"dz[{i}]")
        masks.append(ok)
        if i < L - 1:
            a_i = tr.a[i].copy()

            def loss_a(i=i, a_i=a_i):
                signs = []
                z_out = ref_forward(net, X, start=i + 1, a_in=a_i, signs=signs)
                return xent(z_out, y), hidden_signs(signs)

            num_da, ok = numerical_grad(loss_a, a_i, h)
            assert_close_grad(num_da, ok, tr.da[i], f"da[{i}]")
            masks.append(ok)
    # output layer: da[-1] is dL/dp for L = -mean(log p[y])
    p = tr.a[-1].copy()
    rows = np.arange(len(y))
    loss_p = lambda: (float(-np.log(p[rows, y]).mean()), None)
    num_dp, ok = numerical_grad(loss_p, p, 1e-8)
    assert_close_grad(num_dp, ok, tr.da[-1], "da[-1]")
    assert_few_kinks(masks)


@pytest.mark.parametrize("act", ACT_KEYS)
def test_trace_shapes(act):
    X, y = data(5, 4, 3)
    sizes = (4, 6, 2, 3)
    net = Network.create(sizes, activation=act, seed=0)
    tr = net.trace(X, y)
    assert isinstance(tr, Trace) and isinstance(tr.loss, float)
    for name in ("z", "a", "dz", "da", "dW", "db"):
        assert len(getattr(tr, name)) == len(sizes) - 1
    for i, (fi, fo) in enumerate(itertools.pairwise(sizes)):
        assert net.weights[i].shape == (fi, fo) and net.biases[i].shape == (fo,)
        for arr in (tr.z[i], tr.a[i], tr.dz[i], tr.da[i]):
            assert arr.shape == (5, fo)
        assert tr.dW[i].shape == (fi, fo) and tr.db[i].shape == (fo,)
    np.testing.assert_allclose(tr.a[-1].sum(axis=1), 1.0, rtol=1e-12)


# --------------------------------------------------------------------------- zero init


@pytest.mark.parametrize("act", ACT_KEYS)
def test_zero_init_learns_nothing_below_the_output(act):
    X, y = data(10, 4, 3, seed=8)
    y = np.array([0, 0, 0, 0, 0, 1, 1, 1, 2, 2])  # unbalanced: db of the output is not 0
    net = Network.create((4, 6, 5, 3), activation=act, init="zeros", seed=0)
    tr = net.trace(X, y)
    last = len(net.weights) - 1
    for i in range(last):
        assert np.count_nonzero(tr.dW[i]) == 0, f"dW[{i}]"
        assert np.count_nonzero(tr.db[i]) == 0, f"db[{i}]"
        assert np.count_nonzero(tr.dz[i]) == 0, f"dz[{i}]"
    assert np.count_nonzero(tr.db[last]) > 0
    np.testing.assert_allclose(tr.db[last], np.array([5, 3, 2]) / 10 * -1 + 1 / 3, rtol=1e-12)
    assert tr.loss == pytest.approx(np.log(3))


# --------------------------------------------------------------------------- CS231n / He


@pytest.fixture(scope="module")
def cs231n_X():
    return np.random.default_rng(0).standard_normal((1000, 500))


CS231N_SIZES = (500,) * 11 + (10,)  # 10 hidden tanh layers of 500, then 10 outputs


def activations(net: Network, X: np.ndarray) -> list:
    """Every layer's ``a`` on ``X``, from :meth:`Network.trace` (the labels do not matter)."""
    return net.trace(X, np.zeros(len(X), dtype=np.int64)).a


def test_cs231n_small_normal_vanishes(cs231n_X):
    # Karpathy's table for W = 0.01 * randn: layer std 0.213081, 0.047551, 0.010630, 0.002378
    net = Network.create(CS231N_SIZES, "tanh", "normal", seed=1, init_params={"std": 0.01})
    a = activations(net, cs231n_X)
    stds = [float(x.std()) for x in a[:10]]
    for got, want in zip(stds, [0.213081, 0.047551, 0.010630, 0.002378]):
        assert got == pytest.approx(want, rel=0.12)
    assert all(s2 < s1 for s1, s2 in itertools.pairwise(stds))
    assert stds[-1] < 1e-6


def test_cs231n_large_normal_saturates(cs231n_X):
    net = Network.create(CS231N_SIZES, "tanh", "normal", seed=1, init_params={"std": 1.0})
    a = activations(net, cs231n_X)
    for i in range(10):
        assert np.mean(np.abs(a[i]) > 0.99) > 0.5, f"layer {i + 1}"
    # ...so the local gradient 1 - a^2 is mostly ~0
    assert np.median(1 - a[9] ** 2) < 0.02


def test_cs231n_xavier_keeps_the_signal(cs231n_X):
    # CS231n's "Xavier" is randn / sqrt(fan_in), the lecture's too: lecun_normal here
    net = Network.create(CS231N_SIZES, "tanh", "lecun_normal", seed=1)
    a = activations(net, cs231n_X)
    stds = [float(x.std()) for x in a[:10]]
    assert all(0.2 < s < 0.7 for s in stds), stds


def second_moments_relu(init: str, X: np.ndarray) -> list[float]:
    net = Network.create(CS231N_SIZES, "relu", init, seed=2)
    a = activations(net, X)
    return [float(np.mean(x**2)) for x in a[:10]]


def test_he_keeps_relu_variance(cs231n_X):
    m = second_moments_relu("he_normal", cs231n_X)
    assert 0.5 <= m[9] / m[0] <= 2.0


def test_lecun_halves_relu_variance_per_layer(cs231n_X):
    m = second_moments_relu("lecun_normal", cs231n_X)
    assert m[9] / m[0] < 0.01
    # He et al. eq. 10: with Var[w] = 1/n, each ReLU layer halves E[a^2]
    ratios = [b / a for a, b in itertools.pairwise(m)]
    np.testing.assert_allclose(ratios, 0.5, rtol=0.15)


# --------------------------------------------------------------------------- reproducibility


def test_create_draws_layers_bottom_first_from_one_generator():
    sizes = (6, 5, 4, 3)
    net = Network.create(sizes, "relu", "he_normal", seed=11)
    rng = np.random.default_rng(11)
    for i, (fi, fo) in enumerate(itertools.pairwise(sizes)):
        assert np.array_equal(net.weights[i], rng.standard_normal((fi, fo)) / np.sqrt(fi / 2))
        assert np.array_equal(net.biases[i], np.zeros(fo))


@pytest.mark.parametrize("init", INIT_KEYS)
def test_same_seed_bit_identical_trace(init):
    X, y = data(8, 6, 3)
    t1 = Network.create((6, 7, 5, 3), "tanh", init, seed=3).trace(X, y)
    t2 = Network.create((6, 7, 5, 3), "tanh", init, seed=3).trace(X, y)
    assert t1.loss == t2.loss
    for name in ("z", "a", "dz", "da", "dW", "db"):
        for u, v in zip(getattr(t1, name), getattr(t2, name)):
            assert np.array_equal(u, v), name


@pytest.mark.parametrize("init", RANDOM_INIT_KEYS)
def test_different_seeds_differ(init):
    X, y = data(8, 6, 3)
    n1 = Network.create((6, 7, 5, 3), "tanh", init, seed=3)
    n2 = Network.create((6, 7, 5, 3), "tanh", init, seed=4)
    assert not any(np.array_equal(u, v) for u, v in zip(n1.weights, n2.weights))
    assert n1.trace(X, y).loss != n2.trace(X, y).loss


# --------------------------------------------------------------------------- dtypes


@pytest.mark.parametrize("act", ACT_KEYS)
def test_float32_agrees_with_float64(act):
    X, y = data(16, 8, 4, seed=9)
    sizes = (8, 16, 16, 4)
    n64 = Network.create(sizes, act, "xavier_normal", seed=10, dtype="float64")
    n32 = Network.create(sizes, act, "xavier_normal", seed=10, dtype="float32")
    assert n32.dtype == np.float32 and n64.dtype == np.float64
    for w32, w64 in zip(n32.weights, n64.weights):
        assert w32.dtype == np.float32
        assert np.array_equal(w32, w64.astype(np.float32))  # drawn in float64, then cast
    t64, t32 = n64.trace(X, y), n32.trace(X, y)
    assert isinstance(t32.loss, float)
    assert t32.loss == pytest.approx(t64.loss, rel=1e-5)
    for name in ("z", "a", "dz", "da", "dW", "db"):
        for i, (u, v) in enumerate(zip(getattr(t32, name), getattr(t64, name))):
            assert u.dtype == np.float32, f"{name}[{i}] is {u.dtype}"
            scale = np.abs(v).max()
            np.testing.assert_allclose(u, v, rtol=1e-4, atol=1e-5 * scale, err_msg=name)
    assert np.array_equal(t32.z[-1].argmax(axis=1), t64.z[-1].argmax(axis=1))


# --------------------------------------------------------------------------- overflow


def independent_first_nonfinite(tr: Trace):
    bad = lambda arrs: any(not np.isfinite(x).all() for x in arrs)
    L = len(tr.z)
    for i in range(L):
        if bad((tr.z[i], tr.a[i])):
            return "forward", i
    for i in range(L - 1, -1, -1):
        if bad((tr.dz[i], tr.dW[i])):
            return "backward", i
    return None


def independent_counts(tr: Trace) -> np.ndarray:
    out = np.zeros((len(tr.z), 2, 2), dtype=int)
    for i in range(len(tr.z)):
        for j, arrs in enumerate(((tr.z[i], tr.a[i]), (tr.dz[i], tr.dW[i]))):
            out[i, j, 0] = sum(int(np.isnan(x).sum()) for x in arrs)
            out[i, j, 1] = sum(int(np.isinf(x).sum()) for x in arrs)
    return out


DEEP = (256,) * 31 + (10,)  # 30 hidden layers of width 256


def strict_trace(net: Network, X, y) -> Trace:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning, RuntimeWarning included, fails
        return net.trace(X, y)


@pytest.fixture(scope="module")
def deep_data():
    return data(32, 256, 10, seed=12)


def test_relu_std10_overflows_in_float32(deep_data):
    X, y = deep_data
    net = Network.create(DEEP, "relu", "normal", seed=0, init_params={"std": 10.0}, dtype="float32")
    tr = strict_trace(net, X, y)
    where = tr.first_nonfinite()
    assert where is not None and where[0] == "forward"
    k = where[1]
    assert where == independent_first_nonfinite(tr)
    counts = tr.nonfinite_counts()
    assert counts.shape == (len(net.weights), 2, 2)
    assert np.array_equal(counts, independent_counts(tr))
    assert counts[:k, 0].sum() == 0 and counts[k, 0].sum() > 0
    # Independently of float32: the same weights in float64 say where |z| first exceeds the
    # float32 range (each layer multiplies the scale by about 10 * sqrt(256 / 2) ~ 113).
    big = np.finfo(np.float32).max
    a = X
    k64 = None
    for i, (W, b) in enumerate(zip(net.weights, net.biases)):
        z = a @ W.astype(np.float64) + b.astype(np.float64)
        if np.abs(z).max() > big:
            k64 = i
            break
        a = np.maximum(z, 0.0)
    assert k == k64
    assert not np.isfinite(tr.loss)


def test_sigmoid_std100_saturates_without_overflow(deep_data):
    # sigmoid outputs are bounded, so the forward pass cannot overflow at sigma = 100: it
    # saturates and the backward pass vanishes instead. Whatever the outcome, the report
    # must agree with the arrays and no warning may escape.
    X, y = deep_data
    net = Network.create(
        DEEP, "sigmoid", "normal", seed=0, init_params={"std": 100.0}, dtype="float32"
    )
    tr = strict_trace(net, X, y)
    assert tr.first_nonfinite() == independent_first_nonfinite(tr)
    assert np.array_equal(tr.nonfinite_counts(), independent_counts(tr))
    assert tr.nonfinite_counts().shape == (len(net.weights), 2, 2)
    for i in range(len(net.weights) - 1):
        a = tr.a[i]
        assert np.mean(a * (1 - a) < 1e-3) > 0.5, f"layer {i} not saturated"
        # in float32 a saturated sigmoid is exactly 0 or 1: most units get no gradient at all
        assert np.mean(tr.dz[i] == 0) > 0.5, f"layer {i}"
    assert np.isfinite(tr.loss)


def test_healthy_net_reports_none(deep_data):
    X, y = deep_data
    net = Network.create(DEEP, "relu", "he_normal", seed=0, dtype="float32")
    tr = strict_trace(net, X, y)
    assert tr.first_nonfinite() is None
    assert tr.nonfinite_counts().shape == (len(net.weights), 2, 2)
    assert tr.nonfinite_counts().sum() == 0
    assert np.isfinite(tr.loss)


def test_first_nonfinite_backward_only():
    X, y = data(4, 3, 2)
    tr = Network.create((3, 4, 2), seed=0).trace(X, y)
    tr.dW[0][0, 0] = np.inf
    assert tr.first_nonfinite() == ("backward", 0)
    tr.dz[1][0, 0] = np.nan
    assert tr.first_nonfinite() == ("backward", 1)
    tr.a[1][0, 0] = np.nan
    assert tr.first_nonfinite() == ("forward", 1)
    assert tr.nonfinite_counts()[0, 1].tolist() == [0, 1]


# --------------------------------------------------------------------------- softmax xent


@pytest.mark.parametrize("act", ACT_KEYS)
def test_loss_is_softmax_cross_entropy(act):
    X, y = data(12, 5, 4, seed=13)
    net = Network.create((5, 6, 4), act, "xavier_uniform", seed=14)
    tr = net.trace(X, y)
    z_out = ref_forward(net, X)
    np.testing.assert_allclose(tr.z[-1], z_out, rtol=1e-12, atol=1e-15)
    assert tr.loss == pytest.approx(xent(z_out, y), rel=1e-12)
    np.testing.assert_allclose(tr.a[-1], np.exp(log_softmax(z_out)), rtol=1e-12)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_loss_is_finite_for_huge_logits(dtype):
    rng = np.random.default_rng(15)
    W = rng.standard_normal((3, 4)) * 1e4
    net = Network([W.astype(dtype)], [np.zeros(4, dtype)], activation="linear")
    X = rng.standard_normal((6, 3))
    y = np.array([0, 1, 2, 3, 0, 1])
    tr = strict_trace(net, X, y)
    z = X.astype(dtype).astype(np.float64) @ W.astype(dtype).astype(np.float64)
    assert np.abs(z).max() > 1e3
    assert np.isfinite(tr.loss)
    assert tr.loss == pytest.approx(xent(z, y), rel=1e-5 if dtype == "float32" else 1e-12)
    for arr in (*tr.a, *tr.dz, *tr.dW, *tr.db, *tr.da):
        assert np.isfinite(arr).all()


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sizes": (0, 3)},
        {"sizes": (5,)},
        {"sizes": ()},
        {"sizes": (4, -1, 3)},
        {"sizes": (4, 2.5, 3)},
        {"sizes": 5},
        {"sizes": (4, "x", 3)},
        {"activation": "sigmod"},
        {"activation": "ReLU"},
        {"init": "xavier_normall"},
        {"init": "normal", "init_params": {"std": -1.0}},
        {"init": "normal", "init_params": {"sd": 1.0}},
        {"init": "he_normal", "init_params": {"std": 1.0}},
        {"dtype": "float16"},
        {"dtype": "int32"},
    ],
)
def test_create_rejects_bad_config(kwargs):
    args = {"sizes": (4, 5, 3)} | kwargs
    with pytest.raises(ValueError, match=r".{10,}"):
        Network.create(**args)


def test_messages_name_the_allowed_values():
    with pytest.raises(ValueError, match="sigmod") as info:
        Network.create((4, 3), activation="sigmod")
    assert "relu" in str(info.value) and "sigmoid" in str(info.value)
    with pytest.raises(ValueError, match="float16") as info:
        Network.create((4, 3), dtype="float16")
    assert "float32" in str(info.value) and "float64" in str(info.value)
    with pytest.raises(ValueError, match="he_normal"):
        Network.create((4, 3), init="kaiming")


def test_validate_sizes():
    assert validate_sizes([4, 5, 3]) == (4, 5, 3)
    assert validate_sizes(np.array([4, 3])) == (4, 3)
    for bad in [(0, 3), (5,), (3, 0), (2.5, 3), None]:
        with pytest.raises(ValueError):
            validate_sizes(bad)


@pytest.mark.parametrize(
    ("X", "y"),
    [
        (np.zeros((3, 5)), [0, 1, 2]),  # wrong width
        (np.zeros(4), [0]),  # 1-D
        (np.zeros((2, 2, 4)), [0, 1]),  # 3-D
        (np.zeros((3, 4)), [0, 1]),  # too few labels
        (np.zeros((3, 4)), [0, 1, 3]),  # label out of range
        (np.zeros((3, 4)), [0, -1, 2]),  # negative label
        (np.zeros((3, 4)), [0.0, 1.0, 2.0]),  # float labels
        (np.zeros((3, 4)), [[0, 1, 2]]),  # 2-D labels
        (np.zeros((0, 4)), np.zeros(0, dtype=int)),  # empty batch: no loss to compute
    ],
)
def test_trace_rejects_bad_inputs(X, y):
    net = Network.create((4, 5, 3), seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r".{10,}"):
            net.trace(X, y)


@pytest.mark.parametrize("X", [np.zeros((3, 5)), np.zeros(4), np.zeros((2, 2, 4))])
def test_bad_shapes_name_the_expected_shape(X):
    net = Network.create((4, 5, 3), seed=0)
    with pytest.raises(ValueError, match=r"shape \(n, 4\)"):
        net.trace(X, np.zeros(len(X), dtype=np.int64))


def test_constructor_rejects_mismatched_layers():
    W = [np.zeros((4, 5)), np.zeros((6, 3))]
    with pytest.raises(ValueError):
        Network(W, [np.zeros(5), np.zeros(3)])
    with pytest.raises(ValueError):
        Network([np.zeros((4, 5))], [np.zeros(4)])
    with pytest.raises(ValueError):
        Network([np.zeros((4, 5))], [])
    with pytest.raises(ValueError):
        Network([np.zeros((4, 5))], [np.zeros(5)], activation="sigmod")


def test_copy_is_deep():
    net = Network.create((4, 5, 3), seed=0)
    twin = net.copy()
    twin.weights[0][0, 0] += 1.0
    twin.biases[0][0] += 1.0
    assert net.weights[0][0, 0] != twin.weights[0][0, 0]
    assert net.biases[0][0] == 0.0
    assert twin.activation == net.activation and twin.sizes == net.sizes


# --------------------------------------------------------------------------- from_rbms


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_from_rbms(dtype):
    rng = np.random.default_rng(18)
    rbms = [
        SimpleNamespace(W=rng.standard_normal((6, 5)), b_h=rng.standard_normal(5), b_v=None),
        SimpleNamespace(W=rng.standard_normal((5, 4)), b_h=rng.standard_normal(4), b_v=None),
    ]
    net = Network.from_rbms(rbms, n_outputs=3, seed=19, dtype=dtype)
    assert net.sizes == (6, 5, 4, 3)
    assert net.activation == "sigmoid"
    assert net.dtype == np.dtype(dtype)
    for i, r in enumerate(rbms):
        assert np.array_equal(net.weights[i], r.W.astype(dtype))
        assert np.array_equal(net.biases[i], r.b_h.astype(dtype))
        assert net.weights[i] is not r.W and not np.shares_memory(net.weights[i], r.W)
    expected_out = INITIALIZERS["xavier_normal"].sample(np.random.default_rng(19), 4, 3)
    assert np.array_equal(net.weights[-1], expected_out.astype(dtype))
    assert np.array_equal(net.biases[-1], np.zeros(3, dtype))
    # fine-tuning must not write back into the RBMs
    net.weights[0][0, 0] += 1.0
    assert net.weights[0][0, 0] != rbms[0].W[0, 0].astype(dtype)
    X, y = data(5, 6, 3)
    assert np.isfinite(net.trace(X, y).loss)


def test_from_rbms_rejects_bad_stacks():
    rng = np.random.default_rng(20)
    r1 = SimpleNamespace(W=rng.standard_normal((6, 5)), b_h=np.zeros(5))
    r2 = SimpleNamespace(W=rng.standard_normal((4, 3)), b_h=np.zeros(3))  # 5 != 4
    with pytest.raises(ValueError):
        Network.from_rbms([r1, r2], n_outputs=2)
    with pytest.raises(ValueError):
        Network.from_rbms([], n_outputs=2)
    with pytest.raises(ValueError):
        Network.from_rbms([r1], n_outputs=2, dtype="float16")
    with pytest.raises(ValueError):
        Network.from_rbms([SimpleNamespace(W=r1.W, b_h=np.zeros(4))], n_outputs=2)


# --------------------------------------------------------------------------- memory


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("sizes", [(20, 30, 10), (64, 128, 128, 64, 10)])
def test_trace_nbytes_matches_a_real_trace(sizes, dtype):
    batch = 50
    X, y = data(batch, sizes[0], sizes[-1])
    X = X.astype(dtype)
    net = Network.create(sizes, "relu", seed=0, dtype=dtype)
    tr = net.trace(X, y)
    actual = X.nbytes
    for name in ("z", "a", "dz", "da", "dW", "db"):
        actual += sum(x.nbytes for x in getattr(tr, name))
    actual += sum(w.nbytes for w in net.weights) + sum(b.nbytes for b in net.biases)
    assert trace_nbytes(sizes, batch, dtype) == pytest.approx(actual, rel=0.03)
