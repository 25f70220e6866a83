"""The moons pipelines: ordinary scikit-learn Pipelines, ready to fit."""

from __future__ import annotations

from .._utils.validation import check_choice

PIPELINE_KINDS = ("linear-svc", "poly-linear-svc", "poly-svc", "rbf-svc", "mlp")


def make_moons_pipeline(kind="poly-linear-svc", *, degree=3, C=10.0, gamma="scale",
                        coef0=1.0, hidden_layer_sizes=(32, 32), random_state=0):
    """A classifier pipeline for the moons data.

    Parameters
    ----------
    kind : {"linear-svc", "poly-linear-svc", "poly-svc", "rbf-svc"}, default="poly-linear-svc"
        ``"linear-svc"``: StandardScaler + LinearSVC.
        ``"poly-linear-svc"``: PolynomialFeatures(degree) + StandardScaler +
        LinearSVC(C, loss="hinge").
        ``"poly-svc"``: StandardScaler + SVC(kernel="poly", degree, coef0, C).
        ``"rbf-svc"``: StandardScaler + SVC(kernel="rbf", gamma, C).
        ``"mlp"``: StandardScaler + the bundled :class:`~surfaceviz.MLPClassifier`.
    degree : int, default=3
        Polynomial degree (poly kinds).
    C : float, default=10.0
        Regularisation strength's inverse.
    gamma : float or {"scale", "auto"}, default="scale"
        RBF kernel width.
    coef0 : float, default=1.0
        Independent term of the polynomial kernel.
    hidden_layer_sizes : tuple of int, default=(32, 32)
        The MLP's hidden layers.
    random_state : int, default=0
        Seed of LinearSVC's solver and of the MLP.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted.

    Examples
    --------
    >>> pipe = make_moons_pipeline("rbf-svc", gamma=2.0)
    >>> [name for name, _ in pipe.steps]
    ['scaler', 'svc']
    """
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler
    from sklearn.svm import SVC, LinearSVC

    check_choice("kind", kind, PIPELINE_KINDS)
    if kind == "linear-svc":
        steps = [("scaler", StandardScaler()),
                 ("svc", LinearSVC(C=C, random_state=random_state))]
    elif kind == "poly-linear-svc":
        steps = [("poly", PolynomialFeatures(degree=degree)),
                 ("scaler", StandardScaler()),
                 ("svc", LinearSVC(C=C, loss="hinge", max_iter=20_000,
                                   random_state=random_state))]
    elif kind == "poly-svc":
        steps = [("scaler", StandardScaler()),
                 ("svc", SVC(kernel="poly", degree=degree, coef0=coef0, C=C))]
    elif kind == "rbf-svc":
        steps = [("scaler", StandardScaler()), ("svc", SVC(kernel="rbf", gamma=gamma, C=C))]
    else:
        from ..mlp import MLPClassifier

        steps = [("scaler", StandardScaler()),
                 ("mlp", MLPClassifier(hidden_layer_sizes, activation="tanh",
                                       learning_rate_init=0.05, max_epochs=200,
                                       random_state=random_state))]
    return Pipeline(steps)
