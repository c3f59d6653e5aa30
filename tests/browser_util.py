"""What the real-browser tests add to ``scripts/appserver.py`` (the one server and Chromium
helper): the rule that a missing browser fails in CI and is skipped elsewhere.

Used by ``tests/browser/``. Under ``CI=true`` a missing browser or Playwright is a failure,
elsewhere the tests are skipped with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from appserver import CHROMIUM


def in_ci() -> bool:
    """True when the ``CI`` environment variable says so."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_browser():
    """Playwright's ``sync_playwright``, or fail (CI) / skip (elsewhere) with the reason."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        reason = "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if reason is not None:
        if in_ci():
            pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return sync_playwright
