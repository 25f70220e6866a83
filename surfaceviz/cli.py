"""The ``surfaceviz`` command.

A user's mistake (a bad option value, a missing file, a folder that cannot be
written, a GPU that is not there) ends in one line on standard error,
``surfaceviz: error: ...``, and exit status 2, never in a traceback
(``--traceback`` shows it). A failed run leaves no output folder it created.
A gallery script that fails is reported with its own traceback (status 1).
"""

from __future__ import annotations

import argparse
import os
import sys

from .data.pipelines import PIPELINE_KINDS

PROG = "surfaceviz"


class UsageError(Exception):
    """A user's mistake found after the arguments were parsed."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line ``surfaceviz: error: ...`` (exit 2)."""

    def error(self, message):
        command = self.prog.split(" ", 1)[1] + ": " if " " in self.prog else ""
        self.exit(2, f"{PROG}: error: {command}{message}\n")


def _number(kind, low, *, low_open=False, high=None, high_open=True):
    """An argparse type: a ``kind`` number in the given interval."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected {'an integer' if kind is int else 'a number'}; got {text!r}") from None
        ok = (value > low if low_open else value >= low) and (
            high is None or (value < high if high_open else value <= high))
        if not ok or value != value:
            lo = f"> {low}" if low_open else f">= {low}"
            hi = "" if high is None else f" and {'<' if high_open else '<='} {high}"
            raise argparse.ArgumentTypeError(f"must be {lo}{hi}; got {text}")
        return value

    parse.__name__ = kind.__name__
    return parse


def _build_parser():
    parser = _Parser(
        prog=PROG,
        description="Draw what a fitted classifier has learned: its decision surface.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"surfaceviz {__version__}")
    parser.add_argument("--traceback", action="store_true",
                        help="show the full traceback of an error (for bug reports)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo(sub)
    _add_gallery(sub)
    _add_mlp(sub)
    _add_diff(sub)
    _add_explore(sub)
    return parser


def _add_explore(sub):
    explore = sub.add_parser(
        "explore", help="write an offline page of a model's slices behind sliders",
        description="Load a fitted model (a pickle or joblib file: loading runs code the "
                    "file holds, so load only files you trust) and a CSV of its data, and "
                    "write one self-contained HTML page: the slice through two features, "
                    "with a slider per other feature over precomputed values.")
    explore.add_argument("model", help="the fitted model, a pickle/joblib file")
    explore.add_argument("data", help="the data, a CSV file with a header row")
    explore.add_argument("--target", required=True,
                         help="the CSV column of the labels (not a feature)")
    explore.add_argument("--out", required=True, help="the page to write (.html)")
    explore.add_argument("--features", nargs=2, metavar=("X", "Y"),
                         help="the two drawn columns (default: the first two features)")
    explore.add_argument("--vary", nargs="+", metavar="COLUMN",
                         help="the columns with sliders (default: every other feature)")
    explore.add_argument("--steps", type=_number(int, 1, high=1001), default=5,
                         help="values per slider (default 5)")
    explore.add_argument("--max-images", type=_number(int, 1, high=100001), default=400,
                         help="the most pictures the page may hold (default 400)")
    explore.add_argument("--sample", type=int, default=None,
                         help="start through this row of the data (0-based)")


def _add_diff(sub):
    diff = sub.add_parser(
        "diff", help="where two saved surfaces differ (exit 1 beyond --max-changed)",
        description="Compare two surfaces saved with SurfaceGrid.save: print the share "
                    "of the grid that changed, draw where, and exit with 1 when the "
                    "share exceeds --max-changed (to gate a CI job).")
    diff.add_argument("a", help="the first (expected) surface, a .npz file")
    diff.add_argument("b", help="the second (actual) surface, a .npz file")
    diff.add_argument("--out", help="write the diff picture here (.png, .svg, .pdf...)")
    diff.add_argument("--max-changed", type=_number(float, 0.0, high=1.0, high_open=False),
                      default=0.001, help="largest share of changed grid points that passes "
                                          "(default 0.001)")
    diff.add_argument("--rtol", type=_number(float, 0.0), default=1e-7,
                      help="relative tolerance of continuous values (default 1e-7)")
    diff.add_argument("--atol", type=_number(float, 0.0), default=1e-12,
                      help="absolute tolerance of continuous values (default 1e-12)")


def _add_demo(sub):
    demo = sub.add_parser(
        "demo",
        help="train a moons pipeline and write its decision surface to a PNG",
        description="Train a moons pipeline on built-in data and write its decision surface.",
    )
    demo.add_argument("--out", default="moons.png", help="output image (default: moons.png)")
    demo.add_argument("--model", choices=PIPELINE_KINDS, default="poly-linear-svc",
                      help="pipeline to train (default: poly-linear-svc)")
    demo.add_argument("--samples", type=_number(int, 10), default=500,
                      help="number of moons points (at least 10)")
    demo.add_argument("--noise", type=_number(float, 0.0), default=0.25,
                      help="noise of the moons")
    demo.add_argument("--kind", choices=("contourf", "contour", "pcolormesh", "image"),
                      default="contourf", help="how to draw the surface")
    demo.add_argument("--resolution", type=_number(int, 2, high=16385), default=None,
                      help="grid points per axis, 2 to 16384 (default: the figure's pixels)")
    demo.add_argument("--dpi", type=_number(int, 1, high=2000), default=120,
                      help="image resolution")
    demo.add_argument("--seed", type=int, default=0, help="random seed")


def _add_gallery(sub):
    gallery = sub.add_parser(
        "gallery", help="run every gallery script and write its images and an index.html",
        description="Run the gallery's plot_*.py scripts; write their images (matplotlib and "
                    "plotly, the latter through kaleido), thumbnails and an index.html.")
    gallery.add_argument("--out", default="gallery_out", help="output folder")
    gallery.add_argument("--src", default=None,
                         help="folder of the scripts (default: the checkout's gallery/)")
    gallery.add_argument("--pattern", default="plot_*.py")
    gallery.add_argument("--dpi", type=_number(int, 1, high=2000), default=100)


def _add_mlp(sub):
    mlp = sub.add_parser("mlp", help="train the bundled MLP on images",
                         description="The bundled NumPy multi-layer perceptron.")
    mlp_sub = mlp.add_subparsers(dest="mlp_command", metavar="ACTION")
    train = mlp_sub.add_parser(
        "train", help="train on MNIST, Fashion-MNIST or scikit-learn's digits",
        description="Train an MLP and write its weights, curves, confusion matrix and "
                    "misclassified images.")
    train.add_argument("--dataset", choices=("mnist", "fashion-mnist", "digits", "moons"),
                       default="digits", help="data set (default: digits, offline; moons: "
                                              "two features, drawn as a decision surface)")
    train.add_argument("--animate", default=None, metavar="FILE",
                       help="moons only: write the training as an animation (.gif, .mp4, "
                            ".html or .plotly.html)")
    train.add_argument("--data", default=None,
                       help="folder with the four IDX files (default: the usual places)")
    train.add_argument("--download", action="store_true",
                       help="download MNIST/Fashion-MNIST when not found")
    train.add_argument("--no-verify", action="store_true",
                       help="skip the SHA-256 check (your own IDX files)")
    train.add_argument("--hidden", type=_number(int, 1), nargs="+", default=[512],
                       help="hidden layer sizes (default: 512)")
    train.add_argument("--activation", default="relu",
                       choices=("relu", "leaky_relu", "tanh", "sigmoid"))
    train.add_argument("--epochs", type=_number(int, 1), default=20)
    train.add_argument("--batch-size", type=_number(int, 1), default=128)
    train.add_argument("--lr", type=_number(float, 0.0, low_open=True), default=0.1,
                       help="initial learning rate")
    train.add_argument("--solver", choices=("sgd", "adam"), default="sgd")
    train.add_argument("--momentum", type=_number(float, 0.0, high=1.0), default=0.9)
    train.add_argument("--schedule", choices=("constant", "invscaling", "step"),
                       default="step", help="learning-rate schedule (default: step)")
    train.add_argument("--step-size", type=_number(int, 1), default=8, help="epochs per step")
    train.add_argument("--gamma", type=_number(float, 0.0, low_open=True), default=0.3,
                       help="factor per step")
    train.add_argument("--dropout", type=_number(float, 0.0, high=1.0), default=0.2)
    train.add_argument("--alpha", type=_number(float, 0.0), default=0.0, help="L2 strength")
    train.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    train.add_argument("--backend", choices=("numpy", "cupy", "auto"), default="numpy")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default="run", help="output folder (default: run/)")


def _load_images(args):
    from .data import datasets

    if args.dataset == "digits":
        X_train, X_test, y_train, y_test = datasets.load_digits_split(random_state=args.seed)
        return X_train, y_train, X_test, y_test, (8, 8), None
    loader = datasets.load_mnist if args.dataset == "mnist" else datasets.load_fashion_mnist
    opts = dict(download=args.download, verify=not args.no_verify)
    X_train, y_train = loader(args.data, split="train", **opts)
    X_test, y_test = loader(args.data, split="test", **opts)
    names = datasets.FASHION_CLASSES if args.dataset == "fashion-mnist" else None
    return X_train, y_train, X_test, y_test, (28, 28), names


def _mlp_train(args):
    import matplotlib

    matplotlib.use("Agg")
    if args.data is not None and args.dataset == "digits":
        raise UsageError("--data names a folder of IDX files, for --dataset mnist or "
                         "fashion-mnist; digits ship with scikit-learn.")
    from .evaluation.backend import resolve_backend

    resolve_backend(args.backend)  # no GPU: say so before loading anything
    if args.animate is not None and args.dataset != "moons":
        raise UsageError("--animate draws a decision surface over two features: use it "
                         "with --dataset moons.")
    if args.dataset == "moons":
        return _train_moons(args)
    X_train, y_train, X_test, y_test, shape, names = _load_images(args)
    created = not os.path.exists(args.out)
    os.makedirs(args.out, exist_ok=True)
    try:
        return _train_and_report(args, X_train, y_train, X_test, y_test, shape, names)
    except BaseException:
        if created:
            import shutil

            shutil.rmtree(args.out, ignore_errors=True)
        raise


def _train_moons(args):
    """``mlp train --dataset moons``: the model, its decision surface, and (with
    ``--animate``) the training as an animation."""
    import matplotlib.pyplot as plt
    from sklearn.model_selection import train_test_split

    from .figures.animate import output_format, animate_training
    from .data.datasets import load_moons
    from .figures.display import plot_decision_surface
    from .mlp import MLPClassifier

    if args.animate is not None:
        output_format(args.animate)  # a known format and an existing folder, before training
    X, y = load_moons(500, noise=0.25, random_state=args.seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=args.seed)
    model = MLPClassifier(
        tuple(args.hidden), activation=args.activation, solver=args.solver,
        learning_rate_init=args.lr, momentum=args.momentum, batch_size=args.batch_size,
        max_epochs=args.epochs, alpha=args.alpha, dtype=args.dtype, backend=args.backend,
        random_state=args.seed, progress=False)
    created = not os.path.exists(args.out)
    os.makedirs(args.out, exist_ok=True)
    try:
        if args.animate is not None:
            anim = animate_training(model, X_train, y_train, epochs=args.epochs,
                                    X_test=X_test, y_test=y_test, out=args.animate)
            print(f"wrote {anim.n_frames} frames to {args.animate}")
        else:
            model.fit(X_train, y_train)
        accuracy = float((model.predict(X_test) == y_test).mean())
        model.save(os.path.join(args.out, "model.npz"))
        disp = plot_decision_surface(model, X_train, y_train, X_test=X_test, y_test=y_test)
        disp.ax_.set_title(f"moons: test accuracy {accuracy:.1%}")
        _save_figure(disp.figure_, os.path.join(args.out, "surface.png"), dpi=110,
                     bbox_inches="tight")
        plt.close("all")
    except BaseException:
        if created:
            import shutil

            shutil.rmtree(args.out, ignore_errors=True)
        raise
    print(f"test accuracy {accuracy:.4f}; wrote {args.out}/model.npz, surface.png")
    return 0


def _train_and_report(args, X_train, y_train, X_test, y_test, shape, names):
    import matplotlib.pyplot as plt

    from .mlp import MLPClassifier
    from .figures.views import plot_confusion_matrix, plot_misclassified, plot_training_history

    def report(model, record):
        print(f"epoch {record['epoch']:3d}  cost {record['cost']:.4f}  "
              f"train {record['train_accuracy']:.4f}  test {record['val_accuracy']:.4f}  "
              f"lr {record['lr']:.4g}  {record['seconds']:.2f}s", flush=True)

    model = MLPClassifier(
        tuple(args.hidden), activation=args.activation, solver=args.solver,
        learning_rate_init=args.lr, momentum=args.momentum, learning_rate=args.schedule,
        step_size=args.step_size, gamma=args.gamma, batch_size=args.batch_size,
        max_epochs=args.epochs, dropout=args.dropout, alpha=args.alpha, dtype=args.dtype,
        backend=args.backend, random_state=args.seed, n_iter_no_change=args.epochs + 1,
        callbacks=[report], progress=False,
    )
    print(f"{args.dataset}: {len(X_train)} training and {len(X_test)} test images, "
          f"network {X_train.shape[1]}-{'-'.join(map(str, args.hidden))}-"
          f"{len(set(y_train.tolist()))}", flush=True)
    model.fit(X_train, y_train, validation_data=(X_test, y_test))
    y_pred = model.predict(X_test)
    accuracy = float((y_pred == y_test).mean())
    model.save(os.path.join(args.out, "model.npz"))
    fig, _ = plot_training_history(model, title=f"{args.dataset}: test accuracy {accuracy:.2%}",
                                   val_label="test")
    _save_figure(fig, os.path.join(args.out, "curves.png"), dpi=110)
    fig, ax = plt.subplots(figsize=(7, 6), layout="constrained")
    plot_confusion_matrix(y_test, y_pred, labels=model.classes_, normalize=True, ax=ax)
    _save_figure(fig, os.path.join(args.out, "confusion.png"), dpi=110)
    fig, _ = plot_misclassified(X_test, y_test, y_pred, image_shape=shape, class_names=names)
    _save_figure(fig, os.path.join(args.out, "misclassified.png"), dpi=110)
    plt.close("all")
    print(f"test accuracy {accuracy:.4f}; wrote {args.out}/model.npz, curves.png, "
          "confusion.png, misclassified.png")
    return 0


def _demo(args):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.model_selection import train_test_split

    from .data.datasets import load_moons
    from .figures.display import plot_decision_surface
    from .data.pipelines import make_moons_pipeline

    _check_image_path(args.out)
    X, y = load_moons(args.samples, noise=args.noise, random_state=args.seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25,
                                                        random_state=args.seed)
    model = make_moons_pipeline(args.model, random_state=args.seed).fit(X_train, y_train)
    accuracy = model.score(X_test, y_test)
    fig, ax = plt.subplots(figsize=(7, 5), dpi=args.dpi)
    plot_decision_surface(
        model, X_train, y_train, ax=ax, X_test=X_test, y_test=y_test, kind=args.kind,
        resolution=args.resolution or "auto", feature_names=("x1", "x2"),
        margin_lines=model.steps[-1][0] == "svc" and hasattr(model, "decision_function"),
    )
    ax.set_title(f"{args.model} on moons: test accuracy {accuracy:.1%}")
    _save_figure(fig, args.out, bbox_inches="tight")
    plt.close(fig)
    print(f"{args.model}: test accuracy {accuracy:.3f}; wrote {args.out}")
    return 0


def main(argv=None):
    """Entry point of the ``surfaceviz`` console script; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None or (args.command == "mlp" and args.mlp_command is None):
        usage = parser if args.command is None else _subparser(parser, "mlp")
        usage.print_usage(sys.stderr)
        parser.exit(2, f"{PROG}: error: a command is needed (see {usage.prog} --help)\n")
    from .figures.gallery import GalleryError

    try:
        return _run(args)
    except GalleryError as exc:  # a gallery script failed: its own traceback is the news
        if args.traceback:
            raise
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.traceback or not _is_user_error(exc):
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2


