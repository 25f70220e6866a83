import os

# Keras 3 runs its tests on the torch backend (set before anything imports keras)
os.environ.setdefault("KERAS_BACKEND", "torch")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402
from sklearn.datasets import load_iris, make_moons  # noqa: E402

# CI runs the properties on a fixed sequence of examples (HYPOTHESIS_PROFILE=ci in
# .ci/run): a merge is judged on the examples every run draws, and a new bug found
# by a random local run (the default profile) becomes an @example there.
_hypothesis_settings.register_profile("ci", derandomize=True, database=None,
                                      print_blob=True)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def moons():
    X, y = make_moons(120, noise=0.25, random_state=0)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


@pytest.fixture(scope="session")
def iris2():
    data = load_iris()
    X = data.data[:, :2].copy()
    y = data.target.copy()
    return X, y


@pytest.fixture(scope="session")
def iris():
    """All four iris features: (X, y)."""
    X, y = load_iris(return_X_y=True)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


@pytest.fixture(scope="session")
def iris_logreg(iris):
    """A logistic regression fitted on the four iris features."""
    from sklearn.linear_model import LogisticRegression

    X, y = iris
    return LogisticRegression(max_iter=1000).fit(X, y)


@pytest.fixture(scope="session")
def mixed_frame():
    """A pipeline on a DataFrame of float, integer, text, categorical and boolean
    columns: ``(model, X, y)``."""
    pd = pytest.importorskip("pandas")
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    rng = np.random.default_rng(0)
    n = 120
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n),
                      "k": rng.integers(0, 5, n), "s": rng.choice(["x", "y"], n),
                      "c": pd.Categorical(rng.choice(["p", "q"], n)), "t": rng.random(n) > 0.5})
    y = (X.a + X.b > 0).astype(int)
    encode = make_column_transformer((OneHotEncoder(), ["s", "c"]), remainder="passthrough")
    return make_pipeline(encode, LogisticRegression()).fit(X, y), X, y


def kaleido_png(fig, **kwargs):
    """``fig.to_image(format="png")``, retried when kaleido's headless Chromium was not
    ready (its "kaleido_scopes is not defined" start-up race, seen under load); any
    other error, or the same one three times, is raised."""
    for attempt in range(3):
        try:
            return fig.to_image(format="png", **kwargs)
        except Exception as exc:  # kaleido's JavascriptError: its class is private
            if "kaleido_scopes is not defined" not in str(exc) or attempt == 2:
                raise


@pytest.fixture
def new_ax():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=80)
    return ax


def snapshot(*arrays):
    """Copies to compare against later (inputs must never be modified)."""
    return [np.array(a, copy=True) for a in arrays]
