"""Models of deep-learning frameworks, evaluated as they are: PyTorch, Keras 3, JAX.

:func:`framework_model` turns a ``torch.nn.Module``, a ``keras.Model`` or a
jitted JAX function into a callable of NumPy points that the planner evaluates
like any other callable model. Frameworks are recognised by the module names
of the model's classes: nothing here imports torch, keras or jax unless the
model already came from them (so a user without them pays nothing).

- **PyTorch**: evaluated in ``eval()`` mode under ``torch.inference_mode()``
  (the module's training flag is restored after the evaluation, also when it
  fails or runs in threads), on the module's own device and dtype. NumPy
  points are copied into a tensor once; points of another array namespace
  (CuPy on a GPU) go through DLPack without a copy; the output comes back to
  the host once per batch.
- **Keras 3** (backend-neutral; tested on the torch backend):
  ``model(x, training=False)``, eager, so a batch never triggers a retrace;
  the last layer's activation (softmax / sigmoid / none) says whether the
  output is a probability or a score.
- **JAX**: a jitted function (or any function of arrays; see the user guide's
  recipe for ``apply(params, x)``) is called on the batch and its
  ``jax.Array`` brought back with ``numpy.asarray``.

The output is read by the rule of callables
(:func:`surfaceviz.evaluation.response.resolve_response`): rows summing to one
are probabilities, other rows scores (logits), a single column in [0, 1] a
probability; the final layer decides when it is known, ``response=`` always.
The classes are ``classes=``, else those of ``y``.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import weakref

import numpy as np

def framework_of(model):
    """``"torch"``, ``"keras"``, ``"jax"`` or None, from the model's class names only."""
    if isinstance(model, FrameworkModel):
        return model.framework
    for cls in type(model).__mro__:
        module = getattr(cls, "__module__", "") or ""
        root = module.split(".")[0]
        if root == "torch" and cls.__name__ == "Module" and module.startswith("torch.nn"):
            return "torch"
        if root in ("keras", "tf_keras") and cls.__name__ in ("Model", "Functional",
                                                              "Sequential"):
            return "keras"
    module = type(model).__module__ or ""
    if module.split(".")[0] in ("jax", "jaxlib") and callable(model):
        return "jax"
    return None


_ADAPTERS = weakref.WeakKeyDictionary()
_ADAPTERS_LOCK = threading.Lock()


def framework_model(model):
    """``model`` as a :class:`FrameworkModel` when it is a framework's model, else as given.

    One adapter per model object (kept while the model lives), so that the
    planner, a display and its later ``plot`` calls share it.
    """
    kind = framework_of(model)
    if kind is None or isinstance(model, FrameworkModel):
        return model
    with _ADAPTERS_LOCK:
        try:
            cached = _ADAPTERS.get(model)
        except TypeError:  # not weakly referable
            cached = None
        if cached is None:
            cached = {"torch": TorchModel, "keras": KerasModel, "jax": JaxModel}[kind](model)
            try:
                _ADAPTERS[model] = cached
            except TypeError:
                pass
    return cached


class FrameworkModel:
    """A framework's model as a callable ``f(points) -> ndarray`` (the base).

    Attributes
    ----------
    framework : str
    model : object
        The user's model (never modified; a module's training flag is restored).
    n_features_in_ : int or None
        The input width, when the model says it (checked against ``X``'s columns
        before the grid is evaluated).
    input_note : str
        What says the width, for the error message.
    output_meaning : str or None
        ``"predict_proba"`` or ``"decision_function"`` when the final layer tells.
    """

    framework = None
    n_features_in_ = None
    input_note = ""
    output_meaning = None

    def __init__(self, model):
        self.model = model
        self.__name__ = type(model).__name__

    def __repr__(self):
        return f"{type(self).__name__}({self.__name__})"

    def __call__(self, points):
        raise NotImplementedError


