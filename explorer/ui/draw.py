"""Placing charts: one function every view uses, so every chart looks and exports alike."""

from __future__ import annotations

import streamlit as st

from .. import charts

__all__ = ["as_spec", "show_chart"]


def as_spec(chart) -> dict:
    """A Vega-Lite dict from an Altair chart (unvalidated: the builders are tested) or a dict."""
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def show_chart(chart, name: str | None = None) -> None:
    """Draw a chart, scaled up in presentation mode, with its download buttons.

    Parameters
    ----------
    chart : alt.Chart or dict
        An Altair chart or a Vega-Lite spec built by :mod:`explorer.charts`.
    name : str or None
        Base file name for the downloads (e.g. ``activations_relu_he_normal_10x256``);
        ``None`` draws no download buttons.
    """
    spec = as_spec(chart)
    st.vega_lite_chart(charts.presentation_spec(spec) if st.session_state.get("present") else spec)
    if name:
        try:
            from .downloads import chart_downloads
        except ImportError:  # pragma: no cover - the export module is optional at import
            return
        chart_downloads(spec, name)
