"""Shared test settings."""

import os

import numpy  # noqa: F401  (load OpenBLAS first: threadpoolctl limits only loaded libraries)
from threadpoolctl import threadpool_limits

# The app runs BLAS on one thread (explorer/ui/main.py); so do the tests. On a shared 2-core
# machine a second BLAS thread makes the small matrices here many times slower.
threadpool_limits(limits=1, user_api="blas")

# Each test decides what the job service computes: no warming ahead (explorer/ui/stores.py),
# in AppTest and in the servers the browser tests start.
os.environ["EXPLORER_WARM"] = "0"
