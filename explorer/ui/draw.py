"""Placing charts: one function every view uses, so every chart looks and exports alike.

In Korean the chart's words are translated (:data:`explorer.ui.i18n.ko.CHART_WORDS_KO`),
in presentation mode its fonts are scaled up, and the downloads get the translated chart at
its normal size.

A view that caches its charts can cache them *prepared* (:func:`prepare_chart`): translated
once, and with their data already in the Arrow form Streamlit sends to the browser, so a
rerun only places them. Without that, ``st.vega_lite_chart`` converts every dataset of a
dict spec (records -> DataFrame -> Arrow) on every rerun, the largest part of redrawing a
page whose results all come from the cache.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer.analysis import charts
from explorer.ui.downloads import chart_downloads
from explorer.ui.i18n import get_lang
from explorer.ui.i18n.ko import CHART_WORDS_KO

__all__ = ["PreparedChart", "as_spec", "prepare_chart", "show_chart"]


def as_spec(chart) -> dict:
    """A Vega-Lite dict from an Altair chart (unvalidated: the builders are tested) or a dict."""
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def _translated(spec: dict, lang: str) -> dict:
    return charts.translate_spec(spec, CHART_WORDS_KO) if lang == "ko" else spec


@dataclass(frozen=True)
class PreparedChart:
    """A chart ready to place: what :func:`show_chart` would otherwise redo on every rerun.

    Attributes
    ----------
    spec : dict
        The Vega-Lite spec in the page's language, with its data as records: what the
        SVG / PNG downloads render.
    display : dict
        The same spec with every tabular dataset as Arrow IPC bytes, the form
        ``st.vega_lite_chart`` turns records into before sending them to the browser.
    lang : str
        The language it was translated to.
    """

    spec: dict
    display: dict
    lang: str


def _arrow_datasets(spec: dict) -> dict:
    """``spec`` with its named tabular datasets converted to Arrow bytes, as Streamlit does.

    ``st.vega_lite_chart`` moves every named dataset of a dict spec into the message as
    ``dataframe_util.convert_anything_to_arrow_bytes(rows)``, and passes datasets that
    are bytes already through unchanged; this does that conversion once, ahead of time.
    Geographic datasets (which Streamlit leaves in the spec) are kept as they are.
    """
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict) or not datasets:
        return spec
    try:
        from streamlit import dataframe_util
        from streamlit.elements.vega_charts import _is_geojson_or_topojson_payload
    except ImportError:  # another Streamlit: let st.vega_lite_chart convert them itself
        return spec
    out = dict(spec)
    out["datasets"] = {
        name: rows
        if isinstance(rows, bytes) or _is_geojson_or_topojson_payload(rows)
        else dataframe_util.convert_anything_to_arrow_bytes(rows)
        for name, rows in datasets.items()
    }
    return out


def prepare_chart(chart, lang: str | None = None) -> PreparedChart:
    """Translate a chart and convert its data once, for a view to cache.

    Parameters
    ----------
    chart : alt.Chart or dict
        An Altair chart or a Vega-Lite spec built by :mod:`explorer.analysis.charts`.
    lang : str or None
        ``"ko"`` or ``"en"``; ``None`` for the page's current language. Cache the result
        keyed on it.

    Returns
    -------
    PreparedChart
    """
    lang = get_lang() if lang is None else lang
    spec = _translated(dict(as_spec(chart)), lang)
    return PreparedChart(spec=spec, display=_arrow_datasets(spec), lang=lang)


def show_chart(chart, name: str | None = None, key: str | None = None) -> None:
    """Draw a chart, scaled up in presentation mode, with its download buttons.

    Parameters
    ----------
    chart : alt.Chart, dict or PreparedChart
        An Altair chart or a Vega-Lite spec built by :mod:`explorer.analysis.charts`, or one
        prepared by :func:`prepare_chart`: drawn as it is when prepared for the page's
        language, else its (English) spec is translated as an unprepared one would be.
    name : str or None
        Base file name for the downloads (e.g. ``activations_relu_he_normal_10x256``);
        ``None`` draws no download buttons.
    key : str or None
        Makes the buttons' keys unique when two charts on one page share a name.
    """
    lang = get_lang()
    if not isinstance(chart, PreparedChart) or chart.lang != lang:
        spec = chart.spec if isinstance(chart, PreparedChart) else as_spec(chart)
        chart = PreparedChart(spec=_translated(spec, lang), display=None, lang=lang)
    display = chart.display if chart.display is not None else chart.spec
    st.vega_lite_chart(
        charts.presentation_spec(display) if st.session_state.get("present") else display
    )
    if name:
        chart_downloads(chart.spec, name, key=key)
