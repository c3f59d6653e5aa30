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
