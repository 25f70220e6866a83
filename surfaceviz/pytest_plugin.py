"""pytest plugin: decision-surface regression tests (the ``surface_regression`` fixture).

Registered through the ``pytest11`` entry point when surfaceviz is installed::

    def test_my_model(surface_regression):
        model = train_my_model()
        surface_regression.check(model, X)          # or a SurfaceGrid

The first run (or one with ``--surface-regen``) saves the baseline
``surface_baselines/<test>.npz`` beside the test file (``<test>`` is the test's
id within its file, ``TestClass.test_name`` for a test in a class, with
``-<name>`` for a named check; an id with characters outside
``[A-Za-z0-9_.-]`` gets them replaced and ``~`` and a short hash of the id
appended, so no two tests or names share a baseline) (class maps as the
smallest integer type, compressed); later runs compare with it through
:func:`surfaceviz.testing.assert_surfaces_close`. Failures leave a diff picture
under ``--surface-results`` (default ``surface-results``) and an HTML summary,
``surface-results/summary.html``, as pytest-mpl does for images.
"""

from __future__ import annotations

import hashlib
import html
import os
import re

import pytest

#: Folder of the baselines, beside each test file.
BASELINE_DIR = "surface_baselines"

_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _file_stem(text):
    """``text`` as a file-name part, one-to-one: kept when safe, else cleaned plus a hash."""
    if _SAFE.fullmatch(text):
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)[:80] + "~" + digest


def _legacy_stem(node_name, name):
    """The baseline name of surfaceviz 0.2 (not unique across classes and names)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", node_name)
    if name is not None:
        stem += "-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name))
    return stem


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
        """Where this test's baseline lives (``name`` tells several checks apart).

        One file per test id within its file (the class included) and per
        ``name``: two tests, or two names, never share a baseline.
        """
        return self._path(self._stem(name))

    def _stem(self, name):
        node = self._request.node
        test_id = node.nodeid.split("::", 1)[-1].replace("::", ".")
        stem = _file_stem(test_id)
        if name is not None:
            stem += "-" + _file_stem(str(name))
        return stem

    def _path(self, stem):
        folder = os.path.join(os.path.dirname(str(self._request.node.path)), BASELINE_DIR)
        return os.path.join(folder, stem + ".npz")

    def _check_renamed(self, path, name):
        """Fail clearly when only a baseline under the 0.2 name exists."""
        legacy = self._path(_legacy_stem(self._request.node.name, name))
        if legacy != path and os.path.exists(legacy):
            pytest.fail(f"this test's baseline is now {path}; {legacy} has the name surfaceviz "
                        "0.2 gave it (not unique across classes and names). Rename it, or "
                        "run with --surface-regen to write the new one.", pytrace=False)

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
        from .evaluation.diff import check_tolerances, smallest
        from .evaluation.surface import SurfaceGrid
        from .testing import MAX_CHANGED, assert_surfaces_close

        max_changed = MAX_CHANGED if max_changed is None else max_changed
        check_tolerances(rtol, atol, max_changed)
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
        regen = config.getoption("--surface-regen")
        if not regen and not os.path.lexists(path):
            self._check_renamed(path, name)
        if regen or not os.path.lexists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            smallest(grid).save(path)
            self._record.append({"test": self._request.node.nodeid, "status": "written",
                                 "baseline": path})
            return grid
        results = config.getoption("--surface-results")
        picture = os.path.join(results, os.path.basename(path)[:-4] + ".png")
        try:
            assert_surfaces_close(grid, path, diff_path=picture, rtol=rtol, atol=atol,
                                  max_changed=max_changed)
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
