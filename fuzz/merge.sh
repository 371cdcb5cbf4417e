#!/usr/bin/env bash
# Minimises a target's corpus: the committed corpus, plus what a run found,
# merged into the smallest set with the same coverage (what `cargo fuzz
# cmin` does): `fuzz/merge.sh <target>`.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
bin=target/x86_64-unknown-linux-gnu/release/$target
rm -rf "work/$target.min"
mkdir -p "work/$target.min"
"$bin" -merge=1 -max_len=4096 -timeout=10 "work/$target.min" "corpus/$target" "work/$target" > "work/$target.merge.log" 2>&1
rm -rf "corpus/$target"
mv "work/$target.min" "corpus/$target"
echo "$target: $(ls "corpus/$target" | wc -l) files, $(du -sb "corpus/$target" | cut -f1) bytes"
