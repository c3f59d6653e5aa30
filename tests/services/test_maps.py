"""The Map tab's work (explorer.services.maps): the measured map against the mean-field
theory, the initializers' places, the cells where the measurement stops, and bad inputs."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pytest

from explorer.engine import meanfield
from explorer.engine.checks import ConfigError
from explorer.engine.network import Network
from explorer.services import maps
from explorer.services.errors import FIELDS
from explorer.services.jobs import size_mb
from explorer.services.maps import (
    MAP_INITS,
    CellKind,
    MapConfig,
    MapProgress,
    compute_map,
    init_sigma_w,
    signals_state,
)
from explorer.services.signals import MAX_TRACE_MB, InitSpec, SignalsConfig, compute_signals
from explorer.services.tasks import KINDS
from explorer.services.urlstate import URL_KEYS, check_query, to_query
from explorer.ui.i18n import TEXTS, err_text, set_lang

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def tanh_map():
    return compute_map(MapConfig(activation="tanh"))


@pytest.fixture(scope="module")
def relu_map():
    return compute_map(MapConfig(activation="relu"))


def grid_step(cfg: MapConfig) -> float:
    return float(cfg.sigmas[1] / cfg.sigmas[0])


# --------------------------------------------------------------------------- the truth of the map


def test_default_map_shape_and_defaults(tanh_map):
    cfg = tanh_map.config
    assert (cfg.width, cfg.depth, cfg.n_sigma, cfg.sigma_b) == (256, 50, 40, 0.0)
    assert cfg.sigma_lo == 0.125 and cfg.sigma_hi == 8.0
    assert tanh_map.grad_log10.shape == tanh_map.act_std.shape == (50, 40)
    np.testing.assert_allclose(np.diff(np.log(tanh_map.sigma_w)), math.log(64) / 39)
    assert cfg.sizes == (256,) * 51 + (10,)
    # float32: nothing overflows for tanh; at σ_w = 1/8 the first layers' gradient underflows
    assert not (tanh_map.grad_kind == CellKind.OVERFLOW).any()
    assert (tanh_map.grad_kind[:, 5:] == CellKind.OK).all()


def test_critical_sigma_w_tanh_measured_within_one_grid_step_theory_exact(tanh_map):
    step = grid_step(tanh_map.config)
    assert tanh_map.theory.sigma_crit == pytest.approx(1.0, abs=1e-9)
    measured = tanh_map.sigma_crit_measured
    assert 1 / step < measured < step, measured


def test_critical_sigma_w_relu_measured_within_one_grid_step_theory_exact(relu_map):
    step = grid_step(relu_map.config)
    assert relu_map.theory.sigma_crit == math.sqrt(2.0)
    measured = relu_map.sigma_crit_measured
    assert math.sqrt(2) / step < measured < math.sqrt(2) * step, measured


def test_gradient_ratio_over_depth_changes_sign_at_the_edge(tanh_map, relu_map):
    """Well inside each phase the whole-depth ratio is far from 1, on opposite sides."""
    for res, edge in ((tanh_map, 1.0), (relu_map, math.sqrt(2))):
        first = res.grad_log10[0]  # layer 1 against the output (NaN where it stopped)
        s, ok = res.sigma_w, np.isfinite(first)
        assert np.all(first[ok & (s < edge / 1.5)] < -2) and (ok & (s < edge / 1.5)).sum() > 5
        assert np.all(first[ok & (s > edge * 1.5)] > 1) and (ok & (s > edge * 1.5)).sum() > 5


def test_tanh_ordered_phase_decay_matches_xi_within_20_percent(tanh_map):
    """The measured per-layer decay of the gradient gives ξ∇ = -1/ln χ₁ of the theory."""
    s = tanh_map.sigma_w
    ordered = (s > 0.3) & (s < 0.9)
    assert ordered.sum() >= 10
    xi_measured = meanfield.depth_scale(tanh_map.chi1_measured[ordered])
    xi_theory = meanfield.depth_scale(meanfield.chi1("tanh", s[ordered]))
    err = np.abs(xi_measured / xi_theory - 1)
    assert err.max() < 0.2, err.max()


def test_measured_gradient_profile_follows_chi1_in_every_layer(relu_map):
    """ReLU's χ₁ = σ_w²/2 holds at every depth: the whole column is a straight line."""
    res = relu_map
    layers = np.arange(1, res.config.depth + 1)
    theory = (res.config.depth + 1 - layers)[:, None] * 0.5 * np.log10(res.sigma_w**2 / 2)
    measured = res.grad_kind == CellKind.OK
    assert measured.mean() > 0.8  # the rest underflowed (σ_w < 0.2) or overflowed (σ_w > 7)
    # away from float32's limits (subnormal activations near σ_w = 0.2 lose precision)
    inner = (res.sigma_w > 0.25) & (res.sigma_w < 6)
    assert measured[:, inner].all()
    assert np.max(np.abs(res.grad_log10 - theory)[:, inner]) < 0.3  # 50 layers, width 256


