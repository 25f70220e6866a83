"""Watch any training loop: frames of the decision surface, written as they come.

:func:`animate_training` drives training itself (``partial_fit``, staged
outputs, ``warm_start``). A PyTorch or Keras user has a loop of their own;
:func:`watch` records it instead::

    with surfaceviz.watch(net, X, y, epochs=50, out="train.gif") as w:
        for epoch in range(1, 51):
            ...                          # the user's own training step
            w.frame(epoch, cost=loss)    # the surface of the model as it is now

Keras: ``model.fit(X, y, epochs=50, callbacks=[w.keras_callback()])`` inside
the ``with`` block.

Each :meth:`Recorder.frame` evaluates the model on the shared grid (in the
caller's thread, so the frame is the model at that moment) and hands the
snapshot to a writer thread that draws it and streams it to a temporary file
beside ``out``, through a queue of two frames: memory stays flat however many
frames there are. Leaving the block moves the file into place; an exception
inside it (or in the writer) leaves no file at ``out``. The outputs, the
frames and their guarantees are :func:`animate_training`'s: GIF, MP4, HTML
player, plotly figure, or the HTML player in memory.
"""

from __future__ import annotations

import queue
import threading

import numpy as np

from .._utils.validation import check_positive_int, check_range
from .animate import FrameRenderer, Snapshot, plan_frames, render_and_write

_END = object()


def watch(model, X, y, *, epochs, out=None, X_test=None, y_test=None, resolution=200, fps=10,
          dpi=80, response=None, on_frame=None, **plot_kwargs):
    """A recorder of a training loop the caller runs (a context manager).

    Parameters
    ----------
    model : estimator, callable or framework model
        Anything :func:`plot_decision_surface` draws (a ``torch.nn.Module``, a
        ``keras.Model``...), trained by the caller between frames.
    X, y : array-like of shape (n_samples, n_features) and (n_samples,)
        The data drawn (and the classes of a network's outputs, sorted). More
        than two features: pass ``features=`` (a slice), ``fill="average"``
        (partial dependence) or ``projection=`` (a map, whose embedding is
        fitted once so the layout stays while the model changes).
    epochs : int
        How many epochs the loop runs: the length of the curves' axis.
    out : str or path, default=None
        ``.gif``, ``.mp4``, ``.html`` or ``.plotly.html`` (see
        :func:`animate_training`); None: the HTML player in memory.
    X_test, y_test : array-like, default=None
        Held-out data (both or neither): drawn hollow, accuracy on the curves.
    resolution : int or tuple, default=200
    fps : float, default=10
        Frames a second, in (0, 100].
    dpi : float, default=80
        In [20, 600].
    response : str, default=None
        As :func:`animate_training`.
    on_frame : callable, default=None
        ``on_frame(snapshot)`` for every frame.
    **options
        Evaluation options (``features``, ``fill``, ``projection``, ``inverse``,
        ``refine``... as :func:`evaluate_grid`), the rest passed to
        :meth:`DecisionSurfaceDisplay.plot` for every frame.

    Returns
    -------
    Recorder
        Use it in a ``with`` block; after it, :attr:`Recorder.animation` is the
        :class:`TrainingAnimation`.

    Raises
    ------
    ValueError, TypeError
        Bad arguments, all checked here, before the first frame.
    """
    return Recorder(model, X, y, epochs=epochs, out=out, X_test=X_test, y_test=y_test,
                    resolution=resolution, fps=fps, dpi=dpi, response=response,
                    on_frame=on_frame, plot_kwargs=plot_kwargs)


