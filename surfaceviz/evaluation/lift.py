"""Lifts: from the 2-D plane of the picture to a model's own inputs.

The grid always lives in the plane of the picture (the *view*). A model
fitted on ``d`` features needs ``d``-column inputs, so a **lift** sits
between the grid and the model:

- :class:`SliceLift`: two features vary, every other one is held at a fill
  row (a slice through the model);
- :class:`ProjectionLift`: the data are embedded in 2-D (PCA, UMAP, any
  transformer, or a given embedding) and grid points are mapped back to the
  data space by ``inverse_transform`` or a learned inverse regressor (a *map*);
- :class:`StripLift`: a model on one feature (the view's second axis carries
  the response).

A lift maps view points ``(n, 2)`` to model inputs (:meth:`to_model`) and
data to view points (:meth:`to_view`); :meth:`describe` says what the
picture shows, and is stored in the :class:`~surfaceviz.SurfaceGrid`.
:func:`prepare` validates the data and the lift options together and
returns the lift (or None for two features, today's path) with the data in
both spaces.
"""

from __future__ import annotations

import copy
import numbers
import warnings
from dataclasses import dataclass, replace

import numpy as np

from .._utils.validation import check_X, feature_names_of
from .response import LiftError

#: Filled values listed by name in a slice's note before "and k more".
_NOTE_MAX = 3
FILLS = ("median", "mean", "average")
#: ``fill="average"``: rows of the data averaged over by default (a fixed subsample).
AVERAGE_ROWS = 200
#: ``fill="average"``: most model rows (grid points x averaged rows) per model call.
AVERAGE_ROWS_PER_CALL = 65536
OUTSIDE = ("hide", "fade", "show")


# ------------------------------------------------------------------ the data
@dataclass
class Table:
    """The data with more (or fewer) than two features, in the model's form.

    Attributes
    ----------
    data : ndarray of shape (n, d) or DataFrame
        A copy of the user's data (float64 for arrays; a DataFrame keeps its
        columns, order and dtypes).
    names : tuple of str
        Column names (``"x0"``, ``"x1"``... for arrays without names).
    numeric : ndarray of bool, shape (d,)
        Which columns hold real numbers (float); integer, boolean, object and
        categorical columns are filled with their most frequent value.
    """

    data: object
    names: tuple
    numeric: np.ndarray
    is_frame: bool

    @property
    def n_features(self):
        return len(self.names)

    def column(self, k):
        """Column ``k`` as a NumPy array."""
        if self.is_frame:
            return self.data.iloc[:, k].to_numpy()
        return self.data[:, k]

    def numbers(self, columns=None):
        """Columns ``columns`` (default: all) as a float64 array."""
        cols = range(self.n_features) if columns is None else columns
        return np.column_stack([np.asarray(self.column(k), dtype=np.float64) for k in cols])


def read_table(X, name="X"):
    """Check ``X`` (2-D, not empty, no missing values) into a :class:`Table` copy."""
    if X is None:
        raise TypeError(f"{name} must be array-like of shape (n_samples, n_features); got None.")
    try:
        complex_values = np.iscomplexobj(X)
    except ValueError as exc:  # a ragged sequence of rows
        raise ValueError(f"{name} must be a rectangular array-like (every row as long as "
                         f"the others); got a ragged {type(X).__name__}: {exc}") from exc
    if complex_values:
        raise TypeError(f"{name} must hold real numbers; got complex values.")
    names = feature_names_of(X)
    if names is not None and hasattr(X, "iloc"):
        frame = X.copy()
        if frame.shape[0] == 0:
            raise ValueError(f"{name} is empty: it has 0 samples; at least 1 is needed.")
        if len(set(names)) != len(names):
            raise ValueError(f"{name} has duplicated column names: {list(names)!r}.")
        numeric = np.array([frame[c].dtype.kind == "f" for c in frame.columns])
        missing = frame.isna().to_numpy().any(axis=1)
        for k, c in enumerate(frame.columns):
            if numeric[k]:
                missing |= ~np.isfinite(frame[c].to_numpy(dtype=float))
        if missing.any():
            raise ValueError(f"{name} contains NaN, infinity or missing values in "
                             f"{int(missing.sum())} row(s); drop or impute them first.")
        return Table(frame, names, numeric, True)
    try:
        arr = np.array(X, copy=True)
    except ValueError as exc:  # a ragged sequence of rows
        raise ValueError(f"{name} must be a rectangular array-like (every row as long as "
                         f"the others); got a ragged {type(X).__name__}: {exc}") from exc
    if arr.dtype.kind not in "biuf":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be a numeric array-like (or a DataFrame for mixed "
                            f"types); could not convert {type(X).__name__} to numbers: {exc}"
                            ) from exc
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_samples, n_features); got "
                         f"{arr.ndim}-D with shape {arr.shape}.")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: its shape is {arr.shape}.")
    numeric = np.full(arr.shape[1], arr.dtype.kind == "f")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).any(axis=1).sum())
        raise ValueError(f"{name} contains NaN or infinity in {bad} row(s); drop or impute "
                         "them first.")
    return Table(arr, tuple(f"x{k}" for k in range(arr.shape[1])), numeric, False)


def same_columns(table, other, name):
    """Check that ``other`` (a Table of held-out data) has ``table``'s columns."""
    if other.n_features != table.n_features or (table.is_frame and other.names != table.names):
        raise ValueError(f"{name} must have the columns of X ({table.n_features}: "
                         f"{list(table.names)!r}); got {other.n_features}: "
                         f"{list(other.names)!r}.")


