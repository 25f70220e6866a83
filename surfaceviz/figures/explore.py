"""A slice explored live: the explorer's state, its picture and its read-out.

:class:`Explorer` holds one model and its data, the two drawn features and a
value for every other feature (a slider each), and draws the slice through
those values with :func:`~surfaceviz.plot_decision_surface` itself: the picture
for a state is, pixel for pixel, the static call with
:meth:`Explorer.plot_kwargs`. Pictures are cached by state, so going back to a
position costs a dictionary look-up. The notebook widget
(:mod:`surfaceviz.figures.explore_widget`) and the offline page
(:mod:`surfaceviz.figures.explore_page`) are views of an explorer; nothing here
knows either.
"""

from __future__ import annotations

import io
import math
import warnings
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from .._utils.validation import check_positive_int
from ..evaluation.response import check_response
from ..evaluation.lift import (check_width, column_index, column_values, fill_row, is_average,
                               plain_value, read_table, resolve_features)

#: Most distinct values of an integer column shown as a list of choices (more:
#: an integer range).
MAX_CHOICES = 50
#: Default steps of a real feature's slider across its data range.
SLIDER_STEPS = 100
#: Grid points per axis of the explorer's pictures (its Axes is about 300 pixels
#: wide: a point per two pixels, which halves the model's work per move).
RESOLUTION = 150
#: Pictures an explorer keeps (least recently used first out).
CACHE_SIZE = 64
#: ``(width, height)`` in inches and dots per inch of the explorer's picture.
FIGSIZE, DPI = (6.0, 4.5), 80


@dataclass(frozen=True)
class Slider:
    """One held feature's control.

    Attributes
    ----------
    name : str
        The feature (a column name, or ``"x3"`` for arrays).
    index : int
        Its column in ``X``.
    kind : {"number", "integer", "choice"}
        A real range, an integer range, or a list of values (categories,
        booleans, integer columns with few values).
    low, high : float or None
        The data's range (numbers and integers).
    step : float or None
        The slider's step (numbers: the range / 100; integers: 1).
    choices : tuple or None
        The values of a ``"choice"`` slider, in order.
    """

    name: str
    index: int
    kind: str
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple | None = None

    def describe(self, value):
        """A JSON-ready dict of the slider with its current ``value``."""
        out = {"name": self.name, "index": self.index, "kind": self.kind,
               "value": plain_value(value)}
        if self.kind == "choice":
            out["choices"] = [plain_value(c) for c in self.choices]
        else:
            out.update(low=self.low, high=self.high, step=self.step)
        return out

    def clamp(self, value):
        """``(value, message)``: ``value`` checked and brought into the data's range
        (``message`` says so when it was outside; else None)."""
        if self.kind == "choice":
            for c in self.choices:
                if _same(c, value):
                    return c, None
            raise ValueError(f"{self.name!r} must be one of {list(self.choices)!r}; got {value!r}.")
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"{self.name!r} must be a number; got {type(value).__name__} {value!r}.")
        if not math.isfinite(float(value)):
            raise ValueError(f"{self.name!r} must be a finite number; got {value!r}.")
        v = float(value)
        if self.kind == "integer":
            v = float(round(v))
        inside = min(max(v, self.low), self.high)
        out = int(inside) if self.kind == "integer" else inside
        if inside != v:
            return out, (f"{self.name}={value!r} is outside the data's range "
                         f"[{_short(self.low)}, {_short(self.high)}]; clamped to {_short(out)}.")
        return out, None

    def grid(self, steps):
        """At most ``steps`` values across the slider (all the choices when they are
        fewer; the ends of the range included)."""
        if self.kind == "choice":
            if len(self.choices) <= steps:
                return list(self.choices)
            picks = np.unique(np.round(np.linspace(0, len(self.choices) - 1, steps)).astype(int))
            return [self.choices[k] for k in picks]
        values = np.linspace(self.low, self.high, steps if self.high > self.low else 1)
        if self.kind == "integer":
            return [int(v) for v in np.unique(np.round(values))]
        return [float(v) for v in values]


