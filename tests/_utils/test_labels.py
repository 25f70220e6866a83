"""The one class-label lookup."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from surfaceviz import SurfaceGrid
from surfaceviz._utils.labels import class_index, differs, label_key, positive_index
from surfaceviz.evaluation.surface import predicted_index


def test_label_keys_unify_numeric_types():
    assert label_key(np.int64(1)) == label_key(1.0) == label_key(1)
    assert label_key(np.str_("a")) == "a"
    assert label_key(1.5) == 1.5


@pytest.mark.parametrize("classes, label, expected", [
    (np.array([0, 1, 2]), 2, 2),
    (np.array([0.0, 1.0]), 1, 1),
    (np.array(["a", "b"]), "b", 1),
    (np.array([-3, 7]), np.int32(-3), 0),
    (np.array(["a", 7], dtype=object), 7, 1),
])
def test_class_index_finds_the_label(classes, label, expected):
    assert class_index(classes, label) == expected


def test_class_index_raises_when_absent():
    with pytest.raises(ValueError, match=r"class_of_interest must be one of the classes "
                                         r"\[0, 1\]; got 5"):
        class_index(np.array([0, 1]), 5)
    with pytest.raises(ValueError, match=r"pos_label must be one of the classes \['a', 'b'\]"):
        positive_index(np.array(["a", "b"]), "c")
    with pytest.raises(ValueError, match="must be one of the classes None"):
        class_index(None, 1)


def test_positive_index_defaults_to_the_second_class():
    assert positive_index(np.array([3, 4]), None) == 1
    assert positive_index(None, None) == 1
    assert positive_index(np.array([3, 4]), 3) == 0


def test_absent_pos_label_is_an_error_not_class_one():
    """An unknown pos_label used to be read silently as the second class."""
    g = SurfaceGrid(x=[0, 1], y=[0, 1], values=np.array([[0.2, 0.8], [0.4, 0.6]]),
                    response="predict_proba", task="binary", classes=np.array([0, 1]),
                    threshold=0.5, pos_label=9)
    with pytest.raises(ValueError, match="pos_label must be one of the classes"):
        g.predicted()
    with pytest.raises(ValueError, match="pos_label"):
        predicted_index(g.values, "binary", g.classes, 0.5, 9)


def test_differs():
    np.testing.assert_array_equal(differs([1, 2, "a"], [1.0, 3, "a"]), [False, True, False])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([np.int64, np.int32, np.uint8, np.bool_, np.float64, np.float32]),
       st.sampled_from([np.int64, np.uint16, np.bool_, np.float64]),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.booleans()),
                min_size=1, max_size=30))
def test_differs_on_numbers_equals_the_label_key_comparison(kind_a, kind_b, rows):
    a = np.array([r[0] for r in rows]).astype(kind_a)
    b = np.array([r[1] for r in rows]).astype(kind_b)
    if np.dtype(kind_a).kind == "f":  # half-way values and NaN are labels too
        a = np.where([r[2] for r in rows], a + 0.5, a)
        a[0] = np.nan
    expected = [label_key(u) != label_key(v) for u, v in zip(a, b)]
    np.testing.assert_array_equal(differs(a, b), expected)
