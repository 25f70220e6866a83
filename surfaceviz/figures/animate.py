"""Training animations: the decision surface as the model learns.

An animation is a sequence of :class:`~surfaceviz.SurfaceGrid` objects, one per
snapshot of the model (a ``partial_fit`` epoch, a boosting stage, a grown
``warm_start`` ensemble), evaluated on one shared grid, drawn, written out and
dropped: memory does not grow with the number of frames.

- :func:`animate_training` trains (or stages) the model and writes the frames
  to a GIF (Pillow), an MP4 (ffmpeg), a self-contained HTML5 player, or a plotly
  figure with a slider and a play button.
- Sources (:func:`snapshots`): the bundled MLP and any estimator with
  ``partial_fit`` (one pass per epoch), boosting with staged outputs (one frame
  per stage group, read from the staged responses, no refitting), and
  ``warm_start`` ensembles (a forest growing its trees).
"""

from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass, replace

import numpy as np

from .._utils.validation import check_positive_int, check_range

#: What ``out=`` may end with, and the writer of each.
FORMATS = (".gif", ".mp4", ".html", ".plotly.html")


@dataclass
class Snapshot:
    """One frame's model state: the surface on the shared grid and the curves so far."""

    step: int
    grid: object
    y_pred: np.ndarray | None
    cost: float | None
    accuracy: float
    test_accuracy: float | None
    #: A map's fidelity at this frame (None for other pictures).
    fidelity: float | None = None


# ----------------------------------------------------------------- sources
def training_kind(model):
    """How ``model`` is animated: ``"partial_fit"``, ``"staged"`` or ``"warm_start"``.

    Raises
    ------
    TypeError
        A model with none of them (the message says what is needed).
    """
    if hasattr(model, "partial_fit"):
        return "partial_fit"
    if any(hasattr(model, m) for m in ("staged_predict_proba", "staged_decision_function")):
        return "staged"
    if "warm_start" in getattr(model, "get_params", lambda: {})() and \
            "n_estimators" in model.get_params():
        return "warm_start"
    raise TypeError(
        f"{type(model).__name__} cannot be animated: it needs partial_fit (one pass per "
        "epoch: the bundled MLPClassifier, SGDClassifier, Perceptron, scikit-learn's "
        "MLPClassifier), staged outputs (staged_predict_proba or staged_decision_function: "
        "gradient boosting), or warm_start with n_estimators (a growing forest).")


def snapshots(model, X, y, surface, *, epochs, every=1, X_test=None, y_test=None,
              response="auto"):
    """Yield a :class:`Snapshot` every ``every`` epochs (or stages) of training.

    ``partial_fit`` and ``warm_start`` models are trained in place (as ``fit``
    would); a staged model is fitted once when it is not fitted yet.
    """
    kind = training_kind(model)
    if kind == "partial_fit":
        yield from _partial_fit_snapshots(model, X, y, surface, epochs, every, X_test, y_test,
                                          response)
    elif kind == "staged":
        yield from _staged_snapshots(model, X, y, surface, epochs, every, X_test, y_test,
                                     response)
    else:
        yield from _warm_start_snapshots(model, X, y, surface, epochs, every, X_test, y_test,
                                         response)


def _evaluate(model, surface, response=None):
    """The model as it is now on the shared grid plan: ``(grid, response)``."""
    p = surface.for_model(model, with_y=False, response=response)
    return p.evaluate(), p.resp


def _fidelity(grid):
    return (grid.lift or {}).get("fidelity")


def _scores(model, X, y, X_test, y_test):
    """(cost, training accuracy, test accuracy) of the model as it is now."""
    pred = model.predict(X)
    accuracy = float(np.mean(pred == y))
    test = None if X_test is None else float(np.mean(model.predict(X_test) == y_test))
    history = getattr(model, "history_", None)
    cost = history[-1]["cost"] if history else getattr(model, "loss_", None)
    if cost is None and hasattr(model, "predict_proba"):
        from sklearn.metrics import log_loss

        cost = log_loss(y, model.predict_proba(X), labels=model.classes_)
    return (None if cost is None else float(cost)), accuracy, test, pred


def _partial_fit_snapshots(model, X, y, surface, epochs, every, X_test, y_test, response):
    classes = np.unique(y)
    for epoch in range(1, epochs + 1):
        model.partial_fit(X, y, classes=classes)
        if epoch % every and epoch != epochs:
            continue
        grid, _ = _evaluate(model, surface, response)
        cost, acc, test, pred = _scores(model, X, y, X_test, y_test)
        yield Snapshot(epoch, grid, pred, cost, acc, test, _fidelity(grid))


