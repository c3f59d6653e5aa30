"""Every English string of the app, by key (the reference language: every key is here).

Technical names and formulas are written as the papers write them.
"""

EN = {
    "page_title": "Initialization explorer",
    "app_title": "Initialization explorer",
    "app_subtitle": "Why deep networks fail to learn, and how initialization fixes it",
    "app_caption": (
        "Pick a network and an initializer in the sidebar. Every chart is computed live: "
        "the Signals tab's from one forward and one backward pass at initialization, the "
        "other tabs' by training."
    ),
    "tab_lesson": "Lesson",
    "tab_signals": "Signals",
    "tab_training": "Training",
    "tab_rbm": "RBM",
    "tab_dbn": "DBN",
    # sidebar
    "sb_data": "Input data",
    "sb_data_help": (
        "The batch traced through the network: handwritten digits (8×8, 1,797 images), "
        "Gaussian noise randn(n, d) as in CS231n's demo, or 4×4 binary bars and stripes."
    ),
    "data_digits": "Digits 8×8",
    "data_gaussian": "Gaussian noise",
    "data_bars_stripes": "Bars and stripes",
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
    "sb_train_presets_caption": "Training from a paper: opens the Training tab; press Train there.",
    "url_ignored": "Some values in this link could not be used and were replaced by defaults:\n{lines}",
    "url_dismiss": "Dismiss",
    "sb_for_signals": "Every setting below shapes the Signals tab.",
    "sb_for_training": (
        "The Training tab uses this activation and seed, and these hidden layers when you pick "
        "“the sidebar's network” there."
    ),
    "sb_for_rbm": "The RBM tab has its own settings; it takes only the seed from here.",
    "sb_for_dbn": "The DBN tab has its own settings; it takes only the seed from here.",
    "sb_for_lesson": "Each step of the lesson sets its own network; “Try it” loads it here.",
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
    "batch_capped": "Batch {asked} asked, but {data} has {rows} rows: all {rows} are traced.",
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
    "theory_method_exact": "exact for this activation",
    "theory_method_quadrature": "expectations by numerical integration",
    "theory_method_linear": "a linear approximation",
    "sig_theory": "What the dashed line assumes",
    "theory_assumes": (
        "The dashed line is the variance recursion of Glorot & Bengio (2010) and He et al. "
        "(2015): the average over random weights, not one draw. It assumes that every layer "
        "is wide, so that its pre-activations z are Gaussian; and, on the way back, that "
        "the gradients are independent of the forward pass. Layer by layer:"
    ),
    "theory_relu": (
        "For ReLU both expectations are exact for a Gaussian z: E[a²] = Var[z] / 2 (half of "
        "the inputs are cut to 0) and E[f′(z)²] = ½ (He et al. 2015)."
    ),
    "theory_leaky_relu": (
        "For leaky ReLU (slope α = 0.01 below 0) both expectations are exact for a Gaussian "
        "z: E[a²] = (1 + α²)·Var[z] / 2 and E[f′(z)²] = (1 + α²) / 2."
    ),
    "theory_linear": "For the identity both are exact: E[a²] = Var[z] and E[f′(z)²] = 1.",
    "theory_quadrature": (
        "For {act} there is no closed form: E[f(z)²] and E[f′(z)²] over the Gaussian z are "
        "computed numerically (Gaussian quadrature, the mean-field approximation). A narrow "
        "layer's z is not quite Gaussian, so one network can sit away from the line."
    ),
    "theory_linear_approx": (
        "For {act} the function is replaced by its slope at 0 (the regime Glorot & Bengio "
        "analysed): valid only while Var[z] is small."
    ),
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
    # the Signals presets' panel (explorer.services.presets.Preset.claims, checked live)
    "sp_title": "Preset: {title}",
    "sp_live": "Live result (seed {seed})",
    "sp_col_run": "Initializer",
    "sp_col_claim": "Quantity",
    "sp_col_source": "Source",
    "sp_col_accepted": "Accepted",
    "sp_col_live": "Live",
    "sp_col_verdict": "Verdict",
    "sp_ok": "✓ matches",
    "sp_bad": "✗ does not match",
    "sp_m_act_std": "layer {layer} activation std",
    "sp_m_saturated_min": "share of |a| > 0.99 in the least saturated layer",
    "sp_m_ea2_ratio": "E[a²] of layer {last} / layer 1",
    "sp_m_grad_ratio": "‖∂L/∂z‖ of layer 1 / layer {last}",
    "sp_m_grad_step_max": "largest ‖∂L/∂z‖ of a layer / the next layer's",
    "sp_m_grad_max": "largest hidden ‖∂L/∂z‖",
    "sp_m_act_std_max": "largest hidden activation std (0: all units alike)",
    "sp_src_saturated_min": "almost all",
    "sp_acc_exactly": "exactly {value}",
    "sp_acc_atleast": "≥ {low}",
    "sp_acc_atmost": "≤ {high}",
    "sp_acc_between": "{low}–{high}",
    "sp_match": "**Matches the source** at this seed: every claim holds.",
    "sp_nomatch": "**Does not match the source** at this seed: {n} of {total} claims fail.",
    "sp_changed": (
        "The settings differ from the preset's, so the source's result no longer applies. "
        "Load it again from “{presets}” to compare."
    ),
    "sp_rule_cs231n": (
        "How the ranges follow from the source: layers 1–4 within ±10 % of the quoted stds "
        "(0.213, 0.048, 0.011, 0.0024); the six-decimal stds of layers 5–10 and Xavier's "
        "0.628 and 0.226 within their rounding (half a unit of the last digit), widened by "
        "5 % for the draw (one draw varies by about 1 %). Each layer scales ∂L/∂z by "
        "√500 · 0.01 ≈ 0.22, so layer 1's gradient is 0.22⁹ of layer 10's, within ×/÷ 2. "
        "With std 1, z has std ≈ √500 ≈ 22 and about 91 % of the values pass |a| > 0.99; "
        "“almost every unit” is read as at least 80 %."
    ),
    "sp_rule_glorot": (
        "How the ranges follow from the source: with the standard init n · Var[W] = 1/3, so "
        "‖∂L/∂z‖ falls by √(1/3) per layer, (1/3)² ≈ 0.11 over 4 layers; accepted within "
        "×/÷ 2, and smaller at every layer. With the normalized init n · Var[W] = 1; "
        "“about the same” is read as within ×/÷ 1.5."
    ),
    "sp_rule_relu10": (
        "How the ranges follow from the source: E[a²] is multiplied by ½ per layer with "
        "Xavier and by 1 with He, in expectation. One network of width 256 drifts from "
        "that by a log-standard-deviation of about √(5/256) ≈ 0.14 per layer; the "
        "accepted range is 3 of those over the 9 layers: ×/÷ 3.5."
    ),
    "sp_rule_relu30": (
        "How the ranges follow from the source: E[a²] and the squared gradient are "
        "multiplied by ½ per layer with Xavier and by 1 with He, in expectation. One "
        "network of width 256 drifts from that by a log-standard-deviation of about "
        "√(5/256) ≈ 0.14 per layer; the accepted range is 3 of those over the 29 layers: "
        "×/÷ 9.6 for E[a²], ×/÷ 3.1 for the gradient norm (a square root)."
    ),
    "sp_rule_lecture": (
        "How the ranges follow from the source: zeros must give exactly 0. E[a²] is "
        "multiplied by ½ per ReLU layer with either Xavier (from layer 2 on both have "
        "Var[W] = 1/256) and by 1 with He; accepted within ×/÷ 3.5, 3 "
        "log-standard-deviations (√(5/256) ≈ 0.14 per layer) of one width-256 network "
        "over 9 layers."
    ),
    "error_title": "That configuration can't be computed",
    # --- lesson tab (explorer/ui/lesson.py) ---
    "ls_intro": (
        "The lecture's argument, one claim per step, each computed live on a small network. "
        "Walk through it with the arrow buttons or the step bar; **Try it** opens the full "
        "tab with the step's settings."
    ),
    "ls_jump": "Go to step",
    "ls_step_of": "Step {n} of {total}",
    "ls_back": "← {title}",
    "ls_back_none": "← Back",
    "ls_next": "{title} →",
    "ls_next_none": "Next →",
    "ls_bad_step": (
        "This link asks for step “{value}”, but the lesson has steps 1–{total}. Starting at step 1."
    ),
    "ls_computing": "Computing this step (the first time only)…",
    "ls_try": "Try it in the {tab} tab",
    "ls_try_help": "Loads this step's settings and opens the {tab} tab, where you can change them.",
    "ls_try_signals": (
        "Sets the sidebar to this network and opens the Signals tab's compare view with the "
        "same initializers."
    ),
    "ls_try_training": (
        "Sets the network, activation and initializers, and opens the Training tab: press "
        "**Train** there."
    ),
    "ls_try_rbm": (
        "Opens the RBM tab, which trains an RBM with its own settings ({hidden} hidden "
        "units, {epochs} epochs): press **Train** there, or try your own image."
    ),
    "ls_try_dbn": (
        "Opens the DBN tab with this network and these epochs: press **Train** there, or "
        "make the network deeper."
    ),
    "ls_try_preset": "Train it: {title}",
    "ls_try_preset_caption": (
        "Opens the {tab} tab with the paper's 30-layer set-up scaled to seconds; press "
        "**Train** there to see the expected result beside the live one."
    ),
    "ls_dl_svg": "SVG",
    "ls_dl_png": "PNG",
    "ls_dl_csv": "CSV",
    "ls_dl_image": "PNG",
    "ls_dl_svg_help": "Download this chart as SVG: vector graphics, sharp at any size and editable.",
    "ls_dl_png_help": "Download this chart as PNG at twice the screen resolution, for slides.",
    "ls_dl_csv_help": "Download this table as CSV (UTF-8).",
    "ls_dl_csv_bins": "CSV: histogram bins",
    "ls_dl_csv_bins_help": "Download every histogram's bins (activations and gradients, per layer) as CSV (UTF-8).",
    "ls_dl_image_help": "Download this picture as PNG, pixel for pixel.",
    "ls_profile_caption": (
        "Left: how widely each hidden layer's activations spread (standard deviation). "
        "Right: how large the gradient ∂L/∂z is that back-propagation delivers to each "
        "layer; the last point is the output layer. Layer 1 is next to the input. Both "
        "value axes are logarithmic: equal steps are equal factors."
    ),
    "ls_theory_caption": (
        "Dashed: the layer-by-layer variance recursion's prediction; solid: measured."
    ),
    "ls_exact_zero": "0 (exactly)",
    "ls_of": "{n} of {total}",
    "ls_m_grad": "Gradient at the start",
    "ls_m_grad_help": "The largest ‖∂L/∂z‖ of any hidden layer before the first update.",
    "ls_m_distinct": "Distinct units",
    "ls_m_distinct_help": (
        "After training, in the hidden layer with the fewest: units with identical "
        "incoming weights and bias count once."
    ),
    "ls_m_acc": "Accuracy",
    "ls_m_acc_help": "Validation accuracy after {epochs} epochs (chance: 10 %).",
    "ls_curves_chart": "Training for {epochs} epochs: loss and accuracy",
    "ls_col_run": "initializer",
    "ls_col_std": "sd (formula)",
    "ls_col_sample_std": "sd (this draw)",
    "ls_col_limit": "limit |w| ≤",
    "ls_col_val_accuracy": "validation accuracy",
    "ls_col_best_val_accuracy": "best validation accuracy",
    "ls_col_distinct_units_1": "distinct units, layer 1",
    # step 1
    "ls_sigmoid_short": "Sigmoid",
    "ls_sigmoid_title": "A deep sigmoid network: the gradient fades layer by layer",
    "ls_sigmoid_body": (
        "Ten sigmoid layers of 128 units, given one batch of handwritten digits before any "
        "training. On its way back, the gradient is multiplied at every layer by the "
        "weights and by the sigmoid's slope, which is never more than ¼. From small random "
        "weights N(0, 0.01²), and even from the √fan_in scaling the lecture later calls "
        "Xavier, the gradient that reaches layer 1 is a million times or more smaller than "
        "at the output: the layers nearest the input hardly learn."
    ),
    "ls_sigmoid_chart": "Ten sigmoid layers at initialization",
    # step 2
    "ls_relu_short": "ReLU",
    "ls_relu_title": "ReLU helps, but the initial weights still decide",
    "ls_relu_body": (
        "ReLU's slope is 1 wherever a unit is on, so the activation no longer shrinks the "
        "gradient. The weights still multiply the signal at every layer, though: starting "
        "from N(0, 0.01²) it shrinks about twelvefold per layer and vanishes, from N(0, 1) "
        "it grows about eightfold per layer and explodes. Weights scaled to the layer's "
        "width for ReLU (He, step 7) keep it level. Same network, same data: only the "
        "initial weights differ."
    ),
    "ls_relu_chart": "Ten ReLU layers at initialization: the weights' scale decides",
    # step 3
    "ls_zeros_short": "Zeros",
    "ls_zeros_title": "All-zero weights: nothing is learned",
    "ls_zeros_body": (
        "What if every weight starts at 0? Every ReLU unit then outputs 0, and "
        "back-propagation multiplies by those zero weights on the way back, so the "
        "gradient reaching every hidden layer is exactly 0: no hidden weight ever changes "
        "and the accuracy stays at chance. And because the units of a layer start equal "
        "and would get equal updates, they stay copies of one another: a layer of 32 "
        "units works like a single unit. Any random start breaks this symmetry."
    ),
    "ls_zeros_grads": "Gradient reaching each layer, epoch by epoch (grey: exactly 0)",
    "ls_zeros_caption": (
        "Same network (3 hidden ReLU layers of 32 units), same data split, same minibatches: "
        "only the initial weights differ. In the lower chart each row is a layer (‘out’ is "
        "the output layer) and each column an epoch."
    ),
    # step 4
    "ls_rbm_short": "RBM",
    "ls_rbm_title": "Hinton (2006): an RBM learns to encode and to reconstruct",
    "ls_rbm_body": (
        "Hinton's 2006 answer: find good starting weights first, without labels. A "
        "restricted Boltzmann machine is just two layers joined by one weight matrix W. "
        "An image goes up through W and switches hidden units on (encoding); the same W "
        "carries that pattern back down and redraws the image (decoding). Training nudges "
        "W until the redrawn images match the originals. Below: digits the RBM never saw, "
        "redrawn after 1 epoch and after 10."
    ),
    "ls_rbm_originals": "Held-out digits",
    "ls_rbm_after_1": "Redrawn after 1 epoch",
    "ls_rbm_after": "Redrawn after {epochs} epochs",
    "ls_rbm_caption": (
        "An RBM with {hidden} hidden units on the 8×8 digits: each picture is p(v | h) with "
        "h = p(h | v), up through W and back down through the same W. Pixels are drawn as "
        "blocks, not smoothed."
    ),
    "ls_rbm_chart": "Reconstruction error per epoch",
    # step 5
    "ls_dbn_short": "DBN",
    "ls_dbn_title": "Deep belief net: pre-train layer by layer, then fine-tune",
    "ls_dbn_body": (
        "A deep belief net stacks RBMs: the first learns the pixels, the second learns "
        "the first one's hidden activity, and so on, two neighbouring layers at a time and "
        "still without labels. Their weights become the starting point of an ordinary "
        "sigmoid network, which is then fine-tuned with labels by back-propagation. Same "
        "network, same data, same fine-tuning: from the pre-trained start it learns; from "
        "small random weights N(0, 0.01²) it stays at chance."
    ),
    "ls_dbn_run_dbn": "RBM pre-training (DBN)",
    "ls_dbn_run_normal": "random N(0, 0.01²)",
    "ls_dbn_m_dbn": "Validation accuracy, pre-trained",
    "ls_dbn_m_normal": "Validation accuracy, random start",
    "ls_dbn_chart": "Fine-tuning a sigmoid network with 3 hidden layers: pre-trained vs random",
    "ls_dbn_layers": "What the pre-trained stack keeps: digits sent up k layers and back down",
    "ls_dbn_input": "Validation digits",
    "ls_dbn_up": "Up {k} and back",
    "ls_dbn_caption": (
        "Solid: validation, dashed: training. The pictures show what each layer of the "
        "stack has learned to keep of an image, before any label was used."
    ),
    # step 6
    "ls_xavier_short": "Xavier",
    "ls_xavier_title": "Xavier/Glorot (2010): scale by the numbers of inputs and outputs",
    "ls_xavier_body": (
        "Next, the lecture says, a simple formula works about as well as pre-training: "
        "draw random weights whose spread depends on how many inputs and outputs the layer "
        "has. The lecture's code divides by √fan_in, which is strictly LeCun's rule "
        "(1998). Glorot and Bengio's paper uses the variance 2/(fan_in + fan_out), drawn "
        "from the uniform U(±√(6/(fan_in + fan_out))); libraries also offer it as a "
        "normal. prettytensor's truncated normal is close but not the same: it draws σ = "
        "√(3/(fan_in + fan_out)) and re-draws values beyond 2σ, so its variance is about "
        "2.32/(fan_in + fan_out) (an 8 % larger spread) and its values stop at "
        "±√(12/(fan_in + fan_out)), not at the uniform's ±√(6/…). Below, the first layer "
        "of a digits network drawn all four ways: the shapes differ; the three Glorot "
        "draws have nearly the same spread, the lecture's is wider (it ignores the 256 "
        "outputs); through ten tanh layers all four keep the signal alive."
    ),
    "ls_xavier_formulas": (
        "The first formula is the code the lecture labels ‘Xavier’. The next two are the "
        "paper's variance 2/(n_in + n_out) as a normal and as a uniform; the last is "
        "prettytensor's truncated normal, σ = √(3/(n_in + n_out)) with values beyond 2σ drawn "
        "again: variance about 2.32/(n_in + n_out), bounds ±√(12/(n_in + n_out))."
    ),
    "ls_xavier_chart": "One layer's initial weights ({fan_in} inputs → {fan_out} units), four ways",
    "ls_xavier_chart_profile": "Ten tanh layers at initialization",
    # step 7
    "ls_he_short": "He",
    "ls_he_title": "He (2015): ReLU needs twice the variance",
    "ls_he_body": (
        "ReLU sets about half of its inputs to zero, and that halves the signal's variance "
        "at every layer: Var[y_l] = ½ · n_l · Var[w_l] · Var[y_(l−1)]. With Xavier's "
        "Var[w] = 1/n (for equal widths) the factor is ½ per layer, so after 30 layers "
        "little is left of the signal or of the gradient. He et al. doubled the variance, "
        "Var[w] = 2/n, which is the lecture's randn / √(fan_in / 2): the factor becomes "
        "exactly 1 and the signal stays level through all 30 layers."
    ),
    "ls_he_chart": "Thirty ReLU layers at initialization: Xavier vs He",
    # step 8
    "ls_compare_short": "Compare",
    "ls_compare_title": "Try several, and keep the one that works best on your data",
    "ls_compare_body": (
        "No formula is best everywhere: the right start depends on the activation, the "
        "depth and the data, and it is still being researched. The lecture's practical "
        "advice: try a few candidates and keep the one that learns best on your data. Here "
        "a small ReLU network (3 × 32 units) trains on the digits for 10 epochs from five "
        "starts."
    ),
    # step 9, beyond the lecture
    "ls_beyond": "Beyond the lecture",
    "ls_map_short": "The map",
    "ls_map_title": "Beyond the lecture: the edge of chaos, with every initializer on it",
    "ls_map_body": (
        "The steps so far looked at one setting at a time. Here is the whole picture: the "
        "weight scale σ_w across, the layers up, and the colour says how much gradient is "
        "left at each layer. Mean-field theory (Poole et al. 2016; Schoenholz et al. 2017) "
        "predicts a narrow band where the gradient survives, the edge of chaos χ₁ = 1: "
        "below it gradients vanish, above it they explode. For tanh the edge is at σ_w = 1, "
        "where LeCun's and Xavier's formulas put their weights; for ReLU it is at √2, "
        "exactly He's."
    ),
    "ls_map_caption": (
        "Each column is a 30-layer network of 128 units traced once at that σ_w. White: the "
        "gradient stays within 10× of the output's; blue: it vanishes; orange: it explodes. "
        "The solid line is the theory's edge, the dotted one where it predicts a 10× change; "
        "the triangles above are the initializers."
    ),
    "ls_try_map": (
        "Opens the Map tab with the full map for ReLU (50 layers × 256 units): change the "
        "activation, the width or the range there, or open any initializer in Signals."
    ),
    # --- end lesson tab ---
    # --- training tab (explorer/ui/training.py) ---
    "tr_intro": (
        "Train the same network from several starting points and watch what the lecture "
        "claims: from **zeros** nothing is learned (accuracy stays at chance), **RBM "
        "pre-training (DBN)** rescues a deep sigmoid network, and the simple **Xavier** and "
        "**He** scalings do as well or better. Every run uses the same data split, "
        "minibatch order and seed; only the initial weights differ."
    ),
    "tr_presets": "Lecture and paper set-ups",
    "tr_presets_caption": (
        "**ReLU**: zeros stay at chance, while Xavier and He end ahead of DBN pre-training "
        "(which leads after the first epoch). **Sigmoid**: zeros and small random weights "
        "learn nothing; DBN pre-training rescues the deep sigmoid net, as in 2006. With "
        "plain SGD and 20 epochs the lecture's Xavier (√fan_in) does not get this deep "
        "sigmoid net going either. Glorot & Bengio (2010) saw why with the standard init "
        "U(±1/√n): the top hidden layer of a deep sigmoid net saturates at 0 and learns "
        "only slowly; they did not train sigmoid nets with their normalized init. Switch "
        "the optimizer to Adam to see it learn, or use ReLU, the lecture's other remedy."
    ),
    "tr_dbn_label": "RBM pre-training (DBN)",
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
        "This tab starts with a network of its own, 4 hidden layers of 64 units: deep enough "
        "for the lecture's story, small enough that the default comparison trains in a few "
        "seconds. Pick "
        "'Sidebar' to train the layers set in the sidebar instead. The activation is "
        "always the sidebar's."
    ),
    "tr_net_why": (
        "This tab starts with {tab} hidden layers so that the default comparison trains in "
        "a few seconds (about {secs_tab:.0f} s); the sidebar's {side} would take about "
        "{secs_side:.0f} s for the same runs."
    ),
    "tr_net_why_big": (
        "This tab starts with {tab} hidden layers so that the default comparison trains in "
        "a few seconds; the sidebar's {side} is too large to train here."
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
    "tr_click_train": "Click **Train** to train the selected initializers with these settings.",
    "tr_old_results": (
        "The results below are for earlier settings. Click **Train** to train with the "
        "current ones."
    ),
    "tr_missing": "Not trained yet with these settings: {runs}. Click **Train**.",
    "tr_stopped": (
        "Training was stopped ({runs}). The charts show what was learned until then; click "
        "**Train** to run the unfinished runs again."
    ),
    "tr_run_stopped": "{label}: stopped after {epochs} of {total} epochs.",
    "tr_run_stopped_pre": "{label}: stopped during pre-training, before fine-tuning.",
    "tr_run_diverged": "{label}: diverged in epoch {epoch} (the loss became {reason}).",
    "tr_reason_nonfinite": "NaN or infinite",
    "tr_reason_exploded": "more than 1000 times its starting value",
    "tr_invalid": "These settings can't be trained",
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
        "same gradient, so the rows stay identical (or exactly zero when f(0) = 0, as with "
        "ReLU or tanh: a zero weight passes no gradient back); from a random start each "
        "unit learns its own feature."
    ),
    "tr_sym_panel": "{label}, after {epochs} epochs",
    "tr_distinct_title": "Distinct hidden units per layer",
    "tr_distinct_caption": (
        "Units with identical incoming weights and bias count once. Zero initialization "
        "keeps 1 distinct unit per layer for ever: a whole layer works like a single "
        "unit. Runs whose units are all distinct lie on top of each other at the top."
    ),
    "tr_sym_hint": "Add “{label}” to the initializers to see the symmetry they never break.",
    # paper presets on this tab (explorer.services.presets.TRAIN_PRESETS; their title, source and
    # expected result are trp_<key>_title, _source, _expected, taken from the engine)
    "tr_pv_title": "Paper preset: {title}",
    "tr_pv_live": "Live result (seed {seed})",
    "tr_pv_run": (
        "**{label}**: validation accuracy **{acc:.0%}** after {epochs} epochs (loss "
        "{loss:.2f}): {observed}; the paper: {expected}."
    ),
    "tr_pv_learns": "learns",
    "tr_pv_stalls": "stalls at chance",
    "tr_pv_between": "neither stalls nor clearly learns",
    "tr_pv_diverged": "diverged",
    "tr_pv_grad": (
        "First layer's weight gradient at the start: {stall}'s is **{ratio:.1e}** × {learn}'s."
    ),
    "tr_pv_rule": (
        "A run *learns* at ≥ {learns:.0%} validation accuracy and *stalls* at ≤ "
        "{stalls:.0%} (chance is {chance:.0%})."
    ),
    "tr_pv_match": "**Matches the paper**: every run does what the source reports.",
    "tr_pv_nomatch": "**Does not match the paper** at this seed (see the runs above).",
    "tr_pv_incomplete": (
        "Not every run of the preset has finished: press **Train** to complete them."
    ),
    "tr_pv_pending": "Press **Train** to run the comparison (about {seconds:.0f} s).",
    "tr_pv_changed": (
        "The settings differ from the preset's, so its expected result does not apply. "
        "Load it again from “{presets}” to compare."
    ),
    # --- end training tab ---
    # --- rbm and dbn tabs (explorer/ui/rbm_view.py, dbn_view.py) ---
    "rbm_intro": (
        "A **restricted Boltzmann machine** (Smolensky 1986; the building block of Hinton's "
        "2006 deep belief nets) has two layers and one weight "
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
    "rbm_lr_help": (
        "In (0, 1]. Hinton's practical guide: choose it so that each update is about 1/1000 "
        "of the weights."
    ),
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
    "rbm_wd_help": "L2 penalty on W, 0–0.01 (the guide: typically 0.00001–0.01).",
    "rbm_error_title": "Cannot train with these settings",
    "rbm_train": "Train",
    "rbm_stop": "Stop",
    "rbm_stop_help": "Stop training and keep what was learned so far.",
    "rbm_press_train": "Press **Train** to train an RBM with these settings.",
    "rbm_mnist_unavailable": "MNIST is not available: {message} Training on the built-in digits instead.",
    "rbm_stopped_early": "Training was stopped before the first epoch finished: nothing to show yet.",
    "rbm_stopped": (
        "Stopped after epoch {epoch} of {epochs}: showing what the RBM learned so far. "
        "Press **Train** to train again."
    ),
    "rbm_settings_changed": (
        "The settings above have changed since this run. Press **Train** to train with them."
    ),
    "rbm_run_caption": (
        "{data}: {n_train} training and {n_val} held-out images of {shape} pixels; "
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
        "back-propagation. Below, the same network is also fine-tuned from a "
        "small random start N(0, 0.01²) with the same data split, seed, optimizer and epochs."
    ),
    "dbn_data": "Data",
    "dbn_layers": "Hidden layers (units, comma-separated)",
    "dbn_layers_help": "1–6 layers of 1–500 units, e.g. 100, 100, 100, 100.",
    "dbn_xavier": "Also fine-tune from Xavier (Glorot normal)",
    "dbn_xavier_help": (
        "A third start for comparison: Glorot & Bengio's 2010 formula, which closed much "
        "of the gap between tanh networks trained from random weights and pre-trained ones "
        "(for ReLU networks, He et al. 2015 doubled its variance)."
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
    "dbn_progress_pre": "Pre-training layer {layer} of {layers}, epoch {epoch} of {epochs}",
    "dbn_progress_ft": "Fine-tuning {run}: epoch {epoch} of {epochs}",
    "dbn_mnist_unavailable": "MNIST is not available: {message} Training on the built-in digits instead.",
    "dbn_stopped_early": "Stopped before the first epoch finished: nothing to show yet.",
    "dbn_stopped_pre": (
        "Stopped during pre-training ({layers} of {total} layers started): showing the "
        "layers learned so far. Fine-tuning needs every layer; press **Train** to run again."
    ),
    "dbn_stopped_ft": (
        "Stopped during fine-tuning: showing the epochs run so far. Press **Train** to run again."
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
    "dbn_through_1": "Up 1 layer and back",
    "dbn_through": "Up {k} layers and back",
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
        "With sigmoid units, even Xavier's start stays near chance at the default settings; "
        "the Training tab shows it learning with tanh and ReLU."
    ),
    # --- end rbm and dbn tabs ---
    # runs through the server's job service (Training, RBM and DBN tabs)
    "run_cached": "Shown from an earlier run with the same settings, by this session or another (not retrained).",
    "run_progress": "{done} of {total} done · {parts}",
    "run_running": "{label}: {where}",
    "run_starting": "{label}: starting",
    "run_queued_ahead": "{n} waiting, {ahead} runs of others ahead",
    "run_queued_next": "{n} waiting, next in line",
    "tr_where": "epoch {epoch} of {epochs}",
    "tr_where_pre": "pre-training layer {layer} of {layers}, epoch {epoch} of {epochs}",
    "tr_run_cancelled": "{label}: stopped before it started.",
    "tr_run_failed": "{label} failed: {error}",
    "rbm_run_label": "RBM ({hidden} hidden units)",
    "rbm_run_where": "epoch {epoch} of {epochs} ({seconds:.1f} s)",
    "dbn_run_label": "DBN ({layers} layers)",
    "sig_computing": "Tracing the network…",
    # errors (explorer.services.errors, explorer.engine.checks and the configs' own)
    "err_int_range": "{field} must be a whole number from {lo} to {hi}, got {got}.",
    "err_int_min": "{field} must be a whole number of at least {lo}, got {got}.",
    "err_float_range": "{field} must be a number in {interval}, got {got}.",
    "err_choice": "{field} must be one of {choices}, got {got}.",
    "err_init_param_form": "{init}: '{item}' is not of the form parameter=number.",
    "err_init_param_unknown": "{init} takes the parameters {allowed}, not {unknown}.",
    "err_layers_empty": "No hidden layers given. {help}",
    "err_layers_long": "The layer text is too long. {help}",
    "err_layers_gap": "Entry {i} is empty (two commas in a row?). {help}",
    "err_layers_nan": "'{part}' is not a whole number. {help}",
    "err_layers_range": "Width {w} is out of range. {help}",
    "err_layers_many": "{n} hidden layers is too many. {help}",
    "layers_help": (
        "Enter hidden-layer widths as whole numbers separated by commas, e.g. 256, 128, 128 "
        "(1–{most_layers} layers, each 1–{most_units} units)."
    ),
    "err_dbn_layers_empty": "No hidden layers given. {help_dbn}",
    "err_dbn_layers_long": "The layer text is too long. {help_dbn}",
    "err_dbn_layers_gap": "Entry {i} is empty (two commas in a row?). {help_dbn}",
    "err_dbn_layers_nan": "'{part}' is not a whole number. {help_dbn}",
    "err_dbn_layers_range": "A layer of {w} units is out of range. {help_dbn}",
    "err_dbn_layers_many": "{n} hidden layers is too many. {help_dbn}",
    "dbn_layers_help_text": (
        "Enter hidden-layer sizes as whole numbers separated by commas, e.g. 100, 100, 100, "
        "100 (1–{most_layers} layers, each 1–{most_units} units; the caps keep a run within "
        "about two minutes and its arrays under 250 MB, far below the app's 600 MB)."
    ),
    "err_upload_empty": "The file is empty. Upload a PNG or JPEG image.",
    "err_upload_bytes": "The file is {mb:g} MB; the limit is {limit:g} MB.",
    "err_upload_not_image": "This file is not an image. Upload a PNG or JPEG image.",
    "err_upload_format": "{kind} files are not supported. Upload a PNG or JPEG image.",
    "err_upload_corrupt": "The {kind} file is corrupt or truncated and cannot be read.",
    "err_upload_bomb": "The image has too many pixels; the limit is {limit:g} megapixels.",
    "err_upload_pixels": (
        "The image is {w}×{h} pixels ({mp:.3g} megapixels); the limit is {limit:g} megapixels."
    ),
    "err_upload_animated": "Animated images are not supported. Upload a still PNG or JPEG.",
    "err_upload_decode": "The image is too large to decode.",
    "err_memory": (
        "This network would need about {mb:,.0f} MB to record every layer (batch {batch} × "
        "{units:,} units, {dtype}); the limit is {limit} MB. Use fewer or narrower layers, a "
        "smaller batch, or float32."
    ),
    "err_memory_capped": (
        "This network would need about {mb:,.0f} MB to record every layer (batch {batch}: "
        "the {asked} asked for is cut to the data's {batch} rows × {units:,} units, {dtype}); "
        "the limit is {limit} MB. Use fewer or narrower layers, or float32."
    ),
    "err_tr_inits_count": "Pick 1 to {most} initializers to train; {n} are selected.",
    "err_tr_inits_twice": "Each initializer can be picked once.",
    "err_tr_init_type": "The initializer must be given by its name, got {got}.",
    "err_tr_params": (
        "This network has {n:,} weights and biases; training allows at most {most:,}. Use "
        "fewer or narrower hidden layers (e.g. 4 × 100 has {example:,})."
    ),
    "err_tr_memory": (
        "Training this network would need about {mb:,.0f} MB; the limit is {limit} MB. Use "
        "narrower layers or a smaller batch size."
    ),
    "err_tr_work_epochs": (
        "This run would take about {seconds:,.0f} s ({n:,} parameters × {rows:,} rows × "
        "{epochs} epochs); one run may take about {limit:.0f} s. Use at most {most} epochs "
        "for this network, or fewer or narrower layers."
    ),
    "err_tr_work_pretrain": (
        "This run would take about {seconds:,.0f} s ({n:,} parameters × {rows:,} rows × "
        "{epochs} epochs); one run may take about {limit:.0f} s. Use fewer DBN pre-training "
        "epochs, or fewer or narrower layers."
    ),
    "err_tr_work_layers": (
        "This run would take about {seconds:,.0f} s ({n:,} parameters × {rows:,} rows × "
        "{epochs} epochs); one run may take about {limit:.0f} s. Use fewer or narrower layers."
    ),
    "err_rbm_too_slow": (
        "This run would take about {seconds:.0f} s; the limit is {limit} s (so a run stays "
        "interactive on a small server). Use fewer epochs or hidden units, or a larger batch."
    ),
    "err_dbn_too_slow": (
        "This run would take about {seconds:.0f} s; the limit is {limit} s (so a run stays "
        "interactive on a small server). Use fewer epochs, layers or units."
    ),
    "field_seed": "The seed",
    "field_batch": "The batch size",
    "field_input_dim": "The input dimension",
    "field_bins": "The number of histogram bins",
    "field_data": "The input data",
    "field_dtype": "The precision",
    "field_hidden_layers": "The number of hidden layers",
    "field_hidden_width": "A layer's width",
    "field_activation": "The activation",
    "field_init": "The initializer",
    "field_optimizer": "The optimizer",
    "field_std": "The std σ",
    "field_limit": "The limit a",
    "field_gain": "The gain g",
    "field_tr_data": "The data",
    "field_tr_epochs": "Epochs",
    "field_tr_lr": "The learning rate",
    "field_tr_batch": "The batch size",
    "field_tr_dbn_epochs": "DBN pre-training epochs",
    "field_tr_dbn_lr": "The DBN learning rate",
    "field_tr_dbn_batch": "The DBN batch size",
    "field_rbm_data": "The data set",
    "field_rbm_bars_size": "The image size",
    "field_rbm_n_hidden": "Hidden units",
    "field_rbm_epochs": "Epochs",
    "field_rbm_lr": "The learning rate",
    "field_rbm_batch_size": "Batch size",
    "field_rbm_k": "CD steps k",
    "field_rbm_weight_decay": "Weight decay",
    "field_dbn_data": "The data set",
    "field_dbn_layers": "The number of hidden layers",
    "field_dbn_width": "A layer's size",
    "field_dbn_pre_epochs": "Pre-training epochs",
    "field_dbn_pre_lr": "The RBM learning rate",
    "field_dbn_pre_batch": "The RBM batch size",
    "field_dbn_k": "CD steps k",
    "field_dbn_ft_epochs": "Fine-tuning epochs",
    "field_dbn_ft_lr": "The fine-tuning learning rate",
    "field_dbn_ft_batch": "The fine-tuning batch size",
    "err_url_repeated": "given {n} times; the last value, {used}, is used.",
    "err_url_cmp_count": "compare takes 2 to 5 initializers separated by commas, got {n}.",
    "err_url_cmp_twice": "compare lists the same initializer twice.",
    "field_lang": "The language",
    "field_present": "Presentation mode",
    "field_tab": "The tab",
    "field_step": "The lesson's step",
    "field_mode": "The view",
    "field_switch": "A switch",
    "err_jobs_queue_full": (
        "{waiting} of your runs are waiting; at most {most} may wait at once. Wait for them "
        "to start, or press Stop."
    ),
    "err_jobs_too_big": (
        "This computation would need about {mb:,.0f} MB; the server runs jobs within "
        "{limit:,.0f} MB. Use a smaller configuration."
    ),
    "err_jobs_failed": "The computation failed: {reason}",
    # --- map tab (explorer/ui/tabs/map.py) ---
    "tab_map": "Map",
    "sb_for_map": "The Map tab has its own settings; it takes only the seed from here.",
    "map_intro": (
        "**Beyond the lecture: the edge-of-chaos map.** The weight scale σ_w across "
        "(W ~ N(0, σ_w²/n)), the layers up, and the colour says how much gradient is left at "
        "each layer. Each column is one network traced once, forward and backward, on the "
        "same batch with the same seed. Mean-field theory (Poole et al. 2016; Schoenholz et "
        "al. 2017) predicts where signals survive: a narrow band, the *edge of chaos*. "
        "Every initializer lands somewhere on it."
    ),
    "map_act": "Activation",
    "map_width": "Width (units per layer)",
    "map_width_help": "{lo} to {hi} units in every hidden layer; the Gaussian input has as many.",
    "map_depth": "Depth (hidden layers)",
    "map_depth_help": "{lo} to {hi} hidden layers.",
    "map_lo": "Smallest σ_w",
    "map_hi": "Largest σ_w",
    "map_range_help": "The map's σ_w axis: a log grid from the smallest to the largest value, both between {lo:g} and {hi:g}.",
    "map_sb": "Bias scale σ_b",
    "map_sb_help": "Biases ~ N(0, σ_b²), {lo:g} to {hi:g}. The lecture's networks have none (0). A bias moves the edge of chaos to larger σ_w.",
    "map_q": "Colour",
    "map_q_gradient": "Gradient left",
    "map_q_activation": "Activation std",
    "map_more": "More settings",
    "map_n": "Values of σ_w",
    "map_n_help": "Columns of the map, {lo} to {hi}; more take longer.",
    "map_batch": "Batch size",
    "map_dtype": "Precision",
    "map_dtype_help": (
        "float32 is about twice as fast. float64 keeps far smaller and larger values, so "
        "fewer cells end as “exactly 0” or “overflow”."
    ),
    "map_error_title": "This map can't be computed",
    "map_starting": "Starting the map…",
    "map_queued": "Waiting for the server: {ahead} computations ahead of this one",
    "map_progress": "Tracing the network at σ_w value {done} of {total}…",
    "map_stopped": "The computation was stopped. Change a setting, or reload the page, to compute it again.",
    "map_chart_title_gradient": "{act}: gradient left at each layer ({depth} layers × {width} units)",
    "map_chart_title_activation": "{act}: activation std at each layer ({depth} layers × {width} units)",
    "map_chart_subtitle": "One trace per column: batch {batch} of Gaussian inputs, {dtype}, σ_b = {sb:g}",
    "map_m_theory": "Edge of chaos, theory",
    "map_m_theory_help": "The σ_w where χ₁ = σ_w² E[φ′(√q* z)²] = 1, by quadrature (no sampling).",
    "map_m_measured": "Edge of chaos, measured",
    "map_m_measured_help": (
        "Where the gradient's factor per layer, fitted over the half of the network next to "
        "the output (where the forward signal has settled), crosses 1."
    ),
    "map_m_none": "none here",
    "map_m_he": "χ₁ with He",
    "map_m_lecun": "χ₁ with LeCun (= Xavier)",
    "map_m_chi_help": (
        "The factor by which the mean squared gradient changes per layer on its way to the "
        "input: below 1 it vanishes, above 1 it explodes, 1 is the edge."
    ),
    "map_edge_outside": (
        "For {act} with σ_b = {sb:g} the edge of chaos lies at σ_w ≈ {crit:.3g}, outside this "
        "map ({lo:g} – {hi:g}): widen the range to see it."
    ),
    "map_edge_none": (
        "For {act} with σ_b = {sb:g}, χ₁ stays on one side of 1 for every σ_w from 0.01 to "
        "1000: there is no edge of chaos to find."
    ),
    "map_caption_gradient": (
        "Colour: ‖∂L/∂z‖ at each hidden layer divided by the output layer's, in decades. "
        "Blue: the gradient has vanished on its way down; orange: it has exploded; white: it "
        "stays within 10× of the output's, the signal survives. Solid line: the theory's edge "
        "of chaos (χ₁ = 1); dashed: where the measured map crosses it; dotted: the layer at "
        "which the theory predicts a 10× change, 2·ln 10·|ξ∇| layers below the output. "
        "Purple cells are exactly 0 (the number underflowed, or the units died); black "
        "cells overflowed. Hover over a cell for its value."
    ),
    "map_caption_activation": (
        "Colour: the standard deviation of each hidden layer's activations. Blue: the signal "
        "shrinks toward 0 with depth; orange: it grows; white: it stays between 0.1 and 10. "
        "For tanh and the sigmoid, the chaotic side saturates (std near 1) instead of "
        "exploding: there the *gradient* view shows the explosion. Purple: exactly 0; black: "
        "overflow."
    ),
    "map_try_title": "Open an initializer in the Signals tab",
    "map_try_pick": "Initializer",
    "map_try_option": "{name} · σ_w = {sigma}",
    "map_try_button": "Open in Signals",
    "map_try_help": (
        "Loads this activation, network (Gaussian input of the same width), batch, precision "
        "and initializer into the sidebar and opens the Signals tab: the map's column at "
        "this σ_w, layer by layer."
    ),
    "map_table_title": "Every initializer on the map (width {width})",
    "map_col_init": "initializer",
    "map_col_sigma": "σ_w",
    "map_col_chi": "χ₁ (theory)",
    "map_col_phase": "phase",
    "map_col_layers": "layers per 10× of gradient",
    "map_phase_ordered": "ordered: gradients vanish",
    "map_phase_edge": "on the edge",
    "map_phase_chaotic": "chaotic: gradients explode",
    "map_phase_dead": "no signal at all",
    "map_table_caption": (
        "σ_w = the formula's standard deviation × √width, so that Var[W] = σ_w²/width: 0 for "
        "zeros, 0.01·√width for N(0, 0.01²), 1 for LeCun, √(2·n_in/(n_in+n_out)) = 1 for "
        "Xavier at equal widths, √2 for He. The last column is 2·ln 10/|ln χ₁|: how many "
        "layers it takes the gradient norm to change 10×."
    ),
    "map_theory_title": "The theory drawn on the map, and what it assumes",
    "map_assumptions": (
        "The lines come from mean-field theory, computed by Gaussian quadrature, with no "
        "sampling. It assumes:\n"
        "- **infinite width**: every pre-activation is a sum of many independent terms, so it "
        "is Gaussian, with a variance q that the layers pass on;\n"
        "- **independent Gaussian weights and biases**, W ~ N(0, σ_w²/n) and b ~ N(0, σ_b²), "
        "and a signal that has settled to the fixed point q* of the variance map;\n"
        "- **gradients independent of the forward pass**: the weights met on the way back are "
        "treated as fresh draws.\n\n"
        "At width 256 these hold well; near the input, before q has settled, and at small "
        "widths, the measurement departs from the lines."
    ),
    "map_theory_caption": (
        "q: the variance of the pre-activations; χ₁: the factor by which back-propagation "
        "multiplies the mean squared gradient per layer; ξ∇: the gradient's depth scale; "
        "Δl₁₀×: the layers over which the gradient norm changes 10×. L is the number of "
        "hidden layers; the output layer is L + 1."
    ),
    "map_refs": (
        "**References.** Poole, Lahiri, Raghu, Sohl-Dickstein, Ganguli (2016), *Exponential "
        "expressivity in deep neural networks through transient chaos*, NeurIPS (the variance "
        "map, q*, χ₁ and the order-to-chaos transition). Schoenholz, Gilmer, Ganguli, "
        "Sohl-Dickstein (2017), *Deep information propagation*, ICLR (gradients: "
        "ξ∇ = −1/ln χ₁; vanishing in the ordered phase, exploding in the chaotic one)."
    ),
    "map_init_zeros": "zeros",
    "map_init_standard_uniform": "U(±1/√n)",
    "map_init_lecun_normal": "LeCun",
    "map_init_lecun_uniform": "LeCun",
    "map_init_xavier_uniform": "Xavier",
    "map_init_xavier_normal": "Xavier",
    "map_init_xavier_truncated": "Xavier trunc.",
    "map_init_he_normal": "He",
    "map_init_he_uniform": "He",
    "map_init_orthogonal": "orthogonal",
    # the map's errors (explorer.services.maps) and settings (errors.FIELDS["map_*"])
    "err_map_range": (
        "The σ_w range is empty: the smallest σ_w ({lo:g}) must be below the largest ({hi:g})."
    ),
    "err_map_memory": (
        "This map would need about {mb:,.0f} MB to trace one network of {depth} layers × "
        "{width} units (batch {batch}, {dtype}); the limit is {limit} MB. Use fewer or "
        "narrower layers, a smaller batch, or float32."
    ),
    "err_map_work": (
        "This map is {factor:.1f} times the work of the default one (the limit is "
        "{limit:g} times): {n_sigma} values of σ_w × {depth} layers × width {width} × batch "
        "{batch}. Use a narrower network, fewer σ_w values or layers, or a smaller batch."
    ),
    "field_map_activation": "The activation",
    "field_map_width": "The width",
    "field_map_depth": "The depth",
    "field_map_sigma_lo": "The smallest σ_w",
    "field_map_sigma_hi": "The largest σ_w",
    "field_map_n_sigma": "The number of σ_w values",
    "field_map_sigma_b": "The bias scale σ_b",
    "field_map_batch": "The batch size",
    "field_map_seed": "The seed",
    "field_map_dtype": "The precision",
    "field_map_quantity": "The colour",
    # --- end map tab ---
}
