#!/usr/bin/env bash
# Feature sweep: every feature of the facade builds on its own (a cheap
# stand-in for `cargo hack --each-feature`).
set -euo pipefail
features=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json,sys; m=json.load(sys.stdin); p=[p for p in m["packages"] if p["name"]=="rlvr"][0]; print(" ".join(sorted(f for f in p["features"] if f != "default")))')
for f in "" $features; do
    echo "== cargo check -p rlvr --no-default-features --features '$f'"
    cargo check -q -p rlvr --no-default-features --features "$f" --locked
done
