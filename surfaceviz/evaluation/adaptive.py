"""Adaptive refinement: evaluate finely only near the decision boundary.

The grid is first evaluated on a coarse lattice (every ``step``-th point
along each axis, plus the last). Each coarse cell whose four corners agree on
the class (and, for a surface drawn in bands, fall between the same two contour
levels) is filled by bilinear interpolation of its corners; each cell whose
corners disagree is split in four and the process repeats, down to the full
resolution, where every point of a disagreeing cell is evaluated.

Guarantee: every point evaluated is exact; every filled point lies in a cell
whose corners all agree, and takes their class (bilinear interpolation of
scores whose corners all favour one class favours it too). Caveat: a class
region, or a bend of the boundary, that fits inside one coarse cell without
touching any of its corners is missed: choose ``step`` smaller than the
thinnest feature to be shown.
"""

from __future__ import annotations

import numpy as np

#: Index-array budget for filling cells (points per fill batch).
_FILL_BATCH = 1 << 20
#: ``check_centres``: most share of the sampled coarse cells whose centre may
#: show a label their agreeing corners do not, before :class:`SubCellFeatures`.
MAX_OFF_CENTRES = 0.02


class SubCellFeatures(Exception):
    """The surface has features smaller than a coarse cell: centres of cells whose
    corners agree show other labels (the refinement's caveat would bite)."""


def default_step(nx, ny, *, cells=64):
    """The largest power of two leaving at least ``cells`` cells per axis (>= 1)."""
    n = min(nx, ny) / cells
    step = 1
    while step * 2 <= n:
        step *= 2
    return step


