"""How far a decision map can be trusted: the measures of the decision-map literature.

A map draws a classifier ``f`` on many features through a projection ``P``
(data to the plane) and an inverse ``P⁻¹`` (the plane back to the data): the
colour of a pixel ``p`` is ``f(P⁻¹(p))``. Wang, Machado and Telea ("Quantitative
and qualitative comparison of decision-map techniques for explaining
classification models", *Algorithms* 16(9):438, 2023) measure such maps by:

- **map accuracy** ``ACC_M``: the share of points ``x`` whose class on the map,
  ``f(P⁻¹(P(x)))``, is their true label (needs labels);
- **data consistency** ``Cons_d``: the share of points whose class on the map
  is the model's own class ``f(x)`` (surfaceviz's ``fidelity_``);
- **pixel consistency** ``Cons_p``: the share of pixels whose class survives
  one more round trip, ``f(P⁻¹(P(P⁻¹(p)))) = f(P⁻¹(p))``;
- **class stability**: per pixel, how many round trips ``p -> P(P⁻¹(p))`` keep
  its class (up to ``round_trips``; the summary is the mean);
- **the inverse's gradient**: how fast ``P⁻¹`` moves in data space per unit of
  the map, ``sqrt(|dP⁻¹/du|^2 + |dP⁻¹/dv|^2)`` by finite differences between
  neighbouring pixels; large values mark where the map stretches (nearby
  pixels decode to distant data), where its colours say little.

:func:`map_quality` computes them on a lattice of at most ``max_pixels`` pixels
over the grid (the round trips cost a projection and a model call each).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

#: Most pixels of the lattice the pixel measures are taken on.
MAX_PIXELS = 4096
#: Round trips of the class-stability measure.
ROUND_TRIPS = 5


@dataclass(frozen=True)
class MapQuality:
    """The measures of one map (see the module's doc for their definitions).

    Attributes
    ----------
    accuracy : float or None
        ``ACC_M`` on the points measured (None without their labels).
    data_consistency : float
        ``Cons_d`` (the fidelity).
    pixel_consistency : float
        ``Cons_p``.
    stability : float
        The mean number of round trips a pixel's class survives (0 to
        ``round_trips``).
    gradient_median, gradient_p95, gradient_max : float
        The inverse's gradient over the lattice (data units per map unit).
    on : str
        ``"test points"`` or ``"data"``: where ``accuracy`` and
        ``data_consistency`` were measured.
    pixels : int
        The lattice's pixels.
    round_trips : int
    """

    accuracy: float | None
    data_consistency: float
    pixel_consistency: float
    stability: float
    gradient_median: float
    gradient_p95: float
    gradient_max: float
    on: str
    pixels: int
    round_trips: int
    #: Per-pixel maps of the lattice (``u``, ``v``, ``gradient``, ``stability``);
    #: not saved with the surface (None after loading).
    maps: dict | None = field(default=None, compare=False, repr=False)

    def as_dict(self):
        """Plain data (JSON), as saved with the surface (without :attr:`maps`)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "maps"}

    def unreliable(self, *, gradient_quantile=0.95):
        """``(u, v, mask)``: the lattice and where the map is unreliable: pixels whose
        class does not survive every round trip, or whose inverse gradient exceeds
        its ``gradient_quantile`` over the map (and 3 times its median)."""
        if self.maps is None:
            raise ValueError("the per-pixel maps are not kept with a saved surface; measure "
                             "the map again (plot_decision_surface(...).map_quality_).")
        g = self.maps["gradient"]
        limit = max(float(np.quantile(g, gradient_quantile)), 3.0 * float(np.median(g)))
        mask = (self.maps["stability"] < self.round_trips) | (g > limit)
        return self.maps["u"], self.maps["v"], mask

    def __str__(self):
        acc = "n/a (no labels)" if self.accuracy is None else f"{self.accuracy:.1%}"
        return (f"map quality on the {self.on}: accuracy ACC_M {acc}, data consistency "
                f"Cons_d {self.data_consistency:.1%}, pixel consistency Cons_p "
                f"{self.pixel_consistency:.1%} ({self.pixels} pixels), class stability "
                f"{self.stability:.2f} of {self.round_trips} round trips, inverse gradient "
                f"median {self.gradient_median:.3g} / 95th percentile "
                f"{self.gradient_p95:.3g} / max {self.gradient_max:.3g}")


