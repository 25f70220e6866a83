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
