"""The evaluation options: declared, validated and documented once.

:class:`EvaluationOptions` lists every option that says *how* a model is
evaluated on a grid (which response, which grid, which strategy, where and in
what batches). :func:`evaluate_grid` and
:meth:`DecisionSurfaceDisplay.from_estimator` both take them as keywords
through :func:`accepts_evaluation_options`, which builds (and so validates)
one :class:`EvaluationOptions` from the call, and writes the options into the
function's signature and docstring from the one table here, so the two
entry points cannot drift apart.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import re
import textwrap
from dataclasses import dataclass, fields

import numpy as np

from .._utils.deprecation import deprecated_keyword
from .._utils.validation import (check_choice, check_dtype, check_limits, check_margin,
                          check_positive_int, check_resolution)
from .lift import check_fill_name, check_width
from .response import check_response

STRATEGIES = ("dense", "adaptive")

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20,
          "gib": 2**30}


@dataclass(frozen=True)
class EvaluationOptions:
    """How a model is evaluated on a grid (see :func:`surfaceviz.evaluate_grid`).

    Every field is validated on construction (``ValueError`` / ``TypeError``
    naming the field), before any figure is made or any model is called.
    """

    response: object = "auto"
    resolution: object = 200
    margin: float = 0.05
    xlim: tuple | None = None
    ylim: tuple | None = None
    classes: object = None
    class_of_interest: object = None
    feature_names: tuple | None = None
    features: tuple | None = None
    fill: object = None
    average_rows: int | None = None
    hold: dict | None = None
    slice_width: object = None
    projection: object = None
    inverse: object = None
    refine: object = False
    coarse_step: int | None = None
    refine_levels: object = None
    n_jobs: int | None = None
    backend: object = "numpy"
    dtype: object = None
    batch_size: int | None = None
    max_memory: object = None
    progress: bool | None = None

    def __post_init__(self):
        object.__setattr__(self, "response", check_response(self.response))
        if isinstance(self.resolution, str):
            check_choice("resolution", self.resolution, ("auto",))
        else:
            check_resolution(self.resolution)
        check_margin(self.margin)
        _check_lift_options(self)
        check_limits("xlim", self.xlim)
        check_limits("ylim", self.ylim)
        if isinstance(self.refine, str):
            check_choice("refine", self.refine, ("auto",))
        elif not isinstance(self.refine, (bool, np.bool_)):
            raise TypeError(f"refine must be True, False or 'auto'; got {self.refine!r}.")
        if self.coarse_step is not None:
            check_positive_int("coarse_step", self.coarse_step)
        check_n_jobs(self.n_jobs)
        check_dtype(self.dtype)
        if self.batch_size is not None and self.max_memory is not None:
            raise ValueError("pass batch_size or max_memory, not both; got both.")
        if self.batch_size is not None:
            check_positive_int("batch_size", self.batch_size)
        if self.max_memory is not None:
            parse_memory(self.max_memory)
        if self.progress is not None and not isinstance(self.progress, (bool, np.bool_)):
            raise TypeError(f"progress must be True, False or None; got {self.progress!r}.")

    @property
    def adaptive(self):
        """Whether the grid is surely refined adaptively (``refine=True``);
        ``refine="auto"`` is decided per model and grid."""
        return self.refine is True or self.refine is np.True_

    @property
    def auto_refine(self):
        """Whether adaptive refinement is left to :func:`~surfaceviz.evaluation.evaluate.decide_refine`."""
        return isinstance(self.refine, str)

    def evolve(self, **changes):
        """A copy with ``changes``, which the library derived from fields already
        validated (the planner's refinement levels, a coarse step): they are
        not validated a second time, as ``dataclasses.replace`` would."""
        unknown = set(changes) - set(self.names())
        if unknown:
            raise TypeError(f"unknown evaluation options: {sorted(unknown)}.")
        copy = object.__new__(type(self))
        for name in self.names():
            object.__setattr__(copy, name, changes.get(name, getattr(self, name)))
        return copy

    @classmethod
    def names(cls):
        """The option names, in declaration order."""
        return tuple(f.name for f in fields(cls))


# ------------------------------------------------------- the documentation
#: name -> (numpydoc type line after "name : ", description). The one place
#: the options are documented; docstrings get it through
#: :func:`accepts_evaluation_options`.
OPTION_DOCS = {
    "response": (
        '{"auto", "decision_function", "predict_proba", "predict"} or list of them, '
        'default="auto"',
        "Which response to evaluate; ``\"auto\"`` uses ``decision_function``, then "
        "``predict_proba``, then ``predict`` (regressors and clusterers: ``predict``); "
        "a list such as ``[\"predict_proba\", \"decision_function\"]`` tries those in "
        "order. For a callable with ``classes``, how to read its output."),
    "resolution": (
        "int or tuple of (int, int), default={default}",
        "Grid points along each axis, or ``(nx, ny)``."),
    "margin": (
        "float, default=0.05",
        "Extra room around the data on each side, as a fraction of its range."),
    "xlim": (
        "tuple of (float, float), default=None",
        "Explicit bounds of the first feature; override the data range and ``margin``."),
    "ylim": (
        "tuple of (float, float), default=None",
        "Explicit bounds of the second feature."),
    "classes": (
        "array-like, default=None",
        "Labels that a callable model's output refers to (see "
        ":func:`surfaceviz.evaluation.response.resolve_response`); ignored, with a warning, for "
        "estimators, which know their ``classes_``."),
    "class_of_interest": (
        "label, default=None",
        "Binary: the class whose score is drawn (default: the second). Multiclass: "
        "draw that one class's score instead of all regions."),
    "feature_names": (
        "sequence of two str, default=None",
        "Names of the two features (axis labels); default: the columns of a "
        "DataFrame ``X``."),
    "features": (
        "tuple of two int or str, default=None",
        "For ``X`` with more than two columns: the two features to draw (column "
        "indices or, for a DataFrame, names); every other feature is held at ``fill`` "
        "(a slice through the model). Without it, such data are drawn as a map (see "
        "``projection``)."),
    "fill": (
        '"median", "mean", "average", dict or one row, default=None',
        "The values of the features a slice holds: ``\"median\"`` (the default; the "
        "most frequent value for integer, boolean, object and categorical columns), "
        "``\"mean\"``, a dict by index or name for some of them (the rest as the "
        "default), or one full row (a 1-D array of length ``d``, or a one-row DataFrame). "
        "``\"average\"`` holds nothing: the response at each point is averaged over rows "
        "of the data (two-way partial dependence; see ``average_rows``)."),
    "average_rows": (
        "int, default=None",
        "With ``fill=\"average\"``: how many of the data's rows are averaged over (a fixed "
        "random subsample; default 200, or all rows when fewer). The model is evaluated "
        "at (grid points x rows) points, in calls of at most 65,536 rows."),
    "hold": (
        "dict, default=None",
        "With ``fill=\"average\"``: features held at one value in every averaged row "
        "(``{feature: value}``), the average taken over the others: a partial dependence "
        "conditional on them (``plot_slices`` holds the feature it varies this way)."),
    "slice_width": (
        "float or dict, default=None",
        "The slab of a slice: points whose held features lie within this half-width "
        "of the fill values are drawn as usual, the others hidden or faded (see "
        "``outside``). A float is in standard deviations of each held feature (exact "
        "equality for non-numeric ones); a dict gives ``{feature: half-width}`` in the "
        "feature's units."),
    "projection": (
        '"pca", "umap", "supervised", transformer or array of shape (n_samples, 2), '
        'default=None',
        "For ``X`` with more than two columns and no ``features``: embed the data in 2-D "
        "and draw the model over the embedding (a map; default ``\"pca\"``; "
        "``\"supervised\"`` trains an embedding with the labels ``y``). A "
        "transformer (fitted or not; a fitted copy is used when it is not) with "
        "``inverse_transform``, or any transformer or a given embedding together with "
        "``inverse``. The map's fidelity (the share of points whose prediction the map "
        "shows) is measured and stored."),
    "inverse": (
        '"mlp" or regressor, default=None',
        "A map's way back from the embedding to the data: ``\"mlp\"`` (a learned "
        "multi-layer perceptron), or a regressor (fitted on embedding -> X, or unfitted: "
        "a fitted copy is made), e.g. ``KNeighborsRegressor()``."),
    "refine": (
        'bool or "auto", default={default}',
        "``False`` evaluates every grid point. ``True`` evaluates a coarse lattice and "
        "refines only cells whose corners disagree on the class (or straddle one of "
        "``refine_levels``), filling the rest by interpolation; see "
        ":mod:`surfaceviz.evaluation.adaptive` for its guarantee and caveat. (It "
        "replaces ``strategy=\"adaptive\"``, deprecated.) ``\"auto\"`` refines "
        "adaptively where the picture stays exact: label regions, binary and one-class "
        "surfaces drawn in bands known before evaluation (refined around every band "
        "edge and the class boundary: probabilities, or a decision function whose "
        "colour range comes from its values at the data), and continuous surfaces "
        "with ``levels`` to draw; from a coarse lattice of at least 40 cells along the shorter "
        "axis, when the model is not cheap (the lattice's own evaluation is timed: "
        "where the whole grid would take no more than 0.1 s, it is evaluated densely) "
        "and the lattice's cells have no islands at their centres (256 are tested). "
        "Class regions of probabilities are refined around their shading bands too; "
        "regions of decision functions (shaded up to the grid's largest margin), "
        "continuous colours (``kind=\"image\"``) and other surfaces are evaluated "
        "densely."),
    "coarse_step": (
        "int, default=None",
        "Adaptive only: spacing of the coarse lattice, a power of two. Default: the "
        "largest leaving at least 64 cells along the shorter axis."),
    "refine_levels": (
        "sequence of float, default=None",
        "Adaptive refinement only (it replaces ``levels=`` of :func:`evaluate_grid`, "
        "deprecated): contour levels to refine around on a continuous surface "
        "(regressors, callables without classes); on a binary or one-class "
        "surface besides its class boundary; on class regions, of the winner's "
        "margin over the runner-up (their confidence shading)."),
    "n_jobs": (
        "int, default=None",
        "Evaluate batches in parallel with joblib (``-1``: all cores), in threads "
        "unless ``joblib.parallel_config(backend=...)`` names another backend "
        "(``\"loky\"`` processes, Dask, Ray). Results are identical to the serial path."),
    "backend": (
        '{"numpy", "cupy", "auto"} or array namespace module, default="numpy"',
        "Where to evaluate. ``\"cupy\"`` needs CuPy and a GPU; ``\"auto\"`` uses CuPy "
        "when usable, else NumPy. Models that cannot run there fall back to NumPy "
        "with a warning."),
    "dtype": (
        '{"float32", "float64"}, default=None',
        "Floating type of the evaluation (default float32 on a device, float64 on "
        "NumPy); float32 on NumPy speeds up the models that :mod:`surfaceviz.evaluation.compiled` "
        "rebuilds, and is ignored with a warning for the others."),
    "batch_size": (
        "int, default=None",
        "Grid points per model call (bounds the evaluation's memory; 32,768 on the "
        "CPU, 4,194,304 on a device by default)."),
    "max_memory": (
        "int or str, default=None",
        "Working-memory budget beyond the output, in bytes or as ``\"256MB\"``, "
        "``\"1GiB\"``...; the batch size is derived from the memory the model "
        "allocates per point (measured on a small probe). Exclusive with "
        "``batch_size``."),
    "progress": (
        "bool or None, default=None",
        "Show a tqdm progress bar: ``None`` shows one on a terminal when the "
        "evaluation takes more than half a second; ``False`` never; ``True`` always "
        "(needs tqdm)."),
}

#: The placeholder a docstring writes where the options' documentation goes.
PLACEHOLDER = "{evaluation_options}"


def options_doc(names, defaults=None, extra=None, indent="    "):
    """numpydoc Parameters entries of the options ``names``.

    Parameters
    ----------
    names : sequence of str
    defaults : dict, default=None
        Option -> a default other than the dataclass's.
    extra : dict, default=None
        Option -> a sentence appended to its description.
    indent : str, default="    "
        Indentation of the ``name : type`` lines.
    """
    defaults, extra = defaults or {}, extra or {}
    base = {f.name: f.default for f in fields(EvaluationOptions)}
    out = []
    for name in names:
        type_line, text = OPTION_DOCS[name]
        type_line = type_line.replace("{default}", repr(defaults.get(name, base[name])))
        if name in extra:
            text = f"{text} {extra[name]}"
        out.append(f"{indent}{name} : {type_line}")
        out.extend(textwrap.wrap(text, width=76, initial_indent=indent + "    ",
                                 subsequent_indent=indent + "    "))
    return "\n".join(out)


def accepts_evaluation_options(*, exclude=(), defaults=None, extra_doc=None):
    """Decorator: the function takes the evaluation options as keywords.

    The decorated function declares a keyword-only parameter ``options``; the
    wrapper takes every option by name (keyword-only), builds one validated
    :class:`EvaluationOptions` and passes it as ``options``. Keywords that
    are not options go on to the function (its ``**kwargs``, if any). The
    wrapper's signature lists the options, and :data:`PLACEHOLDER` in the
    docstring is replaced by their documentation.

    Parameters
    ----------
    exclude : sequence of str, default=()
        Options the function does not take as keywords.
    defaults : dict, default=None
        Option -> the function's own default.
    extra_doc : dict, default=None
        Option -> a sentence added to its documentation for this function.
    """
    defaults = dict(defaults or {})
    names = [n for n in EvaluationOptions.names() if n not in exclude]

    def decorate(func):
        sig = inspect.signature(func)
        params = [p for p in sig.parameters.values() if p.name != "options"]
        base = {f.name: f.default for f in fields(EvaluationOptions)}
        added = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY,
                                   default=defaults.get(n, base[n])) for n in names]
        var_kw = [p for p in params if p.kind is inspect.Parameter.VAR_KEYWORD]
        params = [p for p in params if p.kind is not inspect.Parameter.VAR_KEYWORD]
        new_sig = sig.replace(parameters=params + added + var_kw)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            _renamed_options(kwargs, var_kw_takes_levels=bool(var_kw), func=func.__name__)
            given = {n: kwargs.pop(n) for n in names if n in kwargs}
            if not var_kw:
                unknown = sorted(k for k in kwargs if k not in sig.parameters or k == "options")
                if unknown:
                    raise TypeError(f"{func.__name__}() got an unexpected keyword argument "
                                    f"{unknown[0]!r}.")
            options = EvaluationOptions(**{**defaults, **given})
            return func(*args, options=options, **kwargs)

        wrapper.__signature__ = new_sig
        if func.__doc__ and PLACEHOLDER in func.__doc__:
            indent = re.search(r"^([ \t]*)" + re.escape(PLACEHOLDER), func.__doc__, re.M)
            doc = options_doc(names, defaults, extra_doc, indent.group(1))
            wrapper.__doc__ = func.__doc__.replace(indent.group(0), doc)
        return wrapper

    return decorate


def _renamed_options(kwargs, *, var_kw_takes_levels, func):
    """The deprecated spellings of options, in ``kwargs``, turned into the new
    ones with a warning at the caller's line: ``strategy=`` (now ``refine``) and,
    where ``levels`` is not a plot keyword of the function, ``levels=`` (now
    ``refine_levels``)."""
    if "strategy" in kwargs:
        strategy = kwargs.pop("strategy")
        check_choice("strategy", strategy, STRATEGIES)
        deprecated_keyword("strategy", "refine", note=' (strategy="adaptive" is refine=True; '
                           'strategy="dense", the default, is refine=False)')
        if strategy == "adaptive":
            kwargs["refine"] = True
    if "levels" in kwargs and not var_kw_takes_levels:
        if "refine_levels" in kwargs:
            raise TypeError(f"{func}() got refine_levels= and its deprecated spelling "
                            "levels=; give refine_levels= only.")
        deprecated_keyword("levels", "refine_levels")
        kwargs["refine_levels"] = kwargs.pop("levels")


# ---------------------------------------------------------------- checks
def _check_lift_options(options):
    """Types of the lift options (their values are checked against X later)."""
    features = options.features
    if features is not None and (isinstance(features, (str, bytes))
                                 or not hasattr(features, "__len__")):
        raise TypeError(f"features must be a pair of column indices or names; got "
                        f"{features!r}.")
    if options.slice_width is not None and not isinstance(options.slice_width, dict):
        check_width(options.slice_width, "slice_width", dict_ok=True)
    if isinstance(options.fill, str):
        check_fill_name(options.fill)
    if options.average_rows is not None:
        check_positive_int("average_rows", options.average_rows)
    if options.hold is not None and not isinstance(options.hold, dict):
        raise TypeError(f"hold must be a dict {{feature: value}}; got "
                        f"{type(options.hold).__name__} {options.hold!r}.")


def check_n_jobs(n_jobs):
    """``n_jobs`` as an int, or None."""
    if n_jobs is None:
        return None
    if isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, numbers.Integral):
        raise TypeError(f"n_jobs must be an integer or None; got {type(n_jobs).__name__} {n_jobs!r}.")
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive integer, -1 for all cores, or None; got 0.")
    return int(n_jobs)


def parse_memory(value):
    """Bytes from an int or a string such as ``"512MB"`` or ``"1.5GiB"``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"max_memory must be a number of bytes or a string like '512MB'; got {value!r}.")
    if isinstance(value, numbers.Real):
        number = float(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*", value)
        if not match or match.group(2).lower() not in _UNITS:
            raise ValueError(
                f"max_memory must look like '512MB', '1GiB' or a number of bytes; got {value!r}."
            )
        number = float(match.group(1)) * _UNITS[match.group(2).lower()]
    else:
        raise TypeError(
            f"max_memory must be a number of bytes or a string like '512MB'; got {type(value).__name__}."
        )
    if not np.isfinite(number) or number < 1:
        raise ValueError(f"max_memory must be a positive amount; got {value!r}.")
    return int(number)
