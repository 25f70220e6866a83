"""Lazy imports of optional packages, with the install line in the error."""

from __future__ import annotations

import importlib

#: module name -> (pip requirement, surfaceviz extra that brings it)
_PACKAGES = {
    "tqdm": ("tqdm", "progress"),
    "pandas": ("pandas", "pandas"),
    "plotly": ("plotly", "plotly"),
    "cupy": ("cupy-cuda12x", "gpu"),
    "umap": ("umap-learn", "umap"),
}


def import_optional(name, *, purpose=None):
    """Import and return the optional module ``name``.

    Raises
    ------
    ImportError
        When the package is missing, with the ``pip install`` line that brings it.
    """
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        requirement, extra = _PACKAGES.get(name, (name, None))
        why = f" for {purpose}" if purpose else ""
        extra_hint = f' (or: pip install "surfaceviz[{extra}]")' if extra else ""
        raise ImportError(
            f"{name} is needed{why} but is not installed. Install it with: "
            f"pip install {requirement}{extra_hint}"
        ) from exc
