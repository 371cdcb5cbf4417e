# rlvr-code guest: guards. They matter where program code and harness code
# share one interpreter (stdin/stdout, call-based and exec modes, whose
# verdicts are decided on the host anyway); in the split modes (functional,
# assert_case, pytest) the test side runs in a trusted instance that never
# runs program code, and these guards are a second line only.
from rlvr_setup import *
from rlvr_setup import sys, ast, types


# Modules whose top-level bindings a program must not change in the
# functional format (e.g. `math.isclose = lambda *a, **k: True` would make
# TACO's `_deep_eq` accept anything). Checked after the tests ran.
_GUARDED = ["builtins", "math", "cmath", "operator", "functools", "itertools", "collections", "copy",
            "json", "re", "types", "typing", "numbers", "decimal", "fractions", "heapq", "bisect",
            "string", "random", "statistics", "unittest", "ast", "inspect", "io", "os", "posix", "gc"]
_GUARD_SNAPSHOT = {n: (sys.modules[n], dict(sys.modules[n].__dict__)) for n in _GUARDED if n in sys.modules}
_SYS_KEYS = ["exit", "settrace", "setprofile", "gettrace", "getprofile", "modules", "addaudithook"]
_SYS_SNAPSHOT = {k: getattr(sys, k) for k in _SYS_KEYS}


def _tampered():
    """The name of a guarded binding the program changed, or None."""
    for name, (mod, snap) in _GUARD_SNAPSHOT.items():
        if sys.modules.get(name) is not mod:
            return f"sys.modules[{name!r}] replaced"
        d = mod.__dict__
        for k, v in snap.items():
            if d.get(k, _tampered) is not v:
                return f"{name}.{k} changed"
    for k, v in _SYS_SNAPSHOT.items():
        if getattr(sys, k, None) is not v:
            return f"sys.{k} changed"
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return "a trace or profile hook is set"
    try:
        for tool in range(6):
            if sys.monitoring.get_tool(tool) is not None:
                return "a sys.monitoring tool is registered"
    except Exception:
        pass
    return None


# No audit hooks after the snapshot: an audit hook sees every `exec` and
# `compile` with its arguments.
_sealed = [False]


def _audit(event, args):
    if event == "sys.addaudithook" and _sealed[0]:
        raise RuntimeError("audit hooks are not allowed")


sys.addaudithook(_audit)
_sealed[0] = True

# A test the program's state made invalid (a replaced fixture or test).
class _Untrusted(AssertionError):
    pass


__all__ = [n for n in list(globals()) if not n.startswith("__")]
