"""The ``surfaceviz`` command."""

from __future__ import annotations

import argparse
import sys

from .pipelines import PIPELINE_KINDS


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="surfaceviz",
        description="Draw what a fitted classifier has learned: its decision surface.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"surfaceviz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo(sub)
    _add_gallery(sub)
    _add_mlp(sub)
    return parser


def _add_demo(sub):
    demo = sub.add_parser(
        "demo",
        help="train a moons pipeline and write its decision surface to a PNG",
        description="Train a moons pipeline on built-in data and write its decision surface.",
    )
    demo.add_argument("--out", default="moons.png", help="output image (default: moons.png)")
    demo.add_argument("--model", choices=PIPELINE_KINDS, default="poly-linear-svc",
                      help="pipeline to train (default: poly-linear-svc)")
    demo.add_argument("--samples", type=int, default=500, help="number of moons points")
    demo.add_argument("--noise", type=float, default=0.25, help="noise of the moons")
    demo.add_argument("--kind", choices=("contourf", "contour", "pcolormesh", "image"),
                      default="contourf", help="how to draw the surface")
    demo.add_argument("--resolution", type=int, default=None,
                      help="grid points per axis (default: the figure's pixels)")
    demo.add_argument("--dpi", type=int, default=120, help="image resolution")
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
    gallery.add_argument("--dpi", type=int, default=100)


def _add_mlp(sub):
    mlp = sub.add_parser("mlp", help="train the bundled MLP on images",
                         description="The bundled NumPy multi-layer perceptron.")
    mlp_sub = mlp.add_subparsers(dest="mlp_command", metavar="ACTION")
    train = mlp_sub.add_parser(
        "train", help="train on MNIST, Fashion-MNIST or scikit-learn's digits",
        description="Train an MLP and write its weights, curves, confusion matrix and "
                    "misclassified images.")
    train.add_argument("--dataset", choices=("mnist", "fashion-mnist", "digits"),
                       default="digits", help="data set (default: digits, offline)")
    train.add_argument("--data", default=None,
                       help="folder with the four IDX files (default: the usual places)")
    train.add_argument("--download", action="store_true",
                       help="download MNIST/Fashion-MNIST when not found")
    train.add_argument("--no-verify", action="store_true",
                       help="skip the SHA-256 check (your own IDX files)")
    train.add_argument("--hidden", type=int, nargs="+", default=[512],
                       help="hidden layer sizes (default: 512)")
    train.add_argument("--activation", default="relu",
                       choices=("relu", "leaky_relu", "tanh", "sigmoid"))
    train.add_argument("--epochs", type=int, default=20)
    train.add_argument("--batch-size", type=int, default=128)
    train.add_argument("--lr", type=float, default=0.1, help="initial learning rate")
    train.add_argument("--solver", choices=("sgd", "adam"), default="sgd")
    train.add_argument("--momentum", type=float, default=0.9)
    train.add_argument("--schedule", choices=("constant", "invscaling", "step"),
                       default="step", help="learning-rate schedule (default: step)")
    train.add_argument("--step-size", type=int, default=8, help="epochs per step")
    train.add_argument("--gamma", type=float, default=0.3, help="factor per step")
    train.add_argument("--dropout", type=float, default=0.2)
    train.add_argument("--alpha", type=float, default=0.0, help="L2 strength")
    train.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    train.add_argument("--backend", choices=("numpy", "cupy", "auto"), default="numpy")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default="run", help="output folder (default: run/)")


def _load_images(args):
    from . import datasets

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
    import os

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .mlp import MLPClassifier
    from .views import plot_confusion_matrix, plot_misclassified, plot_training_history

    X_train, y_train, X_test, y_test, shape, names = _load_images(args)
    os.makedirs(args.out, exist_ok=True)

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
    fig.savefig(os.path.join(args.out, "curves.png"), dpi=110)
    fig, ax = plt.subplots(figsize=(7, 6), layout="constrained")
    plot_confusion_matrix(y_test, y_pred, labels=model.classes_, normalize=True, ax=ax)
    fig.savefig(os.path.join(args.out, "confusion.png"), dpi=110)
    fig, _ = plot_misclassified(X_test, y_test, y_pred, image_shape=shape, class_names=names)
    fig.savefig(os.path.join(args.out, "misclassified.png"), dpi=110)
    plt.close("all")
    print(f"test accuracy {accuracy:.4f}; wrote {args.out}/model.npz, curves.png, "
          "confusion.png, misclassified.png")
    return 0


def _demo(args):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.model_selection import train_test_split

    from .datasets import load_moons
    from .display import plot_decision_surface
    from .pipelines import make_moons_pipeline

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
    fig.savefig(args.out, bbox_inches="tight")
    plt.close(fig)
    print(f"{args.model}: test accuracy {accuracy:.3f}; wrote {args.out}")
    return 0


def main(argv=None):
    """Entry point of the ``surfaceviz`` console script."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo":
        return _demo(args)
    if args.command == "gallery":
        from .gallery import GalleryError, build_gallery

        try:
            build_gallery(args.src, args.out, pattern=args.pattern, dpi=args.dpi)
        except (GalleryError, FileNotFoundError) as exc:
            print(exc, file=sys.stderr)
            return 1
        return 0
    if args.command == "mlp":
        if args.mlp_command == "train":
            return _mlp_train(args)
        parser.parse_args(["mlp", "--help"])
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
