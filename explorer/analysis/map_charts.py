"""The edge-of-chaos map as a chart: tidy frames from a map result, and one Vega-Lite chart.

Scope: :func:`map_frames` turns a map result (duck-typed: the attributes of
:class:`explorer.services.maps.MapResult`) into small tidy frames — one row per cell, the
theory's lines, the initializers' markers — and :func:`edge_map_chart` draws them, a pure
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
.. [1] Poole, Lahiri, Raghu, Sohl-Dickstein, Ganguli (2016). Exponential expressivity in deep
   neural networks through transient chaos. NeurIPS.
.. [2] Schoenholz, Gilmer, Ganguli, Sohl-Dickstein (2017). Deep information propagation.
   ICLR.
.. [3] Okabe, Ito (2008). Color universal design (the markers' palette).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from explorer.analysis.charts import LABEL_FONT, OKABE_ITO, VegaLiteSpec, configure

__all__ = [
    "BANDS",
    "MAP_WORDS",
    "MapFrames",
    "band_labels",
    "edge_map_chart",
    "map_frames",
]

#: Cell codes of a map result (:class:`explorer.services.maps.CellKind`).
_OK, _ZERO, _OVERFLOW = 0, 1, 2
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
_MARKER_COLORS = tuple(OKABE_ITO[k] for k in (0, 1, 2, 4, 3, 5, 6))

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
    edges = list(BANDS)
    out = [f"< {_power(edges[0])}"]
    for a, b in itertools.pairwise(edges):
        if a == -1 and b == 1:
            out.append(_w(words, f"center_{quantity}"))
        else:
            out.append(f"{_power(a)} – {_power(b)}")
    out.append(f"> {_power(edges[-1])}")
    return out


@dataclass(frozen=True)
class MapFrames:
    """What :func:`edge_map_chart` draws.

    Attributes
    ----------
    cells : DataFrame
        One row per (layer, σ_w): ``lo, hi`` (the cell's σ_w edges), ``y0, y1`` (layer ±
        ½), ``layer``, ``sigma``, ``value`` (log10 of the ratio or of the std; NaN where not
        measured), ``shown`` (the number: ratio or std), ``band`` (the legend entry).
    curve : DataFrame
        The theory's 10× layer: ``sigma, layer, branch`` (``ordered`` / ``chaotic``),
        ``line``; empty for the activation quantity.
    rules : DataFrame
        Vertical lines: ``sigma, line`` for the theoretical and measured edges in range.
    markers : DataFrame
        One row per group of initializers at one ``σ_w``: ``sigma`` (clipped to the axis
        for those off the scale), ``value``, ``text``, ``side`` (``in``, ``left``,
        ``right``), ``row`` (label line), ``color``, ``inits`` (the names, for tooltips).
    domain : tuple of float
        The σ_w axis, from the first cell's lower edge to the last cell's upper edge.
    depth : int
    quantity : str
    font_scale : float
        The labels' size relative to :data:`MARKER_FONT` (the strip's lines follow it).
    """

    cells: pd.DataFrame
    curve: pd.DataFrame
    rules: pd.DataFrame
    markers: pd.DataFrame
    domain: tuple[float, float]
    depth: int
    quantity: str
    font_scale: float = 1.0


def _edges(sigma: np.ndarray) -> np.ndarray:
    """Cell edges on a log axis: geometric midpoints, half a step beyond the ends."""
    ls = np.log(sigma)
    if ls.size == 1:
        return np.exp([ls[0] - 0.05, ls[0] + 0.05])
    mid = (ls[:-1] + ls[1:]) / 2
    return np.exp(np.concatenate([[2 * ls[0] - mid[0]], mid, [2 * ls[-1] - mid[-1]]]))


#: Font size of the initializers' labels (the presentation look scales it with the rest).
MARKER_FONT = LABEL_FONT + 1


def _text_px(text: str, scale: float = 1.0) -> float:
    """Rough width of a label in pixels (wide glyphs for Hangul), bold at :data:`MARKER_FONT`
    times ``scale``."""
    size = MARKER_FONT * scale
    return sum(1.05 * size if ord(c) >= 0x1100 else 0.62 * size for c in text)


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def _markers(result, labels, words, domain, width, scale) -> pd.DataFrame:
    keys = list(result.inits)
    sig = np.asarray(result.init_sigma, dtype=float)
    groups: dict[float, list[str]] = {}  # σ_w -> keys; equal up to rounding: one marker
    for key, s in zip(keys, sig):
        near = next((g for g in groups if math.isclose(g, s, rel_tol=1e-9)), float(s))
        groups.setdefault(near, []).append(key)
    lo, hi = domain
    span = math.log(hi / lo)
    rows, ends = [], []
    for n, (s, members) in enumerate(sorted(groups.items())):
        names = list(dict.fromkeys((labels or {}).get(k, k) for k in members))
        label = " · ".join(names)
        if s < lo:
            side, pos, text = "left", lo, _w(words, "off_left").format(label=label, value=_fmt(s))
        elif s > hi:
            side, pos, text = "right", hi, _w(words, "off_right").format(label=label, value=_fmt(s))
        else:
            side, pos, text = "in", s, label
        rows.append(
            {
                "sigma": pos,
                "value": s,
                "text": text,
                "side": side,
                "color": _MARKER_COLORS[n % len(_MARKER_COLORS)],
                "inits": label,
            }
        )
    # stagger the labels: each goes on the first line where it clears the previous label
    placed = []
    for r in sorted(rows, key=lambda r: (r["side"] != "left", r["sigma"])):
        px = _text_px(r["text"], scale) + 16
        x = width * math.log(r["sigma"] / lo) / span if span > 0 else 0.0
        start = x - px if r["side"] == "right" else x - 6
        end = x if r["side"] == "right" else x + px
        line = next((i for i, e in enumerate(ends) if e < start), None)
        if line is None:
            ends.append(end)
            line = len(ends) - 1
        else:
            ends[line] = end
        placed.append({**r, "row": line})
    cols = ["sigma", "value", "text", "side", "row", "color", "inits"]
    return pd.DataFrame(placed, columns=cols)


def map_frames(
    result,
    quantity: str = "gradient",
    labels: Mapping[str, str] | None = None,
    words: Mapping[str, str] | None = None,
    width: int = 720,
    font_scale: float = 1.0,
) -> MapFrames:
    """Tidy frames of a map result, for :func:`edge_map_chart`.

    Parameters
    ----------
    result : MapResult
        Duck-typed :class:`explorer.services.maps.MapResult`: ``sigma_w`` (n,),
        ``grad_log10``, ``act_std``, ``grad_kind``, ``act_kind`` (depth, n),
        ``sigma_crit_measured``, ``theory`` (``sigma_w``, ``decade_layer``, ``sigma_crit``),
        ``inits``, ``init_sigma``.
    quantity : {"gradient", "activation"}
        The colour: ``log10 ‖∂L/∂z_l‖/‖∂L/∂z_out‖`` or ``log10 std(a_l)``.
    labels : mapping of str to str, optional
        Initializer key -> the short name to show (same names at one σ_w are shown once).
    words : mapping of str to str, optional
        Translations of :data:`MAP_WORDS`.
    width : int
        The chart's width in pixels, to stagger the markers' labels.
    font_scale : float
        How much larger the labels will be drawn (1.5 in the presentation look), so that
        they are staggered for the size they will have.

    Returns
    -------
    MapFrames
    """
    if quantity not in ("gradient", "activation"):
        raise ValueError(f"quantity must be 'gradient' or 'activation', got {quantity!r}")
    sigma = np.asarray(result.sigma_w, dtype=float)
    if quantity == "gradient":
        value, kind = np.asarray(result.grad_log10, float), np.asarray(result.grad_kind)
        shown = 10.0 ** np.where(kind == _OK, value, 0.0)
    else:
        std, kind = np.asarray(result.act_std, float), np.asarray(result.act_kind)
        shown = np.where(kind == _OK, std, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.log10(np.where(kind == _OK, std, 1.0))
    depth, n = value.shape
    edges = _edges(sigma)
    names = band_labels(quantity, words)
    band_index = np.searchsorted(np.asarray(BANDS, float), np.nan_to_num(value), side="right")
    band = np.array(names, dtype=object)[band_index]
    band = np.where(kind == _ZERO, _w(words, "zero"), band)
    band = np.where(kind == _OVERFLOW, _w(words, "overflow"), band)
    layer = np.repeat(np.arange(1, depth + 1), n)
    cells = pd.DataFrame(
        {
            "lo": np.tile(edges[:-1], depth),
            "hi": np.tile(edges[1:], depth),
            "y0": layer - 0.5,
            "y1": layer + 0.56,  # a little over the next row: no hairline seams between rows
            "layer": layer,
            "sigma": np.tile(sigma, depth),
            "value": np.where(kind == _OK, value, np.nan).ravel(),
            "shown": np.where(kind == _OK, shown, np.nan).ravel(),
            "band": band.ravel(),
        }
    )
    domain = (float(edges[0]), float(edges[-1]))
    th = result.theory
    curve = pd.DataFrame(columns=["sigma", "layer", "branch", "line"])
    if quantity == "gradient":
        s = np.asarray(th.sigma_w, float)
        lay = np.asarray(th.decade_layer, float)
        crit = th.sigma_crit if math.isfinite(th.sigma_crit) else math.inf
        keep = np.isfinite(lay)
        curve = pd.DataFrame(
            {
                "sigma": s[keep],
                # far below the map the line leaves it; cap it so the data stay finite
                "layer": np.maximum(lay[keep], -float(depth)),
                "branch": np.where(s[keep] < crit, "ordered", "chaotic"),
                "line": _w(words, "decade"),
            }
        )
    rules = [
        {"sigma": float(v), "line": _w(words, key)}
        for v, key in (
            (th.sigma_crit, "crit_theory"),
            (result.sigma_crit_measured, "crit_measured"),
        )
        if math.isfinite(v) and domain[0] <= v <= domain[1]
    ]
    rules = pd.DataFrame(rules, columns=["sigma", "line"])
    markers = _markers(result, labels, words, domain, width, font_scale)
    return MapFrames(cells, curve, rules, markers, domain, depth, quantity, font_scale)


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


def edge_map_chart(
    frames: MapFrames,
    words: Mapping[str, str] | None = None,
    title: str | None = None,
    subtitle: str | list[str] | None = None,
    width: int = 720,
    height: int = 380,
):
    """The map: heatmap, edge of chaos, the theory's 10× line, and the initializers.

    Parameters
    ----------
    frames : MapFrames
        From :func:`map_frames` (with the same ``words`` and ``width``).
    words : mapping of str to str, optional
        Translations of :data:`MAP_WORDS`.
    title, subtitle : str, optional
    width, height : int
        Size of the heatmap in pixels; the initializers' strip sits above it.

    Returns
    -------
    VegaLiteSpec
        A vertical concatenation (a plain Vega-Lite dict): top, the initializer strip;
        bottom, the layered heatmap. One shared log ``σ_w``
        axis, one legend for the colour bands (the special cells included) and one for the
        lines.
    """
    lo, hi = frames.domain
    depth = frames.depth
    x_scale = alt.Scale(type="log", domain=[lo, hi], nice=False)
    x_axis = alt.Axis(values=_sigma_ticks(lo, hi), format="~g", labelFlush=False, grid=False)
    names = band_labels(frames.quantity, words)
    specials = [_w(words, "zero"), _w(words, "overflow")]
    color = alt.Color(
        "band:N",
        title=_w(words, f"legend_{frames.quantity}"),
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
    tip_value = "tip_ratio" if frames.quantity == "gradient" else "tip_std"
    cells = (
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
            color=color,
            tooltip=[
                alt.Tooltip("sigma:Q", title=_w(words, "tip_sigma"), format=".3g"),
                alt.Tooltip("layer:Q", title=_w(words, "tip_layer")),
                alt.Tooltip("shown:Q", title=_w(words, tip_value), format=".3~e"),
                alt.Tooltip("band:N", title=_w(words, f"legend_{frames.quantity}")),
            ],
        )
    )
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
        legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="stroke",
                          symbolSize=500, symbolStrokeWidth=2.5, labelLimit=360),
    )  # fmt: skip
    layers = [cells]
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
    heat = alt.layer(*layers).properties(width=width, height=height)
    strip = _strip(frames, x_scale, words, width)
    chart = alt.vconcat(strip, heat, spacing=4).resolve_scale(x="shared", color="independent")
    if title or subtitle:
        chart = chart.properties(
            title=alt.TitleParams(title or " ", subtitle=subtitle) if subtitle else title
        )
    # Altair deep-copies every row it is given (about a second for this chart's 2,000 cells):
    # it builds the spec around named datasets, and the rows are put in afterwards.
    spec = configure(chart).to_dict(validate=False)
    spec["config"]["text"] = {"fontSize": MARKER_FONT}
    spec["datasets"] = {
        name: _rows(getattr(frames, name)) for name in ("cells", "curve", "rules", "markers")
    }
    return VegaLiteSpec(spec)


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def _rows(df: pd.DataFrame) -> list[dict]:
    """A frame as Vega-Lite records: plain Python values, NaN as null."""
    out = df.astype(object).where(df.notna(), None)
    return out.to_dict("records")


def _strip(frames: MapFrames, x_scale, words, width: int):
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
