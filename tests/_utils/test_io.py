"""Files: written whole or not at all, read back exactly or refused clearly."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from surfaceviz import FileFormatError, SurfaceGrid
from surfaceviz._utils.io import atomic_write, decode_labels, encode_labels


def _grid(classes=np.array([0, 1])):
    return SurfaceGrid(x=[0.0, 1.0, 2.0], y=[0.0, 1.0],
                       values=np.array([[0.2, 0.6, 0.9], [0.1, 0.5, 0.7]]),
                       response="predict_proba", task="binary", classes=classes,
                       threshold=0.5, pos_label=classes[1], feature_names=("a", "b"))


def test_save_writes_exactly_the_path_given(tmp_path):
    g = _grid()
    g.save(tmp_path / "s.dat")
    assert os.listdir(tmp_path) == ["s.dat"]
    back = SurfaceGrid.load(tmp_path / "s.dat")
    np.testing.assert_array_equal(back.values, g.values)


@pytest.mark.parametrize("classes", [
    np.array([0, 1], dtype=object), np.array(["no", "yes"]), np.array([True, False]),
    np.array([-1.5, 2.0]), np.array(["a", 7], dtype=object)])
def test_labels_round_trip_exactly(tmp_path, classes):
    g = _grid(classes)
    g.save(tmp_path / "g.npz")
    back = SurfaceGrid.load(tmp_path / "g.npz")
    assert back.classes.tolist() == classes.tolist()
    assert [type(v) for v in back.classes.tolist()] == [type(v) for v in classes.tolist()]
    assert back.pos_label == classes[1] and type(back.pos_label) is type(classes.tolist()[1])
    np.testing.assert_array_equal(back.predicted(), g.predicted())


def test_encode_labels_keeps_plain_arrays():
    arr = np.array([3, 4])
    assert encode_labels(arr) is not None and encode_labels(arr).dtype == arr.dtype
    assert decode_labels(encode_labels(np.array([1, "x"], dtype=object)), "f").tolist() == [1, "x"]


def test_failed_write_leaves_the_old_file_and_no_partial(tmp_path):
    target = tmp_path / "t.bin"
    target.write_bytes(b"good")

    def boom(f):
        f.write(b"partial")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, boom)
    assert target.read_bytes() == b"good" and os.listdir(tmp_path) == ["t.bin"]


def test_size_limit_keeps_the_previous_good_file(tmp_path):
    """A real full-disk failure: the child may write at most 4 kB per file."""
    _grid().save(tmp_path / "g.npz")
    code = textwrap.dedent(f"""
        import resource, signal, sys
        import numpy as np
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from surfaceviz import SurfaceGrid
        rng = np.random.default_rng(0)
        g = SurfaceGrid(x=np.arange(300.0), y=np.arange(300.0), values=rng.random((300, 300)),
                        response="callable", task="continuous")
        try:
            g.save({str(tmp_path / "g.npz")!r})
        except OSError as exc:
            print("failed:", exc)
            sys.exit(3)
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 3, run.stderr
    back = SurfaceGrid.load(tmp_path / "g.npz")
    np.testing.assert_array_equal(back.values, _grid().values)
    assert os.listdir(tmp_path) == ["g.npz"]


# ------------------------------------------------------------- crafted files
def _write(path, **arrays):
    np.savez(path, **arrays)
    return path


def _valid_arrays():
    return dict(format_version=np.array(1), x=np.array([0.0, 1.0]), y=np.array([0.0, 1.0]),
                values=np.zeros((2, 2)), response=np.array("callable"),
                task=np.array("continuous"))


