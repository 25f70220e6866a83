"""The docs' API reference names things that exist; every public name is listed."""

import importlib
import pathlib
import re

import surfaceviz

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"


def _listed():
    text = (DOCS / "api.rst").read_text()
    return re.findall(r"^   ([A-Za-z_][\w.]*)$", text, flags=re.M)


def test_api_reference_entries_resolve():
    names = _listed()
    assert len(names) > 20
    for name in names:
        obj = surfaceviz
        parts = name.split(".")
        for i, part in enumerate(parts):
            if not hasattr(obj, part):
                obj = importlib.import_module("surfaceviz." + ".".join(parts[: i + 1]))
            else:
                obj = getattr(obj, part)
        assert obj.__doc__, f"{name} has no docstring"


def test_every_public_name_is_in_the_api_reference():
    listed = set(_listed())
    missing = [n for n in surfaceviz.__all__ if n != "__version__" and n not in listed
               and n not in ("load_moons", "load_mnist", "load_fashion_mnist",
                             "make_moons_pipeline")]
    assert not missing, missing


def test_sphinx_build_has_no_warnings_and_the_results_link_works(tmp_path):
    """Issue 10 (C): ``sphinx -W`` builds the site (API reference, the README as the
    quick start, the gallery pages without running the scripts: test_gallery runs
    them) with zero warnings, and the README's link to bench/RESULTS.md lands on
    a page of the site."""
    import subprocess
    import sys

    import pytest

    pytest.importorskip("sphinx")
    out = tmp_path / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-D", "plot_gallery=0", str(DOCS), str(out)],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    quick = (out / "quickstart.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]*RESULTS[^"#]*)"', quick)
    assert links and all((out / link).is_file() for link in links)
    assert "The default call" in (out / "bench" / "RESULTS.html").read_text(encoding="utf-8")
    # the front page's links to the user guide land on its pages
    guide = re.findall(r'href="(guide/[\w]+\.html)[^"]*"', quick)
    assert len(set(guide)) >= 7 and all((out / link).is_file() for link in guide), guide
    assert "The resolution rule" in (out / "guide" / "surfaces.html").read_text(encoding="utf-8")