def sliders_for(table):
    """One :class:`Slider` per column of ``table`` (a :class:`~surfaceviz.evaluation.lift.Table`)."""
    out = []
    for k, name in enumerate(table.names):
        col = table.column(k)
        kind = getattr(col, "dtype", np.dtype(object)).kind
        if table.numeric[k]:
            low, high = float(np.min(col)), float(np.max(col))
            out.append(Slider(name, k, "number", low, high, (high - low) / SLIDER_STEPS or 1.0))
        elif kind in "iu" and len(np.unique(col)) > MAX_CHOICES:
            out.append(Slider(name, k, "integer", float(np.min(col)), float(np.max(col)), 1.0))
        elif kind in "biu":
            out.append(Slider(name, k, "choice", choices=tuple(
                v.item() for v in np.unique(col))))
        else:
            out.append(Slider(name, k, "choice", choices=tuple(column_values(table, k))))
    return out


class Explorer:
    """A slice of ``model`` through two features, the others held at values
    that can be changed (see :func:`surfaceviz.explore`).

    Parameters
    ----------
    model : estimator or callable
        Fitted on all the columns of ``X``.
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data (at least 3 columns). Never modified.
    y : array-like of shape (n_samples,), default=None
    features : tuple of two int or str, default=None
        The drawn features (default: the first two).
    fill : "median", "mean", dict or one row, default=None
        The held features' starting values (the rule of slices: the median of
        real features, the most frequent value of the others).
    sample : int, default=None
        Start through this row of ``X`` instead (see :meth:`through`).
    slice_width : float, default=None
        A slab across the held features (in their standard deviations): only
        the points inside it are drawn strongly.
    response : str, default="auto"
    figsize : tuple of (float, float), default=(6, 4.5)
    dpi : float, default=80
    cache_size : int, default=64
        Pictures kept, by state.
    **options
        Passed to :func:`~surfaceviz.plot_decision_surface` for every picture
        (``refine``, ``resolution``, ``cmap``, ``class_colors``...). ``refine``
        defaults to ``"auto"`` and ``resolution`` to 150 points per axis
        (``resolution="auto"``: a point per pixel of the Axes).
    """

    def __init__(self, model, X, y=None, *, features=None, fill=None, sample=None,
                 slice_width=None, response="auto", figsize=FIGSIZE, dpi=DPI,
                 cache_size=CACHE_SIZE, **options):
        self.model, self.X, self.y = model, X, y
        self.table = read_table(X)
        if self.table.n_features < 3:
            raise ValueError(f"explore needs X with at least 3 features (two drawn, one "
                             f"or more on sliders); X has {self.table.n_features}.")
        if is_average(fill):
            raise ValueError("explore draws slices: fill must be 'median', 'mean', a dict or "
                             "one row; got 'average' (use plot_decision_surface for it).")
        for name in ("features", "fill", "slice_width", "response", "ax"):
            if name in options:
                raise TypeError(f"explore got {name!r} twice.")
        self.sliders = sliders_for(self.table)
        self.features = self._features((0, 1) if features is None else features)
        self.values = list(fill_row(self.table, fill, ()))
        if slice_width is not None:
            check_width(slice_width, "slice_width")
        self.slice_width, self.response = slice_width, check_response(response)
        self.figsize, self.dpi = tuple(figsize), float(dpi)
        self.options = {"refine": "auto", "resolution": RESOLUTION, **options}
        self._cache = OrderedDict()
        self._cache_size = check_positive_int("cache_size", cache_size)
        self.messages, self.sample, self._readout = [], None, None
        if sample is not None:
            self.through(sample)
        self.picture()  # a bad option fails here, not at the first slider move

    # ---------------------------------------------------------------- state
    @property
    def names(self):
        """The features' names, in column order."""
        return self.table.names

    def held(self):
        """``{name: value}`` of the held features, in column order."""
        return {self.names[k]: self.values[k] for k in range(len(self.names))
                if k not in self.features}

    def state(self):
        """The explorer's state as a JSON-ready dict: the drawn features, the
        sliders (with their values), the slice width, the response."""
        return {"features": [self.names[k] for k in self.features],
                "names": list(self.names),
                "sliders": [s.describe(self.values[s.index]) for s in self.sliders],
                "slice_width": self.slice_width, "response": self.response,
                "messages": list(self.messages)}

    def set(self, values=None, *, features=None, slice_width=..., response=None):
        """Change the state; every value is checked before any is taken.

        Parameters
        ----------
        values : dict, default=None
            ``{feature: value}``: a slider's value (a number outside the data's
            range is clamped, and :attr:`messages` says so).
        features : tuple of two int or str, default=None
            The drawn features.
        slice_width : float or None, default=unchanged
        response : str, default=None (unchanged)

        Returns
        -------
        list of str
            The messages of this change (clamped values).
        """
        new_values, messages = list(self.values), []
        if values is not None and not isinstance(values, dict):
            raise TypeError(f"values must be a dict {{feature: value}}; got "
                            f"{type(values).__name__}.")
        for key, value in (values or {}).items():
            k = self._index(key, "values")
            new_values[k], note = self.sliders[k].clamp(value)
            if note:
                messages.append(note)
        new_features = self.features if features is None else self._features(features)
        if response is not None:
            check_response(response)
        if slice_width is not ... and slice_width is not None:
            check_width(slice_width, "slice_width")
        self.values, self.features, self.messages = new_values, new_features, messages
        if values:
            self.sample = None  # no longer through that sample
        if slice_width is not ...:
            self.slice_width = slice_width
        if response is not None:
            self.response = response
        return messages

    def _index(self, key, name):
        """Column index of ``key``: an index, a column name, or an array's
        generated name (``"x3"``) as the views show it."""
        if isinstance(key, str) and not self.table.is_frame and key in self.names:
            return self.names.index(key)
        return column_index(self.table, key, name)

    def _features(self, features):
        if isinstance(features, (list, tuple)) and len(features) == 2:
            features = [self._index(f, "features") for f in features]
        return resolve_features(self.table, features, "features", 2)

    def through(self, sample):
        """Every slider jumps to row ``sample`` of ``X``: the picture is then the
        model around that one case.

        Raises
        ------
        ValueError
            When ``sample`` is not a row of ``X`` (negative counts from the end).
        """
        n = len(self.table.data)
        if isinstance(sample, (bool, np.bool_)) or not isinstance(sample, (int, np.integer)):
            raise TypeError(f"sample must be a row number of X; got {type(sample).__name__} "
                            f"{sample!r}.")
        if not -n <= int(sample) < n:
            raise ValueError(f"sample must be a row of X, in [{-n}, {n - 1}]; got {sample}.")
        row = int(sample) % n
        data = self.table.data  # cell by cell: a frame's row would upcast its columns
        cells = ([data.iloc[row, k] for k in range(data.shape[1])] if self.table.is_frame
                 else data[row].tolist())
        self.values = [v.item() if isinstance(v, np.generic) else v for v in cells]
        self.sample = row
        self.messages = []
        return self

    # ------------------------------------------------------------- pictures
    def plot_kwargs(self):
        """The keyword arguments of the static call that draws this state:
        ``plot_decision_surface(model, X, y, ax=ax, **explorer.plot_kwargs())``
        on the Axes of a ``figsize`` x ``dpi`` figure with constrained layout
        (``plt.subplots(figsize=..., dpi=..., layout="constrained")``) gives the
        same pixels."""
        return {"features": tuple(self.names[k] for k in self.features)
                if self.table.is_frame else tuple(self.features),
                "fill": {(self.names[k] if self.table.is_frame else k): self.values[k]
                         for k in range(len(self.names)) if k not in self.features},
                "slice_width": self.slice_width,
                "response": self.response, **self.options}

    def key(self):
        """What the picture depends on (the cache's key)."""
        held = tuple((k, repr(v)) for k, v in self.held().items())
        return (tuple(self.features), held, repr(self.slice_width), repr(self.response))

    def picture(self):
        """The current state's picture: a dict with ``png`` (bytes), ``xlim``,
        ``ylim`` and ``axes`` (the Axes' box in the image's pixels, from the top
        left: ``[left, top, width, height]``), from the cache when seen before.

        Raises
        ------
        Exception
            Whatever the static call raises for this state (an
            :class:`~surfaceviz.EvaluationError` when the model fails there);
            the explorer's state is kept and stays usable.
        """
        key = self.key()
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        out = self._draw()
        self._cache[key] = out
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out

    def _draw(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        # not pyplot's figure (nothing to close); constrained: a wrapped title, the colour
        # bar and a legend below the Axes stay inside the picture
        fig = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        from .display import plot_decision_surface

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            disp = plot_decision_surface(self.model, self.X, self.y, ax=ax,
                                         **self.plot_kwargs())
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=self.dpi)
        height = fig.bbox.height
        box = ax.get_window_extent()
        return {"png": buf.getvalue(), "size": [int(round(fig.bbox.width)), int(round(height))],
                "xlim": [float(v) for v in ax.get_xlim()],
                "ylim": [float(v) for v in ax.get_ylim()],
                "axes": [float(box.x0), float(height - box.y1), float(box.width),
                         float(box.height)],
                "warnings": [str(w.message) for w in caught],
                "title": disp.ax_.get_title()}

    def save(self, path, *, steps=5, vary=None, max_images=400, title=None):
        """Write an offline page of this explorer: one self-contained HTML file
        (no network needed) whose sliders show slices precomputed at ``steps``
        values of each varied feature, the drawn features as now.

        Parameters
        ----------
        path : str or path-like
            The page, ending in ``.html``; written whole or not at all.
        steps : int, default=5
            Values per varied slider across its data range (the ends included;
            all the choices of a list with no more than ``steps``).
        vary : list of str or int, default=None
            The sliders the page varies (default: every held feature); the
            others stay at their values.
        max_images : int, default=400
            The bound on the pictures drawn: ``steps`` to the power of the
            varied sliders must not exceed it.
        title : str, default=None

        Returns
        -------
        str
            The path written.

        Raises
        ------
        ValueError
            More combinations than ``max_images`` (their count is said), a path
            not ending in ``.html`` or in a missing folder, an unknown ``vary``.
        """
        from .explore_page import save_page

        return save_page(self, path, steps=steps, vary=vary, max_images=max_images,
                         title=title)

    def readout(self, x, y):
        """The model's response at ``(x, y)`` of the drawn plane, the held features
        at their values: ``{label: value}`` (probabilities or scores per class),
        or ``{response: value}`` for one column."""
        key = self.key()
        if self._readout is None or self._readout[0] != key:
            from ..evaluation.options import EvaluationOptions
            from ..evaluation.plan import plan

            names = set(EvaluationOptions.names())
            given = {k: v for k, v in self.plot_kwargs().items() if k in names}
            p = plan(self.model, self.X, self.y,
                     options=EvaluationOptions(**{**given, "resolution": 2}))
            self._readout = (key, p)
        p = self._readout[1]
        values = p.response_at(np.array([[float(x), float(y)]]))
        flat = np.asarray(values, dtype=float).reshape(-1)
        classes = p.resp.classes
        labels = ([str(c) for c in classes] if classes is not None and len(flat) == len(classes)
                  else [p.resp.method] if len(flat) == 1
                  else [f"{p.resp.method}[{k}]" for k in range(len(flat))])
        return {n: float(v) for n, v in zip(labels, flat)}


def _same(a, b):
    """A choice ``a`` given as ``b`` (``True`` is not ``1`` here)."""
    if isinstance(a, (bool, np.bool_)) != isinstance(b, (bool, np.bool_)):
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _short(v):
    return f"{v:.4g}" if isinstance(v, float) else repr(v)