@pytest.mark.parametrize("change, match", [
    (dict(format_version=np.array(99)), "format version 99"),
    (dict(x=np.array([1.0, 0.0])), "x must hold at least 2 finite, increasing"),
    (dict(values=np.zeros((3, 2))), "values must have shape"),
    (dict(task=np.array("magic")), "'task' must be one of"),
    (dict(response=np.array(3)), "'response' has dtype"),
    (dict(task=np.array("labels"), response=np.array("predict")), "needs its classes"),
    (dict(task=np.array("labels"), response=np.array("predict"), values=np.full((2, 2), 5),
          classes=np.array([0, 1])), "class indices within the classes"),
    (dict(classes=np.array("json:{not json")), "'classes' is not valid JSON"),
    (dict(n_evaluated=np.array(10**9)), "n_evaluated must be between 0"),
    (dict(feature_names=np.array(["a"])), "'feature_names' must hold 2 names"),
])
def test_crafted_surface_files_are_refused(tmp_path, change, match):
    path = _write(tmp_path / "c.npz", **{**_valid_arrays(), **change})
    with pytest.raises(FileFormatError, match=match) as info:
        SurfaceGrid.load(path)
    assert str(path) in str(info.value)


def test_non_archives_and_pickles_are_refused(tmp_path):
    (tmp_path / "junk.npz").write_bytes(b"not a zip file at all")
    with pytest.raises(FileFormatError, match="junk.npz is not a surfaceviz SurfaceGrid file"):
        SurfaceGrid.load(tmp_path / "junk.npz")
    path = _write(tmp_path / "p.npz", **{**_valid_arrays(),
                                          "classes": np.array([object()], dtype=object)})
    with pytest.raises(FileFormatError, match="holds Python objects"):
        SurfaceGrid.load(path)
    with pytest.raises(FileNotFoundError):
        SurfaceGrid.load(tmp_path / "missing.npz")


# --------------------------------------------------------------- MLP files
@pytest.fixture(scope="module")
def fitted_mlp():
    from sklearn.datasets import make_moons

    from surfaceviz.mlp import MLPClassifier

    X, y = make_moons(200, noise=0.2, random_state=0)
    return MLPClassifier((8,), max_epochs=3, random_state=0).fit(X, y), X, y


def _mlp_arrays(model, tmp_path):
    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as data:
        arrays = {k: data[k] for k in data.files}
    return arrays, json.loads(str(arrays["meta"]))


def test_mlp_saves_exactly_the_path_given(tmp_path, fitted_mlp):
    from surfaceviz.mlp import MLPClassifier

    model, X, _ = fitted_mlp
    model.save(tmp_path / "model.bin")
    assert os.listdir(tmp_path) == ["model.bin"]
    np.testing.assert_array_equal(MLPClassifier.load(tmp_path / "model.bin").predict(X),
                                  model.predict(X))


@pytest.mark.parametrize("edit, match", [
    (lambda a, m: m.update(sizes=[2, 9, 1]), r"'W0' has shape \(2, 8\); the layer sizes"),
    (lambda a, m: a.update(W0=a["W0"][:, :3]), r"'W0' has shape \(2, 3\)"),
    (lambda a, m: a["W1"].__setitem__((0, 0), np.nan), "'W1' holds NaN or infinite values"),
    (lambda a, m: m.update(n_iter="x"), "'n_iter' must be of type int"),
    (lambda a, m: m.update(activations=["magic"]), "'activations' must name one known"),
    (lambda a, m: m["params"].update(colour="red"), "unexpected keyword argument 'colour'"),
    (lambda a, m: m["params"].update(dropout=2.0), r"dropout must be in \[0, 1\)"),
    (lambda a, m: m.update(version=7), "version 7 is not one this surfaceviz reads"),
    (lambda a, m: a.pop("b0"), "has no 'b0' entry"),
    (lambda a, m: a.update(classes=np.array([0, 1, 2])), "3 distinct classes do not fit"),
    (lambda a, m: m.pop("history"), "'history' is missing"),
])
def test_crafted_mlp_files_are_refused(tmp_path, fitted_mlp, edit, match):
    from surfaceviz.mlp import MLPClassifier

    arrays, meta = _mlp_arrays(fitted_mlp[0], tmp_path)
    edit(arrays, meta)
    arrays["meta"] = np.array(json.dumps(meta))
    _write(tmp_path / "bad.npz", **arrays)
    with pytest.raises(FileFormatError, match=match) as info:
        MLPClassifier.load(tmp_path / "bad.npz")
    assert "bad.npz" in str(info.value)


