"""Every Python block of README.md runs as pasted.

A block whose first line is ``# needs: ...`` is skipped with that reason when
what it needs is not here (a GPU, a Dask cluster, Chromium, MNIST); the
others run, in order, in a temporary folder (blocks may build on the one
before, as a reader would run them).
"""

import os
import pathlib
import re
import shutil

import matplotlib.pyplot as plt

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def _blocks():
    text = README.read_text()
    return [re.sub(r"^  ", "", b, flags=re.M) if b.startswith("  ") else b
            for b in re.findall(r"^ *```python\n(.*?)^ *```", text, re.S | re.M)]


def _missing(block):
    """Why a block cannot run here, or None."""
    first = block.strip().splitlines()[0]
    if not first.startswith("# needs:"):
        return None
    need = first[len("# needs:"):].strip()
    if need.startswith("chromium"):
        return None if (shutil.which("chromium") or shutil.which("chromium-browser")) else need
    if need.startswith("MNIST"):
        return None if os.environ.get("SURFACEVIZ_README_MNIST") == "1" else need
    return need  # a GPU, a cluster: not on a test machine


def test_readme_has_python_blocks():
    assert len(_blocks()) >= 6


def test_readme_blocks_run_as_pasted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    namespace = {"__name__": "readme"}
    skipped = []
    for number, block in enumerate(_blocks()):
        why = _missing(block)
        if why:
            skipped.append(f"block {number}: {why}")
            continue
        try:
            exec(compile(block, f"README.md block {number}", "exec"), namespace)
        except Exception as exc:  # name the block in the failure
            raise AssertionError(f"README block {number} failed: {exc!r}\n{block}") from exc
        finally:
            plt.close("all")
    assert (tmp_path / "svc.png").is_file() and (tmp_path / "surface.html").is_file()
    if skipped:
        print("skipped:", "; ".join(skipped))
