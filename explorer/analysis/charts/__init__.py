"""Chart builders: tidy DataFrames from :mod:`explorer.analysis.stats` and
:mod:`explorer.analysis.frames` in, Vega-Lite out.

Every builder is a pure function of its DataFrame (no Streamlit, no engine), so a chart is
tested through ``chart.to_dict()`` and rendered outside the app with ``vl-convert``. Every
builder returns a complete, configured top-level chart (:func:`configure`: fonts readable on a
projector, axis labels 12 px, titles 14 px and up), and never one that renders empty: when
there is nothing to draw it returns a short text chart saying so.

Most builders return Altair charts. The Signals tab's two charts, :func:`profile_chart` and
:func:`histogram_grid`, are redrawn on every change of the sidebar, so they are written as
plain Vega-Lite dicts (:class:`VegaLiteSpec`, the same spec Altair would produce, datasets
named by the same content hash): Altair's ``to_dict`` validates and deep-copies every part
and took 50--170 ms per chart, the dicts take about a millisecond. A test validates them
against the Vega-Lite schema Altair ships.

Colours are colour-blind safe (Okabe & Ito's palette); measured values are solid lines with
points, theory is dashed, so the two stay apart in grayscale too.

One module per tab, and a base they share:

- :mod:`~explorer.analysis.charts.base`: :class:`VegaLiteSpec`, :func:`configure`, the fonts
  and Okabe-Ito colours, :func:`translate_spec`, :func:`presentation_spec`,
  :func:`validate_spec`, :func:`message_chart`, :data:`NOTES` and the shared helpers;
- :mod:`~explorer.analysis.charts.signals`: :func:`histogram_grid`, :func:`profile_chart`;
- :mod:`~explorer.analysis.charts.training`: :func:`training_curves_chart`,
  :func:`layer_epoch_heatmap`, :func:`distinct_units_chart`, :func:`weights_heatmaps`;
- :mod:`~explorer.analysis.charts.rbm`: :func:`rbm_curves_chart`, :func:`dbn_pretrain_chart`,
  :func:`dbn_finetune_chart`;
- :mod:`~explorer.analysis.charts.map`: :func:`edge_map_chart` (the Map tab's edge-of-chaos
  map, from :func:`explorer.analysis.map_frames.map_frames`), its words :data:`MAP_WORDS`.

The public builders and constants are re-exported here: ``from explorer.analysis import
charts; charts.histogram_grid(...)``.
"""

from explorer.analysis.charts.base import (
    DISTINCT_COLORS,
    LABEL_FONT,
    NOTES,
    OKABE_ITO,
    TITLE_FONT,
    VegaLiteSpec,
    configure,
    message_chart,
    presentation_spec,
    run_colors,
    translate_spec,
    validate_spec,
)
from explorer.analysis.charts.map import (
    BANDS,
    MAP_WORDS,
    MARKER_FONT,
    band_labels,
    edge_map_chart,
)
from explorer.analysis.charts.rbm import (
    DBN_RUN_ORDER,
    RBM_SPLIT_COLORS,
    dbn_finetune_chart,
    dbn_pretrain_chart,
    rbm_curves_chart,
)
from explorer.analysis.charts.signals import SOURCES, histogram_grid, profile_chart
from explorer.analysis.charts.training import (
    TRAIN_SPLITS,
    distinct_units_chart,
    layer_epoch_heatmap,
    training_curves_chart,
    weights_heatmaps,
)

__all__ = [
    "BANDS",
    "DBN_RUN_ORDER",
    "DISTINCT_COLORS",
    "LABEL_FONT",
    "MAP_WORDS",
    "MARKER_FONT",
    "NOTES",
    "OKABE_ITO",
    "RBM_SPLIT_COLORS",
    "SOURCES",
    "TITLE_FONT",
    "TRAIN_SPLITS",
    "VegaLiteSpec",
    "band_labels",
    "configure",
    "dbn_finetune_chart",
    "dbn_pretrain_chart",
    "distinct_units_chart",
    "edge_map_chart",
    "histogram_grid",
    "layer_epoch_heatmap",
    "message_chart",
    "presentation_spec",
    "profile_chart",
    "rbm_curves_chart",
    "run_colors",
    "training_curves_chart",
    "translate_spec",
    "validate_spec",
    "weights_heatmaps",
]
