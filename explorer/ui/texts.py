"""Every user-facing string of the app, in one place, looked up by key.

``t("key", **fmt)`` returns the string for the current language, formatted. English is the
reference language: every key must exist there; a test walks the keys.
"""

from __future__ import annotations

__all__ = ["TEXTS", "t"]

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "Initialization explorer",
        "app_title": "Initialization explorer",
        "app_subtitle": "Why deep networks fail to learn, and how initialization fixes it",
        "app_caption": (
            "Pick a network and an initializer in the sidebar. Every chart is computed live "
            "from one forward and one backward pass at initialization."
        ),
        "tab_signals": "Signals",
        "tab_training": "Training",
        "tab_rbm": "RBM",
        "tab_dbn": "DBN",
        # sidebar
        "sb_data": "Input data",
        "sb_data_help": "The batch traced through the network.",
        "data_digits": "Handwritten digits (8×8, 1797 images)",
        "data_gaussian": "Gaussian noise randn(n, d) (CS231n)",
        "data_bars_stripes": "Bars and stripes (4×4 binary)",
        "sb_input_dim": "Input dimension d",
        "sb_gaussian_note": "Labels are random: this input is for watching signals, not learning.",
        "sb_layers_header": "Hidden layers",
        "sb_depth": "Depth (hidden layers)",
        "sb_width": "Width (units per layer)",
        "sb_layers_text": "Widths, comma-separated",
        "sb_layers_help": (
            "One number per hidden layer, e.g. 256, 128, 128. The sliders above fill this in; "
            "edit it for layers of different widths."
        ),
        "sb_activation": "Activation",
        "sb_init": "Initializer",
        "sb_seed": "Seed",
        "sb_batch": "Batch size",
        "sb_dtype": "Precision",
        "sb_display": "Display",
        "sb_bins": "Histogram bins",
        "sb_shared": "Same x range for all layers",
        "sb_nozero": "Leave out exact zeros",
        "sb_nozero_help": (
            "A ReLU layer is about half exact zeros, which squeezes the rest of its histogram "
            "flat. The table still counts them."
        ),
        "hist_zeros_note": "Exact zeros left out of the histograms: {pct:.0%} of activations, {pct_g:.0%} of gradients.",
        "col_layer": "layer",
        "col_kind": "kind",
        "col_units": "units",
        "col_act_mean": "mean a",
        "col_act_std": "std a",
        "col_z_std": "std z",
        "col_saturated_frac": "saturated",
        "col_dead_frac": "dead units",
        "col_grad_norm": "‖∂L/∂z‖",
        "col_grad_rms": "rms ∂L/∂z",
        "col_dW_norm": "‖∂L/∂W‖",
        "col_grad_zero_frac": "zero gradients",
        "col_n_nan": "NaN",
        "col_n_inf": "inf",
        "col_run": "initializer",
        "sb_presets": "Presets",
        "sb_presets_caption": "Load a published setting; it opens the compare view.",
        "url_ignored": "Some values in this link could not be used and were replaced by defaults:\n{lines}",
        "url_dismiss": "Dismiss",
        "sb_share": "Share this view",
        "sb_share_caption": "Anyone opening this link sees the same configuration.",
        "sb_invalid": "Showing the last valid configuration until this is fixed.",
        # signals view
        "mode": "View",
        "mode_single": "One initializer",
        "mode_compare": "Compare initializers",
        "compare_pick": "Initializers to compare (2–5)",
        "compare_need_two": "Pick at least two initializers to compare (at most five).",
        "net_caption": "Network {sizes} · {activation} · {init} · batch {batch} · seed {seed}",
        "loss_metric": "Loss at initialization",
        "loss_help": "Softmax cross-entropy; a network that guesses uniformly scores ln({k}) = {ref:.2f}.",
        "overflow": (
            "Overflowed at layer {layer} ({phase} pass): {n_inf:,} infinite and {n_nan:,} NaN "
            "values. They are left out of the histograms and counted in the table."
        ),
        "phase_forward": "forward",
        "phase_backward": "backward",
        "profile_title": "Signal size by layer (log scale)",
        "profile_caption": (
            "Solid: measured. Dashed: predicted by the variance recursion ({method}), starting "
            "from the measured input and output-layer gradient. The recursion describes the "
            "average over weight draws: one deep ReLU network can sit 30% or more away from it."
        ),
        "zero_layers": "Exactly zero (not drawn on a log scale): {what} at layers {layers}.",
        "hist_a_title": "Activations per hidden layer",
        "hist_g_title": "Back-propagated gradients ∂L/∂z per hidden layer",
        "hist_caption": "Each panel is one layer; bars give the fraction of values in each bin.",
        "table_title": "Per-layer statistics",
        "formula_title": "The initializer",
        "activation_formula": "Activation",
        "reference": "Reference",
        "compare_layers_note": "Showing layers {layers} of {n}.",
        "preset_source": "Source",
        "preset_expected": "What the source reports",
        "error_title": "That configuration can't be computed",
        # --- training tab (explorer/ui/training.py) ---
        "tr_intro": (
            "Train the same network from several starting points and watch what the lecture "
            "claims: from **zeros** nothing is learned (accuracy stays at chance), **RBM "
            "pre-training (DBN)** rescues a deep sigmoid network, and the simple **Xavier** and "
            "**He** scalings do as well or better. Every run uses the same data split, "
            "minibatch order and seed; only the initial weights differ."
        ),
        "tr_presets": "Lecture set-ups",
        "tr_preset_relu": "Zeros vs Xavier vs He vs DBN (ReLU)",
        "tr_preset_relu_help": "ReLU hidden layers, 4 × 100, plain SGD.",
        "tr_preset_sigmoid": "DBN rescues a deep sigmoid net",
        "tr_preset_sigmoid_help": (
            "Sigmoid hidden layers, 4 × 100: small random weights N(0, 0.01²), LeCun ('Xavier' "
            "in the lecture) and DBN pre-training. Sets the sidebar's activation to sigmoid."
        ),
        "tr_inits": "Initializers to train (1–5)",
        "tr_inits_help": (
            "The same architecture is trained once per initializer. 'RBM pre-training (DBN)' "
            "first trains the hidden layers one at a time as RBMs on the training images (no "
            "labels), then fine-tunes the whole network with labels like the others."
        ),
        "tr_data": "Data",
        "tr_data_digits": "Digits 8×8 (built in)",
        "tr_data_mnist": "MNIST 28×28 (10,000 images, downloaded once)",
        "tr_net": "Network",
        "tr_net_tab": "{layers} (this tab's default)",
        "tr_net_sidebar": "Sidebar: {layers}",
        "tr_net_help": (
            "This tab starts with 4 hidden layers of 100 units, deep enough for the lecture's "
            "story and small enough that the default comparison trains in a few seconds. Pick "
            "'Sidebar' to train the layers set in the sidebar instead. The activation is "
            "always the sidebar's."
        ),
        "tr_epochs": "Epochs",
        "tr_optimizer": "Optimizer",
        "tr_opt_sgd": "SGD",
        "tr_opt_momentum": "SGD + momentum",
        "tr_opt_adam": "Adam",
        "tr_lr": "Learning rate",
        "tr_lr_help": "Above 0, at most 10. Changing the optimizer sets its usual value.",
        "tr_batch": "Batch size",
        "tr_dbn_epochs": "DBN pre-training epochs",
        "tr_dbn_epochs_help": "RBM epochs per hidden layer, before fine-tuning.",
        "tr_arch": (
            "Network {sizes} · hidden activation {activation} · {optimizer}, learning rate "
            "{lr:g}, batch {batch} · {epochs} epochs · {data}: {n_train:,} training and "
            "{n_val:,} validation images · seed {seed}"
        ),
        "tr_dbn_note": (
            "The DBN run always has **sigmoid** hidden units, whatever the sidebar says: an "
            "RBM's hidden units turn on with probability sigmoid(W·v + b), and those weights "
            "only mean the same thing in a sigmoid network."
        ),
        "tr_train": "Train",
        "tr_stop": "Stop",
        "tr_stop_help": "Stop now and keep what was learned so far.",
        "tr_estimate": "{n} of {total} runs to train, about {seconds:.0f} s.",
        "tr_all_cached": "All {total} runs are trained for these settings (served from the cache).",
        "tr_click_train": "Click **Train** to train the selected initializers with these settings.",
        "tr_old_results": (
            "The results below are for earlier settings. Click **Train** to train with the "
            "current ones."
        ),
        "tr_missing": "Not trained yet with these settings: {runs}. Click **Train**.",
        "tr_progress": "Run {i} of {n} · {label} · epoch {epoch}/{epochs}",
        "tr_progress_pre": (
            "Run {i} of {n} · {label} · pre-training RBM {layer}/{layers}, epoch {epoch}/{epochs}"
        ),
        "tr_progress_start": "Run {i} of {n} · {label} · starting",
        "tr_stopped": (
            "Training was stopped during “{label}”. The charts show what was learned until "
            "then; click **Train** to run the unfinished runs again."
        ),
        "tr_run_stopped": "{label}: stopped after {epochs} of {total} epochs.",
        "tr_run_stopped_pre": "{label}: stopped during pre-training, before fine-tuning.",
        "tr_run_diverged": "{label}: diverged in epoch {epoch} (the loss became {reason}).",
        "tr_reason_nonfinite": "NaN or infinite",
        "tr_reason_exploded": "more than 1000 times its starting value",
        "tr_invalid": "These settings can't be trained",
        "tr_invalid_keep": "Showing the last results until this is fixed.",
        "tr_need_inits": "Pick at least one initializer to train (at most {most}).",
        "tr_mnist_loading": "Loading MNIST (downloaded once, 11 MB)…",
        "tr_mnist_failed": "MNIST is not available: {error} Training on the built-in digits instead.",
        "tr_curves_title": "Loss and accuracy while training",
        "tr_curves_caption": (
            "Dashed: training set; solid: validation set (held out, never trained on). Epoch 0 "
            "is the initialization. A flat line at the grey 'chance' level means the network "
            "learned nothing."
        ),
        "tr_table_title": "Results",
        "tr_col_run": "initializer",
        "tr_col_activation": "activation",
        "tr_col_epochs_run": "epochs",
        "tr_col_train_accuracy": "train accuracy",
        "tr_col_val_accuracy": "validation accuracy",
        "tr_col_best_val_accuracy": "best validation",
        "tr_col_train_loss": "train loss",
        "tr_col_val_loss": "validation loss",
        "tr_col_distinct_units_1": "distinct units, layer 1",
        "tr_col_stopped": "stopped",
        "tr_col_diverged": "diverged",
        "tr_col_diverged_epoch": "diverged in epoch",
        "tr_col_seconds": "seconds",
        "tr_grad_title": "Gradient reaching each layer, epoch by epoch",
        "tr_grad_caption": (
            "Colour: the norm of the loss gradient ‖∂L/∂z‖ at each layer's pre-activation on a "
            "fixed batch of 256 training images (log scale, shared by all panels); 'out' is the "
            "output layer. Grey cells are exactly zero: no gradient reaches that layer, so its "
            "weights never change."
        ),
        "tr_sym_title": "Why zeros fail: every hidden unit stays a copy of the others",
        "tr_sym_caption": (
            "Rows are hidden units of layer 1 (the first {units}), columns their incoming "
            "weights from the input pixels, after training. From zeros every unit receives the "
            "same gradient, so the rows stay identical (or, with ReLU, exactly zero: a zero "
            "weight passes no gradient back); from a random start each unit learns its own "
            "feature."
        ),
        "tr_sym_panel": "{label}, after {epochs} epochs",
        "tr_sym_distinct": "{label}: {n} distinct of {units} units",
        "tr_distinct_title": "Distinct hidden units per layer",
        "tr_distinct_caption": (
            "Units with identical incoming weights and bias count once. Zero initialization "
            "keeps 1 distinct unit per layer for ever: a 100-unit layer works like a single "
            "unit. Runs whose units are all distinct lie on top of each other at the top."
        ),
        "tr_sym_hint": "Add “Zeros” to the initializers to see the symmetry they never break.",
        # --- end training tab ---
        # --- rbm and dbn tabs (explorer/ui/rbm_view.py, dbn_view.py) ---
        # --- end rbm and dbn tabs ---
    }
}

_LANG = "en"


def t(key: str, **fmt) -> str:
    """The string for ``key`` in the current language, formatted with ``fmt``.

    Parameters
    ----------
    key : str
        A key of ``TEXTS["en"]``.
    **fmt
        Values for ``str.format``.

    Returns
    -------
    str
    """
    s = TEXTS.get(_LANG, TEXTS["en"]).get(key) or TEXTS["en"][key]
    return s.format(**fmt) if fmt else s
