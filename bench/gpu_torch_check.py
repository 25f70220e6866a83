"""A torch module on CUDA, drawn as it is (issue 21): run by bench/gpu_session.sh.

The module lives on the GPU; ``evaluate_grid`` is run with the default backend
(NumPy grid points, copied to the device per batch) and with
``backend="cupy"`` (the grid built on the device and handed to the module
through DLPack, one copy of each batch's output back), and compared with the
module's own forward pass on the same points (rtol 1e-5); times against the
bare batched forward pass. Skips (exit 0, says why) without torch+CUDA.

Usage::

    python bench/gpu_torch_check.py [--resolution 2000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--resolution", type=int, default=2000)
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("skipped: torch is not installed")
        return
    if not torch.cuda.is_available():
        print("skipped: CUDA is not available to torch")
        return
    from sklearn.datasets import make_moons

    from surfaceviz import evaluate_grid

    X, _ = make_moons(1000, noise=0.2, random_state=0)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 2)).cuda()
    n = args.resolution
    results = {}
    for backend in ("numpy", "cupy"):
        try:
            evaluate_grid(net, X, classes=[0, 1], resolution=64, refine=False, backend=backend)
        except Exception as exc:  # no CuPy on the machine: said, not fatal
            print(f"backend={backend}: {type(exc).__name__}: {exc}")
            continue
        torch.cuda.synchronize()
        t = time.perf_counter()
        g = evaluate_grid(net, X, classes=[0, 1], resolution=n, refine=False, backend=backend)
        torch.cuda.synchronize()
        results[backend] = (time.perf_counter() - t, g)
    g = next(iter(results.values()))[1]
    xx, yy = np.meshgrid(g.x, g.y)
    pts = torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32, device="cuda")
    torch.cuda.synchronize()
    t = time.perf_counter()
    with torch.inference_mode():
        out = torch.cat([net(pts[s:s + 2**22]) for s in range(0, len(pts), 2**22)]).cpu()
    torch.cuda.synchronize()
    forward = time.perf_counter() - t
    expected = (out[:, 1] - out[:, 0]).numpy()
    print(f"torch MLP 2-256-256-2 on {torch.cuda.get_device_name()}, {n} x {n} points")
    print(f"  bare forward pass        {forward:7.3f} s")
    for backend, (seconds, grid) in results.items():
        same = np.allclose(grid.values.ravel(), expected, rtol=1e-5, atol=1e-4)
        print(f"  evaluate_grid {backend:8s} {seconds:7.3f} s  {seconds / forward:5.2f}x  "
              f"equal to the forward pass: {same}")


if __name__ == "__main__":
    main()
