"""Matplotlib 2-D drawing of surfaces, boundaries, data and colour bars.

Every function takes an Axes and plain arrays and returns the artists it
made; none evaluates a model, none uses pyplot state.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import colors as _colors
from .style import region_levels

KINDS = ("contourf", "contour", "pcolormesh", "image")
#: Keywords that each set a scatter's fill colour: the user's one replaces ours.
SCATTER_COLOR_KEYS = ("c", "color", "facecolor")
#: Keywords that each colour a contour set: the user's one replaces ours.
CONTOUR_COLOR_KEYS = ("colors", "color", "cmap")
_PLURAL = {"linewidth": "linewidths", "linestyle": "linestyles", "edgecolor": "edgecolors",
           "facecolor": "facecolors", "antialiased": "antialiaseds"}


# ------------------------------------------------------------ style keywords
def check_kw(name, value):
    """A copy of the ``*_kw`` dict ``value`` (``{}`` for None).

    Raises
    ------
    TypeError
        When ``value`` is not a mapping; the message names ``name``.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be a dict of keyword arguments (or None); got "
            f"{type(value).__name__} {value!r}."
        )
    return dict(value)


def merge_style(defaults, user, *, artist=None, exclusive=(), spelling=None, name="kwargs"):
    """The library's ``defaults`` overridden by the ``user``'s keywords.

    Both are normalised through matplotlib's aliases for ``artist`` (so the
    user's ``edgecolor`` replaces our ``edgecolors``, ``lw`` our
    ``linewidths``), and a user key among ``exclusive`` (keywords that
    set one property in different ways, such as ``c`` and ``color``) drops
    all of ours in that group. The user's key always wins.

    Parameters
    ----------
    defaults : dict
    user : mapping or None
        Validated with :func:`check_kw` (``name`` in its error).
    artist : matplotlib Artist class, default=None
        Whose alias table to use; None merges the names as they are.
    exclusive : sequence of str, default=()
    spelling : dict, default=None
        Canonical name -> the name the drawing function takes (matplotlib's
        canonical names are singular; ``scatter`` and ``contour`` take
        plural ones).
    name : str, default="kwargs"

    Returns
    -------
    dict
    """
    from matplotlib.cbook import normalize_kwargs

    user = check_kw(name, user)
    try:
        user = normalize_kwargs(user, artist)
    except TypeError as exc:  # both an alias and its canonical name
        raise TypeError(f"{name}: {exc}") from exc
    merged = normalize_kwargs(dict(defaults), artist)
    if any(key in user for key in exclusive):
        for key in exclusive:
            merged.pop(key, None)
    merged.update(user)
    return {(spelling or {}).get(k, k): v for k, v in merged.items()}


def scatter_style(defaults, user, name):
    """:func:`merge_style` for a scatter (a PathCollection)."""
    from matplotlib.collections import PathCollection

    return merge_style(defaults, user, artist=PathCollection, exclusive=SCATTER_COLOR_KEYS,
                       spelling=_PLURAL, name=name)


def contour_style(defaults, user, name):
    """:func:`merge_style` for contour lines (a ContourSet)."""
    from matplotlib.collections import Collection

    return merge_style(defaults, user, artist=Collection, exclusive=CONTOUR_COLOR_KEYS,
                       spelling=_PLURAL, name=name)


# ---------------------------------------------------------------- surfaces

def contour(ax, *args, filled=False, **kwargs):
    """``ax.contourf`` / ``ax.contour`` with contourpy's ``"serial"`` algorithm
    unless the user's ``algorithm=`` or rcParams say otherwise: the same
    contours as matplotlib's default ``"mpl2014"``, built in about half the
    time on an Axes-sized grid (what the default call spends most on)."""
    import matplotlib as mpl

    if mpl.rcParams["contour.algorithm"] == "mpl2014":
        kwargs.setdefault("algorithm", "serial")
    return (ax.contourf if filled else ax.contour)(*args, **kwargs)