def test_mlp_bad_json_is_refused(tmp_path, fitted_mlp):
    from surfaceviz.mlp import MLPClassifier

    arrays, _ = _mlp_arrays(fitted_mlp[0], tmp_path)
    arrays["meta"] = np.array("{broken")
    _write(tmp_path / "bad.npz", **arrays)
    with pytest.raises(FileFormatError, match="'meta' is not valid JSON"):
        MLPClassifier.load(tmp_path / "bad.npz")


def test_a_file_never_decides_where_fit_writes(tmp_path, fitted_mlp):
    """Security: checkpoint settings in a (crafted) file are ignored."""
    from surfaceviz.mlp import MLPClassifier

    model, X, y = fitted_mlp
    arrays, meta = _mlp_arrays(model, tmp_path)
    target = tmp_path / "elsewhere"
    meta["params"].update(checkpoint_every=1, checkpoint_dir=str(target), progress=True)
    arrays["meta"] = np.array(json.dumps(meta))
    _write(tmp_path / "crafted.npz", **arrays)
    loaded = MLPClassifier.load(tmp_path / "crafted.npz")
    assert loaded.checkpoint_every is None and loaded.checkpoint_dir is None
    assert loaded.progress is None
    loaded.set_params(warm_start=True, max_epochs=2).fit(X, y)
    assert not target.exists()
    assert "checkpoint_dir" not in json.loads(str(np.load(tmp_path / "m.npz")["meta"]))["params"]


def test_mlp_object_classes_round_trip(tmp_path):
    from sklearn.datasets import make_moons

    from surfaceviz.mlp import MLPClassifier

    X, y = make_moons(100, noise=0.2, random_state=0)
    labels = np.array(["no", "yes"], dtype=object)[y]
    model = MLPClassifier((4,), max_epochs=2, random_state=0).fit(X, labels)
    model.save(tmp_path / "m.npz")
    back = MLPClassifier.load(tmp_path / "m.npz")
    assert back.classes_.tolist() == model.classes_.tolist()
    assert back.predict(X).tolist() == model.predict(X).tolist()


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_resuming_from_a_checkpoint_equals_uninterrupted_training(tmp_path, solver):
    from sklearn.datasets import make_moons

    from surfaceviz.mlp import MLPClassifier

    X, y = make_moons(300, noise=0.2, random_state=0)
    common = dict(random_state=0, dropout=0.1, solver=solver, n_iter_no_change=100)
    full = MLPClassifier((16,), max_epochs=6, checkpoint_every=3,
                         checkpoint_dir=tmp_path, **common).fit(X, y)
    resumed = MLPClassifier.load(tmp_path / "epoch_0003.npz")
    resumed.set_params(warm_start=True, max_epochs=3, n_iter_no_change=100).fit(X, y)
    for a, b in zip(full.network_.weights + full.network_.biases,
                    resumed.network_.weights + resumed.network_.biases):
        np.testing.assert_array_equal(a, b)
    assert resumed.n_iter_ == 6 and resumed.t_ == full.t_