def check_model_features(model, table, name=None):
    """A clear error, before any evaluation, when ``model`` expects other features
    (``name``: how the message calls the model, e.g. ``"model_b"``)."""
    kind = getattr(model, "__name__", None) if getattr(model, "framework", None) \
        else type(model).__name__
    who = kind if name is None else f"{name} ({kind})"
    expected = getattr(model, "n_features_in_", None)
    note = getattr(model, "input_note", "") if getattr(model, "framework", None) else ""
    if isinstance(expected, numbers.Integral) and expected != table.n_features and note:
        raise ValueError(f"{who} takes {expected} inputs ({note}); X has {table.n_features} "
                         "columns. Pass the data the model was trained on; choose the two "
                         "to draw with features=.")
    if isinstance(expected, numbers.Integral) and expected != table.n_features:
        raise ValueError(
            f"{who} was fitted on {expected} features; X has "
            f"{table.n_features} columns. Pass the data the model was fitted on (all its "
            "columns); choose the two to draw with features=.")
    fitted = getattr(model, "feature_names_in_", None)
    if fitted is not None and table.is_frame and list(fitted) != list(table.data.columns):
        raise ValueError(
            f"{who} was fitted on the columns {list(fitted)!r}; X has "
            f"{list(table.data.columns)!r}. Pass X with the model's columns, in its order.")


# ------------------------------------------------------------------- lifts
class Lift:
    """Base of the lifts: view points ``(n, 2)`` <-> model inputs."""

    kind = "identity"
    #: Names of the two view axes.
    view_names = (None, None)

    def to_model(self, points, as_frame=False):
        """Model inputs for view ``points`` (an array of any namespace)."""
        raise NotImplementedError

    def to_view(self, table_rows):
        """View coordinates ``(n, 2)`` of rows of the data (a Table's form)."""
        raise NotImplementedError

    def inside(self, table_rows):
        """Which rows lie in the picture's slab (None: all of them)."""
        return None

    def describe(self):
        """What the picture shows, as plain (JSON) data."""
        raise NotImplementedError

    def lifted(self, resp):
        """``resp`` (a Response of model inputs) as a Response of view points."""
        raw, columns = resp._raw, resp._columns
        lift = self

        def lifted_raw(points):
            return raw(lift.to_model(points, as_frame=columns is not None))

        return replace(resp, _raw=lifted_raw, _columns=None)


class SliceLift(Lift):
    """Features ``i`` and ``j`` vary; the others are held at ``fill``.

    Parameters
    ----------
    table : Table
        The data (only its column layout and dtypes are kept).
    features : tuple of (int, int)
        Column indices of the horizontal and vertical view axes.
    fill : list
        One value per column (the varied ones are ignored).
    width : dict, default=None
        Column index -> half-width of the slab in that feature's units
        (``0`` for exact equality of a non-numeric column).
    """

    kind = "slice"

    def __init__(self, table, features, fill, width=None):
        self.features = tuple(int(k) for k in features)
        self.names = table.names
        self.fill = list(fill)
        self.width = width
        self.view_names = tuple(table.names[k] for k in self.features)
        self._frame = table.data.iloc[:1].copy() if table.is_frame else None
        if self._frame is not None:
            for k, c in enumerate(self._frame.columns):
                if k not in self.features:
                    self._frame.iloc[0, k] = self.fill[k]
        self._row = np.array([0.0 if k in self.features or not _is_real(v) else float(v)
                              for k, v in enumerate(self.fill)])
        # each held numeric feature's spread in the data: distances in standard deviations
        self._spread = {k: float(np.std(table.column(k).astype(np.float64))) or 1.0
                        for k in range(len(self.names))
                        if k not in self.features and table.column(k).dtype.kind in "biuf"
                        and _is_real(self.fill[k])}
        self._all_numbers = table.numeric.all() or not table.is_frame

    def to_model(self, points, as_frame=False):
        n = points.shape[0]
        i, j = self.features
        if self._frame is not None and (as_frame or not self._all_numbers) and \
                isinstance(points, np.ndarray):
            frame = self._frame.iloc[np.zeros(n, dtype=np.intp)].reset_index(drop=True)
            frame[frame.columns[i]] = points[:, 0]
            frame[frame.columns[j]] = points[:, 1]
            return frame
        if isinstance(points, np.ndarray):
            out = np.empty((n, len(self._row)), dtype=points.dtype)
            out[:] = self._row
            out[:, i] = points[:, 0]
            out[:, j] = points[:, 1]
            return out
        # another array namespace (a device): build the columns there
        xp = _namespace(points)
        cols = [points[:, 0] if k == i else points[:, 1] if k == j
                else xp.full((n,), float(v), dtype=points.dtype) for k, v in enumerate(self._row)]
        return xp.stack(cols, axis=1)

    def to_view(self, rows):
        return _columns_as_float(rows, self.features)

    def inside(self, rows):
        if not self.width:
            return None
        n = rows.shape[0]
        keep = np.ones(n, dtype=bool)
        for k, w in self.width.items():
            col = _column_of(rows, k)
            if col.dtype.kind in "iuf" and _is_real(self.fill[k]):
                keep &= np.abs(col.astype(np.float64) - float(self.fill[k])) <= w
            else:
                keep &= col == self.fill[k]
        return keep

    def closeness(self, rows):
        """How close each row lies to the slice, in (0, 1]: ``exp(-d**2 / 2)`` of its
        root-mean-square distance ``d`` from the held values, in standard
        deviations of each held feature (a held non-numeric value that differs
        counts as one standard deviation). None with a slab (``slice_width``):
        then rows are in it or not."""
        if self.width:
            return None
        held = [k for k in range(len(self.names)) if k not in self.features]
        if not held:
            return np.ones(rows.shape[0])
        total = np.zeros(rows.shape[0])
        for k in held:
            col = _column_of(rows, k)
            if k in self._spread and col.dtype.kind in "biuf":
                total += ((col.astype(np.float64) - float(self.fill[k])) / self._spread[k]) ** 2
            else:
                total += (col != self.fill[k]).astype(np.float64)
        return np.exp(-0.5 * total / len(held))

    def filled(self):
        """``[(name, value)]`` of the held features, in column order."""
        return [(self.names[k], v) for k, v in enumerate(self.fill) if k not in self.features]

    def describe(self):
        return {"kind": "slice", "features": list(self.view_names),
                "feature_indices": list(self.features), "n_features": len(self.names),
                "fill": {name: plain_value(v) for name, v in self.filled()},
                "slice_width": None if not self.width else
                {self.names[k]: float(w) for k, w in self.width.items()}}


