"""Class labels: the one lookup of a label among a model's classes.

Labels may be strings, booleans, negative or non-contiguous integers, or
floats that hold integers; ``1``, ``1.0`` and ``np.int64(1)`` are one label.
"""

from __future__ import annotations

import numpy as np


def label_key(value):
    """A hashable, type-tolerant key for a label (``1 == 1.0 == np.int64(1)``)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def label_keys(labels):
    """:func:`label_key` of every label, as a list."""
    return [label_key(v) for v in labels]


def class_index(classes, label, *, name="class_of_interest"):
    """Index of ``label`` in ``classes``.

    Parameters
    ----------
    classes : array-like of shape (n_classes,)
    label : object
    name : str, default="class_of_interest"
        The parameter the label came from, for the error message.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        When ``label`` is not one of ``classes`` (or there are no classes).
    """
    if classes is not None:
        key = label_key(label)
        for i, c in enumerate(classes):
            if label_key(c) == key:
                return i
    known = None if classes is None else np.asarray(classes).tolist()
    raise ValueError(f"{name} must be one of the classes {known!r}; got {label!r}.")


def positive_index(classes, pos_label):
    """Index of the class a binary score speaks for (default: the second).

    Raises
    ------
    ValueError
        When ``pos_label`` is given but is not one of ``classes``.
    """
    if pos_label is None or classes is None:
        return 1
    return class_index(classes, pos_label, name="pos_label")


def differs(pred, true):
    """Boolean mask of the positions where two label arrays disagree."""
    a, b = np.asarray(pred), np.asarray(true)
    if a.shape == b.shape and a.ndim == 1 and (
            (a.dtype.kind in "biu" and b.dtype.kind in "biu")
            or (a.dtype.kind == "f" and b.dtype.kind == "f")):
        return a != b  # numbers of one kind: numpy compares them as label_key does
    return np.array([label_key(u) != label_key(v) for u, v in zip(pred, true)], dtype=bool)
