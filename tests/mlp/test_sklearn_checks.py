"""scikit-learn's estimator checks on the bundled MLPClassifier."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from surfaceviz.mlp import MLPClassifier


@parametrize_with_checks([MLPClassifier((16,), random_state=0)])
def test_sklearn_compatible(estimator, check):
    check(estimator)
