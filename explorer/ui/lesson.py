"""Placeholder until this tab is built (replaced in the same change)."""

import streamlit as st


def render_lesson(cfg) -> None:
    """Draw the tab."""
    st.info("This tab is being built.")
