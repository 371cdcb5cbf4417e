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

# --- Comparisons in functional test code ------------------------------------
# Test code is rewritten so that every operand of a comparison, and every
# asserted value, goes through `_rlvr_v`: a value whose class was defined by
# the program with its own comparison or truth dunders (the "AlwaysEqual"
# hack) fails the assert instead of passing it.
_DUNDERS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__len__",
            "__contains__", "__hash__", "__iter__", "__getattr__", "__getattribute__", "__class__",
            "__instancecheck__", "__float__", "__index__", "__int__", "__abs__", "__sub__", "__rsub__")
_SOLUTION_FILES = ("<solution>",)
_trusted_types = {}


def _type_ok(t):
    r = _trusted_types.get(t)
    if r is None:
        r = True
        for klass in type.__getattribute__(t, "__mro__"):
            d = type.__getattribute__(klass, "__dict__")
            for name in _DUNDERS:
                f = d.get(name)
                if f is None:
                    continue
                code = getattr(f, "__code__", None) or getattr(getattr(f, "fget", None), "__code__", None)
                if code is not None and code.co_filename in _SOLUTION_FILES:
                    r = False
                    break
                if code is None and not isinstance(f, (types.WrapperDescriptorType, types.MethodDescriptorType,
                                                        types.BuiltinFunctionType, staticmethod, classmethod,
                                                        type(None))):
                    # A callable object or descriptor of unknown origin on a
                    # program-defined class: distrust it.
                    if klass.__module__ == "__main__":
                        r = False
                        break
            if not r:
                break
        _trusted_types[t] = r
    return r


class _Untrusted(AssertionError):
    pass


def _rlvr_v(x):
    todo, seen = [x], 0
    while todo and seen < 100_000:
        y = todo.pop()
        seen += 1
        t = type(y)
        if t in (int, float, str, bool, type(None), bytes, complex):
            continue
        if not _type_ok(t):
            raise _Untrusted(f"value of program-defined type {t.__name__} with custom comparison")
        if t in (list, tuple, set, frozenset) or issubclass(t, (list, tuple, set, frozenset)):
            todo.extend(y)
        elif t is dict or issubclass(t, dict):
            todo.extend(dict.keys(y))
            todo.extend(dict.values(y))
    return x


class _Rewrite(ast.NodeTransformer):
    def _wrap(self, node):
        return ast.copy_location(ast.Call(func=ast.Name(id="_rlvr_v", ctx=ast.Load()), args=[node], keywords=[]),
                                 node)

    def visit_Compare(self, node):
        self.generic_visit(node)
        node.left = self._wrap(node.left)
        node.comparators = [self._wrap(c) for c in node.comparators]
        return node

    def visit_Assert(self, node):
        self.generic_visit(node)
        node.test = self._wrap(node.test)
        return node


def _compile_tests(code):
    tree = ast.parse(code, "<tests>", "exec")
    tree = ast.fix_missing_locations(_Rewrite().visit(tree))
    return compile(tree, "<tests>", "exec")



__all__ = [n for n in list(globals()) if not n.startswith("__")]
