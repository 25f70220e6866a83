import subprocess
import sys

from surfaceviz.cli import main


def test_help(capsys):
    assert main([]) == 0
    assert "demo" in capsys.readouterr().out


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


def test_mlp_missing_dataset_is_clear(tmp_path, monkeypatch):
    import pytest

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SURFACEVIZ_DATA", raising=False)
    with pytest.raises(FileNotFoundError, match="not found"):
        main(["mlp", "train", "--dataset", "mnist", "--data", str(tmp_path / "none"),
              "--out", str(tmp_path / "o")])


def test_mlp_train_on_idx_files(tmp_path, capsys):
    import pytest

    from surfaceviz.datasets import DatasetError
    from tests.test_datasets import _fake_set

    _fake_set(tmp_path / "data", n=40, prefix="train")
    _fake_set(tmp_path / "data", n=12, prefix="t10k")
    args = ["mlp", "train", "--dataset", "mnist", "--data", str(tmp_path / "data"),
            "--out", str(tmp_path / "o"), "--epochs", "2", "--hidden", "16"]
    # the fake files are not the published set: the loader refuses them ...
    with pytest.raises(DatasetError, match="SHA-256"):
        main(args)
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
