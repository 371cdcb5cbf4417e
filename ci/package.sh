#!/usr/bin/env bash
# Publishing readiness: every published crate of the workspace packages
# (without the verification build, which would compile the whole tree
# again; its dependencies on each other are not on the registry yet), and
# each package carries its README and both licence files.
set -euo pipefail
# The publishable members (those without `publish = false`).
mapfile -t crates < <(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json,sys; [print(p["name"]) for p in json.load(sys.stdin)["packages"] if p["publish"] is None]')
cargo package --no-verify --locked --quiet "${crates[@]/#/--package=}"
version=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json,sys; print({p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="rlvr"}.pop())')
for crate in "${crates[@]}"; do
    file="target/package/$crate-$version.crate"
    list=$(tar -tzf "$file")
    for want in README.md LICENSE-MIT LICENSE-APACHE Cargo.toml; do
        if ! grep -qx "$crate-$version/$want" <<<"$list"; then
            echo "package: $file lacks $want"
            exit 1
        fi
    done
    echo "package: $crate $version ($(du -k "$file" | cut -f1) KiB)"
done
