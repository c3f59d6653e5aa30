"""Initialization explorer: why deep networks fail to learn when badly initialized.

The public engine API (``docs/architecture.md`` describes the layers)::

    from explorer import (ACTIVATIONS, INITIALIZERS, Network, RBM, pretrain_dbn, train,
                          load_dataset)
"""

from .activations import ACTIVATIONS
from .datasets import DATASETS, Dataset, load_dataset
from .dbn import layer_reconstructions, pretrain_dbn
from .initializers import INITIALIZERS
from .network import Network, Trace
from .rbm import RBM, RBMHistory
from .theory import Prediction, predict
from .train import History, TrainResult, train, train_val_split

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITIALIZERS",
    "RBM",
    "Dataset",
    "History",
    "Network",
    "Prediction",
    "RBMHistory",
    "Trace",
    "TrainResult",
    "layer_reconstructions",
    "load_dataset",
    "predict",
    "pretrain_dbn",
    "train",
    "train_val_split",
]
