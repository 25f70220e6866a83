"""One progress-bar policy for long work (grid evaluation, MLP training)."""

from __future__ import annotations

import sys

import numpy as np


def progress_bar(progress, *, total, desc, unit, unit_scale=False, delay=0.0):
    """A tqdm bar, or None when none should be shown.

    Parameters
    ----------
    progress : bool or None
        ``False``: never. ``True``: always (tqdm is then required: a missing
        tqdm raises ``ImportError`` with the pip line). ``None``: only when
        standard error is a terminal and tqdm is installed, after ``delay``
        seconds.
    total : int or None
        Steps of the work (None when unknown).
    desc, unit : str
        tqdm's description and unit.
    unit_scale : bool, default=False
        Show large counts with SI prefixes.
    delay : float, default=0.0
        With ``progress=None``, seconds before the bar appears (short work
        shows none).

    Returns
    -------
    tqdm or None

    Raises
    ------
    TypeError
        When ``progress`` is not True, False or None.
    """
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise TypeError(
            f"progress must be True, False or None; got {type(progress).__name__} {progress!r}."
        )
    if progress is not None and not progress:
        return None
    if progress is None:
        stream = sys.stderr
        if stream is None or not getattr(stream, "isatty", lambda: False)():
            return None
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return None
    else:
        from .optional import import_optional

        tqdm = import_optional("tqdm", purpose="progress=True").tqdm
        delay = 0.0
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=unit_scale, delay=delay,
                leave=False)
