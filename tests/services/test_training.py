"""Training experiments: TrainConfig validation, run_training, the tidy frames of the
Training tab, and the lecture's claims about learning from different initializations."""

from __future__ import annotations

import dataclasses
import inspect
import json
import math

import numpy as np
import pandas as pd
import pytest
from apptest_util import walk

from explorer.analysis import frames
from explorer.data.datasets import load_dataset
from explorer.engine.checks import ConfigError
from explorer.engine.dbn import pretrain_dbn
from explorer.engine.network import Network
from explorer.engine.train import train_val_split
from explorer.services.dbn import pretrain
from explorer.services.training import (
    DBN,
    MAX_INITS,
    MAX_TRAIN_PARAMS,
    SAMPLE_UNITS,
    TrainConfig,
    TrainRun,
    estimate_mb,
    estimate_seconds,
    run_training,
    validate_inits,
)
from explorer.ui.i18n import err_text

# A small, quick configuration: 2 hidden layers of 16 units, 3 epochs on digits.
SMALL = dict(hidden=(16, 16), epochs=3, batch_size=64)


def small(init="he_normal", **kw) -> TrainConfig:
    return TrainConfig(init=init, **{**SMALL, **kw})


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(lr=0), ["learning rate", "(0, 10]", "got 0"]),
        (dict(lr=-0.1), ["learning rate", "(0, 10]"]),
        (dict(lr=float("nan")), ["learning rate", "(0, 10]"]),
        (dict(lr="fast"), ["learning rate", "(0, 10]"]),
        (dict(lr=11), ["learning rate", "(0, 10]"]),
        (dict(epochs=0), ["Epochs", "1 to 100"]),
        (dict(epochs=101), ["Epochs", "1 to 100"]),
        (dict(epochs=2.5), ["Epochs", "whole number"]),
        (dict(batch_size=0), ["batch size", "1 to 2048"]),
        (dict(optimizer="rmsprop"), ["optimizer", "sgd, momentum, adam"]),
        (dict(data="cifar"), ["data", "digits, mnist"]),
        (dict(activation="sigmod"), ["activation", "sigmoid,"]),
        (dict(init="glorot"), ["initializer must be one of", "he_normal"]),
        (dict(init="normal:std=-1"), ["std"]),
        (dict(hidden=()), ["hidden", "1–50 layers", "1–2048 units"]),
        (dict(hidden=(0,)), ["1–2048 units"]),
        (dict(hidden=(3000,)), ["1–2048 units"]),
        (dict(hidden=(2048, 2048)), [f"at most {MAX_TRAIN_PARAMS:,}", "fewer or narrower"]),
        (dict(seed=-1), ["seed"]),
        (dict(init=DBN, dbn_epochs=0), ["DBN pre-training epochs", "1 to 50"]),
    ],
)
def test_config_errors_say_what_is_allowed(kwargs, words):
    with pytest.raises(ConfigError) as e:
        TrainConfig(**kwargs)
    msg = err_text(e.value)  # the words the page shows
    for w in words:
        assert w in msg, (w, msg)


def test_work_cap_names_the_epochs_allowed():
    # 10 x 256 (the sidebar's default) is allowed for 20 epochs but not for 100
    TrainConfig(hidden=(256,) * 10, epochs=20)
    with pytest.raises(ConfigError) as e:
        TrainConfig(hidden=(256,) * 10, epochs=100)
    msg = err_text(e.value)
    assert "at most" in msg and "epochs" in msg and " s " in msg, msg
    most = int(msg.split("at most ")[1].split(" epochs")[0])
    assert 20 <= most < 100
    TrainConfig(hidden=(256,) * 10, epochs=most)  # the number it names is allowed


def test_memory_estimate_is_below_the_cap_for_every_accepted_config():
    biggest = TrainConfig(data="mnist", hidden=(1000,), epochs=1, batch_size=2048)
    assert estimate_mb(biggest) <= 256
    assert estimate_seconds(TrainConfig()) > 0


@pytest.mark.parametrize("keys", [[], ["zeros"] * 2, [f"normal:std={k + 1}" for k in range(6)]])
def test_validate_inits_rejects_none_duplicates_and_too_many(keys):
    with pytest.raises(ConfigError) as e:
        validate_inits(keys)
    msg = err_text(e.value)
    assert f"1 to {MAX_INITS}" in msg or "once" in msg, msg


def test_validate_inits_normalizes_keys_and_keeps_order():
    assert validate_inits(["dbn", "normal", "he_normal"]) == (
        "dbn",
        "normal:std=0.01",
        "he_normal",
    )


