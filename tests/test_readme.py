"""Every Python block of README.md and of the user guide (docs/guide/*.md) runs
as pasted, on its own.

Each block runs in a fresh namespace and a fresh temporary folder: a reader who
pastes one block alone gets what it promises (a block that continues another
repeats its set-up). A block whose first line is ``# needs: ...`` is skipped
with that reason when what it needs is not here (a GPU, a Dask cluster,
Chromium, MNIST, or optional packages named by their import names:
``# needs: torch, keras``).
"""

import os
import pathlib
import re
import shutil

import matplotlib.pyplot as plt
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GUIDE = sorted((ROOT / "docs" / "guide").glob("*.md"))


def _blocks(path):
    text = path.read_text()
    blocks = re.findall(r"^( *)```python\n(.*?)^ *```", text, re.S | re.M)
    return [re.sub(rf"^{indent}", "", body, flags=re.M) if indent else body
            for indent, body in blocks]


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
    packages = [p.strip() for p in need.split(",")]
    if all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p) for p in packages):  # optional packages
        import importlib.util

        absent = [p for p in packages if importlib.util.find_spec(p) is None]
        return f"needs {', '.join(absent)}" if absent else None
    return need  # a GPU, a cluster: not on a test machine


ALL = [(path, k, block) for path in [README, *GUIDE] for k, block in enumerate(_blocks(path))]


def test_readme_is_a_front_page():
    lines = README.read_text().splitlines()
    assert len(lines) < 200
    assert len(_blocks(README)) >= 2
    for page in re.findall(r"\]\((docs/guide/[\w]+\.md)\)", README.read_text()):
        assert (ROOT / page).is_file(), page


def test_the_guide_has_its_pages_and_blocks():
    names = {p.stem for p in GUIDE}
    assert {"surfaces", "many_features", "performance", "interactive", "diffs", "animations",
            "mlp", "files", "frameworks"} <= names
    assert sum(len(_blocks(p)) for p in GUIDE) >= 10


@pytest.mark.parametrize("path, number, block", ALL,
                         ids=[f"{p.relative_to(ROOT)}:{k}" for p, k, _ in ALL])
def test_block_runs_as_pasted(path, number, block, tmp_path, monkeypatch):
    why = _missing(block)
    if why:
        pytest.skip(why)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    try:
        exec(compile(block, f"{path.name} block {number}", "exec"), {"__name__": "block"})
    finally:
        plt.close("all")


def test_the_front_page_blocks_make_what_they_say(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(_blocks(README)[0], "README.md block 0", "exec"), {"__name__": "block"})
    plt.close("all")
    assert (tmp_path / "svc.png").is_file() and (tmp_path / "svc_surface.npz").is_file()
