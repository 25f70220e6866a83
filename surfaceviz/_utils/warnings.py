"""Warnings that point at the user's line, not at surfaceviz's.

Every warning the library emits goes through :func:`warn_external`, which
walks the call stack to the first frame outside the ``surfaceviz`` package
(as matplotlib's ``_api.warn_external`` does) instead of counting
``stacklevel`` by hand, so a warning raised deep in the evaluation names the
file and line of the user's ``plot_decision_surface(...)`` call.
"""

from __future__ import annotations

import sys
import warnings

_PACKAGE = __name__.split(".")[0]


def _inside_package(frame):
    module = frame.f_globals.get("__name__", "")
    return module == _PACKAGE or module.startswith(_PACKAGE + ".")


def warn_external(message, category=UserWarning):
    """Issue ``message`` attributed to the first caller outside surfaceviz.

    Parameters
    ----------
    message : str
    category : type of Warning, default=UserWarning
    """
    frame = sys._getframe(0)
    stacklevel = 1
    while frame is not None and _inside_package(frame):
        frame = frame.f_back
        stacklevel += 1
    del frame  # no reference cycle through the frame
    warnings.warn(message, category, stacklevel=stacklevel)
