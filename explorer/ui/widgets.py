"""Widgets named by their text key: a widget's key is also the key of its label in
:mod:`explorer.ui.i18n` (and of its help text, ``<key>_help``), so a tab names each setting
once.
"""

from __future__ import annotations

from collections.abc import Sequence

from explorer.ui.i18n import labels, t

__all__ = ["lazy_expander", "number", "select"]


def select(where, key: str, options: Sequence, prefix: str, *, text: str | None = None, **kw):
    """A select box whose options are labelled by their texts.

    Parameters
    ----------
    where : streamlit container
        ``st``, a column, the sidebar, ...
    key : str
        The widget's key, and its label's text key unless ``text`` is given.
    options : sequence
        The options, passed on as they are.
    prefix : str
        An option's label is the text ``prefix + str(option)``.
    text : str, optional
        The label's text key.
    **kw
        Further arguments of ``selectbox`` (``on_change``, ``help``, ...).

    Returns
    -------
    object
        The selected option.
    """
    return where.selectbox(
        t(text or key), options, key=key, format_func=labels(options, prefix), **kw
    )


def number(where, key: str, step: float, *, helped: bool = True, **kw):
    """A number input labelled by the text ``key``, with the help text ``<key>_help``.

    Parameters
    ----------
    where : streamlit container
    key : str
        The widget's key and its label's text key.
    step : float
        The step of the + and - buttons.
    helped : bool
        Whether the text ``<key>_help`` exists and is shown as the help.
    **kw
        Further arguments of ``number_input`` (``format``, ...).

    Returns
    -------
    int or float
        The value.
    """
    help_ = t(f"{key}_help") if helped else None
    return where.number_input(t(key), key=key, step=step, help=help_, **kw)


def lazy_expander(where, key: str, **kw):
    """An expander whose body is built only while it is open, labelled by the text ``key``.

    Opening or closing it reruns the script (Streamlit's ``on_change="rerun"``), so a closed
    expander costs the page its label alone: nothing of its body is computed, sent or drawn.
    Its state is ``st.session_state[key]`` (``True`` when open).

    Parameters
    ----------
    where : streamlit container
        Where it goes: ``st``, a column, the sidebar, ...
    key : str
        The expander's key and its label's text key.
    **kw
        Further arguments of ``expander`` (``icon``, ...).

    Returns
    -------
    ExpanderContainer or None
        The expander to fill (``with box: ...``) when it is open, else ``None``.

    Examples
    --------
    >>> if (box := lazy_expander(st.sidebar, "sb_share")) is not None:  # doctest: +SKIP
    ...     with box:
    ...         st.code(link)
    """
    box = where.expander(t(key), key=key, on_change="rerun", **kw)
    return box if box.open else None
