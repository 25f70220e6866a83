"""Interactive and 3-D views of a display: what to show, then plotly draws it.

Used by :meth:`DecisionSurfaceDisplay.plot_3d` and
:meth:`DecisionSurfaceDisplay.to_plotly`; the drawing itself is in
:mod:`surfaceviz.render.plotly`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._utils.deprecation import take_renamed
from .._utils.validation import check_choice, check_positive_int
from ..render import plotly as _pl
from ..render.colors import MIN_TINT
from ..render.style import ClassPalette, colorbar_label, regions_label, scalar_style
from ..evaluation.surface import sample
from .bands import values_at_data


def hover_text(g, names, palette=None):
    """Hover text per grid point: coordinates, predicted class, probabilities
    (or the decision value). Shape ``(ny, nx)``; classes by the names of
    ``palette`` when given."""
    xx, yy = np.meshgrid(g.x, g.y)
    base = np.char.add(np.char.add(f"{names[0]}=", np.char.mod("%.3g", xx)),
                       np.char.add(f"<br>{names[1]}=", np.char.mod("%.3g", yy)))
    if g.task == "continuous":
        return np.char.add(base, np.char.add("<br>value ", np.char.mod("%.4g", g.values)))
    labels = np.array(palette.class_names if palette is not None else
                      [str(c) for c in g.classes])
    text = np.char.add(base, np.char.add("<br>class ", labels[g.predicted()]))
    if g.task == "binary":
        what = "P" if g.response == "predict_proba" else "decision"
        pos = palette.name_of(g.pos_label) if palette is not None else g.pos_label
        text = np.char.add(text, np.char.add(f"<br>{what}({pos}) ",
                                             np.char.mod("%.3f", g.values)))
    elif g.task == "multiclass":
        what = "P" if g.response == "predict_proba" else "score"
        for k, label in enumerate(labels):
            text = np.char.add(text, np.char.add(f"<br>{what}({label}) ",
                                                 np.char.mod("%.3f", g.values[..., k])))
    return text


@dataclass(frozen=True)
class Layers:
    """What a plotly view of a display shows.

    Attributes
    ----------
    grid : SurfaceGrid
        The surface, downsampled for the browser.
    z : ndarray of shape (ny, nx)
        Heights: the scalar surface, or the confidence of class regions.
    color : ndarray of shape (ny, nx) or None
        Class regions: class index + confidence, read through
        ``colorscale`` (None for a scalar surface, coloured by ``z``).
    colorscale : list
        The plotly colour scale.
    cmin, cmax : float
        The colour range.
    level : float or None
        The boundary level of a binary surface.
    title : str
        The colour bar's title.
    tickvals, ticktext : list or None
        Colour-bar ticks of class regions (one per class).
    palette : ClassPalette
        Colours and codes of the classes and of the data's labels.
    levels : ndarray or None
        The contour levels of a scalar surface: those of the matplotlib picture
        (and of the bands an automatic refinement made exact).
    """

    grid: object
    z: np.ndarray
    color: np.ndarray | None
    colorscale: list
    cmin: float
    cmax: float
    level: float | None
    title: str
    tickvals: list | None
    ticktext: list | None
    palette: ClassPalette
    levels: np.ndarray | None = None
    clipped: bool = False

    @property
    def scalar(self):
        """Whether the surface is one scalar field (see :attr:`SurfaceGrid.is_scalar`)."""
        return self.grid.is_scalar


def layers(disp, *, max_points, cmap=None, palette=None):
    """Heights, colours and colour scale of the surface to show, as :class:`Layers`.

    ``palette`` (a :class:`~surfaceviz.render.style.ClassPalette`) defaults to the
    standard colours of the display's classes.
    """
    g = disp.grid.downsample(max_points, max_points)
    if palette is None:
        palette = ClassPalette.for_surface(disp.grid, disp.y, disp.y_test)
    if g.is_scalar:
        z = g.surface()
        # the colour range and levels of the matplotlib picture (a decision
        # function's range from its values at the data)
        style = scalar_style(g, z, palette.colors, cmap, None,
                             data_values=values_at_data(disp, g, z))
        # heights within the colour range (a decision function's comes from its
        # values at the data): far off the data it may run much higher, and that
        # wall would hide the markers and disagree with the colour bar
        low, high = style["norm"].vmin, style["norm"].vmax
        finite = z[np.isfinite(z)]
        clipped = bool(finite.size and (finite.min() < low or finite.max() > high))
        if clipped:
            z = np.clip(z, low, high)
        return Layers(grid=g, z=z, color=None, colorscale=_pl.colorscale(style["cmap"]),
                      cmin=style["norm"].vmin, cmax=style["norm"].vmax,
                      level=g.threshold if g.task == "binary" else None,
                      title=colorbar_label(g, palette), tickvals=None, ticktext=None,
                      palette=palette, levels=np.asarray(style["levels"], dtype=float),
                      clipped=clipped)
    n = g.n_classes
    conf = g.confidence()
    # class index + confidence: each class's own pale-to-full gradient
    shade = g.predicted() + np.clip(conf, 0.0, 0.999)
    return Layers(grid=g, z=conf, color=shade,
                  colorscale=_pl.shaded_class_colorscale(palette.class_colors, MIN_TINT),
                  cmin=0.0, cmax=float(n), level=None, title=regions_label(g),
                  tickvals=[i + 0.5 for i in range(n)], ticktext=palette.class_names,
                  palette=palette)


def colorbar_of(L, label, ticks, ticklabels):
    """The colour bar of a view: the user's choices, else what the layers say."""
    return _pl.colorbar_dict(
        label=label if label is not None else L.title,
        ticks=ticks if ticks is not None else L.tickvals,
        ticklabels=ticklabels if ticklabels is not None else L.ticktext)


