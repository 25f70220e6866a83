"""How long ``import surfaceviz`` takes, and NumPy's share of it.

Each measurement in a fresh interpreter (median of 7): the time to import
NumPy alone, and to import surfaceviz (which imports NumPy). The README's
figure comes from here.

Usage::

    python bench/import_time.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CODE = ("import time; t = time.perf_counter(); import {module}; "
        "print(time.perf_counter() - t)")


def seconds(module, repeats=7):
    runs = [float(subprocess.run([sys.executable, "-c", CODE.format(module=module)],
                                 capture_output=True, text=True, check=True).stdout)
            for _ in range(repeats)]
    return statistics.median(runs)


def main():
    numpy_s = seconds("numpy")
    total = seconds("surfaceviz")
    print(f"import numpy       {numpy_s:.3f} s")
    print(f"import surfaceviz  {total:.3f} s  (surfaceviz's own share {total - numpy_s:.3f} s)")


if __name__ == "__main__":
    main()
