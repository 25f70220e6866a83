"""Every gallery script runs (smoke test)."""

import pathlib
import runpy

import matplotlib.pyplot as plt
import pytest

GALLERY = pathlib.Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.glob("plot_*.py"))


def test_gallery_has_scripts():
    assert len(SCRIPTS) >= 4


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_gallery_script_runs(script, monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    runpy.run_path(str(script), run_name="__main__")
    assert plt.get_fignums(), f"{script.name} drew no figure"
    text = script.read_text()
    assert text.startswith('"""') and "# %%" in text
