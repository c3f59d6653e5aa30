"""explorer.services.rbm_runs: config validation, determinism, stopping, result frames and
pictures."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from explorer.data.uploads import load_image
from explorer.engine.checks import ConfigError
from explorer.services import rbm_runs as R

# Small runs: a few epochs of a 16-unit RBM on the digits take well under a second.
SMALL_RBM = R.RBMConfig(n_hidden=16, epochs=4, batch_size=50)
SMALL_DBN = R.DBNConfig(hidden=(16, 8), pre_epochs=2, ft_epochs=2, ft_batch=64)


@pytest.fixture(scope="module")
def digits_split():
    return R.load_split("digits", 0)


@pytest.fixture(scope="module")
def small_rbm(digits_split):
    return R.train_rbm(SMALL_RBM, split=digits_split)


@pytest.fixture(scope="module")
def small_dbn(digits_split):
    return R.run_dbn(SMALL_DBN, split=digits_split)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"dataset": "gaussian"}, "['digits', 'bars_stripes', 'mnist']"),
        ({"n_hidden": 0}, "Hidden units must be a whole number in 1–1000, got 0"),
        ({"n_hidden": 5000}, "1–1000"),
        ({"n_hidden": 2.5}, "1–1000"),
        ({"epochs": 0}, "Epochs must be a whole number in 1–200"),
        ({"epochs": 201}, "1–200"),
        ({"lr": 0.0}, "The learning rate must be in (0, 1], got 0.0"),
        ({"lr": -0.1}, "(0, 1]"),
        ({"lr": float("nan")}, "(0, 1]"),
        ({"lr": 2}, "(0, 1]"),
        ({"batch_size": 0}, "Batch size must be a whole number in 1–1000"),
        ({"k": 0}, "CD steps k must be a whole number in 1–25"),
        ({"k": 26}, "1–25"),
        ({"weight_decay": -1e-4}, "Weight decay must be in [0, 0.01]"),
        ({"weight_decay": 0.5}, "[0, 0.01]"),
        ({"bars_size": 9}, "The image size must be a whole number in 2–8"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
        ({"seed": True}, "seed must be a whole number >= 0"),
        (
            {"dataset": "mnist", "n_hidden": 1000, "epochs": 200},
            f"the limit is {R.MAX_SECONDS} s",
        ),
    ],
)
def test_rbm_config_rejects_bad_values_naming_the_allowed_range(kwargs, needle):
    with pytest.raises(ConfigError) as err:
        R.RBMConfig(**kwargs)
    assert needle in str(err.value)


@pytest.mark.parametrize(
    "n, cols", [(1, 1), (6, 6), (10, 10), (16, 8), (20, 10), (64, 8), (100, 10), (17, 10)]
)
def test_grid_cols_fills_rows(n, cols):
    assert R.grid_cols(n) == cols


def test_rbm_defaults_are_valid_fast_and_small():
    for name in R.RBM_DATA:
        cfg = R.rbm_defaults(name, seed=3)
        assert cfg.dataset == name and cfg.seed == 3
        assert R.estimate_seconds(cfg) < 20
        assert R.estimate_mb(cfg) < 150
    assert R.rbm_defaults("digits") == R.RBMConfig()


@pytest.mark.parametrize(
    "text", ["abc", "", "  ", "100,,100", "2.5", "1e3", "0", "501", "-3", "8, 8, 8, 8, 8, 8, 8"]
)
def test_parse_hidden_rejects_bad_text_naming_the_limits(text):
    with pytest.raises(ConfigError) as err:
        R.parse_hidden(text)
    msg = str(err.value)
    assert f"1–{R.MAX_DBN_LAYERS} layers" in msg and f"1–{R.MAX_DBN_UNITS} units" in msg
    assert "600 MB" in msg  # says why the caps exist


def test_parse_hidden_accepts_commas_and_spaces():
    assert R.parse_hidden("100, 100,100 50") == (100, 100, 100, 50)
    assert R.format_hidden(R.parse_hidden(" 7 ")) == "7"


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"dataset": "bars_stripes"}, "['digits', 'mnist']"),
        ({"hidden": ()}, "No hidden layers"),
        ({"hidden": (100,) * 7}, "7 hidden layers is too many"),
        ({"hidden": (100, 501)}, "1–500 units"),
        ({"pre_epochs": 0}, "Pre-training epochs must be a whole number in 1–50"),
        ({"ft_epochs": 51}, "Fine-tuning epochs must be a whole number in 1–50"),
        ({"pre_lr": 0}, "The RBM learning rate must be in (0, 1]"),
        ({"ft_lr": -1.0}, "The fine-tuning learning rate must be in (0, 1]"),
        ({"pre_batch": 0}, "1–1000"),
        ({"ft_batch": 1001}, "1–1000"),
        ({"optimizer": "rmsprop"}, "['sgd', 'momentum', 'adam']"),
        (
            {"dataset": "mnist", "hidden": (500,) * 6, "pre_epochs": 50},
            f"the limit is {R.MAX_SECONDS} s",
        ),
    ],
)
def test_dbn_config_rejects_bad_values_naming_the_allowed_range(kwargs, needle):
    with pytest.raises(ConfigError) as err:
        R.DBNConfig(**kwargs)
    assert needle in str(err.value)


def test_configs_are_frozen_and_hashable():
    cfg = R.RBMConfig()
    with pytest.raises(AttributeError):
        cfg.epochs = 3  # type: ignore[misc]
    assert {cfg: 1}[R.RBMConfig()] == 1
    assert hash(R.DBNConfig()) == hash(R.DBNConfig(hidden=(100, 100, 100, 100)))
    assert R.DBNConfig().sizes == (64, 100, 100, 100, 100, 10)
    assert R.DBNConfig(xavier=False).runs == ("dbn", "normal")


def test_largest_allowed_runs_stay_far_below_the_memory_limit():
    worst_rbm = R.RBMConfig(dataset="mnist", n_hidden=R.MAX_RBM_HIDDEN, epochs=1)
    worst_dbn = R.DBNConfig(
        dataset="mnist",
        hidden=(R.MAX_DBN_UNITS,) * R.MAX_DBN_LAYERS,
        pre_epochs=1,
        ft_epochs=1,
        xavier=False,
    )
    assert R.estimate_mb(worst_rbm) < 250
    assert R.estimate_mb(worst_dbn) < 250
    assert R.estimate_mb(R.DBNConfig()) < 20
    # ... and more work than that is refused by the time budget
    with pytest.raises(ConfigError, match="the limit is"):
        R.DBNConfig(**{**worst_dbn.__dict__, "xavier": True, "pre_epochs": 2})


# --------------------------------------------------------------------------- RBM runs


def test_rbm_result_frames_and_pictures(small_rbm, digits_split):
    res = small_rbm
    assert res.epochs_run == 4 and not res.stopped
    assert (res.n_train, res.n_val) == (1437, 360)
    assert list(res.curves.columns) == ["epoch", "quantity", "split", "value"]
    assert res.curves["epoch"].dtype == np.int64
    assert res.curves.groupby(["quantity", "split"]).size().to_dict() == {
        ("free energy", "held-out"): 4,
        ("free energy", "train"): 4,
        ("free-energy gap", "held-out − train"): 4,
        ("reconstruction error", "held-out"): 4,
        ("reconstruction error", "train"): 4,
    }
    assert np.isfinite(res.curves["value"]).all()
    # the gap is the difference of the two free-energy curves
    fe = res.curves[res.curves["quantity"] == "free energy"].pivot(
        index="epoch", columns="split", values="value"
    )
    gap = res.curves[res.curves["quantity"] == "free-energy gap"].set_index("epoch")["value"]
    np.testing.assert_allclose(gap, fe["held-out"] - fe["train"])
    # and matches the RBM's own monitor (same rows), up to rounding in the RBM's precision
    rounding = 64 * np.finfo(R.RBM_DTYPE).eps * float(np.abs(fe.to_numpy()).max())
    np.testing.assert_allclose(gap, res.params.history.free_energy_gap, rtol=0, atol=rounding)
    s = res.scale
    assert s == 7
    tile_px = 8 * s + 1
    assert res.originals.shape == res.reconstructions.shape == (4 * tile_px + 1, 5 * tile_px + 1)
    assert res.filters.shape == (2 * tile_px + 1, 8 * tile_px + 1)  # 16 filters, 8 a row
    assert res.samples.shape == (2 * tile_px + 1, 10 * tile_px + 1)
    for g in (res.originals, res.reconstructions, res.filters, res.samples):
        assert g.dtype == np.uint8
    # the originals grid really shows the first held-out images
    first = digits_split.X_val[0].reshape(8, 8)
    np.testing.assert_array_equal(
        res.originals[1 : 1 + 8 * s : s, 1 : 1 + 8 * s : s], np.rint(first * 255)
    )
    assert res.params.W.shape == (64, 16) and not res.params.W.flags.writeable


def test_rbm_run_is_bit_for_bit_reproducible(small_rbm, digits_split):
    again = R.train_rbm(SMALL_RBM, split=digits_split)
    np.testing.assert_array_equal(again.params.W, small_rbm.params.W)
    np.testing.assert_array_equal(again.params.b_v, small_rbm.params.b_v)
    pd.testing.assert_frame_equal(again.curves, small_rbm.curves, check_exact=True)
    for name in ("originals", "reconstructions", "filters", "samples"):
        np.testing.assert_array_equal(getattr(again, name), getattr(small_rbm, name))
    other = R.train_rbm(R.RBMConfig(n_hidden=16, epochs=4, batch_size=50, seed=1))
    assert not np.array_equal(other.params.W, small_rbm.params.W)


def test_stopping_an_rbm_keeps_what_was_learned(small_rbm, digits_split):
    seen = []

    def stop_after_two(prog):
        seen.append(prog)
        return prog.epoch < 2

    res = R.train_rbm(SMALL_RBM, on_epoch=stop_after_two, split=digits_split)
    assert [p.epoch for p in seen] == [1, 2]
    assert res.stopped and res.epochs_run == 2
    assert res.curves["epoch"].max() == 2
    # what was kept is the epoch-2 snapshot, which is also a full run's epoch 2
    np.testing.assert_array_equal(res.params.W, seen[-1].params.W)
    full = []
    R.train_rbm(SMALL_RBM, on_epoch=full.append, split=digits_split)
    np.testing.assert_array_equal(res.params.W, full[1].params.W)
    assert not np.array_equal(res.params.W, small_rbm.params.W)
    # snapshots do not move on with training
    assert not np.array_equal(full[0].params.W, full[-1].params.W)
    # a result rebuilt from the last snapshot (what the UI does after an interruption)
    # is the finished run's
    rebuilt = R.rbm_result(SMALL_RBM, full[-1], split=digits_split)
    pd.testing.assert_frame_equal(rebuilt.curves, small_rbm.curves, check_exact=True)
    np.testing.assert_array_equal(rebuilt.samples, small_rbm.samples)


def test_returning_none_or_true_does_not_stop(digits_split):
    res = R.train_rbm(SMALL_RBM, on_epoch=lambda p: None, split=digits_split)
    assert res.epochs_run == 4 and not res.stopped


def test_rbm_learns_to_reconstruct(digits_split):
    res = R.train_rbm(R.RBMConfig(), split=digits_split)  # the tab's defaults
    err = res.curves[res.curves["quantity"] == "reconstruction error"]
    held = err[err["split"] == "held-out"].set_index("epoch")["value"]
    # the untrained model's error (all pixels at their mean) is about 0.07 on digits
    assert held.iloc[-1] < 0.4 * held.iloc[0]
    assert held.iloc[-1] < 0.02


def test_bars_and_stripes_run():
    res = R.train_rbm(R.rbm_defaults("bars_stripes"))
    assert res.image_shape == (4, 4)
    assert res.n_train + res.n_val == 30
    tile_px = 4 * res.scale + 1
    assert res.originals.shape == (tile_px + 1, 6 * tile_px + 1)  # 6 held-out images, 1 row
    assert res.filters.shape == (2 * tile_px + 1, 8 * tile_px + 1)  # 16 filters: 2 full rows


def test_reconstruct_image_of_an_upload(small_rbm, tmp_path):
    from PIL import Image, ImageDraw

    im = Image.new("L", (64, 64), 255)
    ImageDraw.Draw(im).ellipse((16, 8, 48, 56), outline=0, width=6)
    path = tmp_path / "zero.png"
    im.save(path)
    row = load_image(path.read_bytes(), small_rbm.image_shape)
    orig, recon = R.reconstruct_image(small_rbm, row)
    s = R.UPLOAD_ZOOM * small_rbm.scale
    assert orig.shape == recon.shape == (8 * s + 2, 8 * s + 2)
    np.testing.assert_array_equal(
        orig[1 : 1 + 8 * s : s, 1 : 1 + 8 * s : s].ravel(), np.rint(row * 255)
    )
    assert not np.array_equal(orig, recon)


# --------------------------------------------------------------------------- DBN runs


def test_dbn_result_frames_and_pictures(small_dbn):
    res = small_dbn
    assert res.layers_done == 2 and res.pretrained and not res.stopped
    assert len(res.layer_images) == 3  # input, through 1 layer, through 2 layers
    assert all(g.shape == res.layer_images[0].shape for g in res.layer_images)
    assert list(res.pretrain_curves.columns) == ["layer", "epoch", "recon_error"]
    assert res.pretrain_curves.groupby("layer").size().to_dict() == {1: 2, 2: 2}
    assert list(res.finetune_curves.columns) == ["run", "epoch", "metric", "split", "value"]
    ft = res.finetune_curves
    assert set(ft["run"]) == {"dbn", "normal", "xavier"}
    assert ft["epoch"].min() == 0 and ft["epoch"].max() == 2
    assert len(ft) == 3 * 2 * 2 * 3  # runs x metrics x splits x epochs 0..2
    assert list(res.summary.columns) == [
        "run",
        "epochs",
        "val_accuracy",
        "best_val_accuracy",
        "val_loss",
    ]
    assert res.summary["run"].tolist() == ["dbn", "normal", "xavier"]
    assert res.accuracy_gain() is not None


def test_dbn_run_is_bit_for_bit_reproducible(small_dbn, digits_split):
    again = R.run_dbn(SMALL_DBN, split=digits_split)
    pd.testing.assert_frame_equal(
        again.finetune_curves, small_dbn.finetune_curves, check_exact=True
    )
    pd.testing.assert_frame_equal(
        again.pretrain_curves, small_dbn.pretrain_curves, check_exact=True
    )
    for a, b in zip(again.layer_images, small_dbn.layer_images):
        np.testing.assert_array_equal(a, b)


def test_dbn_progress_counts_every_step(digits_split):
    steps = []
    R.run_dbn(SMALL_DBN, on_step=steps.append, split=digits_split)
    total = 2 * 2 + 3 * 2
    assert [p.step for p in steps] == list(range(1, total + 1))
    assert all(p.total == total for p in steps)
    pre = [(p.layer, p.epoch) for p in steps if p.phase == "pretrain"]
    assert pre == [(1, 1), (1, 2), (2, 1), (2, 2)]
    ft = [(p.run, p.epoch) for p in steps if p.phase == "finetune"]
    assert ft == [(r, e) for r in ("dbn", "normal", "xavier") for e in (1, 2)]


def test_stopping_a_dbn_during_pretraining_keeps_the_layers(digits_split):
    res = R.run_dbn(SMALL_DBN, on_step=lambda p: p.step < 3, split=digits_split)
    assert res.stopped and not res.pretrained
    assert res.layers_done == 2  # layer 1 finished, layer 2 after one epoch
    assert res.pretrain_curves.groupby("layer").size().to_dict() == {1: 2, 2: 1}
    assert len(res.layer_images) == 3
    assert res.summary.empty and res.finetune_curves.empty
    assert res.accuracy_gain() is None


def test_stopping_a_dbn_during_finetuning_keeps_the_curves(small_dbn, digits_split):
    res = R.run_dbn(SMALL_DBN, on_step=lambda p: p.step < 7, split=digits_split)
    assert res.stopped and res.pretrained
    assert res.summary.set_index("run")["epochs"].to_dict() == {"dbn": 2, "normal": 1}
    assert res.accuracy_gain() is None  # N(0, 0.01²) did not get its epochs
    # what ran is what the full run did
    full = small_dbn.finetune_curves
    pd.testing.assert_frame_equal(
        res.finetune_curves[res.finetune_curves["run"] == "dbn"].reset_index(drop=True),
        full[full["run"] == "dbn"].reset_index(drop=True),
        check_exact=True,
    )


def test_dbn_result_from_a_snapshot_matches_the_run(small_dbn, digits_split):
    last = []
    R.run_dbn(SMALL_DBN, on_step=lambda p: last.__setitem__(slice(None), [p]), split=digits_split)
    rebuilt = R.dbn_result(SMALL_DBN, last[0].state, split=digits_split)
    pd.testing.assert_frame_equal(rebuilt.summary, small_dbn.summary, check_exact=True)
    for a, b in zip(rebuilt.layer_images, small_dbn.layer_images):
        np.testing.assert_array_equal(a, b)


def test_lecture_claim_dbn_beats_small_random_start_by_20_points(digits_split):
    """Hinton 2006, as the lecture tells it: with the tab's defaults (4 sigmoid hidden layers
    of 100 units on the digits), DBN pre-training gives at least 20 points more validation
    accuracy than N(0, 0.01²) after the same fine-tuning."""
    cfg = dataclasses.replace(R.DBNConfig(), xavier=False)  # the two runs compared are the same
    res = R.run_dbn(cfg, split=digits_split)
    s = res.summary.set_index("run")
    assert s.index.tolist() == ["dbn", "normal"]
    assert (s["epochs"] == cfg.ft_epochs).all()
    assert res.accuracy_gain() >= 0.20, s
    assert s.loc["dbn", "val_accuracy"] >= 0.8
