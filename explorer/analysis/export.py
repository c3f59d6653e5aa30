"""Files to download: charts as SVG or PNG, tables as CSV, pictures as PNG, and their names.

Scope: bytes out, no Streamlit. Charts arrive as the Vega-Lite dicts the views already hold
(``chart.to_dict(validate=False)``) and are rendered by ``vl-convert`` (Vega's own renderer
in a bundled JavaScript engine), so a file shows exactly what the app draws.

Korean (and other CJK) text: ``vl-convert`` draws text with the system fonts it finds, and
falls back per text run, which on Debian turns a Hangul title and every Latin letter next to
it into a serif face. A chart without a font of its own is therefore rendered with
:data:`EXPORT_FONT` (Noto Sans CJK first: its Latin letters are Source Sans, close to the
app's), and the Noto font folders are registered once, if they exist, for hosts whose
renderer does not see them by default.
"""

from __future__ import annotations

import copy
import io
import re
import threading
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "EXPORT_FONT",
    "FONT_DIRS",
    "MAX_NAME",
    "TITLE_OFFSET",
    "chart_png",
    "chart_svg",
    "export_name",
    "image_png",
    "table_csv",
]

#: Font family set on charts that have none: Hangul, Latin and digits from one face.
EXPORT_FONT = "Noto Sans CJK KR, Noto Sans KR, Apple SD Gothic Neo, Malgun Gothic, sans-serif"
#: Folders registered with vl-convert when present (Debian's fonts-noto-cjk, then others).
FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto-cjk",
)
#: Pixels between a chart's title (and subtitle) and the chart, when the spec sets none.
TITLE_OFFSET = 14
#: Longest file name :func:`export_name` returns (the extension included).
MAX_NAME = 120

_fonts_lock = threading.Lock()
_fonts_done = False


def _vlc():
    """The ``vl_convert`` module, with the font folders registered (once per process)."""
    global _fonts_done
    import vl_convert as vlc

    with _fonts_lock:
        if not _fonts_done:
            for d in FONT_DIRS:
                if Path(d).is_dir():
                    vlc.register_font_directory(d)
            _fonts_done = True
    return vlc


def _with_font(spec: dict) -> dict:
    """A copy of ``spec`` for export: :data:`EXPORT_FONT` unless the spec sets a font, and a
    gap under the chart title (the app's theme adds one in the browser; Vega's default puts
    a concatenated chart's first panel title right under it)."""
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite dict, got {type(spec).__name__}")
    out = copy.deepcopy(spec)
    config = out.setdefault("config", {})
    config.setdefault("font", EXPORT_FONT)
    if isinstance(config.setdefault("title", {}), dict):
        config["title"].setdefault("offset", TITLE_OFFSET)
    return out


def chart_svg(spec: dict) -> str:
    """Render a Vega-Lite spec to SVG text.

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec, e.g. ``chart.to_dict(validate=False)``. Not modified.

    Returns
    -------
    str
        A standalone SVG document (text kept as text, so it stays editable and searchable).
    """
    return _vlc().vegalite_to_svg(_with_font(spec))


def chart_png(spec: dict, scale: float = 2) -> bytes:
    """Render a Vega-Lite spec to PNG.

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec. Not modified.
    scale : float
        Pixels per CSS pixel: 2 (the default) is sharp on slides and high-density screens.
        The image is ``scale`` times the chart's size including its padding.

    Returns
    -------
    bytes
        PNG file contents.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
    return _vlc().vegalite_to_png(_with_font(spec), scale=scale)


_TRANSLIT = {
    "×": "x",
    "σ": "sigma",
    "²": "2",
    "→": "-",
    "−": "-",
    "–": "-",
    "—": "-",
    "√": "sqrt",
}
_UNSAFE = re.compile(r"[^a-z0-9._+-]+")
_DASHES = re.compile(r"-{2,}")


def _clean(part) -> str:
    """One name part: ASCII letters, digits and ``. _ + -`` only; everything else a dash."""
    s = "".join(_TRANSLIT.get(c, c) for c in str(part))
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = _DASHES.sub("-", _UNSAFE.sub("-", s))
    return s.strip("-._+")


def export_name(kind: str, *parts, ext: str) -> str:
    """A descriptive, safe file name such as ``activations_relu_he_normal_10x256.svg``.

    Parameters
    ----------
    kind : str
        What the file shows, e.g. ``"activations"``, ``"profile"``, ``"reconstructions"``.
    *parts
        What distinguishes it: activation, initializer, depth x width, step... Each is
        converted to ``str``; ``×`` becomes ``x`` and ``σ`` ``sigma``; accents are dropped;
        any other character outside ``a-z 0-9 . _ + -`` becomes ``-`` (so ``"normal:std=0.01"``
        gives ``normal-std-0.01``); parts left empty are skipped.
    ext : str
        Extension without the dot, e.g. ``"svg"``, ``"png"``, ``"csv"``.

    Returns
    -------
    str
        Lower-case parts joined by ``_``, at most :data:`MAX_NAME` characters, never
        starting with a dot; ``"chart"`` when nothing usable is left.

    Raises
    ------
    ValueError
        For an extension that is not 1–8 letters or digits.
    """
    ext = str(ext).lower().lstrip(".")
    if not re.fullmatch(r"[a-z0-9]{1,8}", ext):
        raise ValueError(f"ext must be 1-8 letters or digits, e.g. 'png', got {ext!r}")
    words = [w for w in (_clean(p) for p in (kind, *parts)) if w]
    stem = "_".join(words) or "chart"
    stem = stem[: MAX_NAME - len(ext) - 1].rstrip("-._+") or "chart"
    return f"{stem}.{ext}"


def table_csv(df: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a byte-order mark (so Excel reads Hangul correctly).

    Parameters
    ----------
    df : DataFrame
        Written without its index.

    Returns
    -------
    bytes
        ``pandas.read_csv(io.BytesIO(data))`` gives the table back.
    """
    return df.to_csv(index=False).encode("utf-8-sig")


def image_png(array) -> bytes:
    """A ``uint8`` picture as PNG, pixel for pixel (no resampling).

    Parameters
    ----------
    array : ndarray of uint8
        Shape ``(h, w)`` (grey), ``(h, w, 3)`` (RGB) or ``(h, w, 4)`` (RGBA). Upscale small
        pictures first (``np.repeat`` / :func:`explorer.analysis.images.upscale`): a PNG viewer may
        smooth them otherwise.

    Returns
    -------
    bytes
        PNG file contents.

    Raises
    ------
    ValueError
        For another dtype or shape.
    """
    from PIL import Image

    a = np.asarray(array)
    if a.dtype != np.uint8:
        raise ValueError(f"array must be uint8, got {a.dtype}")
    if not (a.ndim == 2 or (a.ndim == 3 and a.shape[2] in (3, 4))) or 0 in a.shape:
        raise ValueError(f"array must have shape (h, w), (h, w, 3) or (h, w, 4), got {a.shape}")
    buf = io.BytesIO()  # mode from the shape: L, RGB or RGBA
    Image.fromarray(np.ascontiguousarray(a)).save(buf, format="PNG", optimize=True)
    return buf.getvalue()
