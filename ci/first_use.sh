#!/usr/bin/env bash
# The guest on first use, raced: three processes meet a code row at once on
# one empty cache. Exactly one of them builds the Python guest (it says so
# in one line), the others wait on the build lock and then load what it
# built, and every process grades its row (no `sandbox_error`).
#
#   bash ci/first_use.sh [path/to/rlvr]    (default: target/debug/rlvr)
set -euo pipefail
cd "$(dirname "$0")/.."
rlvr="${1:-target/debug/rlvr}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
grep -m1 '"codegen__primeintellect"' fixtures/guru_sample.jsonl > "$work/row.jsonl"

pids=()
for i in 1 2 3; do
    RLVR_CACHE="$work/cache" "$rlvr" score --input "$work/row.jsonl" \
        --output "$work/out.$i.jsonl" 2> "$work/err.$i" &
    pids+=("$!")
done
failed=0
for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
done
if [ "$failed" != 0 ]; then
    echo "a racing process failed:"
    cat "$work"/err.*
    exit 1
fi

builds=$(cat "$work"/err.* | grep -c "rlvr: building the code sandbox's Python guest" || true)
if [ "$builds" != 1 ]; then
    echo "expected one guest build among three racing processes, saw $builds:"
    cat "$work"/err.*
    exit 1
fi
for i in 1 2 3; do
    if ! grep -q '"status":"correct"' "$work/out.$i.jsonl"; then
        echo "process $i did not grade its code row:"
        cat "$work/out.$i.jsonl" "$work/err.$i"
        exit 1
    fi
done
waited=$(cat "$work"/err.* | grep -c "waiting for another process" || true)
echo "first use, raced: 1 build, $waited process(es) waited on the lock, 3 rows graded"
