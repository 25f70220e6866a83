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
