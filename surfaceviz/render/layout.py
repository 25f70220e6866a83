"""Layout helpers every figure uses: Axes made or checked, labels set without
overwriting the user's, legends placed where they hide the fewest points,
constrained layout, and the Axes' size in pixels.

Pure drawing: nothing here knows models.
"""

from __future__ import annotations

import numpy as np

#: Most share of the data points a legend inside the Axes may cover; beyond it
#: the legend goes below the Axes (in a figure with constrained layout).
MAX_LEGEND_COVER = 0.02
#: Share of the Axes width a default colour bar takes (fraction + pad).
COLORBAR_SHARE = 0.2
#: Where a legend may go inside the Axes (matplotlib's location names).
LEGEND_PLACES = ("upper right", "upper left", "lower left", "lower right", "center right",
                 "center left", "lower center", "upper center")


def axes_or_new(ax):
    """``(ax, created)``: the given Axes, or a new figure's."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__} {ax!r}.")
        return ax, False
    import matplotlib.pyplot as plt

    return plt.subplots()[1], True


def close_if(created, ax):
    """Close the figure of ``ax`` if this call created it (nothing left after an error)."""
    if created:
        import matplotlib.pyplot as plt

        plt.close(ax.figure)


def set_label(setter, current, explicit, default):
    """``setter(explicit)`` when given; else ``setter(default)`` only where the
    Axes has no label yet (a label the user set is never overwritten)."""
    if explicit is not None:
        setter(explicit)
    elif default is not None and not current:
        setter(default)


def axes_pixels(ax, *, colorbar):
    """The Axes' size on the canvas in pixels, less a default colour bar's share."""
    bbox = ax.get_window_extent()
    width = bbox.width * (1 - COLORBAR_SHARE if colorbar else 1.0)
    return max(int(np.ceil(width)), 2), max(int(np.ceil(bbox.height)), 2)


def fit_title(ax, pad_px=4.0):
    """Wrap the Axes' title, line by line, so that no line reaches past the
    figure's edges (the title is centred on the Axes): a long slice note of a
    many-feature model is wrapped instead of clipped."""
    import textwrap

    title = ax.title
    text = title.get_text()
    if not text:
        return
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    centre = (box.x0 + box.x1) / 2
    room = 2 * max(min(centre, fig.bbox.width - centre) - pad_px, 1.0)
    if title.get_window_extent(renderer).width <= room:
        return
    lines = []
    for line in text.split("\n"):
        title.set_text(line)
        width = title.get_window_extent(renderer).width
        if width <= room or len(line) < 2:
            lines.append(line)
            continue
        # the fewest lines that fit, then as even as the words allow
        fit = max(int(len(line) * room / width) - 1, 8)
        best = _wrap_items(line, fit, textwrap)
        for chars in range(fit - 1, 7, -1):
            trial = _wrap_items(line, chars, textwrap)
            if len(trial) > len(best):
                break
            best = trial
        lines.extend(best)
    title.set_text("\n".join(lines))


def _wrap_items(line, chars, textwrap):
    """``line`` in lines of at most ``chars`` characters, broken after the commas
    of its list (``a = 1, b = 2``) where it can, else between words."""
    out, current = [], ""
    for item in line.split(", "):
        joined = f"{current}, {item}" if current else item
        if len(joined) <= chars or not current:
            current = joined
        else:
            out.append(current + ",")
            current = item
    out.append(current)
    return [piece for part in out
            for piece in (textwrap.wrap(part, chars, break_on_hyphens=False) or [part])]


def legend_coverage(ax, legend, points):
    """Share of ``points`` (a list of arrays in data coordinates) that ``legend``'s
    box covers."""
    if not points:
        return 0.0
    xy = ax.transData.transform(np.vstack(points))
    box = legend.get_window_extent(ax.figure.canvas.get_renderer())
    inside = ((xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1)
              & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1))
    return float(inside.mean())


def fewest_points_corner(ax, legend, points, avoid=()):
    """Move the legend to the place inside the Axes that covers the fewest data
    ``points`` and the least of ``avoid`` (points sampled along what the picture
    must not hide: the drawn boundary, changed regions), counted alike; return
    the larger of the two shares it covers there."""
    points, avoid = [p for p in points if len(p)], [a for a in avoid if len(a)]
    if not points and not avoid:
        return 0.0
    best, best_cost, best_share = None, np.inf, 0.0
    for place in LEGEND_PLACES:
        legend.set_loc(place)
        shares = (legend_coverage(ax, legend, points), legend_coverage(ax, legend, avoid))
        if sum(shares) < best_cost:
            best, best_cost, best_share = place, sum(shares), max(shares)
        if best_cost == 0.0:
            break
    legend.set_loc(best)
    return best_share


def box_samples(ax, artist, n=8):
    """An ``n`` x ``n`` lattice of points (data coordinates) over ``artist``'s box
    on the canvas (a text note, an inset): what a legend should not hide."""
    box = artist.get_window_extent(ax.figure.canvas.get_renderer())
    gx, gy = np.meshgrid(np.linspace(box.x0, box.x1, n), np.linspace(box.y0, box.y1, n))
    return ax.transData.inverted().transform(np.column_stack([gx.ravel(), gy.ravel()]))


def path_samples(artists, most=2000):
    """Points along the paths of ``artists`` (contour sets, collections), at most
    ``most`` of them, evenly picked: what a legend should not hide."""
    chunks = []
    for artist in artists:
        if artist is None:
            continue
        for path in getattr(artist, "get_paths", lambda: [])():
            if len(path.vertices):
                chunks.append(np.asarray(path.vertices, dtype=float))
    if not chunks:
        return np.zeros((0, 2))
    every = np.vstack(chunks)
    every = every[np.isfinite(every).all(axis=1)]
    if len(every) > most:
        every = every[np.linspace(0, len(every) - 1, most).astype(int)]
    return every


def has_layout(fig):
    """Whether ``fig`` makes room for what lies outside its Axes (constrained layout)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def legend_below(ax, handles, opts):
    """A legend under the Axes, below its tick labels and x label, in as many
    columns as fit the Axes' width."""
    renderer = ax.figure.canvas.get_renderer()
    width = ax.get_window_extent(renderer).width
    for ncols in range(min(len(handles), 4), 0, -1):
        legend = ax.legend(handles=handles, **{**opts, "ncols": ncols})
        if ncols == 1 or legend.get_window_extent(renderer).width <= width:
            break
        legend.remove()
    below = ax.xaxis.get_tightbbox(renderer)
    top = ax.get_window_extent(renderer).y0
    height_pt = max(top - below.y0, 0.0) * 72.0 / ax.figure.dpi if below is not None else 0.0
    legend.set_loc("upper center")
    legend.set_bbox_to_anchor((0.5, 0.0), transform=ax.transAxes)
    legend.borderaxespad = height_pt / legend.prop.get_size_in_points() + 0.3
    return legend


def place_legend(ax, handles, opts, points, *, placed_by_user, avoid=()):
    """A legend of ``handles``; unless the user placed it, in the corner that hides
    the fewest ``points`` and the least of ``avoid`` (the drawn boundary), or below
    the Axes when every corner hides more than :data:`MAX_LEGEND_COVER` of either
    and the figure has room (constrained layout)."""
    box = ax.legend(handles=handles, **opts)
    if not placed_by_user:
        share = fewest_points_corner(ax, box, points, avoid)
        if share > MAX_LEGEND_COVER and has_layout(ax.figure):
            box.remove()
            box = legend_below(ax, handles, opts)
    return box


def use_constrained_layout(fig):
    """Turn on constrained layout in a figure of several Axes that has no layout
    engine and no colour bar yet, so that neighbours' colour bars, labels and
    legends cannot overlap (a figure with its own layout engine is left alone)."""
    if fig.get_layout_engine() is not None or len(fig.axes) < 2 or any(
            ax.get_subplotspec() is None for ax in fig.axes):
        return  # a layout of its own, one Axes, or Axes placed by hand
    try:
        fig.set_layout_engine("constrained")
    except RuntimeError:  # colour bars made under another layout: leave the figure as is
        pass
