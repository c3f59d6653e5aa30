"""explorer.services.dbn: config validation, the one pre-training pipeline, determinism,
stopping; the frames of a run (explorer.analysis.rbm_frames)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from explorer.analysis.rbm_frames import dbn_finetune_curves, dbn_pretrain_curves, dbn_summary
from explorer.engine.checks import ConfigError
from explorer.services import dbn as DB
from explorer.services import rbm as RB
from explorer.ui.i18n import err_text

SMALL_DBN = DB.DBNConfig(hidden=(16, 8), pre_epochs=2, ft_epochs=2, ft_batch=64)


@pytest.fixture(scope="module")
def digits_split():
    return RB.load_split("digits", 0)


@pytest.fixture(scope="module")
def small_dbn(digits_split):
    return DB.run_dbn(SMALL_DBN, split=digits_split)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "text", ["abc", "", "  ", "100,,100", "2.5", "1e3", "0", "501", "-3", "8, 8, 8, 8, 8, 8, 8"]
)
def test_parse_hidden_rejects_bad_text_naming_the_limits(text):
    with pytest.raises(ConfigError) as err:
        DB.parse_hidden(text)
    msg = err_text(err.value)
    assert f"1–{DB.MAX_DBN_LAYERS} layers" in msg and f"1–{DB.MAX_DBN_UNITS} units" in msg
    assert "600 MB" in msg  # says why the caps exist


def test_parse_hidden_accepts_commas_and_spaces():
    assert DB.parse_hidden("100, 100,100 50") == (100, 100, 100, 50)
    assert DB.format_hidden(DB.parse_hidden(" 7 ")) == "7"


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"dataset": "bars_stripes"}, "must be one of digits, mnist"),
        ({"hidden": ()}, "No hidden layers"),
        ({"hidden": (100,) * 7}, "7 hidden layers is too many"),
        ({"hidden": (100, 501)}, "1–500 units"),
        ({"pre_epochs": 0}, "Pre-training epochs must be a whole number from 1 to 50"),
        ({"ft_epochs": 51}, "Fine-tuning epochs must be a whole number from 1 to 50"),
        ({"pre_lr": 0}, "The RBM learning rate must be a number in (0, 1]"),
        ({"ft_lr": -1.0}, "The fine-tuning learning rate must be a number in (0, 1]"),
        ({"pre_batch": 0}, "from 1 to 1000"),
        ({"ft_batch": 1001}, "from 1 to 1000"),
        ({"optimizer": "rmsprop"}, "must be one of sgd, momentum, adam"),
        (
            {"dataset": "mnist", "hidden": (500,) * 6, "pre_epochs": 50},
            f"the limit is {RB.MAX_SECONDS} s",
        ),
    ],
)
def test_dbn_config_rejects_bad_values_naming_the_allowed_range(kwargs, needle):
    with pytest.raises(ConfigError) as err:
        DB.DBNConfig(**kwargs)
    assert needle in err_text(err.value), err_text(err.value)


def test_configs_are_frozen_and_hashable():
    cfg = RB.RBMConfig()
    with pytest.raises(AttributeError):
        cfg.epochs = 3  # type: ignore[misc]
    assert {cfg: 1}[RB.RBMConfig()] == 1
    assert hash(DB.DBNConfig()) == hash(DB.DBNConfig(hidden=(100, 100, 100, 100)))
    assert DB.DBNConfig().sizes == (64, 100, 100, 100, 100, 10)
    assert DB.DBNConfig(xavier=False).runs == ("dbn", "normal")


def test_largest_allowed_runs_stay_far_below_the_memory_limit():
    worst_rbm = RB.RBMConfig(dataset="mnist", n_hidden=RB.MAX_RBM_HIDDEN, epochs=1)
    worst_dbn = DB.DBNConfig(
        dataset="mnist",
        hidden=(DB.MAX_DBN_UNITS,) * DB.MAX_DBN_LAYERS,
        pre_epochs=1,
        ft_epochs=1,
        xavier=False,
    )
    assert RB.estimate_mb(worst_rbm) < 250
    assert DB.estimate_mb(worst_dbn) < 250
    assert DB.estimate_mb(DB.DBNConfig()) < 20
    # ... and more work than that is refused by the time budget
    with pytest.raises(ConfigError) as err:
        DB.DBNConfig(**{**worst_dbn.__dict__, "xavier": True, "pre_epochs": 2})
    assert "the limit is" in err_text(err.value)


# --------------------------------------------------------------------------- DBN runs


def test_dbn_result_frames_and_pictures(small_dbn):
    res = small_dbn
    assert res.layers_done == 2 and res.pretrained and not res.stopped
    assert len(res.layer_images) == 3  # input, through 1 layer, through 2 layers
    assert all(g.shape == res.layer_images[0].shape for g in res.layer_images)
    assert list(dbn_pretrain_curves(res).columns) == ["layer", "epoch", "recon_error"]
    assert dbn_pretrain_curves(res).groupby("layer").size().to_dict() == {1: 2, 2: 2}
    assert list(dbn_finetune_curves(res).columns) == ["run", "epoch", "metric", "split", "value"]
    ft = dbn_finetune_curves(res)
    assert set(ft["run"]) == {"dbn", "normal", "xavier"}
    assert ft["epoch"].min() == 0 and ft["epoch"].max() == 2
    assert len(ft) == 3 * 2 * 2 * 3  # runs x metrics x splits x epochs 0..2
    assert list(dbn_summary(res).columns) == [
        "run",
        "epochs",
        "val_accuracy",
        "best_val_accuracy",
        "val_loss",
    ]
    assert dbn_summary(res)["run"].tolist() == ["dbn", "normal", "xavier"]
    assert res.accuracy_gain() is not None


def test_dbn_run_is_bit_for_bit_reproducible(small_dbn, digits_split):
    again = DB.run_dbn(SMALL_DBN, split=digits_split)
    pd.testing.assert_frame_equal(
        dbn_finetune_curves(again), dbn_finetune_curves(small_dbn), check_exact=True
    )
    pd.testing.assert_frame_equal(
        dbn_pretrain_curves(again), dbn_pretrain_curves(small_dbn), check_exact=True
    )
    for a, b in zip(again.layer_images, small_dbn.layer_images):
        np.testing.assert_array_equal(a, b)


def test_dbn_progress_counts_every_step(digits_split):
    steps = []
    DB.run_dbn(SMALL_DBN, on_step=steps.append, split=digits_split)
    total = 2 * 2 + 3 * 2
    assert [p.step for p in steps] == list(range(1, total + 1))
    assert all(p.total == total for p in steps)
    pre = [(p.layer, p.epoch) for p in steps if p.phase == "pretrain"]
    assert pre == [(1, 1), (1, 2), (2, 1), (2, 2)]
    ft = [(p.run, p.epoch) for p in steps if p.phase == "finetune"]
    assert ft == [(r, e) for r in ("dbn", "normal", "xavier") for e in (1, 2)]


def test_stopping_a_dbn_during_pretraining_keeps_the_layers(digits_split):
    res = DB.run_dbn(SMALL_DBN, on_step=lambda p: p.step < 3, split=digits_split)
    assert res.stopped and not res.pretrained
    assert res.layers_done == 2  # layer 1 finished, layer 2 after one epoch
    assert dbn_pretrain_curves(res).groupby("layer").size().to_dict() == {1: 2, 2: 1}
    assert len(res.layer_images) == 3
    assert dbn_summary(res).empty and dbn_finetune_curves(res).empty
    assert res.accuracy_gain() is None


def test_stopping_a_dbn_during_finetuning_keeps_the_curves(small_dbn, digits_split):
    res = DB.run_dbn(SMALL_DBN, on_step=lambda p: p.step < 7, split=digits_split)
    assert res.stopped and res.pretrained
    assert dbn_summary(res).set_index("run")["epochs"].to_dict() == {"dbn": 2, "normal": 1}
    assert res.accuracy_gain() is None  # N(0, 0.01²) did not get its epochs
    # what ran is what the full run did
    full = dbn_finetune_curves(small_dbn)
    pd.testing.assert_frame_equal(
        dbn_finetune_curves(res)[dbn_finetune_curves(res)["run"] == "dbn"].reset_index(drop=True),
        full[full["run"] == "dbn"].reset_index(drop=True),
        check_exact=True,
    )


def test_dbn_result_from_a_snapshot_matches_the_run(small_dbn, digits_split):
    last = []
    DB.run_dbn(SMALL_DBN, on_step=lambda p: last.__setitem__(slice(None), [p]), split=digits_split)
    rebuilt = DB.dbn_result(SMALL_DBN, last[0].state, split=digits_split)
    pd.testing.assert_frame_equal(dbn_summary(rebuilt), dbn_summary(small_dbn), check_exact=True)
    for a, b in zip(rebuilt.layer_images, small_dbn.layer_images):
        np.testing.assert_array_equal(a, b)


def test_lecture_claim_dbn_beats_small_random_start_by_20_points(digits_split):
    """Hinton 2006, as the lecture tells it: with the tab's defaults (4 sigmoid hidden layers
    of 100 units on the digits), DBN pre-training gives at least 20 points more validation
    accuracy than N(0, 0.01²) after the same fine-tuning."""
    cfg = dataclasses.replace(DB.DBNConfig(), xavier=False)  # the two runs compared are the same
    res = DB.run_dbn(cfg, split=digits_split)
    s = dbn_summary(res).set_index("run")
    assert s.index.tolist() == ["dbn", "normal"]
    assert (s["epochs"] == cfg.ft_epochs).all()
    assert res.accuracy_gain() >= 0.20, s
    assert s.loc["dbn", "val_accuracy"] >= 0.8