def draw_scalar(ax, x, y, z, *, kind, cmap, norm, levels=None, **kwargs):
    """Draw a 2-D scalar field ``z`` of shape ``(ny, nx)``.

    Returns
    -------
    artist : the contour set, mesh or image; also the colour-bar mappable.
    """
    if kind == "contourf":
        return contour(ax, x, y, z, filled=True, levels=levels, cmap=cmap, norm=norm, **kwargs)
    if kind == "contour":
        return contour(ax, x, y, z, levels=levels, cmap=cmap, norm=norm, **kwargs)
    if kind == "pcolormesh":
        kwargs.setdefault("shading", "nearest")
        kwargs.setdefault("rasterized", True)
        return ax.pcolormesh(x, y, z, cmap=cmap, norm=norm, **kwargs)
    kwargs.setdefault("interpolation", "nearest")
    return ax.imshow(z, origin="lower", extent=_extent(x, y), aspect="auto",
                     cmap=cmap, norm=norm, **kwargs)


def draw_regions(ax, x, y, margins, predicted, confidence, class_colors, *, kind,
                 scale=1.0, n_levels=8, **kwargs):
    """Draw class regions, each in its colour, shaded by confidence.

    Parameters
    ----------
    margins : ndarray of shape (ny, nx, n_classes)
        Per-class margin (positive where the class wins).
    predicted : ndarray of shape (ny, nx)
        Class index per grid point.
    confidence : ndarray of shape (ny, nx)
        In [0, 1].
    class_colors : ndarray of shape (n_classes, 4)
    kind : {"contourf", "contour", "pcolormesh", "image"}
    scale : float, default=1.0
        The margin shown at full colour (the margin at which confidence is 1).
    n_levels : int, default=8
        Contour bands per class.

    Returns
    -------
    list of artists
    """
    from matplotlib.colors import Normalize

    if kind in ("pcolormesh", "image"):
        rgb = _colors.region_rgb(predicted, confidence, class_colors)
        if kind == "pcolormesh":
            kwargs.setdefault("shading", "nearest")
            kwargs.setdefault("rasterized", True)
            return [ax.pcolormesh(x, y, rgb, **kwargs)]
        kwargs.setdefault("interpolation", "nearest")
        return [ax.imshow(rgb, origin="lower", extent=_extent(x, y), aspect="auto", **kwargs)]

    levels = region_levels(n_levels, scale)
    artists = []
    for c in range(margins.shape[-1]):
        m = margins[..., c]
        if not (m > 0).any():
            continue
        cmap = _colors.class_cmap(class_colors[c])
        norm = Normalize(0.0, scale)
        if kind == "contourf":
            artists.append(contour(ax, x, y, m, filled=True, levels=levels, cmap=cmap, norm=norm,
                                   **kwargs))
        else:
            artists.append(contour(ax, x, y, m, levels=levels[1:],
                                   colors=[tuple(class_colors[c])], **kwargs))
    return artists


def draw_no_value(ax, x, y, valid, *, label="no value", zorder=1):
    """Hatch the grid cells without a value; return ``(artist, legend proxy)``.

    Parameters
    ----------
    valid : ndarray of shape (ny, nx)
        False where the model gave no value.
    """
    from matplotlib.patches import Patch

    hatch = dict(hatches=["////"], colors="none")
    missing = (~np.asarray(valid)).astype(float)
    cs = contour(ax, x, y, missing, filled=True, levels=[0.5, 1.5], zorder=zorder, **hatch)
    cs.set_edgecolor("0.35")
    cs.set_linewidth(0.0)
    proxy = Patch(facecolor="none", edgecolor="0.35", hatch="////", label=label)
    return cs, proxy


def draw_unreliable(ax, x, y, mask, style, *, label="unreliable map", zorder=3):
    """Hatch (``style="hatch"``) or veil in white (``"fade"``) the cells of ``mask``
    (shape ``(len(y), len(x))``); return the artist, labelled for a legend."""
    from matplotlib.patches import Patch

    flagged = np.asarray(mask).astype(float)
    if style == "hatch":
        cs = contour(ax, x, y, flagged, filled=True, levels=[0.5, 1.5], zorder=zorder,
                     hatches=["...."], colors="none")
        cs.set_edgecolor("0.2")
        cs.set_linewidth(0.0)
        proxy = Patch(facecolor="none", edgecolor="0.2", hatch="....", label=label)
    else:
        cs = contour(ax, x, y, flagged, filled=True, levels=[0.5, 1.5], zorder=zorder,
                     colors=["white"], alpha=0.6)
        proxy = Patch(facecolor="white", alpha=0.6, edgecolor="0.5", label=label)
    cs.legend_proxy = proxy
    return cs


