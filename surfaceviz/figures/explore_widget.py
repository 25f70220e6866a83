"""The explorer as a notebook widget (anywidget; tested in JupyterLab).

:func:`explore` builds an :class:`~surfaceviz.figures.explore.Explorer` and
wraps it in a widget whose view (``explorer.js``) shows the picture, the
drop-downs, a slider per held feature, the slice width, the response and a
read-out of the model at the pointer. Each change the view sends is applied
here by :meth:`ExplorerWidget.apply` (the one place the kernel handles the
view's requests); the picture comes back as PNG bytes. A failing position
shows its error in the widget, which stays usable.
"""

from __future__ import annotations

import pathlib

import numpy as np

from .explore import Explorer

#: Pointer distance (image pixels) within which a click picks a data point.
PICK_RADIUS = 8
#: The responses the view offers, where the model has them.
RESPONSES = ("decision_function", "predict_proba", "predict")

_WIDGET_CLASS = None


def explore(model, X, y=None, *, features=None, fill=None, sample=None, slice_width=None,
            response="auto", **options):
    """Explore slices of ``model`` live in a notebook: pick the two drawn
    features, move a slider per other feature, and see the slice redrawn.

    Parameters
    ----------
    model : estimator or callable
        Fitted on all the columns of ``X`` (scikit-learn, PyTorch, Keras, JAX,
        gradient boosting: what :func:`~surfaceviz.plot_decision_surface` takes).
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data (at least 3 columns). Never modified.
    y : array-like of shape (n_samples,), default=None
    features : tuple of two int or str, default=None
        The drawn features at the start (default: the first two).
    fill : "median", "mean", dict or one row, default=None
        The sliders' starting values (the rule of slices).
    sample : int, default=None
        Start through this row of ``X`` (every slider at its values).
    slice_width : float, default=None
    response : str, default="auto"
    **options
        For every picture (see :class:`~surfaceviz.figures.explore.Explorer`):
        ``figsize``, ``dpi``, ``cache_size`` and the options of
        :func:`~surfaceviz.plot_decision_surface`.

    Returns
    -------
    ExplorerWidget
        Displayed when it is a cell's last value; ``.explorer`` is the
        :class:`~surfaceviz.figures.explore.Explorer`, ``.save(path)`` writes
        the offline page.

    Raises
    ------
    ImportError
        Without anywidget (``pip install anywidget``). An offline page needs
        no widget: ``Explorer(model, X, y).save("model.html")``.
    """
    cls = _widget_class()
    explorer = Explorer(model, X, y, features=features, fill=fill, sample=sample,
                        slice_width=slice_width, response=response, **options)
    return cls(explorer)


def _widget_class():
    """The widget class, defined on first use (anywidget is optional)."""
    global _WIDGET_CLASS
    if _WIDGET_CLASS is not None:
        return _WIDGET_CLASS
    try:
        import anywidget
        import traitlets
    except ImportError as exc:
        raise ImportError("surfaceviz.explore shows its widget with anywidget: pip install "
                          "anywidget (an offline page needs none: "
                          "surfaceviz.Explorer(model, X, y).save('model.html')).") from exc

    class ExplorerWidget(anywidget.AnyWidget):
        """A live slice explorer (see :func:`surfaceviz.explore`)."""

        _esm = pathlib.Path(__file__).with_name("explorer.js")
        state = traitlets.Dict().tag(sync=True)
        image = traitlets.Bytes(b"").tag(sync=True)
        key = traitlets.Unicode("").tag(sync=True)
        geometry = traitlets.Dict().tag(sync=True)
        readout = traitlets.Dict().tag(sync=True)
        error = traitlets.Unicode("").tag(sync=True)
        done = traitlets.Int(0).tag(sync=True)

        def __init__(self, explorer):
            super().__init__()
            self.explorer = explorer
            self.on_msg(lambda _widget, content, _buffers: self.apply(content))
            self._show()

        def apply(self, request):
            """Apply one request of the view (a dict with ``kind``: ``"state"``,
            ``"sample"``, ``"click"`` or ``"readout"``); an error is shown in
            :attr:`error`, the explorer stays usable. Returns ``self``."""
            try:
                if not isinstance(request, dict):
                    raise TypeError(f"a request must be a dict; got {type(request).__name__}.")
                handle(self.explorer, self, request)
                if request.get("kind") != "readout":
                    self.error = ""
            except Exception as exc:  # shown in the widget: it stays usable
                self.error = f"{type(exc).__name__}: {exc}"
                self.state = view_state(self.explorer)
            finally:
                rid = request.get("id") if isinstance(request, dict) else None
                self.done = rid if isinstance(rid, int) and rid > self.done else self.done + 1
            return self

        def _show(self):
            picture = self.explorer.picture()
            with self.hold_sync():
                self.state = view_state(self.explorer)
                self.image = picture["png"]
                self.key = repr(self.explorer.key())
                self.geometry = geometry_of(picture)

        def save(self, path, **kwargs):
            """The offline page (see :meth:`Explorer.save`)."""
            return self.explorer.save(path, **kwargs)

    ExplorerWidget.__module__ = __name__
    _WIDGET_CLASS = ExplorerWidget
    return ExplorerWidget


def handle(explorer, widget, request):
    """Apply ``request`` to ``explorer`` and show the result on ``widget``."""
    kind = request.get("kind")
    if kind == "readout":
        widget.readout = explorer.readout(request["x"], request["y"])
        return
    if kind == "state":
        explorer.set(request.get("values"), features=request.get("features"),
                     response=request.get("response"),
                     **({"slice_width": request["slice_width"]}
                        if "slice_width" in request else {}))
    elif kind == "sample":
        explorer.through(request.get("sample"))
    elif kind == "click":
        row = nearest_sample(explorer, request["x"], request["y"])
        if row is None:
            return
        explorer.through(row)
    else:
        raise ValueError(f"unknown request kind {kind!r}; expected 'state', 'sample', "
                         "'click' or 'readout'.")
    widget._show()


def nearest_sample(explorer, x, y):
    """The row of ``X`` drawn nearest ``(x, y)`` within :data:`PICK_RADIUS`
    pixels of the picture, or None."""
    picture = explorer.picture()
    i, j = explorer.features
    view = explorer.table.numbers([i, j])
    (x0, x1), (y0, y1) = picture["xlim"], picture["ylim"]
    _, _, w, h = picture["axes"]
    dx = (view[:, 0] - float(x)) / (x1 - x0) * w
    dy = (view[:, 1] - float(y)) / (y1 - y0) * h
    d = np.hypot(dx, dy)
    k = int(np.argmin(d))
    return k if d[k] <= PICK_RADIUS else None


def view_state(explorer):
    """The explorer's state for the view, with the responses it can offer."""
    state = explorer.state()
    model = explorer.model
    offered = [r for r in RESPONSES if hasattr(model, r)]
    state["responses"] = ["auto"] + offered + (
        [state["response"]] if state["response"] not in ["auto"] + offered else [])
    return state


def geometry_of(picture):
    """Where the Axes lie in the picture, for the view's pointer."""
    return {"xlim": picture["xlim"], "ylim": picture["ylim"], "axes": picture["axes"],
            "width": picture["size"][0], "height": picture["size"][1]}
