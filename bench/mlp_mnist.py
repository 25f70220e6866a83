"""The bundled MLP on the real MNIST against scikit-learn and PyTorch (CPU).

784-512-10, ReLU, softmax + log loss, SGD with momentum 0.9, batch 128,
float32, 20 epochs. Each contender runs in a fresh process with the same
threads (``--threads``, default: all cores) and with OPENBLAS_CORETYPE /
OPENBLAS_L2_SIZE unset (they force an older, slower OpenBLAS kernel here;
``--keep-openblas-env`` keeps them);
the BLAS kernel in use is printed. Printed: seconds per epoch (training only),
test accuracy, and the floor implied by the machine: the minimal work of an
epoch (forward 2*n*P, weight gradients 2*n*P, the input-side error of the
second layer only: about 98 GFLOP) over the float32 matrix-multiply
throughput measured in the same run.

Usage::

    python bench/mlp_mnist.py [--data ../shared/data/mnist] [--epochs 20]
    python bench/mlp_mnist.py --only surfaceviz --dataset fashion-mnist
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402

CONTENDERS = ("surfaceviz", "surfaceviz-plain", "sklearn-sgd", "sklearn-adam", "torch")
SIZES = (784, 512, 10)


def _data(name, path):
    from surfaceviz.datasets import load_fashion_mnist, load_mnist

    loader = load_mnist if name == "mnist" else load_fashion_mnist
    Xtr, ytr = loader(path, split="train")
    Xte, yte = loader(path, split="test")
    return Xtr, ytr, Xte, yte


def _kernel():
    try:
        from threadpoolctl import threadpool_info

        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        return ", ".join(f"{i.get('internal_api')} {i.get('architecture')} x{i.get('num_threads')}"
                         for i in info)
    except Exception as exc:  # pragma: no cover - informational only
        return f"unknown ({exc})"


def run_surfaceviz(Xtr, ytr, Xte, yte, epochs, plain):
    from surfaceviz.mlp import MLPClassifier

    if plain:  # the bare recipe: constant learning rate, no dropout
        opts = dict(learning_rate_init=0.05)
    else:  # the recipe surfaceviz recommends (and its CLI uses)
        opts = dict(learning_rate_init=0.1, learning_rate="step", step_size=8, gamma=0.3,
                    dropout=0.2)
    clf = MLPClassifier((512,), activation="relu", solver="sgd", momentum=0.9, batch_size=128,
                        max_epochs=epochs, random_state=0, n_iter_no_change=epochs + 1,
                        progress=False, **opts)
    clf.fit(Xtr, ytr)
    return [h["seconds"] for h in clf.history_], float(clf.score(Xte, yte))


def run_sklearn(Xtr, ytr, Xte, yte, epochs, solver):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    opts = (dict(solver="sgd", learning_rate_init=0.05, momentum=0.9, nesterovs_momentum=False)
            if solver == "sgd" else dict(solver="adam", learning_rate_init=0.001))
    clf = MLPClassifier((512,), activation="relu", batch_size=128, max_iter=epochs,
                        n_iter_no_change=epochs + 1, random_state=0, **opts)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(Xtr, ytr)
    total = time.perf_counter() - start
    return [total / clf.n_iter_] * clf.n_iter_, float(clf.score(Xte, yte))


def run_torch(Xtr, ytr, Xte, yte, epochs, threads):
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(),
                                torch.nn.Linear(512, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    X = torch.from_numpy(Xtr)
    y = torch.from_numpy(ytr)
    gen = torch.Generator().manual_seed(0)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        perm = torch.randperm(len(X), generator=gen)
        for s in range(0, len(X), 128):
            idx = perm[s:s + 128]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        pred = model(torch.from_numpy(Xte)).argmax(1).numpy()
    return seconds, float((pred == yte).mean())


def gemm_gflops(repeat=5):
    """float32 GEMM throughput: a large square product and the training shapes."""
    rng = np.random.default_rng(0)
    out = {}
    a = rng.random((2048, 2048), dtype=np.float32)
    b = rng.random((2048, 2048), dtype=np.float32)
    np.matmul(a, b)
    best = min(_timed(lambda: np.matmul(a, b)) for _ in range(repeat))
    out["square 2048"] = 2 * 2048**3 / best / 1e9
    X = rng.random((128, 784), dtype=np.float32)
    W = rng.random((784, 512), dtype=np.float32)
    D = rng.random((128, 512), dtype=np.float32)
    flops = 2 * 128 * 784 * 512

    def step():
        for _ in range(50):
            np.matmul(X, W)
            np.matmul(X.T, D)

    step()
    best = min(_timed(step) for _ in range(repeat))
    out["training shapes"] = 100 * flops / best / 1e9
    return out


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def minimal_gflop_per_epoch(n=60000):
    params = sum(a * b + b for a, b in zip(SIZES[:-1], SIZES[1:]))
    forward = 2 * n * params
    weight_grads = 2 * n * params
    input_side = 2 * n * SIZES[1] * SIZES[2]  # the error sent back to the hidden layer
    return (forward + weight_grads + input_side) / 1e9


def case(name, dataset, path, epochs, threads):
    Xtr, ytr, Xte, yte = _data(dataset, path)
    if name.startswith("surfaceviz"):
        seconds, acc = run_surfaceviz(Xtr, ytr, Xte, yte, epochs, plain=name.endswith("plain"))
    elif name.startswith("sklearn"):
        seconds, acc = run_sklearn(Xtr, ytr, Xte, yte, epochs, name.split("-")[1])
    elif name == "torch":
        seconds, acc = run_torch(Xtr, ytr, Xte, yte, epochs, threads)
    else:  # the floor
        print(json.dumps({"gemm": gemm_gflops(), "kernel": _kernel()}))
        return
    print(json.dumps({"seconds": seconds, "accuracy": acc, "kernel": _kernel()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="folder of the IDX files")
    parser.add_argument("--dataset", choices=("mnist", "fashion-mnist"), default="mnist")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--only", nargs="+", choices=CONTENDERS, default=list(CONTENDERS))
    parser.add_argument("--keep-openblas-env", action="store_true",
                        help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE as they are set")
    parser.add_argument("--case", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.data is None and args.dataset == "mnist":
        guess = os.path.join(os.path.dirname(HERE), "..", "shared", "data", "mnist")
        args.data = guess if os.path.isdir(guess) else None
    if args.case:
        case(args.case, args.dataset, args.data, args.epochs, args.threads)
        return
    drop = () if args.keep_openblas_env else ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    t = str(args.threads)
    env.update(OMP_NUM_THREADS=t, OPENBLAS_NUM_THREADS=t, MKL_NUM_THREADS=t)

    def run(name):
        cmd = [sys.executable, __file__, "--case", name, "--dataset", args.dataset,
               "--epochs", str(args.epochs), "--threads", t]
        if args.data:
            cmd += ["--data", args.data]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            print(f"{name} failed: {proc.stderr.strip()[-500:]}")
            return None
        return json.loads(proc.stdout.strip().splitlines()[-1])

    floor = run("floor")
    work = minimal_gflop_per_epoch()
    peak = max(floor["gemm"].values())
    floor_s = work / peak
    print(f"{args.dataset}, {args.epochs} epochs, {t} threads; BLAS: {floor['kernel']}")
    print("float32 GEMM: " + ", ".join(f"{k} {v:.0f} GFLOP/s" for k, v in floor["gemm"].items()))
    print(f"minimal work {work:.1f} GFLOP/epoch -> floor {floor_s:.3f} s/epoch at {peak:.0f} GFLOP/s")
    print("seconds per epoch: mean, median and best over the epochs (this machine is shared "
          "and drifts; ratios use the median and, in brackets, the best)")
    print(f"{'contender':<18}{'mean':>8}{'median':>8}{'best':>8}{'test acc':>10}"
          f"{'x floor':>16}{'vs torch':>16}")
    rows = {}
    for name in args.only:
        rows[name] = run(name)
    ref = rows.get("torch")
    for name, r in rows.items():
        if r is None:
            continue
        sec = np.asarray(r["seconds"])
        mean, median, best = float(sec.mean()), float(np.median(sec)), float(sec.min())
        floor_txt = f"{median / floor_s:6.2f}x ({best / floor_s:.2f}x)"
        vs = "-"
        if ref:
            tsec = np.asarray(ref["seconds"])
            vs = f"{median / np.median(tsec):6.2f}x ({best / tsec.min():.2f}x)"
        print(f"{name:<18}{mean:8.3f}{median:8.3f}{best:8.3f}{r['accuracy']:10.4f}"
              f"{floor_txt:>16}{vs:>16}", flush=True)


if __name__ == "__main__":
    main()