def _run(args):
    if args.command == "demo":
        return _demo(args)
    if args.command == "gallery":
        from .figures.gallery import build_gallery

        build_gallery(args.src, args.out, pattern=args.pattern, dpi=args.dpi)
        return 0
    if args.command == "diff":
        return _diff(args)
    if args.command == "explore":
        return _explore(args)
    return _mlp_train(args)


def _explore(args):
    """``surfaceviz explore MODEL DATA.csv --target T --out page.html``."""
    import matplotlib

    matplotlib.use("Agg")
    from .figures.explore import Explorer
    from .figures.explore_page import check_page_path

    check_page_path(args.out)
    X, y = _read_csv(args.data, args.target)
    model = _load_model(args.model)
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        missing = [str(n) for n in names if n not in X.columns]
        if missing:
            raise UsageError(f"{args.data}: the model was fitted on columns missing here: "
                             f"{', '.join(missing)}.")
        X = X[list(names)]
    explorer = Explorer(model, X, y, features=args.features, sample=args.sample)
    explorer.save(args.out, steps=args.steps, vary=args.vary, max_images=args.max_images)
    print(f"wrote {args.out}: {type(model).__name__}, slices through "
          f"{' and '.join(explorer.state()['features'])}")
    return 0


def _read_csv(path, target):
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("surfaceviz explore reads CSV files with pandas: pip install "
                          "pandas") from exc
    from ._utils.io import open_regular

    with open_regular(path, "data (CSV)") as f:
        try:
            frame = pd.read_csv(f)
        except ValueError as exc:  # UnicodeDecodeError included
            raise UsageError(f"{path} is not a readable CSV file: {exc}") from exc
    if target not in frame.columns:
        raise UsageError(f"--target {target!r} is not a column of {path}; its columns are "
                         f"{', '.join(map(str, frame.columns))}.")
    return frame.drop(columns=[target]), frame[target].to_numpy()


