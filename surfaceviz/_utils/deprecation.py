"""Renamed keywords: the old spelling works for one release, with a warning at
the user's line that names the new one.

Deprecations are :class:`FutureWarning` (shown by default, as scikit-learn
does for its users), never silent.
"""

from __future__ import annotations

from .warnings import warn_external

#: The release that renamed the keywords below, and the one that removes the
#: old spellings.
SINCE, REMOVED_IN = "0.2", "0.3"


def deprecated_keyword(old, new, *, note=""):
    """Warn that keyword ``old`` is deprecated in favour of ``new``."""
    warn_external(f"{old}= is deprecated since surfaceviz {SINCE} and will be removed in "
                  f"{REMOVED_IN}; use {new}= instead{note}.", FutureWarning)


def take_renamed(given, renames, *, func, current=None):
    """The new keywords for the deprecated ones in ``given`` (a dict of old
    spellings, emptied), each with a warning.

    Parameters
    ----------
    given : dict
        Keywords that the function did not declare (its ``**deprecated``).
    renames : dict
        Old name -> new name, or old name -> ``(new name, convert)`` where
        ``convert(value)`` gives the new keyword's value.
    func : str
        The function's name, for the error on an unknown keyword.
    current : dict, default=None
        The new keywords' values as given (to refuse an old and a new
        spelling of one option in one call).

    Raises
    ------
    TypeError
        A keyword that is neither declared nor a deprecated spelling, or an
        option given under both its names.
    """
    out = {}
    for old in list(given):
        if old not in renames:
            raise TypeError(f"{func}() got an unexpected keyword argument {old!r}.")
        new, convert = renames[old] if isinstance(renames[old], tuple) else (renames[old], None)
        value = given.pop(old)
        if (current or {}).get(new) is not None or new in out:
            raise TypeError(f"{func}() got {new}= and its deprecated spelling {old}=; give "
                            f"{new}= only.")
        deprecated_keyword(old, new)
        out[new] = convert(value) if convert else value
    return out
