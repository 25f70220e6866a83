import gzip
import hashlib
import os
import pathlib

import numpy as np
import pytest

from surfaceviz import datasets
from surfaceviz.datasets import DatasetError, load_fashion_mnist, load_mnist, read_idx

REAL_MNIST = pathlib.Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "mnist"


def _idx_bytes(arr, code=0x08):
    arr = np.asarray(arr)
    header = bytes([0, 0, code, arr.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    dtype = {0x08: ">u1", 0x0C: ">i4", 0x0D: ">f4"}[code]
    return header + arr.astype(dtype).tobytes()


def _write(path, data, gz):
    if gz:
        with gzip.open(str(path) + ".gz", "wb") as fh:
            fh.write(data)
    else:
        pathlib.Path(path).write_bytes(data)


def _fake_set(folder, n=6, prefix="train", gz=True, n_labels=None):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n_labels or n, dtype=np.uint8)
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / f"{prefix}-images-idx3-ubyte", _idx_bytes(images), gz)
    _write(folder / f"{prefix}-labels-idx1-ubyte", _idx_bytes(labels), gz)
    return images, labels


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "raw"])
def test_read_idx_hand_written(tmp_path, gz):
    arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    _write(tmp_path / "a", _idx_bytes(arr), gz)
    out = read_idx(tmp_path / ("a.gz" if gz else "a"))
    np.testing.assert_array_equal(out, arr)
    ints = np.array([[-5, 7], [1 << 20, 0]])
    _write(tmp_path / "b", _idx_bytes(ints, 0x0C), False)
    np.testing.assert_array_equal(read_idx(tmp_path / "b"), ints)
    floats = np.array([0.5, -2.25], dtype=np.float32)
    _write(tmp_path / "c", _idx_bytes(floats, 0x0D), False)
    np.testing.assert_array_equal(read_idx(tmp_path / "c"), floats)


@pytest.mark.parametrize("data, match", [
    (b"\x01\x00\x08\x01", "is not an IDX file"),
    (b"\x00\x00\x42\x01\x00\x00\x00\x01\x00", "unknown IDX data type 0x42"),
    (b"\x00\x00\x08\x02\x00\x00\x00\x02", "truncated: its header needs 12 bytes"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02", r"truncated: shape \(5,\) needs 13 bytes"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x01\x01\x02", r"1 bytes beyond its declared shape"),
    (b"\x00\x00\x08\x00", "0 dimensions"),
])
def test_read_idx_errors_name_the_file(tmp_path, data, match):
    path = tmp_path / "broken-idx"
    path.write_bytes(data)
    with pytest.raises(DatasetError, match=match) as info:
        read_idx(path)
    assert "broken-idx" in str(info.value)


def test_corrupt_gzip(tmp_path):
    path = tmp_path / "x-idx.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(DatasetError, match="x-idx.gz: cannot be read"):
        read_idx(path)


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "raw"])
def test_load_from_folder(tmp_path, gz):
    images, labels = _fake_set(tmp_path, gz=gz)
    X, y = load_mnist(tmp_path, verify=False)
    assert X.shape == (6, 784) and X.dtype == np.float32
    np.testing.assert_allclose(X, images.reshape(6, -1) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y, labels)
    X2, _ = load_mnist(tmp_path, verify=False, flatten=False)
    assert X2.shape == (6, 28, 28)


def test_checksum_mismatch_names_file(tmp_path):
    _fake_set(tmp_path)
    with pytest.raises(DatasetError, match=r"train-images-idx3-ubyte.gz: SHA-256 of its content"):
        load_mnist(tmp_path)


def test_mismatched_counts(tmp_path):
    _fake_set(tmp_path, n=6, n_labels=5)
    with pytest.raises(DatasetError, match="holds 6 images but .* holds 5 labels"):
        load_mnist(tmp_path, verify=False)


