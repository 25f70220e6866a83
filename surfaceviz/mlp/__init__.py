"""The bundled NumPy multi-layer perceptron.

``MLPClassifier`` (scikit-learn compatible) lives in :mod:`.estimator`; the
network, its activations, costs and optimisers in their own modules.
"""

from .estimator import MLPClassifier, TrainingDivergedError
from .network import Network

__all__ = ["MLPClassifier", "Network", "TrainingDivergedError"]