class Recorder:
    """Frames of a caller's training loop (made by :func:`watch`)."""

    def __init__(self, model, X, y, *, epochs, out, X_test, y_test, resolution, fps, dpi,
                 response, on_frame, plot_kwargs):
        self.epochs = check_positive_int("epochs", epochs)
        # one plan for every frame: a map's embedding is fitted once (the layout stays)
        frames = plan_frames(model, X, y, caller="watch", out=out, X_test=X_test,
                             y_test=y_test, resolution=resolution, fps=fps, dpi=dpi,
                             response=response, on_frame=on_frame, options=plot_kwargs)
        self.out, self._fmt, self._fps = out, frames.fmt, frames.fps
        self._on_frame, self._response, self._surface = on_frame, frames.response, frames.surface
        prep = self._surface.prep
        self.X, self.X_test = prep.X, prep.X_test  # the view: what the frames draw
        self.y, self.y_test = self._surface.y, self._surface.y_test
        self.model = model
        self._renderer = None
        if self._fmt != ".plotly.html":
            self._renderer = FrameRenderer(self.X, self.y, self.X_test, self.y_test,
                                           self.epochs, "epoch", dpi=frames.dpi,
                                           plot_kwargs=frames.plot_kwargs)
            self._renderer.check(self._surface.spec, np.unique(self.y))
        self.animation = None
        self._queue = None
        self._thread = None
        self._failure = None
        self._count = 0

    # ------------------------------------------------------------ the block
    def __enter__(self):
        if self._thread is not None:
            raise RuntimeError("a Recorder records one loop: make a new one with watch().")
        self._queue = queue.Queue(maxsize=2)
        self._thread = threading.Thread(target=self._write, name="surfaceviz-watch",
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._thread is None:
            return False
        self._put(_Abort() if exc_type is not None else _END)
        self._thread.join()
        if exc_type is None and self._failure is not None:
            raise self._failure
        return False

    def _write(self):
        try:
            self.animation = render_and_write(
                self._snapshots(), self._renderer, out=self.out, fmt=self._fmt,
                fps=self._fps, on_frame=self._on_frame, X=self.X, y=self.y, unit="epoch",
                steps=self.epochs)
        except _Abort:
            pass
        except BaseException as exc:  # reported in the caller's thread
            self._failure = exc
            _drain(self._queue)

    def _snapshots(self):
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, _Abort):
                raise item
            yield item

    def _put(self, item):
        while self._thread.is_alive():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    # ------------------------------------------------------------ the frames
    def frame(self, step=None, *, cost=None):
        """Record the model as it is now.

        Parameters
        ----------
        step : int, default=None
            The epoch (default: one more than the last frame's), in
            ``[1, epochs]``.
        cost : float, default=None
            The training loss to draw on the curves.

        Returns
        -------
        Snapshot
            The frame's surface (``grid``), predictions and accuracies.
        """
        if self._thread is None:
            raise RuntimeError("frame() is called inside the with block: "
                               "with surfaceviz.watch(...) as w: ... w.frame(epoch)")
        if self._failure is not None:
            raise self._failure
        step = self._count + 1 if step is None else check_range(
            "step", step, 1, self.epochs, include_high=True, integer=True)
        if cost is not None:
            if hasattr(cost, "detach"):  # a torch loss: its value, not its graph
                cost = cost.detach()
            try:
                cost = float(cost)  # a number, or a framework's scalar tensor
            except (TypeError, ValueError) as exc:
                raise TypeError(f"cost must be a number (the training loss); got "
                                f"{type(cost).__name__} {cost!r}.") from exc
        snap = self.snapshot(int(step), cost)
        self._count = int(step)
        self._put(snap)
        if self._failure is not None:
            raise self._failure
        return snap

    def snapshot(self, step, cost=None):
        """The :class:`Snapshot` of the model as it is now (nothing is drawn)."""
        p = self._surface.for_model(self.model, response=self._response)
        grid = p.evaluate()
        pred, accuracy, test = None, float("nan"), None
        if p.resp.classes is not None:
            classes = np.asarray(p.resp.classes, dtype=object)
            pred = classes[p.labels_at(p.prep.rows)]
            accuracy = float(np.mean(_same(pred, self.y)))
        if self.X_test is not None and pred is not None:
            test = float(np.mean(_same(classes[p.labels_at(p.prep.test_rows)], self.y_test)))
        return Snapshot(step, grid, pred, cost, accuracy, test,
                        (grid.lift or {}).get("fidelity"))

    def keras_callback(self, every=1):
        """A ``keras.callbacks.Callback`` that records a frame every ``every`` epochs
        (its loss as the cost)."""
        import sys

        keras = sys.modules.get("keras")
        if keras is None:
            from .._utils.optional import import_optional

            keras = import_optional("keras", purpose="Recorder.keras_callback")
        every = check_positive_int("every", every)
        recorder = self

        class SurfacevizFrames(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                if (epoch + 1) % every == 0 or epoch + 1 == recorder.epochs:
                    loss = (logs or {}).get("loss")
                    recorder.frame(min(epoch + 1, recorder.epochs),
                                   cost=None if loss is None else float(loss))

        return SurfacevizFrames()


class _Abort(Exception):
    """The with block raised: the writer stops and leaves no file."""


def _drain(q):
    try:
        while True:
            q.get_nowait()
    except queue.Empty:
        pass


def _same(pred, true):
    from .._utils.labels import differs

    return ~differs(pred, true)
