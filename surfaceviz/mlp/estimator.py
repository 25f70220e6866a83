"""``MLPClassifier``: the bundled network as a scikit-learn estimator."""

from __future__ import annotations

import json
import numbers
import os
import time

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, check_random_state, validate_data

from .._utils.io import (FileFormatError, decode_labels, encode_labels, load_json, open_npz,
                        read_array, save_npz)
from .._utils.progress import progress_bar
from .._utils.validation import check_bool, check_choice, check_dtype, check_range
from .activations import HIDDEN_ACTIVATIONS
from .losses import get_loss
from .network import INITS, Network
from .optimizers import SCHEDULES, SGD, Adam, scheduled_lr
from .training import BestWeights, BlowUpGuard, Diverged, EpochRunner

_PREDICT_BATCH = 8192
#: Numeric hyperparameters: (name, low, high, low included, integer); high excluded.
_RANGES = (
    ("learning_rate_init", 0.0, None, False, False),
    ("batch_size", 1, None, True, True),
    ("max_epochs", 1, None, True, True),
    ("dropout", 0.0, 1.0, True, False),
    ("alpha", 0.0, None, True, False),
    ("momentum", 0.0, 1.0, True, False),
    ("validation_fraction", 0.0, 1.0, False, False),
    ("checkpoint_every", 1, None, True, True),
    ("step_size", 1, None, True, True),
    ("gamma", 0.0, None, False, False),
    ("lr_decay", 0.0, None, True, False),
    ("n_iter_no_change", 1, None, True, True),
    ("tol", 0.0, None, True, False),
    ("beta_1", 0.0, 1.0, True, False),
    ("beta_2", 0.0, 1.0, True, False),
    ("epsilon", 0.0, None, False, False),
)
#: Boolean hyperparameters.
_FLAGS = ("nesterov", "shuffle", "early_stopping", "warm_start")
#: Largest share of the machine's memory a network may need.
_MEMORY_SHARE = 0.8
#: Those of them that may be None.
_OPTIONAL = ("learning_rate_init", "checkpoint_every", "n_iter_no_change")


class TrainingDivergedError(RuntimeError):
    """The cost became NaN or infinite during training."""


