"""`SurfaceGrid`: an evaluated surface as plain host data.

A :class:`SurfaceGrid` knows nothing of models or of drawing: it holds the
grid coordinates, the evaluated values and what they mean, and derives from
them what the renderers need (predicted class per pixel, per-class margins,
confidence). It saves to and loads from ``.npz``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import numpy as np

from .._utils.io import (FileFormatError, decode_labels, encode_labels, load_json, open_npz,
                         read_array, save_npz)
from .._utils.labels import class_index, positive_index

TASKS = ("binary", "multiclass", "labels", "continuous")
LIFT_KINDS = ("slice", "projection", "strip", "average")
_FORMAT_VERSION = 1
#: Most characters of a stored lift description.


@dataclass(eq=False)
class SurfaceGrid:
    """Values of a model's response on a regular grid.

    Parameters
    ----------
    x : ndarray of shape (nx,)
        Coordinates of the grid along the first feature (increasing).
    y : ndarray of shape (ny,)
        Coordinates along the second feature (increasing).
    values : ndarray of shape (ny, nx) or (ny, nx, n_classes)
        ``values[j, i]`` is the response at ``(x[i], y[j])``: a positive-class
        score (``task="binary"``), per-class scores (``"multiclass"``), an
        index into ``classes`` (``"labels"``) or a real value
        (``"continuous"``).
    response : str
        The method that produced the values: ``"decision_function"``,
        ``"predict_proba"``, ``"predict"`` or ``"callable"``.
    task : {"binary", "multiclass", "labels", "continuous"}
        How to read ``values``.
    classes : ndarray of shape (n_classes,), default=None
        Class labels, in the order of the model's outputs.
    threshold : float, default=None
        The decision level of a binary score (0 or 0.5).
    pos_label : label, default=None
        The class a binary score speaks for.
    class_of_interest : label, default=None
        When set on a multiclass surface, the class whose score is drawn.
    feature_names : tuple of (str, str), default=None
        Names of the two features.
    n_evaluated : int, default=None
        How many grid points the model was evaluated at (fewer than the grid
        size after adaptive refinement; the rest were interpolated).
    lift : dict, default=None
        What the plane is for a model on more or fewer than two features
        (plain data, saved with the surface): ``kind`` ``"slice"`` (with
        ``features``, ``fill``, ``slice_width``), ``"projection"`` (with
        ``projection``, ``axes``, ``fidelity``, ``fidelity_on``) or ``"strip"``
        (one feature; ``values`` has one row). None: the model's own two
        features.
    """

    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    response: str
    task: str
    classes: np.ndarray | None = None
    threshold: float | None = None
    pos_label: object = None
    class_of_interest: object = None
    feature_names: tuple | None = None
    n_evaluated: int | None = None
    lift: dict | None = None

    def __post_init__(self):
        self.x = np.asarray(self.x)
        self.y = np.asarray(self.y)
        self.values = np.asarray(self.values)
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}; got {self.task!r}.")
        for name in ("x", "y"):
            axis = getattr(self, name)
            if axis.ndim != 1 or axis.dtype.kind not in "iuf":
                raise TypeError(f"{name} must be a 1-D array of numbers; got dtype "
                                f"{axis.dtype} and shape {axis.shape}.")
        if self.values.dtype.kind not in "biuf" or self.values.ndim not in (2, 3):
            raise TypeError(f"values must be a 2-D or 3-D array of numbers; got dtype "
                            f"{self.values.dtype} and shape {self.values.shape}.")
        if self.values.shape[:2] != (self.y.size, self.x.size):
            raise ValueError(
                f"values must have shape (ny, nx[, n_classes]) = ({self.y.size}, "
                f"{self.x.size}, ...); got {self.values.shape}."
            )
        if self.classes is not None:
            self.classes = np.asarray(self.classes)
        if self.lift is not None:
            if not isinstance(self.lift, dict) or self.lift.get("kind") not in LIFT_KINDS:
                raise ValueError(f"lift must be a dict with 'kind' one of {LIFT_KINDS}; got "
                                 f"{self.lift!r}.")

    @property
    def is_strip(self):
        """Whether this is the surface of a one-feature model (one row of values)."""
        return self.lift is not None and self.lift["kind"] == "strip"

    # ------------------------------------------------------------------ derived
    @property
    def shape(self):
        """``(ny, nx)``."""
        return self.values.shape[:2]

    @property
    def n_classes(self):
        """Number of classes, or 0 for a continuous surface."""
        return 0 if self.classes is None else len(self.classes)

    @property
    def is_scalar(self):
        """Whether the surface is drawn as one scalar field (else as class regions).

        True for binary and continuous surfaces and for one class of many
        (``class_of_interest`` set); False for multiclass or label regions.
        """
        return self.task in ("binary", "continuous") or self.class_of_interest is not None

    @property
    def valid(self):
        """Grid points with a value, shape ``(ny, nx)`` (False where the model gave
        NaN or infinity: drawn as "no value")."""
        if self.values.dtype.kind not in "fc":
            return np.ones(self.shape, dtype=bool)
        finite = np.isfinite(self.values)
        return finite.all(axis=-1) if finite.ndim == 3 else finite

    def class_index(self, label):
        """Index of ``label`` in :attr:`classes`.

        Raises
        ------
        ValueError
            When ``label`` is not one of the classes.
        """
        return class_index(self.classes, label)

    def predicted(self):
        """Predicted class index per grid point, shape ``(ny, nx)``."""
        return predicted_index(self.values, self.task, self.classes, self.threshold, self.pos_label)

    def class_margins(self):
        """Per-class margin, shape ``(ny, nx, n_classes)``.

        ``margin[..., c]`` is positive exactly where class ``c`` is predicted
        and zero on its boundary: the class's score minus the best other
        score (a one-hot score for labels; ``±(value - threshold)`` for a binary
        score). Contouring each at level 0 gives the class edges.
        """
        return class_margins(self.values, self.task, self.classes, self.threshold, self.pos_label)

    def confidence(self):
        """Confidence of the prediction in [0, 1], shape ``(ny, nx)``.

        The gap between the two best classes: for probabilities the
        difference of the top two, for a binary probability ``|2p - 1|``; for
        decision functions the same gap divided by its largest value on the
        grid; 1 everywhere for labels.
        """
        m = self.class_margins()
        if self.task == "labels":
            return np.ones(self.shape)
        gap = m.max(axis=-1)
        if self.response == "predict_proba":
            # a binary margin |p - 0.5| reaches 0.5; a multiclass gap reaches 1
            scale = 2.0 if self.task == "binary" else 1.0
            return np.clip(gap * scale, 0.0, 1.0)
        finite = gap[np.isfinite(gap)]
        top = float(finite.max()) if finite.size else 0.0
        return gap / top if top > 0 else np.where(np.isfinite(gap), 0.0, np.nan)

    def surface(self):
        """The 2-D array drawn for a binary, continuous or one-class surface.

        Raises
        ------
        ValueError
            For a multiclass or labels surface without ``class_of_interest``.
        """
        if self.task in ("binary", "continuous"):
            return self.values
        if self.class_of_interest is None:
            raise ValueError(
                f"a {self.task} surface has no single 2-D surface; set class_of_interest."
            )
        idx = self.class_index(self.class_of_interest)
        if self.task == "labels":
            return (self.values == idx).astype(np.float64)
        return self.values[..., idx]

    def downsample(self, nx, ny):
        """A copy with at most ``nx`` by ``ny`` points (nearest grid points).

        Keeps the first and last row and column, so the bounds do not move;
        returns ``self`` when the grid is already that small or smaller.
        """
        cur_ny, cur_nx = self.shape
        if cur_nx <= nx and cur_ny <= ny:
            return self
        ix = _pick(cur_nx, nx)
        iy = _pick(cur_ny, ny)
        return replace(self, x=self.x[ix], y=self.y[iy], values=self.values[iy][:, ix])

    # --------------------------------------------------------------------- I/O
    def save(self, path):
        """Save to an ``.npz`` file at exactly ``path``, whole or not at all.

        No pickles; class labels come back exactly (strings, integers, floats
        and booleans, also in object arrays). The file is written to a
        temporary file beside ``path`` and moved over it, so a failed save
        (a full disk, an interrupt) leaves any previous file intact.
        """
        meta = {
            "format_version": np.array(_FORMAT_VERSION),
            "x": self.x,
            "y": self.y,
            "values": self.values,
            "response": np.array(self.response),
            "task": np.array(self.task),
        }
        if self.classes is not None:
            meta["classes"] = encode_labels(self.classes)
        for key in ("pos_label", "class_of_interest"):
            value = getattr(self, key)
            if value is not None:
                meta[key] = encode_labels(np.array([value], dtype=object))
        for key in ("threshold", "n_evaluated"):
            value = getattr(self, key)
            if value is not None:
                meta[key] = np.asarray(value)
        if self.feature_names is not None:
            meta["feature_names"] = np.array([str(n) for n in self.feature_names])
        if self.lift is not None:
            meta["lift"] = np.array(json.dumps(self.lift, allow_nan=False))
        save_npz(path, meta)

    @classmethod
    def load(cls, path):
        """Load a surface saved with :meth:`save`.

        Raises
        ------
        FileNotFoundError
            When there is no file at ``path``.
        surfaceviz.FileFormatError
            When the file is not a valid SurfaceGrid file (a ``ValueError``);
            the message names the file and the problem.
        """
        with open_npz(path, "SurfaceGrid") as data:
            if "format_version" not in data.files or "values" not in data.files:
                raise FileFormatError(f"{path} is not a surfaceviz SurfaceGrid file.")
            fields = _read_fields(data, path)
        try:
            grid = cls(**fields)
            _check_loaded(grid)
        except ValueError as exc:
            raise FileFormatError(f"{path} is not a valid SurfaceGrid file: {exc}") from exc
        return grid


def _read_fields(data, path):
    """The SurfaceGrid fields stored in ``data``, each checked for type and shape."""
    version = read_array(data, "format_version", path, kinds="iu", ndim=0)
    if not 1 <= int(version) <= _FORMAT_VERSION:
        raise FileFormatError(f"{path} has format version {int(version)}; this surfaceviz "
                              f"reads versions 1 to {_FORMAT_VERSION}.")

    def text(key, choices):
        value = str(read_array(data, key, path, kinds="U", ndim=0))
        if value not in choices:
            raise FileFormatError(f"{path}: '{key}' must be one of {choices}; got {value!r}.")
        return value

    def scalar(key, kinds):
        if key not in data.files:
            return None
        value = read_array(data, key, path, kinds=kinds, ndim=0)[()].item()
        if isinstance(value, float) and not np.isfinite(value):
            raise FileFormatError(f"{path}: '{key}' must be finite; got {value}.")
        return value

    def label(key):
        if key not in data.files:
            return None
        values = decode_labels(read_array(data, key, path), path, key)
        if len(values) != 1:
            raise FileFormatError(f"{path}: '{key}' must hold one label.")
        return values[0].item() if isinstance(values[0], np.generic) else values[0]

    names = None
    if "feature_names" in data.files:
        names = read_array(data, "feature_names", path, kinds="U", ndim=1)
        if len(names) != 2:
            raise FileFormatError(f"{path}: 'feature_names' must hold 2 names.")
        names = tuple(str(n) for n in names)
    lift = None
    if "lift" in data.files:
        stored = str(read_array(data, "lift", path, kinds="U", ndim=0))
        lift = load_json(stored, path, "lift")
        if not isinstance(lift, dict):
            raise FileFormatError(f"{path}: 'lift' must describe a slice, map or strip.")
    classes = None
    if "classes" in data.files:
        classes = decode_labels(read_array(data, "classes", path), path)
    return dict(
        x=read_array(data, "x", path, kinds="iuf", ndim=1),
        y=read_array(data, "y", path, kinds="iuf", ndim=1),
        values=read_array(data, "values", path, kinds="biuf", ndim=(2, 3)),
        response=text("response", ("decision_function", "predict_proba", "predict",
                                   "callable")),
        task=text("task", TASKS), classes=classes, threshold=scalar("threshold", "iuf"),
        pos_label=label("pos_label"), class_of_interest=label("class_of_interest"),
        feature_names=names, n_evaluated=scalar("n_evaluated", "iu"), lift=lift,
    )


def _check_loaded(g):
    """Consistency of a loaded surface (raises ValueError)."""
    for name, axis in (("x", g.x), ("y", g.y)):
        if len(axis) < 2 or not np.isfinite(axis).all() or np.any(np.diff(axis) <= 0):
            raise ValueError(f"{name} must hold at least 2 finite, increasing coordinates.")
    if g.task != "continuous" and (g.classes is None or len(g.classes) < 1):
        raise ValueError(f"a {g.task} surface needs its classes.")
    if g.task == "labels":
        if g.values.dtype.kind not in "iu" or g.values.ndim != 2 or (
                g.values.size and (g.values.min() < 0 or g.values.max() >= len(g.classes))):
            raise ValueError("labels must be 2-D class indices within the classes.")
    elif g.task == "multiclass":
        if g.values.ndim != 3 or g.values.shape[2] != len(g.classes):
            raise ValueError("multiclass values must have one column per class.")
    elif g.values.ndim != 2:
        raise ValueError(f"{g.task} values must be 2-D.")
    if g.task == "binary":
        if len(g.classes) != 2 or g.threshold is None:
            raise ValueError("a binary surface needs 2 classes and a threshold.")
        positive_index(g.classes, g.pos_label)
    if g.class_of_interest is not None:
        g.class_index(g.class_of_interest)
    if g.n_evaluated is not None and not 0 <= g.n_evaluated <= g.values.shape[0] * g.values.shape[1]:
        raise ValueError(f"n_evaluated must be between 0 and the grid size; got {g.n_evaluated}.")


def _pick(n, m):
    if n <= m:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, max(m, 2))).astype(np.intp))


def predicted_index(values, task, classes, threshold, pos_label):
    """Predicted class index from stored values (any leading shape)."""
    if task == "labels":
        return values.astype(np.intp, copy=False)
    if task == "multiclass":
        return np.argmax(values, axis=-1)
    if task == "binary":
        pos = positive_index(classes, pos_label)
        return np.where(values >= threshold, pos, 1 - pos)
    raise ValueError("a continuous surface has no predicted class.")


def class_margins(values, task, classes, threshold, pos_label):
    """Per-class margin (see :meth:`SurfaceGrid.class_margins`)."""
    if task == "binary":
        pos = positive_index(classes, pos_label)
        d = values - threshold
        out = np.empty(values.shape + (2,), dtype=np.float64)
        out[..., pos] = d
        out[..., 1 - pos] = -d
        return out
    if task == "labels":
        onehot = np.arange(len(classes)) == values[..., None]
        return np.where(onehot, 1.0, -1.0)
    if task == "multiclass":
        k = values.shape[-1]
        order = np.argsort(values, axis=-1)
        best = np.take_along_axis(values, order[..., -1:], axis=-1)
        second = np.take_along_axis(values, order[..., -2:-1], axis=-1)
        # best other score: the second best for the winner, the best for the rest
        other = np.where(np.arange(k) == order[..., -1:], second, best)
        return values - other
    raise ValueError("a continuous surface has no classes.")


def sample(x, y, z, points):
    """Bilinear interpolation of a grid surface at arbitrary points.

    Parameters
    ----------
    x : ndarray of shape (nx,)
    y : ndarray of shape (ny,)
    z : ndarray of shape (ny, nx)
    points : ndarray of shape (n, 2)
        Points outside the grid take the value of the nearest edge.

    Returns
    -------
    ndarray of shape (n,)
    """
    px = np.clip(points[:, 0], x[0], x[-1])
    py = np.clip(points[:, 1], y[0], y[-1])
    i = np.clip(np.searchsorted(x, px) - 1, 0, len(x) - 2)
    j = np.clip(np.searchsorted(y, py) - 1, 0, len(y) - 2)
    tx = (px - x[i]) / (x[i + 1] - x[i])
    ty = (py - y[j]) / (y[j + 1] - y[j])
    z = np.asarray(z, dtype=float)
    return ((1 - ty) * ((1 - tx) * z[j, i] + tx * z[j, i + 1])
            + ty * ((1 - tx) * z[j + 1, i] + tx * z[j + 1, i + 1]))