def _staged_snapshots(model, X, y, surface, stages, every, X_test, y_test, response):
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(model)
    except NotFittedError:
        model.fit(X, y)
    if isinstance(response, (list, tuple)):  # the first response with a staged form
        response = [r for r in response if hasattr(model, "staged_" + r)] or response
    grid, resp = _evaluate(model, surface, response)
    spec = surface.spec
    method = "staged_" + resp.method
    points = spec.points(0, spec.size)
    lift = surface.prep.lift
    if lift is not None:  # the grid's points as the model's rows (a slice or a map)
        if lift.kind == "average":
            raise ValueError("fill='average' cannot be animated stage by stage: a staged "
                             "model's outputs come for given rows, not averaged ones.")
        points = lift.to_model(points, as_frame=resp._columns is not None)
    staged = zip(getattr(model, method)(points), model.staged_predict(X),
                 model.staged_predict(X_test) if X_test is not None else _nones())
    for stage, (raw, pred, pred_test) in enumerate(staged, start=1):
        if stage > stages:
            break
        if stage % every and stage != stages:
            continue
        values = resp._post(np.asarray(raw)).reshape(spec.shape + grid.values.shape[2:])
        frame = replace(grid, values=values)
        test = None if X_test is None else float(np.mean(pred_test == y_test))
        yield Snapshot(stage, frame, pred, None, float(np.mean(pred == y)), test,
                       _fidelity(grid) if stage == stages else None)


def _nones():
    while True:
        yield None


def _warm_start_snapshots(model, X, y, surface, epochs, every, X_test, y_test, response):
    model.set_params(warm_start=True)
    for n in range(every, epochs + every, every):
        model.set_params(n_estimators=min(n, epochs))
        model.fit(X, y)
        grid, _ = _evaluate(model, surface, response)
        cost, acc, test, pred = _scores(model, X, y, X_test, y_test)
        yield Snapshot(min(n, epochs), grid, pred, cost, acc, test, _fidelity(grid))
        if n >= epochs:
            break