def test_dbn_forces_sigmoid_and_other_inits_ignore_dbn_settings():
    d = TrainConfig(init=DBN, activation="relu")
    assert d.activation == "sigmoid"
    a = TrainConfig(init="he_normal", dbn_epochs=3)
    b = TrainConfig(init="he_normal", dbn_epochs=30)
    assert a == b and hash(a) == hash(b)  # the DBN epochs do not split other runs' cache
    assert TrainConfig(init=DBN, dbn_epochs=3) != TrainConfig(init=DBN, dbn_epochs=30)


# --------------------------------------------------------------------------- running


def _same(a, b) -> bool:
    return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)


def test_run_is_bit_identical_for_the_same_config():
    cfg = small("lecun_normal")
    r1, r2 = run_training(cfg), run_training(cfg)
    for f in dataclasses.fields(r1.history):
        assert _same(getattr(r1.history, f.name), getattr(r2.history, f.name)), f.name
    assert _same(r1.W1_final, r2.W1_final) and _same(r1.W1_init, r2.W1_init)
    r3 = run_training(small("lecun_normal", seed=1))
    assert not _same(r1.history.loss, r3.history.loss)  # and the seed matters


def test_runs_share_split_and_architecture_and_record_shapes():
    a, b = run_training(small("he_normal")), run_training(small("xavier_normal"))
    assert isinstance(a, TrainRun)
    assert a.sizes == b.sizes == (64, 16, 16, 10)
    assert (a.n_train, a.n_val) == (b.n_train, b.n_val) == (1437, 360)
    assert a.n_train == a.config.n_train
    E, L = 3, 3
    assert a.epochs_run == E and not a.stopped and not a.diverged
    assert a.history.loss.shape == (E,)
    assert a.history.grad_norm.shape == (E + 1, L)
    assert a.history.n_distinct_units.shape == (E + 1, L - 1)
    assert a.W1_final.shape == (16, 64) and a.W1_init.shape == (16, 64)  # all 16 units
    # identical data and minibatches: the initial losses differ only through the weights
    assert a.history.initial_loss != b.history.initial_loss


def test_weight_sample_is_the_first_units_of_layer_one():
    cfg = TrainConfig(init="he_normal", hidden=(40,), epochs=1, data="digits")
    net = Network.create(cfg.sizes, cfg.activation, "he_normal", seed=cfg.seed)
    r = run_training(cfg)
    assert r.W1_init.shape == (SAMPLE_UNITS, 64)
    assert _same(r.W1_init, net.weights[0][:, :SAMPLE_UNITS].T)


def test_dbn_path_is_a_sigmoid_net_whose_hidden_weights_are_the_rbms():
    cfg = TrainConfig(init=DBN, hidden=(24, 12), epochs=1, dbn_epochs=2, activation="relu")
    ds = load_dataset("digits")
    X_tr, _, _, _ = train_val_split(ds.X, ds.y, 0.2, seed=cfg.seed)
    rbms = pretrain_dbn(
        X_tr, (24, 12), epochs=2, seed=cfg.seed, lr=cfg.dbn_lr, batch_size=cfg.dbn_batch
    )
    # the one pre-training pipeline (the DBN tab's too) gives the engine's RBMs exactly
    pre = pretrain(X_tr, (24, 12), epochs=2, seed=cfg.seed, lr=cfg.dbn_lr, batch_size=20)
    assert pre.complete and pre.epochs_run == 4
    for layer, rbm in zip(pre.layers, rbms, strict=True):
        assert _same(layer.W, rbm.W) and _same(layer.b_h, rbm.b_h)
    run = run_training(cfg)
    assert run.activation == "sigmoid"
    assert run.pretrain_epochs_run == 2 * 2
    assert _same(run.W1_init, rbms[0].W[:, :SAMPLE_UNITS].T)  # fine-tuning started there
    assert not _same(run.W1_final, run.W1_init)  # and moved on


def test_stop_during_fine_tuning_keeps_the_epochs_done():
    events = []

    def stop_at_2(p):
        events.append(p)
        return not (p.phase == "train" and p.epoch == 2)

    run = run_training(small("he_normal", epochs=10), on_epoch=stop_at_2)
    assert run.stopped and not run.complete
    assert run.epochs_run == 2
    assert run.history.loss.shape == (2,) and run.history.curve("val_accuracy").shape == (3,)
    assert run.history.grad_norm.shape[0] == 3
    full = run_training(small("he_normal", epochs=10))
    assert _same(run.history.loss, full.history.loss[:2])  # the same first two epochs
    assert [p.epoch for p in events] == [1, 2]


