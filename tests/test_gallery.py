"""Every gallery script runs (smoke test)."""

import pathlib
import runpy

import matplotlib.pyplot as plt
import pytest

GALLERY = pathlib.Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.glob("plot_*.py"))


def test_gallery_has_scripts():
    assert len(SCRIPTS) >= 11


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_gallery_script_runs(script):
    from surfaceviz.gallery import _intercept_show

    shown = []
    restore = _intercept_show(plt, shown)
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        restore()
    assert plt.get_fignums() or shown, f"{script.name} drew no figure"
    text = script.read_text()
    assert text.startswith('"""') and "# %%" in text
