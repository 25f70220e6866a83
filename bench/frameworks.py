"""A torch MLP's surface against its own forward pass (issue 21, item 7).

``plot_decision_surface(module, X, y, resolution=1000)`` (the whole call: the
data checked, the grid evaluated, the picture drawn and saved) and
``evaluate_grid`` alone, against the bare batched forward pass on the same
1,000,000 points in the same process (eval mode, ``inference_mode``, batches
of the same size, the output copied to NumPy), alternately, best of
``--repeat``. Dense evaluation (``refine=False``) compares like for like;
refinement (the default) evaluates fewer points. Peak traced memory of the
evaluation is printed with ``max_memory`` unset and set, to show it is bounded
by the batch, not the grid (tracemalloc sees NumPy's memory, not torch's
allocator). Timings on this shared 2-core machine vary by tens of percent
between runs: the tools run alternately and the best of each is kept. Target: the dense evaluation <= 1.3x the forward
pass on the CPU.

Usage::

    python bench/frameworks.py [--repeat 3] [--resolution 1000] [--device cpu|cuda]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import tracemalloc

import numpy as np


def _net(device):
    import torch
    from sklearn.datasets import make_moons

    X, y = make_moons(1000, noise=0.2, random_state=0)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64),
                              torch.nn.ReLU(), torch.nn.Linear(64, 2)).to(device)
    opt = torch.optim.Adam(net.parameters(), 0.01)
    Xt = torch.tensor(X, dtype=torch.float32, device=device)
    yt = torch.tensor(y, device=device)
    for _ in range(200):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(Xt), yt).backward()
        opt.step()
    return net, X, y


def bare_forward(net, points, batch, device):
    """The forward pass a user would write: batches in eval mode, output on the host."""
    import torch

    out = np.empty((len(points), 2), dtype=np.float32)
    net.eval()
    with torch.inference_mode():
        for s in range(0, len(points), batch):
            x = torch.from_numpy(points[s:s + batch].astype(np.float32)).to(device)
            out[s:s + batch] = net(x).cpu().numpy()
    net.train()
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--resolution", type=int, default=1000)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from surfaceviz import evaluate_grid, plot_decision_surface
    from surfaceviz.evaluation.evaluate import DEFAULT_BATCH_SIZE

    net, X, y = _net(args.device)
    n = args.resolution
    grid = evaluate_grid(net, X, classes=[0, 1], resolution=n, refine=False)
    xx, yy = np.meshgrid(grid.x, grid.y)
    points = np.c_[xx.ravel(), yy.ravel()]
    times = {k: [] for k in ("forward", "evaluate_grid dense", "plot dense", "plot default")}
    folder = tempfile.mkdtemp()
    for _ in range(args.repeat):
        t = time.perf_counter()
        bare_forward(net, points, DEFAULT_BATCH_SIZE, args.device)
        times["forward"].append(time.perf_counter() - t)
        t = time.perf_counter()
        evaluate_grid(net, X, classes=[0, 1], resolution=n, refine=False)
        times["evaluate_grid dense"].append(time.perf_counter() - t)
        for key, refine in (("plot dense", False), ("plot default", "auto")):
            t = time.perf_counter()
            disp = plot_decision_surface(net, X, y, resolution=n, refine=refine)
            disp.figure_.savefig(os.path.join(folder, "net.png"))
            times[key].append(time.perf_counter() - t)
            plt.close(disp.figure_)
    base = min(times["forward"])
    print(f"torch MLP 2-64-64-2 on {args.device}, {n} x {n} = {n * n:,} points, "
          f"batch {DEFAULT_BATCH_SIZE:,}; best of {args.repeat}")
    for key, values in times.items():
        print(f"  {key:22s} {min(values):7.3f} s   {min(values) / base:5.2f}x the forward pass")
    got = bare_forward(net, points, DEFAULT_BATCH_SIZE, args.device)
    same = np.allclose(grid.values.ravel(), got[:, 1] - got[:, 0], rtol=1e-5, atol=1e-5)
    print(f"  grid equals the forward pass (rtol 1e-5): {same}")
    for budget in (None, "32MB"):
        tracemalloc.start()
        base_mem = tracemalloc.get_traced_memory()[0]
        g = evaluate_grid(net, X, classes=[0, 1], resolution=n, refine=False, max_memory=budget)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        work = (peak - base_mem - g.values.nbytes) / 1e6
        print(f"  NumPy working memory beyond the output, max_memory={budget}: {work:.1f} MB "
              f"(the output: {g.values.nbytes / 1e6:.1f} MB; torch's own allocator is not "
              "traced)")
    ratio = min(times["evaluate_grid dense"]) / base
    print(f"dense evaluation / forward pass: {ratio:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