def test_not_found_lists_places(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SURFACEVIZ_DATA", raising=False)
    with pytest.raises(FileNotFoundError, match=r"mnist: t10k-images-idx3-ubyte\(.gz\) not found"):
        load_mnist(split="test")
    with pytest.raises(ValueError, match="split must be one of 'train', 'test'"):
        load_mnist(tmp_path, split="valid")


def test_env_variable_and_cache(tmp_path, monkeypatch):
    _fake_set(tmp_path / "data" / "fashion-mnist", prefix="t10k")
    monkeypatch.setenv("SURFACEVIZ_DATA", str(tmp_path / "data"))
    X, _ = load_fashion_mnist(split="test", verify=False)
    assert X.shape == (6, 784)
    monkeypatch.delenv("SURFACEVIZ_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _fake_set(tmp_path / "cache" / "surfaceviz" / "mnist", prefix="t10k")
    X, _ = load_mnist(split="test", verify=False)
    assert X.shape == (6, 784)


def test_download_from_a_mirror(tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    _fake_set(mirror, prefix="t10k")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SURFACEVIZ_DATA", raising=False)
    X, y = load_mnist(split="test", download=True, verify=False,
                      mirrors=["file:///nonexistent/", mirror.as_uri() + "/"])
    assert X.shape == (6, 784)
    assert (tmp_path / "cache" / "surfaceviz" / "mnist" / "t10k-labels-idx1-ubyte.gz").is_file()


def test_download_failure_is_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SURFACEVIZ_DATA", raising=False)
    with pytest.raises(OSError, match="could not download t10k-images-idx3-ubyte.gz from any mirror"):
        load_mnist(split="test", download=True, mirrors=["file:///nonexistent/"])


def test_checksums_cover_every_file():
    for name, sums in datasets._CHECKSUMS.items():
        assert set(sums) == {f"{p}-{k}-idx{d}-ubyte" for p in ("train", "t10k")
                             for k, d in (("images", 3), ("labels", 1))}


@pytest.mark.skipif(not REAL_MNIST.is_dir(), reason="the real MNIST is not beside the project")
def test_real_mnist_verifies():
    X, y = load_mnist(REAL_MNIST, split="test")
    assert X.shape == (10000, 784) and 0.0 <= X.min() and X.max() <= 1.0
    assert np.bincount(y).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_digits_split():
    X_train, X_test, y_train, y_test = datasets.load_digits_split()
    assert X_train.shape[1] == 64 and X_train.max() <= 1.0 and len(X_test) == len(y_test)


def test_images_and_labels_must_have_their_shapes(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    _write(folder / "train-images-idx3-ubyte", _idx_bytes(np.zeros((3, 4), np.uint8)), True)
    _write(folder / "train-labels-idx1-ubyte", _idx_bytes(np.zeros(3, np.uint8)), True)
    with pytest.raises(DatasetError, match=r"images must be 3-D \(n, rows, cols\); got shape \(3, 4\)"):
        load_mnist(folder, verify=False)
    _write(folder / "train-images-idx3-ubyte", _idx_bytes(np.zeros((3, 2, 2), np.uint8)), True)
    _write(folder / "train-labels-idx1-ubyte", _idx_bytes(np.zeros((3, 1), np.uint8)), True)
    with pytest.raises(DatasetError, match=r"labels must be 1-D; got shape \(3, 1\)"):
        load_mnist(folder, verify=False)


# ------------------------------------------------ hostile headers (issue 11)
def _header(code, shape):
    return bytes([0, 0, code, len(shape)]) + b"".join(int(d).to_bytes(4, "big") for d in shape)


@pytest.mark.parametrize("name, shape, match", [
    # a header claiming a billion images is refused before the body is read
    ("huge-idx.gz", (10**9, 28, 28),
     r"huge-idx.gz: its header declares shape \(1000000000, 28, 28\), 784,000,000,016 bytes"),
    # a truncated body costs only what is there
    ("short-idx.gz", (60000, 28, 28),
     r"short-idx.gz is truncated: shape \(60000, 28, 28\) needs 47040016 bytes, the file "
     r"has 8700016"),
])
def test_hostile_headers_cost_only_what_the_file_holds(tmp_path, name, shape, match):
    import gzip
    import tracemalloc

    path = tmp_path / name
    with gzip.open(path, "wb") as fh:
        fh.write(_header(0x08, shape))
        fh.write(bytes(8_700_000))
    tracemalloc.start()
    try:
        with pytest.raises(DatasetError, match=match):
            read_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20


@pytest.mark.parametrize("shape, count", [
    ((65536,) * 4, f"{65536**4 + 20:,}"),
    ((2**32 - 1,) * 3, f"{(2**32 - 1)**3 + 16:,}"),
])
def test_idx_sizes_never_overflow(tmp_path, shape, count):
    path = tmp_path / "big-idx"
    path.write_bytes(_header(0x08, shape) + b"\x00" * 10)
    with pytest.raises(DatasetError, match=f"big-idx: its header declares shape .*, {count} bytes"):
        read_idx(path)
