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
def test_gallery_script_runs(script, tmp_path, monkeypatch):
    from surfaceviz.gallery import FILES_VARIABLE, _intercept_show, missing_needs

    monkeypatch.setenv(FILES_VARIABLE, str(tmp_path))  # a script's pages go there

    absent = missing_needs(script)
    if absent:
        pytest.skip(f"{script.name} needs {', '.join(absent)}")

    shown = []
    restore = _intercept_show(plt, shown)
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        restore()
    assert plt.get_fignums() or shown, f"{script.name} drew no figure"
    text = script.read_text()
    assert text.startswith('"""') and "# %%" in text
    for num in plt.get_fignums():  # nothing drawn crosses the figure's edge
        fig = plt.figure(num)
        fig.canvas.draw()
        tight = fig.get_tightbbox(fig.canvas.get_renderer())
        width, height = fig.get_size_inches()
        assert (tight.x0 >= -0.01 and tight.y0 >= -0.01 and tight.x1 <= width + 0.01
                and tight.y1 <= height + 0.01), (script.name, num, tight.extents)


def test_gallery_command_writes_images_and_index(tmp_path):
    from surfaceviz.cli import main

    src = tmp_path / "src"
    src.mkdir()
    (src / "plot_one.py").write_text(
        '"""\nA line\n======\n"""\nimport matplotlib.pyplot as plt\n'
        'plt.plot([0, 1], [1, 0])\nplt.show()\n')
    (src / "plot_two.py").write_text(
        '"""\nTwo figures\n===========\n"""\nimport matplotlib.pyplot as plt\n'
        'plt.figure(); plt.plot([1]); plt.figure(); plt.plot([2])\n')
    out = tmp_path / "out"
    assert main(["gallery", "--src", str(src), "--out", str(out)]) == 0
    images = sorted(p.name for p in (out / "images").iterdir())
    assert images == ["plot_one_1.png", "plot_two_1.png", "plot_two_2.png"]
    assert sorted(p.name for p in (out / "thumbs").iterdir()) == ["plot_one.png", "plot_two.png"]
    index = (out / "index.html").read_text()
    assert "A line" in index and "Two figures" in index and "thumbs/plot_one.png" in index


def test_gallery_links_the_pages_a_script_writes(tmp_path):
    from surfaceviz.cli import main

    src = tmp_path / "src"
    src.mkdir()
    (src / "plot_page.py").write_text(
        '"""\nA page\n======\n"""\nimport os\nimport matplotlib.pyplot as plt\n'
        'plt.plot([0, 1])\n'
        'open(os.path.join(os.environ["SURFACEVIZ_GALLERY_FILES"], "p.html"), "w")'
        '.write("<p>page</p>")\n')
    out = tmp_path / "out"
    assert main(["gallery", "--src", str(src), "--out", str(out)]) == 0
    assert sorted(p.name for p in (out / "images").iterdir()) == ["p.html", "plot_page_1.png"]
    assert 'href="images/p.html"' in (out / "index.html").read_text()
    import os

    assert "SURFACEVIZ_GALLERY_FILES" not in os.environ


def test_gallery_failing_script_fails_with_name_and_traceback(tmp_path, capsys):
    from surfaceviz.cli import main

    src = tmp_path / "src"
    src.mkdir()
    (src / "plot_bad.py").write_text('"""\nBad\n===\n"""\nraise KeyError("missing column")\n')
    (src / "plot_good.py").write_text('"""\nGood\n====\n"""\nimport matplotlib.pyplot as plt\n'
                                      'plt.plot([1])\n')
    assert main(["gallery", "--src", str(src), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "plot_bad.py failed" in err and "KeyError: 'missing column'" in err
    assert "Traceback" in err
    assert (tmp_path / "o" / "images" / "plot_good_1.png").is_file()


def test_gallery_plotly_figure_exported(tmp_path):
    pytest.importorskip("plotly")
    from surfaceviz.gallery import build_gallery

    src = tmp_path / "src"
    src.mkdir()
    (src / "plot_3d.py").write_text(
        '"""\nSurface\n=======\n"""\nimport plotly.graph_objects as go\n'
        'go.Figure(go.Surface(z=[[1, 2], [3, 4]])).show()\n')
    entries = build_gallery(src, tmp_path / "o", log=lambda *a: None)
    (image,) = entries[0]["images"]
    assert image.startswith("images/plot_3d_3d_1.")  # PNG with Chromium, HTML without
    assert (tmp_path / "o" / image).is_file()


def test_gallery_missing_source(tmp_path):
    from surfaceviz.gallery import build_gallery

    with pytest.raises(FileNotFoundError, match="no plot_\\*.py scripts"):
        build_gallery(tmp_path, tmp_path / "o")