def test_checkpoints_survive_a_killed_process(tmp_path):
    """Kill the trainer at random moments: every checkpoint left behind loads."""
    import random
    import signal
    import time

    from surfaceviz.mlp import MLPClassifier

    code = textwrap.dedent(f"""
        import numpy as np
        from sklearn.datasets import make_moons
        from surfaceviz.mlp import MLPClassifier
        X, y = make_moons(2000, noise=0.2, random_state=0)
        print("ready", flush=True)
        MLPClassifier((64, 64), max_epochs=10000, checkpoint_every=1, n_iter_no_change=10**6,
                      checkpoint_dir={str(tmp_path)!r}, random_state=0).fit(X, y)
    """)
    rng = random.Random(0)
    for _ in range(4):
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                 text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.2, 1.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
    files = sorted(p for p in os.listdir(tmp_path) if p.startswith("epoch_"))
    assert files, os.listdir(tmp_path)
    for name in files:
        assert MLPClassifier.load(tmp_path / name).n_iter_ >= 1


# --------------------------------------------- hostile headers, JSON and file kinds
def _npy(array=None, *, shape=None, dtype="<f8", tail=b"\0" * 64):
    """The bytes of an .npy entry: a real array, or a header claiming ``shape`` + ``tail``."""
    import io

    buf = io.BytesIO()
    if array is not None:
        np.save(buf, array)
    else:
        np.lib.format.write_array_header_1_0(
            buf, {"descr": dtype, "fortran_order": False, "shape": shape})
        buf.write(tail)
    return buf.getvalue()


def _replace_entry(src, dst, key, raw, *, compression=None):
    import zipfile

    compression = zipfile.ZIP_DEFLATED if compression is None else compression
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        names = zin.namelist()
        for name in names:
            zout.writestr(name, raw if name == key + ".npy" else zin.read(name))
        if key + ".npy" not in names:
            zout.writestr(key + ".npy", raw)
    return dst


def _saved_grid(tmp_path, classes=np.array([0, 1])):
    _grid(classes).save(tmp_path / "good.npz")
    return tmp_path / "good.npz"


@pytest.mark.parametrize("key, raw, match", [
    ("x", _npy(shape=(60000, 60000)), r"'x' entry declares shape \(60000, 60000\).*beyond"),
    ("values", _npy(shape=(60000, 60000)), "'values' entry declares shape .* beyond the limit"),
    ("values", _npy(shape=(1000, 1250)), r"declares shape \(1000, 1250\).*but holds 64 bytes"),
    ("values", b"this is not an npy array", "'values' entry is not a readable array"),
    ("feature_names", _npy(shape=(10**9,), dtype="<U100"), "'feature_names' entry declares"),
    ("classes", _npy(shape=(10**12,), dtype="<U0", tail=b""), "zero width"),
    ("lift", _npy(np.array("[" * 100_000 + "]" * 100_000)), "'lift' nests deeper than"),
    ("lift", _npy(np.array('{"k": ' + "9" * 50_000 + "}")), "'lift' holds an integer of 50000"),
    ("pos_label", _npy(np.array("json:" + "[" * 100_000 + "]" * 100_000)),
     "'pos_label' nests deeper"),
    ("classes", _npy(np.array("json:[" + "1" * 50_000 + "]")), "'classes' holds an integer"),
])
def test_hostile_surface_entries_are_refused_before_allocation(tmp_path, key, raw, match):
    path = _replace_entry(_saved_grid(tmp_path), tmp_path / "bad.npz", key, raw)
    assert path.stat().st_size < 300_000
    with pytest.raises(FileFormatError, match=match) as info:
        SurfaceGrid.load(path)
    assert "bad.npz" in str(info.value)


def test_a_zip_header_claiming_more_than_deflate_can_hold_is_refused(tmp_path):
    import zipfile

    good = _saved_grid(tmp_path)
    raw = _npy(shape=(60000, 600))  # consistent header, but the zip entry is tiny
    path = _replace_entry(good, tmp_path / "bad.npz", "values", raw)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("values.npy")
    # patch the uncompressed size in the local and central headers to what the npy claims
    claimed = len(raw) - 64 + 60000 * 600 * 8
    old = info.file_size.to_bytes(4, "little")
    data = data.replace(old + len(info.filename).to_bytes(2, "little"),
                        claimed.to_bytes(4, "little") + len(info.filename).to_bytes(2, "little"))
    path.write_bytes(bytes(data))
    with pytest.raises(FileFormatError, match="more than its .* compressed bytes can hold"):
        SurfaceGrid.load(path)


