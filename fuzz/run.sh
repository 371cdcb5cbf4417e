#!/usr/bin/env bash
# Fuzzes one target for a given time, then merges what it found into the
# committed, minimised corpus: `fuzz/run.sh <target> <seconds> [features]`.
# One fuzzer process at a time (no -jobs / -workers). The figures go in
# RESULTS.md; the last stats lines are in work/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1 seconds=$2 features=${3:-}
cargo +nightly fuzz build -s none -a --no-trace-compares ${features:+--features "$features"} "$target"
bin=target/x86_64-unknown-linux-gnu/release/$target
mkdir -p "work/$target" "corpus/$target" "artifacts/$target"
"$bin" "work/$target" "corpus/$target" "seeds/$target" \
    -runs=10000000 -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="artifacts/$target/" \
    > "work/$target.log" 2>&1 || echo "$target: the fuzzer stopped with $? (see work/$target.log)"
grep -E '^(Done|stat::)|INITED|^#[0-9]+ *DONE' "work/$target.log" || true
