"""Shared test settings."""

import sys
from pathlib import Path

import numpy  # noqa: F401  (load OpenBLAS first: threadpoolctl limits only loaded libraries)
from threadpoolctl import threadpool_limits

# The one server and browser helper lives beside the scripts that also use it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

# The app runs BLAS on one thread (explorer/ui/main.py); so do the tests. On a shared 2-core
# machine a second BLAS thread makes the small matrices here many times slower.
threadpool_limits(limits=1, user_api="blas")
