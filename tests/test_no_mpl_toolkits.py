"""Every public function works with mpl_toolkits unimportable.

matplotlib itself tries ``from mpl_toolkits.mplot3d import Axes3D`` when its
projections load (and only warns when that fails, as in mixed installs);
surfaceviz never imports it. The test blocks mpl_toolkits before anything is
imported and runs every public drawing function: all must work, and 3-D
comes from plotly.
"""

import subprocess
import sys

CODE = r"""
import sys
import warnings
sys.modules["mpl_toolkits"] = None          # any import of it now fails
sys.modules["mpl_toolkits.mplot3d"] = None
warnings.filterwarnings("ignore", message="Unable to import Axes3D")
import matplotlib
matplotlib.use("Agg")
import numpy as np
import surfaceviz as sv
from surfaceviz import views, datasets
from sklearn.linear_model import LogisticRegression

X, y = sv.load_moons(120)
model = LogisticRegression().fit(X, y)
disp = sv.plot_decision_surface(model, X, y, resolution=30)
disp.plot(kind="image")
disp.plot_3d()
disp.to_plotly()
grid = sv.evaluate_grid(model, X, resolution=20, refine=True)
sv.DecisionSurfaceDisplay(grid, X=X, y=y).plot()
sv.plot_function(lambda a, b: a * b)
sv.plot_function_3d(lambda a, b: a * b)
sv.plot_comparison([model], X, y)
mlp = sv.MLPClassifier((8,), max_epochs=3).fit(X, y)
views.plot_training_history(mlp)
views.plot_confusion_matrix(y, mlp.predict(X))
views.plot_misclassified(np.random.rand(120, 4), y, mlp.predict(X))
sv.make_moons_pipeline("rbf-svc").fit(X, y)
datasets.load_digits_split()
bad = [m for m in sys.modules if m.startswith("mpl_toolkits") and sys.modules[m] is not None]
print("MPL_TOOLKITS", bad)
"""


def test_no_mpl_toolkits_anywhere():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "MPL_TOOLKITS []" in out.stdout


def test_source_never_names_mpl_toolkits():
    import pathlib

    import surfaceviz

    root = pathlib.Path(surfaceviz.__file__).parent
    for path in root.rglob("*.py"):
        assert "mpl_toolkits" not in path.read_text(), path
