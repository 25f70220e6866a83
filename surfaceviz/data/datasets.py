"""Built-in data sets (offline)."""

from __future__ import annotations

import numpy as np

from .._utils.validation import check_positive_int


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


# --------------------------------------------------------------------- IDX
_IDX_TYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


class DatasetError(ValueError):
    """A data file is missing, corrupt, truncated or does not match its pair."""


def read_idx(path):
    """Read an IDX file (gzip-compressed or raw) into a NumPy array.

    Parameters
    ----------
    path : str or path-like
        The file; a name ending in ``.gz`` is decompressed.

    Returns
    -------
    ndarray
        Shape and type from the file's header.

    Raises
    ------
    DatasetError
        The file is not IDX, is truncated, or has trailing bytes; the message
        names the file.
    FileNotFoundError
        No such file.
    """
    data = _read_bytes(path)
    return _parse_idx(data, path)


#: Largest IDX content accepted (header included): a header that declares
#: more is refused before anything is read (MNIST's largest file is 47 MB).
MAX_IDX_BYTES = 2**32
_CHUNK = 2**24


def _read_bytes(path):
    """The IDX file's bytes, read no further than its header declares.

    The header is read and checked first; the body is then read in chunks up
    to the declared size, so memory follows the real content, never a
    header's claim.
    """
    import gzip
    import os
    import zlib

    path = os.fspath(path)
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            head = _read_upto(fh, 4)
            _check_magic(head, path)
            dims = _read_upto(fh, 4 * head[3])
            header = 4 + 4 * head[3]
            if len(dims) < header - 4:
                raise DatasetError(f"{path} is truncated: its header needs {header} bytes, it "
                                   f"has {4 + len(dims)}.")
            shape, expected = _declared(head, dims, path)
            body = _read_upto(fh, expected - header)
            if len(body) < expected - header:
                raise DatasetError(f"{path} is truncated: shape {shape} needs {expected} bytes, "
                                   f"the file has {header + len(body)}.")
            extra = len(fh.read(2**20))
            if extra:
                more = "+" if extra == 2**20 else ""
                raise DatasetError(f"{path} has {extra}{more} bytes beyond its declared shape "
                                   f"{shape}; the file is corrupt.")
    except (OSError, EOFError, zlib.error) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise DatasetError(f"{path}: cannot be read ({exc}); the file is corrupt or truncated.") from exc
    return head + dims + body


def _read_upto(fh, n):
    """Up to ``n`` bytes of ``fh`` (fewer at the end of the file), in chunks."""
    out = bytearray()
    while len(out) < n:
        chunk = fh.read(min(_CHUNK, n - len(out)))
        if not chunk:
            break
        out += chunk
    return out


def _check_magic(head, path):
    if len(head) < 4 or head[0] != 0 or head[1] != 0:
        raise DatasetError(f"{path} is not an IDX file (bad magic number {bytes(head[:4]).hex()!r}).")
    if head[2] not in _IDX_TYPES:
        raise DatasetError(f"{path}: unknown IDX data type 0x{head[2]:02x}.")
    if head[3] == 0:
        raise DatasetError(f"{path}: an IDX file with 0 dimensions.")


def _declared(head, dims, path):
    """Shape and total byte count the header declares (Python integers: no overflow)."""
    import math

    ndim = head[3]
    shape = tuple(int.from_bytes(dims[4 * i: 4 * i + 4], "big") for i in range(ndim))
    expected = 4 + 4 * ndim + math.prod(shape) * _IDX_TYPES[head[2]].itemsize
    if expected > MAX_IDX_BYTES:
        raise DatasetError(
            f"{path}: its header declares shape {shape}, {expected:,} bytes, more than the "
            f"{MAX_IDX_BYTES:,} this reader accepts; the file is corrupt.")
    return shape, expected


def _parse_idx(data, path):
    """The array in IDX bytes already checked by :func:`_read_bytes`."""
    _check_magic(data[:4], path)
    header = 4 + 4 * data[3]
    if len(data) < header:
        raise DatasetError(f"{path} is truncated: its header needs {header} bytes, it has {len(data)}.")
    shape, expected = _declared(data[:4], data[4:header], path)
    if len(data) != expected:
        raise DatasetError(f"{path}: shape {shape} needs {expected} bytes, the file has "
                           f"{len(data)}.")
    dtype = _IDX_TYPES[data[2]]
    arr = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="), copy=True)


