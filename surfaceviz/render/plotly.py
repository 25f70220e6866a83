"""Plotly drawing: 3-D surfaces and interactive 2-D views (matplotlib draws 2-D only).

Pure functions from arrays and options to ``plotly.graph_objects.Figure``;
plotly is imported when one of them is called.
"""

from __future__ import annotations

import numpy as np

from .._utils.validation import check_number, check_numbers, check_positive_int


def plotly_graph_objects():
    from .._utils.optional import import_optional

    import_optional("plotly", purpose="3-D and interactive figures")
    import plotly.graph_objects as go

    return go


def colorscale(cmap, n=11):
    """A plotly colour scale sampled from a matplotlib colour map (name or object)."""
    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    cm = cmap if isinstance(cmap, Colormap) else colormaps[cmap]
    out = []
    for t in np.linspace(0, 1, n):
        r, g, b, _ = cm(t)
        out.append([float(t), f"rgb({int(r * 255)},{int(g * 255)},{int(b * 255)})"])
    return out


def shaded_class_colorscale(colors, min_tint):
    """A colour scale of one gradient per class: values in [i, i + 1) of a
    0..n range run from a pale tint of class ``i``'s colour to the colour."""
    from .colors import tint

    n = len(colors)
    out = []
    for i, c in enumerate(colors):
        pale = tint(c[:3], min_tint)
        full = tint(c[:3], 1.0)
        out.append([i / n, rgb_string(pale)])
        out.append([(i + 1) / n - 1e-9 if i < n - 1 else 1.0, rgb_string(full)])
    return out


def rgb_string(color):
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return f"rgb({int(r * 255)},{int(g * 255)},{int(b * 255)})"


#: How far the default camera stands from the scene's centre: far enough that
#: the axis titles and tick labels stay inside the scene (a 3-D scene clips its
#: own labels; at 2.0 the x-axis title and ticks were cut at the bottom).
CAMERA_DISTANCE = 2.6


def camera(*, eye=None, elev=None, azim=None, distance=CAMERA_DISTANCE):
    """A plotly scene camera from ``eye`` (dict or (x, y, z)) or from
    elevation and azimuth in degrees (matplotlib's convention)."""
    if eye is not None:
        if isinstance(eye, dict):
            if set(eye) != {"x", "y", "z"}:
                raise ValueError(f"eye must have the keys 'x', 'y' and 'z'; got {eye!r}.")
            x, y, z = (check_number(f"eye[{k!r}]", eye[k], allow_none=False) for k in "xyz")
        else:
            x, y, z = check_numbers("eye", eye, length=3, allow_none=False)
        return {"eye": {"x": float(x), "y": float(y), "z": float(z)}}
    elev = 30.0 if elev is None else check_number("elev", elev)
    azim = -60.0 if azim is None else check_number("azim", azim)
    e, a = np.radians(elev), np.radians(azim)
    return {"eye": {"x": float(distance * np.cos(e) * np.cos(a)),
                    "y": float(distance * np.cos(e) * np.sin(a)),
                    "z": float(distance * np.sin(e))}}


def colorbar_dict(*, label=None, ticks=None, ticklabels=None, tickformat=None):
    """A plotly colour-bar specification, from the options every view of
    surfaceviz names alike (matplotlib's and plotly's):

    - ``label``: the bar's title;
    - ``ticks``: an integer (about how many ticks) or a sequence of numbers
      (where they are);
    - ``ticklabels``: the text at the given tick positions.
    """
    cb = {}
    if label:
        cb["title"] = {"text": str(label)}
    if ticks is not None:
        if isinstance(ticks, (int, np.integer)) and not isinstance(ticks, bool):
            cb["nticks"] = check_positive_int("colorbar_ticks", ticks)
        elif isinstance(ticks, (str, bytes)) or not hasattr(ticks, "__len__"):
            raise TypeError("colorbar_ticks must be an integer (how many ticks) or a sequence "
                            f"of numbers (where they are); got {type(ticks).__name__} {ticks!r}.")
        else:
            cb["tickvals"] = check_numbers("colorbar_ticks", ticks).tolist()
            cb["tickmode"] = "array"
    if ticklabels is not None:
        if isinstance(ticklabels, str):
            raise TypeError(f"colorbar_ticklabels must be a sequence of labels; got str "
                            f"{ticklabels!r}.")
        cb["ticktext"] = [str(t) for t in ticklabels]
    if tickformat is not None:
        cb["tickformat"] = tickformat
    return cb


