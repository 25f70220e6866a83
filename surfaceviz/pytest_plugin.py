"""pytest plugin: decision-surface regression tests (the ``surface_regression`` fixture).

Registered through the ``pytest11`` entry point when surfaceviz is installed::

    def test_my_model(surface_regression):
        model = train_my_model()
        surface_regression.check(model, X)          # or a SurfaceGrid

The first run (or one with ``--surface-regen``) saves the baseline
``surface_baselines/<test name>.npz`` beside the test file (class maps as the
smallest integer type, compressed); later runs compare with it through
:func:`surfaceviz.testing.assert_surfaces_close`. Failures leave a diff picture
under ``--surface-results`` (default ``surface-results``) and an HTML summary,
``surface-results/summary.html``, as pytest-mpl does for images.
"""

from __future__ import annotations

import html
import os
import re

import pytest

#: Folder of the baselines, beside each test file.
BASELINE_DIR = "surface_baselines"


def pytest_addoption(parser):
    group = parser.getgroup("surfaceviz", "decision-surface regression tests")
    group.addoption("--surface-regen", action="store_true", default=False,
                    help="write (or rewrite) the surface baselines instead of comparing")
    group.addoption("--surface-results", default="surface-results",
                    help="folder of the diff pictures and summary.html (default: "
                         "surface-results)")


class SurfaceRegression:
    """The fixture's object: :meth:`check` a model or a surface against its baseline."""

    def __init__(self, request, record):
        self._request = request
        self._record = record
        self._count = 0

    def baseline_path(self, name=None):
        """Where this test's baseline lives (``name`` tells several checks apart)."""
        node = self._request.node
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", node.name)
        if name is not None:
            stem += "-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name))
        folder = os.path.join(os.path.dirname(str(node.path)), BASELINE_DIR)
        return os.path.join(folder, stem + ".npz")

    def check(self, model_or_grid, X=None, *, name=None, max_changed=None, rtol=1e-7,
              atol=1e-12, **options):
        """Compare with the baseline (saving it on the first run or with ``--surface-regen``).

        Parameters
        ----------
        model_or_grid : SurfaceGrid, estimator or callable
            A surface, or a model evaluated on ``X`` with ``options`` (see
            :func:`surfaceviz.evaluate_grid`).
        X : array-like, default=None
            The data (for a model).
        name : str, default=None
            Tells several checks of one test apart.
        max_changed, rtol, atol
            As :func:`surfaceviz.testing.assert_surfaces_close`.

        Returns
        -------
        SurfaceGrid
            The surface compared.
        """
        from .evaluation.diff import smallest
        from .evaluation.surface import SurfaceGrid
        from .testing import MAX_CHANGED, assert_surfaces_close

        if name is None and self._count:
            name = str(self._count)
        self._count += 1
        if isinstance(model_or_grid, SurfaceGrid):
            grid = model_or_grid
        else:
            if X is None:
                raise TypeError("surface_regression.check needs X to evaluate a model.")
            from .evaluation.plan import evaluate_grid

            grid = evaluate_grid(model_or_grid, X, **options)
        path = self.baseline_path(name)
        config = self._request.config
        if config.getoption("--surface-regen") or not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            smallest(grid).save(path)
            self._record.append({"test": self._request.node.nodeid, "status": "written",
                                 "baseline": path})
            return grid
        results = config.getoption("--surface-results")
        picture = os.path.join(results, os.path.basename(path)[:-4] + ".png")
        try:
            assert_surfaces_close(grid, path, diff_path=picture, rtol=rtol, atol=atol,
                                  max_changed=MAX_CHANGED if max_changed is None
                                  else max_changed)
        except AssertionError as exc:
            self._record.append({"test": self._request.node.nodeid, "status": "failed",
                                 "baseline": path, "picture": picture, "message": str(exc)})
            raise
        self._record.append({"test": self._request.node.nodeid, "status": "passed",
                             "baseline": path})
        return grid


_RECORD_KEY = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[_RECORD_KEY] = []


@pytest.fixture
def surface_regression(request):
    """Compare a decision surface with its saved baseline (see the module's doc)."""
    return SurfaceRegression(request, request.config.stash[_RECORD_KEY])


def pytest_sessionfinish(session, exitstatus):
    """Write the HTML summary of the failed comparisons (with their pictures)."""
    record = session.config.stash.get(_RECORD_KEY, [])
    failed = [r for r in record if r["status"] == "failed"]
    if not failed:
        return
    from ._utils.io import atomic_write

    results = session.config.getoption("--surface-results")
    os.makedirs(results, exist_ok=True)
    rows = []
    for r in failed:
        picture = os.path.relpath(r["picture"], results)
        rows.append(f"<h2>{html.escape(r['test'])}</h2><p>{html.escape(r['message'])}</p>"
                    f'<img src="{html.escape(picture)}" style="max-width:100%">')
    page = ("<!doctype html><meta charset='utf-8'><title>surface regressions</title>"
            f"<h1>{len(failed)} surface regression(s)</h1>" + "".join(rows))
    atomic_write(os.path.join(results, "summary.html"),
                 lambda f: f.write(page.encode("utf-8")))
