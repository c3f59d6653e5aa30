"""The edge-of-chaos map as tidy frames, for :func:`explorer.analysis.charts.edge_map_chart`.

Scope: :func:`map_frames` turns a map result (duck-typed: the attributes of
:class:`explorer.services.maps.MapResult`) into small tidy frames — one row per cell, the
theory's lines, the initializers' markers with their labels staggered for the chart's width
and font — held in one :class:`MapFrames`. Every word comes from ``words`` (English
:data:`explorer.analysis.charts.MAP_WORDS` by default; the app passes its translations).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.analysis.charts import BANDS, DISTINCT_COLORS, MAP_WORDS, MARKER_FONT, band_labels

__all__ = ["MapFrames", "map_frames"]

#: Cell codes of a map result (:class:`explorer.services.maps.CellKind`).
_OK, _ZERO, _OVERFLOW = 0, 1, 2


@dataclass(frozen=True)
class MapFrames:
    """What :func:`explorer.analysis.charts.edge_map_chart` draws.

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
        The labels' size relative to :data:`~explorer.analysis.charts.MARKER_FONT` (the
        strip's lines follow it).
    """

    cells: pd.DataFrame
    curve: pd.DataFrame
    rules: pd.DataFrame
    markers: pd.DataFrame
    domain: tuple[float, float]
    depth: int
    quantity: str
    font_scale: float = 1.0


def _words(words: Mapping[str, str] | None) -> dict[str, str]:
    """:data:`MAP_WORDS` with the caller's translations over them."""
    return {k: (words or {}).get(k) or v for k, v in MAP_WORDS.items()}


def _edges(sigma: np.ndarray) -> np.ndarray:
    """Cell edges on a log axis: geometric midpoints, half a step beyond the ends."""
    ls = np.log(sigma)
    if ls.size == 1:
        return np.exp([ls[0] - 0.05, ls[0] + 0.05])
    mid = (ls[:-1] + ls[1:]) / 2
    return np.exp(np.concatenate([[2 * ls[0] - mid[0]], mid, [2 * ls[-1] - mid[-1]]]))


def _text_px(text: str, scale: float = 1.0) -> float:
    """Rough width of a label in pixels (wide glyphs for Hangul), bold at
    :data:`~explorer.analysis.charts.MARKER_FONT` times ``scale``."""
    size = MARKER_FONT * scale
    return sum(1.05 * size if ord(c) >= 0x1100 else 0.62 * size for c in text)


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def _marker_rows(result, labels, w, domain) -> list[dict]:
    """One row per group of initializers at one σ_w (equal up to rounding: one marker)."""
    groups: dict[float, list[str]] = {}
    for key, s in zip(result.inits, np.asarray(result.init_sigma, dtype=float)):
        near = next((g for g in groups if math.isclose(g, s, rel_tol=1e-9)), float(s))
        groups.setdefault(near, []).append(key)
    lo, hi = domain
    rows = []
    for n, (s, members) in enumerate(sorted(groups.items())):
        names = list(dict.fromkeys((labels or {}).get(k, k) for k in members))
        label = " · ".join(names)
        if s < lo:
            side, pos, text = "left", lo, w["off_left"].format(label=label, value=_fmt(s))
        elif s > hi:
            side, pos, text = "right", hi, w["off_right"].format(label=label, value=_fmt(s))
        else:
            side, pos, text = "in", s, label
        color = DISTINCT_COLORS[n % len(DISTINCT_COLORS)]
        rows.append(
            {"sigma": pos, "value": s, "text": text, "side": side, "color": color, "inits": label}
        )
    return rows


def _markers(result, labels, w, domain, width, scale) -> pd.DataFrame:
    rows = _marker_rows(result, labels, w, domain)
    lo, hi = domain
    span = math.log(hi / lo)
    # stagger the labels: each goes on the first line where it clears the previous label
    placed, ends = [], []
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


def _cells(result, quantity: str, w) -> tuple[pd.DataFrame, tuple[float, float], int]:
    """The heatmap's cells, the σ_w axis and the depth."""
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
    names = band_labels(quantity, w)
    band_index = np.searchsorted(np.asarray(BANDS, float), np.nan_to_num(value), side="right")
    band = np.array(names, dtype=object)[band_index]
    band = np.where(kind == _ZERO, w["zero"], band)
    band = np.where(kind == _OVERFLOW, w["overflow"], band)
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
    return cells, (float(edges[0]), float(edges[-1])), depth


def _theory_lines(result, quantity: str, w, domain, depth: int):
    """The theory's 10× curve (gradient only) and the vertical edges in range."""
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
                "line": w["decade"],
            }
        )
    rules = [
        {"sigma": float(v), "line": w[key]}
        for v, key in (
            (th.sigma_crit, "crit_theory"),
            (result.sigma_crit_measured, "crit_measured"),
        )
        if math.isfinite(v) and domain[0] <= v <= domain[1]
    ]
    return curve, pd.DataFrame(rules, columns=["sigma", "line"])


def map_frames(
    result,
    quantity: str = "gradient",
    labels: Mapping[str, str] | None = None,
    words: Mapping[str, str] | None = None,
    width: int = 720,
    font_scale: float = 1.0,
) -> MapFrames:
    """Tidy frames of a map result, for :func:`explorer.analysis.charts.edge_map_chart`.

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
        Translations of :data:`~explorer.analysis.charts.MAP_WORDS`.
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
    w = _words(words)
    cells, domain, depth = _cells(result, quantity, w)
    curve, rules = _theory_lines(result, quantity, w, domain, depth)
    markers = _markers(result, labels, w, domain, width, font_scale)
    return MapFrames(cells, curve, rules, markers, domain, depth, quantity, font_scale)