def draw_class_edges(ax, x, y, margins, *, kw=None, kw_name="boundary_kw", zorder=2):
    """Draw the edges between class regions (each class's margin at 0).

    ``kw`` (the user's keywords, named ``kw_name`` in errors) override ours.
    """
    kwargs = contour_style({"colors": "black", "linewidths": 1.2, "zorder": zorder}, kw,
                           kw_name)
    artists = []
    k = margins.shape[-1]
    # with two classes one margin is the other's negative: one contour suffices
    for c in range(1 if k == 2 else k):
        m = margins[..., c]
        if (m > 0).any() and (m < 0).any():
            artists.append(contour(ax, x, y, m, levels=[0.0], **kwargs))
    return artists


def draw_levels(ax, x, y, z, levels, *, defaults=None, kw=None, kw_name="boundary_kw",
                source=None):
    """Draw contour lines of ``z`` at ``levels`` (boundary or margin lines).

    ``defaults`` (ours; black lines) are overridden by ``kw`` (the user's,
    named ``kw_name`` in errors). Levels outside the range of ``z`` are
    skipped; None when none is left. ``source``: a contour set already drawn
    from this very ``x``, ``y``, ``z``, whose contour generator is reused (the
    lines then cost a third as much).
    """
    levels = [lv for lv in levels if np.nanmin(z) < lv < np.nanmax(z)]
    if not levels:
        return None
    kwargs = contour_style({"colors": "black", **(defaults or {})}, kw, kw_name)
    from matplotlib.contour import QuadContourSet

    if isinstance(source, QuadContourSet):
        kwargs.pop("algorithm", None)  # the generator's own
        return ax.contour(source, levels=sorted(levels), **kwargs)
    return contour(ax, x, y, z, levels=sorted(levels), **kwargs)


def _extent(x, y):
    dx = (x[-1] - x[0]) / (len(x) - 1) if len(x) > 1 else 1.0
    dy = (y[-1] - y[0]) / (len(y) - 1) if len(y) > 1 else 1.0
    return (x[0] - dx / 2, x[-1] + dx / 2, y[0] - dy / 2, y[-1] + dy / 2)


# -------------------------------------------------------------------- data
def draw_classes_scatter(ax, X, codes, names, class_colors, *, hollow=False,
                         name_suffix="", kw=None, kw_name="scatter_kw"):
    """Scatter ``X`` with one colour and marker per class code.

    Parameters
    ----------
    X : ndarray of shape (n, 2)
    codes : ndarray of shape (n,)
        Colour/marker index per point.
    names : sequence of str
        Legend label per code.
    class_colors : ndarray of shape (n_codes, 4)
    hollow : bool, default=False
        Outlined markers in the class colour (held-out points).
    name_suffix : str, default=""
        Appended to each legend label.
    kw : mapping, default=None
        The user's scatter keywords; they override ours (aliases included).
    kw_name : str, default="scatter_kw"
        The user's name for ``kw``, for error messages.

    Returns
    -------
    list of PathCollection, one per code present
    """
    out = []
    for code in np.unique(codes):
        sel = codes == code
        color = tuple(class_colors[code])
        style = dict(facecolors="none", edgecolors=[color]) if hollow else dict(
            c=[color], edgecolors="black")
        style.update(s=30, linewidths=1.4 if hollow else 0.6, zorder=3,
                     marker=_colors.marker(int(code)), label=f"{names[code]}{name_suffix}")
        style = scatter_style(style, kw, kw_name)
        out.append(ax.scatter(X[sel, 0], X[sel, 1], **style))
    return out


def draw_misclassified(ax, X, *, label="misclassified", kw=None):
    """Ring the points of ``X`` (the misclassified ones); ``kw`` overrides ours."""
    style = scatter_style(
        {"s": 110, "facecolors": "none", "edgecolors": _colors.MISCLASSIFIED_COLOR,
         "linewidths": 1.5, "zorder": 4, "label": label, "marker": "o"},
        kw, "misclassified_kw")
    return ax.scatter(X[:, 0], X[:, 1], **style)


def draw_disagreements(ax, X, *, label="map \u2260 model", kw=None):
    """Cross the points a map shows in another class than the model gives them."""
    style = scatter_style({"s": 36, "c": _colors.MISCLASSIFIED_COLOR, "marker": "x",
                           "linewidths": 1.4, "zorder": 5, "label": label}, kw,
                          "disagreements_kw")
    return ax.scatter(X[:, 0], X[:, 1], **style)


