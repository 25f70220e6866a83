"""Shared benchmark harness: models, one case per fresh process, tables."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

MODELS = ("rbf-svc", "knn", "forest", "mlp", "poly-linear-svc")


def make_model(name):
    """An unfitted model by benchmark name."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier

    from surfaceviz.pipelines import make_moons_pipeline

    if name == "mlp":
        return MLPClassifier((64, 64), max_iter=300, random_state=0)
    if name == "knn":
        return KNeighborsClassifier(15)
    if name == "forest":
        return RandomForestClassifier(100, random_state=0)
    return make_moons_pipeline(name)


def fitted(name):
    """``(model, X, y)``: the model fitted on 1,000 moons points."""
    from surfaceviz.datasets import load_moons

    X, y = load_moons(1000, noise=0.25, random_state=0)
    return make_model(name).fit(X, y), X, y


def sklearn_grid_limits(X):
    """Bounds of scikit-learn's grid with eps=1 (the data range +- 1)."""
    return ((X[:, 0].min() - 1.0, X[:, 0].max() + 1.0),
            (X[:, 1].min() - 1.0, X[:, 1].max() + 1.0))


def measure(draw):
    """Run ``draw(ax)`` and save a PNG; return seconds and peak memory (MB)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    start = time.perf_counter()
    fig, ax = plt.subplots()
    extra = draw(ax) or {}
    fig.savefig(out)
    seconds = time.perf_counter() - start
    os.unlink(out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, **extra}


def run_in_fresh_process(script, *args):
    """Run ``script --case args...``; return its JSON result, or None on failure."""
    proc = subprocess.run([sys.executable, script, "--case", *map(str, args)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"  case {args} failed: {proc.stderr.strip()[-400:]}", flush=True)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])
