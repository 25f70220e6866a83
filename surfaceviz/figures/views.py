"""Training views: cost and accuracy curves, confusion matrix, misclassified images.

Each function computes what it shows with plain NumPy and draws it with
Axes methods (no pyplot state beyond creating a figure when none is given).
"""

from __future__ import annotations

import numpy as np


def _new_axes(ax, ncols=1, figsize=None):
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    return plt.subplots(1, ncols, figsize=figsize, layout="constrained")


def plot_training_history(history, *, axes=None, title=None, val_label="validation"):
    """Cost and accuracy per epoch from an ``MLPClassifier.history_``.

    Parameters
    ----------
    history : list of dict or MLPClassifier
        Records with ``epoch``, ``cost``, ``l2``, ``train_accuracy`` and
        ``val_accuracy`` (a fitted classifier's ``history_`` is taken).
    axes : sequence of two Axes, default=None
        Where to draw cost and accuracy; a new figure when None.
    title : str, default=None
        Figure title.
    val_label : str, default="validation"
        Legend label of ``val_accuracy`` (say "test" when it is the test set).

    Returns
    -------
    fig : Figure
    axes : ndarray of two Axes
        Cost (with its L2 share when there is one), then accuracy (training
        and, when recorded, validation).

    Raises
    ------
    ValueError
        For an empty history.
    """
    history = getattr(history, "history_", history)
    if not history:
        raise ValueError("history is empty: fit the model first (history has 0 epochs).")
    if axes is None:
        fig, axes = _new_axes(None, ncols=2, figsize=(10, 3.8))
    else:
        fig = axes[0].figure
    epochs = [h["epoch"] for h in history]
    cost = [h["cost"] for h in history]
    l2 = [h.get("l2", 0.0) or 0.0 for h in history]
    axes[0].plot(epochs, cost, marker="o", label="cost")
    if any(l2):
        axes[0].plot(epochs, l2, marker=".", linestyle="--", label="L2 share")
    from matplotlib.ticker import MaxNLocator

    for ax in axes[:2]:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    axes[0].set_xlabel("epoch")
    axes[0].set_ylabel("cost")
    axes[0].legend()
    axes[1].plot(epochs, [h["train_accuracy"] for h in history], marker="o", label="training")
    val = [h.get("val_accuracy") for h in history]
    if any(v is not None for v in val):
        axes[1].plot(epochs, [np.nan if v is None else v for v in val], marker="s",
                     label=val_label)
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel("accuracy")
    axes[1].legend()
    if title:
        fig.suptitle(title)
    return fig, np.asarray(axes)


def confusion_matrix(y_true, y_pred, *, labels=None, normalize=False):
    """Counts of (true, predicted) label pairs: scikit-learn's
    ``confusion_matrix``, after checking that every label is among ``labels``
    (scikit-learn drops the samples of other labels without a word).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
    labels : array-like, default=None
        Row and column order (default: the sorted union of both).
    normalize : bool, default=False
        Divide each row by its total (rows of a class with no sample stay 0).

    Returns
    -------
    ndarray of shape (n_labels, n_labels)
        ``m[i, j]``: samples of class ``labels[i]`` predicted as ``labels[j]``.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(
            f"y_true and y_pred must be 1-D of one length; got shapes {y_true.shape} and {y_pred.shape}.")
    from sklearn.metrics import confusion_matrix as sk_confusion_matrix

    labels = np.unique(np.concatenate([y_true, y_pred])) if labels is None else np.asarray(labels)
    known = set(labels.tolist())
    for v in (*y_true.tolist(), *y_pred.tolist()):
        if v not in known:  # scikit-learn would drop these samples silently
            raise ValueError(f"label {v!r} is not in labels {labels.tolist()!r}.")
    m = sk_confusion_matrix(y_true, y_pred, labels=labels,
                            normalize="true" if normalize else None)
    return m if normalize else m.astype(np.int64, copy=False)


def plot_confusion_matrix(y_true, y_pred, *, labels=None, normalize=False, ax=None,
                          cmap="Blues", annotate=True, colorbar=True):
    """Draw a confusion matrix (counts or row-normalised).

    Returns
    -------
    ax : Axes
    matrix : ndarray of shape (n_labels, n_labels)
        What was drawn.
    """
    m = confusion_matrix(y_true, y_pred, labels=labels, normalize=normalize)
    labels = (np.unique(np.concatenate([np.asarray(y_true), np.asarray(y_pred)]))
              if labels is None else np.asarray(labels))
    fig, ax = _new_axes(ax, figsize=(6, 5))
    image = ax.imshow(m, cmap=cmap, vmin=0, vmax=1 if normalize else max(int(m.max()), 1))
    ax.set_xticks(range(len(labels)), [str(v) for v in labels], rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), [str(v) for v in labels])
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if annotate:
        threshold = (1 if normalize else m.max()) / 2
        for (i, j), v in np.ndenumerate(m):
            text = f"{v:.2f}" if normalize else f"{v:d}"
            ax.text(j, i, text, ha="center", va="center", fontsize="small",
                    color="white" if v > threshold else "black")
    if colorbar:
        fig.colorbar(image, ax=ax, label="share of the row" if normalize else "count")
    return ax, m


def plot_misclassified(images, y_true, y_pred, *, n=25, ncols=5, image_shape=None,
                       class_names=None, cmap="gray_r"):
    """A grid of misclassified images, titled "true → predicted".

    Parameters
    ----------
    images : array-like of shape (n_samples, n_pixels) or (n_samples, rows, cols)
    y_true, y_pred : array-like of shape (n_samples,)
    n : int, default=25
        Most images shown (the first misclassified ones).
    ncols : int, default=5
    image_shape : tuple of (int, int), default=None
        Shape of one image for flattened input (default: a square).
    class_names : sequence of str, default=None
        Names for integer labels.

    Returns
    -------
    fig : Figure
    indices : ndarray
        Indices of the images shown.
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if not (len(images) == len(y_true) == len(y_pred)):
        raise ValueError(
            f"images, y_true and y_pred must have one length; got {len(images)}, "
            f"{len(y_true)} and {len(y_pred)}.")
    wrong = np.flatnonzero(y_true != y_pred)[:n]
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        shape = image_shape or (side, side)
        if shape[0] * shape[1] != images.shape[1]:
            raise ValueError(
                f"image_shape {shape} does not match {images.shape[1]} pixels per image.")
    else:
        shape = images.shape[1:]
    nrows = max(1, int(np.ceil(len(wrong) / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.6 * ncols, 1.8 * nrows),
                             layout="constrained", squeeze=False)

    def name(v):
        if class_names is not None:
            return str(class_names[int(v)])
        return str(v)

    for k, ax in enumerate(axes.ravel()):
        ax.set_axis_off()
        if k < len(wrong):
            i = wrong[k]
            ax.imshow(images[i].reshape(shape), cmap=cmap)
            ax.set_title(f"{name(y_true[i])} \u2192 {name(y_pred[i])}", fontsize="small")
    if len(wrong) == 0:
        axes[0, 0].set_title("no misclassified images")
    else:
        fig.suptitle("misclassified: true \u2192 predicted", fontsize="medium")
    return fig, wrong