# ------------------------------------------------------------------ frames
class FrameRenderer:
    """Draws one frame (surface with the data | cost and accuracy curves) into a
    reused figure and returns its pixels."""

    def __init__(self, X, y, X_test, y_test, steps, unit, *, figsize=(9.6, 4.0), dpi=80,
                 plot_kwargs=None, history=None):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.X, self.y, self.X_test, self.y_test = X, y, X_test, y_test
        self.steps, self.unit = steps, unit
        self.plot_kwargs = dict(plot_kwargs or {})
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="none")
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_axes((0.06, 0.13, 0.40, 0.76))
        # the colour bar's own Axes: drawn once with the still parts, so that every
        # frame says what its colours mean (0.5 everywhere is a white frame)
        self.cax = self.figure.add_axes((0.475, 0.13, 0.012, 0.76))
        self.curves = self.figure.add_axes((0.62, 0.13, 0.31, 0.76))
        # the curves so far: one entry per frame, the frame being drawn included
        self.history = [] if history is None else history

    def draw(self, snap):
        """The frame of ``snap`` as an RGB array of shape (height, width, 3).

        The first frame sets the figure up; later frames update its artists in
        place (the surface's pixels, the boundary, the rings, the curves), which
        keeps a frame to a few tens of milliseconds.
        """
        first = self._disp is None
        if first:
            self._set_up(snap)
        else:
            self._update_surface(snap)
        self.ax.set_title(f"{self.unit} {snap.step} of {self.steps}")
        self._update_curves()
        if first:  # the still parts once; every frame redraws only what moves (blitting)
            moving = [a for a in self._moving() if a is not self.ax.title]
            title = self.ax.title.get_text()
            self.ax.title.set_text("")  # placed by the full draw, drawn per frame
            for artist in moving:
                artist.set_visible(False)
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            for artist in moving:
                artist.set_visible(True)
            self.ax.title.set_text(title)
        self.canvas.restore_region(self._background)
        for artist in self._moving():
            artist.axes.draw_artist(artist) if artist.axes is not None else \
                self.figure.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()

    def check(self, spec, classes):
        """Try the frame options on a stand-in surface (before any training).

        A bad ``kind``, colour map or keyword is refused here, not after the
        first epoch has changed the caller's model.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from ..evaluation.surface import SurfaceGrid
        from .display import DecisionSurfaceDisplay

        k = max(len(classes), 2)
        shape = (2, 2) if k == 2 else (2, 2, k)
        stand_in = SurfaceGrid(x=np.linspace(*spec.xlim, 2), y=np.linspace(*spec.ylim, 2),
                               values=np.full(shape, 1.0 / k), response="predict_proba",
                               task="binary" if k == 2 else "multiclass",
                               classes=classes if len(classes) >= 2 else np.arange(2),
                               threshold=0.5 if k == 2 else None,
                               pos_label=None if k > 2 else (
                                   classes[-1] if len(classes) == 2 else 1))
        fig = Figure(figsize=self.figure.get_size_inches(), dpi=self.figure.dpi)
        canvas = FigureCanvasAgg(fig)
        options = {"kind": "image", "colorbar": True, "legend": False, **self.plot_kwargs}
        DecisionSurfaceDisplay(stand_in, X=self.X, y=self.y, X_test=self.X_test,
                               y_test=self.y_test).plot(ax=fig.add_subplot(), **options)
        canvas.draw()  # drawn at the frames' size and density, as the frames will be

    def _moving(self):
        """The artists that change between frames, in drawing order."""
        disp = self._disp
        out = []
        for group in (disp.surface_, disp.no_value_, disp.boundary_, disp.scatter_,
                      disp.test_scatter_, disp.misclassified_):
            out += [a for a in (group if isinstance(group, list) else [group]) if a is not None]
        out += list(self._lines.values()) + [self._dot, self._now, self.ax.title]
        return out

    _disp = None

    def _set_up(self, snap):
        from .display import DecisionSurfaceDisplay

        options = {"kind": "image", "colorbar": True, "legend": False, **self.plot_kwargs}
        options["colorbar_kw"] = {**(options.get("colorbar_kw") or {}), "cax": self.cax}
        if not options["colorbar"]:
            self.cax.set_visible(False)
        self._disp = DecisionSurfaceDisplay(snap.grid, X=self.X, y=self.y, y_pred=snap.y_pred,
                                            X_test=self.X_test, y_test=self.y_test)
        self._disp.plot(ax=self.ax, **options)
        self._keep_labels_inside()
        ax = self.curves
        ax.set_xlim(0, self.steps * 1.03)  # room for the last dot
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(self.unit)
        ax.set_ylabel("accuracy")
        self._lines = {"accuracy": ax.plot([], [], color="tab:blue",
                                           label="training accuracy")[0]}
        if snap.test_accuracy is not None:
            self._lines["test_accuracy"] = ax.plot([], [], color="tab:green",
                                                   label="test accuracy")[0]
        if snap.fidelity is not None:  # a map: how much of the model it shows, per frame
            self._lines["fidelity"] = ax.plot([], [], color="tab:purple", linestyle="--",
                                              label="map fidelity")[0]
        self._dot = ax.plot([], [], "o", color="tab:blue")[0]
        self._now = ax.axvline(0, color="0.3", linewidth=0.8, linestyle=":")
        if snap.cost is not None:
            self._cost_ax = ax.twinx()
            self._cost_ax.set_xlim(0, self.steps * 1.03)  # room for the last dot
            self._cost_ax.set_ylabel("cost", color="tab:red")
            self._lines["cost"] = self._cost_ax.plot([], [], color="tab:red", label="cost")[0]
        handles = list(self._lines.values())
        ax.legend(handles=handles, loc="lower right", fontsize="small")

    def _keep_labels_inside(self):
        """Narrow the surface from the left when its y label would cross the frame's
        left edge (a map's "PC 2 (14% of variance)", a long feature name)."""
        renderer = self.canvas.get_renderer()
        left = self.ax.get_tightbbox(renderer).x0
        width = self.figure.bbox.width
        if left >= 2:
            return
        shift = (2 - left) / width  # the left edge moves, the right (and colour bar) stays
        x0, y0, w, h = self.ax.get_position().bounds
        self.ax.set_position((x0 + shift, y0, w - shift, h))

    def _update_surface(self, snap):
        """The new surface in the same artists (its pixels), a new boundary and rings."""
        disp = self._disp
        old = disp.grid
        disp.grid, disp.y_pred = snap.grid, snap.y_pred
        image = disp.surface_
        if old.is_scalar and hasattr(image, "set_data") and not isinstance(image, list):
            g = snap.grid.downsample(*image.get_array().shape[::-1])
            image.set_data(np.ma.masked_invalid(g.surface()))
        else:
            self._redraw(disp.surface_)
            disp._draw_surface(self.ax, self._drawn(snap.grid), self._field(snap.grid),
                               "image", disp._palette(None, None, {}), None, None,
                               _artist_keywords(self.plot_kwargs))
        self._redraw(disp.boundary_)
        self._redraw(disp.misclassified_)
        g = self._drawn(snap.grid)
        from .decorations import draw_boundary_and_margins

        draw_boundary_and_margins(disp, self.ax, g, self._field(g), True, None,
                                  {"boundary_kw": {}, "margin_kw": {}})
        disp.misclassified_ = None
        if snap.y_pred is not None and self.y is not None:
            from .._utils.labels import differs
            from ..render import mpl2d

            wrong = differs(snap.y_pred, self.y)
            if wrong.any():
                disp.misclassified_ = mpl2d.draw_misclassified(self.ax, self.X[wrong])

    def _drawn(self, grid):
        image = self._disp.surface_
        if hasattr(image, "get_array") and not isinstance(image, list):
            return grid.downsample(*image.get_array().shape[:2][::-1])
        return grid

    @staticmethod
    def _field(g):
        return g.surface() if g.is_scalar else g.class_margins()

    @staticmethod
    def _redraw(artists):
        for artist in artists if isinstance(artists, list) else [artists]:
            if artist is not None:
                artist.remove()

    def _update_curves(self):
        steps = [h["step"] for h in self.history]
        for key, line in self._lines.items():
            line.set_data(steps, [np.nan if h.get(key) is None else h[key]
                                  for h in self.history])
        self._dot.set_data([steps[-1]], [self.history[-1]["accuracy"]])
        self._now.set_xdata([steps[-1], steps[-1]])
        if "cost" in self._lines and len(self.history) == 1:
            # fixed limits (the first cost, with room), so the axis never redraws
            self._cost_ax.set_ylim(0, max(self.history[0]["cost"], 1e-9) * 1.1)


def _artist_keywords(plot_kwargs):
    """The keywords ``plot()`` hands to the surface artist: those it does not name."""
    import inspect

    from .display import DecisionSurfaceDisplay

    named = set(inspect.signature(DecisionSurfaceDisplay.plot).parameters)
    return {k: v for k, v in plot_kwargs.items() if k not in named}


class NeuronFrameRenderer:
    """Frames of the per-neuron maps: one small map per hidden unit, then the
    output, updated in place every frame (one colour scale per map, centred on
    the activation's midpoint)."""

    def __init__(self, model, X, steps, unit, *, dpi=80, resolution=60, max_columns=8):
        self.model, self.X, self.steps, self.unit = model, X, steps, unit
        self.dpi, self.resolution, self.max_columns = dpi, resolution, max_columns
        self.history = []  # the curves' records (not drawn on neuron frames)
        self._images = None

    def draw(self, snap):
        from .neurons import MIDPOINTS, centred_limits, neuron_grids

        maps, names = neuron_grids(self.model, self.X, resolution=self.resolution)
        fields = []
        for k, grid in maps:
            values = grid.values[..., None] if grid.values.ndim == 2 else grid.values
            mid = MIDPOINTS.get(names[k], 0.0) if k < len(names) else None
            fields += [(k, u, values[..., u], mid, grid) for u in range(values.shape[2])]
        if self._images is None:
            self._set_up(fields)
        for image, (_, _, z, mid, _) in zip(self._images, fields):
            image.set_data(z)
            image.set_clim(*centred_limits(z, mid))
        self._title.set_text(f"{self.unit} {snap.step} of {self.steps}: training accuracy "
                             f"{snap.accuracy:.1%}")
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()

    def _set_up(self, fields):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .neurons import draw_map

        layers = sorted({k for k, *_ in fields})
        rows = []
        for k in layers:
            units = [f for f in fields if f[0] == k]
            rows += [units[s:s + self.max_columns]
                     for s in range(0, len(units), self.max_columns)]
        ncols = max(len(r) for r in rows)
        self.figure = Figure(figsize=(1.3 * ncols + 0.4, 1.3 * len(rows) + 0.6), dpi=self.dpi,
                             layout="none")
        self.canvas = FigureCanvasAgg(self.figure)
        self._title = self.figure.suptitle("", fontsize="medium")
        self._images = []
        grid_spec = self.figure.add_gridspec(len(rows), ncols, top=0.88, bottom=0.02,
                                             left=0.02, right=0.98, hspace=0.35, wspace=0.1)
        for r, row in enumerate(rows):
            for c, (k, u, z, mid, grid) in enumerate(row):
                ax = self.figure.add_subplot(grid_spec[r, c])
                self._images.append(draw_map(ax, grid, z, mid))
                ax.set_title(f"layer {k} unit {u}" if grid is not fields[-1][4]
                             else f"output {u}", fontsize="x-small")


# ------------------------------------------------------------------ writers
def _png_bytes(rgb):
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def write_gif(f, frames, fps):
    """Stream RGB frames into an animated GIF (a local palette per frame).

    Written here rather than with Pillow's ``save(append_images=...)`` or
    matplotlib's ``PillowWriter``: both hold every frame in memory until the
    end; this writes each frame as it comes, so memory does not grow with the
    number of frames."""
    from PIL import GifImagePlugin, Image

    duration = int(round(1000 / fps))
    count = 0
    for rgb in frames:
        image = Image.fromarray(rgb).quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        if count == 0:
            header, _ = GifImagePlugin.getheader(image, info={"loop": 0, "duration": duration})
            for chunk in header:
                f.write(chunk)
        for chunk in GifImagePlugin.getdata(image, duration=duration,
                                            include_color_table=True):
            f.write(chunk)
        count += 1
    f.write(b";")
    return count


_PLAYER_HEAD = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif}}#frame{{max-width:100%}}</style></head><body>
<img id="frame" alt="training animation"><br>
<button id="play">play</button>
<input id="slider" type="range" min="0" value="0" style="width:60%">
<span id="label"></span>
<script>var frames = [];
"""
_PLAYER_TAIL = """var img = document.getElementById("frame"), slider = document.getElementById("slider"),
label = document.getElementById("label"), timer = null;
slider.max = frames.length - 1;
function show(k) { img.src = frames[k]; slider.value = k;
  label.textContent = "frame " + (k + 1) + " of " + frames.length; }
