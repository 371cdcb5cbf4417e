#!/usr/bin/env python3
"""Checks every dependency's licence against the allow-list in deny.toml,
using `cargo metadata` (the same check as `cargo deny check licenses`, with
nothing to install). A package passes when its SPDX expression can be
satisfied with allowed licences: every AND term allowed, at least one OR
alternative allowed. Also enforces the version bans listed in deny.toml."""
import json
import re
import subprocess
import sys
import tomllib

with open("deny.toml", "rb") as f:
    deny = tomllib.load(f)
allowed = set(deny["licenses"]["allow"])
bans = deny.get("bans", {}).get("deny", [])

meta = json.loads(
    subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"]
    )
)
workspace = set(meta["workspace_members"])
# Only packages that are actually in the resolved graph.
in_graph = {node["id"] for node in meta["resolve"]["nodes"]}


def tokens(expr):
    # "Apache-2.0 WITH LLVM-exception" is one licence.
    expr = re.sub(r"\s+WITH\s+", "__WITH__", expr)
    return re.findall(r"\(|\)|[^\s()]+", expr.replace("/", " OR "))


def satisfiable(toks):
    """Recursive descent over OR (lowest) / AND / atoms."""
    pos = 0

    def atom():
        nonlocal pos
        t = toks[pos]
        pos += 1
        if t == "(":
            v = disj()
            pos += 1  # ")"
            return v
        return t.replace("__WITH__", " WITH ") in allowed

    def conj():
        nonlocal pos
        v = atom()
        while pos < len(toks) and toks[pos] == "AND":
            pos += 1
            v = atom() and v
        return v

    def disj():
        nonlocal pos
        v = conj()
        while pos < len(toks) and toks[pos] == "OR":
            pos += 1
            v = conj() or v
        return v

    return disj()


def version_tuple(v):
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


bad = []
for pkg in meta["packages"]:
    if pkg["id"] in workspace or pkg["id"] not in in_graph:
        continue
    name, version, lic = pkg["name"], pkg["version"], pkg.get("license")
    if not lic:
        bad.append(f"{name} {version}: no licence field")
    elif not satisfiable(tokens(lic)):
        bad.append(f"{name} {version}: {lic}")
    for ban in bans:
        m = re.fullmatch(r">=\s*([\d.]+)", ban.get("version", ""))
        if ban["name"] == name and m and version_tuple(version) >= version_tuple(m.group(1)):
            bad.append(f"{name} {version}: banned ({ban['version']})")

checked = len(in_graph - workspace)
if bad:
    print(f"licence check: {len(bad)} of {checked} packages fail:")
    print("\n".join("  " + b for b in bad))
    sys.exit(1)
print(f"licence check: {checked} packages, all allowed")
