"""Fixtures of the data tests: no network, and a cache of small fake MNIST files."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request

import pytest
from mnist_files import FAKE

from explorer.data import mnist


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any download attempt fails as if offline, unless a test installs its own urlopen."""

    def offline(url, *args, **kwargs):
        raise urllib.error.URLError("network disabled in tests")

    monkeypatch.setattr(urllib.request, "urlopen", offline)


@pytest.fixture
def fake_hashes(monkeypatch):
    table = {name: hashlib.sha256(data).hexdigest() for name, data in FAKE.items()}
    monkeypatch.setattr(mnist, "MNIST_SHA256", table)
    return table


@pytest.fixture
def fake_mnist(tmp_path, fake_hashes):
    """A cache directory holding the fake MNIST files, whose hashes are the expected ones."""
    cache = tmp_path / "mnist"
    cache.mkdir()
    for name, data in FAKE.items():
        (cache / name).write_bytes(data)
    return cache