def surface_3d(x, y, z, *, colorscale, cmin=None, cmax=None, surfacecolor=None,
               colorbar=None, hovertext=None, contour_level=None, points=(),
               xlabel="x1", ylabel="x2", zlabel="z", zticks=None, camera_spec=None,
               width=800, height=600, title=None, showscale=True, opacity=1.0):
    """A 3-D surface with an optional level contour (on the surface and
    projected on the floor) and 3-D markers.

    Parameters
    ----------
    x, y : ndarray of shape (nx,), (ny,)
    z : ndarray of shape (ny, nx)
        Heights.
    surfacecolor : ndarray of shape (ny, nx), default=None
        Values coloured instead of ``z``.
    hovertext : ndarray of str of shape (ny, nx), default=None
    contour_level : float, default=None
        Level drawn on the surface and projected on the floor.
    points : sequence of dict
        Marker traces: ``x``, ``y``, ``z``, ``name``, ``color``, ``symbol``,
        optional ``text``, ``hollow``.
    """
    go = plotly_graph_objects()
    surf = dict(x=x, y=y, z=z, colorscale=colorscale, cmin=cmin, cmax=cmax,
                colorbar={"x": 0.9, "len": 0.8, **(colorbar or {})}, showscale=showscale,
                opacity=opacity,
                name="surface")
    if surfacecolor is not None:
        surf["surfacecolor"] = surfacecolor
    if hovertext is not None:
        surf["text"] = hovertext
        surf["hovertemplate"] = "%{text}<extra></extra>"
    if contour_level is not None:
        # one level: start = end would let plotly choose levels itself
        surf["contours"] = {"z": {"show": True, "start": contour_level,
                                  "end": contour_level + 1e-9, "size": 1.0, "color": "black",
                                  "width": 4, "project": {"z": True}, "usecolormap": False}}
    fig = go.Figure(go.Surface(**surf))
    for p in points:
        marker = {"size": 3.5, "color": p["color"], "symbol": p.get("symbol", "circle"),
                  "line": {"color": "black", "width": 1}}
        if p.get("hollow"):
            marker.update(color="rgba(0,0,0,0)", line={"color": p["color"], "width": 2})
        fig.add_trace(go.Scatter3d(x=p["x"], y=p["y"], z=p["z"], mode="markers", name=p["name"],
                                   marker=marker, text=p.get("text"),
                                   hovertemplate="%{text}<extra>%{fullData.name}</extra>"
                                   if p.get("text") is not None else None))
    zaxis = {"title": {"text": zlabel}}
    if zticks is not None:
        zaxis.update(tickmode="array", tickvals=check_numbers("zticks", zticks).tolist())
    fig.update_layout(
        scene={"xaxis": {"title": {"text": xlabel}}, "yaxis": {"title": {"text": ylabel}},
               "zaxis": zaxis, "camera": camera_spec or camera()},
        width=width, height=height, title={"text": title} if title else None,
        legend={"itemsizing": "constant", "x": 0.0, "y": 1.0, "xanchor": "left"},
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
    )
    fig.update_scenes(domain={"x": [0.0, 0.86], "y": [0.0, 1.0]})  # the colour bar beside
    return fig


def view_2d(x, y, z, *, kind, colorscale, zmin=None, zmax=None, colorbar=None, hovertext=None,
            levels=None, boundary_level=None, points=(), xlabel="x1", ylabel="x2",
            width=800, height=600, title=None, showscale=True):
    """An interactive 2-D view: a contour plot or heat map plus markers."""
    go = plotly_graph_objects()
    common = dict(x=x, y=y, z=z, colorscale=colorscale, zmin=zmin, zmax=zmax,
                  colorbar=colorbar or {}, showscale=showscale, name="surface")
    if hovertext is not None:
        common["text"] = hovertext
        common["hovertemplate"] = "%{text}<extra></extra>"
    if kind == "heatmap":
        fig = go.Figure(go.Heatmap(**common))
    else:
        contours = {"coloring": "fill"}
        if levels is not None and len(levels) > 1:
            contours.update(start=float(levels[0]), end=float(levels[-1]),
                            size=float(levels[1] - levels[0]))
        fig = go.Figure(go.Contour(contours=contours, line={"width": 0.5}, **common))
    if boundary_level is not None:
        fig.add_trace(go.Contour(
            x=x, y=y, z=z, showscale=False, hoverinfo="skip", name="boundary",
            contours={"coloring": "none", "start": boundary_level, "end": boundary_level,
                      "size": 1.0}, line={"color": "black", "width": 2}))
    for p in points:
        marker = {"size": 7, "color": p["color"], "symbol": p.get("symbol", "circle"),
                  "line": {"color": "black", "width": 1}}
        if p.get("hollow"):
            marker.update(color="rgba(0,0,0,0)", line={"color": p["color"], "width": 2})
        fig.add_trace(go.Scatter(x=p["x"], y=p["y"], mode="markers", name=p["name"],
                                 marker=marker, text=p.get("text"),
                                 hovertemplate="%{text}<extra>%{fullData.name}</extra>"
                                 if p.get("text") is not None else None))
    fig.update_layout(xaxis={"title": {"text": xlabel}}, yaxis={"title": {"text": ylabel}},
                      width=width, height=height, title={"text": title} if title else None,
                      legend={"itemsizing": "constant", "orientation": "h", "y": -0.15},
                      margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 90})
    return fig


PLOTLY_SYMBOLS_3D = ("circle", "square", "diamond", "cross", "x", "circle-open",
                     "square-open", "diamond-open")
PLOTLY_SYMBOLS_2D = ("circle", "square", "triangle-up", "diamond", "triangle-down",
                     "cross", "x", "star", "triangle-left", "triangle-right", "pentagon",
                     "hexagon")
