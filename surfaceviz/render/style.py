"""How a surface is styled: one set of rules for every view.

The 2-D matplotlib display, the plotly views and both renderers read these
rules, so a surface looks the same wherever it is drawn:

- whether it is a scalar field or class regions (:attr:`SurfaceGrid.is_scalar`);
- the colour map, norm and contour levels of a scalar field
  (:func:`scalar_style`);
- what the colour bar says (:func:`colorbar_label`);
- the colour of every class and the code (colour and marker index) of every
  label, the model's classes first, then labels only the data have
  (:class:`ClassPalette`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._utils.labels import label_key, label_keys, positive_index
from . import colors as _colors

#: The colour-bar title of class regions.
#: The colour bar of class regions, by what shades them (the gap between the two
#: best classes: pale where they nearly tie); flat label regions have no shade.
REGIONS_LABELS = {"predict_proba": "predicted class (pale: near a tie, by probability)",
                  "decision_function": "predicted class (pale: near a tie, by score)",
                  "predict": "predicted class"}


@dataclass(frozen=True)
class ClassPalette:
    """Colours, names and codes of class labels.

    Attributes
    ----------
    keys : tuple
        Label keys: the surface's classes in order, then labels only the
        data (``y``, ``y_test``) contain, in order of first appearance.
    colors : ndarray of shape (len(keys), 4)
        RGBA colour of each.
    n_classes : int
        How many of ``keys`` are the surface's own classes.
    names : tuple of str
        Display name of each key (``str(label)`` unless ``class_names`` says).
    """

    keys: tuple
    colors: np.ndarray
    n_classes: int
    names: tuple = ()

    @classmethod
    def for_surface(cls, grid, *label_arrays, class_colors=None, class_names=None):
        """The palette of ``grid``'s classes plus the labels of ``label_arrays``.

        Parameters
        ----------
        grid : SurfaceGrid
        *label_arrays : ndarray or None
            True labels of the data (None entries are skipped). For a
            continuous surface they add no class.
        class_colors : sequence of colours, str or Colormap, default=None
            One colour per key (any matplotlib colour spec), or a colormap (name
            or object) to draw them from. Default: blue and red for two classes,
            ``tab10``, ``tab20``, then ``turbo``.
        class_names : sequence of str or dict, default=None
            Names aligned with the surface's classes, or a dict label -> name.

        Raises
        ------
        ValueError
            Too few colours (the message says how many are needed), an unknown
            colormap name, or ``class_names`` of the wrong length.
        TypeError
            ``class_colors`` or ``class_names`` of the wrong type.
        """
        known = label_keys(grid.classes) if grid.classes is not None else []
        extra = []
        if grid.task != "continuous":
            for arr in label_arrays:
                if arr is None:
                    continue
                for key in label_keys(np.unique(arr)):
                    if key not in known and key not in extra:
                        extra.append(key)
        keys = tuple(known + extra)
        colors = _palette_colors(len(known), len(keys), class_colors)
        names = _names(keys, len(known), class_names)
        return cls(keys=keys, colors=colors, n_classes=len(known), names=names)

    @property
    def class_colors(self):
        """Colours of the surface's own classes, shape ``(n_classes, 4)``."""
        return self.colors[: self.n_classes]

    @property
    def class_names(self):
        """Names of the surface's own classes."""
        return list(self.names[: self.n_classes])

    def name_of(self, label):
        """The display name of ``label``."""
        key = label_key(label)
        return self.names[self.keys.index(key)] if key in self.keys else str(label)

    def codes(self, labels):
        """Code (index into :attr:`keys`) of every label, and the name of every code.

        Returns
        -------
        codes : ndarray of shape (n,)
        names : list of str
        """
        index = {k: i for i, k in enumerate(self.keys)}
        labels = np.asarray(labels)
        try:  # one key per distinct label, not per point
            distinct, inverse = np.unique(labels, return_inverse=True)
        except TypeError:  # labels of mixed types: no order among them
            return np.array([index[label_key(v)] for v in labels], dtype=np.intp), \
                list(self.names)
        lookup = np.array([index[label_key(v)] for v in distinct], dtype=np.intp)
        return lookup[inverse.reshape(-1)], list(self.names)


