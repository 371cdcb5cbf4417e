# rlvr-code guest harness: the entry points of the component. The harness is
# split by what its parts do (the files are listed, in hashing order, in
# MANIFEST; build.sh and the library's staleness key hash them in that order):
#   rlvr_setup.py   sandbox set-up: stdlib pre-import, synchronous threads,
#                   in-memory capped stdio, exit handling, reseeding
#   rlvr_guards.py  guards for modes that share one interpreter
#   rlvr_value.py   values as data (the node table), the program side
#                   (`serve`) and the trusted side (handles) of a split run
#   rlvr_modes.py   stdio, call, exec and invoke modes
#   rlvr_pytest.py  the pytest-compatible runner (trusted side)
#
# Exports:
#   run(req) -> result   one request in a fresh instance, `mode` one of
#     stdio:      {"src", "tests": [stdin, ...], "start", "end", "out_cap"}
#                 each test execs `src` afresh as __main__ with that stdin;
#                 reports {"i", "status", "stdout", "err"} per test.
#     call:       {"src", "fn", "tests": [[json arg line, ...], ...], ...}
#                 execs `src` once (reports {"i": -1, "status": "loaded"}),
#                 then calls `fn` (or Solution().fn) per test and reports
#                 {"i", "status", "value": "<node table JSON>", "err"}.
#     functional: {"names", "prefix", "helpers", "candidate", "tests": [code],
#                 "out_cap"}: TRUSTED side. The program was loaded in
#                 another instance (serve/load); its names are handles here.
#                 Returns {"status": "passed"} or why not.
#     pytest:     {"names", "tests": "<test file>", "collect", "n", "start",
#                 "end", "out_cap"}: TRUSTED side; with "collect" returns
#                 {"status": "collected", "n"}, else reports
#                 {"i": -1, "status": "loaded"} and one result per test.
#     exec:       {"src", "stdin", "out_cap"} -> {"status", "stdout",
#                 "stderr", "exit"}, like `python3 prog.py < stdin`.
#     invoke:     {"src", "fn", "args", "expect", "out_cap"} -> {"status",
#                 "repr", "json", "value": table} (literal arguments only)
#     compare:    {"value": table, "expect": "<literal>"} -> {"status":
#                 "compared", "equal"}: TRUSTED side of invoke's `==`.
#   serve(req) -> reply  the PROGRAM side of a split run, called many times
#     on one instance: {"op": "load", "src", "prefix", "seed", "out_cap"} ->
#     {"status": "loaded", "names": table}; {"op": "call", "h", "args":
#     table, "dc"} -> {"status": "returned", "value": table of (result,
#     the arguments' mutable parts)} | raised (with "value": table of
#     (None, those parts)) | exit | memory | output_limit; {"op":
#     "getattr", "h", "name"}; {"op": "iter", "h"} -> a handle of the
#     iterator; {"op": "next", "h", "n"} -> table of (items, ended);
#     {"op": "len" | "bool", "h"}; {"op": "getitem", "h", "args": key}.
# Imports: report(line) (streamed per-test reports, trusted side and the
# one-interpreter modes), call(req) -> reply (the trusted side's requests
# to the program side, forwarded by the host).
import json
import sys
import wit_world
from rlvr_setup import _restore, _format_exc
import rlvr_modes
import rlvr_value
import rlvr_pytest

_MODES = {"stdio": rlvr_modes._run_stdio, "call": rlvr_modes._run_call,
          "functional": rlvr_value.run_trusted_functional, "exec": rlvr_modes._run_exec,
          "invoke": rlvr_modes._run_invoke, "compare": rlvr_modes._run_compare,
          "pytest": rlvr_pytest._run_pytest}


class WitWorld(wit_world.WitWorld):
    def run(self, req: str) -> str:
        r = json.loads(req)
        try:
            res = _MODES[r["mode"]](r)
        except BaseException as e:
            _restore()
            res = {"status": "harness_error", "err": _format_exc(e)}
        return json.dumps(res)

    def serve(self, req: str) -> str:
        r = json.loads(req)
        if r.get("op") == "load":
            # A program may import pytest (a solution file with its own
            # tests): it gets a throwaway copy, never the test side's.
            sys.modules["pytest"] = rlvr_pytest._make_pytest()
        try:
            res = rlvr_value.serve(r)
        except BaseException as e:
            _restore()
            res = {"status": "harness_error", "err": _format_exc(e)}
        try:
            return json.dumps(res)
        except BaseException as e:
            return json.dumps({"status": "harness_error", "err": "the reply does not serialise"})
