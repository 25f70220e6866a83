"""The shape of the codebase: no import cycle, short functions, one warning path,
the evaluation options declared once."""

import ast
import inspect
import pathlib
import re

import pytest

import surfaceviz
from surfaceviz import DecisionSurfaceDisplay, evaluate_grid
from surfaceviz.evaluation.options import OPTION_DOCS, EvaluationOptions

PACKAGE = pathlib.Path(surfaceviz.__file__).resolve().parent
#: Longest function allowed, in lines of code (docstring, comments and blank
#: lines excluded), unless a comment in it says "one piece:" and why.
MAX_FUNCTION_LINES = 60


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _resolve(module, is_package, node, modules):
    """Absolute module names an import statement of ``module`` names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module if is_package else module.rpartition(".")[0]
    for _ in range(max(node.level - 1, 0)):
        base = base.rpartition(".")[0]
    target = (base + ("." + node.module if node.module else "")) if node.level else node.module
    # "from . import x" imports the submodule x when there is one, else a
    # name defined in the package's __init__
    return [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
            for alias in node.names]


def import_graph():
    """Module -> the surfaceviz modules it imports (at top level or inside functions)."""
    modules = dict(_modules())
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _resolve(name, path.name == "__init__.py", node, modules):
                    if target in modules and target != name:
                        edges.add(target)
        graph[name] = edges
    return graph


def find_cycle(graph):
    """One import cycle as a list of modules, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 25 and "surfaceviz.figures.display" in graph["surfaceviz"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def _code_lines(lines, node):
    body = node.body
    doc = None
    if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)):
        doc = range(body[0].lineno, body[0].end_lineno + 1)
    count = 0
    for number in range(node.lineno, node.end_lineno + 1):
        text = lines[number - 1].strip()
        if text and not text.startswith("#") and (doc is None or number not in doc):
            count += 1
    return count


def test_no_long_functions():
    long = []
    for name, path in _modules():
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            n = _code_lines(lines, node)
            text = "\n".join(lines[node.lineno - 1:node.end_lineno])
            if n > MAX_FUNCTION_LINES and "# one piece:" not in text:
                long.append(f"{name}.{node.name}: {n} lines")
    assert not long, long


def test_warnings_go_through_one_helper():
    """Only surfaceviz._utils.warnings calls warnings.warn (the stack walk lives there)."""
    offenders = []
    for name, path in _modules():
        if name == "surfaceviz._utils.warnings":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "warn" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "warnings"):
                offenders.append(f"{name}:{node.lineno}")
    assert not offenders, offenders


def test_no_stacklevel_counted_by_hand():
    for name, path in _modules():
        if name != "surfaceviz._utils.warnings":
            assert "stacklevel" not in path.read_text(), name


# ------------------------------------------------ the evaluation options
def test_options_are_declared_once_and_documented():
    names = EvaluationOptions.names()
    assert set(names) == set(OPTION_DOCS)
    grid_params = inspect.signature(evaluate_grid).parameters
    disp_params = inspect.signature(DecisionSurfaceDisplay.from_estimator).parameters
    for name in names:
        assert grid_params[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert grid_params[name].default == getattr(EvaluationOptions(), name)
        assert name in disp_params
    assert disp_params["resolution"].default == "auto"
    assert list(disp_params)[-1] == "plot_kwargs"


def _entries(doc):
    """Parameter name -> its documentation block, from a numpydoc docstring."""
    doc = inspect.cleandoc(doc)
    params = doc.split("Parameters\n----------\n")[1].split("\n\n")[0]
    out, current = {}, None
    for line in params.splitlines():
        if line and not line[0].isspace():  # "name : type" or "**kwargs"
            current = line.split(" : ")[0]
            out[current] = [line]
        elif current:
            out[current].append(line.strip())
    return {k: " ".join(v) for k, v in out.items()}


def test_both_entry_points_share_the_option_docs():
    grid_doc = _entries(evaluate_grid.__doc__)
    disp_doc = _entries(DecisionSurfaceDisplay.from_estimator.__doc__)
    for name in EvaluationOptions.names():
        assert name in grid_doc, name
        if name in ("resolution", "refine"):  # the display defaults to "auto"
            continue
        assert grid_doc[name] == disp_doc[name], name
    assert '"auto"' in disp_doc["resolution"]
    assert "default='auto'" in disp_doc["refine"] and "default=False" in grid_doc["refine"]
    assert "{evaluation_options}" not in evaluate_grid.__doc__


def test_unknown_keyword_is_a_type_error(moons):
    X, y = moons
    with pytest.raises(TypeError, match="evaluate_grid.. got an unexpected keyword argument "
                                        "'resolutoin'"):
        evaluate_grid(lambda p: p[:, 0], X, resolutoin=10)


def test_options_are_validated_before_any_figure(moons):
    import matplotlib.pyplot as plt

    X, y = moons
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="strategy must be one of"):
        surfaceviz.plot_decision_surface(lambda p: p[:, 0], X, strategy="fast")
    with pytest.raises(ValueError, match="pass batch_size or max_memory, not both"):
        EvaluationOptions(batch_size=10, max_memory="1MB")
    assert plt.get_fignums() == before


