"""`import surfaceviz` stays cheap: heavy modules load where first used."""

import subprocess
import sys

HEAVY = ["matplotlib", "matplotlib.pyplot", "sklearn", "scipy", "pandas", "tqdm", "plotly", "cupy"]


def test_import_loads_no_heavy_module():
    code = (
        "import sys, surfaceviz\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_api():
    import surfaceviz

    for name in surfaceviz.__all__:
        assert hasattr(surfaceviz, name)
    assert surfaceviz.plot_decision_surface.__doc__


def test_version_is_written_in_one_place():
    import importlib.metadata
    import pathlib
    import tomllib

    root = pathlib.Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "surfaceviz.__version__"}
    import surfaceviz

    assert importlib.metadata.version("surfaceviz") == surfaceviz.__version__


def test_licence_text_is_shipped():
    import pathlib
    import tomllib

    root = pathlib.Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    text = (root / "LICENSE").read_text()
    assert project["license"] == "BSD-3-Clause" and "BSD 3-Clause License" in text
    assert project["license-files"] == ["LICENSE"]
