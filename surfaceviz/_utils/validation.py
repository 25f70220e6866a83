"""Shared argument checks and the wording of their errors.

Every public entry point validates through these helpers so that a bad value
gets the same message wherever it is passed: the parameter's name, the rule
and the value that was given.
"""

from __future__ import annotations

import numbers

import numpy as np

#: Largest number of grid values accepted: points times outputs per point
#: (about 2 GiB of float64 output).
MAX_GRID_POINTS = 2**28
#: A grid axis must span at least this many units in the last place of its
#: bounds, so that its points are distinct floating-point numbers.
MIN_SPAN_ULPS = 2**20


def check_choice(name, value, choices):
    """Return ``value`` if it is one of ``choices``, else raise ``ValueError``."""
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be one of {_quote(choices)}; got {type(value).__name__} {value!r}."
        )
    if value not in choices:
        raise ValueError(f"{name} must be one of {_quote(choices)}; got {value!r}.")
    return value


def _quote(choices):
    return ", ".join(repr(c) for c in choices)


def check_bool(name, value):
    """Return ``value`` as a bool, or raise ``TypeError`` for a non-boolean."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False; got {type(value).__name__} {value!r}.")


def check_positive_int(name, value, *, minimum=1):
    """Return ``value`` as an ``int`` at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer; got {type(value).__name__} {value!r}."
        )
    if value < minimum:
        raise ValueError(
            f"{name} must be an integer of at least {minimum}; got {value}."
        )
    return int(value)


def check_range(name, value, low=None, high=None, *, include_low=True, include_high=False,
                integer=False):
    """Return ``value`` if it is a number in the given interval.

    Parameters
    ----------
    name : str
    value : object
    low, high : float, default=None
        Bounds (None: unbounded on that side).
    include_low, include_high : bool, default=True, False
        Whether each bound belongs to the interval.
    integer : bool, default=False
        Require an integer.

    Raises
    ------
    TypeError
        For a value that is not a (real, or integer) number.
    ValueError
        For a number outside the interval, NaN and infinity included; the
        message writes
        the interval, e.g. "dropout must be in [0, 1); got 1.0."
    """
    kind = "an integer" if integer else "a number"
    wanted = numbers.Integral if integer else numbers.Real
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, wanted):
        raise TypeError(f"{name} must be {kind}; got {type(value).__name__} {value!r}.")
    above = low is None or (value >= low if include_low else value > low)
    below = high is None or (value <= high if include_high else value < high)
    if above and below and np.isfinite(value):
        return value
    if low is not None and high is not None:
        rule = (f"in {'[' if include_low else '('}{low:g}, {high:g}"
                f"{']' if include_high else ')'}")
    elif low == 0 and not include_low and not integer:
        rule = "a positive number"
    else:
        rule = (f"{kind} " if integer else "") + (f">= {low:g}" if include_low else f"> {low:g}")
    raise ValueError(f"{name} must be {rule}; got {value!r}.")


def check_dtype(dtype, name="dtype"):
    """``dtype`` as NumPy's float32 or float64 dtype (None stays None)."""
    if dtype is None:
        return None
    try:
        out = np.dtype(dtype)
    except TypeError as exc:
        raise ValueError(f"{name} must be 'float32' or 'float64'; got {dtype!r}.") from exc
    if out not in (np.float32, np.float64):
        raise ValueError(f"{name} must be 'float32' or 'float64'; got {out}.")
    return out


def check_resolution(resolution, *, n_outputs=1, itemsize=8):
    """Validate a grid resolution.

    Parameters
    ----------
    resolution : int or tuple of (int, int)
        Points along each axis, ``(nx, ny)`` for a pair.
    n_outputs : int, default=1
        Values stored per grid point, for the memory estimate.
    itemsize : int, default=8
        Bytes per stored value, for the memory estimate.

    Returns
    -------
    (nx, ny) : tuple of int
    """
    if isinstance(resolution, (bool, np.bool_)):
        raise TypeError(f"resolution must be an integer or a pair of integers; got {resolution!r}.")
    if isinstance(resolution, numbers.Integral):
        pair = (resolution, resolution)
    elif isinstance(resolution, (tuple, list, np.ndarray)) and len(resolution) == 2:
        pair = tuple(resolution)
    else:
        raise TypeError(
            "resolution must be an integer or a pair of integers (nx, ny); "
            f"got {type(resolution).__name__} {resolution!r}."
        )
    out = []
    for value in pair:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            raise TypeError(
                "resolution must be an integer or a pair of integers (nx, ny); "
                f"got {resolution!r}."
            )
        if value < 2:
            raise ValueError(
                f"resolution must be an integer greater than 1 (or a pair of them); got {resolution!r}."
            )
        out.append(int(value))
    nx, ny = out
    n_points = nx * ny
    if n_points * n_outputs > MAX_GRID_POINTS:
        gib = n_points * n_outputs * itemsize / 2**30
        per = f" x {n_outputs} outputs" if n_outputs > 1 else ""
        raise ValueError(
            f"resolution {resolution!r} gives {n_points:,} grid points{per}, about "
            f"{gib:.1f} GiB for the evaluated values alone; at most {MAX_GRID_POINTS:,} "
            "values are accepted. Use a smaller resolution (a grid finer than the "
            "figure's pixels shows nothing more)."
        )
    return nx, ny


def check_margin(margin):
    """Return ``margin`` as a non-negative finite float."""
    if isinstance(margin, (bool, np.bool_)) or not isinstance(margin, numbers.Real):
        raise TypeError(f"margin must be a number; got {type(margin).__name__} {margin!r}.")
    margin = float(margin)
    if not np.isfinite(margin) or margin < 0:
        raise ValueError(
            f"margin must be a finite number >= 0 (a fraction of the data range); got {margin}."
        )
    return margin