def map_quality(forward, inverse, labels_of, rows, spec, *, y=None, is_true=None,
                on="data", max_pixels=MAX_PIXELS, round_trips=ROUND_TRIPS):
    """The measures of a map.

    Parameters
    ----------
    forward : callable
        ``P``: model rows -> ``(n, 2)`` map points.
    inverse : callable
        ``P⁻¹``: ``(n, 2)`` map points -> model rows.
    labels_of : callable
        Model rows -> the model's class indices ``(n,)``.
    rows : model rows
        The points ``x`` of ``ACC_M`` and ``Cons_d``.
    spec : GridSpec
        The map's grid: the lattice spans its bounds.
    y : array-like, default=None
        True labels of ``rows``, for ``ACC_M``.
    is_true : callable, default=None
        ``is_true(class_indices, y) -> bool array``: whether the map's classes are
        the labels (class indices into the model's classes against ``y``).
    on : str, default="data"
    max_pixels : int, default=4096
    round_trips : int, default=5

    Returns
    -------
    MapQuality
    """
    from .._utils.validation import check_positive_int

    max_pixels = check_positive_int("max_pixels", max_pixels, minimum=4)
    round_trips = check_positive_int("round_trips", round_trips)
    own = np.asarray(labels_of(rows))
    at_map = np.asarray(labels_of(inverse(forward(rows))))
    consistency = float(np.mean(own == at_map))
    accuracy = None
    if y is not None and is_true is not None:
        accuracy = float(np.mean(is_true(at_map, y)))
    u, v = _lattice(spec, max_pixels)
    pixels = np.column_stack([np.repeat(u[None, :], len(v), 0).ravel(),
                              np.repeat(v[:, None], len(u), 1).ravel()])
    decoded = inverse(pixels)
    start = np.asarray(labels_of(decoded))
    stable = np.full(len(pixels), round_trips, dtype=np.int64)
    alive = np.ones(len(pixels), dtype=bool)
    point, data = pixels, decoded
    for trip in range(round_trips):
        point = np.asarray(forward(data), dtype=np.float64)
        data = inverse(point)
        changed = alive & (np.asarray(labels_of(data)) != start)
        stable[changed] = trip
        alive &= ~changed
        if trip == 0:
            pixel_consistency = float(np.mean(~changed))
        if not alive.any():
            break
    gradient = inverse_gradient(_numbers(decoded).reshape(len(v), len(u), -1), u, v)
    maps = {"u": u, "v": v, "gradient": gradient,
            "stability": stable.reshape(len(v), len(u))}
    return MapQuality(accuracy=accuracy, data_consistency=consistency,
                      pixel_consistency=pixel_consistency, stability=float(stable.mean()),
                      gradient_median=float(np.median(gradient)),
                      gradient_p95=float(np.percentile(gradient, 95)),
                      gradient_max=float(gradient.max()), on=on, pixels=len(pixels),
                      round_trips=round_trips, maps=maps)


def inverse_gradient(decoded, u, v):
    """``sqrt(|dP⁻¹/du|^2 + |dP⁻¹/dv|^2)`` per lattice pixel.

    Parameters
    ----------
    decoded : ndarray of shape (len(v), len(u), d)
        ``P⁻¹`` at the lattice.
    u, v : ndarray
        The lattice's coordinates along the map's two axes.

    Returns
    -------
    ndarray of shape (len(v), len(u))
    """
    d_dv, d_du = np.gradient(decoded, v, u, axis=(0, 1))
    return np.sqrt((d_du ** 2).sum(axis=-1) + (d_dv ** 2).sum(axis=-1))


def _lattice(spec, max_pixels):
    """At most ``max_pixels`` points over ``spec``'s bounds, as square as the grid."""
    nx, ny = spec.nx, max(spec.ny, 2)
    scale = min(1.0, np.sqrt(max_pixels / (nx * ny)))
    mx, my = max(2, int(nx * scale)), max(2, int(ny * scale))
    return np.linspace(*spec.xlim, mx), np.linspace(*spec.ylim, my)


def _numbers(rows):
    if hasattr(rows, "to_numpy"):
        return rows.to_numpy(dtype=np.float64)
    return np.asarray(rows, dtype=np.float64)


def check_quality_request(kind):
    """Quality measures apply to maps only: ``kind`` is the picture's lift kind
    (``"projection"``, ``"slice"``... or None); a ValueError for anything but a map."""
    if kind != "projection":
        what = {"slice": "a slice", "average": "a partial-dependence surface",
                "strip": "a strip", None: "the model's own plane"}.get(kind, kind)
        raise ValueError(f"map quality measures apply to maps (projection=); this picture "
                         f"is {what}, which is drawn exactly, not through a projection.")
