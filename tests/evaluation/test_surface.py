import numpy as np
import pytest

from surfaceviz import SurfaceGrid


def _grid(values, task, **kw):
    ny, nx = values.shape[:2]
    return SurfaceGrid(x=np.arange(nx, dtype=float), y=np.arange(ny, dtype=float),
                       values=values, task=task, **kw)


def test_multiclass_margins_positive_exactly_where_class_wins():
    rng = np.random.default_rng(0)
    values = rng.random((6, 7, 4))
    g = _grid(values, "multiclass", response="predict_proba", classes=np.arange(4))
    m = g.class_margins()
    pred = g.predicted()
    np.testing.assert_array_equal(np.argmax(m, axis=-1), pred)
    assert (m.max(axis=-1) >= 0).all()
    assert ((m > 0).sum(axis=-1) <= 1).all()
    top2 = np.sort(values, axis=-1)[..., -2:]
    np.testing.assert_allclose(g.confidence(), top2[..., 1] - top2[..., 0])


def test_binary_margins_and_confidence():
    values = np.array([[0.1, 0.5, 0.9]])
    g = _grid(values, "binary", response="predict_proba", classes=np.array(["a", "b"]),
              threshold=0.5, pos_label="b")
    np.testing.assert_array_equal(g.predicted(), [[0, 1, 1]])
    np.testing.assert_allclose(g.confidence(), [[0.8, 0.0, 0.8]])
    np.testing.assert_allclose(g.class_margins()[..., 1], values - 0.5)


def test_binary_decision_with_first_class_positive():
    values = np.array([[-2.0, 1.0]])
    g = _grid(values, "binary", response="decision_function", classes=np.array([3, 8]),
              threshold=0.0, pos_label=3)
    np.testing.assert_array_equal(g.classes[g.predicted()], [[8, 3]])
    np.testing.assert_allclose(g.confidence(), [[1.0, 0.5]])


def test_labels_surface_for_class_of_interest():
    values = np.array([[0, 1, 2]])
    g = _grid(values, "labels", response="predict", classes=np.array([0, 1, 2]),
              class_of_interest=1)
    np.testing.assert_array_equal(g.surface(), [[0.0, 1.0, 0.0]])
    np.testing.assert_array_equal(g.confidence(), np.ones((1, 3)))


def test_surface_needs_class_of_interest_for_multiclass():
    g = _grid(np.zeros((2, 2, 3)), "multiclass", response="predict_proba", classes=np.arange(3))
    with pytest.raises(ValueError, match="set class_of_interest"):
        g.surface()


def test_downsample_keeps_bounds_and_values():
    values = np.arange(100 * 80, dtype=float).reshape(80, 100)
    g = _grid(values, "continuous", response="callable")
    d = g.downsample(10, 8)
    assert d.shape == (8, 10)
    assert (d.x[0], d.x[-1], d.y[0], d.y[-1]) == (0, 99, 0, 79)
    iy = d.y.astype(int)
    ix = d.x.astype(int)
    np.testing.assert_array_equal(d.values, values[np.ix_(iy, ix)])
    assert g.downsample(200, 200) is g


def test_bad_shapes_rejected():
    with pytest.raises(ValueError, match=r"values must have shape \(ny, nx"):
        SurfaceGrid(x=np.arange(3), y=np.arange(2), values=np.zeros((3, 2)),
                    response="callable", task="continuous")
    with pytest.raises(ValueError, match="task must be one of"):
        _grid(np.zeros((2, 2)), "regression", response="predict")


def test_continuous_surface_has_no_classes():
    g = _grid(np.zeros((2, 2)), "continuous", response="predict")
    with pytest.raises(ValueError, match="a continuous surface has no predicted class"):
        g.predicted()
    with pytest.raises(ValueError, match="a continuous surface has no classes"):
        g.class_margins()


def test_class_index_unknown_label():
    g = _grid(np.zeros((2, 2), dtype=int), "labels", response="predict",
              classes=np.array(["a", "b"]))
    with pytest.raises(ValueError, match=r"must be one of the classes \['a', 'b'\]; got 'z'"):
        g.class_index("z")


def test_object_classes_come_back_exactly(tmp_path):
    """Issue 11: labels round-trip with their types (they used to come back as text)."""
    g = _grid(np.zeros((2, 3), dtype=int), "labels", response="predict",
              classes=np.array(["a", 7], dtype=object))
    g.save(tmp_path / "o.npz")
    back = SurfaceGrid.load(tmp_path / "o.npz")
    assert back.classes.tolist() == ["a", 7] and back.classes.dtype == object
