"""Sphinx configuration: API reference from numpydoc docstrings, the gallery
from ../gallery (sphinx-gallery), and the README as the quick start."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

import plotly.io as pio  # noqa: E402

import surfaceviz  # noqa: E402

project = "surfaceviz"
author = "surfaceviz developers"
release = version = surfaceviz.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]
autosummary_generate = True
numpydoc_show_class_members = False
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "auto_examples/*.ipynb"]
html_theme = "alabaster"
intersphinx_mapping = {}  # offline build: no inventories fetched
# references inherited from scikit-learn docstrings, and README links to repo files
suppress_warnings = ["ref.ref"]

# plotly figures in the gallery become PNGs (kaleido + Chromium)
pio.renderers.default = "sphinx_gallery_png"
def _ignored_examples():
    """Gallery scripts whose optional packages (``# needs: ...``) are absent here."""
    import pathlib
    import re

    from surfaceviz.figures.gallery import missing_needs

    names = [p.name for p in sorted(pathlib.Path(__file__).parent.parent.joinpath(
        "gallery").glob("plot_*.py")) if missing_needs(p)]
    return "|".join(re.escape(n) for n in names) or r"^$"


sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "ignore_pattern": _ignored_examples(),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"plot_",
    # by name, so the configuration pickles (Sphinx's cache) and -W stays clean
    "image_scrapers": ("matplotlib", "plotly.io._sg_scraper.plotly_sg_scraper"),
    "download_all_examples": False,
    "remove_config_comments": True,
}


def _plotly_offline(app, exception):
    """Serve plotly.js from _static instead of the CDN, so the pages work offline."""
    import os
    import pathlib
    import re
    import shutil

    import plotly

    if exception is not None or app.builder.format != "html":
        return
    out = pathlib.Path(app.outdir)
    js = pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not js.is_file():
        return
    target = out / "_static" / "plotly.min.js"
    shutil.copyfile(js, target)
    cdn = re.compile(r"https://cdn\.plot\.ly/plotly-[0-9.]+(?:\.min)?\.js")
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if cdn.search(text):
            local = os.path.relpath(target, page.parent).replace(os.sep, "/")
            page.write_text(cdn.sub(local, text), encoding="utf-8")


def setup(app):
    app.connect("build-finished", _plotly_offline)