def _palette_colors(n_known, n_keys, class_colors):
    """RGBA colours of ``n_keys`` keys (the first ``n_known`` are the model's classes)."""
    from matplotlib import colormaps
    from matplotlib.colors import Colormap, to_rgba_array

    if class_colors is None:
        colors = _colors.class_colors(n_known) if n_known else np.zeros((0, 4))
        if n_keys > n_known:
            colors = np.vstack([colors, _colors.class_colors(n_keys)[n_known:]])
        return colors
    if isinstance(class_colors, str) and class_colors not in colormaps:
        try:  # one colour for a single-class palette, e.g. "red"
            single = to_rgba_array([class_colors])
        except ValueError:
            raise ValueError(f"class_colors={class_colors!r} is neither a colormap name nor a "
                             "colour; give a list of colours or a colormap such as 'tab10'."
                             ) from None
        return _enough(single, n_keys)
    if isinstance(class_colors, (str, Colormap)):
        cmap = colormaps[class_colors] if isinstance(class_colors, str) else class_colors
        return colormap_colors(cmap, n_keys)
    if isinstance(class_colors, dict):
        raise TypeError("class_colors must be a list of colours or a colormap; got a dict.")
    try:
        colors = to_rgba_array(list(class_colors))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"class_colors must be matplotlib colours or a colormap; got "
                         f"{class_colors!r}: {exc}") from exc
    return _enough(colors, n_keys)


#: A listed colour map with fewer entries is a set of distinct colours
#: (``tab10``, ``Set2``, ``Paired``); with this many or more (``viridis``,
#: ``plasma``: 256) it samples a continuous range.
CONTINUOUS_MAP_ENTRIES = 256


def colormap_colors(cmap, n_keys):
    """``n_keys`` class colours from colour map ``cmap``.

    A qualitative map (a listed map of fewer than
    :data:`CONTINUOUS_MAP_ENTRIES` colours) gives its colours in order, and too
    few of them is a ``ValueError`` naming the map and both counts; a
    continuous map is sampled evenly from end to end (``linspace(0, 1, n)``),
    so that three classes of ``plasma`` are dark blue, magenta and yellow, not
    its first three near-identical entries.
    """
    from matplotlib.colors import ListedColormap

    if isinstance(cmap, ListedColormap) and cmap.N < CONTINUOUS_MAP_ENTRIES:
        if cmap.N < n_keys:
            raise ValueError(
                f"class_colors={cmap.name!r} has {cmap.N} colours, but {n_keys} are needed "
                "(one per class, and per label the data add); give a longer colour map "
                "(such as 'tab20' or a continuous one like 'viridis') or a list of colours.")
        return np.asarray(cmap(np.arange(n_keys)))
    return np.asarray(cmap(np.linspace(0.0, 1.0, max(n_keys, 1))))[:n_keys]


def with_colormap_ends(palette, grid, cmap):
    """``palette`` with the two classes of binary ``grid`` coloured by the ends of
    colour map ``cmap`` (name or object): the class the score speaks for
    (``grid.pos_label``, drawn where values are high) takes its high end, the
    other its low end, so that markers, legend and colour bar agree with the
    surface they sit on."""
    from dataclasses import replace

    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    if isinstance(cmap, str):
        if cmap not in colormaps:
            raise ValueError(f"cmap={cmap!r} is not a matplotlib colour map name.")
        cmap = colormaps[cmap]
    elif not isinstance(cmap, Colormap):
        raise TypeError(f"cmap must be a colour map name or a matplotlib Colormap; got "
                        f"{type(cmap).__name__}.")
    colors = np.array(palette.colors, dtype=float, copy=True)
    high = grid.class_index(grid.pos_label)
    colors[high] = cmap(1.0)
    colors[1 - high] = cmap(0.0)
    return replace(palette, colors=colors)


def _enough(colors, n_keys):
    if len(colors) < n_keys:
        raise ValueError(f"class_colors needs {n_keys} colours (one per class, and per label "
                         f"the data add); got {len(colors)}.")
    return np.asarray(colors[:n_keys])


