"""The parts every chart builder shares: the spec class, fonts, colours and helpers.

:class:`VegaLiteSpec` (a finished spec written as a plain dict) and :func:`validate_spec`;
:func:`configure` and the projector-readable fonts; the Okabe & Ito colours
(:data:`OKABE_ITO`, :data:`DISTINCT_COLORS`, :func:`run_colors`); :func:`presentation_spec`
and :func:`translate_spec`, which make a finished spec readable from the back of a room or put
it in another language; :func:`message_chart` for when there is nothing to draw; :data:`NOTES`,
the English words the builders compose from values; and the helpers the tab modules share
(records and dataset names of the dict specs, titles, log-axis ticks). Names with a leading
underscore are internal to :mod:`explorer.analysis.charts`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

__all__ = [
    "DISTINCT_COLORS",
    "LABEL_FONT",
    "NOTES",
    "OKABE_ITO",
    "TITLE_FONT",
    "VegaLiteSpec",
    "configure",
    "finish",
    "message_chart",
    "presentation_spec",
    "run_colors",
    "translate_spec",
    "validate_spec",
]

#: Okabe & Ito (2008) colour-blind-safe palette, yellow last (weak on white).
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
LABEL_FONT = 12
TITLE_FONT = 14
_CHART_TITLE_FONT = 16
_HEADER_FONT = 13
# Axis labels: plain numbers between 0.001 and 10000, compact exponents ("2e-7") outside.
_NUMBER_LABEL = (
    "datum.value == 0 || (abs(datum.value) >= 0.001 && abs(datum.value) < 10000)"
    " ? format(datum.value, '~g') : replace(format(datum.value, '.1~e'), 'e+', 'e')"
)


def configure(chart):
    """Apply the projector-readable fonts to a top-level chart.

    Parameters
    ----------
    chart : alt.Chart, alt.FacetChart, alt.HConcatChart, ...
        A complete chart; after this it can no longer be layered or concatenated.

    Returns
    -------
    The same kind of chart, with axis labels 12 px, axis / legend / header titles 14 px,
    panel headers 13 px and the chart title 16 px.
    """
    # One Config set in place: each ``configure_*`` call would deep-copy the whole chart.
    chart.config = alt.Config(
        axis=alt.AxisConfig(
            labelFontSize=LABEL_FONT, titleFontSize=TITLE_FONT, titleFontWeight="normal"
        ),
        header=alt.HeaderConfig(labelFontSize=_HEADER_FONT, titleFontSize=TITLE_FONT),
        legend=alt.LegendConfig(labelFontSize=LABEL_FONT, titleFontSize=TITLE_FONT),
        title=alt.TitleConfig(
            fontSize=_CHART_TITLE_FONT, anchor="start", subtitleFontSize=LABEL_FONT
        ),
        view=alt.ViewConfig(strokeWidth=0.5),
    )
    return chart


def _config() -> dict:
    """The ``config`` of a chart through :func:`configure`, as Altair writes it (with its
    default continuous view size), for the specs written as dicts."""
    return {
        "axis": {
            "labelFontSize": LABEL_FONT,
            "titleFontSize": TITLE_FONT,
            "titleFontWeight": "normal",
        },
        "header": {"labelFontSize": _HEADER_FONT, "titleFontSize": TITLE_FONT},
        "legend": {"labelFontSize": LABEL_FONT, "titleFontSize": TITLE_FONT},
        "title": {"anchor": "start", "fontSize": _CHART_TITLE_FONT, "subtitleFontSize": LABEL_FONT},
        "view": {"continuousHeight": 300, "continuousWidth": 300, "strokeWidth": 0.5},
    }


class VegaLiteSpec(dict):
    """A finished top-level Vega-Lite spec: a plain ``dict`` that also answers like a chart.

    The app draws it as it is (``st.vega_lite_chart`` takes a dict); ``to_dict`` and
    ``to_json`` let tests and callers treat it like the Altair charts the other builders
    return.
    """

    def to_dict(self, validate: bool = True) -> dict:
        """A deep copy as a plain dict, validated against the Vega-Lite schema by default.

        Parameters
        ----------
        validate : bool
            Check the spec against the schema Altair ships (as ``alt.Chart.to_dict`` does);
            raises ``jsonschema.ValidationError`` when it does not conform.

        Returns
        -------
        dict
        """
        out = json.loads(json.dumps(self))
        if validate:
            validate_spec(out)
        return out

    def to_json(self, validate: bool = True, indent: int | str | None = 2, **kwargs) -> str:
        """The spec as JSON text (keys sorted, like Altair's ``to_json``).

        Parameters
        ----------
        validate : bool
            See :meth:`to_dict`.
        indent : int, str or None
        **kwargs
            Passed to :func:`json.dumps`.

        Returns
        -------
        str
        """
        kwargs.setdefault("sort_keys", True)
        return json.dumps(self.to_dict(validate=validate), indent=indent, **kwargs)


def validate_spec(spec: dict) -> None:
    """Check a Vega-Lite dict against the schema of the installed Altair.

    Parameters
    ----------
    spec : dict

    Raises
    ------
    jsonschema.ValidationError
        When the spec does not conform.
    """
    from altair.utils.schemapi import validate_jsonschema

    schema = alt.vegalite.load_schema()  # the schema of alt.SCHEMA_URL
    validate_jsonschema(spec, schema, rootschema=schema)


def _records(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """A frame's rows as Vega-Lite records, as Altair writes them: plain Python ints, floats
    and strings, non-finite floats and missing values as ``None``."""
    cols = []
    for c in columns:
        s = df[c]
        values = s.tolist()
        if s.dtype.kind == "f":
            if not ((s - s) == 0).all():  # x - x is 0 exactly when x is finite
                values = [v if math.isfinite(v) else None for v in values]
        elif s.dtype.kind not in "iub" and s.hasnans:
            values = [None if pd.isna(v) else v for v in values]
        cols.append(values)
    return [dict(zip(columns, r)) for r in zip(*cols)]


def _dataset_name(rows: list[dict]) -> str:
    """The name Altair gives a dataset: ``data-`` and the first 32 hex digits of the SHA-256
    of the records' sorted JSON."""
    text = json.dumps(rows, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _title(title: str | None, subtitle: str | list[str] | None = None) -> dict | None:
    """The ``title`` of :func:`_with_title` as a dict (``None``: no title)."""
    if not title and not subtitle:
        return None
    if subtitle:
        return {"text": title or "", "subtitle": subtitle}
    return {"text": title}


def _top_level(body: dict, datasets: dict, title=None, subtitle=None) -> VegaLiteSpec:
    """A configured top-level spec from a view ``body`` and its named datasets."""
    spec = {"$schema": alt.SCHEMA_URL, "config": _config(), **body}
    head = _title(title, subtitle)
    if head is not None:
        spec["title"] = head
    spec["datasets"] = datasets
    return VegaLiteSpec(spec)


def _as_spec(chart) -> VegaLiteSpec:
    """An Altair chart (e.g. :func:`message_chart`) as a :class:`VegaLiteSpec`."""
    return VegaLiteSpec(chart.to_dict(validate=False))


_FONT_KEYS = {
    "axis": ("labelFontSize", "titleFontSize"),
    "header": ("labelFontSize", "titleFontSize"),
    "legend": ("labelFontSize", "titleFontSize"),
    "title": ("fontSize", "subtitleFontSize"),
    "text": ("fontSize",),
}


def presentation_spec(spec: dict, factor: float = 1.5) -> dict:
    """A copy of a Vega-Lite spec made readable from the back of a room.

    Parameters
    ----------
    spec : dict
        A complete spec (``chart.to_dict()``), with the fonts :func:`configure` set.
    factor : float
        Font sizes are multiplied by it; lines get thicker and points larger.

    Returns
    -------
    dict
        The spec with a scaled ``config``; data and encodings are untouched.
    """
    out = dict(spec)
    config = {k: dict(v) if isinstance(v, dict) else v for k, v in spec.get("config", {}).items()}
    for key, fonts in _FONT_KEYS.items():
        part = config.setdefault(key, {})
        for f in fonts:
            part[f] = round(part.get(f, LABEL_FONT) * factor, 1)
    config["line"] = {**config.get("line", {}), "strokeWidth": 4}
    config["point"] = {**config.get("point", {}), "size": 90}
    out["config"] = config
    return out


#: Keys whose string values are names, not words: never translated.
_NAME_KEYS = frozenset({"field", "type", "$schema", "name", "as", "groupby", "format", "bin"})


def translate_spec(spec: dict, words: Mapping[str, str]) -> dict:
    """A copy of a Vega-Lite spec with its words in another language.

    Every string value equal to a key of ``words`` is replaced, wherever it sits — titles,
    legend and scale domains, data values — so data, scales and legends stay consistent;
    quoted words inside expressions (``datum.source == 'measured'``, header
    ``labelExpr``) are replaced the same way. Names (``field``, ``type``, dataset names,
    column keys) are left alone.

    Parameters
    ----------
    spec : dict
        A complete spec (``chart.to_dict()``).
    words : mapping of str to str
        English word or phrase -> translation. Longer phrases win over shorter ones inside
        expressions.

    Returns
    -------
    dict
    """
    if not words:
        return spec
    quoted = sorted(words, key=len, reverse=True)

    def expr(s: str) -> str:
        for w in quoted:
            for q in ("'", '"'):
                s = s.replace(f"{q}{w}{q}", f"{q}{words[w]}{q}").replace(
                    f"{q}{w} {q}", f"{q}{words[w]} {q}"
                )
        return s

    def walk(v, key=None):
        if isinstance(v, dict):
            return {k: (x if k in _NAME_KEYS else walk(x, k)) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, key) for x in v]
        if isinstance(v, str):
            if v in words:
                return words[v]
            if key in ("labelExpr", "filter", "expr", "test", "calculate"):
                return expr(v)
        return v

    return walk(spec)


def _with_title(chart, title: str | None, subtitle: str | list[str] | None = None):
    """``chart`` with a title (and subtitle lines) when there is one; a subtitle alone gets a
    blank title line, as Vega draws no subtitle under an empty title."""
    if not title and not subtitle:
        return chart
    if subtitle:
        return chart.properties(title=alt.TitleParams(title or " ", subtitle=subtitle))
    return chart.properties(title=alt.TitleParams(title))


def finish(chart, title: str | None = None, subtitle: str | list[str] | None = None):
    """A top-level chart: ``chart`` with its title and subtitle lines, in the app's fonts.

    Parameters
    ----------
    chart : alt.Chart, alt.LayerChart, alt.HConcatChart, ...
    title : str or None
    subtitle : str or list of str or None
        Lines under the title (drawn also when there is no title).

    Returns
    -------
    The same kind of chart, configured (:func:`configure`): it can no longer be layered or
    concatenated.
    """
    return configure(_with_title(chart, title, subtitle))


def message_chart(message: str, title: str | None = None, width: int = 400) -> alt.Chart:
    """A chart holding one line of text, for when there is nothing to draw.

    Parameters
    ----------
    message : str
    title : str or None
    width : int

    Returns
    -------
    alt.Chart
    """
    chart = (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(fontSize=TITLE_FONT, align="left", baseline="middle", x=5, color="#444444")
        .encode(text="message:N")
        .properties(width=width, height=40)
    )
    return finish(chart, title)


def _log_ticks(lo: float, hi: float, max_ticks: int = 8) -> tuple[list[float], list[float]]:
    """Domain and tick values of a log axis covering positive ``lo .. hi``.

    Whole decades at the ends; ticks at 1, 2, 5 x 10^k over up to two decades, else at powers
    of ten, every ``step``-th decade so there are at most ``max_ticks`` (a profile of an
    exploding net spans hundreds of decades).
    """
    lo_e = max(math.floor(math.log10(lo)), -307)
    hi_e = min(max(math.ceil(math.log10(hi)), lo_e + 1), 308)
    lo_e = min(lo_e, hi_e - 1)
    span = hi_e - lo_e
    if span <= 2:
        ticks = [m * 10.0**e for e in range(lo_e, hi_e) for m in (1, 2, 5)] + [10.0**hi_e]
    else:
        step = math.ceil(span / (max_ticks - 1))
        hi_e = min(lo_e + step * math.ceil(span / step), 308)
        ticks = [10.0**e for e in range(lo_e, hi_e + 1, step)]
    # beyond 1e-307 .. 1e308 the domain ends at the data itself
    return [min(10.0**lo_e, lo), max(10.0**hi_e, hi)], ticks


def _log_y(field: str, title: str, lo: float, hi: float) -> alt.Y:
    """A y encoding of positive ``field`` values ``lo .. hi`` on a log scale: whole-decade
    ends and ticks from :func:`_log_ticks`, compact number labels."""
    domain, ticks = _log_ticks(lo, hi)
    return alt.Y(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(type="log", domain=domain, nice=False),
        axis=alt.Axis(labelExpr=_NUMBER_LABEL, values=ticks),
    )


#: The legend symbols of a line style (dash): wide strokes, so the dash shows.
_STROKE_LEGEND = {"symbolSize": 400, "symbolStrokeWidth": 2.5, "symbolType": "stroke"}


def _stroke_legend(**kwargs) -> alt.Legend:
    """A legend of line styles (:data:`_STROKE_LEGEND`), with ``kwargs`` added or replaced."""
    return alt.Legend(**{**_STROKE_LEGEND, **kwargs})


#: Okabe-Ito in the order that keeps the first few colours furthest apart for colour-blind
#: viewers (blue, orange, bluish green, reddish purple, then vermillion, sky blue, black):
#: orange and vermillion, and blue and sky blue, only meet from the fifth run on.
DISTINCT_COLORS = tuple(OKABE_ITO[k] for k in (0, 1, 2, 4, 3, 5, 6))
#: English templates of the words these builders compose from values. A chart in another
#: language passes its own templates as ``notes`` (same keys and fields; the app's are the
#: ``chart_<key>`` texts of explorer/ui/texts.py), so no word stays English.
NOTES = {
    "chance": "chance ({p:.0%})",
    "not_finite": "not shown (not finite): {run} from epoch {epoch}",
    "below": "values below {lo:.0e} are drawn in the darkest colour",
    "output": "out",
    "some_layers": "hidden layers {layers} of {n}",
    "all_zero": "{name} — every weight is exactly 0",
    "layer": "layer {k}",
}


def _note(notes: Mapping[str, str] | None, key: str, **fmt) -> str:
    """``NOTES[key]`` (or the caller's template for ``key``) formatted with ``fmt``."""
    return ((notes or {}).get(key) or NOTES[key]).format(**fmt)


def run_colors(runs) -> alt.Scale:
    """One colour per run, in the given order (the same scale in every chart).

    The colours are :data:`DISTINCT_COLORS` (Okabe-Ito, colour-blind safe), in that order.

    Parameters
    ----------
    runs : sequence of str
        Run labels in display order.

    Returns
    -------
    alt.Scale
    """
    runs = [str(r) for r in runs]
    n = len(DISTINCT_COLORS)
    return alt.Scale(domain=runs, range=[DISTINCT_COLORS[k % n] for k in range(len(runs))])
