"""Where two surfaces differ: the computation behind decision diffs and
surface regression tests (no drawing here).

:func:`compare_surfaces` lines up two :class:`~surfaceviz.SurfaceGrid` objects
(same grid, or a clear error) and returns a :class:`SurfaceDiff`: for class
maps, the grid points whose predicted *label* differs; for continuous
surfaces, the points whose values differ beyond the tolerances.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._utils.labels import label_keys
from .._utils.validation import check_range


@dataclass(frozen=True)
class SurfaceDiff:
    """How two surfaces on one grid differ.

    Attributes
    ----------
    changed : ndarray of bool, shape (ny, nx)
        Grid points whose class (class maps) or value (continuous surfaces) differs.
    kind : {"classes", "values"}
    share : float
        ``changed.mean()``: the share of the plane that changed.
    largest : float
        Continuous: the largest absolute difference; class maps: the number of
        changed points.
    labels_a, labels_b : ndarray of shape (ny, nx) or None
        The predicted label of every grid point under each surface (class maps).
    x, y : ndarray
        The grid's coordinates.
    """

    changed: np.ndarray
    kind: str
    share: float
    largest: float
    labels_a: np.ndarray | None
    labels_b: np.ndarray | None
    x: np.ndarray
    y: np.ndarray

    @property
    def bounds(self):
        """``((x_min, x_max), (y_min, y_max))`` of the changed points, or None."""
        if not self.changed.any():
            return None
        iy, ix = np.nonzero(self.changed)
        return ((float(self.x[ix.min()]), float(self.x[ix.max()])),
                (float(self.y[iy.min()]), float(self.y[iy.max()])))

    def pairs(self):
        """``[(label under a, label under b, share of the plane)]`` of the changes,
        largest first (class maps only)."""
        if self.kind != "classes" or not self.changed.any():
            return []
        a, b = self.labels_a[self.changed], self.labels_b[self.changed]
        keys = {}
        for la, lb in zip(a.tolist(), b.tolist()):
            keys[(la, lb)] = keys.get((la, lb), 0) + 1
        total = self.changed.size
        return sorted(((la, lb, n / total) for (la, lb), n in keys.items()),
                      key=lambda t: -t[2])

    def summary(self):
        """One sentence: the share changed, the largest difference and where."""
        where = self.bounds
        text = (f"{self.share:.4%} of the grid's {self.changed.size:,} points changed "
                f"({int(self.changed.sum()):,})")
        if self.kind == "values":
            text += f"; largest difference {self.largest:.6g}"
        if where is not None:
            text += (f"; changes lie in x in [{where[0][0]:.6g}, {where[0][1]:.6g}], "
                     f"y in [{where[1][0]:.6g}, {where[1][1]:.6g}]")
        return text


def check_tolerances(rtol, atol, max_changed=0.0):
    """The tolerances of a comparison: finite numbers >= 0, ``max_changed`` a share."""
    check_range("rtol", rtol, 0)
    check_range("atol", atol, 0)
    check_range("max_changed", max_changed, 0, 1, include_high=True)


def compare_surfaces(a, b, *, rtol=1e-7, atol=1e-12):
    """Where surfaces ``a`` and ``b`` differ.

    Parameters
    ----------
    a, b : SurfaceGrid
        On the same grid (shape and coordinates).
    rtol, atol : float
        Tolerances of a continuous surface's values (as :func:`numpy.isclose`).

    Returns
    -------
    SurfaceDiff

    Raises
    ------
    ValueError
        Grids of other shapes or bounds, or a class map against a continuous
        surface (the message says which).
    """
    from .surface import SurfaceGrid

    check_tolerances(rtol, atol)
    for name, g in (("actual", a), ("expected", b)):
        if not isinstance(g, SurfaceGrid):
            raise TypeError(f"{name} must be a SurfaceGrid; got {type(g).__name__}.")
    if a.shape != b.shape:
        raise ValueError(f"the surfaces lie on different grids: shape {a.shape} (ny, nx) "
                         f"against {b.shape}; evaluate both at one resolution.")
    scale = max(np.ptp(b.x), np.ptp(b.y), 1e-300)
    if not (np.allclose(a.x, b.x, rtol=0, atol=1e-9 * scale)
            and np.allclose(a.y, b.y, rtol=0, atol=1e-9 * scale)):
        raise ValueError(
            f"the surfaces lie on different grids: x in [{a.x[0]:.6g}, {a.x[-1]:.6g}], y in "
            f"[{a.y[0]:.6g}, {a.y[-1]:.6g}] against x in [{b.x[0]:.6g}, {b.x[-1]:.6g}], y in "
            f"[{b.y[0]:.6g}, {b.y[-1]:.6g}]; pass the same xlim/ylim (or data) to both.")
    classes_a, classes_b = a.task != "continuous", b.task != "continuous"
    if classes_a != classes_b:
        raise ValueError(f"cannot compare a {a.task} surface with a {b.task} one: one is a "
                         "class map, the other continuous values.")
    if classes_a:
        la, lb = class_labels(a), class_labels(b)
        changed = la != lb
        return SurfaceDiff(changed, "classes", float(changed.mean()), float(changed.sum()),
                           la, lb, a.x, a.y)
    va, vb = np.asarray(a.values, float), np.asarray(b.values, float)
    close = np.isclose(va, vb, rtol=rtol, atol=atol, equal_nan=True)
    changed = ~close if close.ndim == 2 else ~close.all(axis=-1)
    diff = np.abs(va - vb)
    diff = diff[np.isfinite(diff)]
    return SurfaceDiff(changed, "values", float(changed.mean()),
                       float(diff.max()) if diff.size else 0.0, None, None, a.x, a.y)


def class_labels(g):
    """The predicted class of every grid point as comparable label keys (object array)."""
    keys = np.array(label_keys(g.classes) + [None], dtype=object)
    index = g.predicted()
    index = np.where(g.valid, index, len(keys) - 1)  # "no value" compares as its own class
    return keys[index]


def smallest(g):
    """A copy of ``g`` that stores only what a regression test compares: class maps
    as the predicted class in the smallest integer type; continuous values as they are."""
    from dataclasses import replace

    if g.task == "continuous":
        return g
    index = g.predicted()
    dtype = np.min_scalar_type(max(len(g.classes) - 1, 0))
    return replace(g, values=index.astype(dtype), task="labels", response="predict",
                   threshold=None, pos_label=None, class_of_interest=None)