def _names(keys, n_known, class_names):
    """Display names of the keys."""
    if class_names is None:
        return tuple(str(k) for k in keys)
    if isinstance(class_names, dict):
        lookup = {label_key(k): str(v) for k, v in class_names.items()}
        return tuple(lookup.get(k, str(k)) for k in keys)
    if isinstance(class_names, str):
        raise TypeError(f"class_names must be a list of names or a dict; got str {class_names!r}.")
    try:
        names = [str(n) for n in class_names]
    except TypeError as exc:
        raise TypeError(f"class_names must be a list of names or a dict; got "
                        f"{type(class_names).__name__} {class_names!r}.") from exc
    if len(names) != n_known:
        raise ValueError(f"class_names must name the model's {n_known} classes "
                         f"{list(keys[:n_known])!r} in order; got {len(names)} names.")
    return tuple(names) + tuple(str(k) for k in keys[n_known:])


def colorbar_label(g, palette=None):
    """What the colours of surface ``g`` mean, for its colour bar (classes by the
    names of ``palette`` when given)."""
    name = palette.name_of if palette is not None else str
    if g.task == "binary":
        if g.response == "predict_proba":
            return f"probability of class {name(g.pos_label)}"
        return f"decision function (> {g.threshold:g}: class {name(g.pos_label)})"
    if g.task == "continuous":
        return "prediction" if g.response == "predict" else "value"
    if g.class_of_interest is not None:
        coi = name(g.class_of_interest)
        if g.response == "predict_proba":
            return f"probability of class {coi}"
        if g.task == "labels":
            return f"predicted class is {coi}"
        return f"decision function of class {coi}"
    return regions_label(g)


def regions_label(g):
    """What the colours of class regions mean: the class, and for shaded regions
    what pale means (the two best classes nearly tie)."""
    if g.task == "labels":
        return REGIONS_LABELS["predict"]
    return REGIONS_LABELS.get(g.response, REGIONS_LABELS["decision_function"])


def scalar_style(g, z, colors, cmap=None, levels=None, *, data_values=None, norm=None):
    """Colour map, norm, contour levels and extension of a scalar surface.

    Parameters
    ----------
    g : SurfaceGrid
        A surface with ``g.is_scalar``.
    z : ndarray of shape (ny, nx)
        ``g.surface()``.
    colors : ndarray of shape (n, 4)
        Class colours (the palette's).
    cmap : str or Colormap, default=None
        The user's colour map; default: from the classes' colours (viridis
        for a continuous surface).
    levels : int or sequence of float, default=None
        Number of contour levels or their values.
    data_values : ndarray of shape (n_samples,), default=None
        The surface's values at the data. A binary decision function then
        spends its colour range where the data are: centred on the threshold,
        out to the 95th percentile of the data's distances from it (what lies
        beyond is marked by the colour bar's extension arrows).
    norm : matplotlib Normalize, default=None
        The user's norm; it wins over every rule here.

    Returns
    -------
    dict with ``cmap``, ``norm`` (a matplotlib Normalize), ``levels``
    (ndarray) and ``extend`` ("neither" or "both").
    """
    finite = z[np.isfinite(z)]
    auto = _auto_norm(g.task, g.response, g.threshold, data_values, finite)
    if g.task == "binary":
        pos = positive_index(g.classes, g.pos_label)
        default_cmap = _colors.diverging_cmap(colors[1 - pos], colors[pos])
    elif g.task == "continuous":
        default_cmap = "viridis"
    else:  # one class of many
        default_cmap = _colors.class_cmap(colors[g.class_index(g.class_of_interest)])
    norm = _with_auto(norm, auto)
    levels = _levels(g.task, g.response, g.threshold, norm, levels)
    extend = ("both" if finite.size and (finite.min() < levels[0] or finite.max() > levels[-1])
              else "neither")
    return {"cmap": cmap if cmap is not None else default_cmap, "norm": norm, "levels": levels,
            "extend": extend}


