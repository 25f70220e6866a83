import numpy as np
import pytest

from surfaceviz.datasets import load_moons
from surfaceviz.pipelines import PIPELINE_KINDS, make_moons_pipeline


@pytest.mark.parametrize("kind", PIPELINE_KINDS)
def test_pipelines_learn_moons(kind):
    X, y = load_moons(300, noise=0.2, random_state=1)
    pipe = make_moons_pipeline(kind).fit(X, y)
    floor = 0.8 if kind == "linear-svc" else 0.9
    assert pipe.score(X, y) > floor


def test_unknown_kind():
    with pytest.raises(ValueError, match="kind must be one of 'linear-svc'"):
        make_moons_pipeline("tree")


def test_load_moons_checks():
    X, y = load_moons(10)
    assert X.shape == (10, 2) and set(np.unique(y)) == {0, 1}
    with pytest.raises(ValueError, match="noise must be >= 0"):
        load_moons(10, noise=-1)
    with pytest.raises(ValueError, match="n_samples must be an integer of at least 2"):
        load_moons(1)
