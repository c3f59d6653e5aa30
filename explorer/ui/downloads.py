"""Download buttons for charts, tables and pictures, the same in every tab.

Every chart gets an SVG and a PNG button side by side, small (tertiary) and placed under it;
a table gets a CSV button, a picture a PNG button. The files are generated only when a
button is clicked (Streamlit runs the ``data`` callable then, on its own thread), so drawing
a page costs nothing; a chart exported once is kept (small LRU cache keyed by the spec), so
a second click is instant. Clicking never reruns the script (``on_click="ignore"``).

File names come from :func:`explorer.analysis.export.export_name`, so they are safe on every system
and say what the file shows, e.g. ``profile_relu_xavier_normal_vs_he_normal_30x128.png``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

import pandas as pd
import streamlit as st

from explorer.analysis.export import chart_png, chart_svg, export_name, table_csv
from explorer.ui.i18n import t

__all__ = ["PNG_SCALE", "chart_downloads", "image_download", "table_download"]

#: Pixel density of exported PNG charts (2: sharp on slides and high-density screens).
PNG_SCALE = 2
_ICON = ":material/download:"


@lru_cache(maxsize=32)
def _svg(spec_json: str) -> str:
    return chart_svg(json.loads(spec_json))


@lru_cache(maxsize=32)
def _png(spec_json: str, scale: float) -> bytes:
    return chart_png(json.loads(spec_json), scale=scale)


def _key(kind: str, name: str, key: str | None) -> str:
    return f"dl_{kind}_{key or name}"


@lru_cache(maxsize=256)
def _file_name(name: str, ext: str) -> str:
    """:func:`explorer.analysis.export.export_name`, kept: a page asks for the same names on every
    rerun."""
    return export_name(name, ext=ext)


def chart_downloads(spec: dict, name: str, key: str | None = None) -> None:
    """SVG and PNG download buttons for one chart, side by side.

    Parameters
    ----------
    spec : dict
        The chart's Vega-Lite spec, as drawn (``chart.to_dict(validate=False)``).
    name : str
        What the chart shows, e.g. ``"activations_relu_he_normal_10x256"``; sanitized by
        :func:`explorer.analysis.export.export_name`, which also adds the extensions.
    key : str or None
        Makes the widget keys unique when one page shows two charts with the same name
        (default: the name).
    """

    def as_json() -> str:  # at click time, not while the page is drawn
        return json.dumps(spec, sort_keys=True, default=str)

    formats = (
        ("svg", "image/svg+xml", lambda: _svg(as_json())),
        ("png", "image/png", lambda: _png(as_json(), PNG_SCALE)),
    )
    with st.container(horizontal=True, gap="small"):
        for ext, mime, data in formats:
            _button(ext, ext, mime, data, ext, name, key)


def table_download(df: pd.DataFrame, name: str, key: str | None = None, label: str = "csv") -> None:
    """A CSV download button for one table (UTF-8 with a byte-order mark, no index).

    Parameters
    ----------
    df : DataFrame
    name : str
        What the table holds; see :func:`chart_downloads`.
    key : str or None
    label : str
        The button's text and help, ``ls_dl_<label>`` and ``ls_dl_<label>_help``: one that
        names the table when a page has two CSV buttons (e.g. ``"csv_bins"``).
    """
    _button(label, "csv", "text/csv", lambda: table_csv(df), "csv", name, key)


def image_download(png: bytes | Callable[[], bytes], name: str, key: str | None = None) -> None:
    """A PNG download button for one picture.

    Parameters
    ----------
    png : bytes or callable
        The PNG file (:func:`explorer.analysis.export.image_png`), or a function returning it.
    name : str
        What the picture shows; see :func:`chart_downloads`.
    key : str or None
    """
    _button("image", "png", "image/png", png, "img", name, key)


def _button(text: str, ext: str, mime: str, data, kind: str, name: str, key: str | None):
    """One download button: label and help ``ls_dl_<text>``, file ``<name>.<ext>``, computed
    at click time when ``data`` is a function (the page run does not wait for it)."""
    st.download_button(
        t(f"ls_dl_{text}"),
        data=data,
        file_name=_file_name(name, ext),
        mime=mime,
        key=_key(kind, name, key),
        help=t(f"ls_dl_{text}_help"),
        on_click="ignore",
        type="tertiary",
        icon=_ICON,
    )