def planned_levels(task, response, threshold, *, data_values=None, levels=None, norm=None):
    """The contour levels :func:`scalar_style` will draw a binary or one-class
    surface with, known before the surface is evaluated; None where they depend
    on its values (then adaptive refinement cannot refine around them).

    Parameters
    ----------
    task, response, threshold
        Those of the surface to come (its :class:`~surfaceviz.evaluation.response.Response`).
    data_values : ndarray of shape (n_samples,), default=None
        The model's values at the data (a binary decision function's colour
        range comes from them).
    levels, norm
        The user's ``levels=`` and norm (or None), as :func:`scalar_style` takes them.

    Returns
    -------
    ndarray of float, sorted, or None
    """
    if levels is not None and not isinstance(levels, (int, np.integer)):
        return np.sort(np.asarray(levels, dtype=float).ravel())
    if task not in ("binary", "multiclass", "labels"):
        return None
    auto = _auto_norm(task, response, threshold, data_values, None)
    if auto is None and (norm is None or norm.vmin is None or norm.vmax is None):
        return None
    from copy import copy

    norm = _with_auto(None if norm is None else copy(norm), auto)
    return _levels(task, response, threshold, norm, levels)


def _auto_norm(task, response, threshold, data_values, finite):
    """The automatic colour range of a scalar surface; None where it needs the
    surface's (finite) values and they are not given (``finite`` None)."""
    from matplotlib.colors import Normalize

    if task != "continuous" and (response == "predict_proba" or task == "labels"):
        return Normalize(0.0, 1.0)
    if task == "binary":
        from_data = _norm_from_data(data_values, threshold)
        if from_data is not None or finite is None:
            return from_data
        return _decision_norm(finite, threshold)
    if finite is None:
        return None
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if task == "continuous" and hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    return Normalize(lo, hi if hi > lo else lo + 1.0)


def _with_auto(norm, auto):
    """The user's norm (its open sides from ``auto``), else ``auto``."""
    if norm is None:
        return auto
    if norm.vmin is None or norm.vmax is None:  # Normalize(vmin=...) with a side open
        norm.vmin = auto.vmin if norm.vmin is None else norm.vmin
        norm.vmax = auto.vmax if norm.vmax is None else norm.vmax
    return norm


def _norm_from_data(data_values, threshold):
    """Centred on the threshold, out to the 95th percentile of |d| at the data
    (None without data values, or where they all lie on the threshold)."""
    from matplotlib.colors import Normalize

    if data_values is None:
        return None
    at_data = np.abs(np.asarray(data_values, dtype=float) - threshold)
    at_data = at_data[np.isfinite(at_data)]
    half = float(np.quantile(at_data, 0.95)) if at_data.size else 0.0
    return Normalize(threshold - half, threshold + half) if half > 0 else None


def _decision_norm(finite, threshold):
    """A norm centred on the threshold, out to the 95th percentile of |d| over
    the grid (when there are no data values to take it from).

    The far corners of a polynomial model would otherwise wash out the region
    near the boundary.
    """
    from matplotlib.colors import Normalize

    dev = np.abs(finite - threshold)
    half = float(np.quantile(dev, 0.95)) if dev.size else 1.0
    half = half or float(dev.max(initial=0.0)) or 1.0
    return Normalize(threshold - half, threshold + half)


def _levels(task, response, threshold, norm, levels):
    if levels is not None and not isinstance(levels, (int, np.integer)):
        return np.asarray(levels, dtype=float)
    from matplotlib.ticker import MaxNLocator

    symmetric = task == "binary" and response != "predict_proba" and threshold == 0
    nbins = 10 if levels is None else max(int(levels), 1)
    return MaxNLocator(nbins=nbins, symmetric=symmetric).tick_values(norm.vmin, norm.vmax)


def region_scale(g, margins):
    """The class margin shown at full colour in class regions.

    Parameters
    ----------
    g : SurfaceGrid
    margins : ndarray of shape (ny, nx, n_classes)
        ``g.class_margins()``.
    """
    known = planned_region_scale(g.task, g.response)
    return known if known is not None else max(float(margins.max()), 1e-12)


def region_levels(n_levels, scale=1.0):
    """The shading bands of class regions: ``n_levels`` bands of the margin from 0
    to ``scale`` (the margin shown at full colour; 1 for probabilities)."""
    return np.linspace(0.0, scale, n_levels + 1)


def planned_region_scale(task, response):
    """:func:`region_scale` where it is known before evaluation (probabilities and
    labels: 1), else None (a decision function's largest margin on the grid)."""
    return 1.0 if response == "predict_proba" or task == "labels" else None
