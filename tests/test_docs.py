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
