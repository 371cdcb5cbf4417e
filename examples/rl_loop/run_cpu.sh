#!/usr/bin/env bash
# CPU smoke run of the GRPO example.
#
# 1. Sets up libtorch 2.11.0 from the pip wheel if absent: the minimal set
#    that runs on CPU (torch --no-deps + CUDA runtime + CUPTI, ~544 MB
#    download), in a venv OUTSIDE the repository ($TORCH_VENV, default
#    ../venv-torch next to the checkout).
# 2. Builds the example against it (LIBTORCH=<site-packages>/torch).
# 3. Runs a smoke budget on CPU and prints the start and end reward.
#
# Environment: TORCH_VENV, CARGO_TARGET_DIR (default examples/rl_loop/target),
# STEPS (default 100), OUT (default examples/rl_loop/runs/smoke), and any
# extra arguments are passed to the binary.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TORCH_VENV=${TORCH_VENV:-$(dirname "$REPO")/venv-torch}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HERE/target}
STEPS=${STEPS:-100}
OUT=${OUT:-$HERE/runs/smoke}

if ! compgen -G "$TORCH_VENV/lib/python3*/site-packages/torch/lib/libtorch_cpu.so" >/dev/null; then
    echo "== installing torch 2.11.0 (minimal CPU set) into $TORCH_VENV"
    python3 -m venv "$TORCH_VENV"
    "$TORCH_VENV/bin/pip" install --quiet --no-deps \
        torch==2.11.0 nvidia-cuda-runtime==13.0.96 nvidia-cuda-cupti==13.0.85
fi
TORCH=$(echo "$TORCH_VENV"/lib/python3*/site-packages/torch)
[ -f "$TORCH/lib/libtorch_cpu.so" ] || { echo "no libtorch_cpu.so under $TORCH" >&2; exit 1; }
export LIBTORCH=$TORCH
export LD_LIBRARY_PATH=$TORCH/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

echo "== building (LIBTORCH=$LIBTORCH, target $CARGO_TARGET_DIR)"
start=$(date +%s)
cargo build --release --locked --manifest-path "$HERE/Cargo.toml"
echo "build: $(( $(date +%s) - start )) s"
BIN=$CARGO_TARGET_DIR/release/rl_loop

# Bundle the binary for the GPU box (see run_gpu.sh); ignored by git.
# Stripped (5 MB instead of 86 MB) to fit the device tool's carry limit.
mkdir -p "$HERE/bin" && cp "$BIN" "$HERE/bin/rl_loop"
strip "$HERE/bin/rl_loop" 2>/dev/null || echo "strip not found: bin/rl_loop keeps its line tables"

echo "== smoke run: $STEPS steps on CPU"
start=$(date +%s)
"$BIN" --device cpu --steps "$STEPS" --log-every 10 --eval 100 --out "$OUT" "$@"
echo "run: $(( $(date +%s) - start )) s"
python3 - "$OUT/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"start reward {s['reward_start']:.3f} -> end reward {s['reward_end']:.3f} "
      f"over {s['steps']} steps in {s['wall_s']:.0f} s")
PY