#: The plotly views' old colour-bar keywords (0.1), each with its one name of
#: every view (matplotlib's ``plot`` included).
PLOTLY_RENAMES = {"colorbar_title": "colorbar_label", "colorbar_tickvals": "colorbar_ticks",
                  "colorbar_nticks": "colorbar_ticks",
                  "colorbar_ticktext": "colorbar_ticklabels"}


def renamed_colorbar_options(deprecated, func, **current):
    """``current`` (the colour-bar keywords by their names) updated with the values
    given under the deprecated plotly names, each with a warning."""
    return {**current, **take_renamed(deprecated, PLOTLY_RENAMES, func=func, current=current)}


def point_traces(disp, L, *, three_d):
    """Marker traces of the data (and test points), per class."""
    symbols = _pl.PLOTLY_SYMBOLS_3D if three_d else _pl.PLOTLY_SYMBOLS_2D
    g = L.grid
    height = L.z
    traces = []
    sets = [(disp.X, disp.y, disp.y_pred, False, "")]
    if disp.X_test is not None:
        sets.append((disp.X_test, disp.y_test, disp.y_test_pred, True, " (test)"))
    for X, y, y_pred, hollow, suffix in sets:
        if X is None:
            continue
        zs = sample(g.x, g.y, height, X)
        if three_d:  # lifted a little, so the surface does not hide them from the camera
            zs = zs + MARKER_LIFT * _span(height)
        if y is None or (g.task == "continuous" and y.dtype.kind in "fiub"):
            traces.append(dict(x=X[:, 0], y=X[:, 1], z=zs, name="data" + suffix,
                               color="white", hollow=hollow, symbol=symbols[0],
                               text=_point_text(X, y, None, L.palette.name_of)))
            continue
        codes, names = L.palette.codes(y)
        for code in np.unique(codes):
            sel = codes == code
            traces.append(dict(
                x=X[sel, 0], y=X[sel, 1], z=zs[sel], name=f"{names[code]}{suffix}",
                color=_pl.rgb_string(L.palette.colors[code]), symbol=symbols[code % len(symbols)],
                hollow=hollow,
                text=_point_text(X[sel], y[sel], None if y_pred is None else y_pred[sel],
                                L.palette.name_of)))
    return traces


#: How far 3-D markers stand above the surface, as a share of its height range.
MARKER_LIFT = 0.03


def _span(z):
    finite = z[np.isfinite(z)]
    return float(finite.max() - finite.min()) if finite.size else 0.0


def _point_text(X, y, y_pred, name=str):
    out = []
    for k in range(len(X)):
        s = f"({X[k, 0]:.3g}, {X[k, 1]:.3g})"
        if y is not None:
            s += f"<br>true {name(y[k])}"
        if y_pred is not None:
            s += f"<br>predicted {name(y_pred[k])}"
        out.append(s)
    return out


