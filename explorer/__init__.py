"""Initialization explorer: why deep networks fail to learn when badly initialized.

The public engine API (see ``DESIGN.md``)::

    from explorer import ACTIVATIONS, INITIALIZERS, Network, load_dataset
"""

from .activations import ACTIVATIONS
from .datasets import DATASETS, Dataset, load_dataset
from .initializers import INITIALIZERS
from .network import Network, Trace

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITIALIZERS",
    "Dataset",
    "Network",
    "Trace",
    "load_dataset",
]
