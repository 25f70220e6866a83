"""Sphinx configuration: API reference from numpydoc docstrings, the gallery
from ../gallery (sphinx-gallery), and the README as the quick start."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

import plotly.io as pio  # noqa: E402
from plotly.io._sg_scraper import plotly_sg_scraper  # noqa: E402

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
suppress_warnings = ["ref.ref", "myst.xref_missing"]

# plotly figures in the gallery become PNGs (kaleido + Chromium)
pio.renderers.default = "sphinx_gallery_png"
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"plot_",
    "image_scrapers": ("matplotlib", plotly_sg_scraper),
    "download_all_examples": False,
    "remove_config_comments": True,
}
