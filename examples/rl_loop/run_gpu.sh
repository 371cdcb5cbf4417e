#!/usr/bin/env bash
# One prepared run of the GRPO example on a GPU box with torch 2.11.0+cu130
# at /opt/torch/.venv and no Rust toolchain.
#
# The binary is built on a CPU machine (./run_cpu.sh copies it to
# examples/rl_loop/bin/rl_loop) and carried over with the checkout. This
# script checks the libraries, checks that CUDA is found, trains for a
# 10-minute budget and prints tokens/s and the reward curve. Everything
# lands in $OUT (default examples/rl_loop/runs/gpu).
#
# Environment: TORCH_PY (default /opt/torch/.venv/bin/python3), BIN,
# OUT, BUDGET_S (training seconds, default 540 so that the whole script
# fits in 10 minutes); extra arguments go to the binary.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TORCH_PY=${TORCH_PY:-/opt/torch/.venv/bin/python3}
BIN=${BIN:-$HERE/bin/rl_loop}
OUT=${OUT:-$HERE/runs/gpu}
BUDGET_S=${BUDGET_S:-540}
mkdir -p "$OUT"
exec > >(tee "$OUT/run_gpu.log") 2>&1

echo "== torch on this box"
"$TORCH_PY" -c 'import torch; print(torch.__version__, torch.version.git_version, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' \
    || { echo "cannot import torch from $TORCH_PY"; exit 1; }
TL=$("$TORCH_PY" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
export LD_LIBRARY_PATH=$TL${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true

echo "== binary: $BIN"
[ -x "$BIN" ] || { echo "no binary at $BIN: build it with run_cpu.sh and carry examples/rl_loop/bin"; exit 1; }
if ldd "$BIN" | grep "not found"; then echo "missing libraries (above)"; exit 1; fi
echo "ldd: all libraries found"
# libtorch_cuda.so is dlopen-ed by the binary at start-up; check that it
# and its CUDA dependencies resolve from this torch.
if ldd "$TL/libtorch_cuda.so" | grep "not found"; then echo "libtorch_cuda.so has missing dependencies (above)"; exit 1; fi
echo "ldd libtorch_cuda.so: all libraries found"

echo "== smoke: 2 steps with --device cuda (fails if CUDA is not found)"
"$BIN" --device cuda --steps 2 --eval 0 --log-every 1 --out "$OUT/check" || { echo "CUDA not usable"; exit 1; }

# GPU defaults (untested on a GPU, chosen from the CPU runs): a step of
# this tiny model costs kernel launches more than FLOPs, so the batch is 4x
# the CPU one (128 prompts x 16 samples = 2048 samples a step: more groups
# with a right answer per step, less gradient noise), and the model is
# 4x wider-and-deeper (d_model 128, 4 blocks, ~0.8 M parameters) to hold
# the arithmetic tables; lr 2e-3 (CPU default 3e-3 for the small model).
echo "== training for ${BUDGET_S} s"
"$BIN" --device cuda --steps 100000 --time-budget "$BUDGET_S" \
    --batch 128 --group-size 16 --d-model 128 --layers 4 --heads 4 --lr 2e-3 --lr-final 0.1 \
    --log-every 25 --save-every 500 --eval 500 --out "$OUT" "$@"
status=$?

echo "== reward curve (every ~20th step)"
"$TORCH_PY" - "$OUT/metrics.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
if rows:
    every = max(1, len(rows) // 20)
    for r in rows[::every] + ([rows[-1]] if (len(rows) - 1) % every else []):
        bar = "#" * int(round(40 * (r["reward"] or 0)))
        print(f"step {r['step']:>5}  t={r['wall_s']:6.0f}s  reward {r['reward']:.3f}  "
              f"math {r['reward_math'] or 0:.3f} sort {r['reward_sort'] or 0:.3f}  "
              f"{r['tokens_per_s']:8.0f} tok/s  {bar}")
PY
cat "$OUT/summary.json" 2>/dev/null
ls -l "$OUT"
exit $status