def check_limits(name, limits):
    """Return ``limits`` as a ``(low, high)`` pair of floats with ``low < high``."""
    if limits is None:
        return None
    try:
        low, high = limits
        low, high = float(low), float(high)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a pair of numbers (low, high); got {limits!r}.") from exc
    if not (np.isfinite(low) and np.isfinite(high)) or not low < high:
        raise ValueError(
            f"{name} must be two finite numbers with low < high; got {limits!r}."
        )
    with np.errstate(over="ignore"):
        span = high - low
    if not np.isfinite(span):
        raise ValueError(
            f"{name} spans {limits!r}, wider than floating-point numbers can grid "
            "(high - low overflows); give narrower limits."
        )
    if span < MIN_SPAN_ULPS * np.spacing(max(abs(low), abs(high))):
        raise ValueError(
            f"{name} spans {limits!r}, too narrow for distinct grid points in "
            "floating point; give wider limits or rescale the data."
        )
    return low, high


def feature_names_of(X):
    """Return the column names of a DataFrame-like ``X`` as strings, or ``None``."""
    columns = getattr(X, "columns", None)
    if columns is None:
        return None
    return tuple(str(c) for c in list(columns))


def check_X(X, name="X", *, allow_none=False):
    """Validate the data matrix: 2-D, two finite numeric columns, not empty.

    The returned array is a new float64 array; the caller's object is never
    modified.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    feature_names : tuple of str or None
    """
    if X is None:
        if allow_none:
            return None, None
        raise TypeError(f"{name} must be array-like of shape (n_samples, 2); got None.")
    names = feature_names_of(X)
    if np.iscomplexobj(X):
        raise TypeError(
            f"{name} must hold real numbers; got complex values (the imaginary part would "
            "be lost). Pass X.real or split the parts into features."
        )
    try:
        arr = np.array(X, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a numeric array-like of shape (n_samples, 2); "
            f"could not convert {type(X).__name__} to numbers: {exc}"
        ) from exc
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_samples, 2); got {arr.ndim}-D "
            f"with shape {arr.shape}."
        )
    if arr.shape[1] != 2:
        hint = "df[['a', 'b']]" if names else "X[:, [0, 1]]"
        raise ValueError(
            f"{name} must have exactly 2 columns (the two features to plot); got "
            f"{arr.shape[1]}. Pick two features, for example {hint}, and fit the "
            "model on those two."
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has 0 samples; at least 1 is needed.")
    if not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).any(axis=1).sum())
        raise ValueError(
            f"{name} contains NaN or infinity in {bad} row(s); drop or impute them first."
        )
    return arr, names


def check_y(y, n_samples, name="y"):
    """Validate labels or targets of length ``n_samples``; return a 1-D copy."""
    if y is None:
        return None
    arr = np.array(y, copy=True)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D of length {n_samples}; got shape {arr.shape}.")
    if arr.shape[0] != n_samples:
        raise ValueError(
            f"{name} must have one entry per sample of X ({n_samples}); got {arr.shape[0]}."
        )
    missing = missing_mask(arr)
    if missing.any():
        rows = np.flatnonzero(missing)
        shown = ", ".join(map(str, rows[:10].tolist())) + (", ..." if len(rows) > 10 else "")
        raise ValueError(
            f"{name} has missing or non-finite values (NaN, None or infinity) in "
            f"{len(rows)} row(s): {shown}; drop those rows or fill them in."
        )
    return arr


def missing_mask(arr):
    """Entries of a 1-D array that are NaN, None or infinite (labels or targets)."""
    if arr.dtype.kind in "fc":
        return ~np.isfinite(arr)
    if arr.dtype.kind != "O":
        return np.zeros(arr.shape, dtype=bool)
    def bad(v):
        if v is None:
            return True
        try:
            return not np.isfinite(v) if isinstance(v, (float, np.floating)) else False
        except TypeError:
            return False
    return np.fromiter((bad(v) for v in arr), dtype=bool, count=len(arr))


def check_levels(levels, name="levels"):
    """``levels``: None, a count of at least 1, or an increasing 1-D sequence of numbers."""
    if levels is None:
        return None
    if isinstance(levels, (bool, np.bool_)):
        raise TypeError(f"{name} must be an int or a sequence of numbers; got {levels!r}.")
    if isinstance(levels, numbers.Integral):
        return check_positive_int(name, levels)
    try:
        arr = np.asarray(levels, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be an int or a sequence of numbers; got {type(levels).__name__} "
            f"{levels!r}.") from exc
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all() or np.any(np.diff(arr) <= 0):
        raise ValueError(
            f"{name} must be a count or a 1-D increasing sequence of finite numbers; got "
            f"{levels!r}.")
    return levels


def check_number(name, value, *, allow_none=True):
    """A finite real number as a float (None passes when allowed)."""
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {type(value).__name__} {value!r}.")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}.")
    return float(value)


def check_numbers(name, values, *, length=None, allow_none=True):
    """A 1-D sequence of finite numbers (of ``length`` when given) as a float array."""
    if values is None and allow_none:
        return None
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of numbers; got str {values!r}.")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a sequence of numbers; got {values!r}.") from exc
    if arr.ndim != 1 or not np.isfinite(arr).all() or (length is not None and arr.size != length):
        size = f"{length} " if length is not None else ""
        raise ValueError(f"{name} must be a 1-D sequence of {size}finite numbers; got {values!r}.")
    return arr