@pytest.mark.parametrize("key, raw, match", [
    ("b0", _npy(shape=(300_000_000,), dtype="<f4"), "'b0' entry declares"),
    ("classes", _npy(shape=(10**9,), dtype="<i8"), "'classes' entry declares"),
    ("opt_m0", _npy(shape=(50_000, 50_000), dtype="<f4"), "'opt_m0' entry declares"),
    ("meta", _npy(np.array('{"params": ' + "[" * 100_000 + "]" * 100_000 + "}")),
     "'meta' nests deeper"),
    ("meta", _npy(np.array('{"n_iter": ' + "7" * 50_000 + "}")), "'meta' holds an integer"),
])
def test_hostile_mlp_entries_are_refused(tmp_path, fitted_mlp, key, raw, match):
    from surfaceviz.mlp import MLPClassifier

    fitted_mlp[0].save(tmp_path / "m.npz")
    path = _replace_entry(tmp_path / "m.npz", tmp_path / "bad.npz", key, raw)
    with pytest.raises(FileFormatError, match=match) as info:
        MLPClassifier.load(path)
    assert "bad.npz" in str(info.value)


@pytest.mark.parametrize("kind", ["fifo", "link to fifo", "folder"])
def test_loaders_refuse_what_is_not_a_regular_file(tmp_path, fitted_mlp, kind):
    """A FIFO would hang the reader: refused at once (the test would hang otherwise)."""
    from surfaceviz.mlp import MLPClassifier
    from surfaceviz.testing import assert_surfaces_close

    target = tmp_path / "thing.npz"
    if kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(tmp_path / "fifo")
        if kind == "fifo":
            os.rename(tmp_path / "fifo", target)
        else:
            target.symlink_to(tmp_path / "fifo")
    for load in (SurfaceGrid.load, MLPClassifier.load,
                 lambda p: assert_surfaces_close(_grid(), p)):
        with pytest.raises(FileFormatError, match="not a regular file|is a folder"):
            load(target)


def test_load_json_bounds_and_names():
    from surfaceviz._utils.io import load_json

    assert load_json('{"a": [1, -2, "x]["], "b": {"c": 3.5}}', "f", "k") == {
        "a": [1, -2, "x]["], "b": {"c": 3.5}}
    assert load_json('["\\"[[["]', "f", "k", max_depth=1) == ['"[[[']
    with pytest.raises(FileFormatError, match="f: 'k' nests deeper than 2"):
        load_json("[[[1]]]", "f", "k", max_depth=2)
    with pytest.raises(FileFormatError, match="f: 'k' is not valid JSON"):
        load_json("[1,", "f", "k")
    assert load_json("-" + "9" * 100, "f", "k") == -int("9" * 100)
    with pytest.raises(FileFormatError, match="integer of 101 digits"):
        load_json("9" * 101, "f", "k")


def test_entries_of_other_compressions_or_npy_versions_are_refused(tmp_path):
    import io
    import zipfile

    good = _saved_grid(tmp_path)
    bz = tmp_path / "bz.npz"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bz, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, zin.read(name), compress_type=zipfile.ZIP_BZIP2
                          if name == "values.npy" else zipfile.ZIP_DEFLATED)
    with pytest.raises(FileFormatError, match="'values' entry uses a compression surfaceviz "
                                              "does not write"):
        SurfaceGrid.load(bz)
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.zeros((2, 3)), version=(3, 0))
    v3 = _replace_entry(good, tmp_path / "v3.npz", "values", buf.getvalue())
    with pytest.raises(FileFormatError, match=r"'values' entry has .npy version \(3, 0\)"):
        SurfaceGrid.load(v3)
