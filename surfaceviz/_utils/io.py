"""Files written whole or not at all, and read back with their schema checked.

- :func:`atomic_write` writes to a temporary file in the target's folder,
  flushes and fsyncs it, then moves it over the target with ``os.replace``: a
  full disk, an exception or an interrupt leaves the previous file intact and
  no partial file at the target.
- :func:`open_npz` opens an ``.npz`` file without pickles and turns every way
  a file can be unreadable into one error, :class:`FileFormatError`, naming
  the file and the problem.
- :func:`encode_labels` / :func:`decode_labels` store class labels so that
  they come back exactly (strings stay strings, ints stay ints, also in
  object arrays).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zipfile

import numpy as np


class FileFormatError(ValueError):
    """A file is not a valid surfaceviz file; the message names the file and the problem."""


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()


def atomic_write(path, write):
    """Write a file whole or not at all.

    Parameters
    ----------
    path : str or os.PathLike
        The target, written exactly (no suffix is added).
    write : callable
        ``write(fileobj)`` writes the content to a binary file object.

    Raises
    ------
    OSError
        When the folder is missing or the write fails (a full disk, a size
        limit); the target is then left as it was.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                               suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable (POSIX)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def save_npz(path, arrays, *, compressed=True):
    """:func:`numpy.savez` (compressed by default) through :func:`atomic_write`."""
    saver = np.savez_compressed if compressed else np.savez
    atomic_write(path, lambda f: saver(f, **arrays))


@contextlib.contextmanager
def open_npz(path, what):
    """Open ``path`` as an ``.npz`` archive (no pickles) for reading.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    FileFormatError
        When it is not a readable ``.npz`` archive (``what`` names the kind of
        file expected).
    """
    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise FileFormatError(f"{os.fspath(path)} is not a surfaceviz {what} file: "
                              f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise FileFormatError(f"{os.fspath(path)} is not a surfaceviz {what} file: it holds "
                              "a single array, not an archive.")
    with data:
        yield data


def read_array(data, key, path, *, kinds=None, ndim=None):
    """``data[key]`` checked: present, readable, of a dtype kind in ``kinds``, ``ndim`` dims."""
    if key not in data.files:
        raise FileFormatError(f"{os.fspath(path)} has no '{key}' entry.")
    try:
        arr = data[key]
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise FileFormatError(f"{os.fspath(path)}: its '{key}' entry is unreadable: "
                              f"{exc}") from exc
    if kinds is not None and arr.dtype.kind not in kinds:
        raise FileFormatError(f"{os.fspath(path)}: '{key}' has dtype {arr.dtype}, which is "
                              "not allowed there.")
    if ndim is not None and arr.ndim not in np.atleast_1d(ndim):
        raise FileFormatError(f"{os.fspath(path)}: '{key}' has {arr.ndim} dimensions; "
                              f"expected {ndim}.")
    return arr


# ---------------------------------------------------------------- labels
def encode_labels(labels):
    """Labels as an array ``.npz`` can hold without pickles, and back exactly.

    Arrays of numbers, booleans or strings are kept as they are. Object
    arrays are written as JSON text, with each label's type (str, int, float,
    bool) kept; other objects become their ``str``.
    """
    arr = np.asarray(labels)
    if arr.dtype != object:
        return arr
    items = []
    for v in arr.tolist():
        if isinstance(v, np.generic):
            v = v.item()
        items.append(v if isinstance(v, (str, int, float, bool)) else str(v))
    return np.array("json:" + json.dumps(items))


def decode_labels(arr, path, key="classes"):
    """The labels :func:`encode_labels` wrote (an object array for JSON text)."""
    if arr.ndim == 0 and arr.dtype.kind == "U" and str(arr).startswith("json:"):
        try:
            items = json.loads(str(arr)[5:])
        except json.JSONDecodeError as exc:
            raise FileFormatError(f"{os.fspath(path)}: '{key}' is not valid JSON: {exc}") from exc
        if not isinstance(items, list) or not all(
                isinstance(v, (str, int, float, bool)) for v in items):
            raise FileFormatError(f"{os.fspath(path)}: '{key}' must be a list of labels.")
        out = np.empty(len(items), dtype=object)
        out[:] = items
        return out
    if arr.ndim != 1 or arr.dtype.kind not in "biufU":
        raise FileFormatError(f"{os.fspath(path)}: '{key}' must be a 1-D array of labels; got "
                              f"dtype {arr.dtype} and shape {arr.shape}.")
    return arr