def _load_model(path):
    """The model in ``path`` (pickle or joblib), said on standard error first."""
    import joblib

    from ._utils.io import open_regular

    print(f"{PROG}: loading the model from {path} (unpickling runs code the file holds: "
          "load only files you trust)", file=sys.stderr)
    with open_regular(path, "model") as f:
        try:
            return joblib.load(f)
        except Exception as exc:  # a file that is not a model: the user's mistake
            raise UsageError(f"{path} could not be loaded as a pickled model: "
                             f"{type(exc).__name__}: {exc}") from exc


def _diff(args):
    """``surfaceviz diff a.npz b.npz``: print the shares; 1 when beyond --max-changed."""
    from .evaluation.diff import compare_surfaces
    from .evaluation.surface import SurfaceGrid

    if args.out is not None:
        _check_image_path(args.out)
    a, b = SurfaceGrid.load(args.a), SurfaceGrid.load(args.b)
    diff = compare_surfaces(a, b, rtol=args.rtol, atol=args.atol)
    print(f"{args.a} -> {args.b}: {diff.summary()}")
    for la, lb, share in diff.pairs():
        print(f"  {la} -> {lb}: {share:.4%} of the grid")
    if args.out is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from .figures.decision_diff import plot_surface_diff

        shown = plot_surface_diff(a, b, names=(os.path.basename(args.a),
                                               os.path.basename(args.b)),
                                  rtol=args.rtol, atol=args.atol)
        _save_figure(shown.figure_, args.out, dpi=110, bbox_inches="tight")
        plt.close(shown.figure_)
        print(f"wrote {args.out}")
    if diff.share > args.max_changed:
        print(f"more than --max-changed {args.max_changed:g} changed", file=sys.stderr)
        return 1
    return 0


