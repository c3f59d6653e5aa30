"""The Map tab's chart: the edge-of-chaos map (:func:`edge_map_chart`).

Drawn from the tidy frames of :func:`explorer.analysis.map_frames.map_frames` (duck-typed:
the attributes of :class:`~explorer.analysis.map_frames.MapFrames`), a pure
``frames -> chart`` function tested through ``to_dict()``:

* a heatmap of ``σ_w`` (log axis) × hidden layer, coloured by decade bands of the gradient
  relative to the output layer (or of the activation std) on a colour-blind-safe
  blue–orange diverging scale: white where the signal stays within ``10×``, blue where it
  vanishes, orange where it explodes; cells where overflow or exact zeros stop the
  measurement have their own colours and legend entries;
* the edge of chaos of mean-field theory (``χ₁ = 1``, solid) and the measured one (where the
  gradient's per-layer factor crosses 1, dashed), and the layer at which the theory puts a
  ``10×`` change of the gradient norm (dotted);
* above it, a strip with every initializer at its effective ``σ_w`` (Okabe–Ito markers,
  labels staggered so they do not overlap), and an arrow with the value for those off the
  scale (zeros at 0, N(0, 1) at ``0.01·√width`` × 100).

Every word comes from ``words`` (English :data:`MAP_WORDS` by default; the app passes its
translations), so a Korean chart has no English left.

References
----------
.. [1] Poole et al. (2016) and Schoenholz et al. (2017): the map and its theory, cited in full
   in :mod:`explorer.engine.meanfield`.
.. [2] Okabe, Ito (2008). Color universal design (the markers' palette).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt

from explorer.analysis.charts.base import (
    LABEL_FONT,
    OKABE_ITO,
    VegaLiteSpec,
    _records,
    _stroke_legend,
    finish,
)

__all__ = ["BANDS", "MAP_WORDS", "MARKER_FONT", "band_labels", "edge_map_chart"]

#: Decade thresholds of the colour bands, in log10 of the ratio (or of the std).
BANDS = (-8, -4, -2, -1, 1, 2, 4, 8)
#: ColorBrewer Blues and Oranges around a near-white middle: a diverging scale that stays
#: apart for deuteranopes and protanopes (blue vs orange) and in grayscale (light middle).
_BAND_COLORS = (
    "#08519c",
    "#3182bd",
    "#6baed6",
    "#c6dbef",
    "#f7f7f7",
    "#fdd0a2",
    "#fd8d3c",
    "#d94801",
    "#8c2d04",
)
_ZERO_COLOR = OKABE_ITO[4]  # reddish purple: neither blue nor orange
_OVERFLOW_COLOR = "#000000"
#: Font size of the initializers' labels (the presentation look scales it with the rest).
MARKER_FONT = LABEL_FONT + 1

#: The chart's words in English, by key; the app passes its translations as ``words``.
MAP_WORDS = {
    "x_title": "weight scale σ_w   (W ~ N(0, σ_w²/n), log scale)",
    "y_title": "hidden layer (1 = next to the input)",
    "legend_gradient": "‖∂L/∂z‖ ÷ ‖∂L/∂z‖ at the output",
    "legend_activation": "activation std",
    "center_gradient": "within 10× (survives)",
    "center_activation": "0.1 – 10 (keeps its scale)",
    "zero": "exactly 0 (underflow or dead units)",
    "overflow": "overflow (inf or NaN)",
    "lines": "lines",
    "crit_theory": "edge of chaos, theory (χ₁ = 1)",
    "crit_measured": "edge of chaos, measured",
    "decade": "theory: gradient 10× smaller or larger",
    "off_left": "← {label}: σ_w = {value}",
    "off_right": "{label}: σ_w = {value} →",
    "tip_sigma": "σ_w",
    "tip_layer": "layer",
    "tip_ratio": "ratio to the output",
    "tip_std": "activation std",
    "tip_init": "initializer",
}


def _w(words: Mapping[str, str] | None, key: str) -> str:
    return (words or {}).get(key) or MAP_WORDS[key]


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power(k: int) -> str:
    """``10^k`` as text: ``1``, ``10``, ``100``, then ``10⁴``; ``0.1``, ``0.01``, ``10⁻⁴``."""
    if 0 <= k <= 2:
        return str(10**k)
    if -2 <= k < 0:
        return f"{10.0**k:g}"
    return "10" + str(k).translate(_SUPERSCRIPT)


def band_labels(quantity: str, words: Mapping[str, str] | None = None) -> list[str]:
    """The legend entries of the colour bands, lowest first.

    Parameters
    ----------
    quantity : {"gradient", "activation"}
    words : mapping, optional
        Translations of :data:`MAP_WORDS` (``center_<quantity>``).

    Returns
    -------
    list of str
        ``len(BANDS) + 1`` labels, e.g. ``"< 10⁻⁸"``, ``"10⁻⁸ – 10⁻⁴"``, ...,
        ``"within 10× (survives)"``, ..., ``"> 10⁸"``.
    """
    out = [f"< {_power(BANDS[0])}"]
    for k in range(len(BANDS) - 1):
        a, b = BANDS[k], BANDS[k + 1]
        if (a, b) == (-1, 1):
            out.append(_w(words, f"center_{quantity}"))
        else:
            out.append(f"{_power(a)} – {_power(b)}")
    out.append(f"> {_power(BANDS[-1])}")
    return out


def _sigma_ticks(lo: float, hi: float) -> list[float]:
    """Powers of two inside the axis (at most 10 of them), else 1-2-5 decades."""
    twos = [2.0**k for k in range(math.ceil(math.log2(lo)), math.floor(math.log2(hi)) + 1)]
    if 2 <= len(twos) <= 10:
        return twos
    out = []
    for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
        out += [m * 10.0**e for m in (1, 2, 5) if lo <= m * 10.0**e <= hi]
    return out


def _layer_ticks(depth: int) -> list[int]:
    step = 1 if depth <= 10 else 5 if depth <= 30 else 10
    return sorted({1, *range(step, depth + 1, step)})


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def _band_color(quantity: str, words) -> alt.Color:
    """The cells' colour: the decade bands, then the zero and overflow cells."""
    names = band_labels(quantity, words)
    specials = [_w(words, "zero"), _w(words, "overflow")]
    return alt.Color(
        "band:N",
        title=_w(words, f"legend_{quantity}"),
        scale=alt.Scale(
            domain=names[::-1] + specials,
            range=list(_BAND_COLORS[::-1]) + [_ZERO_COLOR, _OVERFLOW_COLOR],
        ),
        legend=alt.Legend(
            orient="right",
            labelLimit=320,
            titleLimit=360,
            symbolType="square",
            symbolSize=220,
            symbolStrokeColor="#888888",
            symbolStrokeWidth=0.6,
        ),
    )


