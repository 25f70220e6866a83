"""Training animations: time per frame and memory against the number of frames.

The bundled MLP (2-32-32-2) on 500 moons points, a frame per epoch on a
200 x 200 grid, written to a GIF; each run in a fresh process: seconds of the
``animate_training`` call (training, evaluation, drawing and writing), seconds
per frame, and the peak traced memory (tracemalloc), which must stay flat as
the number of frames grows (frames are written as they are made; measured in a
second, traced run).

Usage::

    python bench/animation.py [--frames 25 50 100]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import run_in_fresh_process  # noqa: E402


def run_case(frames):
    import tracemalloc

    from surfaceviz import MLPClassifier
    from surfaceviz.figures.animate import animate_training
    from surfaceviz.datasets import load_moons

    X, y = load_moons(500, noise=0.25, random_state=0)
    out = tempfile.NamedTemporaryFile(suffix=".gif", delete=False).name
    animate_training(MLPClassifier((32, 32), random_state=0), X, y, epochs=2,
                     resolution=200, out=out)  # warm-up: imports, first draw
    start = time.perf_counter()  # timed without tracing (tracemalloc slows Python)
    anim = animate_training(MLPClassifier((32, 32), random_state=0), X, y, epochs=frames,
                            resolution=200, out=out)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    animate_training(MLPClassifier((32, 32), random_state=0), X, y, epochs=frames,
                     resolution=200, out=out)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    size = os.path.getsize(out) / 2**20
    os.unlink(out)
    print(json.dumps({"frames": anim.n_frames, "seconds": seconds, "peak_mb": peak,
                      "gif_mb": size}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--case", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(int(args.case[0]))
        return
    print(f"{'frames':>7}{'seconds':>9}{'s/frame':>9}{'peak MB':>9}{'GIF MB':>8}")
    for n in args.frames:
        r = run_in_fresh_process(__file__, n)
        if r is not None:
            print(f"{r['frames']:>7}{r['seconds']:>9.2f}{r['seconds'] / r['frames']:>9.3f}"
                  f"{r['peak_mb']:>9.1f}{r['gif_mb']:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