class ProjectionLift(Lift):
    """A map: data -> 2-D by ``forward``; view -> data by ``inverse``.

    Parameters
    ----------
    forward : callable
        ``(n, d)`` float array -> ``(n, 2)`` embedding.
    inverse : callable
        ``(n, 2)`` view points -> ``(n, d)`` data-space points.
    name : str
        The projection's name (``"PCA"``, ``"UMAP"``...).
    axis_names : tuple of (str, str)
    table : Table
        The data (its columns, to hand DataFrames to the model).
    """

    kind = "projection"

    def __init__(self, forward, inverse, name, axis_names, table, *, inverse_name=None):
        self._forward, self._inverse = forward, inverse
        self.name = name
        self.inverse_name = inverse_name or f"the inverse of the {name} map"
        self.view_names = tuple(axis_names)
        self.columns = list(table.data.columns) if table.is_frame else None
        self.n_features = table.n_features
        self.fidelity = None
        self.fidelity_on = None

    def to_model(self, points, as_frame=False):
        host = np.asarray(_to_host(points), dtype=np.float64)
        out = _called(self._inverse, host, self.inverse_name, (host.shape[0], self.n_features))
        if as_frame and self.columns is not None:
            import pandas as pd

            return pd.DataFrame(out, columns=self.columns)
        if not isinstance(points, np.ndarray):
            return _namespace(points).asarray(out, dtype=points.dtype)
        return out

    def to_view(self, rows):
        values = rows.to_numpy(dtype=np.float64) if hasattr(rows, "to_numpy") else rows
        values = np.asarray(values, dtype=np.float64)
        return _called(self._forward, values, f"the {self.name} projection",
                       (values.shape[0], 2))

    def describe(self):
        return {"kind": "projection", "projection": self.name, "axes": list(self.view_names),
                "n_features": self.n_features, "fidelity": self.fidelity,
                "fidelity_on": self.fidelity_on}

    def measure(self, labels_of, rows, on):
        """Fidelity: the share of ``rows`` whose model label equals the map's label
        at their position. ``labels_of(model_inputs)`` gives class indices.

        Returns the boolean mask of the rows where they disagree.
        """
        own = labels_of(rows)
        at_map = labels_of(self.to_model(self.to_view(rows),
                                         as_frame=self.columns is not None))
        disagree = np.asarray(own) != np.asarray(at_map)
        self.fidelity = float(1.0 - disagree.mean())
        self.fidelity_on = on
        return disagree


def _called(part, points, what, shape):
    """``part(points)`` as a float array of ``shape``, finite; a LiftError naming ``what``."""
    try:
        out = np.asarray(part(points), dtype=np.float64)
    except Exception as exc:
        raise LiftError(f"{what} raised {type(exc).__name__} on {points.shape[0]} points: "
                        f"{exc}") from exc
    if out.shape != shape:
        raise LiftError(f"{what} returned shape {out.shape}; expected {shape}.")
    bad = ~np.isfinite(out).all(axis=1)
    if bad.any():
        raise LiftError(f"{what} returned NaN or infinity for {int(bad.sum()):,} of "
                        f"{len(out):,} points (the first at {points[np.argmax(bad)].tolist()}); "
                        "the model cannot be evaluated there.")
    return out