def refine(evaluate_at, classify, nx, ny, step, *, interpolate=True, on_evaluated=None,
           check_centres=0):
    """Evaluate a ``ny`` by ``nx`` grid adaptively.

    Parameters
    ----------
    evaluate_at : callable
        ``evaluate_at(iy, ix) -> values`` for integer index arrays of equal
        length; values of shape ``(n,)`` or ``(n, k)``.
    classify : callable
        ``classify(values) -> labels`` (integers, shape ``(n,)``); cells are
        refined where their corners' labels differ.
    nx, ny : int
        Grid size.
    step : int
        Coarse lattice spacing, a power of two.
    interpolate : bool, default=True
        Fill agreeing cells by bilinear interpolation of their corners
        (scores); False copies the corner value (labels).
    on_evaluated : callable, default=None
        Called with the number of points after each evaluation (progress).
    check_centres : int, default=0
        Test the caveat first: evaluate the centres of up to this many coarse
        cells whose corners agree (evenly spread); where more than
        :data:`MAX_OFF_CENTRES` of them show another label, raise
        :class:`SubCellFeatures` instead of filling.

    Returns
    -------
    values : ndarray of shape (ny, nx) or (ny, nx, k)
    n_evaluated : int
        Number of grid points the model was evaluated at.
    """
    if step < 1 or step & (step - 1):
        raise ValueError(f"coarse_step must be a power of two (1, 2, 4, ...); got {step}.")
    state = _State(evaluate_at, classify, nx, ny, on_evaluated)
    ncy, ncx = _ncells(ny, step), _ncells(nx, step)
    cy, cx = np.meshgrid(np.arange(ncy), np.arange(ncx), indexing="ij")
    cy, cx = cy.ravel(), cx.ravel()
    if nx == 1 or ny == 1:
        state.ensure(*np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij"))
        return state.out, state.n_evaluated
    while True:
        y0 = cy * step
        x0 = cx * step
        y1 = np.minimum(y0 + step, ny - 1)
        x1 = np.minimum(x0 + step, nx - 1)
        state.ensure(np.concatenate([y0, y0, y1, y1]), np.concatenate([x0, x1, x0, x1]))
        lab = state.labels
        l00, l01, l10, l11 = lab[y0, x0], lab[y0, x1], lab[y1, x0], lab[y1, x1]
        agree = (l00 == l01) & (l00 == l10) & (l00 == l11)
        if check_centres and step > 1:
            _check_centres(state, y0[agree], y1[agree], x0[agree], x1[agree], check_centres)
            check_centres = 0
        if step > 1 and agree.any():
            state.fill(y0[agree], y1[agree], x0[agree], x1[agree], step, interpolate)
        if step == 1 or agree.all():
            break
        # split each disagreeing cell into its (up to) four children
        half = step // 2
        ncy, ncx = _ncells(ny, half), _ncells(nx, half)
        dy, dx = cy[~agree], cx[~agree]
        cy = np.concatenate([2 * dy, 2 * dy, 2 * dy + 1, 2 * dy + 1])
        cx = np.concatenate([2 * dx, 2 * dx + 1, 2 * dx, 2 * dx + 1])
        keep = (cy < ncy) & (cx < ncx)
        cy, cx = cy[keep], cx[keep]
        step = half
    return state.out, state.n_evaluated


def _check_centres(state, y0, y1, x0, x1, most):
    """Raise :class:`SubCellFeatures` where the centres of up to ``most`` of these
    agreeing cells disagree with their corners too often."""
    if y0.size == 0:
        return
    pick = np.unique(np.linspace(0, y0.size - 1, min(most, y0.size)).astype(int))
    cy, cx = (y0[pick] + y1[pick]) // 2, (x0[pick] + x1[pick]) // 2
    state.ensure(cy, cx)
    off = state.labels[cy, cx] != state.labels[y0[pick], x0[pick]]
    if off.mean() > MAX_OFF_CENTRES:
        raise SubCellFeatures(f"{int(off.sum())} of {pick.size} coarse cells hide another "
                              "label at their centre")


def _ncells(n, step):
    return max(-(-(n - 1) // step), 1)


class _State:
    """The grid as it fills: values, labels and which points were evaluated."""

    def __init__(self, evaluate_at, classify, nx, ny, on_evaluated):
        self.evaluate_at = evaluate_at
        self.classify = classify
        self.nx, self.ny = nx, ny
        self.done = np.zeros((ny, nx), dtype=bool)
        self.labels = np.full((ny, nx), -1, dtype=np.int32)
        self.out = None
        self.n_evaluated = 0
        self.on_evaluated = on_evaluated

    def ensure(self, iy, ix):
        """Evaluate the listed points that have not been evaluated yet."""
        wanted = np.zeros(self.ny * self.nx, dtype=bool)  # each point once, in order
        wanted[np.asarray(iy).ravel() * self.nx + np.asarray(ix).ravel()] = True
        wanted &= ~self.done.ravel()
        flat = np.flatnonzero(wanted)
        if flat.size == 0:
            return
        iy, ix = np.divmod(flat, self.nx)
        values = self.evaluate_at(iy, ix)
        if self.out is None:
            self.out = np.zeros((self.ny, self.nx) + values.shape[1:], dtype=values.dtype)
        self.out[iy, ix] = values
        self.labels[iy, ix] = self.classify(values)
        self.done[iy, ix] = True
        self.n_evaluated += flat.size
        if self.on_evaluated is not None:
            self.on_evaluated(flat.size)

    def fill(self, y0, y1, x0, x1, step, interpolate):
        """Fill the interior of agreeing cells from their corners.

        Bilinear interpolation is done separably: along x on the cells' top and
        bottom rows, then along y between them (two operations per point)."""
        per_cell = (step + 1) ** 2
        batch = max(_FILL_BATCH // per_cell, 1)
        off = np.arange(step + 1)
        flat_out = self.out.reshape((self.ny * self.nx,) + self.out.shape[2:])
        done = self.done.ravel()
        for s in range(0, len(y0), batch):
            a, b, c, d = y0[s:s + batch], y1[s:s + batch], x0[s:s + batch], x1[s:s + batch]
            iy = np.minimum(a[:, None] + off, b[:, None])  # (cells, step + 1)
            ix = np.minimum(c[:, None] + off, d[:, None])
            flat = iy[:, :, None] * self.nx + ix[:, None, :]  # (cells, step + 1, step + 1)
            todo = ~done[flat]
            if not todo.any():
                continue
            v00 = self.out[a, c]
            if interpolate:
                extra = (None,) * (v00.ndim - 1)
                tx = ((ix - c[:, None]) / np.maximum(d - c, 1)[:, None])[(...,) + extra]
                ty = ((iy - a[:, None]) / np.maximum(b - a, 1)[:, None])[(..., None) + extra]
                top = v00[:, None] + tx * (self.out[a, d] - v00)[:, None]
                v10 = self.out[b, c]
                bottom = v10[:, None] + tx * (self.out[b, d] - v10)[:, None]
                vals = top[:, None] + ty * (bottom - top)[:, None]
            else:
                vals = np.broadcast_to(v00[:, None, None], flat.shape + v00.shape[1:])
            flat_out[flat[todo]] = vals[todo]