def draw_plain_scatter(ax, X, *, hollow=False, label="data", kw=None, kw_name="scatter_kw"):
    """Scatter unlabelled points: white dots, or black rings when ``hollow``."""
    style = ({"facecolors": "none", "edgecolors": "black", "marker": "o"} if hollow else
             {"c": "white", "edgecolors": "black", "linewidths": 0.6})
    style.update(zorder=3, label=label)
    return ax.scatter(X[:, 0], X[:, 1], **scatter_style(style, kw, kw_name))


def draw_values_scatter(ax, X, values, *, cmap, norm, kw=None):
    """Scatter ``X`` coloured by continuous ``values`` on the surface's map."""
    style = scatter_style({"s": 30, "edgecolors": "black", "linewidths": 0.6, "zorder": 3,
                           "c": values, "cmap": cmap, "norm": norm}, kw, "scatter_kw")
    return ax.scatter(X[:, 0], X[:, 1], **style)


# ------------------------------------------------------------- decorations
def class_mappable(class_colors):
    """A mappable whose colour bar shows one block per class."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import BoundaryNorm, ListedColormap

    n = len(class_colors)
    cmap = ListedColormap([tuple(c) for c in class_colors])
    norm = BoundaryNorm(np.arange(n + 1) - 0.5, n)
    return ScalarMappable(norm=norm, cmap=cmap)


def draw_colorbar(ax, mappable, *, label=None, ticks=None, ticklabels=None, fmt=None, **kwargs):
    """Add a colour bar for ``mappable`` beside ``ax`` (one Axes or a list of them,
    sharing the bar), with tick control."""
    first = ax[0] if isinstance(ax, (list, tuple, np.ndarray)) else ax
    cbar = first.figure.colorbar(mappable, ax=ax, **check_kw("colorbar_kw", kwargs))
    if ticks is not None:
        apply_ticks(cbar.ax.yaxis if cbar.orientation == "vertical" else cbar.ax.xaxis,
                    ticks, fmt)
    elif fmt is not None:
        cbar.formatter = make_formatter(fmt)
    if label is not None:
        cbar.set_label(label)
    if ticklabels is not None:
        cbar.set_ticks(np.arange(len(ticklabels)), labels=list(ticklabels))
    return cbar


def fit_colorbar_label(cbar):
    """Wrap (then shrink) a colour bar's label that is longer than the bar, so it
    never reaches past the bar into a neighbour or out of the figure."""
    import textwrap

    label = cbar.ax.yaxis.label if cbar.orientation == "vertical" else cbar.ax.xaxis.label
    text = label.get_text()
    if not text:
        return
    fig = cbar.ax.figure
    pos = cbar.ax.get_position()
    room = (pos.height * fig.get_figheight() if cbar.orientation == "vertical"
            else pos.width * fig.get_figwidth()) * fig.dpi
    # no glyph is wider than 1.2 em: a label within that bound fits without
    # asking a renderer (the common case, and the costly part)
    if "\n" not in text and "$" not in text and \
            len(text) * 1.2 * label.get_fontsize() * fig.dpi / 72 <= room:
        return
    renderer = fig.canvas.get_renderer()
    bar = cbar.ax.get_window_extent(renderer)
    room = bar.height if cbar.orientation == "vertical" else bar.width

    def length():
        box = label.get_window_extent(renderer)
        return box.height if cbar.orientation == "vertical" else box.width

    if length() <= room:
        return
    for size in (None, "small", "x-small"):
        if size is not None:
            label.set_fontsize(size)
        for lines in (2, 3):
            label.set_text("\n".join(textwrap.wrap(text, width=int(np.ceil(len(text) / lines))
                                                   + 2)))
            if length() <= room:
                return
    label.set_text(text)  # nothing fits: one line, smallest size


def make_formatter(fmt):
    """A matplotlib Formatter from a format string, a callable or a Formatter.

    ``"{x:.2f}"`` style strings use :class:`~matplotlib.ticker.StrMethodFormatter`,
    ``"%.2f"`` style ones :class:`~matplotlib.ticker.FormatStrFormatter`, and a
    callable ``f(value, position) -> str`` a :class:`~matplotlib.ticker.FuncFormatter`.
    """
    from matplotlib import ticker

    if isinstance(fmt, ticker.Formatter):
        return fmt
    if isinstance(fmt, str):
        if "{" in fmt:
            return ticker.StrMethodFormatter(fmt)
        if "%" in fmt:
            return ticker.FormatStrFormatter(fmt)
        raise ValueError(
            f"a tick format string must look like '{{x:.2f}}' or '%.2f'; got {fmt!r}."
        )
    if callable(fmt):
        return ticker.FuncFormatter(fmt)
    raise TypeError(
        "a tick format must be a format string, a callable or a matplotlib Formatter; "
        f"got {type(fmt).__name__}."
    )


def make_locator(ticks):
    """A Locator from a number of ticks, a list of positions or a Locator."""
    from matplotlib import ticker

    if isinstance(ticks, ticker.Locator):
        return ticks
    if isinstance(ticks, (bool, np.bool_)):
        raise TypeError(f"ticks must be an int, a sequence of numbers or a Locator; got {ticks!r}.")
    if isinstance(ticks, (int, np.integer)):
        if ticks < 1:
            raise ValueError(f"the number of ticks must be at least 1; got {ticks}.")
        return ticker.MaxNLocator(nbins=max(int(ticks) - 1, 1))
    try:
        positions = np.asarray(ticks, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"ticks must be an int, a sequence of numbers or a Locator; got {ticks!r}."
        ) from exc
    if positions.ndim != 1:
        raise ValueError(f"tick positions must be a 1-D sequence; got shape {positions.shape}.")
    return ticker.FixedLocator(positions)


def apply_ticks(axis, ticks=None, fmt=None):
    """Set an Axis's locator and/or formatter (``None`` leaves it alone)."""
    if ticks is not None:
        axis.set_major_locator(make_locator(ticks))
    if fmt is not None:
        axis.set_major_formatter(make_formatter(fmt))


