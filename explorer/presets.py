"""Named starting points that reproduce a published figure or a claim of the lecture.

Each :class:`Preset` is data: a :class:`~explorer.config.SignalsConfig`, the initializers it
compares, where it comes from, and what the source reports, so the app can show the expected
result beside the live one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import InitSpec, SignalsConfig

__all__ = ["PRESETS", "Preset"]


@dataclass(frozen=True)
class Preset:
    """A named configuration and the initializers it compares.

    Attributes
    ----------
    key : str
        Short name (used in the URL).
    title : str
        Button label.
    source : str
        One line: where the setting comes from.
    expected : str
        What the source reports, to read beside the live charts.
    config : SignalsConfig
    compare : tuple of InitSpec
    """

    key: str
    title: str
    source: str
    expected: str
    config: SignalsConfig
    compare: tuple[InitSpec, ...]


def _spec(name, **params):
    return InitSpec.make(name, params)


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "cs231n",
            "CS231n: 10 tanh layers of 500, std 0.01 / 1.0 / Xavier",
            "Karpathy, CS231n (2016), lecture 5: input randn(1000, 500), 10 tanh layers of 500.",
            "std 0.01: layer stds 0.21, 0.048, 0.011, 0.0024 … collapse towards 0, and so do "
            "the gradients. std 1.0: almost every unit saturates at ±1 and local gradients "
            "vanish. Xavier (/√fan_in): stds stay between about 0.6 and 0.2 through all 10 "
            "layers.",
            SignalsConfig(
                data="gaussian",
                hidden=(500,) * 10,
                activation="tanh",
                init=_spec("normal", std=0.01),
                batch=1000,
                input_dim=500,
            ),
            (_spec("normal", std=0.01), _spec("normal", std=1.0), _spec("lecun_normal")),
        ),
        Preset(
            "glorot",
            "Glorot & Bengio: gradients by layer, standard vs normalized init",
            "Glorot & Bengio (2010), figure 7: back-propagated gradients of a 5-layer tanh net.",
            "Standard init U(±1/√n): the spread of the back-propagated gradients shrinks "
            "layer by layer towards the input. Normalized init (Xavier, ±√(6/(in+out))): it "
            "stays about the same in every layer.",
            SignalsConfig(activation="tanh", hidden=(1000,) * 5, init=_spec("xavier_uniform")),
            (_spec("standard_uniform"), _spec("xavier_uniform")),
        ),
        Preset(
            "relu10",
            "ReLU, 10 layers: Xavier vs He",
            "He et al. (2015), section 2.2: the ReLU variance recursion.",
            "Xavier (2/(in+out)) halves E[a²] at every ReLU layer: after 10 layers the "
            "activations are ~2⁻¹⁰ ≈ 0.001 of the first layer's. He (2/fan_in) keeps them "
            "level.",
            SignalsConfig(activation="relu", hidden=(256,) * 10, init=_spec("he_normal")),
            (_spec("xavier_normal"), _spec("he_normal")),
        ),
        Preset(
            "relu30",
            "ReLU, 30 layers: Xavier vs He",
            "He et al. (2015), figure 3: a 30-layer ReLU net stalls with Xavier, learns with He.",
            "With Xavier the signal shrinks by about 2⁻³⁰ ≈ 1e-9 in E[a²] over 30 layers; "
            "with He it stays level, so gradients reach the first layers.",
            SignalsConfig(activation="relu", hidden=(256,) * 30, init=_spec("he_normal")),
            (_spec("xavier_normal"), _spec("he_normal")),
        ),
        Preset(
            "lecture",
            "The lecture: zeros vs Xavier vs He",
            "The lecture notes (seed/): zeros, then Xavier (randn/√fan_in), then He "
            "(randn/√(fan_in/2)).",
            "Zeros: every hidden unit computes the same value (with ReLU, 0) and every "
            "hidden gradient is exactly 0, so nothing learns. The notes' Xavier (LeCun) shrinks a "
            "ReLU signal layer by layer; He keeps it level.",
            SignalsConfig(activation="relu", hidden=(256,) * 10, init=_spec("he_normal")),
            (
                _spec("zeros"),
                _spec("lecun_normal"),
                _spec("xavier_uniform"),
                _spec("he_normal"),
            ),
        ),
    )
}