slider.oninput = function () { show(+slider.value); };
document.getElementById("play").onclick = function () {
  if (timer) { clearInterval(timer); timer = null; return; }
  timer = setInterval(function () { show((+slider.value + 1) % frames.length); }, INTERVAL);
};
show(0);
</script></body></html>
"""


def write_html(f, frames, fps, title="training"):
    """Stream RGB frames into a self-contained HTML5 player (slider and play button).

    Written here rather than with matplotlib's ``HTMLWriter``: with embedded
    frames it keeps every frame (base64) in memory until it writes the page;
    this writes each frame as it comes (flat memory), and the page is one
    file that works offline."""
    f.write(_PLAYER_HEAD.format(title=title).encode("utf-8"))
    count = 0
    for rgb in frames:
        data = base64.b64encode(_png_bytes(rgb)).decode("ascii")
        f.write(f'frames.push("data:image/png;base64,{data}");\n'.encode("ascii"))
        count += 1
    f.write(_PLAYER_TAIL.replace("INTERVAL", str(int(round(1000 / fps)))).encode("utf-8"))
    return count


def write_mp4(path, frames, fps):
    """Encode RGB frames as an H.264 MP4 with matplotlib's ``FFMpegWriter`` (ffmpeg
    from ``rcParams["animation.ffmpeg_path"]``, else the PATH), one frame at a
    time: each frame is shown on one reused figure at its own pixel size and
    piped to ffmpeg, so memory stays flat."""
    from matplotlib.animation import FFMpegWriter
    from matplotlib.figure import Figure

    if not FFMpegWriter.isAvailable():
        raise RuntimeError("writing an MP4 needs ffmpeg on the PATH (Debian: apt-get install "
                           "ffmpeg); write a .gif or .html instead.")
    writer = FFMpegWriter(fps=fps, codec="h264")
    image, count = None, 0
    try:
        for rgb in frames:
            if image is None:
                h, w = rgb.shape[:2]
                fig = Figure(figsize=(w / 100, h / 100), dpi=100)
                image = fig.figimage(rgb, resize=False)
                writer.setup(fig, path, dpi=100)
            else:
                image.set_data(rgb)
            writer.grab_frame()
            count += 1
    finally:
        if image is not None:
            writer.finish()
    return count


def plotly_animation(snaps, X, y, unit, steps, *, max_points=120):
    """A plotly Figure with one frame per snapshot, a slider and a play button."""
    from ..render.plotly import plotly_graph_objects
    from ..render.style import ClassPalette

    go = plotly_graph_objects()
    frames, labels, first, ranges = [], [], None, []
    for snap in snaps:
        g = snap.grid.downsample(max_points, max_points)
        z = g.surface() if g.is_scalar else g.predicted().astype(float)
        heat = go.Heatmap(x=g.x, y=g.y, z=z, colorscale="RdBu_r" if g.is_scalar else "Viridis",
                          showscale=False)
        ranges.append((float(np.nanmin(z)), float(np.nanmax(z)), g))
        name = str(snap.step)
        frames.append(go.Frame(data=[heat], name=name,
                               layout={"title": {"text": f"{unit} {snap.step} of {steps}"}}))
        labels.append(name)
        first = first or (heat, snap.grid)
    if first is None:
        raise ValueError("no frames to animate.")
    zmin, zmax = _shared_range(ranges)
    for frame in frames:  # one colour scale for every frame
        frame.data[0].update(zmin=zmin, zmax=zmax)
    first[0].update(zmin=zmin, zmax=zmax)
    data = [first[0]]
    if X is not None:
        palette = ClassPalette.for_surface(first[1], y)
        colors = None if y is None else [
            "rgb({:.0f},{:.0f},{:.0f})".format(*(255 * palette.colors[c][:3]))
            for c in palette.codes(y)[0]]
        data.append(go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers",
                               marker={"color": colors or "white", "size": 6,
                                       "line": {"color": "black", "width": 0.5}},
                               name="data"))
    slider = {"steps": [{"args": [[name], {"frame": {"duration": 0, "redraw": True},
                                           "mode": "immediate"}],
                         "label": name, "method": "animate"} for name in labels],
              "currentvalue": {"prefix": f"{unit} "}}
    play = {"type": "buttons", "showactive": False, "x": 0.0, "y": -0.08,
            "buttons": [{"label": "play", "method": "animate",
                         "args": [None, {"frame": {"duration": 150, "redraw": True},
                                         "fromcurrent": True}]}]}
    fig = go.Figure(data=data, frames=frames)
    fig.update_layout(sliders=[slider], updatemenus=[play], width=700, height=600,
                      title=frames[0].layout.title.text, margin={"b": 120})
    return fig


def _shared_range(ranges):
    """One colour range for all frames: [0, 1] for probabilities, symmetric about
    the threshold for decision values, the overall range otherwise."""
    g = ranges[0][2]
    low, high = min(r[0] for r in ranges), max(r[1] for r in ranges)
    if g.is_scalar and g.response == "predict_proba":
        return 0.0, 1.0
    if g.is_scalar and g.threshold is not None:
        reach = max(abs(low - g.threshold), abs(high - g.threshold), 1e-12)
        return g.threshold - reach, g.threshold + reach
    return low, high


@dataclass
class TrainingAnimation:
    """What :func:`animate_training` made.

    Attributes
    ----------
    out : str or None
        The file written (None: see :attr:`html`).
    n_frames : int
    history : list of dict
        Per frame: ``step``, ``cost``, ``accuracy``, ``test_accuracy``.
    last_frame : ndarray of shape (height, width, 3) or None
        The last frame's pixels (None for a plotly output).
    html : str or None
        The HTML5 player, when ``out`` is None (shown by notebooks).
    figure : plotly Figure or None
        For a ``.plotly.html`` output.
    """

    out: object
    n_frames: int
    history: list
    last_frame: object = None
    html: str | None = None
    figure: object = None

    def _repr_html_(self):
        return self.html


def animate_training(model, X, y, *, epochs=50, every=1, X_test=None, y_test=None,
                     resolution=200, out=None, fps=10, dpi=80, response=None, on_frame=None,
                     neurons=False, **plot_kwargs):
    """Train ``model`` and draw its decision surface every ``every`` epochs (or stages).

    Each frame shows the surface with the data (as :func:`plot_decision_surface`
    draws it, ``kind="image"``) and, beside it, the accuracy (and cost) curves
    up to that epoch; the title says the epoch. Frames are written as they are
    made, so memory does not grow with their number.

    Parameters
    ----------
    model : estimator
        The bundled :class:`~surfaceviz.MLPClassifier` or any estimator with
        ``partial_fit`` (one pass per epoch; trained in place, as ``fit``
        would), a boosting model with staged outputs (fitted once if it is not;
        one frame per ``every`` stages), or a ``warm_start`` ensemble (grown by
        ``every`` estimators per frame).
    X, y : array-like of shape (n_samples, n_features) and (n_samples,)
        Two features, or more with ``features=`` (a slice), ``fill="average"``
        (partial dependence) or ``projection=`` (a map: its embedding is fitted
        once, before training, so the layout stays while the model changes; the
        map's fidelity is drawn on the curves, per frame).
    epochs : int, default=50
        Epochs (stages, estimators) in all.
    every : int, default=1
        A frame every that many epochs (the last epoch always has one).
    X_test, y_test : array-like, default=None
        Held-out data: drawn hollow, their accuracy on the curves.
    resolution : int or tuple, default=200
    out : str or path, default=None
        ``.gif`` (Pillow), ``.mp4`` (ffmpeg), ``.html`` (a self-contained HTML5
        player) or ``.plotly.html`` (a plotly figure with frames, a slider and
        a play button; works offline). None: the HTML5 player in memory
        (``anim.html``; notebooks show it).
    fps : float, default=10
        Frames a second, in (0, 100].
    dpi : float, default=80
        In [20, 600].
        Pixel density of the frames (figure size 9.6 x 4 inches).
    response : str, default=None
        Which response to draw; default: probabilities when the model has them
        (one colour scale for all frames), else the decision function.
    on_frame : callable, default=None
        ``on_frame(snapshot)`` for every frame (its ``grid``, ``step``...).
    neurons : bool, default=False
        Frames of the per-neuron maps (:func:`~surfaceviz.plot_neurons`: every
        hidden unit's activation, then the output) instead of the surface; for
        multi-layer perceptrons trained with ``partial_fit``.
    **plot_kwargs
        Evaluation options (``features``, ``fill``, ``projection``, ``inverse``,
        ``refine``... as :func:`evaluate_grid`); the rest are passed to
        :meth:`DecisionSurfaceDisplay.plot` for every frame.

    Returns
    -------
    TrainingAnimation

    Raises
    ------
    ValueError
        ``every`` < 1 or larger than ``epochs``; ``out`` with an unknown
        extension, in a missing folder or with a NUL character; ``fps`` outside
        (0, 100]; ``dpi`` outside [20, 600]; ``X_test`` without ``y_test`` or the
        reverse; a bad plot option; ``neurons=True`` for a model without hidden
        layers; a resolution too large for memory.
    TypeError
        A model that cannot be animated (the message says what is needed); an
        ``out``, ``fps``, ``dpi`` or ``on_frame`` of the wrong type.

    Every argument is checked before the first epoch: a refused call leaves the
    model untouched.
    """
    epochs = check_positive_int("epochs", epochs)
    every = check_positive_int("every", every)
    if every > epochs:
        raise ValueError(f"every must be at most epochs ({epochs}); got {every}.")
    kind = training_kind(model)
    if neurons:
        check_neurons_model(model, kind)
        if plot_kwargs.keys() & LIFT_OPTIONS:
            raise ValueError("neurons=True draws a network on its two inputs; it takes no "
                             f"{', '.join(sorted(plot_kwargs.keys() & LIFT_OPTIONS))}.")
    # one grid plan for every frame (the model is planned per snapshot); a map's
    # embedding is fitted here, once: the layout stays, the model changes
    frames = plan_frames(None, X, y, caller="animate_training", out=out, X_test=X_test,
                         y_test=y_test, resolution=resolution, fps=fps, dpi=dpi,
                         response=response, on_frame=on_frame, options=plot_kwargs)
    fmt, fps, dpi, response = frames.fmt, frames.fps, frames.dpi, frames.response
    surface, plot_kwargs = frames.surface, frames.plot_kwargs
    X_arr, y_arr = surface.prep.rows, surface.y
    X_test_arr, y_test_arr = surface.prep.test_rows, surface.y_test
    view, view_test = surface.prep.X, surface.prep.X_test
    spec = surface.spec
    unit = {"partial_fit": "epoch", "staged": "stage", "warm_start": "estimators"}[kind]
    snaps = snapshots(model, X_arr, y_arr, surface, epochs=epochs, every=every,
                      X_test=X_test_arr, y_test=y_test_arr, response=response)
    renderer = None
    if fmt != ".plotly.html":
        renderer = _renderer(model, kind, neurons, view, y_arr, view_test, y_test_arr,
                             epochs, unit, dpi, spec, plot_kwargs)
        if not neurons:  # the frame options are tried on a stand-in before the first epoch
            renderer.check(spec, np.unique(y_arr))
    return render_and_write(snaps, renderer, out=out, fmt=fmt, fps=fps, on_frame=on_frame,
                            X=view, y=y_arr, unit=unit, steps=epochs)


@dataclass
class FramePlan:
    """What :func:`animate_training` and :func:`~surfaceviz.watch` settle before the
    first frame: the output, its rate and density, the response, the plot options
    and the one grid plan every frame is evaluated on."""

    fmt: str | None
    fps: float
    dpi: float
    response: object
    surface: object
    plot_kwargs: dict


def plan_frames(model, X, y, *, caller, out, X_test, y_test, resolution, fps, dpi, response,
                on_frame, options):
    """Check the arguments shared by the recorders and plan their grid (``model``:
    checked against the data's columns; None before training).

    Raises
    ------
    ValueError, TypeError
        Named, before any frame (and before any training).
    """
    from ..evaluation.options import EvaluationOptions
    from ..evaluation.plan import plan_grid

    fmt = output_format(out)
    fps = check_frame_rate(fps)
    dpi = check_range("dpi", dpi, MIN_DPI, MAX_DPI, include_high=True)
    if on_frame is not None and not callable(on_frame):
        raise TypeError(f"on_frame must be a callable or None; got {type(on_frame).__name__} "
                        f"{on_frame!r}.")
    if y is None:
        raise TypeError(f"{caller} needs y, the labels the model is trained on; got None.")
    check_test_pair(X_test, y_test)
    evaluation, plot_kwargs = split_options(options)
    if response is None:
        response = ["predict_proba", "decision_function", "predict"]
    surface = plan_grid(model, X, y, X_test=X_test, y_test=y_test, options=EvaluationOptions(
        resolution=resolution, response=response, **evaluation))
    return FramePlan(fmt, fps, dpi, response, surface, plot_kwargs)


#: The evaluation options that make a frame a slice, a partial-dependence surface
#: or a map instead of the model's own plane.
LIFT_OPTIONS = frozenset({"features", "fill", "slice_width", "projection", "inverse",
                          "average_rows", "hold"})


def split_options(kwargs):
    """``(evaluation options, plot options)`` from one set of keywords (resolution
    and response are parameters of their own)."""
    from ..evaluation.options import EvaluationOptions

    names = set(EvaluationOptions.names()) - {"resolution", "response"}
    evaluation = {k: v for k, v in kwargs.items() if k in names}
    return evaluation, {k: v for k, v in kwargs.items() if k not in names}


def render_and_write(snaps, renderer, *, out, fmt, fps, on_frame, X, y, unit, steps):
    """Draw the snapshots as they come and write them to ``out`` (whole or not at all).

    ``renderer`` draws the frames (None for a plotly output); the history of
    the curves is kept on the returned :class:`TrainingAnimation`.
    """
    from .._utils.io import atomic_write

    history = [] if renderer is None else renderer.history

    def watched():
        for snap in snaps:
            if on_frame is not None:
                on_frame(snap)
            history.append({"step": snap.step, "cost": snap.cost, "accuracy": snap.accuracy,
                            "test_accuracy": snap.test_accuracy, "fidelity": snap.fidelity})
            yield snap

    if fmt == ".plotly.html":
        fig = plotly_animation(watched(), X, y, unit, steps)
        atomic_write(out, lambda f: f.write(fig.to_html(include_plotlyjs=True,
                                                        auto_play=False).encode("utf-8")))
        return TrainingAnimation(os.fspath(out), len(fig.frames), history, figure=fig)
    return _write_frames(renderer, watched(), out, fmt, fps, history)


def _renderer(model, kind, neurons, X, y, X_test, y_test, epochs, unit, dpi, spec,
              plot_kwargs):
    """The frame renderer: the surface with the curves, or the neuron maps."""
    if not neurons:
        return FrameRenderer(X, y, X_test, y_test, epochs, unit, dpi=dpi,
                             plot_kwargs=plot_kwargs)
    return NeuronFrameRenderer(model, X, epochs, unit, dpi=dpi, resolution=min(spec.nx, 60))


def _write_frames(renderer, snaps, out, fmt, fps, history):
    """Draw every snapshot and write it out as it is made; the TrainingAnimation."""
    from .._utils.io import atomic_write

    last = {}

    def frames():
        for snap in snaps:
            rgb = renderer.draw(snap)
            last["rgb"] = rgb
            yield rgb

    if fmt is None:
        buf = io.BytesIO()
        n = write_html(buf, frames(), fps)
        return TrainingAnimation(None, n, history, last.get("rgb"),
                                 html=buf.getvalue().decode("utf-8"))
    if fmt == ".mp4":
        n = _write_mp4_atomically(out, frames(), fps)
    else:
        writer = write_gif if fmt == ".gif" else write_html
        counted = {}

        def write(f):
            counted["n"] = writer(f, frames(), fps)

        atomic_write(out, write)
        n = counted["n"]
    return TrainingAnimation(os.fspath(out), n, history, last.get("rgb"))


def _write_mp4_atomically(out, frames, fps):
    import tempfile

    folder = os.path.dirname(os.path.abspath(out))
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".mp4")
    os.close(fd)
    try:
        n = write_mp4(tmp, frames, fps)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return n


#: Frame rates and pixel densities accepted (a GIF cannot show more than 100
#: frames a second: its delays are in hundredths of a second).
MAX_FPS = 100
MIN_DPI, MAX_DPI = 20, 600


def check_frame_rate(fps):
    """``fps`` as a float in (0, MAX_FPS]."""
    return float(check_range("fps", fps, 0, MAX_FPS, include_low=False, include_high=True))


def check_test_pair(X_test, y_test):
    """``X_test`` and ``y_test`` are both given or both None."""
    if (X_test is None) != (y_test is None):
        given, missing = ("X_test", "y_test") if y_test is None else ("y_test", "X_test")
        raise ValueError(f"{given} is given without {missing}: held-out accuracy needs both "
                         "(or neither).")


def check_neurons_model(model, kind):
    """``neurons=True`` needs a perceptron with hidden layers trained with partial_fit."""
    if kind != "partial_fit":
        raise ValueError("neurons=True animates a multi-layer perceptron trained with "
                         f"partial_fit; {type(model).__name__} is {kind}.")
    if hasattr(model, "coefs_") or hasattr(model, "network_"):
        from ..evaluation.hidden import hidden_layers

        hidden_layers(model)  # fitted: its layers are checked as plot_neurons does
        return
    sizes = getattr(model, "hidden_layer_sizes", None)
    if sizes is None:
        raise TypeError("neurons=True needs a multi-layer perceptron (the bundled "
                        "MLPClassifier or scikit-learn's MLPClassifier); got "
                        f"{type(model).__name__}.")
    if np.ndim(sizes) == 0:
        sizes = (sizes,)
    if len(sizes) == 0:
        raise ValueError(f"neurons=True needs hidden layers; {type(model).__name__} has "
                         f"hidden_layer_sizes={model.hidden_layer_sizes!r}.")


def output_format(out):
    """The output format from ``out``'s name (None: in memory)."""
    if out is None:
        return None
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a file path (str or path-like) or None; got "
                        f"{type(out).__name__} {out!r}.")
    if "\0" in os.fspath(out):
        raise ValueError(f"out must be a file path; got {os.fspath(out)!r}, which holds a "
                         "NUL character.")
    name = os.fspath(out).lower()
    for ext in (".plotly.html",) + FORMATS[:3]:
        if name.endswith(ext):
            folder = os.path.dirname(os.path.abspath(os.fspath(out)))
            if not os.path.isdir(folder):
                raise ValueError(f"out={os.fspath(out)!r}: the folder {folder} does not exist.")
            return ext
    raise ValueError(f"out must end with one of {', '.join(FORMATS)}; got {os.fspath(out)!r}.")
