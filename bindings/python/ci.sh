#!/usr/bin/env bash
# Builds the rlvr wheel and runs the Python tests.
#
#   bindings/python/ci.sh [VENV_DIR]
#
# VENV_DIR (default: $CARGO_TARGET_DIR/py-venv, else target/py-venv at the
# repository root) gets a virtual environment with pinned maturin and
# pytest (and numpy and cloudpickle, for the tests only); the wheel is built with `maturin build --release`, installed into
# it, checked for its type stubs, and tested with pytest. Extra arguments
# after VENV_DIR go to pytest. Needs python3 with venv and pip, and network
# access to the package index the first time (the venv is reused after).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$(realpath -m "${1:-$target/py-venv}")"
shift || true

MATURIN_VERSION="1.16.0"
PYTEST_VERSION="9.2.0"
# Test-only: the wheel never imports them, but trainers hand over numpy
# values and pickle with cloudpickle, so the tests exercise both.
NUMPY_VERSION="2.4.6"
CLOUDPICKLE_VERSION="3.1.3"

start=$(date +%s)
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION" \
    "numpy==$NUMPY_VERSION" "cloudpickle==$CLOUDPICKLE_VERSION"

wheels="$target/wheels-rlvr"
rm -rf "$wheels"
# RLVR_WHEEL_FEATURES adds opt-in domains to the wheel (e.g. "table,code").
features=()
if [ -n "${RLVR_WHEEL_FEATURES:-}" ]; then
    features=(--features "$RLVR_WHEEL_FEATURES")
fi
(cd "$here" && CARGO_TARGET_DIR="$target" "$venv/bin/maturin" build --release --quiet \
    --interpreter "$venv/bin/python" --out "$wheels" "${features[@]}")
wheel="$(ls "$wheels"/rlvr-*.whl | head -n 1)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

# The wheel ships its type stubs and the PEP 561 marker, is abi3, and
# carries the README as its Markdown description (what the index renders).
"$venv/bin/python" - "$wheel" <<'PY'
import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
names = wheel.namelist()
for want in ("rlvr/__init__.pyi", "rlvr/py.typed"):
    assert want in names, f"{want} missing from the wheel: {names}"
assert "-abi3-" in sys.argv[1], f"not an abi3 wheel: {sys.argv[1]}"
meta = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
head, _, body = meta.partition("\n\n")
assert "Description-Content-Type: text/markdown" in head, head
assert body.lstrip().startswith("# "), "the README is not the wheel's description"
PY

cd "$here"
"$venv/bin/python" -m pytest tests -p no:cacheprovider -q "$@"
echo "bindings/python/ci.sh: done in $(( $(date +%s) - start ))s"
