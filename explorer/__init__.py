"""Initialization explorer: why deep networks fail to learn when badly initialized.

The public engine API (``docs/architecture.md`` describes the layers)::

    from explorer import (ACTIVATIONS, INITIALIZERS, Network, RBM, pretrain_dbn, train,
                          load_dataset)
"""

from explorer.data.datasets import DATASETS, Dataset, load_dataset
from explorer.engine.activations import ACTIVATIONS
from explorer.engine.dbn import layer_reconstructions, pretrain_dbn
from explorer.engine.initializers import INITIALIZERS
from explorer.engine.network import Network, Trace
from explorer.engine.rbm import RBM, RBMHistory
from explorer.engine.theory import Prediction, predict
from explorer.engine.train import History, TrainResult, train, train_val_split

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
