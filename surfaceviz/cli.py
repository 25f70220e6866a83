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
    return parser


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
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
