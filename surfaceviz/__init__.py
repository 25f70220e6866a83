"""surfaceviz: what a fitted classifier has learned, drawn as a decision surface.

Importing the package is cheap: matplotlib's pyplot, scikit-learn's heavier
modules and optional packages (tqdm, pandas, plotly, cupy) are imported where
they are first used.
"""

from .display import DecisionSurfaceDisplay, plot_decision_surface
from .evaluate import evaluate_grid
from .grid import GridSpec
from .response import EvaluationError
from .surface import SurfaceGrid

__version__ = "0.1.0"

__all__ = [
    "DecisionSurfaceDisplay",
    "EvaluationError",
    "GridSpec",
    "SurfaceGrid",
    "evaluate_grid",
    "plot_decision_surface",
    "__version__",
]