def _cells(frames, x_scale: alt.Scale, words) -> alt.Chart:
    """The heatmap: one rectangle per (layer, σ_w)."""
    lo, hi = frames.domain
    depth = frames.depth
    x_axis = alt.Axis(values=_sigma_ticks(lo, hi), format="~g", labelFlush=False, grid=False)
    tip_value = "tip_ratio" if frames.quantity == "gradient" else "tip_std"
    return (
        alt.Chart(_named("cells"))
        .mark_rect(stroke=None)
        .encode(
            x=alt.X("lo:Q", scale=x_scale, axis=x_axis, title=_w(words, "x_title")),
            x2="hi:Q",
            y=alt.Y(
                "y0:Q",
                scale=alt.Scale(domain=[0.5, depth + 0.5], nice=False, zero=False),
                axis=alt.Axis(values=_layer_ticks(depth), format="d", grid=False),
                title=_w(words, "y_title"),
            ),
            y2="y1:Q",
            color=_band_color(frames.quantity, words),
            tooltip=[
                alt.Tooltip("sigma:Q", title=_w(words, "tip_sigma"), format=".3g"),
                alt.Tooltip("layer:Q", title=_w(words, "tip_layer")),
                alt.Tooltip("shown:Q", title=_w(words, tip_value), format=".3~e"),
                alt.Tooltip("band:N", title=_w(words, f"legend_{frames.quantity}")),
            ],
        )
    )


def _lines(frames, x_scale: alt.Scale, words) -> list:
    """The initializers' dotted rules through the map, the theory's 10× curve and the
    edges, each line on a white halo."""
    drawn = set(frames.rules["line"]) | set(frames.curve["line"])
    lines = [
        (_w(words, k), d)
        for k, d in (("crit_theory", [1, 0]), ("crit_measured", [7, 4]), ("decade", [2, 3]))
        if _w(words, k) in drawn
    ]
    dash = alt.StrokeDash(
        "line:N",
        title=_w(words, "lines"),
        scale=alt.Scale(domain=[n for n, _ in lines], range=[d for _, d in lines]),
        legend=_stroke_legend(orient="bottom", direction="horizontal", symbolSize=500,
                              labelLimit=360),
    )  # fmt: skip
    layers = []
    # initializers in range: thin dotted rules through the map, in their marker's colour
    if (frames.markers["side"] == "in").any():
        layers.append(
            alt.Chart(_named("markers"))
            .transform_filter(alt.datum.side == "in")
            .mark_rule(strokeDash=[1, 3], strokeWidth=2, opacity=0.9)
            .encode(x="sigma:Q", color=alt.Color("color:N", scale=None, legend=None))
        )
    if not frames.curve.empty:
        xy = dict(x=alt.X("sigma:Q", scale=x_scale), y="layer:Q", detail="branch:N")
        base = alt.Chart(_named("curve"))
        layers.append(base.mark_line(clip=True, color="white", strokeWidth=5).encode(**xy))
        layers.append(
            base.mark_line(clip=True, color="black", strokeWidth=2.5).encode(**xy, strokeDash=dash)
        )
    if not frames.rules.empty:
        base = alt.Chart(_named("rules"))
        layers.append(base.mark_rule(color="white", strokeWidth=5).encode(x="sigma:Q"))
        layers.append(
            base.mark_rule(color="black", strokeWidth=2.5).encode(
                x="sigma:Q",
                strokeDash=dash,
                tooltip=[
                    alt.Tooltip("line:N", title=" "),
                    alt.Tooltip("sigma:Q", title=_w(words, "tip_sigma"), format=".4g"),
                ],
            )
        )
    return layers