def test_stop_during_pretraining_keeps_the_architecture():
    cfg = TrainConfig(init=DBN, hidden=(20, 20, 20), epochs=5, dbn_epochs=3)
    seen = []

    def stop_early(p):
        seen.append(p)
        return not (p.phase == "pretrain" and p.layer == 2 and p.epoch == 1)

    run = run_training(cfg, on_epoch=stop_early)
    assert run.stopped
    assert run.epochs_run == 0 and len(run.history) == 0
    assert run.pretrain_epochs_run == 3 + 1
    assert run.sizes == (64, 20, 20, 20, 10)
    assert run.history.grad_norm.shape == (1, 4)  # the initialization was still recorded
    assert math.isfinite(run.history.initial_val_accuracy)
    assert all(p.phase == "pretrain" for p in seen)


def test_progress_fraction_rises_to_one():
    fracs = []
    run_training(
        TrainConfig(init=DBN, hidden=(16, 16), epochs=3, dbn_epochs=2),
        on_epoch=lambda p: fracs.append((p.phase, p.fraction)),
    )
    values = [f for _, f in fracs]
    assert values == sorted(values) and values[-1] == pytest.approx(1.0)
    assert [ph for ph, _ in fracs] == ["pretrain"] * 4 + ["train"] * 3
    assert 0 < values[3] < 1  # pre-training ends part of the way


def test_mnist_path_with_a_stand_in_dataset(monkeypatch):
    """MNIST (downloaded once) is not available offline: a 28×28 stand-in takes its place."""
    import explorer.services.training as ex
    from explorer.data.datasets import Dataset

    rng = np.random.default_rng(0)
    fake = Dataset(rng.random((300, 784)), np.arange(300) % 10, (28, 28), "mnist", 10, "fake")
    monkeypatch.setattr(ex, "load_dataset", lambda name, **kw: fake)
    run = run_training(TrainConfig(init="he_normal", data="mnist", hidden=(20,), epochs=1))
    assert run.sizes == (784, 20, 10) and run.image_shape == (28, 28)
    assert (run.n_train, run.n_val) == (240, 60)
    assert run.W1_final.shape == (20, 128)  # at most 128 evenly spaced inputs are kept
    assert run.input_index[0] == 0 and run.input_index[-1] == 783


# --------------------------------------------------------------------------- tidy frames


@pytest.fixture(scope="module")
def runs():
    return {
        "Zeros": run_training(small("zeros", activation="sigmoid")),
        "He": run_training(small("he_normal", activation="sigmoid")),
    }


def test_training_curves_frame(runs):
    df = frames.training_curves(runs)
    assert tuple(df.columns) == frames.CURVE_COLUMNS
    E = 3
    assert len(df) == 2 * 4 * (E + 1)
    assert set(df["metric"]) == {"loss", "accuracy"}
    assert set(df["split"]) == {"train", "validation"}
    assert df["epoch"].min() == 0 and df["epoch"].max() == E
    he = df[(df["run"] == "He") & (df["metric"] == "loss") & (df["split"] == "train")]
    assert np.allclose(he["value"], runs["He"].history.curve("loss"))
    assert df["finite"].all()
    assert frames.training_curves({}).empty


def test_layer_epoch_grid_marks_zero_gradients(runs):
    df = frames.layer_epoch_grid(runs, "grad_norm")
    assert tuple(df.columns) == frames.GRID_COLUMNS
    assert len(df) == 2 * 4 * 3  # (E + 1) x L per run
    z0 = df[(df["run"] == "Zeros") & (df["epoch"] == 0) & (df["layer"] < 3)]
    assert (z0["kind"] == "zero").all()  # zero output weights pass no gradient down
    assert (df[df["run"] == "He"]["kind"] == "positive").all()
    with pytest.raises(ValueError):
        frames.layer_epoch_grid(runs, "probe_loss")


def test_distinct_units_frame_zeros_stay_one(runs):
    df = frames.distinct_units_frame(runs)
    assert tuple(df.columns) == frames.DISTINCT_COLUMNS
    assert (df[df["run"] == "Zeros"]["n_distinct"] == 1).all()
    assert (df[df["run"] == "He"]["n_distinct"] == 16).all()
    assert (df["units"] == 16).all()


def test_weights_frame(runs):
    r = runs["Zeros"]
    df = frames.weights_frame(r.W1_final, r.input_index)
    assert tuple(df.columns) == frames.WEIGHTS_COLUMNS
    assert len(df) == r.W1_final.size
    rows = df.pivot(index="unit", columns="input", values="value").to_numpy()
    assert (rows == rows[0]).all()  # zero init, sigmoid: every unit's weights the same
    assert np.abs(rows).max() > 0  # ... yet they moved
    with pytest.raises(ValueError):
        frames.weights_frame(np.zeros(3))


