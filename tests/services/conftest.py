"""Fixtures of the service tests."""

import pytest


@pytest.fixture(scope="session")
def digits_split():
    """The digits split of seed 0, as the RBM and DBN tabs load it (read-only arrays)."""
    from explorer.services.rbm import load_split

    return load_split("digits", 0)
