#!/usr/bin/env bash
# One prepared run of every GPU check, for a session lent a device machine
# (see ../.library/device/README.md): the GPU-only tests of the device training
# step (CuPy kernels against the reference, graph-replayed training against
# NumPy), then bench/gpu_training.py (the 5x target and the recipe's accuracy). Run from the repo
# root; everything is logged to $OUT/gpu_session.log (or ./gpu_session.log).
#
# The device image has CuPy, NumPy, scikit-learn and matplotlib but not this
# project's test extras: pytest runs without the project's addopts (no
# pytest-mpl there), and the tests that need array-api-strict skip.
#
# MNIST does not travel with the tree (../shared stays behind): copy the four
# IDX files into an ignored folder of the repo, carry it, and pass it as
# MNIST=that/folder; without it the benchmark uses synthetic data.
set -o pipefail
log="${OUT:-.}/gpu_session.log"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 MPLBACKEND=Agg
{
  echo "== $(date -u) $(python3 -c 'import cupy; print("cupy", cupy.__version__)' 2>/dev/null || echo 'no cupy')"
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || echo 'no nvidia-smi'
  echo "== GPU tests"
  timeout 240 python3 -m pytest -q -o addopts="" -p no:cacheprovider \
    tests/mlp/test_device_step.py tests/mlp/test_kernels.py
  echo "== bench/gpu_torch_check.py (a torch module on CUDA, drawn as it is)"
  timeout 120 python3 bench/gpu_torch_check.py
  echo "== bench/gpu_training.py"
  timeout 300 python3 bench/gpu_training.py ${MNIST:+--data "$MNIST"} --epochs 3 \
    --recipe-epochs "${RECIPE_EPOCHS:-20}"
} 2>&1 | tee "$log"