def edge_map_chart(
    frames,
    words: Mapping[str, str] | None = None,
    title: str | None = None,
    subtitle: str | list[str] | None = None,
    width: int = 720,
    height: int = 380,
) -> VegaLiteSpec:
    """The map: heatmap, edge of chaos, the theory's 10× line, and the initializers.

    Parameters
    ----------
    frames : MapFrames
        From :func:`explorer.analysis.map_frames.map_frames` (with the same ``words`` and
        ``width``).
    words : mapping of str to str, optional
        Translations of :data:`MAP_WORDS`.
    title, subtitle : str, optional
    width, height : int
        Size of the heatmap in pixels; the initializers' strip sits above it.

    Returns
    -------
    VegaLiteSpec
        A vertical concatenation (a plain Vega-Lite dict): top, the initializer strip;
        bottom, the layered heatmap. One shared log ``σ_w`` axis, one legend for the colour
        bands (the special cells included) and one for the lines.
    """
    lo, hi = frames.domain
    x_scale = alt.Scale(type="log", domain=[lo, hi], nice=False)
    layers = [_cells(frames, x_scale, words), *_lines(frames, x_scale, words)]
    heat = alt.layer(*layers).properties(width=width, height=height)
    strip = _strip(frames, x_scale, words, width)
    chart = alt.vconcat(strip, heat, spacing=4).resolve_scale(x="shared", color="independent")
    # Altair deep-copies every row it is given (about a second for this chart's 2,000 cells):
    # it builds the spec around named datasets, and the rows are put in afterwards.
    spec = finish(chart, title, subtitle).to_dict(validate=False)
    spec["config"]["text"] = {"fontSize": MARKER_FONT}
    spec["datasets"] = {
        name: _records(df, list(df.columns))
        for name, df in (
            ("cells", frames.cells),
            ("curve", frames.curve),
            ("rules", frames.rules),
            ("markers", frames.markers),
        )
    }
    return VegaLiteSpec(spec)


def _strip(frames, x_scale: alt.Scale, words, width: int) -> alt.LayerChart:
    """The initializers above the map: markers, labels, arrows for those off the scale."""
    m = frames.markers
    rows = int(m["row"].max()) + 1 if not m.empty else 1
    y = alt.Y(
        "row:Q", scale=alt.Scale(domain=[-0.7, rows - 0.3], reverse=True, nice=False), axis=None
    )
    x = alt.X("sigma:Q", scale=x_scale, axis=None, title=None)
    tooltip = [
        alt.Tooltip("inits:N", title=_w(words, "tip_init")),
        alt.Tooltip("value:Q", title=_w(words, "tip_sigma"), format=".4g"),
    ]
    base = alt.Chart(_named("markers")).encode(x=x, y=y, tooltip=tooltip)
    inside = alt.datum.side == "in"
    points = (
        base.transform_filter(inside)
        .mark_point(shape="triangle-down", filled=True, size=170, opacity=1)
        .encode(color=alt.Color("color:N", scale=None, legend=None))
    )
    # no fontSize on the marks: config.text sets it, which the presentation look scales
    text_in = base.transform_filter(inside).mark_text(align="left", dx=9, fontWeight="bold")
    text_left = base.transform_filter(alt.datum.side == "left").mark_text(
        align="left", dx=2, fontWeight="bold"
    )
    text_right = base.transform_filter(alt.datum.side == "right").mark_text(
        align="right", dx=-2, fontWeight="bold"
    )
    texts = [
        t.encode(text="text:N", color=alt.value("#222222"))
        for t in (text_in, text_left, text_right)
    ]
    line = math.ceil(1.7 * MARKER_FONT * frames.font_scale)
    return alt.layer(points, *texts).properties(width=width, height=line * rows + 8)
