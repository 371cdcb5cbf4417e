#!/usr/bin/env bash
# Builds the rlvr-code guest: CPython 3.14 (componentize-py 0.25.1, -O3,
# wasm32-wasip2) with the harness (the files of MANIFEST) pre-initialized into a snapshot.
#
#   verifiers/code/guest/build.sh            # prints the guest's path
#
# Cache dir: ${RLVR_CACHE:-$HOME/.cache/rlvr}. The toolchain is installed
# with pip into a venv there, from a wheel pinned by version and sha256
# (requirements.txt, `--require-hashes`). The guest is written to
# $CACHE/code/python-guest.wasm (what the library loads by default), its
# sha256 to python-guest.wasm.sha256 and the sha256 of its inputs to
# python-guest.wasm.key (an unchanged key skips the build). The build is not bit-reproducible
# (the snapshot captures build-time randomness); the library keys its
# compile cache on the guest's sha256, so that is harmless.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${RLVR_CACHE:-$HOME/.cache/rlvr}"
python="${PYTHON:-python3}"
venv="$cache/code/venv-componentize-py-0.25.1"
out="$cache/code/python-guest.wasm"

# The build is not reproducible, and a new guest means a new compile of it
# (10 s release, minutes in a debug build): skip the build when the guest
# was built from these very inputs (FORCE=1 rebuilds).
# The harness files, in hashing order, are listed in MANIFEST (the library
# hashes the same files in the same order for its staleness key).
mapfile -t files < <(grep -v '^\s*$' "$here/MANIFEST")
key="$(cd "$here" && cat "${files[@]}" | sha256sum | cut -d' ' -f1)"
if [ -z "${FORCE:-}" ] && [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
    echo "$out"
    exit 0
fi

mkdir -p "$cache/code"
if [ ! -x "$venv/bin/componentize-py" ]; then
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        --require-hashes --only-binary=:all: -r "$here/requirements.txt"
fi

# Build in a scratch copy, so that nothing (generated bindings,
# __pycache__) lands in the source tree.
work="$(mktemp -d "$cache/code/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && cp "${files[@]}" "$work/")
(cd "$work" && "$venv/bin/componentize-py" -d runner.wit -w runner componentize -p . app -o guest.wasm >&2)
mv -f "$work/guest.wasm" "$out.tmp"
mv -f "$out.tmp" "$out"
sha256sum "$out" | cut -d' ' -f1 > "$out.sha256"
echo "$key" > "$out.key"
echo "$out"