# ------------------------------------------------------------- the layers
#: The package's folders are its layers, in the order of the data flow:
#: model -> plan -> evaluation -> SurfaceGrid -> figures -> render. Each folder
#: may import the folders listed for it (and itself); top-level modules
#: (``cli``, ``testing``, ``pytest_plugin``, the kept import paths) may import
#: anything.
LAYERS = {
    "_utils": {"_utils"},
    "evaluation": {"evaluation", "_utils"},
    "render": {"render", "_utils"},
    "data": {"data", "_utils", "mlp"},
    "mlp": {"mlp", "_utils", "evaluation"},
    "figures": {"figures", "evaluation", "render", "_utils", "data", "mlp"},
}
#: The modules at the top of the package.
TOP_LEVEL = {"cli", "testing", "pytest_plugin", "datasets", "pipelines", "views", "gallery"}


def _short(name):
    return name.replace("surfaceviz.", "", 1)


def _folder(name):
    """The layer folder of a module (None for the package's top level)."""
    parts = _short(name).split(".")
    return parts[0] if len(parts) > 1 or parts[0] in LAYERS else None


def test_folders_cover_the_package():
    names = {_short(n) for n, _ in _modules()} - {"surfaceviz"}
    top = {n for n in names if "." not in n and n not in LAYERS}
    assert top == TOP_LEVEL, top ^ TOP_LEVEL
    assert {n.split(".")[0] for n in names} - TOP_LEVEL == set(LAYERS)


def test_each_folder_imports_only_the_layers_below_it():
    graph = import_graph()
    bad = []
    for name, targets in graph.items():
        folder = _folder(name)
        if folder is None:
            continue
        for target in targets:
            other = _folder(target)
            if other is None or other not in LAYERS[folder]:
                bad.append(f"{_short(name)} -> {_short(target)}")
    assert not bad, bad


def test_evaluation_and_utils_never_import_plotting_libraries():
    for name, path in _modules():
        if _folder(name) in ("evaluation", "_utils"):
            assert not re.search(r"^\s*(import|from) (matplotlib|plotly)", path.read_text(),
                                 re.M), name


def test_renderers_know_nothing_of_models():
    graph = import_graph()
    for name in graph:
        if _folder(name) == "render":
            assert all(_folder(t) in ("render", "_utils") for t in graph[name]), name


def _private_imports(path, module):
    """``module``'s imports of another module's private name (``from x import _y``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{module}:{node.lineno} imports {alias.name}")
    return found


def test_no_module_imports_another_modules_private_name():
    found = []
    for name, path in _modules():
        found += _private_imports(path, name)
    assert not found, found


def test_private_import_finder_finds_one(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("from .display import _axes_or_new, plot\nfrom . import __version__\n")
    assert _private_imports(path, "m") == ["m:1 imports _axes_or_new"]
