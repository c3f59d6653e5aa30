"""The RBM tab: train a restricted Boltzmann machine and look at what it learned.

The widgets are read into a frozen :class:`explorer.services.rbm.RBMConfig`; *Train* asks the
server's job service for the run (:class:`explorer.ui.run_tab.RunTab`: queue place, progress,
Stop, and the result from the shared store, so any session with the same settings gets it at
once). Nothing here computes anything: the grids and reconstructions come from
:mod:`explorer.services.rbm`, the curves from :mod:`explorer.analysis.rbm_frames`, the charts
from :mod:`explorer.analysis.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from explorer.analysis import charts
from explorer.analysis.export import image_png
from explorer.analysis.rbm_frames import rbm_curves
from explorer.data.uploads import ImageError, load_image
from explorer.engine.checks import ConfigError
from explorer.services.rbm import RBM_DATA, RBMConfig, RBMResult, rbm_defaults, reconstruct_image
from explorer.ui.downloads import image_download, table_download
from explorer.ui.draw import PreparedChart, prepare_chart, show_chart
from explorer.ui.i18n import err_text, labels, t
from explorer.ui.run_tab import RunTab
from explorer.ui.stores import session_view, st_png

__all__ = ["read_upload", "render_rbm"]

#: Session-state keys (not widgets).
UPLOAD = "_rbm_upload"  # {"id", "name", "data", "rows": {shape: row}, "error"}
VIEW = "_rbm_view"  # (RBMResult, lang, _View): what is drawn of the shown result

RUNS = RunTab(
    "rbm",
    "rbm",
    label=lambda c: t("rbm_run_label", hidden=c.n_hidden),
    fraction=lambda p: p.epoch / p.epochs,
    describe=lambda c, p: t("rbm_run_where", epoch=p.epoch, epochs=p.epochs, seconds=p.seconds),
)

_WIDGETS = {
    "rbm_bars": "bars_size",
    "rbm_hidden": "n_hidden",
    "rbm_epochs": "epochs",
    "rbm_lr": "lr",
    "rbm_batch": "batch_size",
    "rbm_k": "k",
    "rbm_wd": "weight_decay",
}


def _apply_defaults(dataset: str, keep: bool = False) -> None:
    """Set the widgets to :func:`rbm_defaults` of ``dataset`` (``keep``: only unset ones)."""
    d = rbm_defaults(dataset)
    values = {key: getattr(d, field) for key, field in _WIDGETS.items()}
    values["rbm_cd"] = "pcd" if d.persistent else "cd"
    for key, value in values.items():
        if not keep or key not in st.session_state:
            st.session_state[key] = value


def _init_state() -> None:
    st.session_state.setdefault("rbm_data", "digits")
    _apply_defaults(st.session_state["rbm_data"], keep=True)


def _on_dataset() -> None:
    _apply_defaults(st.session_state["rbm_data"])


def _controls() -> None:
    c1, c2, c3, c4 = st.columns(4)
    c1.selectbox(
        t("rbm_data"),
        RBM_DATA,
        key="rbm_data",
        format_func=labels(RBM_DATA, "dataset_"),
        on_change=_on_dataset,
        help=t("rbm_data_help"),
    )
    if st.session_state["rbm_data"] == "bars_stripes":
        c1.number_input(t("rbm_bars"), key="rbm_bars", step=1, help=t("rbm_bars_help"))
    c2.number_input(t("rbm_hidden"), key="rbm_hidden", step=10, help=t("rbm_hidden_help"))
    c2.number_input(t("rbm_epochs"), key="rbm_epochs", step=5, help=t("rbm_epochs_help"))
    c3.number_input(t("rbm_lr"), key="rbm_lr", step=0.01, format="%.4f", help=t("rbm_lr_help"))
    c3.number_input(t("rbm_batch"), key="rbm_batch", step=5, help=t("rbm_batch_help"))
    c4.radio(
        t("rbm_cd"),
        ["cd", "pcd"],
        key="rbm_cd",
        format_func=labels(["cd", "pcd"], "rbm_cd_"),
        horizontal=True,
        help=t("rbm_cd_help"),
    )
    c4.number_input(t("rbm_k"), key="rbm_k", step=1, help=t("rbm_k_help"))
    c4.number_input(t("rbm_wd"), key="rbm_wd", step=1e-4, format="%.5f", help=t("rbm_wd_help"))


def _read_config(seed: int) -> RBMConfig | None:
    ss = st.session_state
    try:
        return RBMConfig(
            dataset=ss["rbm_data"],
            bars_size=ss["rbm_bars"],
            n_hidden=ss["rbm_hidden"],
            epochs=ss["rbm_epochs"],
            lr=ss["rbm_lr"],
            batch_size=ss["rbm_batch"],
            k=ss["rbm_k"],
            persistent=ss["rbm_cd"] == "pcd",
            weight_decay=ss["rbm_wd"],
            seed=seed,
        )
    except ConfigError as e:
        st.error(f"**{t('rbm_error_title')}.** {err_text(e)}")
        return None


@dataclass(frozen=True)
class _View:
    """What the tab draws of one result in one language, prepared once
    (:func:`explorer.ui.stores.session_view`): a rerun only places it.

    Attributes
    ----------
    curves : PreparedChart
        The training curves (translated, data already as Arrow).
    png : dict of str to bytes
        Each picture of the result (``originals``, ``reconstructions``, ``filters``,
        ``samples``) as the PNG ``st.image`` would make of it.
    """

    curves: PreparedChart
    curves_table: pd.DataFrame
    png: dict[str, bytes]


_PICTURES = ("originals", "reconstructions", "filters", "samples")


def _build_view(result: RBMResult, lang: str) -> _View:
    table = rbm_curves(result)
    chart = charts.rbm_curves_chart(table, title=t("rbm_curves_chart"))
    return _View(
        curves=prepare_chart(chart, lang),
        curves_table=table,
        png={name: st_png(getattr(result, name)) for name in _PICTURES},
    )


def _images(
    pictures: list[np.ndarray],
    captions: list[str],
    name: str | None = None,
    png: list[bytes] | None = None,
) -> None:
    """Same-sized pictures side by side, each drawn at exactly its pixel size.

    PNG, because Streamlit encodes grey images as JPEG by default (smeared edges); an explicit
    width, because with the default ``width="content"`` Streamlit stretches all but the first
    picture of a row by a non-integer factor, which the browser smooths. ``png``, optional:
    the pictures already encoded (:func:`explorer.ui.stores.st_png`), drawn instead.
    """
    width = int(pictures[0].shape[1])
    st.image(png or pictures, caption=captions, width=width, output_format="PNG")
    if name:
        with st.container(horizontal=True, gap="small"):
            for k, picture in enumerate(pictures):
                image_download(lambda p=picture: image_png(p), f"{name}_{k + 1}", key=f"{name}_{k}")


def read_upload(data: bytes, image_shape: tuple[int, int]) -> tuple[np.ndarray | None, str | None]:
    """An uploaded file -> ``(row, None)`` for a usable image, or ``(None, message)``.

    The message says why, in the page's language (not an image, corrupt, too large,
    animated, ...: :class:`explorer.data.uploads.ImageError`).
    """
    try:
        return load_image(data, image_shape), None
    except ImageError as e:
        return None, err_text(e)


def _upload(result: RBMResult) -> None:
    st.subheader(t("rbm_upload_title"))
    up = st.file_uploader(
        t("rbm_upload_label"),
        type=["png", "jpg", "jpeg"],
        key="rbm_upload",
        help=t("rbm_upload_help"),
    )
    ss = st.session_state
    if up is None:
        # Nothing to show. The last valid image stays in the session: to replace a file the
        # browser first removes the old one, and a bad new file must not lose what was shown.
        st.caption(t("rbm_upload_caption"))
        return
    shape = result.image_shape
    entry = ss.get(UPLOAD) or {}
    if entry.get("id") != up.file_id:  # a new file: check and convert it once
        data = up.getvalue()
        row, error = read_upload(data, shape)
        if error is None:
            entry = {"id": up.file_id, "name": up.name, "data": data, "rows": {shape: row}}
        else:  # keep the last valid image, if any, on screen
            entry = {**entry, "id": up.file_id, "error": error}
        ss[UPLOAD] = entry
    if entry.get("error"):
        st.error(entry["error"])
        if "data" not in entry:
            return
        st.caption(t("rbm_upload_kept", name=entry["name"]))
    rows = entry["rows"]
    if shape not in rows:  # another data set since: convert the kept image again
        rows[shape] = read_upload(entry["data"], shape)[0]
    shown = entry.get("shown")  # (result, row, pictures, their PNGs), kept for reruns
    if shown is None or shown[0] is not result or shown[1] is not rows[shape]:
        pics = reconstruct_image(result, rows[shape])
        shown = entry["shown"] = (result, rows[shape], pics, [st_png(p) for p in pics])
    _images(
        list(shown[2]),
        [t("rbm_upload_yours", name=entry["name"]), t("rbm_upload_recon")],
        png=shown[3],
    )


def render_rbm(cfg) -> None:
    """Draw the RBM tab.

    Parameters
    ----------
    cfg : SignalsConfig
        The sidebar's configuration; only ``cfg.seed`` is used.
    """
    _init_state()
    st.markdown(t("rbm_intro"))
    _controls()
    config = _read_config(int(cfg.seed))
    result = RUNS.one_run(config)
    if result is not None:
        _show(result, config)


#: Widest pair of pictures drawn side by side (the main column of a 1366-px-wide screen,
#: sidebar open, is about 900 px).
SIDE_BY_SIDE_PX = 860


def _show(result: RBMResult, config: RBMConfig | None) -> None:
    c = result.config
    fallback = st.session_state.get(RUNS.fallback_key)  # MNIST was offline: the digits were trained
    if config is not None and c != config and (fallback is None or fallback[1] != c):
        st.info(t("rbm_settings_changed"))
    method = t("rbm_cd_pcd") if c.persistent else t("rbm_cd_cd")
    st.caption(
        t(
            "rbm_run_caption",
            data=t(f"dataset_{c.dataset}"),
            shape=f"{result.image_shape[0]}×{result.image_shape[1]}",
            n_train=result.n_train,
            n_val=result.n_val,
            hidden=c.n_hidden,
            method=method,
            k=c.k,
            epochs_run=result.epochs_run,
            epochs=c.epochs,
            seconds=result.seconds,
            seed=c.seed,
        )
    )
    if result.stopped:
        st.warning(t("rbm_stopped", epoch=result.epochs_run, epochs=c.epochs))
    view = session_view(VIEW, result, _build_view)
    st.subheader(t("rbm_recon_title"))
    _images(
        [result.originals, result.reconstructions],
        [t("rbm_originals"), t("rbm_recons")],
        "rbm_originals_and_reconstructions",
        [view.png["originals"], view.png["reconstructions"]],
    )
    st.caption(t("rbm_recon_caption"))
    st.subheader(t("rbm_curves_title"))
    show_chart(view.curves, "rbm_curves")
    table_download(view.curves_table, "rbm_curves")
    st.caption(t("rbm_gap_note"))
    # side by side only when both fit the page at their pixel size (they are never scaled:
    # scaling blurs the pixels); otherwise one under the other, rather than overlapping
    widths = [result.filters.shape[1], result.samples.shape[1]]
    side_by_side = sum(widths) <= SIDE_BY_SIDE_PX
    f, s = st.columns(widths) if side_by_side else (st.container(), st.container())
    with f:
        st.subheader(t("rbm_filters_title"))
        _images(
            [result.filters],
            [t("rbm_filters_caption", n=result.n_filters, total=c.n_hidden)],
            "rbm_filters",
            [view.png["filters"]],
        )
    with s:
        st.subheader(t("rbm_samples_title"))
        _images(
            [result.samples],
            [t("rbm_samples_caption", steps=result.gibbs_steps)],
            "rbm_samples",
            [view.png["samples"]],
        )
    _upload(result)
