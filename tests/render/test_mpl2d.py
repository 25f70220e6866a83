"""Style keywords: the user's key always wins, aliases included."""

import pytest
from matplotlib.collections import PathCollection

from surfaceviz.render.mpl2d import check_kw, contour_style, merge_style, scatter_style


def test_user_alias_replaces_our_canonical_key():
    out = scatter_style({"edgecolors": "black", "linewidths": 0.6, "c": "blue"},
                        {"edgecolor": "red", "lw": 2}, "scatter_kw")
    assert out == {"edgecolors": "red", "linewidths": 2, "c": "blue"}


def test_user_colour_drops_all_of_ours():
    out = scatter_style({"c": "blue", "facecolors": "none"}, {"color": "green"}, "scatter_kw")
    assert out == {"color": "green"}
    out = contour_style({"colors": "black", "linewidths": 1.0}, {"cmap": "viridis"},
                        "boundary_kw")
    assert out == {"cmap": "viridis", "linewidths": 1.0}


def test_user_keys_win_for_marker_and_label():
    out = scatter_style({"marker": "o", "label": "0"}, {"marker": "x", "label": "mine"}, "kw")
    assert out == {"marker": "x", "label": "mine"}


def test_both_alias_and_name_from_the_user_is_an_error():
    with pytest.raises(TypeError, match="scatter_kw: Got both 'edgecolor' and 'ec'"):
        merge_style({}, {"edgecolor": "r", "ec": "b"}, artist=PathCollection, name="scatter_kw")


@pytest.mark.parametrize("value", ["red", 5, ["s", 3]])
def test_kw_that_is_not_a_mapping_is_a_type_error(value):
    with pytest.raises(TypeError, match="scatter_kw must be a dict of keyword arguments"):
        check_kw("scatter_kw", value)


def test_check_kw_copies():
    given = {"s": 3}
    out = check_kw("x", given)
    out["s"] = 4
    assert given == {"s": 3} and check_kw("x", None) == {}
