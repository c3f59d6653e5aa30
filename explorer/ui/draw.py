"""Placing charts: one function every view uses, so every chart looks and exports alike.

In Korean the chart's words are translated (:data:`explorer.ui.texts_ko.CHART_WORDS_KO`),
in presentation mode its fonts are scaled up, and the downloads get the translated chart at
its normal size.
"""

from __future__ import annotations

import streamlit as st

from .. import charts
from .downloads import chart_downloads
from .texts import get_lang
from .texts_ko import CHART_WORDS_KO

__all__ = ["as_spec", "show_chart"]


def as_spec(chart) -> dict:
    """A Vega-Lite dict from an Altair chart (unvalidated: the builders are tested) or a dict."""
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def show_chart(chart, name: str | None = None, key: str | None = None) -> None:
    """Draw a chart, scaled up in presentation mode, with its download buttons.

    Parameters
    ----------
    chart : alt.Chart or dict
        An Altair chart or a Vega-Lite spec built by :mod:`explorer.charts`.
    name : str or None
        Base file name for the downloads (e.g. ``activations_relu_he_normal_10x256``);
        ``None`` draws no download buttons.
    key : str or None
        Makes the buttons' keys unique when two charts on one page share a name.
    """
    spec = as_spec(chart)
    if get_lang() == "ko":
        spec = charts.translate_spec(spec, CHART_WORDS_KO)
    st.vega_lite_chart(charts.presentation_spec(spec) if st.session_state.get("present") else spec)
    if name:
        chart_downloads(spec, name, key=key)