# ----------------------------------------------------------------- PyTorch
class TorchModel(FrameworkModel):
    """A ``torch.nn.Module``, evaluated in eval mode without gradients."""

    framework = "torch"

    def __init__(self, module):
        super().__init__(module)
        torch = sys.modules["torch"]
        tensors = list(module.parameters()) or list(module.buffers())
        self.device = tensors[0].device if tensors else torch.device("cpu")
        self.dtype = tensors[0].dtype if tensors and tensors[0].is_floating_point() \
            else torch.get_default_dtype()
        if self.device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError(f"{self.__name__} lives on {self.device}, but CUDA is not "
                               "available here: move it with module.to('cpu') first.")
        if self.device.type == "meta":
            raise RuntimeError(f"{self.__name__} lives on the 'meta' device: it has no "
                               "weights to evaluate.")
        first = next((m for m in module.modules() if isinstance(
            getattr(m, "in_features", None), int) and m.in_features > 0), None)
        if first is not None:
            self.n_features_in_ = first.in_features
            self.input_note = f"its first layer is {first!r}"
        self.output_meaning = _torch_output_meaning(module)
        self._lock = threading.Lock()
        self._active = 0
        self._was_training = False

    def __call__(self, points):
        with self.evaluating():
            out = self.model(self.to_tensor(points))
            if isinstance(out, (tuple, list)):
                out = out[0]
            return out.detach().to("cpu").numpy()

    @contextlib.contextmanager
    def evaluating(self):
        """Eval mode and no gradients for the duration (the training flag restored
        after, once the last of concurrent evaluations ends)."""
        torch = sys.modules["torch"]
        self._enter()
        try:
            with torch.inference_mode():
                yield
        finally:
            self._exit()

    def to_tensor(self, points):
        """``points`` (NumPy, a DataFrame, or a DLPack array) as a tensor of the
        module's device and dtype."""
        torch = sys.modules["torch"]
        if hasattr(points, "to_numpy"):  # a DataFrame of the data's rows
            points = points.to_numpy()
        if isinstance(points, np.ndarray):
            x = torch.from_numpy(np.ascontiguousarray(points, dtype=_numpy_dtype(self.dtype)))
        else:  # another namespace (CuPy on the GPU): shared through DLPack, not copied
            x = torch.from_dlpack(points)
        return x.to(device=self.device, dtype=self.dtype)

    def _enter(self):
        with self._lock:
            if self._active == 0:
                self._was_training = bool(self.model.training)
                if self._was_training:
                    self.model.eval()
            self._active += 1

    def _exit(self):
        with self._lock:
            self._active -= 1
            if self._active == 0 and self._was_training:
                self.model.train(True)


def _numpy_dtype(torch_dtype):
    name = str(torch_dtype).rsplit(".", 1)[-1]
    return {"float64": np.float64, "float16": np.float16}.get(name, np.float32)


def _torch_output_meaning(module):
    """What the last layer of a ``Sequential`` says about the output, or None."""
    children = list(module.children())
    while children and type(children[-1]).__name__ == "Sequential":
        children = list(children[-1].children())
    last = type(children[-1]).__name__ if children else None
    if last in ("Softmax", "Sigmoid"):
        return "predict_proba"
    if last in ("Linear", "LogSoftmax", "Bilinear"):
        return "decision_function"
    return None


# ------------------------------------------------------------------ Keras 3
class KerasModel(FrameworkModel):
    """A ``keras.Model``, called eagerly with ``training=False``."""

    framework = "keras"

    def __init__(self, model):
        super().__init__(model)
        shape = None
        try:
            shape = model.inputs[0].shape
        except (AttributeError, IndexError, TypeError, ValueError):
            shape = getattr(model, "input_shape", None)
        if shape is not None and len(shape) == 2 and isinstance(shape[-1], int):
            self.n_features_in_ = int(shape[-1])
            self.input_note = f"its input takes {shape[-1]} features"
        layers = getattr(model, "layers", None) or []
        activation = getattr(layers[-1], "activation", None) if layers else None
        name = getattr(activation, "__name__", None)
        self.output_meaning = {"softmax": "predict_proba", "sigmoid": "predict_proba",
                               "linear": "decision_function",
                               "log_softmax": "decision_function"}.get(name)
        self.dtype = np.dtype(getattr(model, "compute_dtype", None) or "float32")

    def __call__(self, points):
        keras = sys.modules.get("keras")
        x = np.ascontiguousarray(_host(points), dtype=self.dtype)
        out = self.model(x, training=False)
        if hasattr(out, "detach") and hasattr(out, "cpu"):  # the torch backend's tensor
            return out.detach().cpu().numpy()
        if keras is not None and hasattr(keras, "ops"):
            return np.asarray(keras.ops.convert_to_numpy(out))
        return np.asarray(out)


# -------------------------------------------------------------------- JAX
class JaxModel(FrameworkModel):
    """A jitted JAX function of a batch; its ``jax.Array`` is brought back to the host."""

    framework = "jax"

    def __call__(self, points):
        if hasattr(points, "to_numpy"):
            points = points.to_numpy()
        return np.asarray(self.model(points))


def _host(points):
    if hasattr(points, "to_numpy"):  # a DataFrame of the data's rows
        return points.to_numpy()
    if isinstance(points, np.ndarray):
        return points
    from .backend import to_numpy

    return to_numpy(points)


def evaluating(model):
    """A context for a whole evaluation of ``model``: a torch module stays in eval
    mode from the first batch to the last (no toggling per batch); a no-op for
    any other model."""
    if isinstance(model, TorchModel):
        return model.evaluating()
    return contextlib.nullcontext()


def classes_for(model, classes, y):
    """The classes of a framework model: ``classes=``, else those of ``y`` (None for a
    regression target of non-integer values: a continuous surface).

    Raises
    ------
    ValueError
        When neither is given (a network's outputs do not name their classes).
    """
    if classes is not None:
        return classes
    if y is None:
        raise ValueError(f"{model.__name__} is a {model.framework} model: its outputs do not "
                         "name their classes. Pass y (its classes are used, sorted) or "
                         "classes=[...] in the order of the output columns.")
    values = np.asarray(y)
    if values.dtype.kind == "f":
        values = values[~np.isnan(values)]
        if not np.all(values == np.round(values)):
            return None  # a regression target: the surface is continuous
    return np.unique(values)