def test_runs_summary(runs):
    df = frames.runs_summary(runs)
    assert tuple(df.columns) == frames.RUNS_SUMMARY_COLUMNS
    assert list(df["run"]) == ["Zeros", "He"]
    he = df.set_index("run").loc["He"]
    assert he["val_accuracy"] == pytest.approx(runs["He"].history.val_accuracy[-1])
    assert he["epochs_run"] == 3 and not he["stopped"] and not he["diverged"]
    assert df.set_index("run").loc["Zeros", "distinct_units_1"] == 1
    assert df["seconds"].gt(0).all()
    assert isinstance(df, pd.DataFrame) and frames.runs_summary({}).empty


# --------------------------------------------------------------------------- the lecture


def _val(cfg: TrainConfig) -> float:
    return float(run_training(cfg).history.val_accuracy[-1])


@pytest.mark.slow  # about 3 s on an idle machine, up to 20 s on a busy one
def test_dbn_rescues_a_deep_sigmoid_net():
    """Hinton 2006: with the same fine-tuning, a 4-hidden-layer sigmoid net of width 100
    learns from RBM pre-training and not from small random weights N(0, 0.01²)."""
    common = dict(hidden=(100,) * 4, activation="sigmoid", epochs=10, seed=0)
    small_random = _val(TrainConfig(init="normal:std=0.01", **common))
    dbn = _val(TrainConfig(init=DBN, dbn_epochs=5, **common))
    assert dbn >= small_random + 0.20, (dbn, small_random)


# --------------------------------------------------------------------------- charts of runs


def test_curve_chart_colours_runs_in_order_and_names_dropped_values(runs):
    from explorer.analysis import charts

    df = frames.training_curves(runs)
    df.loc[(df["run"] == "He") & (df["epoch"] >= 2), ["value", "finite"]] = (np.inf, False)
    spec = charts.training_curves_chart(df, ["He", "Zeros"], chance=0.1).to_dict()
    domains = [d["scale"]["domain"] for d in walk(spec) if d.get("field") == "run" and "scale" in d]
    assert domains and all(dom == ["He", "Zeros"] for dom in domains)
    assert "not shown (not finite): He from epoch 2" in json.dumps(spec)
    assert "chance (10%)" in json.dumps(spec)
    assert charts.training_curves_chart(df.iloc[:0]).to_dict()["mark"]["type"] == "text"


def test_heatmaps_show_zero_weights_and_zero_gradients(runs):
    from explorer.analysis import charts

    grid = charts.layer_epoch_heatmap(frames.layer_epoch_grid(runs)).to_dict()
    fills = [d for d in walk(grid) if d.get("field") == "special"]
    assert fills and fills[0]["scale"]["domain"] == ["exactly 0", "not finite"]
    zero = np.zeros((4, 8))
    spec = charts.weights_heatmaps({"Zeros": frames.weights_frame(zero)}).to_dict()
    assert "every weight is exactly 0" in json.dumps(spec)
    assert charts.weights_heatmaps({}).to_dict()["mark"]["type"] == "text"
    assert charts.distinct_units_chart(frames.distinct_units_frame({})).to_dict()["mark"]


def test_training_tabs_dbn_pretrains_exactly_as_the_dbn_tab(monkeypatch):
    """The same settings pre-train the same layers, bit for bit, in both tabs (both in the
    engine's float64: neither tab has a precision setting)."""
    from explorer.services import dbn as dbn_service
    from explorer.services import training as training_service

    seen = {}

    def recording(name, real):
        def run(X, hidden, **kw):
            out = real(X, hidden, **kw)
            args = inspect.signature(real).bind(X, hidden, **kw)
            args.apply_defaults()  # a default written out or not is the same setting
            kw = {k: v for k, v in args.arguments.items() if k not in ("X", "hidden", "on_epoch")}
            seen[name] = (X, tuple(hidden), kw, out)
            return out

        return run

    monkeypatch.setattr(training_service, "pretrain", recording("training", pretrain))
    monkeypatch.setattr(dbn_service, "pretrain", recording("dbn", pretrain))
    run_training(TrainConfig(init=DBN, hidden=(24, 12), epochs=1, dbn_epochs=2, seed=3))
    dbn_service.run_dbn(dbn_service.DBNConfig(hidden=(24, 12), pre_epochs=2, ft_epochs=1, seed=3))
    (X1, h1, kw1, out1), (X2, h2, kw2, out2) = seen["training"], seen["dbn"]
    assert X1.dtype == X2.dtype == np.float64 and np.array_equal(X1, X2)
    assert h1 == h2 and kw1 == kw2, (kw1, kw2)
    for a, b in zip(out1.layers, out2.layers, strict=True):
        assert _same(a.W, b.W) and _same(a.b_h, b.b_h) and _same(a.b_v, b.b_v)
