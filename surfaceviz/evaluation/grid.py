"""Grid specification: bounds, resolution and the points of a chunk.

The grid is never materialised as a full meshgrid: :meth:`GridSpec.points`
builds the ``(n, 2)`` coordinates of one contiguous run of grid points, so
evaluation in chunks holds only one chunk's inputs at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._utils.validation import (MIN_SPAN_ULPS, check_limits, check_margin, check_resolution,
                          check_X)


@dataclass(frozen=True)
class GridSpec:
    """A regular grid over the feature plane.

    Parameters
    ----------
    xlim, ylim : tuple of (float, float)
        Bounds of the first and second feature (inclusive).
    nx, ny : int
        Number of points along the first and second feature.

    Grid point ``k`` (row-major, ``k = j * nx + i``) lies at ``(x[i], y[j])``.
    """

    xlim: tuple
    ylim: tuple
    nx: int
    ny: int

    @classmethod
    def from_data(cls, X, *, resolution=200, margin=0.05, xlim=None, ylim=None, strip=False):
        """Grid covering ``X`` plus a margin.

        Parameters
        ----------
        X : array-like of shape (n_samples, 2)
            The data (checked: two finite numeric columns; never modified).
        resolution : int or tuple of (int, int), default=200
            Points along each axis, or ``(nx, ny)``.
        margin : float, default=0.05
            Extra room on each side as a fraction of the data range. A feature
            whose values are all equal gets a range of ``max(1, |value|)``
            around the value, scaled by the margin's rule.
        xlim, ylim : tuple of (float, float), default=None
            Explicit bounds; they override the data range and the margin.
        strip : bool, default=False
            A one-feature grid: one row (``ny = 1``) along the first feature.
        """
        X, _ = check_X(X)
        return cls.around(X, resolution=resolution, margin=margin, xlim=xlim, ylim=ylim,
                          strip=strip)

    @classmethod
    def around(cls, X, *, resolution=200, margin=0.05, xlim=None, ylim=None, strip=False,
               what="X"):
        """:meth:`from_data` for points already validated (a float array of shape
        ``(n, 2)``, as the planner holds them): they are not checked again.
        ``what`` names the points in an error (a map's: its projection's embedding)."""
        nx, ny = check_resolution(resolution)
        if strip:
            ny, ylim = 1, (0.0, 1.0)
        margin = check_margin(margin)
        xlim = check_limits("xlim", xlim) or _padded_range(X[:, 0], margin, "first", what)
        ylim = check_limits("ylim", ylim) or _padded_range(X[:, 1], margin, "second", what)
        return cls(xlim=xlim, ylim=ylim, nx=nx, ny=ny)

    @property
    def shape(self):
        """``(ny, nx)``, the shape of a 2-D surface on this grid."""
        return (self.ny, self.nx)

    @property
    def size(self):
        """Number of grid points."""
        return self.nx * self.ny

    def axes(self, dtype=np.float64):
        """1-D coordinates ``(x, y)`` of shapes ``(nx,)`` and ``(ny,)``."""
        x = np.linspace(self.xlim[0], self.xlim[1], self.nx, dtype=dtype)
        y = np.linspace(self.ylim[0], self.ylim[1], self.ny, dtype=dtype)
        return x, y

    def points(self, start, stop, axes=None, xp=None):
        """Coordinates of grid points ``start`` to ``stop - 1`` (row-major).

        Parameters
        ----------
        start, stop : int
            Range of flat (row-major) grid indices.
        axes : tuple of arrays, default=None
            The coordinates from :meth:`axes` (in namespace ``xp``), to avoid
            rebuilding them for every chunk.
        xp : array namespace, default=None
            Build the points in this namespace (on its device) instead of NumPy.

        Returns
        -------
        array of shape (stop - start, 2)
        """
        x, y = self.axes() if axes is None else axes
        if xp is not None and xp is not np:
            k = xp.arange(start, stop)
            return xp.stack([xp.take(x, k % self.nx), xp.take(y, k // self.nx)], axis=1)
        k = np.arange(start, stop)
        out = np.empty((stop - start, 2), dtype=x.dtype)
        out[:, 0] = x[k % self.nx]
        out[:, 1] = y[k // self.nx]
        return out


def _padded_range(values, margin, which, what="X"):
    low, high = float(values.min()), float(values.max())
    with np.errstate(over="ignore", invalid="ignore"):
        span = high - low
        ulp = np.spacing(max(abs(low), abs(high)))  # inf at the largest float
        if np.isfinite(ulp) and span < MIN_SPAN_ULPS * ulp:
            # a constant feature (or one whose values differ by so few units in
            # the last place that grid points would repeat): centre the middle
            # value in a unit (or value-sized) window
            mid = low + span / 2
            half = max(1.0, abs(mid)) / 2 * (1 + 2 * margin)
            out = (mid - half, mid + half)
        else:
            out = (low - span * margin, high + span * margin)
    if not (np.isfinite(out[0]) and np.isfinite(out[1]) and np.isfinite(out[1] - out[0])) \
            or not out[0] <= low <= high <= out[1] or not out[0] < out[1]:
        raise ValueError(
            f"the {which} feature of {what} spans [{low:g}, {high:g}], which with "
            f"margin={margin:g} leaves the range of floating-point numbers; pass xlim/ylim "
            f"or rescale {what}."
        )
    return out
