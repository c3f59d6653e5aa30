"""Initialization explorer: why deep networks fail to learn when badly initialized.

The public engine API (see ``DESIGN.md``)::

    from explorer import ACTIVATIONS, INITIALIZERS, Network, load_dataset
"""

from .activations import ACTIVATIONS
from .datasets import DATASETS, Dataset, load_dataset
from .initializers import INITIALIZERS
from .network import Network, Trace
from .theory import Prediction, predict
from .train import History, TrainResult, train, train_val_split

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITIALIZERS",
    "Dataset",
    "History",
    "Network",
    "Prediction",
    "Trace",
    "TrainResult",
    "load_dataset",
    "predict",
    "train",
    "train_val_split",
]