def test_theory_overlay(tanh_map):
    th = tanh_map.theory
    assert th.sigma_w.size == 4 * tanh_map.config.n_sigma
    assert th.sigma_w[0] == pytest.approx(0.125) and th.sigma_w[-1] == pytest.approx(8.0)
    np.testing.assert_allclose(th.chi1, meanfield.chi1("tanh", th.sigma_w))
    np.testing.assert_allclose(th.xi, -1 / np.log(th.chi1))
    # the predicted 10× layer: depth + 1 - 2 ln(10) |ξ|
    k = np.argmin(np.abs(th.sigma_w - 0.5))
    assert th.decade_layer[k] == pytest.approx(51 - 2 * math.log(10) * th.xi[k])
    # close to the edge the gradient stays within 10× over the whole depth
    near = np.abs(np.log(th.sigma_w)) < 0.05
    assert np.all(th.decade_layer[near] < 1)


def test_same_seed_same_map_and_another_seed_another():
    cfg = MapConfig(activation="tanh", width=32, depth=8, batch=16)
    a, b = compute_map(cfg), compute_map(cfg)
    for name in ("grad_log10", "act_std", "grad_kind", "chi1_measured"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    c = compute_map(replace(cfg, seed=1))
    assert not np.array_equal(a.grad_log10, c.grad_log10)


def test_column_is_the_network_the_signals_tab_traces():
    """The column at σ_w = 0.01·√width is Signals' N(0, 0.01²) network on the same batch."""
    width = 64
    cfg = MapConfig(activation="tanh", width=width, depth=6, batch=16, sigma_lo=0.08)
    assert cfg.sigmas[0] == pytest.approx(init_sigma_w("normal:std=0.01", width))
    res = compute_map(cfg)
    state = signals_state(cfg, "normal:std=0.01")
    sig = SignalsConfig(
        data=state["data"],
        hidden=(state["width"],) * state["depth"],
        activation=state["act"],
        init=InitSpec.make(state["init"], {"std": state["std"]}),
        seed=cfg.seed,
        batch=state["batch"],
        input_dim=state["dim"],
        dtype=state["dtype"],
    )
    profile = compute_signals(sig).profile
    g = profile[(profile["source"] == "measured") & (profile["quantity"] == "gradient norm")]
    g = g.sort_values("layer")["value"].to_numpy()
    np.testing.assert_allclose(np.log10(g[:-1] / g[-1]), res.grad_log10[:, 0], atol=1e-4)


def test_weights_are_the_normal_initializers_scaled():
    cfg = MapConfig(activation="relu", width=16, depth=3, batch=8, dtype="float64")
    base = Network.create(cfg.sizes, "relu", "lecun_normal", cfg.seed, dtype="float64")
    for s in (0.3, 2.0):
        net = Network.create(cfg.sizes, "relu", "normal", cfg.seed, {"std": s / 4.0})
        for w0, w in zip(base.weights, net.weights):
            np.testing.assert_allclose(w0 * s, w, rtol=1e-15)


# --------------------------------------------------------------------------- where it stops


def test_overflow_is_marked_not_hidden():
    cfg = MapConfig(activation="relu", width=64, depth=50, batch=16, sigma_lo=1.0, sigma_hi=60)
    res = compute_map(cfg)
    over = res.grad_kind == CellKind.OVERFLOW
    assert over[:, -1].all(), "ReLU at σ_w = 60 over 50 layers overflows float32"
    assert not over[:, 0].any()
    assert np.isnan(res.grad_log10[over]).all() and np.isfinite(res.grad_log10[~over]).all()
    act_over = res.act_kind[:, -1] == CellKind.OVERFLOW
    assert act_over[-1] and not act_over[0], "the forward pass overflows at some depth"


def test_exact_zeros_are_marked():
    """A sigmoid net at tiny σ_w: the gradient underflows float32 to exactly 0."""
    cfg = MapConfig(activation="sigmoid", width=64, depth=50, batch=16, sigma_lo=0.01, sigma_hi=1)
    res = compute_map(cfg)
    zero = res.grad_kind == CellKind.ZERO
    assert zero[:, 0].any() and zero[0, 0]  # the layers next to the input get nothing
    assert not zero[-1].any()  # the last hidden layer always gets a gradient
    assert np.isnan(res.grad_log10[zero]).all()
    # float64 keeps the same column measurable
    res64 = compute_map(replace(cfg, dtype="float64"))
    assert (res64.grad_kind[:, 0] == CellKind.OK).all()


# --------------------------------------------------------------------------- the initializers


def test_every_marker_is_where_its_formula_puts_it(tanh_map):
    w = 256
    expected = {
        "zeros": 0.0,
        "normal:std=0.01": 0.16,
        "normal:std=1": 16.0,
        "lecun_normal": 1.0,
        "lecun_uniform": 1.0,
        "he_normal": math.sqrt(2),
        "he_uniform": math.sqrt(2),
        "xavier_normal": math.sqrt(2 * w / (w + w)),
        "xavier_uniform": math.sqrt(2 * w / (w + w)),
        "standard_uniform": 1 / math.sqrt(3),
        "uniform": 0.05 / math.sqrt(3) * 16,
        "orthogonal:gain=1": 1.0,
        "xavier_truncated": math.sqrt(3 / (2 * w)) * 0.8796 * 16,
    }
    assert set(expected) == set(MAP_INITS) == set(tanh_map.inits)
    placed = dict(zip(tanh_map.inits, tanh_map.init_sigma))
    for key, sigma in expected.items():
        assert placed[key] == pytest.approx(sigma, rel=1e-4), key
    # He is on ReLU's edge; LeCun and Xavier on tanh's
    chi_tanh = dict(zip(tanh_map.inits, tanh_map.init_chi1))
    assert chi_tanh["lecun_normal"] == pytest.approx(1.0) == chi_tanh["xavier_normal"]
    assert chi_tanh["zeros"] == 0.0


def test_markers_follow_the_width():
    assert init_sigma_w("normal:std=0.01", 100) == pytest.approx(0.1)
    assert init_sigma_w("normal:std=1", 64) == pytest.approx(8.0)
    assert init_sigma_w("he_normal", 7) == pytest.approx(math.sqrt(2))
    assert init_sigma_w("xavier_normal", 1000) == pytest.approx(1.0)


def test_he_on_relu_edge(relu_map):
    chi = dict(zip(relu_map.inits, relu_map.init_chi1))
    assert chi["he_normal"] == pytest.approx(1.0) and chi["lecun_normal"] == pytest.approx(0.5)


@pytest.mark.parametrize("key", MAP_INITS)
def test_try_it_state_is_a_valid_signals_setting(key):
    cfg = MapConfig(activation="relu", width=128, depth=30, batch=64)
    state = signals_state(cfg, key)
    assert state["init"] == key.split(":")[0] and state["act"] == "relu"
    assert (state["depth"], state["width"], state["dim"]) == (30, 128, 128)
    url = {k: v for k, v in state.items() if k in URL_KEYS}
    assert set(state) - set(url) == {"depth", "width"}
    assert check_query(to_query(url, {})) == []


# --------------------------------------------------------------------------- the job


def test_progress_after_every_sigma_and_stop():
    cfg = MapConfig(width=16, depth=3, batch=8)
    seen = []
    compute_map(cfg, seen.append)
    assert seen == [MapProgress(k, 40) for k in range(1, 41)]
    stopped = []

    def stop_at_3(p):
        stopped.append(p)
        return p.done < 3

    assert compute_map(cfg, stop_at_3) is None and len(stopped) == 3


def test_registered_as_a_thread_job_with_a_memory_estimate(tanh_map):
    kind = {k.name: k for k in KINDS}["map"]
    assert kind.where == "thread" and kind.target == "explorer.services.maps:compute_map"
    assert 20 < kind.estimate_mb(MapConfig()) < 80
    assert size_mb(tanh_map) < 0.2  # the store keeps kilobytes, not traces


def test_quantity_is_a_view_setting():
    a = MapConfig(quantity="activation")
    assert a.job_config == MapConfig() and MapConfig().job_config is not None
    assert hash(a.job_config) == hash(MapConfig())


def test_result_arrays_are_read_only(tanh_map):
    for arr in (tanh_map.grad_log10, tanh_map.act_std, tanh_map.grad_kind, tanh_map.sigma_w):
        assert not arr.flags.writeable


# --------------------------------------------------------------------------- bad inputs

#: (field values, error key, key phrase of the English message the page shows)
BAD = [
    ({"activation": "sigmod"}, "choice", "The activation must be one of sigmoid, tanh"),
    ({"width": 1}, "int_range", "The width must be a whole number from 2 to 1024, got 1."),
    ({"width": 4096}, "int_range", "The width must be a whole number from 2 to 1024"),
    ({"width": 2.5}, "int_range", "The width must be a whole number"),
    ({"width": True}, "int_range", "The width must be a whole number"),
    ({"depth": 51}, "int_range", "The depth must be a whole number from 1 to 50"),
    ({"depth": 0}, "int_range", "The depth must be a whole number from 1 to 50"),
    ({"sigma_lo": 0.0}, "float_range", "The smallest σ_w must be a number in [0.01, 100]"),
    ({"sigma_lo": -1.0}, "float_range", "The smallest σ_w must be a number in [0.01, 100]"),
    ({"sigma_hi": 1000.0}, "float_range", "The largest σ_w must be a number in [0.01, 100]"),
    ({"sigma_hi": math.nan}, "float_range", "The largest σ_w must be a number"),
    ({"sigma_lo": 2.0, "sigma_hi": 2.0}, "map_range", "The σ_w range is empty"),
    ({"sigma_lo": 3.0, "sigma_hi": 1.0}, "map_range", "must be below the largest (1)"),
    ({"n_sigma": 39}, "int_range", "number of σ_w values must be a whole number from 40 to 160"),
    ({"sigma_b": -0.1}, "float_range", "The bias scale σ_b must be a number in [0, 2]"),
    ({"batch": 4}, "int_range", "The batch size must be a whole number from 8 to 512"),
    ({"seed": -1}, "int_range", "The seed must be a whole number from 0 to 4294967295"),
    ({"dtype": "float16"}, "choice", "The precision must be one of float32, float64"),
    ({"quantity": "loss"}, "choice", "The colour must be one of gradient, activation"),
    ({"width": 1024, "batch": 8, "n_sigma": 40, "depth": 50}, "map_memory", "the limit is 256 MB"),
    ({"width": 512, "n_sigma": 80}, "map_work", "times the work of the default one"),
]


@pytest.mark.parametrize(("fields", "key", "phrase"), BAD, ids=[f"{b[1]}{i}" for i, b in enumerate(BAD)])  # fmt: skip  # noqa: E501
def test_bad_inputs_get_clear_keyed_messages(fields, key, phrase):
    with pytest.raises(ConfigError) as e:
        MapConfig(**fields)
    assert e.value.key == key
    assert phrase in err_text(e.value), err_text(e.value)


def test_limits_themselves_are_allowed():
    MapConfig(width=2, depth=1, sigma_lo=0.01, sigma_hi=100.0, n_sigma=160, batch=8)
    MapConfig(width=512, depth=50, batch=32)  # 4× the default work
    MapConfig(sigma_b=2.0, seed=2**32 - 1, dtype="float64")
    assert maps.map_nbytes(MapConfig(width=512, depth=50, batch=32)) < MAX_TRACE_MB * 2**20


def test_values_are_held_as_their_settings_hold_them():
    cfg = MapConfig(width=np.int64(64), depth=8, sigma_lo=1, sigma_hi=4, sigma_b=np.float32(0.5))
    assert type(cfg.width) is int and type(cfg.sigma_lo) is float and cfg.sigma_b == 0.5
    assert cfg == MapConfig(width=64, depth=8, sigma_lo=1.0, sigma_hi=4.0, sigma_b=0.5)


def test_every_setting_and_error_has_a_bad_input():
    """Every map setting of errors.FIELDS is checked, and every key the map raises is met."""
    keys, fields = set(), set()
    for f, _, _ in BAD:
        with pytest.raises(ConfigError) as e:
            MapConfig(**f)
        keys.add(e.value.key)
        fields.add(e.value.params.get("field"))
    assert keys == {"int_range", "float_range", "choice", "map_range", "map_memory", "map_work"}
    assert fields - {None} == {name for name in FIELDS if name.startswith("map_")}


@pytest.fixture
def korean():
    set_lang("ko")
    yield
    set_lang("en")


@pytest.mark.parametrize("fields", [b[0] for b in BAD], ids=[f"{b[1]}{i}" for i, b in enumerate(BAD)])  # fmt: skip  # noqa: E501
def test_every_map_error_is_worded_in_english_and_korean(fields, korean):
    with pytest.raises(ConfigError) as e:
        MapConfig(**fields)
    ko = err_text(e.value)
    set_lang("en")
    en = err_text(e.value)
    assert e.value.key.startswith("map_") or e.value.params["field"].startswith("map_")
    for text in (en, ko):
        assert text != str(e.value) and "{" not in text and "map_" not in text, text
    assert HANGUL.search(ko) and not HANGUL.search(en), (en, ko)
    field = e.value.params.get("field")
    if field:
        assert TEXTS["ko"][f"field_{field}"] in ko and TEXTS["en"][f"field_{field}"] in en