class AverageLift(Lift):
    """Features ``i`` and ``j`` vary; the response at a point is the mean of the
    model's response over ``m`` rows of the data with ``i`` and ``j`` set to the
    point's values (two-way partial dependence, scikit-learn's "brute" method).

    Parameters
    ----------
    table : Table
    features : tuple of (int, int)
    rows : ndarray of int, shape (m,)
        The data's rows averaged over (a fixed subsample).
    """

    kind = "average"

    def __init__(self, table, features, rows, *, held=None, set_features=None):
        self.features = tuple(int(k) for k in features)
        self.names = table.names
        self.view_names = tuple(table.names[k] for k in self.features)
        self.n_data = table.data.shape[0]
        self.m = len(rows)
        self.held = dict(held or {})
        #: the features set from a point's coordinates (the first, or both)
        self.set_features = self.features if set_features is None else tuple(set_features)
        if table.is_frame:
            self._rows = table.data.iloc[rows].reset_index(drop=True)
            for k, v in self.held.items():
                self._rows[self._rows.columns[k]] = v
            self._numbers = None
            if table.numeric.all() or all(table.column(k).dtype.kind in "biuf"
                                          for k in range(len(self.names))):
                self._numbers = table.numbers()[rows]
        else:
            self._rows = None
            self._numbers = np.asarray(table.data, dtype=np.float64)[rows]
        if self._numbers is not None:
            for k, v in self.held.items():
                self._numbers[:, k] = float(v)

    def along_first(self):
        """The same average with only the first feature set from a point (the second
        averaged over too): a one-way partial dependence along the first."""
        twin = copy.copy(self)
        twin.set_features = self.features[:1]
        return twin

    def to_model(self, points, as_frame=False):
        """``len(points) * m`` model rows, point-major (each point's m rows together)."""
        host = np.asarray(_to_host(points), dtype=np.float64)
        n, m = host.shape[0], self.m
        if self._rows is not None and (as_frame or self._numbers is None):
            frame = self._rows.iloc[np.tile(np.arange(m), n)].reset_index(drop=True)
            for axis, k in enumerate(self.set_features):
                frame[frame.columns[k]] = np.repeat(host[:, axis], m)
            return frame
        out = np.tile(self._numbers, (n, 1))
        for axis, k in enumerate(self.set_features):
            out[:, k] = np.repeat(host[:, axis], m)
        return out

    def lifted(self, resp):
        """The response of view points: the model's raw output averaged over the rows
        (probabilities or scores; averaging labels would mean nothing)."""
        if resp.task == "labels":
            raise ValueError(f"fill='average' averages probabilities or scores; "
                             f"{resp.model_name} gives labels only (response='predict'). "
                             "Use a model with predict_proba or decision_function, or a slice "
                             "(fill='median').")
        raw, columns = resp._raw, resp._columns
        lift, m = self, self.m
        chunk = max(1, AVERAGE_ROWS_PER_CALL // m)

        def averaged_raw(points):
            host = np.asarray(_to_host(points))
            parts = []
            for s in range(0, host.shape[0], chunk):
                p = host[s:s + chunk]
                out = np.asarray(raw(lift.to_model(p, as_frame=columns is not None)),
                                 dtype=np.float64)
                parts.append(out.reshape((p.shape[0], m) + out.shape[1:]).mean(axis=1))
            return np.concatenate(parts) if parts else np.empty((0,))

        return replace(resp, _raw=averaged_raw, _columns=None)

    def to_view(self, rows):
        return _columns_as_float(rows, self.features)

    def describe(self):
        return {"kind": "average", "features": list(self.view_names),
                "feature_indices": list(self.features), "n_features": len(self.names),
                "rows": self.m, "of": self.n_data,
                "held": {self.names[k]: plain_value(v) for k, v in self.held.items()}}


class StripLift(Lift):
    """A model on one feature: view x is the feature (view y is unused)."""

    kind = "strip"

    def __init__(self, table):
        self.view_names = (table.names[0], "response")
        self.columns = list(table.data.columns) if table.is_frame else None

    def to_model(self, points, as_frame=False):
        col = points[:, :1]
        if as_frame and self.columns is not None and isinstance(points, np.ndarray):
            import pandas as pd

            return pd.DataFrame(np.ascontiguousarray(col), columns=self.columns)
        return col

    def to_view(self, rows):
        x = _columns_as_float(rows, (0,))[:, 0]
        return np.column_stack([x, np.zeros_like(x)])

    def describe(self):
        return {"kind": "strip", "features": [self.view_names[0]], "n_features": 1}


def lift_note(description):
    """One line saying what a picture shows, from a lift's description (None:
    nothing to say): the held values of a slice, a map's projection and fidelity."""
    if not description:
        return None
    if description.get("kind") == "slice":
        held = list((description.get("fill") or {}).items())
        if not held:
            return None
        shown = ", ".join(f"{name} = {_short(v)}" for name, v in held[:_NOTE_MAX])
        more = len(held) - _NOTE_MAX
        return f"slice at {shown}" + (f" and {more} more" if more > 0 else "")
    if description.get("kind") == "average":
        rows, total = description.get("rows"), description.get("of")
        of = "all" if rows == total else f"{rows} of the"
        held = list((description.get("held") or {}).items())
        hidden = set(description.get("unlisted") or ())
        at = "".join(f", {name} = {_short(v)}" for name, v in held[:_NOTE_MAX]
                     if name not in hidden)
        others = description.get("n_features", 2) - 2 - len(held)
        if others <= 0:
            return "partial dependence: no other feature to average (a slice)" + at
        noun = "feature" if others == 1 else "features"
        return (f"partial dependence: averaged over {of} {total} rows of the data's other "
                f"{others} {noun}{at}")
    if description.get("kind") == "projection":
        text = f"{description.get('projection')} map of {description.get('n_features')} features"
        if description.get("fidelity") is not None:
            text += (f"; fidelity {description['fidelity']:.1%} on the "
                     f"{description.get('fidelity_on')}")
        return text
    return None


# --------------------------------------------------------------- prepare
@dataclass
class Prepared:
    """The data in both spaces, and the lift between them.

    ``X`` / ``X_test`` are view coordinates ``(n, 2)`` (what the grid spans and
    what is drawn); ``rows`` / ``test_rows`` are the data as the model takes
    them. ``lift`` is None for two features (the view is the data).
    """

    lift: Lift | None
    X: np.ndarray
    X_test: np.ndarray | None
    rows: object
    test_rows: object
    names: tuple | None
    #: The data's columns (checked against every model planned on them).
    table: Table | None = None


def prepare(model, X, X_test, options, *, allow_strip=True, y=None):
    """Validate ``X`` (any number of columns) with the lift options of ``options``.

    Returns
    -------
    Prepared

    Raises
    ------
    ValueError, TypeError
        Bad features, fill, slice width or projection (named), or a model
        that expects another number of features; all before any evaluation.
    """
    lifting = options.features is not None or options.projection is not None
    if not lifting and _n_columns(X) == 2:
        X_arr, names = check_X(X)
        X_test_arr, _ = check_X(X_test, "X_test", allow_none=True)
        table = _bare_table(X_arr, names, X)
        check_model_features(model, table)
        return Prepared(None, X_arr, X_test_arr, X_arr, X_test_arr, names, table)
    table = read_table(X)
    test = None
    if X_test is not None:
        test = read_table(X_test, "X_test")
        same_columns(table, test, "X_test")
    check_model_features(model, table)
    lift = make_lift(table, options, allow_strip=allow_strip, y=y)
    rows, test_rows = table.data, None if test is None else test.data
    X_view = lift.to_view(rows)
    X_test_view = None if test is None else lift.to_view(test_rows)
    for arr, name in ((X_view, "X"), (X_test_view, "X_test")):
        if arr is not None and not np.isfinite(arr).all():
            raise ValueError(f"the view of {name} holds NaN or infinity: the features drawn "
                             "must be finite numbers.")
    return Prepared(lift, X_view, X_test_view, rows, test_rows, lift.view_names, table)


def make_lift(table, options, *, allow_strip=True, y=None):
    """The lift for ``table`` and the options (features/fill/slice_width/projection);
    ``y`` trains a supervised projection."""
    d = table.n_features
    if options.features is not None and options.projection is not None:
        raise ValueError("give features= (a slice) or projection= (a map), not both.")
    free = _free_features(table, options)
    if options.features is None and free is None and (options.fill is not None
                                                      or options.slice_width is not None):
        which = "fill" if options.fill is not None else "slice_width"
        raise ValueError(f"{which} applies to a slice: also pass features=(i, j), the two "
                         "features to draw (or a fill dict that holds all but two).")
    if options.projection is None and options.inverse is not None:
        raise ValueError("inverse= applies to a map: also pass projection=.")
    if d == 1:
        if not allow_strip:
            raise ValueError("X has 1 column; this view needs at least 2 features.")
        if options.features is not None or options.projection is not None:
            raise ValueError("X has 1 column: it is drawn as a strip; features= and "
                             "projection= need at least 2 columns.")
        if not table.numeric[0] and table.column(0).dtype.kind not in "iub":
            raise TypeError("X's one column must hold numbers.")
        return StripLift(table)
    for name in ("average_rows", "hold"):
        if getattr(options, name) is not None and not is_average(options.fill):
            raise ValueError(f"{name} applies to fill='average' (partial dependence); got "
                             f"fill={options.fill!r}.")
    if options.features is not None or free is not None:
        if is_average(options.fill):
            return _average(table, options)
        return _slice(table, options, free)
    return _projection(table, options, y)


def is_average(fill):
    """Whether ``fill`` asks for partial dependence (``"average"``)."""
    return isinstance(fill, str) and fill == "average"


def _average(table, options):
    """The partial-dependence lift: two features vary, the response is averaged over
    a subsample of the data's rows for the others."""
    features = _drawn_features(table, options)
    if options.slice_width is not None:
        raise ValueError("slice_width applies to a slice at one value; fill='average' "
                         "averages over the data (no slab).")
    n = table.data.shape[0]
    m = AVERAGE_ROWS if options.average_rows is None else options.average_rows
    if options.average_rows is not None and m > n:
        raise ValueError(f"average_rows must be at most the data's {n} rows; got {m}.")
    m = min(m, n)
    rows = np.sort(np.random.default_rng(0).choice(n, m, replace=False)) if m < n \
        else np.arange(n)
    held = _held_values(table, options.hold or {}, features, "hold")
    return AverageLift(table, features, rows, held=held)


def _free_features(table, options):
    """The two features a ``fill`` dict leaves free when ``features`` is not given
    (it holds every other one: nothing else to choose), else None."""
    if (options.features is not None or options.projection is not None
            or not isinstance(options.fill, dict) or table.n_features < 3):
        return None
    held = {column_index(table, key, "fill") for key in options.fill}
    free = tuple(k for k in range(table.n_features) if k not in held)
    if len(free) != 2:
        raise ValueError(
            f"fill holds {len(held)} of X's {table.n_features} features, leaving "
            f"{len(free)} free; without features=, a fill dict must leave exactly the 2 "
            "features to draw (or pass features=(i, j)).")
    return free


def _drawn_features(table, options, free=None):
    """The two drawn features (``free`` when a fill dict decided them): numeric columns."""
    features = free if free is not None else resolve_features(table, options.features,
                                                              "features", count=2)
    for k in features:
        if table.column(k).dtype.kind not in "biuf":
            raise TypeError(f"features must name numeric columns; {table.names[k]!r} holds "
                            f"{table.column(k).dtype}.")
    return features


def _held_values(table, mapping, features, option):
    """``{column index: value}`` of a ``{feature: value}`` dict of ``option`` (``fill`` or
    ``hold``): no drawn feature, each value fit for its column."""
    held = {}
    for key, value in mapping.items():
        k = column_index(table, key, option)
        if k in features:
            raise ValueError(f"{option}: {key!r} is one of the drawn features {features!r}; "
                             "it varies along an axis and cannot be held.")
        held[k] = _check_fill_value(table, k, value, option)
    return held


def _slice(table, options, free=None):
    features = _drawn_features(table, options, free)
    fill = fill_row(table, options.fill, features)
    width = slab_widths(table, options.slice_width, features, fill)
    return SliceLift(table, features, fill, width)


def resolve_features(table, features, name, count=None):
    """Column indices of ``features`` (indices or, for a DataFrame, names)."""
    if isinstance(features, (str, bytes)) or not hasattr(features, "__len__"):
        raise TypeError(f"{name} must be a sequence of column indices or names; got "
                        f"{features!r}.")
    if count is not None and len(features) != count:
        raise ValueError(f"{name} must name exactly {count} features; got {list(features)!r}.")
    out = [column_index(table, f, name) for f in features]
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must name distinct features; got {list(features)!r}.")
    return tuple(out)


def column_index(table, feature, name):
    """The index of one feature (an index, or a column name of a DataFrame)."""
    d = table.n_features
    if isinstance(feature, (bool, np.bool_)):
        raise TypeError(f"{name}: a feature is a column index or name; got {feature!r}.")
    if isinstance(feature, numbers.Integral):
        if not -d <= int(feature) < d:
            raise ValueError(f"{name}: feature index {int(feature)} is out of range for X "
                             f"with {d} columns.")
        return int(feature) % d
    if table.is_frame:
        columns = list(table.data.columns)
        if feature in columns:
            return columns.index(feature)
        raise ValueError(f"{name}: unknown column {feature!r}; X has {columns!r}.")
    raise ValueError(f"{name}: {feature!r} is not a column index (X is an array with "
                     f"{d} columns, without names).")


def fill_row(table, fill, features):
    """One value per column: the fill for every feature not in ``features``."""
    d = table.n_features
    if fill is None or isinstance(fill, str):
        how = "median" if fill is None else check_fill_name(fill)
        return [None if k in features else _typical(table, k, how) for k in range(d)]
    if isinstance(fill, dict):
        row = fill_row(table, None, features)
        for k, value in _held_values(table, fill, features, "fill").items():
            row[k] = value
        return row
    if hasattr(fill, "iloc") and getattr(fill, "ndim", 2) == 1:  # a Series: one row
        if table.is_frame and list(fill.index) != list(table.data.columns):
            raise ValueError(f"fill as a Series must be indexed by X's columns "
                             f"{list(table.data.columns)!r}; got {list(fill.index)!r}.")
        values = list(fill)
    elif hasattr(fill, "iloc"):  # a one-row DataFrame
        if fill.shape[0] != 1:
            raise ValueError(f"fill as a DataFrame must have one row; got {fill.shape[0]}.")
        if table.is_frame and list(fill.columns) != list(table.data.columns):
            raise ValueError(f"fill's columns {list(fill.columns)!r} differ from X's "
                             f"{list(table.data.columns)!r}.")
        values = list(fill.iloc[0])
    else:
        values = list(np.asarray(fill, dtype=object).reshape(-1)) \
            if np.ndim(fill) == 1 else None
        if values is None:
            raise ValueError(f"fill as one row must be 1-D; got shape {np.shape(fill)}.")
    if len(values) != d:
        raise ValueError(f"fill as one row must have X's {d} values; got {len(values)}.")
    return [None if k in features else _check_fill_value(table, k, v)
            for k, v in enumerate(values)]


def check_fill_name(fill):
    """A fill given by name: ``"median"`` or ``"mean"``."""
    if fill not in FILLS:
        raise ValueError(f"fill must be 'median', 'mean', 'average', a dict or one full row; got "
                         f"{fill!r}.")
    return fill


def slab_widths(table, slice_width, features, fill):
    """Column index -> half-width of the slab (None without ``slice_width``)."""
    if slice_width is None:
        return None
    if isinstance(slice_width, dict):
        out = {}
        for key, w in slice_width.items():
            k = column_index(table, key, "slice_width")
            if k in features:
                raise ValueError(f"slice_width: {key!r} is one of the drawn features; a slab "
                                 "is taken across the held features.")
            out[k] = check_width(w, f"slice_width[{key!r}]")
        return out
    w = check_width(slice_width, "slice_width")
    out = {}
    for k in range(table.n_features):
        if k in features:
            continue
        col = table.column(k)
        if col.dtype.kind in "iuf":
            out[k] = w * float(np.std(col.astype(np.float64)))
        else:
            out[k] = 0.0
    return out


def check_width(w, name, *, dict_ok=False):
    """A slab's half-width: a finite number >= 0 (TypeError / ValueError naming ``name``)."""
    if isinstance(w, (bool, np.bool_)) or not isinstance(w, numbers.Real):
        what = "a number or a dict {feature: half-width}" if dict_ok else "a number (a half-width)"
        raise TypeError(f"{name} must be {what}; got {type(w).__name__} {w!r}.")
    if not np.isfinite(w) or w < 0:
        raise ValueError(f"{name} must be a finite half-width >= 0; got {w!r}.")
    return float(w)


def _check_fill_value(table, k, value, option="fill"):
    """A held value fit for column ``k``: of its kind, among a category's values.

    Checked before anything is evaluated: a float column takes a finite
    number, an integer column an integer, a boolean column True or False, a
    categorical or text column one of the values it holds in ``X``.
    """
    name = table.names[k]
    value = value.item() if isinstance(value, np.generic) else value
    dtype = table.data.iloc[:, k].dtype if table.is_frame else table.data.dtype
    kind = getattr(dtype, "kind", "O")
    if table.numeric[k]:
        _require(option, _is_number(value), name, value, "a finite number", dtype)
        if not np.isfinite(value):
            raise ValueError(f"{option}: the value of {name!r} must be a finite number; got "
                             f"{value!r}.")
        return float(value)
    if kind in "iu":
        _require(option, _is_number(value), name, value, "an integer", dtype)
        if not (np.isfinite(value) and float(value).is_integer()):
            raise ValueError(f"{option}: the value of {name!r} must be an integer (the column "
                             f"holds {dtype}); got {value!r}.")
        bounds = np.iinfo(dtype)
        if not bounds.min <= int(value) <= bounds.max:
            raise ValueError(f"{option}: the value of {name!r} must fit the column's {dtype} "
                             f"([{bounds.min}, {bounds.max}]); got {value!r}.")
        return int(value)
    if kind == "b":
        _require(option, isinstance(value, bool), name, value, "True or False", dtype)
        return value
    seen = column_values(table, k)
    if seen and all(isinstance(v, str) for v in seen):
        _require(option, isinstance(value, str), name, value, "a string", dtype)
    if value not in seen:
        shown = ", ".join(repr(v) for v in seen[:10]) + (", ..." if len(seen) > 10 else "")
        raise ValueError(f"{option}: the value of {name!r} must be one of the values the "
                         f"column holds in X ({shown}); got {value!r}.")
    return value


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _require(option, ok, name, value, what, dtype):
    if not ok:
        raise TypeError(f"{option}: the value of {name!r} must be {what} (the column holds "
                        f"{dtype}); got {type(value).__name__} {value!r}.")


def column_values(table, k):
    """The distinct values of a non-numeric column (a categorical's categories)."""
    col = table.data.iloc[:, k]
    categories = getattr(getattr(col, "cat", None), "categories", None) \
        if str(col.dtype) == "category" else None
    values = categories if categories is not None else col.unique()
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def _typical(table, k, how):
    col = table.column(k)
    if table.numeric[k]:
        col = col.astype(np.float64)
        return float(np.median(col) if how == "median" else np.mean(col))
    if col.dtype == object or not hasattr(col, "dtype") or col.dtype.kind not in "biufUS":
        values, counts = _unique_objects(col)
    else:
        values, counts = np.unique(col, return_counts=True)
    value = values[int(np.argmax(counts))]
    return value.item() if isinstance(value, np.generic) else value


def _unique_objects(col):
    counts = {}
    for v in col:
        counts[v] = counts.get(v, 0) + 1
    values = list(counts)
    return values, np.array([counts[v] for v in values])


# ------------------------------------------------------------ projections
def _projection(table, options, y=None):
    if not table.numeric.all() and not all(table.column(k).dtype.kind in "biuf"
                                           for k in range(table.n_features)):
        raise TypeError("a map (projection=) needs numeric columns; X has non-numeric ones. "
                        "Pass features=(i, j) for a slice, or encode X first.")
    Xn = table.numbers()
    projection = "pca" if options.projection is None else options.projection
    inverse = options.inverse
    if isinstance(projection, str):
        projection = _named_projection(projection)
        if inverse is None and getattr(projection, "needs_labels", False):
            inverse = "mlp"  # a learned embedding has no inverse_transform: learn one too
    if getattr(projection, "needs_labels", False):
        if y is None and not _is_fitted(projection):
            raise ValueError("projection='supervised' is trained with the labels: pass y "
                             "(plot_decision_surface(model, X, y, ...)), or a fitted "
                             "SupervisedProjection().fit(X, y) as projection=.")
        projection = _fitted_supervised(projection, Xn, y)
    if isinstance(inverse, str):
        inverse = _named_inverse(inverse)
    if isinstance(projection, np.ndarray) or (not hasattr(projection, "fit")
                                              and not hasattr(projection, "transform")
                                              and np.ndim(projection) == 2):
        embedding = _check_embedding(_embedding_array(projection), len(Xn))
        name, forward = "embedding", _knn_forward(Xn, embedding)
        transformer = None
    else:
        transformer, embedding = _fitted_transformer(projection, Xn)
        name = _projection_name(transformer)
        forward = transformer.transform if hasattr(transformer, "transform") \
            else _knn_forward(Xn, embedding)
    inverse_name = None
    if inverse is None:
        if transformer is None or not hasattr(transformer, "inverse_transform"):
            raise ValueError(
                f"projection={name} has no inverse_transform, so grid points cannot be mapped "
                "back to the data; pass inverse= a regressor from the embedding back to X, "
                "e.g. inverse=KNeighborsRegressor(), or use a transformer with "
                "inverse_transform (PCA, KernelPCA(fit_inverse_transform=True)).")
        backward = transformer.inverse_transform
        inverse_name = f"the {name} projection's inverse_transform"
    else:
        backward = _fitted_inverse(inverse, embedding, Xn).predict
        inverse_name = f"the map's inverse={type(inverse).__name__}"
    if getattr(transformer, "needs_labels", False):
        name = "supervised"
    return ProjectionLift(forward, backward, name, _axis_names(transformer, name), table,
                          inverse_name=inverse_name)


def _named_projection(name):
    from sklearn.decomposition import PCA

    key = name.lower()
    if key == "pca":
        return PCA(n_components=2)
    if key == "umap":
        from .._utils.optional import import_optional

        umap = import_optional("umap", purpose="projection='umap'")
        return umap.UMAP(n_components=2, random_state=0)
    if key == "supervised":
        from .projections import SupervisedProjection

        return SupervisedProjection()
    raise ValueError(f"projection must be 'pca', 'umap', 'supervised', a transformer with "
                     f"inverse_transform, or a 2-D embedding of X; got {name!r}.")


def _named_inverse(name):
    if name.lower() == "mlp":
        from .projections import MLPInverse

        return MLPInverse()
    raise ValueError(f"inverse must be 'mlp' or a regressor with predict (from the 2-D "
                     f"embedding back to X); got {name!r}.")


def _fitted_supervised(projection, Xn, y):
    """A labels-trained projection, fitted on the data and ``y`` (unless fitted)."""
    from sklearn.base import clone

    if _is_fitted(projection):
        return projection
    labels = np.asarray(y)
    if labels.shape[0] != Xn.shape[0]:
        raise ValueError(f"y has {labels.shape[0]} labels for X's {Xn.shape[0]} rows.")
    return clone(projection).fit(Xn, labels)


def _fitted_transformer(projection, Xn):
    """A fitted copy of ``projection`` (the user's own when already fitted) and the
    embedding of the data."""
    from sklearn.base import clone

    if not (hasattr(projection, "fit") or hasattr(projection, "transform")):
        raise TypeError(f"projection must be 'pca', 'umap', a transformer or an embedding "
                        f"array; got {type(projection).__name__}.")
    fitted = projection
    if not _is_fitted(projection):
        fitted = clone(projection)
        with warnings.catch_warnings():  # umap-learn's note on seeded runs, not the user's
            warnings.filterwarnings("ignore", message="n_jobs value .* overridden")
            embedding = fitted.fit_transform(Xn)
        return fitted, _check_embedding(np.asarray(embedding, dtype=np.float64), len(Xn))
    if not hasattr(fitted, "transform"):
        raise ValueError(f"projection={type(projection).__name__} is fitted but has no "
                         "transform; pass it unfitted or pass its embedding with inverse=.")
    return fitted, _check_embedding(np.asarray(fitted.transform(Xn), dtype=np.float64), len(Xn))


def _fitted_inverse(inverse, embedding, Xn):
    """A regressor embedding -> data: the user's own when fitted, else a fitted copy."""
    from sklearn.base import clone

    if not hasattr(inverse, "predict"):
        raise TypeError(f"inverse must be a regressor with predict (from the 2-D embedding "
                        f"back to X); got {type(inverse).__name__}.")
    return inverse if _is_fitted(inverse) else clone(inverse).fit(embedding, Xn)


def _is_fitted(obj):
    """Whether a scikit-learn estimator is fitted; any other object counts as ready."""
    from sklearn.base import BaseEstimator
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    if not isinstance(obj, BaseEstimator):
        return True
    try:
        check_is_fitted(obj)
    except NotFittedError:
        return False
    return True


def _knn_forward(Xn, embedding):
    """Place new points in a fixed embedding by their nearest neighbours in the data."""
    from sklearn.neighbors import KNeighborsRegressor

    knn = KNeighborsRegressor(n_neighbors=min(5, len(Xn)), weights="distance")
    return knn.fit(Xn, embedding).predict


def _embedding_array(projection):
    """``projection=`` given as an embedding: its numbers (a TypeError naming it)."""
    try:
        return np.asarray(projection, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        kinds = {type(v).__name__ for v in np.asarray(projection, dtype=object).ravel()[:1000]}
        raise TypeError(f"projection as an embedding of X must hold numbers; got values of "
                        f"type {', '.join(sorted(kinds))} ({exc}).") from exc


def _check_embedding(embedding, n):
    if embedding.shape != (n, 2):
        raise ValueError(f"projection must embed X in 2-D: expected shape ({n}, 2); got "
                         f"{embedding.shape}.")
    if not np.isfinite(embedding).all():
        raise ValueError("projection: the embedding holds NaN or infinity.")
    return embedding


#: How the axes of a known projection are named ("PC 1", "SV 2"...).
_AXIS_PREFIXES = {"PCA": "PC", "IncrementalPCA": "PC", "KernelPCA": "PC", "SparsePCA": "PC",
                  "MiniBatchSparsePCA": "PC", "TruncatedSVD": "SV", "FastICA": "IC",
                  "FactorAnalysis": "factor", "NMF": "NMF", "LinearDiscriminantAnalysis": "LD",
                  "UMAP": "UMAP", "TSNE": "t-SNE", "Isomap": "Isomap",
                  "LocallyLinearEmbedding": "LLE", "MDS": "MDS",
                  "SupervisedProjection": "supervised"}


def _last_step(transformer):
    """The transformer that makes the embedding: a (nested) Pipeline's last step."""
    steps = getattr(transformer, "steps", None)
    while isinstance(steps, list) and steps and steps[-1][1] not in (None, "passthrough"):
        transformer = steps[-1][1]
        steps = getattr(transformer, "steps", None)
    return transformer


def _projection_name(transformer):
    """The map's name: the transformer's, looking through pipelines ("PCA after
    StandardScaler")."""
    last = type(_last_step(transformer)).__name__
    steps = getattr(transformer, "steps", None)
    if not isinstance(steps, list) or len(steps) < 2:
        return last
    before = [type(s).__name__ for _, s in steps[:-1] if s not in (None, "passthrough")]
    return f"{last} after {', '.join(before)}" if before else last


def _axis_names(transformer, name):
    """The two axes' names: by the projection's last step (its prefix), with the
    share of variance where the step knows it."""
    last = _last_step(transformer) if transformer is not None else None
    kind = type(last).__name__ if last is not None else name
    prefix = _AXIS_PREFIXES.get(kind, kind if last is not None else name)
    ratio = getattr(last, "explained_variance_ratio_", None)
    if ratio is not None and len(ratio) >= 2:
        return tuple(f"{prefix} {k + 1} ({ratio[k]:.0%} of variance)" for k in range(2))
    return (f"{prefix} 1", f"{prefix} 2")


# ----------------------------------------------------------------- helpers
def _n_columns(X):
    shape = getattr(X, "shape", None)
    if shape is None:
        try:
            shape = np.shape(X)
        except (TypeError, ValueError):
            return None
    return shape[1] if len(shape) == 2 else None


def _bare_table(arr, names, X):
    return Table(X if hasattr(X, "iloc") else arr, names or ("x0", "x1"),
                 np.ones(2, dtype=bool), hasattr(X, "iloc"))


def _columns_as_float(rows, columns):
    if hasattr(rows, "iloc"):
        return np.column_stack([rows.iloc[:, k].to_numpy(dtype=np.float64) for k in columns])
    return np.asarray(rows[:, list(columns)], dtype=np.float64)


def _column_of(rows, k):
    return rows.iloc[:, k].to_numpy() if hasattr(rows, "iloc") else np.asarray(rows[:, k])


def _is_real(v):
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def plain_value(v):
    """``v`` as JSON can hold it: a NumPy scalar as its Python value, anything
    other than a bool, number, string or None as its text."""
    if isinstance(v, np.generic):
        v = v.item()
    return v if isinstance(v, (bool, int, float, str)) or v is None else str(v)


def _short(v):
    return f"{v:.3g}" if _is_real(v) else str(v)


def _to_host(points):
    from .backend import to_numpy

    return to_numpy(points)


def _namespace(points):
    ns = getattr(points, "__array_namespace__", None)
    if ns is None:
        raise TypeError(f"points of type {type(points).__name__} have no array namespace.")
    return ns()