# ------------------------------------------------------ one-feature strips
#: Axes-fraction heights of a strip's class band and data rug (from the bottom).
STRIP_BAND = (0.0, 0.07)
STRIP_RUG = (0.09, 0.2)


def draw_class_band(ax, x, predicted, class_colors, *, zorder=-1):
    """The predicted class along ``x`` as a band at the bottom of the Axes, with a
    dotted line where the class changes; returns ``(spans, lines)``."""
    change = np.flatnonzero(np.diff(predicted)) + 1
    starts = np.concatenate([[0], change])
    stops = np.concatenate([change, [len(x)]])
    edges = np.concatenate([[x[0]], (x[change - 1] + x[change]) / 2, [x[-1]]])
    spans, lines = [], []
    for k, (a, b) in enumerate(zip(starts, stops)):
        spans.append(ax.axvspan(edges[k], edges[k + 1], ymin=STRIP_BAND[0], ymax=STRIP_BAND[1],
                                color=class_colors[predicted[a]], lw=0, zorder=zorder))
    for xc in edges[1:-1]:
        lines.append(ax.axvline(xc, color="0.25", linestyle=":", linewidth=1.0, zorder=zorder))
    return spans, lines


def draw_curves(ax, x, curves, colors, labels, *, threshold=None):
    """The response along ``x``: one line per row of ``curves``; a dashed
    horizontal line at ``threshold``."""
    out = [ax.plot(x, c, color=col, linewidth=1.8, label=lab, zorder=2)[0]
           for c, col, lab in zip(curves, colors, labels)]
    if threshold is not None:
        out.append(ax.axhline(threshold, color="0.3", linestyle="--", linewidth=1.0,
                              label=f"threshold {threshold:g}", zorder=1))
    return out


def draw_rug(ax, x, codes, names, class_colors, *, seed=0, kw=None):
    """The data as a rug with a little vertical jitter above the class band
    (one scatter per code); plain black ticks when ``codes`` is None."""
    rng = np.random.default_rng(seed)
    low, high = STRIP_RUG
    jitter = rng.uniform(low + 0.01, high - 0.01, size=len(x))
    transform = ax.get_xaxis_transform()  # x in data, y in Axes fraction
    if codes is None:
        style = scatter_style({"s": 14, "c": "black", "marker": "|", "zorder": 3,
                               "label": "data"}, kw, "scatter_kw")
        return [ax.scatter(x, jitter, transform=transform, **style)]
    out = []
    for code in np.unique(codes):
        sel = codes == code
        style = scatter_style({"s": 16, "c": [tuple(class_colors[code])], "edgecolors": "black",
                               "linewidths": 0.4, "marker": _colors.marker(int(code)),
                               "zorder": 3, "label": names[code]}, kw, "scatter_kw")
        out.append(ax.scatter(x[sel], jitter[sel], transform=transform, **style))
    return out
