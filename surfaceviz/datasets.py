"""Built-in data sets (offline)."""

from __future__ import annotations

from ._validation import check_positive_int


def load_moons(n_samples=500, *, noise=0.25, random_state=0):
    """Two interleaving half-moons (scikit-learn's ``make_moons``).

    Parameters
    ----------
    n_samples : int, default=500
        Total number of points.
    noise : float, default=0.25
        Standard deviation of the Gaussian noise added to the points.
    random_state : int, Generator or None, default=0
        Seed for reproducible data.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        Labels 0 and 1.

    Examples
    --------
    >>> X, y = load_moons(100)
    >>> X.shape, sorted(set(y))
    ((100, 2), [0, 1])
    """
    from sklearn.datasets import make_moons

    n_samples = check_positive_int("n_samples", n_samples, minimum=2)
    noise = float(noise)
    if noise < 0:
        raise ValueError(f"noise must be >= 0; got {noise}.")
    return make_moons(n_samples=n_samples, noise=noise, random_state=random_state)
