"""Shared test settings."""

import os

import numpy  # noqa: F401  (load OpenBLAS first: threadpoolctl limits only loaded libraries)
import pytest
from threadpoolctl import threadpool_limits

# The app runs BLAS on one thread (explorer/ui/main.py); so do the tests. On a shared 2-core
# machine a second BLAS thread makes the small matrices here many times slower.
threadpool_limits(limits=1, user_api="blas")

# Each test decides what the job service computes: no warming ahead (explorer/ui/stores.py),
# in AppTest and in the servers the browser tests start.
os.environ["EXPLORER_WARM"] = "0"


@pytest.fixture
def korean_clicks():
    """AppTest formats the widgets' options for a click outside the script run, in this
    thread's language: make it Korean while the page is."""
    from explorer.ui.i18n import set_lang

    set_lang("ko")
    yield
    set_lang("en")


@pytest.fixture
def fresh_caches():
    """Streamlit's caches emptied before and after the test: a fresh job service (and its
    store of finished results) and no cached views."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
