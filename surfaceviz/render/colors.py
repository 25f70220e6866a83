"""Class colours, markers and colour maps shared by the renderers."""

from __future__ import annotations

import numpy as np

#: Binary classes: the ends of a blue-white-red diverging map.
BINARY_COLORS = ("#2166ac", "#b2182b")
#: Markers per class, cycled.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "p", "h")
#: Colour of the rings around misclassified points.
MISCLASSIFIED_COLOR = "black"
#: How pale the least confident part of a class region is (0 white, 1 full).
MIN_TINT = 0.2


def class_colors(n):
    """``n`` distinct colours as RGBA rows, shape ``(n, 4)``.

    Two classes get the blue and red of the diverging map; up to 10 use
    ``tab10``, up to 20 ``tab20``; more are spread over ``turbo``.
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_rgba_array

    if n <= 2:
        return to_rgba_array(BINARY_COLORS[:max(n, 1)])
    if n <= 10:
        return colormaps["tab10"](np.arange(n))
    if n <= 20:
        return colormaps["tab20"](np.arange(n))
    return colormaps["turbo"](np.linspace(0.05, 0.95, n))


def marker(i):
    """Marker of class ``i``."""
    return MARKERS[i % len(MARKERS)]


def tint(color, amount):
    """Blend ``color`` with white: ``amount`` 0 is white, 1 is the colour."""
    from matplotlib.colors import to_rgb

    rgb = np.asarray(to_rgb(color))
    amount = np.asarray(amount, dtype=float)[..., None]
    return 1.0 - amount * (1.0 - rgb)


def diverging_cmap(low, high, name="surfaceviz_binary"):
    """Colour map from ``low`` through white to ``high``."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(name, [low, "white", high])


def class_cmap(color, name="surfaceviz_class"):
    """Colour map from a pale tint of ``color`` to the colour itself."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(name, [tint(color, MIN_TINT), tint(color, 1.0)])


def region_rgb(predicted, confidence, colors):
    """RGB image of class regions shaded by confidence.

    Parameters
    ----------
    predicted : ndarray of shape (ny, nx)
        Class index per pixel.
    confidence : ndarray of shape (ny, nx)
        In [0, 1].
    colors : ndarray of shape (n_classes, 4)

    Returns
    -------
    ndarray of shape (ny, nx, 3), or (ny, nx, 4) with a transparent alpha where
    ``confidence`` is NaN (no value)
    """
    rgb = np.asarray(colors)[:, :3][predicted]
    amount = (MIN_TINT + (1 - MIN_TINT) * np.clip(confidence, 0, 1))[..., None]
    out = 1.0 - amount * (1.0 - rgb)
    missing = np.isnan(confidence)
    if not missing.any():
        return out
    alpha = np.where(missing, 0.0, 1.0)[..., None]
    return np.concatenate([np.nan_to_num(out, nan=1.0), alpha], axis=-1)