def _subparser(parser, name):
    for action in parser._subparsers._group_actions:
        if name in action.choices:
            return action.choices[name]
    raise KeyError(name)


def _is_user_error(exc):
    """Errors a user can fix: bad values, missing files, unwritable folders, no GPU..."""
    from ._utils.io import FileFormatError
    from .evaluation.backend import BackendUnavailableError
    from .data.datasets import DatasetError
    from .mlp import TrainingDivergedError

    return isinstance(exc, (UsageError, ValueError, TypeError, OSError, ImportError,
                            DatasetError, FileFormatError, BackendUnavailableError,
                            TrainingDivergedError))


def _save_figure(fig, path, **kwargs):
    """``fig.savefig`` whole or not at all (a temporary file moved into place)."""
    from ._utils.io import atomic_write

    fmt = os.path.splitext(path)[1].lstrip(".").lower() or "png"
    atomic_write(path, lambda f: fig.savefig(f, format=fmt, **kwargs))


def _check_image_path(path):
    """``path`` can be written as an image: its folder exists, its format is known."""
    import matplotlib

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"--out {path}: the folder {folder} does not exist.")
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    known = FigureCanvasAgg(Figure()).get_supported_filetypes()
    if ext not in known:
        raise UsageError(f"--out {path}: unknown image format {ext!r}; use one of "
                         f"{', '.join(sorted(known))} (matplotlib {matplotlib.__version__}).")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