# ------------------------------------------------------ the display's views
def check_view(disp, view, max_points, width, height):
    """Refuse a strip (no second dimension) and bad sizes, before any drawing."""
    if disp.grid.is_strip:
        raise ValueError(f"{view} needs a surface over two dimensions; this model has one "
                         "feature (a strip). Use plot() for its strip.")
    check_positive_int("max_points", max_points, minimum=2)
    check_positive_int("width", width, minimum=10)
    check_positive_int("height", height, minimum=10)


def surface_3d(disp, *, palette, cmap, boundary, scatter, colorbar, colorbar_label,
               colorbar_ticks, colorbar_ticklabels, zticks, eye, elev, azim, width, height,
               title, xlabel, ylabel, zlabel, max_points):
    """The body of :meth:`DecisionSurfaceDisplay.plot_3d` (see it for the parameters)."""
    L = layers(disp, max_points=max_points, cmap=cmap, palette=palette)
    g = L.grid
    names = g.feature_names or ("x1", "x2")
    cb = colorbar_of(L, colorbar_label, colorbar_ticks, colorbar_ticklabels)
    if eye is None and elev is None and azim is None:
        azim = facing_azimuth(L)
    if title is None:  # what the height shows, and where it was clipped
        title = L.title + (f" (height clipped to {L.cmin:.3g}..{L.cmax:.3g}, the colour "
                           "range)" if L.clipped else "")
    return _pl.surface_3d(
        g.x, g.y, L.z, colorscale=L.colorscale, cmin=L.cmin, cmax=L.cmax,
        surfacecolor=L.color, colorbar=cb, showscale=colorbar,
        hovertext=hover_text(g, names, L.palette),
        contour_level=L.level if boundary else None,
        points=point_traces(disp, L, three_d=True) if scatter else (),
        xlabel=xlabel or names[0], ylabel=ylabel or names[1],
        zlabel=zlabel or (L.title if L.scalar else "confidence"),
        zticks=zticks, camera_spec=_pl.camera(eye=eye, elev=elev, azim=azim),
        width=width, height=height, title=title)


def view_2d(disp, kind, *, palette, cmap, boundary, scatter, colorbar, colorbar_label,
            colorbar_ticks, colorbar_ticklabels, width, height, title, xlabel, ylabel,
            max_points):
    """The body of :meth:`DecisionSurfaceDisplay.to_plotly` (see it for the parameters)."""
    check_choice("kind", kind, ("contour", "heatmap"))
    L = layers(disp, max_points=max_points, cmap=cmap, palette=palette)
    g = L.grid
    names = g.feature_names or ("x1", "x2")
    z = L.z if L.scalar else L.color
    if not L.scalar:
        kind = "heatmap"  # class regions: flat colours, no interpolated levels
    cb = colorbar_of(L, colorbar_label, colorbar_ticks, colorbar_ticklabels)
    levels = L.levels if L.scalar else None  # the matplotlib picture's bands
    return _pl.view_2d(
        g.x, g.y, z, kind=kind, colorscale=L.colorscale, zmin=L.cmin, zmax=L.cmax,
        colorbar=cb, showscale=colorbar, hovertext=hover_text(g, names, L.palette),
        levels=levels, boundary_level=L.level if boundary else None,
        points=point_traces(disp, L, three_d=False) if scatter else (),
        xlabel=xlabel or names[0], ylabel=ylabel or names[1], width=width, height=height,
        title=title)


#: The camera's azimuth where the surface gives no side to face (degrees).
DEFAULT_AZIMUTH = -60.0


def facing_azimuth(L):
    """A camera azimuth (degrees) that looks at the surface from its low side.

    Markers on the high side stand on top of the surface and are seen from any
    side; those in the low part are hidden behind the high part when the camera
    looks from beyond it. So the camera stands where the low part is: along the
    direction from the high part's centre to the low part's, in the scene's
    unit-cube coordinates."""
    z = np.asarray(L.z, dtype=float)
    finite = np.isfinite(z)
    if not finite.any():
        return DEFAULT_AZIMUTH
    ny, nx = z.shape
    yy, xx = np.meshgrid(np.linspace(0, 1, ny), np.linspace(0, 1, nx), indexing="ij")
    middle = np.median(z[finite])
    low, high = finite & (z < middle), finite & (z > middle)
    if not low.any() or not high.any():
        return DEFAULT_AZIMUTH
    dx = xx[low].mean() - xx[high].mean()
    dy = yy[low].mean() - yy[high].mean()
    if np.hypot(dx, dy) < 0.05:  # no clear side
        return DEFAULT_AZIMUTH
    return float(np.degrees(np.arctan2(dy, dx)))
