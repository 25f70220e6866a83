"""Files written whole or not at all, and read back with their schema checked.

- :func:`atomic_write` writes to a temporary file in the target's folder,
  flushes and fsyncs it, then moves it over the target with ``os.replace``: a
  full disk, an exception or an interrupt leaves the previous file intact and
  no partial file at the target.
- :func:`open_npz` opens an ``.npz`` file without pickles and turns every way
  a file can be unreadable into one error, :class:`FileFormatError`, naming
  the file and the problem. Only regular files are opened (a FIFO or a device
  would hang the reader), and :func:`read_array` checks each entry's declared
  shape and dtype against the bytes the archive really holds, and against
  :data:`MAX_ENTRY_BYTES`, before anything is allocated.
- :func:`load_json` reads JSON text stored in a file with its nesting depth,
  integer digits and length bounded.
- :func:`encode_labels` / :func:`decode_labels` store class labels so that
  they come back exactly (strings stay strings, ints stay ints, also in
  object arrays).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import tempfile
import zipfile

import numpy as np


class FileFormatError(ValueError):
    """A file is not a valid surfaceviz file; the message names the file and the problem."""


#: Largest array one entry of a file may hold once read (bytes).
MAX_ENTRY_BYTES = 4 * 2**30
#: Most elements one entry may hold (bounds zero-width dtypes too).
MAX_ENTRY_ELEMENTS = 2**31
#: Deflate cannot expand data more than about 1032 times.
_MAX_DEFLATE_RATIO = 1100
#: Bounds of JSON text read from a file.
MAX_JSON_DEPTH = 64
MAX_JSON_DIGITS = 100
MAX_JSON_CHARS = 10_000_000


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


def open_regular(path, what):
    """Open ``path`` for binary reading, refusing anything but a regular file.

    The file is opened without blocking and checked on its descriptor, so a
    FIFO (or a link to one, or a device) is refused instead of hanging the
    reader, and a file swapped after a check cannot slip through.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    FileFormatError
        When ``path`` is a folder, a FIFO, a socket or a device.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError as exc:
        raise FileFormatError(f"{name} is a folder, not a surfaceviz {what} file.") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileFormatError(f"{name} is not a regular file (a FIFO, socket, device or "
                                  f"folder), so it cannot be a surfaceviz {what} file.")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@contextlib.contextmanager
def open_npz(path, what):
    """Open ``path`` as an ``.npz`` archive (no pickles) for reading.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    FileFormatError
        When it is not a regular file or not a readable ``.npz`` archive
        (``what`` names the kind of file expected).
    """
    with open_regular(path, what) as f:
        try:
            data = np.load(f, allow_pickle=False)
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            raise FileFormatError(f"{os.fspath(path)} is not a surfaceviz {what} file: "
                                  f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise FileFormatError(f"{os.fspath(path)} is not a surfaceviz {what} file: it "
                                  "holds a single array, not an archive.")
        with data:
            yield data


def _member(data, key):
    names = data.zip.namelist()
    return key + ".npy" if key + ".npy" in names else key


def _declared(data, key, path):
    """The (shape, dtype) an entry's header declares, checked against its real size."""
    name = os.fspath(path)
    info = data.zip.getinfo(_member(data, key))
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise FileFormatError(f"{name}: its '{key}' entry uses a compression surfaceviz does "
                              "not write.")
    if info.compress_type == zipfile.ZIP_DEFLATED and (
            info.file_size > _MAX_DEFLATE_RATIO * max(info.compress_size, 1) + 4096):
        raise FileFormatError(f"{name}: its '{key}' entry claims {info.file_size} bytes, more "
                              f"than its {info.compress_size} compressed bytes can hold.")
    with data.zip.open(info) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, _, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise FileFormatError(f"{name}: its '{key}' entry has .npy version {version}, "
                                  "which surfaceviz does not read.")
        offset = f.tell()
    count = math.prod(int(n) for n in shape)
    if dtype.hasobject:
        raise FileFormatError(f"{name}: its '{key}' entry holds Python objects (a pickle), "
                              "which surfaceviz never reads.")
    if dtype.itemsize == 0 and count:
        raise FileFormatError(f"{name}: its '{key}' entry declares {count} elements of zero "
                              f"width (dtype {dtype}).")
    nbytes = count * dtype.itemsize
    if count > MAX_ENTRY_ELEMENTS or nbytes > MAX_ENTRY_BYTES:
        raise FileFormatError(f"{name}: its '{key}' entry declares shape {tuple(shape)} of "
                              f"{dtype} ({nbytes} bytes), beyond the limit of "
                              f"{MAX_ENTRY_BYTES} bytes and {MAX_ENTRY_ELEMENTS} elements.")
    if nbytes != info.file_size - offset:
        raise FileFormatError(f"{name}: its '{key}' entry declares shape {tuple(shape)} of "
                              f"{dtype} ({nbytes} bytes) but holds {info.file_size - offset} "
                              "bytes.")
    return shape, dtype


def read_array(data, key, path, *, kinds=None, ndim=None):
    """``data[key]`` checked: present, of a size the file holds, of a dtype kind in ``kinds``,
    with ``ndim`` dims; the header is checked before the array is allocated."""
    if key not in data.files:
        raise FileFormatError(f"{os.fspath(path)} has no '{key}' entry.")
    try:
        shape, dtype = _declared(data, key, path)
    except (OSError, ValueError, SyntaxError, zipfile.BadZipFile, EOFError,
            RuntimeError) as exc:
        if isinstance(exc, FileFormatError):
            raise
        raise FileFormatError(f"{os.fspath(path)}: its '{key}' entry is not a readable array: "
                              f"{type(exc).__name__}: {exc}") from exc
    if kinds is not None and dtype.kind not in kinds:
        raise FileFormatError(f"{os.fspath(path)}: '{key}' has dtype {dtype}, which is "
                              "not allowed there.")
    if ndim is not None and len(shape) not in np.atleast_1d(ndim):
        raise FileFormatError(f"{os.fspath(path)}: '{key}' has {len(shape)} dimensions; "
                              f"expected {ndim}.")
    try:
        return data[key]
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise FileFormatError(f"{os.fspath(path)}: its '{key}' entry is unreadable: "
                              f"{exc}") from exc


def _json_depth(text):
    """The deepest nesting of ``[`` / ``{`` in JSON text (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def load_json(text, path, key, *, max_depth=MAX_JSON_DEPTH):
    """JSON text read from a file, with its length, depth and integers bounded.

    Raises
    ------
    FileFormatError
        Naming the file and the entry, when the text is not JSON, is longer
        than :data:`MAX_JSON_CHARS`, nests deeper than ``max_depth`` or holds
        an integer of more than :data:`MAX_JSON_DIGITS` digits.
    """
    where = f"{os.fspath(path)}: '{key}'"
    if len(text) > MAX_JSON_CHARS:
        raise FileFormatError(f"{where} holds {len(text)} characters of JSON; at most "
                              f"{MAX_JSON_CHARS} are read.")
    if _json_depth(text) > max_depth:
        raise FileFormatError(f"{where} nests deeper than {max_depth} levels.")

    def integer(digits):
        if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
            raise FileFormatError(f"{where} holds an integer of {len(digits)} digits; at most "
                                  f"{MAX_JSON_DIGITS} are read.")
        return int(digits)

    try:
        return json.loads(text, parse_int=integer)
    except FileFormatError:
        raise
    except (ValueError, RecursionError) as exc:
        raise FileFormatError(f"{where} is not valid JSON: {exc}") from exc


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
        items = load_json(str(arr)[5:], path, key, max_depth=1)
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
