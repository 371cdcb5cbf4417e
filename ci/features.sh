#!/usr/bin/env bash
# Feature sweep: every light feature of the facade builds on its own (a
# cheap stand-in for `cargo hack --each-feature`). The heavy features
# (polars, wasmtime, the server) are built together by the all-features
# clippy and test steps; building each alone would recompile its backend
# with another feature set for little gain on a 2-core machine.
set -euo pipefail
features=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json,sys; m=json.load(sys.stdin); p=[p for p in m["packages"] if p["name"]=="rlvr"][0]; heavy={"default","full","parquet","code","table","server"}; print(" ".join(sorted(f for f in p["features"] if f not in heavy)))')
for f in "" $features; do
    echo "== cargo check -p rlvr --no-default-features --features '$f'"
    cargo check -q -p rlvr --no-default-features --features "$f" --locked
done
