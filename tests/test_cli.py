import subprocess
import sys

from surfaceviz.cli import main


def test_no_command_prints_usage_and_exits_2(capsys):
    """Issue 11: as argparse does, a missing command is a usage error (it exited 0)."""
    import pytest

    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage: surfaceviz" in err and "surfaceviz: error: a command is needed" in err
    with pytest.raises(SystemExit) as info:
        main(["mlp"])
    assert info.value.code == 2 and "usage: surfaceviz mlp" in capsys.readouterr().err


def test_demo_writes_png(tmp_path, capsys):
    out = tmp_path / "moons.png"
    assert main(["demo", "--out", str(out), "--samples", "120", "--resolution", "40"]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "test accuracy" in capsys.readouterr().out


def test_console_script_help():
    result = subprocess.run([sys.executable, "-m", "surfaceviz.cli", "--help"],
                            capture_output=True, text=True, check=True)
    assert "usage: surfaceviz" in result.stdout


def test_bad_model_choice(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["demo", "--model", "nope"])
    assert "invalid choice" in capsys.readouterr().err


def test_mlp_train_on_digits(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["mlp", "train", "--dataset", "digits", "--hidden", "32", "--epochs", "3",
                 "--out", str(out)])
    assert code == 0
    for name in ("model.npz", "curves.png", "confusion.png", "misclassified.png"):
        assert (out / name).is_file()
    text = capsys.readouterr().out
    assert "epoch   3" in text and "test accuracy" in text
    from surfaceviz.mlp import MLPClassifier

    assert MLPClassifier.load(out / "model.npz").n_iter_ == 3


def test_mlp_missing_dataset_is_clear(tmp_path, monkeypatch, capsys):
    """Issue 11: one line on stderr and exit 2 (it raised FileNotFoundError)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SURFACEVIZ_DATA", raising=False)
    code = main(["mlp", "train", "--dataset", "mnist", "--data", str(tmp_path / "none"),
                 "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("surfaceviz: error: mnist:") and "not found" in err
    assert err.count("\n") == 1 and not (tmp_path / "o").exists()


def test_mlp_train_on_idx_files(tmp_path, capsys):
    import pytest

    from surfaceviz.datasets import DatasetError
    from tests.data.test_datasets import _fake_set

    _fake_set(tmp_path / "data", n=40, prefix="train")
    _fake_set(tmp_path / "data", n=12, prefix="t10k")
    args = ["mlp", "train", "--dataset", "mnist", "--data", str(tmp_path / "data"),
            "--out", str(tmp_path / "o"), "--epochs", "2", "--hidden", "16"]
    # the fake files are not the published set: the loader refuses them ...
    assert main(args) == 2
    assert "SHA-256" in capsys.readouterr().err
    with pytest.raises(DatasetError, match="SHA-256"):  # --traceback: the real exception
        main(["--traceback"] + args)
    # ... unless told they are the user's own
    assert main(args + ["--no-verify"]) == 0
    assert (tmp_path / "o" / "misclassified.png").is_file()
    assert "784-16-" in capsys.readouterr().out


def test_demo_with_the_mlp_and_the_image_kind(tmp_path, capsys):
    out = tmp_path / "mlp.png"
    assert main(["demo", "--model", "mlp", "--kind", "image", "--samples", "150",
                 "--out", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert capsys.readouterr().out.startswith("mlp: test accuracy")


def test_gallery_command_on_the_bundled_scripts(tmp_path):
    out = tmp_path / "g"
    assert main(["gallery", "--out", str(out), "--pattern", "plot_moons_data.py"]) == 0
    assert (out / "images" / "plot_moons_data_1.png").is_file()
    assert "The moons data set" in (out / "index.html").read_text()


# ------------------------------------------------------- user errors (issue 11)
import pytest  # noqa: E402


@pytest.mark.parametrize("argv, match", [
    (["demo", "--resolution", "-1"], "argument --resolution: must be >= 2"),
    (["demo", "--resolution", "0"], "argument --resolution: must be >= 2"),
    (["demo", "--samples", "1"], "argument --samples: must be >= 10"),
    (["demo", "--noise", "-1"], "argument --noise: must be >= 0.0"),
    (["demo", "--dpi", "0"], "argument --dpi: must be >= 1"),
    (["demo", "--dpi", "x"], "argument --dpi: expected an integer; got 'x'"),
    (["mlp", "train", "--epochs", "0"], "argument --epochs: must be >= 1"),
    (["mlp", "train", "--hidden", "0"], "argument --hidden: must be >= 1"),
    (["mlp", "train", "--lr", "-1"], "argument --lr: must be > 0.0"),
    (["mlp", "train", "--batch-size", "0"], "argument --batch-size: must be >= 1"),
    (["mlp", "train", "--dropout", "1.0"], "argument --dropout: must be >= 0.0 and < 1.0"),
    (["mlp", "train", "--step-size", "0"], "argument --step-size: must be >= 1"),
])
def test_bad_arguments_are_one_line_and_exit_2(argv, match, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2, err
    assert err.startswith("surfaceviz: error: ") and match in err and err.count("\n") == 1


@pytest.mark.parametrize("make_argv, match", [
    (lambda t: ["demo", "--out", str(t / "missing" / "x.png")], "does not exist"),
    (lambda t: ["demo", "--out", str(t / "x.weird")], "unknown image format 'weird'"),
    (lambda t: ["mlp", "train", "--data", str(t / "nonexistent"), "--out", str(t / "o")],
     "--data names a folder of IDX files"),
    (lambda t: ["mlp", "train", "--hidden", "4", "--epochs", "1", "--out", "/proc/x/run"],
     "/proc/x"),
])
def test_runtime_user_errors_are_one_line(tmp_path, make_argv, match, capsys):
    code = main(make_argv(tmp_path))
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("surfaceviz: error: ") and match in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_cupy_without_a_gpu_is_one_line(tmp_path, capsys, monkeypatch):
    from surfaceviz.evaluation import backend

    monkeypatch.setattr(backend, "cupy_usable", lambda: False)
    monkeypatch.setitem(__import__("sys").modules, "cupy", object())
    code = main(["mlp", "train", "--backend", "cupy", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "needs a CUDA GPU" in err and not (tmp_path / "o").exists()


def test_failed_run_removes_the_folder_it_created(tmp_path, capsys, monkeypatch):
    from surfaceviz import views

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(views, "plot_confusion_matrix", boom)
    out = tmp_path / "run"
    code = main(["mlp", "train", "--hidden", "8", "--epochs", "1", "--out", str(out)])
    assert code == 2 and "disk full" in capsys.readouterr().err
    assert not out.exists()


def test_console_script_error_has_no_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "surfaceviz.cli", "demo", "--out",
                             str(tmp_path / "x.weird")], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("surfaceviz: error: --out")


def _iris_files(tmp_path):
    import pickle

    import pytest

    pytest.importorskip("pandas")
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris(return_X_y=True, as_frame=True)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    (tmp_path / "model.pkl").write_bytes(pickle.dumps(model))
    X.assign(species=y).to_csv(tmp_path / "iris.csv", index=False)
    return tmp_path / "model.pkl", tmp_path / "iris.csv"


def test_explore_writes_the_offline_page(tmp_path, capsys):
    model, data = _iris_files(tmp_path)
    out = tmp_path / "iris.html"
    assert main(["explore", str(model), str(data), "--target", "species", "--out", str(out),
                 "--features", "petal length (cm)", "petal width (cm)", "--steps", "2",
                 "--vary", "sepal length (cm)"]) == 0
    captured = capsys.readouterr()
    assert "loading the model from" in captured.err and "load only files you trust" \
        in captured.err
    assert "wrote" in captured.out
    text = out.read_text(encoding="utf-8")
    assert text.count("iVBORw0KGgo") == 2  # two PNG pictures, inline
    assert '"fixed":{"sepal width (cm)":"3"}' in text


def test_explore_mistakes_are_one_line_exit_2(tmp_path, capsys):
    model, data = _iris_files(tmp_path)
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = [
        (["--target", "nope"], "--target 'nope' is not a column"),
        (["--out", str(tmp_path / "x.png")], "path must end with .html"),
        (["--steps", "40"], "would hold 1,600 pictures"),
        (["--features", "a", "b"], "unknown column 'a'"),
        (["--sample", "1000"], "sample must be a row of X"),
        (["--vary", "nope"], "vary must name held features"),
    ]
    base = {"--target": "species", "--out": str(tmp_path / "p.html")}
    for extra, message in cases:
        args = dict(base)
        rest = list(extra)
        if rest[0] in args:
            args[rest[0]] = rest[1]
            rest = []
        argv = ["explore", str(model), str(data)] + [x for kv in args.items() for x in kv] + rest
        assert main(argv) == 2, extra
        err = capsys.readouterr().err
        last = err.strip().splitlines()[-1]
        assert last.startswith("surfaceviz: error: ") and message in last, (extra, err)
        assert "Traceback" not in err
    for model_path, data_path, message in [
            (data, data, "could not be loaded as a pickled model"),
            (model, model, "is not a readable CSV file"),
            (model, folder, "is not a regular file"),
            (tmp_path / "none.pkl", data, "No such file")]:
        assert main(["explore", str(model_path), str(data_path), "--target", "species",
                     "--out", str(tmp_path / "p.html")]) == 2
        err = capsys.readouterr().err
        assert message in err.strip().splitlines()[-1] and "Traceback" not in err
    assert not (tmp_path / "p.html").exists()
