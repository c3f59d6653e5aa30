"""Every user-facing string of the app, in one place, looked up by key.

``t("key", **fmt)`` returns the string for the current language, formatted. English is the
reference language: every key must exist there; a test walks the keys.
"""

from __future__ import annotations

from contextvars import ContextVar

from .texts_ko import KO as _KO

__all__ = ["LANGUAGES", "TEXTS", "err_text", "get_lang", "set_lang", "t"]

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "Initialization explorer",
        "app_title": "Initialization explorer",
        "app_subtitle": "Why deep networks fail to learn, and how initialization fixes it",
        "app_caption": (
            "Pick a network and an initializer in the sidebar. Every chart is computed live "
            "from one forward and one backward pass at initialization."
        ),
        "tab_lesson": "Lesson",
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
        "sb_present": "Present",
        "sb_present_help": "Large fonts and thick lines, readable from the back of a room.",
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
        # --- lesson tab (explorer/ui/lesson.py) ---
        # --- end lesson tab ---
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
        "rbm_intro": (
            "A **restricted Boltzmann machine** (Hinton 2006) has two layers and one weight "
            "matrix W. Forward, the image v turns hidden units h on (*encode*: p(h | v) = "
            "sigmoid(b_h + vW)); backward, the **same** weights rebuild the image from h "
            "(*decode*: p(v | h) = sigmoid(b_v + hWᵀ)). Training (contrastive divergence) "
            "adjusts W until the rebuilt image matches the input. No labels are used."
        ),
        "rbm_data": "Data",
        "rbm_data_help": (
            "Choosing a data set loads settings that train in seconds on it. MNIST is "
            "downloaded once (11 MB); its first 6,000 images are used."
        ),
        "rbm_bars": "Image size (bars and stripes)",
        "rbm_bars_help": "Side of the square binary images, 2–8.",
        "rbm_hidden": "Hidden units",
        "rbm_hidden_help": "1–1000. Each hidden unit learns one filter (a column of W).",
        "rbm_epochs": "Epochs",
        "rbm_epochs_help": "Passes over the training images, 1–200.",
        "rbm_lr": "Learning rate",
        "rbm_lr_help": "In (0, 1]. Hinton's guide: about 0.01–0.1 for these data.",
        "rbm_batch": "Batch size",
        "rbm_batch_help": "Images per weight update, 1–1000.",
        "rbm_cd": "Training",
        "rbm_cd_cd": "CD-k",
        "rbm_cd_pcd": "Persistent CD",
        "rbm_cd_help": (
            "CD-k starts each negative phase at the data and runs k Gibbs steps; persistent "
            "CD (Tieleman 2008) keeps its chains running from one batch to the next."
        ),
        "rbm_k": "Gibbs steps k",
        "rbm_k_help": "Gibbs steps per update, 1–25.",
        "rbm_wd": "Weight decay",
        "rbm_wd_help": "L2 penalty on W, 0–0.01 (the guide suggests 0.0001–0.001).",
        "rbm_error_title": "Cannot train with these settings",
        "rbm_train": "Train",
        "rbm_stop": "Stop",
        "rbm_stop_help": "Stop training and keep what was learned so far.",
        "rbm_press_train": "Press **Train** to train an RBM with these settings.",
        "rbm_progress_start": "Training: 0 of {epochs} epochs",
        "rbm_progress": "Training: epoch {epoch} of {epochs} ({seconds:.1f} s)",
        "rbm_mnist_unavailable": "MNIST is not available: {message} Training on the built-in digits instead.",
        "rbm_cached": "Shown from this session's earlier run with the same settings (not retrained).",
        "rbm_stopped_early": "Training was stopped before the first epoch finished: nothing to show yet.",
        "rbm_stopped": (
            "Stopped after epoch {epoch} of {epochs}: showing what the RBM learned so far. "
            "Press **Train** to train again."
        ),
        "rbm_settings_changed": (
            "The settings above have changed since this run. Press **Train** to train with them."
        ),
        "rbm_run_caption": (
            "{data} ({shape} pixels): {n_train} training and {n_val} held-out images, "
            "{hidden} hidden units, {method} (k = {k}), {epochs_run} of {epochs} epochs in "
            "{seconds:.1f} s, seed {seed}."
        ),
        "rbm_recon_title": "Held-out images and their reconstructions",
        "rbm_originals": "Held-out images (never trained on)",
        "rbm_recons": "Reconstructions: up to h with W, back down with the same W",
        "rbm_recon_caption": (
            "Each reconstruction sits at the same place as its original: "
            "p(v | h) with h = p(h | v). Pixels are drawn as blocks, not smoothed."
        ),
        "rbm_curves_title": "Learning curves",
        "rbm_curves_chart": "Per epoch: reconstruction error and free energy",
        "rbm_gap_note": (
            "Free-energy gap = mean free energy of held-out images − that of as many training "
            "images. Low free energy means the model finds an image likely: **a gap that keeps "
            "growing means the RBM prefers the images it was trained on over new ones — it is "
            "overfitting.**"
        ),
        "rbm_filters_title": "Learned filters",
        "rbm_filters_caption": (
            "{n} of {total} columns of W as images: grey = 0, white = positive, black = "
            "negative weight (each filter scaled to its own largest |w|)."
        ),
        "rbm_samples_title": "Gibbs samples (fantasies)",
        "rbm_samples_caption": (
            "What the model generates: {steps} alternating Gibbs steps v → h → v from random "
            "noise, then p(v | h)."
        ),
        "rbm_upload_title": "Your own image",
        "rbm_upload_label": "Upload a PNG or JPEG (up to 5 MB)",
        "rbm_upload_help": (
            "It is converted to the data set's size and style (grey, bright ink on a dark "
            "background) and sent up and back down through the RBM."
        ),
        "rbm_upload_caption": (
            "A drawing of a digit works best: dark ink on white paper is inverted automatically."
        ),
        "rbm_upload_kept": "Still showing your last valid image, {name}.",
        "rbm_upload_yours": "Your image, {name}, as the RBM sees it",
        "rbm_upload_recon": "Its reconstruction",
        "dbn_intro": (
            "A **deep belief net** (Hinton, Osindero & Teh 2006) is pre-trained greedily: an RBM "
            "learns the images (no labels), the next RBM learns the hidden activities of the "
            "one below, and so on, one pair of adjacent layers at a time. Their weights then "
            "initialize a sigmoid network that is **fine-tuned with labels** by "
            "back-propagation. Below, the same network is also fine-tuned from the lecture's "
            "small random start N(0, 0.01²) with the same data split, seed, optimizer and epochs."
        ),
        "dbn_data": "Data",
        "dbn_layers": "Hidden layers (units, comma-separated)",
        "dbn_layers_help": "1–6 layers of 1–500 units, e.g. 100, 100, 100, 100.",
        "dbn_xavier": "Also fine-tune from Xavier (Glorot normal)",
        "dbn_xavier_help": (
            "A third start for comparison: the 2010 formula that made pre-training unnecessary "
            "for tanh and ReLU networks."
        ),
        "dbn_pre_header": "Pre-training (RBMs, no labels)",
        "dbn_pre_epochs": "Epochs per layer",
        "dbn_pre_lr": "RBM learning rate",
        "dbn_pre_batch": "RBM batch size",
        "dbn_k": "Gibbs steps k (CD-k)",
        "dbn_ft_header": "Fine-tuning (with labels)",
        "dbn_ft_epochs": "Fine-tuning epochs",
        "dbn_ft_lr": "Fine-tuning learning rate",
        "dbn_ft_batch": "Fine-tuning batch size",
        "dbn_opt": "Optimizer",
        "dbn_error_title": "Cannot train with these settings",
        "dbn_train": "Train",
        "dbn_stop": "Stop",
        "dbn_stop_help": "Stop and keep what was learned so far.",
        "dbn_press_train": (
            "Press **Train** to pre-train the DBN and fine-tune it beside the random start."
        ),
        "dbn_progress_start": "Pre-training…",
        "dbn_progress_pre": "Pre-training layer {layer} of {layers}, epoch {epoch} of {epochs}",
        "dbn_progress_ft": "Fine-tuning {run}: epoch {epoch} of {epochs}",
        "dbn_mnist_unavailable": "MNIST is not available: {message} Training on the built-in digits instead.",
        "dbn_cached": "Shown from this session's earlier run with the same settings (not retrained).",
        "dbn_stopped_early": "Stopped before the first epoch finished: nothing to show yet.",
        "dbn_stopped_pre": (
            "Stopped during pre-training ({layers} of {total} layers started): showing the "
            "layers learned so far. Fine-tuning needs every layer; press **Train** to run again."
        ),
        "dbn_stopped_ft": (
            "Stopped during fine-tuning: showing the epochs run so far. Press **Train** to run "
            "again."
        ),
        "dbn_settings_changed": (
            "The settings above have changed since this run. Press **Train** to train with them."
        ),
        "dbn_run_caption": (
            "{data}: {n_train} training images (pre-training uses them without labels) and "
            "{n_val} validation images; network {sizes}, sigmoid; {pre_epochs} pre-training "
            "epochs per layer, {ft_epochs} fine-tuning epochs ({optimizer}, learning rate "
            "{lr:g}); {seconds:.1f} s, seed {seed}."
        ),
        "dbn_layers_title": "What each layer remembers",
        "dbn_input": "Validation images",
        "dbn_through": "Up {k} layer(s) and back down",
        "dbn_layers_caption": (
            "Each image is sent up through k layers (hidden probabilities) and back down "
            "through the same weights to the pixels: what the top of a k-layer stack keeps of it."
        ),
        "dbn_pre_chart": "Pre-training: each RBM's reconstruction error of its own input",
        "dbn_pre_caption": (
            "Layer 1 reconstructs pixels; layer k > 1 reconstructs the hidden activities of "
            "layer k − 1, so the layers' errors are not on the same footing."
        ),
        "dbn_ft_title": "Fine-tuning with labels: pre-trained vs random start",
        "dbn_ft_chart": "Same network, same data, same optimizer: only the start differs",
        "dbn_run_dbn": "RBM pre-training (DBN)",
        "dbn_run_normal": "random N(0, 0.01²)",
        "dbn_run_xavier": "Xavier (Glorot normal)",
        "dbn_delta": "{points:+.1f} points vs N(0, 0.01²)",
        "dbn_metric_help": "Validation accuracy after {epochs} fine-tuning epochs.",
        "dbn_no_finetune": "Fine-tuning has not run yet.",
        "dbn_claim": (
            "**The lecture's claim, measured:** after the same fine-tuning, the pre-trained "
            "{layers}-hidden-layer sigmoid network is **{points:+.1f} points** more accurate on "
            "the validation images than the one started from N(0, 0.01²)."
        ),
        "dbn_ft_caption": (
            "Solid: validation, dashed: training. From N(0, 0.01²) every sigmoid layer "
            "multiplies the input-dependent part of the signal, and the gradient on its way "
            "back, by about 0.01 × √100 units × 0.25 (the sigmoid's slope) ≈ 0.025, so the "
            "first layers get almost no gradient and the network stays near chance. The pre-trained "
            "weights already extract features, so back-propagation only has to adjust them. "
            "With sigmoid units, even Xavier's start learns slowly here; the Training tab shows "
            "it with tanh and ReLU."
        ),
        # --- end rbm and dbn tabs ---
    }
}