class MLPClassifier(ClassifierMixin, BaseEstimator):
    """A multi-layer perceptron classifier trained with mini-batch SGD or Adam.

    Forward propagation, log-loss or MSE costs and error back-propagation over
    vectorised mini-batches, written in NumPy against an array namespace so
    the same code trains on CuPy (``backend="cupy"``).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(100,)
        Units of each hidden layer.
    activation : str or list of str, default="relu"
        ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"`` or
        ``"identity"``; one for all hidden layers or one per layer. The
        output layer is softmax (several classes) or sigmoid (two).
    loss : {"log_loss", "mse"}, default="log_loss"
        The cost.
    solver : {"sgd", "adam"}, default="sgd"
        Mini-batch SGD with momentum, or Adam.
    learning_rate_init : float, default=None
        Initial learning rate (default 0.05 for SGD, 0.001 for Adam).
    momentum : float, default=0.9
        SGD momentum.
    nesterov : bool, default=False
        Nesterov momentum.
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's constants.
    learning_rate : {"constant", "invscaling", "step"}, default="constant"
        Schedule per epoch: constant; inverse-time decay
        ``lr / (1 + lr_decay * epoch)``; step ``lr * gamma ** (epoch // step_size)``.
    lr_decay : float, default=0.0
        Decay of ``"invscaling"``.
    step_size : int, default=10
        Epochs per step of ``"step"``.
    gamma : float, default=0.5
        Factor of each step of ``"step"``.
    batch_size : int, default=128
        Mini-batch size (capped at the number of samples).
    max_epochs : int, default=200
        Most epochs of ``fit``.
    shuffle : bool, default=True
        Shuffle the samples every epoch.
    alpha : float, default=0.0
        L2 penalty: the cost gains ``alpha / (2 n) * sum(W**2)`` over the
        weights (biases excluded), n the number of training samples.
    init : {"auto", "uniform", "he", "glorot"}, default="auto"
        Weight initialisation; ``"uniform"`` is U(±0.5/sqrt(n_in)).
    dropout : float, default=0.0
        Probability of dropping a hidden unit during training.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data and stop when its
        accuracy has not improved by ``tol`` for ``n_iter_no_change`` epochs
        (10 by default), keeping the best parameters. Without it, training
        runs ``max_epochs`` epochs, unless ``n_iter_no_change`` is given:
        then it stops when the cost has not improved by ``tol`` for that many
        epochs. (A fixed plateau rule by default stopped curved boundaries
        early: the moons' cost rests near 0.30 for some 50 epochs before it
        falls to 0.10.)
    validation_fraction : float, default=0.1
        Share held out for early stopping.
    n_iter_no_change : int or None, default=None
        Patience, in epochs: of early stopping (10 when None), or of the
        plateau rule without it (off when None).
    tol : float, default=1e-4
        Least improvement that counts.
    warm_start : bool, default=False
        Continue from the current parameters on the next ``fit``.
    random_state : int, RandomState or None, default=None
        Makes initialisation, shuffling and dropout reproducible.
    dtype : {"float32", "float64"}, default="float32"
        Floating type of the computation.
    backend : {"numpy", "cupy", "auto"} or array namespace, default="numpy"
        Where to train and predict.
    progress : bool or None, default=None
        tqdm bar over epochs with the running cost: on a terminal when None.
    callbacks : list of callable, default=None
        Each called as ``callback(estimator, record)`` after every epoch
        (``record`` is the epoch's entry of ``history_``); one that returns
        True stops training.
    checkpoint_every : int, default=None
        Save the model every that many epochs into ``checkpoint_dir``.
    checkpoint_dir : str, default=None
        Folder for checkpoints (``epoch_0005.npz``...).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        When fitted on a DataFrame with string column names.
    network_ : Network
    history_ : list of dict
        Per epoch: ``epoch``, ``cost`` (with the L2 term), ``l2`` (its
        share), ``train_accuracy``, ``val_accuracy`` (or None), ``lr``,
        ``seconds``.
    n_iter_ : int
        Epochs run.
    loss_ : float
        Last epoch's cost.
    training_path_ : str
        How the last ``fit`` trained its batches: ``"numpy"`` (the CPU path),
        ``"graph"`` (CuPy: fused kernels, each step one replayed CUDA graph, one
        read-back per epoch), ``"fused"`` (CuPy: the same kernels, launched one by
        one where this CuPy cannot capture cuBLAS calls), ``"reference"`` (another
        array namespace: the same step written with the namespace's own functions)
        or ``"generic"`` (a device namespace with a loss or optimiser the fused
        step does not cover, such as ``loss="mse"``).

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> X, y = make_moons(300, noise=0.1, random_state=0)
    >>> clf = MLPClassifier((32, 32), max_epochs=100, random_state=0).fit(X, y)
    >>> clf.score(X, y) > 0.95
    True
    """

    #: "generic" makes a device namespace train through the generic step (benchmarks)
    _device_path = "auto"

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        *,
        activation="relu",
        loss="log_loss",
        solver="sgd",
        learning_rate_init=None,
        momentum=0.9,
        nesterov=False,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        learning_rate="constant",
        lr_decay=0.0,
        step_size=10,
        gamma=0.5,
        batch_size=128,
        max_epochs=200,
        shuffle=True,
        alpha=0.0,
        init="auto",
        dropout=0.0,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=None,
        tol=1e-4,
        warm_start=False,
        random_state=None,
        dtype="float32",
        backend="numpy",
        progress=None,
        callbacks=None,
        checkpoint_every=None,
        checkpoint_dir=None,
    ):
        # one piece: scikit-learn's estimator contract: __init__ stores every
        # hyperparameter under its own name and does nothing else
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.loss = loss
        self.solver = solver
        self.learning_rate_init = learning_rate_init
        self.momentum = momentum
        self.nesterov = nesterov
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.learning_rate = learning_rate
        self.lr_decay = lr_decay
        self.step_size = step_size
        self.gamma = gamma
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.shuffle = shuffle
        self.alpha = alpha
        self.init = init
        self.dropout = dropout
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.dtype = dtype
        self.backend = backend
        self.progress = progress
        self.callbacks = callbacks
        self.checkpoint_every = checkpoint_every
        self.checkpoint_dir = checkpoint_dir

    # ------------------------------------------------------------ checking
    def _check_params(self):
        """Validate the hyperparameters; return the layer sizes and activations."""
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, numbers.Integral):
            sizes = (sizes,)
        try:
            sizes = tuple(sizes)
        except TypeError as exc:
            raise TypeError(f"hidden_layer_sizes must be a tuple of ints; got {sizes!r}.") from exc
        if not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s >= 1
                   for s in sizes):
            raise ValueError(
                f"hidden_layer_sizes must hold integers >= 1; got {self.hidden_layer_sizes!r}.")
        acts = [self.activation] * len(sizes) if isinstance(self.activation, str) else list(
            self.activation)
        if len(acts) != len(sizes):
            raise ValueError(
                f"activation must be one name or one per hidden layer ({len(sizes)}); got {len(acts)}.")
        for a in acts:
            check_choice("activation", a, HIDDEN_ACTIVATIONS)
        get_loss(self.loss)
        if self.solver not in ("sgd", "adam"):
            raise ValueError(f"solver must be 'sgd' or 'adam'; got {self.solver!r}.")
        check_choice("learning_rate", self.learning_rate, SCHEDULES)
        check_choice("init", self.init, INITS)
        for name, low, high, include_low, integer in _RANGES:
            value = getattr(self, name)
            if value is not None or name not in _OPTIONAL:
                check_range(name, value, low, high, include_low=include_low, integer=integer)
        for name in _FLAGS:
            check_bool(name, getattr(self, name))
        if self.dropout > 0 and round((1.0 - self.dropout) * 65536) < 1:
            raise ValueError(f"dropout must leave units to keep (at most 1 - 2**-16); got "
                             f"{self.dropout!r}.")
        check_dtype(self.dtype)
        if self.checkpoint_every is not None and self.checkpoint_dir is None:
            raise ValueError("checkpoint_every needs checkpoint_dir (a folder); got None.")
        return sizes, acts

    def _xp(self):
        from ..evaluation.backend import resolve_backend

        return resolve_backend(self.backend)[0]

    def _rng(self):
        if isinstance(self.random_state, np.random.Generator):
            return self.random_state
        seed = check_random_state(self.random_state).randint(0, 2**31 - 1)
        return np.random.default_rng(seed)

    # --------------------------------------------------------------- fitting
    def fit(self, X, y, *, validation_data=None):
        """Train on ``X``, ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        validation_data : tuple of (X_val, y_val), default=None
            Data whose accuracy is recorded every epoch (monitoring only;
            with ``early_stopping`` a held-out share of ``X`` is used instead).

        Returns
        -------
        self

        Raises
        ------
        TrainingDivergedError
            The cost became NaN or infinite (the message names the epoch and
            suggests a smaller learning rate); the parameters are those of
            the start of that epoch.
        """
        first = not (self.warm_start and hasattr(self, "network_"))
        X, y = validate_data(self, X, y, reset=first, dtype=[np.float64, np.float32])
        check_classification_targets(y)
        sizes, acts = self._check_params()
        if first:
            self.classes_ = np.unique(y)
        elif not np.isin(np.unique(y), self.classes_).all():
            raise ValueError("y has labels unseen in the first fit; warm_start keeps classes_.")
        if len(self.classes_) < 2:
            raise ValueError(
                f"MLPClassifier needs at least 2 classes in y; got 1 class ({self.classes_[0]!r}).")
        # a warm start continues the training random stream (also after load)
        rng = self._train_rng if not first and hasattr(self, "_train_rng") else self._rng()
        val = None
        if self.early_stopping:
            X, y, val = self._split_validation(X, y, rng)
        elif validation_data is not None:
            val = self._check_validation_data(validation_data)
        if first:
            self._check_memory(sizes, len(X))
            self._initialise(sizes, acts, rng)
        # overflow on the way to a divergence is reported as TrainingDivergedError
        with np.errstate(over="ignore", invalid="ignore"):
            self._train(X, y, rng, max_epochs=self.max_epochs, val=val, stop_on_plateau=True)
        return self

    def partial_fit(self, X, y, classes=None):
        """One epoch over ``X``, ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call.

        Returns
        -------
        self
        """
        first = not hasattr(self, "network_")
        X, y = validate_data(self, X, y, reset=first, dtype=[np.float64, np.float32])
        check_classification_targets(y)
        sizes, acts = self._check_params()
        if first:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit; got None.")
            self.classes_ = np.unique(np.asarray(classes))
            if len(self.classes_) < 2:
                raise ValueError("MLPClassifier needs at least 2 classes; got 1.")
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(
                f"classes={list(classes)!r} differ from the first call's {self.classes_.tolist()!r}.")
        if not np.isin(np.unique(y), self.classes_).all():
            raise ValueError(f"y has labels not in classes {self.classes_.tolist()!r}.")
        rng = self._rng() if first else self._train_rng
        if first:
            self._check_memory(sizes, len(X))
            self._initialise(sizes, acts, rng)
        with np.errstate(over="ignore", invalid="ignore"):
            self._train(X, y, rng, max_epochs=1, val=None, stop_on_plateau=False)
        return self

    def _check_validation_data(self, validation_data):
        try:
            Xv, yv = validation_data
        except (TypeError, ValueError) as exc:
            raise TypeError("validation_data must be a pair (X_val, y_val); got "
                            f"{type(validation_data).__name__}.") from exc
        Xv = validate_data(self, Xv, reset=False, dtype=[np.float64, np.float32])
        yv = np.asarray(yv)
        if yv.ndim != 1 or len(yv) != len(Xv):
            raise ValueError(f"validation_data: y_val must be 1-D with one label per row of "
                             f"X_val ({len(Xv)}); got shape {yv.shape}.")
        return Xv, yv

    def _check_memory(self, sizes, n_samples):
        """Refuse a network whose training would not fit in memory (with the estimate)."""
        layers = (self.n_features_in_, *sizes, max(len(self.classes_), 1))
        params = sum(a * b + b for a, b in zip(layers[:-1], layers[1:]))
        copies = 4 if self.solver == "sgd" else 5  # params, grads, state, saved, best
        batch = min(self.batch_size, n_samples)
        need = np.dtype(self.dtype).itemsize * (copies * params + 3 * batch * sum(layers))
        total = _physical_memory()
        if total and need > _MEMORY_SHARE * total:
            raise ValueError(
                f"hidden_layer_sizes={self.hidden_layer_sizes!r} needs about "
                f"{need / 2**30:.1f} GiB to train ({params:,} parameters), more than "
                f"{_MEMORY_SHARE:.0%} of this machine's {total / 2**30:.1f} GiB; use smaller "
                "layers.")

    def _split_validation(self, X, y, rng):
        from sklearn.model_selection import train_test_split

        stratify = y if np.min(np.unique(y, return_counts=True)[1]) >= 2 else None
        Xt, Xv, yt, yv = train_test_split(X, y, test_size=self.validation_fraction,
                                          random_state=int(rng.integers(2**31 - 1)),
                                          stratify=stratify)
        return Xt, yt, (Xv, yv)

    def _initialise(self, sizes, acts, rng):
        xp = self._xp()
        n_out = 1 if len(self.classes_) == 2 else len(self.classes_)
        self.network_ = Network(xp, (self.n_features_in_, *sizes, n_out), acts,
                                dtype=np.dtype(self.dtype))
        self.network_.init_params(rng, self.init)
        self.optimizer_ = (SGD(self.momentum, self.nesterov) if self.solver == "sgd"
                           else Adam(self.beta_1, self.beta_2, self.epsilon))
        self.optimizer_.init(xp, self.network_.params)
        self.history_ = []
        self.n_iter_ = 0
        self.t_ = 0
        self._train_rng = rng

    def _targets(self, xp, y, dtype):
        idx = np.searchsorted(self.classes_, y)
        if self.network_.sizes[-1] == 1:
            Y = idx.astype(dtype)[:, None]
        else:
            Y = np.zeros((len(y), len(self.classes_)), dtype=dtype)
            Y[np.arange(len(y)), idx] = 1.0
        return xp.asarray(Y), idx

    def _train(self, X, y, rng, *, max_epochs, val, stop_on_plateau):
        """Run up to ``max_epochs`` epochs (see :mod:`surfaceviz.mlp.training`)."""
        runner = EpochRunner(self, X, y, rng)
        guard = BlowUpGuard(self.network_)
        patience = self.n_iter_no_change
        if patience is None and not self.early_stopping:
            stop_on_plateau = False  # run max_epochs: no plateau rule unless asked for
        best = BestWeights(tol=self.tol, patience=10 if patience is None else patience,
                           by_validation=self.early_stopping and val is not None)
        bar = progress_bar(self.progress, total=max_epochs, desc="training", unit="epoch")
        try:
            for _ in range(max_epochs):
                record = self._run_epoch(runner, val, guard)
                if bar is not None:
                    bar.set_postfix(cost=f"{record['cost']:.4f}",
                                    acc=f"{record['train_accuracy']:.4f}")
                    bar.update(1)
                self._checkpoint()
                stop = any(cb(self, record) is True for cb in (self.callbacks or []))
                if stop_on_plateau and best.update(record, self.network_):
                    stop = True
                if stop:
                    break
        finally:
            if bar is not None:
                bar.close()
            self.training_path_ = runner.path  # after training: a graph may have been refused
        if self.early_stopping and best.params is not None:
            self.network_.set_params(*best.params)
            self.optimizer_.init(self.network_.xp, self.network_.params)

    def _run_epoch(self, runner, val, guard):
        """One epoch: train, then record it in ``history_``; return the record."""
        net = self.network_
        epoch = self.n_iter_
        lr0 = self.learning_rate_init or (0.05 if self.solver == "sgd" else 0.001)
        lr = scheduled_lr(lr0, self.learning_rate, epoch, decay=self.lr_decay,
                          step_size=self.step_size, gamma=self.gamma)
        start = time.perf_counter()
        saved = net.get_params()
        try:
            total, correct = runner.run(epoch, lr, shuffle=self.shuffle)
        except Diverged as exc:
            raise self._diverged(saved, exc.where, exc.cost, lr) from None
        seconds = time.perf_counter() - start  # training only
        l2 = 0.5 * runner.l2_coef * net.l2() if runner.l2_coef else 0.0
        n = runner.n
        cost = total / n + l2
        blown = guard.check(net)
        if blown:
            raise self._diverged(saved, f"epoch {epoch + 1}", cost, lr, blown)
        record = {
            "epoch": epoch + 1, "cost": cost, "l2": l2, "train_accuracy": correct / n,
            "val_accuracy": None if val is None else float(
                np.mean(self.predict(val[0]) == val[1])),
            "lr": lr, "seconds": seconds,
        }
        self.history_.append(record)
        self.n_iter_ += 1
        self.loss_ = cost
        return record

    def _diverged(self, saved, where, cost, lr, reason=""):
        """Roll back to the epoch's starting parameters; the error to raise."""
        net = self.network_
        net.set_params(*saved)
        self.optimizer_.init(net.xp, net.params)
        return TrainingDivergedError(
            f"training diverged in {where}: the cost became {cost:.6g}{reason}. Try a smaller "
            f"learning_rate_init (it was {lr:g}), or standardise the inputs; the parameters "
            "are those of the start of that epoch.")

    @staticmethod
    def _device_correct(xp, out, y_batch):
        """Number of right predictions in a batch, as a 0-d array of ``xp``."""
        if out.shape[1] == 1:
            ok = (out[:, 0] > 0.5) == (y_batch == 1)
        else:
            ok = xp.argmax(out, axis=1) == y_batch
        return xp.count_nonzero(ok)

    def _batch_correct(self, xp, out, y_idx, rows):
        from ..evaluation.backend import to_numpy

        if out.shape[1] == 1:
            pred = to_numpy(out[:, 0] > 0.5).astype(np.int64)
        else:
            pred = to_numpy(xp.argmax(out, axis=1))
        return int(np.sum(pred == y_idx[rows]))

    def _dropout_masks(self, xp, net, m, rng):
        # 16 random bits per unit (a quarter of rng.random's cost): a unit is
        # kept with probability keep = threshold / 65536, and scaled by 1 / keep
        threshold = int(round((1.0 - self.dropout) * 65536))
        scale = net.dtype.type(65536.0 / threshold)
        masks = []
        for size in net.sizes[1:-1]:
            bits = np.frombuffer(rng.bytes(2 * m * size), dtype=np.uint16).reshape(m, size)
            mask = np.multiply(bits < threshold, scale, dtype=net.dtype)
            masks.append(xp.asarray(mask))
        return masks

    def _device_dropout_masks(self, xp, net, m, dev_rng):
        keep = 1.0 - self.dropout
        scale = 1.0 / keep
        return [(dev_rng.random((m, size), dtype=net.xdtype) < keep).astype(net.xdtype) * scale
                for size in net.sizes[1:-1]]

    def _checkpoint(self):
        every = self.checkpoint_every
        if every and self.n_iter_ % every == 0:
            os.makedirs(self.checkpoint_dir, exist_ok=True)
            self.save(os.path.join(self.checkpoint_dir, f"epoch_{self.n_iter_:04d}.npz"))

    # ------------------------------------------------------------ predicting
    def _outputs(self, X, logits):
        from ..evaluation.backend import to_numpy

        check_is_fitted(self, "network_")
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        # predictions in float64, whatever the training dtype: the result of a
        # row then does not depend on which other rows share its batch
        net = self._float64_network()
        xp = net.xp
        parts = []
        for s in range(0, X.shape[0], _PREDICT_BATCH):
            Xb = xp.asarray(np.ascontiguousarray(X[s:s + _PREDICT_BATCH], dtype=net.dtype))
            out = net.output_logits(Xb) if logits else net.predict_output(Xb)
            parts.append(to_numpy(out).astype(np.float64))
        if not parts:
            return np.empty((0, net.sizes[-1]))
        return np.concatenate(parts)

    def _float64_network(self):
        trained = self.network_
        if trained.dtype == np.float64:
            return trained
        net = Network(trained.xp, trained.sizes, trained.activations, dtype=np.float64)
        net.set_params(trained.weights, trained.biases)
        return net

    def decision_function(self, X):
        """Output-layer pre-activations (logits).

        Returns
        -------
        ndarray of shape (n_samples,) for two classes (the positive class's
        logit), else (n_samples, n_classes)
        """
        z = self._outputs(X, logits=True)
        return z[:, 0] if z.shape[1] == 1 else z

    def predict_proba(self, X):
        """Class probabilities, shape ``(n_samples, n_classes)``."""
        p = self._outputs(X, logits=False)
        if p.shape[1] == 1:
            return np.hstack([1.0 - p, p])
        return p

    def predict(self, X):
        """Predicted labels, shape ``(n_samples,)``."""
        p = self._outputs(X, logits=True)
        idx = (p[:, 0] > 0).astype(np.intp) if p.shape[1] == 1 else np.argmax(p, axis=1)
        return self.classes_[idx]

    def __surfaceviz_compile__(self, method, xp, dtype):
        """The response in namespace ``xp`` (for GPU grid evaluation)."""
        from ..evaluation.compiled import NotCompilable

        check_is_fitted(self, "network_")
        if self.n_features_in_ != 2:
            raise NotCompilable(f"the network takes {self.n_features_in_} features, not 2")
        net = Network(xp, self.network_.sizes, self.network_.activations, dtype=dtype)
        net.set_params(*self.network_.get_params())
        binary = net.sizes[-1] == 1
        if method == "decision_function":
            return lambda p: net.output_logits(p)[:, 0] if binary else net.output_logits(p)
        if method == "predict_proba":
            def proba(p):
                out = net.predict_output(p)
                return xp.stack([1.0 - out[:, 0], out[:, 0]], axis=1) if binary else out

            return proba
        if method == "predict":
            def index(p):
                z = net.output_logits(p)
                return z[:, 0] > 0 if binary else xp.argmax(z, axis=1)

            index.returns_class_index = True
            return index
        raise NotCompilable(f"MLPClassifier has no {method}")

    # ------------------------------------------------------------- saving
    def save(self, path):
        """Save the fitted model to an ``.npz`` file at exactly ``path``.

        The file holds the weights, the classes (exactly, whatever their type),
        the hyperparameters, the history, and what resuming needs: the
        optimiser's state, the step count and the training random state, so
        that ``load`` then ``partial_fit`` (or ``fit`` with ``warm_start=True``)
        continues as training in memory would. Runtime settings (callbacks,
        progress, backend, random_state, checkpoint folder and period) are not
        saved. Written whole or not at all (a temporary file moved into place).
        """
        check_is_fitted(self, "network_")
        weights, biases = self.network_.get_params()
        params = {k: v for k, v in self.get_params().items() if k not in _RUNTIME_PARAMS}
        params["hidden_layer_sizes"] = list(self.network_.sizes[1:-1])
        rng = getattr(self, "_train_rng", None)
        meta = {
            "version": _FILE_VERSION,
            "params": params,
            "activations": [a.name for a in self.network_.activations],
            "sizes": list(self.network_.sizes),
            "n_iter": self.n_iter_,
            "t": int(getattr(self, "t_", 0)),
            "history": self.history_,
            "feature_names_in": (self.feature_names_in_.tolist()
                                 if hasattr(self, "feature_names_in_") else None),
            "rng_state": None if rng is None else rng.bit_generator.state,
        }
        arrays = {f"W{i}": w for i, w in enumerate(weights)}
        arrays.update({f"b{i}": b for i, b in enumerate(biases)})
        arrays.update(_optimizer_arrays(self.optimizer_))
        arrays["classes"] = encode_labels(self.classes_)
        arrays["meta"] = np.array(json.dumps(meta, default=_jsonable))
        save_npz(path, arrays, compressed=False)

    @classmethod
    def load(cls, path, *, backend="numpy"):
        """A fitted classifier from a file written by :meth:`save`.

        Raises
        ------
        FileNotFoundError
            When there is no file at ``path``.
        surfaceviz.FileFormatError
            When the file is not a valid MLPClassifier file: missing or
            malformed entries, layer sizes that do not match the weights,
            non-finite weights, unknown hyperparameters... (a ``ValueError``
            naming the file and the problem).
        """
        with open_npz(path, "MLPClassifier") as data:
            if "meta" not in data.files:
                raise FileFormatError(f"{path} is not a surfaceviz MLPClassifier file.")
            meta = _read_meta(data, path)
            sizes = meta["sizes"]
            weights, biases = _read_layers(data, sizes, path)
            classes = decode_labels(read_array(data, "classes", path), path)
            opt_arrays = {k: read_array(data, k, path, kinds="f")
                          for k in data.files if k.startswith("opt_")}
        if len(classes) != (2 if sizes[-1] == 1 else sizes[-1]) or len(set(
                classes.tolist())) != len(classes):
            raise FileFormatError(f"{path}: {len(classes)} distinct classes do not fit an "
                                  f"output layer of {sizes[-1]} unit(s).")
        try:
            return cls._from_saved(meta, weights, biases, classes, opt_arrays, backend)
        except (TypeError, ValueError, KeyError) as exc:
            raise FileFormatError(f"{path} is not a valid MLPClassifier file: {exc}") from exc

    @classmethod
    def _from_saved(cls, meta, weights, biases, classes, opt_arrays, backend):
        params = {k: v for k, v in meta["params"].items() if k not in _RUNTIME_PARAMS}
        params["hidden_layer_sizes"] = tuple(params["hidden_layer_sizes"])
        model = cls(**params, backend=backend)
        model._check_params()
        model.classes_ = classes
        model.n_features_in_ = meta["sizes"][0]
        if meta.get("feature_names_in"):
            model.feature_names_in_ = np.asarray(meta["feature_names_in"], dtype=object)
        xp = model._xp()
        model.network_ = Network(xp, meta["sizes"], meta["activations"],
                                 dtype=np.dtype(params["dtype"]))
        model.network_.set_params(weights, biases)
        model.optimizer_ = (SGD(model.momentum, model.nesterov) if model.solver == "sgd"
                            else Adam(model.beta_1, model.beta_2, model.epsilon))
        model.optimizer_.init(xp, model.network_.params)
        _restore_optimizer(model.optimizer_, opt_arrays, model.network_, meta)
        model.history_ = meta["history"]
        model.n_iter_ = meta["n_iter"]
        model.t_ = meta.get("t", 0)
        model._train_rng = model._rng()
        if meta.get("rng_state") is not None:
            model._train_rng.bit_generator.state = meta["rng_state"]
        if model.history_:
            model.loss_ = model.history_[-1]["cost"]
        return model


