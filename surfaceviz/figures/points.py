"""The data a display draws: its checks, its per-point flags, and its drawing
(the points by class, misclassified rings, hollow test points, a slab's faded
points and a map's disagreements)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._utils.labels import differs
from .._utils.validation import check_X, check_y
from ..render import mpl2d


def check_data(X, y, X_test, y_test, *, allow_no_X=False):
    """Validated copies of the data: a dict of X, y, X_test, y_test and names."""
    if y is not None and X is None:
        raise ValueError("y was given without X; pass both or neither.")
    X_arr, names = check_X(X, allow_none=allow_no_X)
    y_arr = None if X_arr is None else check_y(y, len(X_arr))
    if y_test is not None and X_test is None:
        raise ValueError("y_test was given without X_test; pass both or neither.")
    X_test_arr, _ = check_X(X_test, "X_test", allow_none=True)
    y_test_arr = None if X_test_arr is None else check_y(y_test, len(X_test_arr), "y_test")
    return dict(X=X_arr, y=y_arr, X_test=X_test_arr, y_test=y_test_arr, names=names)


def check_predictions(name, pred, X):
    """Predicted labels aligned with ``X`` (None stays None)."""
    if pred is None:
        return None
    if X is None:
        raise ValueError(f"{name} was given without the points it belongs to.")
    return check_y(pred, len(X), name)


#: Closeness to a slice of a point one standard deviation away (RMS over the held
#: features): ``outside="hide"`` on a slice without a slab hides points beyond it.
NEAR_SLICE = float(np.exp(-0.5))
#: The faintest a point far from a slice is drawn (alpha), so that none vanishes.
FAINTEST = 0.12


def check_closeness(name, values, X):
    """Closeness to a slice per point of ``X``: floats in (0, 1] (None stays None)."""
    if values is None:
        return None
    if X is None:
        raise ValueError(f"{name} was given without the points it belongs to.")
    arr = np.asarray(values, dtype=float)
    if arr.shape != (len(X),) or not np.all((arr > 0) & (arr <= 1)):
        raise ValueError(f"{name} must be {len(X)} numbers in (0, 1]; got shape {arr.shape}.")
    return arr.copy()


@dataclass
class Points:
    """One set of drawn points (training or test) with its per-point flags."""

    X: np.ndarray | None
    y: np.ndarray | None = None
    y_pred: np.ndarray | None = None
    in_slab: np.ndarray | None = None
    disagrees: np.ndarray | None = None
    closeness: np.ndarray | None = None

    def subset(self, keep):
        if self.X is None or keep is None:
            return self
        pick = (lambda a: None if a is None else a[keep])  # noqa: E731
        return Points(self.X[keep], pick(self.y), pick(self.y_pred), pick(self.in_slab),
                      pick(self.disagrees), pick(self.closeness))

    def near(self):
        """The points within one standard deviation of a slice (all without one)."""
        return self.subset(None if self.closeness is None
                           else self.closeness >= NEAR_SLICE)

    def inside(self):
        return self.subset(self.in_slab)

    def outside(self):
        return self if self.in_slab is None else self.subset(~self.in_slab)


def check_mask(name, mask, X):
    """A boolean flag per point of ``X`` (None stays None)."""
    if mask is None:
        return None
    if X is None:
        raise ValueError(f"{name} was given without the points it belongs to.")
    arr = np.asarray(mask)
    if arr.dtype != bool or arr.shape != (len(X),):
        raise ValueError(f"{name} must be a boolean array of shape ({len(X)},); got dtype "
                         f"{arr.dtype} and shape {arr.shape}.")
    return arr.copy()


def draw_points(disp, ax, g, palette, mappable, scatter, misclassified, kw, outside=None):
    """Draw ``disp``'s data points and set its point artists: the data points, the misclassified rings, the held-out points, and a
    map's disagreements."""
    disp.scatter_, disp.misclassified_, disp.test_scatter_ = [], None, []
    disp.disagreements_, disp.faded_ = None, []
    if not scatter:
        return
    continuous_y = (disp.y is not None and g.task == "continuous"
                    and disp.y.dtype.kind in "fiub")
    train = Points(disp.X, disp.y, disp.y_pred, disp.in_slab, disp.disagrees,
                   getattr(disp, "closeness", None))
    test = Points(disp.X_test, disp.y_test, disp.y_test_pred, disp.test_in_slab,
                  disp.test_disagrees, getattr(disp, "test_closeness", None))
    by_distance = (disp.in_slab is None and disp.test_in_slab is None
                   and (train.closeness is not None or test.closeness is not None))
    if by_distance and outside == "hide":
        train, test = train.near(), test.near()
    elif not by_distance and outside == "fade":
        _draw_faded(disp, ax, palette, [train.outside(), test.outside()], kw)
    if not by_distance and outside in ("hide", "fade"):
        train, test = train.inside(), test.inside()
    if train.X is not None:
        _draw_training_points(disp, ax, train, palette, mappable, continuous_y,
                              misclassified, kw)
    if test.X is not None:
        _draw_test_points(disp, ax, test, palette, continuous_y, misclassified, kw)
    if by_distance and outside == "fade":
        _fade_by_distance(disp.scatter_, train, palette)
        _fade_by_distance(disp.test_scatter_, test, palette)
    if disp.misclassified_ is not None and (disp.grid.lift or {}).get("kind") == "slice":
        # the ring is the model at the point's own values, not the slice's colour there
        disp.misclassified_.set_label("misclassified (the model at the point's own values)")
    crosses = [P.X[P.disagrees] for P in (train, test)
               if P.X is not None and P.disagrees is not None]
    if crosses and sum(len(c) for c in crosses):
        disp.disagreements_ = mpl2d.draw_disagreements(ax, np.vstack(crosses))

