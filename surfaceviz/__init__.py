"""surfaceviz: what a fitted classifier has learned, drawn as a decision surface.

Importing the package is cheap: matplotlib's pyplot, scikit-learn's heavier
modules and optional packages (tqdm, pandas, plotly, cupy) are imported where
they are first used.
"""

from ._utils.io import FileFormatError
from .figures.display import DecisionSurfaceDisplay, plot_decision_surface
from .evaluation.plan import evaluate_grid
from .evaluation.grid import GridSpec
from .evaluation.response import EvaluationError
from .evaluation.surface import SurfaceGrid

__version__ = "0.2.0"

#: Public names imported on first use (they need scikit-learn's base classes).
_LAZY = {
    "MLPClassifier": "surfaceviz.mlp",
    "TrainingDivergedError": "surfaceviz.mlp",
    "load_mnist": "surfaceviz.datasets",
    "load_fashion_mnist": "surfaceviz.datasets",
    "load_moons": "surfaceviz.datasets",
    "make_moons_pipeline": "surfaceviz.pipelines",
    "plot_comparison": "surfaceviz.figures.compare",
    "plot_slices": "surfaceviz.figures.slices",
    "plot_decision_diff": "surfaceviz.figures.decision_diff",
    "plot_surface_diff": "surfaceviz.figures.decision_diff",
    "assert_surfaces_close": "surfaceviz.testing",
    "animate_training": "surfaceviz.figures.animate",
    "watch": "surfaceviz.figures.watch",
    "plot_neurons": "surfaceviz.figures.neurons",
    "plot_decision_matrix": "surfaceviz.figures.slices",
    "plot_function": "surfaceviz.figures.functions",
    "plot_function_3d": "surfaceviz.figures.functions",
    "FunctionDisplay": "surfaceviz.figures.functions",
    "Explorer": "surfaceviz.figures.explore",
    "explore": "surfaceviz.figures.explore_widget",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'surfaceviz' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "DecisionSurfaceDisplay",
    "FunctionDisplay",
    "MLPClassifier",
    "TrainingDivergedError",
    "load_fashion_mnist",
    "load_mnist",
    "load_moons",
    "make_moons_pipeline",
    "plot_comparison",
    "plot_decision_matrix",
    "plot_decision_diff",
    "plot_surface_diff",
    "assert_surfaces_close",
    "animate_training",
    "watch",
    "plot_neurons",
    "plot_slices",
    "plot_function",
    "plot_function_3d",
    "EvaluationError",
    "FileFormatError",
    "GridSpec",
    "SurfaceGrid",
    "evaluate_grid",
    "plot_decision_surface",
    "Explorer",
    "explore",
    "__version__",
]