def _physical_memory():
    """Bytes of physical memory (0 when unknown)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 0


#: Settings of a run, never written to nor taken from a file.
_RUNTIME_PARAMS = ("callbacks", "random_state", "backend", "progress", "checkpoint_every",
                   "checkpoint_dir")
_FILE_VERSION = 2


def _optimizer_arrays(opt):
    """The optimiser's state as named host arrays (``opt_*``)."""
    from ..evaluation.backend import to_numpy

    out = {}
    for name, arrays in opt.state().items():
        if isinstance(arrays, list):
            out.update({f"opt_{name}_{i}": np.array(to_numpy(a)) for i, a in enumerate(arrays)})
        else:
            out[f"opt_{name}"] = np.array(float(arrays))
    return out


def _restore_optimizer(opt, arrays, net, meta):
    """Put saved optimiser state back (files without it start from zeros)."""
    if not arrays:
        return
    xp = net.xp
    for name, current in opt.state().items():
        if isinstance(current, list):
            restored = []
            for i, p in enumerate(net.params):
                arr = arrays.get(f"opt_{name}_{i}")
                if arr is None or arr.shape != tuple(p.shape) or not np.isfinite(arr).all():
                    raise ValueError(f"the optimiser state '{name}' does not match the network.")
                restored.append(xp.asarray(arr.astype(net.dtype)))
            setattr(opt, name, restored)
        elif f"opt_{name}" in arrays:
            setattr(opt, name, int(arrays[f"opt_{name}"]))