def _fade_by_distance(collections, P, palette):
    """Each point's alpha by its closeness to the slice (at least
    :data:`FAINTEST`), so that points far from the slice look far."""
    if P.X is None or P.closeness is None or not collections:
        return
    alpha = np.clip(P.closeness, FAINTEST, 1.0)
    if len(collections) == 1 and len(collections[0].get_offsets()) == len(alpha):
        _scale_alpha(collections[0], alpha)
        return
    codes, _ = palette.codes(P.y)
    for code, coll in zip(np.unique(codes), collections):
        _scale_alpha(coll, alpha[codes == code])


def _scale_alpha(coll, alpha):
    """Per-point face and edge colours of ``coll`` with their alpha times ``alpha``
    (the collection's own alpha stays unset, so legend keys can be opaque)."""
    n = len(alpha)
    for get, put in ((coll.get_facecolor, coll.set_facecolor),
                     (coll.get_edgecolor, coll.set_edgecolor)):
        rgba = np.array(get(), dtype=float)
        if not len(rgba):
            continue
        rgba = np.repeat(rgba[:1], n, axis=0) if len(rgba) != n else rgba
        rgba[:, 3] *= alpha
        put(rgba)


def _draw_faded(disp, ax, palette, sets, kw):
    """Points outside a slice's slab, faint and out of the legend."""
    for P in sets:
        if P.X is None or not len(P.X):
            continue
        style = {"alpha": 0.2, "label": "_outside the slab", **kw["scatter_kw"]}
        if P.y is None:
            disp.faded_.append(mpl2d.draw_plain_scatter(ax, P.X, kw=style))
        else:
            codes, names = palette.codes(P.y)
            disp.faded_ += mpl2d.draw_classes_scatter(
                ax, P.X, codes, ["_" + n for n in names], palette.colors, kw=style)

def _draw_training_points(disp, ax, P, palette, mappable, continuous_y, misclassified,
                          kw):
    X, y = P.X, P.y
    if y is None:
        disp.scatter_ = [mpl2d.draw_plain_scatter(ax, X, kw=kw["scatter_kw"])]
    elif continuous_y:
        disp.scatter_ = [mpl2d.draw_values_scatter(ax, X, y, cmap=mappable.get_cmap(),
                                                   norm=mappable.norm, kw=kw["scatter_kw"])]
        disp.scatter_[0].set_label("_data")
    else:
        codes, names = palette.codes(y)
        disp.scatter_ = mpl2d.draw_classes_scatter(ax, X, codes, names, palette.colors,
                                                   kw=kw["scatter_kw"])
        if misclassified and P.y_pred is not None:
            wrong = differs(P.y_pred, y)
            if wrong.any():
                disp.misclassified_ = mpl2d.draw_misclassified(
                    ax, X[wrong], kw=kw["misclassified_kw"])

def _draw_test_points(disp, ax, P, palette, continuous_y, misclassified, kw):
    X, y = P.X, P.y
    if y is None or continuous_y:
        disp.test_scatter_ = [mpl2d.draw_plain_scatter(
            ax, X, hollow=True, label="test", kw=kw["test_kw"], kw_name="test_kw")]
        return
    codes, names = palette.codes(y)
    disp.test_scatter_ = mpl2d.draw_classes_scatter(
        ax, X, codes, names, palette.colors, hollow=True, name_suffix=" (test)",
        kw=kw["test_kw"], kw_name="test_kw")
    if misclassified and P.y_pred is not None:
        wrong = differs(P.y_pred, y)
        if wrong.any():
            ring = mpl2d.draw_misclassified(ax, X[wrong], label="_misclassified test",
                                            kw=kw["misclassified_kw"])
            if disp.misclassified_ is None:
                ring.set_label("misclassified")
                disp.misclassified_ = ring