# ------------------------------------------------------------ MNIST loaders
#: SHA-256 of each file's decompressed content (robust to how it was gzipped).
_CHECKSUMS = {
    "mnist": {
        "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
    "fashion-mnist": {
        "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
}
#: Canonical mirrors, tried in order when ``download=True``.
MIRRORS = {
    "mnist": (
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    ),
    "fashion-mnist": (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ),
}
_SYSTEM_DIRS = {"fashion-mnist": ("/usr/share/datasets/fashion-mnist",)}
_SPLITS = {"train": "train", "test": "t10k"}
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                   "Sneaker", "Bag", "Ankle boot")


def _candidate_dirs(name, path):
    import os
    from pathlib import Path

    if path is not None:
        return [Path(path)]
    dirs = []
    env = os.environ.get("SURFACEVIZ_DATA")
    if env:
        dirs += [Path(env) / name, Path(env)]
    dirs.append(cache_dir(name))
    dirs += [Path(d) for d in _SYSTEM_DIRS.get(name, ())]
    return dirs


def cache_dir(name):
    """The per-user cache folder of a data set (``~/.cache/surfaceviz/NAME``,
    or under ``$XDG_CACHE_HOME``)."""
    import os
    from pathlib import Path

    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "surfaceviz" / name


def _find(stem, dirs):
    for d in dirs:
        for suffix in (".gz", ""):
            candidate = d / (stem + suffix)
            if candidate.is_file():
                return candidate
    return None


def _load_idx_set(name, path, split, flatten, download, verify, mirrors):
    import hashlib

    from .._utils.validation import check_choice

    check_choice("split", split, tuple(_SPLITS))
    prefix = _SPLITS[split]
    stems = (f"{prefix}-images-idx3-ubyte", f"{prefix}-labels-idx1-ubyte")
    dirs = _candidate_dirs(name, path)
    arrays = []
    for stem in stems:
        found = _find(stem, dirs)
        if found is None and download:
            found = _download(name, stem, mirrors or MIRRORS[name])
        if found is None:
            where = ", ".join(str(d) for d in dirs)
            raise FileNotFoundError(
                f"{name}: {stem}(.gz) not found in {where}. Pass path= to the folder that "
                f"holds the four IDX files, set $SURFACEVIZ_DATA, or pass download=True."
            )
        data = _read_bytes(found)
        if verify:
            digest = hashlib.sha256(data).hexdigest()
            expected = _CHECKSUMS[name][stem]
            if digest != expected:
                raise DatasetError(
                    f"{found}: SHA-256 of its content is {digest}, expected {expected} for "
                    f"{name}'s {stem}; the file is corrupt or from another data set (pass "
                    "verify=False for your own IDX files)."
                )
        arrays.append((found, _parse_idx(data, found)))
    (img_path, images), (lab_path, labels) = arrays
    if images.ndim != 3:
        raise DatasetError(f"{img_path}: images must be 3-D (n, rows, cols); got shape {images.shape}.")
    if labels.ndim != 1:
        raise DatasetError(f"{lab_path}: labels must be 1-D; got shape {labels.shape}.")
    if len(images) != len(labels):
        raise DatasetError(
            f"{img_path} holds {len(images)} images but {lab_path} holds {len(labels)} labels."
        )
    X = images.astype(np.float32)
    X /= 255.0
    if flatten:
        X = X.reshape(len(X), -1)
    return X, labels.astype(np.int64)


def _download(name, stem, mirrors):
    import shutil
    import urllib.request

    target = cache_dir(name)
    target.mkdir(parents=True, exist_ok=True)
    errors = []
    for base in mirrors:
        url = base + stem + ".gz"
        dest = target / (stem + ".gz")
        tmp = dest.with_suffix(".gz.part")
        try:
            with urllib.request.urlopen(url, timeout=60) as resp, open(tmp, "wb") as fh:
                shutil.copyfileobj(resp, fh)
        except Exception as exc:  # try the next mirror
            errors.append(f"{url}: {exc}")
            tmp.unlink(missing_ok=True)
            continue
        tmp.replace(dest)
        return dest
    raise OSError(f"{name}: could not download {stem}.gz from any mirror: " + "; ".join(errors))


def load_mnist(path=None, *, split="train", flatten=True, download=False, verify=True,
               mirrors=None):
    """Load MNIST's handwritten digits.

    Looks in ``path``; else in ``$SURFACEVIZ_DATA/mnist`` and
    ``$SURFACEVIZ_DATA``; else in the user cache (:func:`cache_dir`); and
    downloads there from the canonical mirrors only when ``download=True``.

    Parameters
    ----------
    path : str or path-like, default=None
        Folder holding the four IDX files (gzip or raw).
    split : {"train", "test"}, default="train"
        60,000 training or 10,000 test images.
    flatten : bool, default=True
        Images as rows of 784 values; False gives shape (n, 28, 28).
    download : bool, default=False
        Download missing files into the cache.
    verify : bool, default=True
        Check the SHA-256 of each file's content against the published set.
    mirrors : sequence of str, default=None
        Base URLs to download from instead of :data:`MIRRORS`.

    Returns
    -------
    X : ndarray of shape (n, 784) or (n, 28, 28), float32 in [0, 1]
    y : ndarray of shape (n,), int64 labels 0-9

    Raises
    ------
    FileNotFoundError
        The files are not found (the message lists where it looked).
    DatasetError
        A file is corrupt, truncated, fails its checksum, or images and
        labels disagree in number (the message names the file).
    """
    return _load_idx_set("mnist", path, split, flatten, download, verify, mirrors)


def load_fashion_mnist(path=None, *, split="train", flatten=True, download=False, verify=True,
                       mirrors=None):
    """Load Fashion-MNIST (Zalando's clothing images; same format as MNIST).

    Looks where :func:`load_mnist` does (``fashion-mnist`` instead of
    ``mnist``) and also in Debian's ``/usr/share/datasets/fashion-mnist``
    (package ``dataset-fashion-mnist``). Parameters and returns as
    :func:`load_mnist`; class names are in :data:`FASHION_CLASSES`.
    """
    return _load_idx_set("fashion-mnist", path, split, flatten, download, verify, mirrors)


def load_digits_split(*, test_size=0.25, random_state=0):
    """scikit-learn's 8x8 digits (offline), scaled to [0, 1] and split.

    Returns
    -------
    X_train, X_test : ndarray of shape (n, 64), float32
    y_train, y_test : ndarray of shape (n,), int64
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    return train_test_split(X, y.astype(np.int64), test_size=test_size,
                            random_state=random_state, stratify=y)