def _read_meta(data, path):
    """The JSON metadata of a model file, checked for shape and types."""
    meta = load_json(str(read_array(data, "meta", path, kinds="U", ndim=0)), path, "meta")
    problems = []
    if not isinstance(meta, dict):
        raise FileFormatError(f"{path}: its metadata must be a JSON object.")
    version = meta.get("version", 1)
    if not isinstance(version, int) or not 1 <= version <= _FILE_VERSION:
        problems.append(f"version {version!r} is not one this surfaceviz reads "
                        f"(1 to {_FILE_VERSION})")
    sizes = meta.get("sizes")
    if not (isinstance(sizes, list) and len(sizes) >= 2 and all(
            isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 2**24 for v in sizes)):
        problems.append(f"'sizes' must list at least 2 layer sizes; got {sizes!r}")
    acts = meta.get("activations")
    if not (isinstance(acts, list) and isinstance(sizes, list) and len(acts) == len(sizes) - 2
            and all(a in HIDDEN_ACTIVATIONS for a in acts)):
        problems.append(f"'activations' must name one known activation per hidden layer; "
                        f"got {acts!r}")
    for key, kind in (("n_iter", int), ("t", int), ("params", dict), ("history", list)):
        if key in meta and not (isinstance(meta[key], kind) and not isinstance(meta[key], bool)):
            problems.append(f"'{key}' must be of type {kind.__name__}; got {meta[key]!r}")
    for key in ("params", "n_iter", "history"):
        if key not in meta:
            problems.append(f"'{key}' is missing")
    if isinstance(meta.get("n_iter"), int) and meta["n_iter"] < 0:
        problems.append("'n_iter' must be >= 0")
    if isinstance(meta.get("history"), list) and not all(
            isinstance(h, dict) and isinstance(h.get("cost"), (int, float))
            for h in meta["history"]):
        problems.append("'history' must be a list of records with a cost")
    if problems:
        raise FileFormatError(f"{path}: " + "; ".join(problems) + ".")
    return meta


def _read_layers(data, sizes, path):
    """Weights and biases of every layer, of the shapes ``sizes`` say, finite."""
    weights, biases = [], []
    for i in range(len(sizes) - 1):
        for key, shape, out in ((f"W{i}", (sizes[i], sizes[i + 1]), weights),
                                (f"b{i}", (sizes[i + 1],), biases)):
            arr = read_array(data, key, path, kinds="f")
            if arr.shape != shape:
                raise FileFormatError(f"{path}: '{key}' has shape {arr.shape}; the layer sizes "
                                      f"{sizes} need {shape}.")
            if not np.isfinite(arr).all():
                raise FileFormatError(f"{path}: '{key}' holds NaN or infinite values.")
            out.append(arr)
    return weights, biases


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)
