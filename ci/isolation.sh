#!/usr/bin/env bash
# Dependency isolation (DESIGN.md): the default build and a light-domain
# build must not pull in the heavy backends (wasmtime, polars, tch).
set -euo pipefail
light=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json,sys; m=json.load(sys.stdin); p=[p for p in m["packages"] if p["name"]=="rlvr"][0]; print(",".join(f for f in ("math","logic","sim","science","instruct","livebench") if f in p["features"]))')
check() {
    local label=$1; shift
    local tree heavy
    # A failing `cargo tree` must fail the check, not pass it silently.
    tree=$(cargo tree -p rlvr -e normal --prefix none --locked "$@")
    heavy=$(grep -E '^(wasmtime|polars|tch|torch-sys)( |$)' <<<"$tree" | sort -u || true)
    if [ -n "$heavy" ]; then
        echo "isolation: the $label build pulls in heavy backends:"
        echo "$heavy"
        exit 1
    fi
    echo "isolation: $label build is free of wasmtime/polars/tch"
}
check "default"
check "core-only" --no-default-features
if [ -n "$light" ]; then
    check "light-domain ($light)" --no-default-features --features "$light"
fi
