"""explorer.services.rbm: config validation, determinism, stopping, pictures; the curves'
frames (explorer.analysis.rbm_frames)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explorer.analysis.rbm_frames import rbm_curves
from explorer.data.uploads import load_image
from explorer.engine.checks import ConfigError
from explorer.services import rbm as RB
from explorer.ui.i18n import err_text

# Small runs: a few epochs of a 16-unit RBM on the digits take well under a second.
SMALL_RBM = RB.RBMConfig(n_hidden=16, epochs=4, batch_size=50)


@pytest.fixture(scope="module")
def digits_split():
    return RB.load_split("digits", 0)


@pytest.fixture(scope="module")
def small_rbm(digits_split):
    return RB.train_rbm(SMALL_RBM, split=digits_split)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"dataset": "gaussian"}, "must be one of digits, bars_stripes, mnist"),
        ({"n_hidden": 0}, "Hidden units must be a whole number from 1 to 1000, got 0"),
        ({"n_hidden": 5000}, "from 1 to 1000"),
        ({"n_hidden": 2.5}, "from 1 to 1000"),
        ({"epochs": 0}, "Epochs must be a whole number from 1 to 200"),
        ({"epochs": 201}, "from 1 to 200"),
        ({"lr": 0.0}, "The learning rate must be a number in (0, 1], got 0.0"),
        ({"lr": -0.1}, "(0, 1]"),
        ({"lr": float("nan")}, "(0, 1]"),
        ({"lr": 2}, "(0, 1]"),
        ({"batch_size": 0}, "Batch size must be a whole number from 1 to 1000"),
        ({"k": 0}, "CD steps k must be a whole number from 1 to 25"),
        ({"k": 26}, "from 1 to 25"),
        ({"weight_decay": -1e-4}, "Weight decay must be a number in [0, 0.01]"),
        ({"weight_decay": 0.5}, "[0, 0.01]"),
        ({"bars_size": 9}, "The image size must be a whole number from 2 to 8"),
        ({"seed": -1}, "The seed must be a whole number from 0 to"),
        ({"seed": True}, "The seed must be a whole number from 0 to"),
        (
            {"dataset": "mnist", "n_hidden": 1000, "epochs": 200},
            f"the limit is {RB.MAX_SECONDS} s",
        ),
    ],
)
def test_rbm_config_rejects_bad_values_naming_the_allowed_range(kwargs, needle):
    with pytest.raises(ConfigError) as err:
        RB.RBMConfig(**kwargs)
    assert needle in err_text(err.value), err_text(err.value)


@pytest.mark.parametrize(
    "n, cols", [(1, 1), (6, 6), (10, 10), (16, 8), (20, 10), (64, 8), (100, 10), (17, 10)]
)
def test_grid_cols_fills_rows(n, cols):
    assert RB.grid_cols(n) == cols


def test_rbm_defaults_are_valid_fast_and_small():
    for name in RB.RBM_DATA:
        cfg = RB.rbm_defaults(name, seed=3)
        assert cfg.dataset == name and cfg.seed == 3
        assert RB.estimate_seconds(cfg) < 20
        assert RB.estimate_mb(cfg) < 150
    assert RB.rbm_defaults("digits") == RB.RBMConfig()


# --------------------------------------------------------------------------- RBM runs


def test_rbm_result_frames_and_pictures(small_rbm, digits_split):
    res = small_rbm
    curves = rbm_curves(res)
    assert res.epochs_run == 4 and not res.stopped
    assert (res.n_train, res.n_val) == (1437, 360)
    assert list(curves.columns) == ["epoch", "quantity", "split", "value"]
    assert curves["epoch"].dtype == np.int64
    assert curves.groupby(["quantity", "split"]).size().to_dict() == {
        ("free energy", "held-out"): 4,
        ("free energy", "train"): 4,
        ("free-energy gap", "held-out − train"): 4,
        ("reconstruction error", "held-out"): 4,
        ("reconstruction error", "train"): 4,
    }
    assert np.isfinite(curves["value"]).all()
    # the gap is the difference of the two free-energy curves
    fe = curves[curves["quantity"] == "free energy"].pivot(
        index="epoch", columns="split", values="value"
    )
    gap = curves[curves["quantity"] == "free-energy gap"].set_index("epoch")["value"]
    np.testing.assert_allclose(gap, fe["held-out"] - fe["train"])
    # and matches the RBM's own monitor (same rows), up to rounding in the RBM's precision
    rounding = 64 * np.finfo(RB.RBM_DTYPE).eps * float(np.abs(fe.to_numpy()).max())
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
    again = RB.train_rbm(SMALL_RBM, split=digits_split)
    np.testing.assert_array_equal(again.params.W, small_rbm.params.W)
    np.testing.assert_array_equal(again.params.b_v, small_rbm.params.b_v)
    pd.testing.assert_frame_equal(rbm_curves(again), rbm_curves(small_rbm), check_exact=True)
    for name in ("originals", "reconstructions", "filters", "samples"):
        np.testing.assert_array_equal(getattr(again, name), getattr(small_rbm, name))
    other = RB.train_rbm(RB.RBMConfig(n_hidden=16, epochs=4, batch_size=50, seed=1))
    assert not np.array_equal(other.params.W, small_rbm.params.W)


def test_stopping_an_rbm_keeps_what_was_learned(small_rbm, digits_split):
    seen = []

    def stop_after_two(prog):
        seen.append(prog)
        return prog.epoch < 2

    res = RB.train_rbm(SMALL_RBM, on_epoch=stop_after_two, split=digits_split)
    assert [p.epoch for p in seen] == [1, 2]
    assert res.stopped and res.epochs_run == 2
    assert rbm_curves(res)["epoch"].max() == 2
    # what was kept is the epoch-2 snapshot, which is also a full run's epoch 2
    np.testing.assert_array_equal(res.params.W, seen[-1].params.W)
    full = []
    RB.train_rbm(SMALL_RBM, on_epoch=full.append, split=digits_split)
    np.testing.assert_array_equal(res.params.W, full[1].params.W)
    assert not np.array_equal(res.params.W, small_rbm.params.W)
    # snapshots do not move on with training
    assert not np.array_equal(full[0].params.W, full[-1].params.W)
    # a result rebuilt from the last snapshot (what the UI does after an interruption)
    # is the finished run's
    rebuilt = RB.rbm_result(SMALL_RBM, full[-1], split=digits_split)
    pd.testing.assert_frame_equal(rbm_curves(rebuilt), rbm_curves(small_rbm), check_exact=True)
    np.testing.assert_array_equal(rebuilt.samples, small_rbm.samples)


def test_returning_none_or_true_does_not_stop(digits_split):
    res = RB.train_rbm(SMALL_RBM, on_epoch=lambda p: None, split=digits_split)
    assert res.epochs_run == 4 and not res.stopped


def test_rbm_learns_to_reconstruct(digits_split):
    res = RB.train_rbm(RB.RBMConfig(), split=digits_split)  # the tab's defaults
    err = rbm_curves(res)[rbm_curves(res)["quantity"] == "reconstruction error"]
    held = err[err["split"] == "held-out"].set_index("epoch")["value"]
    # the untrained model's error (all pixels at their mean) is about 0.07 on digits
    assert held.iloc[-1] < 0.4 * held.iloc[0]
    assert held.iloc[-1] < 0.02


def test_bars_and_stripes_run():
    res = RB.train_rbm(RB.rbm_defaults("bars_stripes"))
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
    orig, recon = RB.reconstruct_image(small_rbm, row)
    s = RB.UPLOAD_ZOOM * small_rbm.scale
    assert orig.shape == recon.shape == (8 * s + 2, 8 * s + 2)
    np.testing.assert_array_equal(
        orig[1 : 1 + 8 * s : s, 1 : 1 + 8 * s : s].ravel(), np.rint(row * 255)
    )
    assert not np.array_equal(orig, recon)