# The frame, sidebar and Signals strings in Korean live in texts_ko.py; each tab's Korean
# strings sit in TEXTS["ko"] above, beside its English section.
TEXTS.setdefault("ko", {}).update(_KO)

LANGUAGES = {"en": "English", "ko": "한국어"}
# Per script run: Streamlit runs each session's script in its own thread, and a ContextVar
# set at the top of the run is seen by everything the run calls (cached functions included).
_LANG: ContextVar[str] = ContextVar("lang", default="en")


def set_lang(lang: str) -> str:
    """Use ``lang`` for this script run; unknown codes fall back to English.

    Parameters
    ----------
    lang : str
        A key of :data:`LANGUAGES`.

    Returns
    -------
    str
        The language now in use.
    """
    lang = lang if lang in LANGUAGES else "en"
    _LANG.set(lang)
    return lang


def get_lang() -> str:
    """The language of this script run."""
    return _LANG.get()


def err_text(error: Exception) -> str:
    """An error's message in the current language.

    Parameters
    ----------
    error : Exception
        A :class:`explorer.config.ConfigError` carries ``key`` and ``params``; the message
        ``err_<key>`` is used when the current language has it, else the error's own text.

    Returns
    -------
    str
    """
    key = getattr(error, "key", None)
    if key and f"err_{key}" in TEXTS.get(_LANG.get(), {}):
        return t(f"err_{key}", **getattr(error, "params", {}))
    return str(error)


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
    s = TEXTS.get(_LANG.get(), {}).get(key) or TEXTS["en"][key]
    return s.format(**fmt) if fmt else s
