# rlvr-code guest: values as data, and the two sides of a split run.
#
# In the split modes (functional, assert_case, pytest) two instances of this
# guest work together, each in its own wasmtime store:
#  - the PROGRAM instance runs the model's program (`serve` requests: load,
#    call, getattr, iter). It only ever hands out data: the values its
#    functions return, encoded by `encode` below. Whatever it does to itself
#    (patched json, swapped classes, gc walks) changes only that data;
#  - the TRUSTED instance never runs program code. It runs the prefix, the
#    helpers and the test code; every name the program defines is a `_Remote`
#    there (an opaque handle: calling it, or a method of it, forwards the call
#    through the host import `call` to the program instance), or a plain value.
#    Comparisons, asserts and the verdict all happen here, on trusted objects.
#
# The value encoding (one JSON object, decoded by the host with one typed
# decoder, then by the other instance): {"nodes": [node, ...], "root": i}, a
# flat table (no nesting, so no depth limit; shared and cyclic structures
# keep their shape), where each node is {"t": tag, "c": content}:
#   none | bool b | int "decimal" | float "repr" | complex ["re", "im"] |
#   str s | bytes "hex" | bytearray "hex" | decimal "text" |
#   fraction ["num", "den"] | list [i..] | tuple [i..] | set [i..] |
#   frozenset [i..] | dict [[k, v]..] | object {"class": name,
#   "attrs": [[name, i]..]} | handle n | global "module:qualname" |
#   module name
# Objects cross as `object` only when their class name is one of the
# trusted side's own classes (ListNode, TreeNode, ... of the prefix or the
# test code); the trusted side rebuilds them with ITS class. A few standard
# values cross as `object` with a class "module:name" (deque, Counter,
# OrderedDict, defaultdict, date, datetime, time, timedelta, timezone,
# range, slice, members of a standard module's enum): rebuilt from their
# parts with the receiving side's own classes. Any other program object
# stays in the program instance and crosses as a `handle`. Integers cross
# in decimal whatever limit `sys.set_int_max_str_digits` sets.
#
# A call's reply is (value, the arguments' mutable parts in node order);
# the caller refills its own objects from those parts in place, so nested
# containers keep their identity and aliases see the program's changes
# (also when the program raised: the `raised` reply carries them).
from rlvr_setup import *
from rlvr_setup import sys, json, re, types, decimal, fractions, math, ast, builtins, collections, datetime, enum
import symtable
import dataclasses as _dataclasses
from rlvr_guards import *


class _NotData(TypeError):
    pass


# The modules the guest really has (all imported at build time).
_GENUINE_MODULES = dict(sys.modules)


_SIMPLE = (type(None), bool, int, float, complex, str, bytes, bytearray, decimal.Decimal, fractions.Fraction)


def _global_name(x):
    """`module:qualname` for a class or function of a genuine module, or None."""
    try:
        mod = type.__getattribute__(x, "__module__") if isinstance(x, type) else x.__module__
        qual = type.__getattribute__(x, "__qualname__") if isinstance(x, type) else x.__qualname__
    except Exception:
        return None
    if type(mod) is not str or type(qual) is not str or mod in ("__main__", "solution", "program"):
        return None
    m = _GENUINE_MODULES.get(mod)
    if m is None:
        return None
    obj = m
    for part in qual.split("."):
        obj = getattr(obj, part, None)
    return f"{mod}:{qual}" if obj is x else None


# Standard values that cross as data (`object` nodes whose class is
# "module:name", never a class of either side's choosing) and are rebuilt
# with the receiving side's own classes: exact types only (a subclass stays
# a handle), their parts as attributes.
_deque, _Counter, _OrderedDict, _defaultdict = (collections.deque, collections.Counter,
                                                collections.OrderedDict, collections.defaultdict)
_date, _datetime, _time, _timedelta, _timezone = (datetime.date, datetime.datetime, datetime.time,
                                                  datetime.timedelta, datetime.timezone)
# A defaultdict's default_factory crosses only when it is one of these.
_FACTORIES = {c.__name__: c for c in (list, dict, set, int, float, str, tuple, frozenset, bytes, bytearray,
                                      bool, complex)}
_RICH_MUTABLE = {"collections:deque": _deque, "collections:Counter": _Counter,
                 "collections:OrderedDict": _OrderedDict, "collections:defaultdict": _defaultdict}
_get_digits, _set_digits = sys.get_int_max_str_digits, sys.set_int_max_str_digits


def _tz_attrs(tz):
    """A tzinfo as attributes (None or a fixed `timezone`), else None."""
    if tz is None:
        return [("tz_us", None), ("tz_name", None)]
    if type(tz) is not _timezone:
        return None
    args = tz.__getinitargs__()
    off = args[0]
    return [("tz_us", (off.days * 86400 + off.seconds) * 1_000_000 + off.microseconds),
            ("tz_name", args[1] if len(args) > 1 else None)]


def _tz_of(a):
    us, name = a.get("tz_us"), a.get("tz_name")
    if us is None:
        return None
    off = _timedelta(microseconds=us)
    return _timezone(off) if name is None else _timezone(off, name)


def _rich_parts(y, t):
    """(class, [(attribute, part), ...]) of a standard value that crosses as
    data, or None."""
    if t is _deque:
        return "collections:deque", [("items", list(y)), ("maxlen", y.maxlen)]
    if t is _Counter:
        return "collections:Counter", [("items", dict(dict.items(y)))]
    if t is _OrderedDict:
        return "collections:OrderedDict", [("items", dict(_OrderedDict.items(y)))]
    if t is _defaultdict:
        f = y.default_factory
        name = getattr(f, "__name__", None)
        return "collections:defaultdict", [("items", dict(dict.items(y))),
                                           ("factory", name if _FACTORIES.get(name) is f else None)]
    if t is _date:
        return "datetime:date", [("year", y.year), ("month", y.month), ("day", y.day)]
    if t is _timedelta:
        return "datetime:timedelta", [("days", y.days), ("seconds", y.seconds), ("microseconds", y.microseconds)]
    if t is _datetime or t is _time:
        tz = _tz_attrs(y.tzinfo)
        if tz is None:
            return None
        day = [("year", y.year), ("month", y.month), ("day", y.day)] if t is _datetime else []
        return ("datetime:datetime" if t is _datetime else "datetime:time",
                day + [("hour", y.hour), ("minute", y.minute), ("second", y.second),
                       ("microsecond", y.microsecond), ("fold", y.fold)] + tz)
    if t is _timezone:
        tz = _tz_attrs(y)
        return "datetime:timezone", tz
    if t is range:
        return "builtins:range", [("start", y.start), ("stop", y.stop), ("step", y.step)]
    if t is slice:
        parts = [("start", y.start), ("stop", y.stop), ("step", y.step)]
        if all(v is None or type(v) is int for _, v in parts):
            return "builtins:slice", parts
        return None
    if isinstance(y, enum.Enum):
        g = _global_name(t)
        name = y._name_
        if g is not None and type(name) is str and t.__members__.get(name) is y:
            return "enum:member", [("class", g), ("name", name)]
    return None


def _rich_value(cls, a):
    """The receiving side's own value for a standard value's attributes
    (scalars only; the containers' items are filled later)."""
    if cls == "collections:deque":
        return _deque((), a.get("maxlen"))
    if cls == "collections:Counter":
        return _Counter()
    if cls == "collections:OrderedDict":
        return _OrderedDict()
    if cls == "collections:defaultdict":
        return _defaultdict(_FACTORIES.get(a.get("factory")))
    if cls == "datetime:date":
        return _date(a["year"], a["month"], a["day"])
    if cls == "datetime:timedelta":
        return _timedelta(days=a["days"], seconds=a["seconds"], microseconds=a["microseconds"])
    if cls == "datetime:datetime":
        return _datetime(a["year"], a["month"], a["day"], a["hour"], a["minute"], a["second"],
                         a["microsecond"], _tz_of(a), fold=a["fold"])
    if cls == "datetime:time":
        return _time(a["hour"], a["minute"], a["second"], a["microsecond"], _tz_of(a), fold=a["fold"])
    if cls == "datetime:timezone":
        tz = _tz_of(a)
        if tz is None:
            raise ValueError("a timezone without an offset")
        return tz
    if cls == "builtins:range":
        return range(a["start"], a["stop"], a["step"])
    if cls == "builtins:slice":
        return slice(a["start"], a["stop"], a["step"])
    if cls == "enum:member":
        k = _resolve_global(a["class"])
        if not (isinstance(k, type) and issubclass(k, enum.Enum)):
            raise ValueError(f"{a['class']} is not an enum")
        v = k.__members__.get(a["name"])
        if v is None:
            raise ValueError(f"no member {a['name']!r} in {a['class']}")
        return v
    raise ValueError(f"an object of unknown class {cls!r}")


def _rich_attr(n):
    """A scalar attribute of a standard value: none, bool, int, str."""
    t, c = n["t"], n.get("c")
    if t == "none":
        return None
    if t == "bool":
        return bool(c)
    if t == "int":
        return int(c)
    if t == "str" and type(c) is str:
        return c
    if t in ("list", "dict"):
        return None  # a container part: filled after every node exists
    raise ValueError(f"a standard value's part of type {t!r}")


def _is_mutable(n):
    """Whether a node is a mutable container: in-place changes to it come
    back to the caller's own object (the same test on both sides)."""
    t = n["t"]
    if t in ("list", "dict", "set", "bytearray"):
        return True
    if t == "object":
        c = n.get("c")
        cls = c.get("class") if type(c) is dict else None
        return type(cls) is str and (":" not in cls or cls in _RICH_MUTABLE)
    return False


def encode(x, other, max_nodes=5_000_000, rich=False, objs=None):
    """The node table of x. `other(y, index)` returns the node of any
    non-plain value y (an object, a handle, ...) or raises _NotData. With
    `rich`, the standard values of `_rich_parts` cross as data. `objs`, a
    list, receives the encoded objects in node order."""
    lim = _get_digits()
    if lim:
        _set_digits(0)
    try:
        return _encode(x, other, max_nodes, rich, [] if objs is None else objs)
    finally:
        if lim:
            _set_digits(lim)


def _encode(x, other, max_nodes, rich, keep):
    nodes, memo, todo = [], {}, []

    def index(y):
        i = memo.get(id(y))
        if i is None:
            i = len(nodes)
            if i >= max_nodes:
                raise _NotData("the value has too many parts")
            memo[id(y)] = i
            keep.append(y)
            nodes.append(None)
            todo.append(y)
        return i

    root = index(x)
    while todo:
        y = todo.pop()
        i = memo[id(y)]
        t = type(y)
        if rich and t not in _PLAIN and (parts := _rich_parts(y, t)) is not None:
            n = {"t": "object", "c": {"class": parts[0], "attrs": [[k, index(v)] for k, v in parts[1]]}}
        elif y is None:
            n = {"t": "none"}
        elif isinstance(y, bool):
            n = {"t": "bool", "c": bool(int.__index__(y))}
        elif isinstance(y, int):
            n = {"t": "int", "c": int.__repr__(y)}
        elif isinstance(y, float):
            n = {"t": "float", "c": float.__repr__(y)}
        elif isinstance(y, complex):
            n = {"t": "complex", "c": [float.__repr__(complex.real.__get__(y)),
                                      float.__repr__(complex.imag.__get__(y))]}
        elif isinstance(y, str):
            n = {"t": "str", "c": str.__str__(y)}
        elif isinstance(y, bytearray):
            n = {"t": "bytearray", "c": bytes(y).hex()}
        elif isinstance(y, bytes):
            n = {"t": "bytes", "c": bytes.hex(y)}
        elif t is decimal.Decimal:
            n = {"t": "decimal", "c": decimal.Decimal.__str__(y)}
        elif t is fractions.Fraction:
            n = {"t": "fraction", "c": [int.__repr__(y.numerator), int.__repr__(y.denominator)]}
        elif isinstance(y, dict):
            n = {"t": "dict", "c": [[index(k), index(v)] for k, v in dict.items(y)]}
        elif isinstance(y, list):
            n = {"t": "list", "c": [index(v) for v in list.__iter__(y)]}
        elif isinstance(y, tuple):
            n = {"t": "tuple", "c": [index(v) for v in tuple.__iter__(y)]}
        elif isinstance(y, frozenset):
            n = {"t": "frozenset", "c": [index(v) for v in frozenset.__iter__(y)]}
        elif isinstance(y, set):
            n = {"t": "set", "c": [index(v) for v in set.__iter__(y)]}
        else:
            n = other(y, index)
        nodes[i] = n
    return {"nodes": nodes, "root": root}


_PLAIN = frozenset({type(None), bool, int, float, complex, str, bytes, bytearray, decimal.Decimal,
                    fractions.Fraction, list, tuple, dict, set, frozenset})


def decode(table, objects, reuse=None):
    """The value of a node table. `objects(node)` makes a non-plain node's
    value (an object shell, a handle's stand-in, a global); object shells
    get their attributes after every node exists. `reuse` maps a node to
    an existing mutable object of the same kind, which is emptied and
    refilled in place (write-back: the caller's own objects, and every
    alias of them, see the changes)."""
    lim = _get_digits()
    if lim:
        _set_digits(0)
    try:
        return _decode(table, objects, reuse or {})
    finally:
        if lim:
            _set_digits(lim)


def _decode(table, objects, reuse):
    nodes, root = table["nodes"], table["root"]
    out = [None] * len(nodes)
    done = [False] * len(nodes)
    fill, later = [], []
    # Pass 1: scalars and shells of the mutable containers.
    for i, n in enumerate(nodes):
        t, c = n["t"], n.get("c")
        old = reuse.get(i)
        if t == "none":
            v = None
        elif t == "bool":
            v = bool(c)
        elif t == "int":
            v = int(c)
        elif t == "float":
            v = float(c)
        elif t == "complex":
            v = complex(float(c[0]), float(c[1]))
        elif t == "str":
            v = c
        elif t == "bytes":
            v = bytes.fromhex(c)
        elif t == "bytearray":
            v = bytearray.fromhex(c)
            if type(old) is bytearray:
                old[:] = v
                v = old
        elif t == "decimal":
            v = decimal.Decimal(c)
        elif t == "fraction":
            v = fractions.Fraction(int(c[0]), int(c[1]))
        elif t == "list":
            v = []
            if type(old) is list:
                list.clear(old)
                v = old
            fill.append(i)
        elif t == "dict":
            v = {}
            if type(old) is dict:
                dict.clear(old)
                v = old
            fill.append(i)
        elif t == "set":
            v = set()
            if type(old) is set:
                set.clear(old)
                v = old
            fill.append(i)
        elif t in ("tuple", "frozenset"):
            continue
        elif t == "object" and ":" in c["class"]:
            attrs = {name: _rich_attr(nodes[k]) for name, k in c["attrs"]}
            v = _rich_value(c["class"], attrs)
            kind = _RICH_MUTABLE.get(c["class"])
            if kind is not None:
                if type(old) is kind and (kind is not _deque or old.maxlen == v.maxlen):
                    old.clear()
                    if kind is _defaultdict and v.default_factory is not None:
                        old.default_factory = v.default_factory
                    v = old
                later.append((i, dict(c["attrs"]).get("items")))
        else:
            v = objects(n)
            if t == "object":
                if old is not None and type(old) is type(v) and type(getattr(old, "__dict__", None)) is dict:
                    object.__getattribute__(old, "__dict__").clear()
                    v = old
                fill.append(i)
        out[i] = v
        done[i] = True

    # Pass 2: immutable containers (their parts first), without recursion.
    for i, n in enumerate(nodes):
        if done[i]:
            continue
        stack = [i]
        while stack:
            j = stack[-1]
            if done[j]:
                stack.pop()
                continue
            pending = [k for k in nodes[j]["c"] if not done[k]]
            if pending:
                if any(k in stack for k in pending):
                    raise ValueError("a tuple that contains itself")
                stack.extend(pending)
                continue
            parts = [out[k] for k in nodes[j]["c"]]
            out[j] = tuple(parts) if nodes[j]["t"] == "tuple" else frozenset(parts)
            done[j] = True
            stack.pop()
    # Pass 3: fill the mutable containers.
    for i in fill:
        n, v = nodes[i], out[i]
        t, c = n["t"], n["c"]
        if t == "list":
            v.extend(out[k] for k in c)
        elif t == "dict":
            for k, w in c:
                v[out[k]] = out[w]
        elif t == "set":
            v.update(out[k] for k in c)
        else:
            for name, k in c["attrs"]:
                # No dunder (`__class__`, `__dict__`): an object's class is
                # the receiving side's, not the sender's choice.
                if type(name) is not str or (name.startswith("__") and name.endswith("__")):
                    raise ValueError(f"an object attribute named {name!r}")
                # No attribute that shadows anything of the (trusted)
                # class: an instance attribute `equals` would otherwise be
                # what the test calls, a `TOL` the tolerance its `__eq__`
                # reads. Only a dataclass field with a default (not a
                # `ClassVar`) may be set per instance.
                for klass in type(v).__mro__:
                    if name in klass.__dict__:
                        a = klass.__dict__[name]
                        fields = klass.__dict__.get("__dataclass_fields__")
                        field = fields.get(name) if type(fields) is dict else None
                        is_field = field is not None and getattr(field, "_field_type", None) is getattr(
                            _dataclasses, "_FIELD", object())
                        if callable(a) or hasattr(type(a), "__get__") or not is_field:
                            raise ValueError(f"an object attribute {name!r} shadows its class's")
                        break
                object.__setattr__(v, name, out[k])
    # Pass 4: the standard containers, from their (now complete) items.
    for i, k in later:
        v, items = out[i], out[k] if type(k) is int else None
        if type(v) is _deque:
            if type(items) is not list:
                raise ValueError("a deque without its items")
            v.extend(items)
        else:
            if type(items) is not dict:
                raise ValueError("a mapping without its items")
            if type(v) is _OrderedDict:
                v.update(items)
            else:
                dict.update(v, items)
    return out, root


# --- The program's side --------------------------------------------------------

class _ProgramSide:
    """The state of the program instance: its globals and its handles."""

    def __init__(self):
        self.g = None
        self.handles = []  # every object handed out (kept alive: ids stay unique)
        self.ids = {}  # id(object) -> handle
        self.pending = {}  # handle of an iterator -> the exception its next batch raises first
        self.served = {}  # handle of an iterator -> (items, bytes) handed over so far
        self.cap = 1 << 20


_P = _ProgramSide()


class _Big:
    """A large container among the program's names (a precomputed table):
    it crosses as a handle, not as data."""
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v


def _big(v):
    try:
        return isinstance(v, (list, tuple, dict, set, frozenset, bytes, bytearray, str, _deque)) and len(v) > 10_000
    except Exception:
        return False


def _p_handle(y):
    """The handle of a program object (one per object)."""
    h = _P.ids.get(id(y))
    if h is None or _P.handles[h] is not y:
        _P.handles.append(y)
        h = _P.ids[id(y)] = len(_P.handles) - 1
    return h


def _p_other(data_classes):
    def other(y, index):
        if type(y) is _Big:
            return {"t": "handle", "c": _p_handle(y.v)}
        t = type(y)
        if isinstance(y, types.ModuleType):
            name = getattr(y, "__name__", None)
            if type(name) is str and _GENUINE_MODULES.get(name) is y:
                return {"t": "module", "c": name}
        # The program's classes and functions (even a standard module's)
        # stay handles: a class the trusted side would instantiate itself
        # (unittest.mock's always-equal `_ANY`) is never named by the
        # program.
        name = getattr(t, "__name__", "")
        if name in data_classes and not isinstance(y, type):
            d = getattr(y, "__dict__", None)
            if type(d) is dict:
                return {"t": "object", "c": {"class": name,
                                             "attrs": [[k, index(v)] for k, v in dict.items(d)
                                                       if type(k) is str]}}
        return {"t": "handle", "c": _p_handle(y)}
    return other


def _p_objects(data_classes):
    def objects(n):
        t, c = n["t"], n.get("c")
        if t == "handle":
            return _P.handles[c]
        if t == "module":
            return _GENUINE_MODULES[c]
        if t == "global":
            return _resolve_global(c)
        if t == "object":
            cls = _P.g.get(c["class"]) if _P.g is not None else None
            if not isinstance(cls, type):
                cls = type(c["class"], (), {})
            try:
                return cls.__new__(cls)
            except Exception:
                return object.__new__(type(c["class"], (), {}))
        raise ValueError(f"unknown node {t!r}")
    return objects


def _resolve_global(c):
    """A class or builtin function of a genuine module, by name (never an
    instance: `unittest.mock.ANY` is not a global the program may name)."""
    mod, qual = c.split(":", 1)
    obj = _GENUINE_MODULES[mod]
    for part in qual.split("."):
        obj = getattr(obj, part)
    if not isinstance(obj, (type, types.BuiltinFunctionType)):
        raise ValueError(f"{c} is not a class or builtin function")
    return obj


def _p_reply(status, **kw):
    kw["status"] = status
    return kw


def _p_exc(e):
    hard = None
    if isinstance(e, SystemExit):
        return _p_reply("exit", err=f"SystemExit({e.code!r})"[:300])
    if isinstance(e, _OutputLimit):
        return _p_reply("output_limit")
    if isinstance(e, MemoryError):
        return _p_reply("memory")
    t = type(e)
    # The nearest builtin exception class (a program's `class E(ValueError)`
    # is caught by `except ValueError` on the test side).
    base = ""
    for c in type.__getattribute__(t, "__mro__"):
        if type.__getattribute__(c, "__module__") == "builtins" and getattr(builtins, c.__name__, None) is c:
            base = c.__name__
            break
    try:
        msg = str(e)[:1000]
    except BaseException:
        msg = "?"
    return _p_reply("raised", type_name=base, program_type=str(type.__getattribute__(t, "__name__"))[:100],
                    msg=msg)


# Items an `iter`ated handle hands over per `next` request, at most (the
# trusted side asks for 1, 2, 4, ... up to this). In all, one iterator
# hands over at most _MAX_ITEMS items, and at most what one reply may carry
# (4x the output cap): past that (`list()` of an infinite generator) the
# test fails with an output limit, decided by these counts, not by how fast
# the host is.
_BATCH = 4096
_MAX_ITEMS = 100_000


def serve(r):
    """One request to the program instance."""
    op = r["op"]
    if op == "load":
        return _p_load(r)
    if _P.g is None:
        return _p_reply("error", err="the program was not loaded")
    dc = set(r.get("dc", ()))
    _redirect("", _P.cap)
    try:
        return _p_serve(r, op, dc)
    finally:
        _restore()


def _p_serve(r, op, dc):
    orig = []
    # Only an exception raised while the program's code runs (`run`) is the
    # program's exception; one raised while the harness rebuilds the
    # arguments or encodes the result (an object whose `__class__` lies)
    # fails the test whatever the test code catches: it must not pass for a
    # `TypeError` the test expects the program to raise.
    stage = "args"
    try:
        args, obj = None, _P.handles[r["h"]]
        if "args" in r:
            out, root = decode(r["args"], _p_objects(dc))
            args = out[root]
            # The arguments' mutable parts, in node order: they go back
            # with the reply, so the caller applies in-place changes to
            # its own objects (the same list on both sides).
            orig = [out[i] for i, n in enumerate(r["args"]["nodes"]) if _is_mutable(n)]
        stage = "run"
        if op == "call":
            pos, kw = args
            payload = (obj(*pos, **kw), orig)
        elif op == "getattr":
            payload = getattr(obj, r["name"])
        elif op == "iter":
            # The iterator stays here (a handle); the caller asks for its
            # items in batches (`next`), so an infinite one works lazily.
            return _p_reply("returned", value={"nodes": [{"t": "handle", "c": _p_handle(iter(obj))}],
                                               "root": 0})
        elif op == "next":
            count, size = _P.served.get(r["h"], (0, 0))
            n = max(1, min(int(r.get("n", 1)), _BATCH, _MAX_ITEMS + 1 - count))
            items, done = _p_next(r["h"], obj, n)
            if count + len(items) > _MAX_ITEMS:
                raise _OutputLimit()
            stage = "encode"
            table = encode((items, done), _p_other(dc), rich=True)
            size += len(json.dumps(table))
            if size > 4 * _P.cap:
                raise _OutputLimit()
            _P.served[r["h"]] = (count + len(items), size)
            return _p_reply("returned", value=table)
        elif op == "str":
            payload = str(obj)
        elif op == "repr":
            payload = repr(obj)
        elif op == "len":
            payload = len(obj)
        elif op == "bool":
            payload = bool(obj)
        elif op == "getitem":
            payload = obj[args]
        else:
            return _p_reply("error", err=f"unknown op {op!r}")
        stage = "encode"
        return _p_reply("returned", value=encode(payload, _p_other(dc), rich=True))
    except BaseException as e:
        reply = _p_exc(e)
        if reply["status"] == "raised" and stage != "run":
            what = "its result" if stage == "encode" else "the arguments"
            return _p_reply("error", err=f"{what} could not cross as data ({reply['program_type']})")
        if reply["status"] == "raised" and orig:
            # Changes made before the raise come back too.
            try:
                reply["value"] = encode((None, orig), _p_other(dc), rich=True)
            except BaseException:
                pass
        return reply


def _p_next(h, it, n):
    """Up to n items of an iterator and whether it ended. An exception after
    some items is kept for the next batch, so those items arrive first."""
    e = _P.pending.pop(h, None)
    if e is not None:
        raise e
    items = []
    while len(items) < n:
        try:
            items.append(next(it))
        except StopIteration:
            return items, True
        except BaseException as e:
            if not items:
                raise
            _P.pending[h] = e
            break
    return items, False


def _p_load(r):
    _P.cap = r["out_cap"]
    prefix = r.get("prefix") or ""
    try:
        pcode = compile(prefix, "<prefix>", "exec") if prefix else None
        code = compile(r["src"], "<solution>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return _p_reply("compile_error", err=_format_exc(e))
    g = _fresh_globals(r.get("name", "__main__"))
    _reseed(r)
    _redirect("", _P.cap)
    if pcode is not None:
        status, err = _exec(pcode, g)
        if status != "ok":
            _restore()
            return _p_reply("bad_tests", err="prefix failed: " + err)
    status, err = _exec(code, g)
    _restore()
    if status == "exit0":
        return _p_reply("exit", err="the program exited before the tests ran")
    if status != "ok":
        return _p_reply(status, err=err)
    _P.g = g
    names = {k: (_Big(v) if _big(v) else v) for k, v in list(g.items())
             if type(k) is str and not k.startswith("__")}
    public = g.get("__all__")
    if isinstance(public, (list, tuple)) and all(type(x) is str for x in public):
        names["__all__"] = [str.__str__(x) for x in public]
    try:
        table = encode(names, _p_other(set()), rich=True)
    except BaseException as e:
        return _p_reply("error", err="while listing the program's names: " + _format_exc(e))
    return _p_reply("loaded", names=table)


# --- The trusted side -----------------------------------------------------------

class ProgramFailed(Exception):
    """An exception the program raised that is not a builtin one (its class
    stays in the program's instance)."""


# The stand-ins of a StopIteration or StopAsyncIteration the program raised
# (see `_remote`), by the builtin's name.
_STOPS = {n: type(n, (ProgramFailed,), {"__module__": "program", "__doc__": f"The program raised {n}."})
          for n in ("StopIteration", "StopAsyncIteration")}


def stopped_as(et, expected):
    """Whether an exception class `et` is the stand-in of a program's
    StopIteration (or StopAsyncIteration) that `expected` (a class or a
    tuple, as `pytest.raises` takes) would catch natively."""
    for name, cls in _STOPS.items():
        if et is cls:
            return issubclass(getattr(builtins, name), expected)
    return False


class _ProgramExit(BaseException):
    """The program exited, ran out of memory or output during a call: the
    test fails whatever the test code catches."""

    def __init__(self, status, err):
        super().__init__(err)
        self.status, self.err = status, err


class _T:
    cond_literals = set()  # the skipif/xfail condition strings the test file writes
    ns = {}  # the trusted globals (the prefix's, helpers' and tests' classes)
    remotes = {}  # handle -> its _Remote (one per program object)


def _data_classes():
    """name -> class: the classes the trusted code defined (ListNode,
    TreeNode, ...); objects of these cross as data."""
    out = {}
    for v in list(_T.ns.values()):
        if isinstance(v, type) and type.__getattribute__(v, "__module__") in ("__main__", "test_solution"):
            out[v.__name__] = v
    return out


def _from_reply(decode_it):
    """Decodes a reply of the program's instance on the trusted side: any
    error doing so (a table the program forged or bent: a bad date, an
    object attribute it may not set) is the program's fault and fails the
    test whatever the test code catches, never an exception the test could
    expect (`pytest.raises(ValueError)`)."""
    try:
        return decode_it()
    except _ProgramExit:
        raise
    except Exception as e:
        raise _ProgramExit("error", f"the program's reply was corrupt ({type(e).__name__}: {str(e)[:200]})") from None


def _remote(req, on_raise=None):
    """Sends one request to the program instance through the host. Every
    handle operation goes through here. `on_raise(table)` applies the
    write-back a `raised` reply carries before its exception is raised."""
    reply = json.loads(wit_world.call(json.dumps(req)))
    st = reply.get("status")
    if st == "returned":
        return reply["value"]
    if st == "raised":
        if on_raise is not None and "value" in reply:
            try:
                on_raise(reply["value"])
            except Exception as e:
                raise _ProgramExit("error", f"the program's reply was corrupt ({type(e).__name__})") from None
        name = reply.get("type_name") or ""
        if name in _STOPS:
            # Out of any handle operation (a call, len(), iter(), an
            # attribute, ...) it would silently end the test's own loop
            # (`all(map(lambda n: len(candidate(n)) == .., cases))`). It is
            # a trusted stand-in of the same name that is no StopIteration
            # and no RuntimeError (so `pytest.raises(RuntimeError)` does not
            # pass where the native test fails); `pytest.raises(StopIteration)`
            # accepts it. (An iterator's end is the `next` reply's own flag,
            # never an exception.)
            raise _STOPS[name](f"the program raised {name}")
        cls = getattr(builtins, name, None) if name else None
        msg = reply.get("msg", "")
        ptype = str(reply.get("program_type") or "?")
        own = _data_classes().get(ptype)
        if isinstance(own, type) and issubclass(own, Exception):
            # An exception class of the trusted side (the prefix's or the
            # test code's `InvalidInput`), raised by the program: that
            # trusted class, as the test's `except` expects.
            try:
                e = own(msg)
            except Exception:
                e = None
            if e is not None:
                raise e
        if isinstance(cls, type) and issubclass(cls, Exception) and cls is not Exception:
            if ptype != name:
                # The program's own subclass of a builtin exception: a
                # trusted stand-in class of that builtin.
                cls = _standin(ptype, cls)
            try:
                e = cls(msg)
            except Exception:
                e = ProgramFailed(f"{ptype}: {msg}")
        else:
            e = ProgramFailed(f"{ptype}: {msg}")
        raise e
    raise _ProgramExit(st if st in ("exit", "memory", "output_limit") else "error", reply.get("err", st))


_STANDINS = {}


def _standin(name, base):
    """A trusted exception class standing for the program's class `name`
    (a subclass of the builtin `base`)."""
    key = (name, base)
    cls = _STANDINS.get(key)
    if cls is None:
        try:
            cls = type(name if name.isidentifier() else "ProgramError", (base, ProgramFailed),
                       {"__module__": "program"})
        except TypeError:  # a layout conflict (a few builtin exceptions)
            cls = base
        _STANDINS[key] = cls
    return cls


class _Remote:
    """An object of the program's instance, seen from the trusted side: an
    opaque handle. Calling it, reading an attribute, len(), truth, indexing
    and iteration ask the program (the answers are data); comparing it,
    hashing it and printing it are the trusted side's own (identity), so
    the program never sees what it is compared with. (No `__contains__`:
    `x in handle` iterates the program's items and compares them here, as
    the key is often an expected value.)"""
    __slots__ = ("_rlvr_h", "_rlvr_what", "_rlvr_buf", "_rlvr_n")

    def __init__(self, h, what):
        object.__setattr__(self, "_rlvr_h", h)
        object.__setattr__(self, "_rlvr_what", what)
        object.__setattr__(self, "_rlvr_buf", collections.deque())
        object.__setattr__(self, "_rlvr_n", 1)

    def __call__(self, *args, **kwargs):
        olds = []
        table = _t_encode((list(args), kwargs), olds)
        # The arguments' mutable parts (in node order, as the program
        # lists them): the reply's copies refill these very objects.
        olds = [o for o, n in zip(olds, table["nodes"]) if _is_mutable(n)]
        reply = _remote({"op": "call", "h": object.__getattribute__(self, "_rlvr_h"),
                         "args": table, "dc": sorted(_data_classes())},
                        lambda t: _t_writeback(t, olds))
        return _from_reply(lambda: _t_writeback(reply, olds))

    def _rlvr_op(self, op, *arg):
        req = {"op": op, "h": object.__getattribute__(self, "_rlvr_h"), "dc": sorted(_data_classes())}
        if arg:
            req["args"] = _t_encode(arg[0])
        reply = _remote(req)
        value, root = _from_reply(lambda: _t_decode(reply))
        return value[root]

    def __getattr__(self, name):
        # No dunder but the names (`candidate.__name__`), which come back
        # as data.
        if name.startswith("__") and name.endswith("__") and name not in ("__name__", "__qualname__"):
            raise AttributeError(name)
        reply = _remote({"op": "getattr", "h": object.__getattribute__(self, "_rlvr_h"),
                         "name": name, "dc": sorted(_data_classes())})
        value, root = _from_reply(lambda: _t_decode(reply))
        return value[root]

    # A program object's docstring is the program's text: a doctest of it
    # would run the program's code as test code, here. It never crosses
    # (`functools.wraps(candidate)` still works); test code that uses
    # doctest is refused (`tests_refused`).
    __doc__ = None

    def __setattr__(self, name, value):
        raise TypeError("the tests cannot set attributes of a program object")

    def __iter__(self):
        it = _Remote._rlvr_op(self, "iter")
        if type(it) is not _Remote:
            raise TypeError("the program's iterator is not a handle")
        return _remote_items(it)

    def __next__(self):
        # An explicit `next()` takes one item: the program's iterator never
        # runs ahead of what the test asked for (a test that checks the
        # generator's state between items, or `send()`s to it). Loops
        # (`for`, `list()`) go through `_remote_items`, in batches.
        return _Remote._rlvr_next(self, False)

    def _rlvr_next(self, batched):
        buf = object.__getattribute__(self, "_rlvr_buf")
        if not buf:
            n = object.__getattribute__(self, "_rlvr_n") if batched else 1
            if batched:
                object.__setattr__(self, "_rlvr_n", min(2 * n, _BATCH))
            req = {"op": "next", "h": object.__getattribute__(self, "_rlvr_h"), "n": n,
                   "dc": sorted(_data_classes())}
            reply = _remote(req)
            value, root = _from_reply(lambda: _t_decode(reply))
            items, _ = value[root]
            buf.extend(items)
            if not buf:
                raise StopIteration
        return buf.popleft()

    def __len__(self):
        return _Remote._rlvr_op(self, "len")

    def __bool__(self):
        return _Remote._rlvr_op(self, "bool")

    def __getitem__(self, key):
        return _Remote._rlvr_op(self, "getitem", key)

    def __str__(self):
        # The program's text of its object, as data (a plain `str` here).
        return _Remote._rlvr_text(self, "str")

    def __repr__(self):
        return _Remote._rlvr_text(self, "repr")

    def _rlvr_text(self, op):
        s = _Remote._rlvr_op(self, op)
        if type(s) is not str:
            raise TypeError(f"__{op}__ returned a {type(s).__name__}, not a str")
        return s


def _remote_items(it):
    """The items of a program iterator (a handle), fetched in batches."""
    while True:
        try:
            v = _Remote._rlvr_next(it, True)
        except StopIteration:
            return
        yield v


def _t_writeback(table, olds):
    """The result of a call, `(value, the arguments' mutable parts)` in the
    reply: each part whose kind matches refills the caller's own object in
    place (nested ones too, so aliases of them see the changes); the value
    may be, or contain, those objects."""
    nodes, root = table["nodes"], table["root"]
    reuse = {}
    top = nodes[root]
    if top["t"] == "tuple" and len(top["c"]) == 2:
        parts = nodes[top["c"][1]]
        if parts["t"] == "list" and len(parts["c"]) == len(olds):
            for j, old in zip(parts["c"], olds):
                if j not in reuse and _fits(nodes[j], old):
                    reuse[j] = old
    value, root = decode(table, _t_objects, reuse)
    result = value[root]
    if type(result) is not tuple or len(result) != 2:
        raise ValueError("a call's reply is not (value, arguments)")
    return result[0]


def _fits(n, old):
    """Whether a reply's node may refill the caller's object `old`."""
    t, k = n["t"], type(old)
    if t in ("list", "dict", "set", "bytearray"):
        return k.__name__ == t and k in (list, dict, set, bytearray)
    if t == "object":
        cls = n["c"]["class"]
        if ":" in cls:
            return _RICH_MUTABLE.get(cls) is k
        return _data_classes().get(cls) is k
    return False


def _t_other(y, index):
    if type(y) is _Remote:
        return {"t": "handle", "c": object.__getattribute__(y, "_rlvr_h")}
    t = type(y)
    if isinstance(y, types.ModuleType) and _GENUINE_MODULES.get(y.__name__) is y:
        return {"t": "module", "c": y.__name__}
    g = _global_name(y) if isinstance(y, (type, types.BuiltinFunctionType)) else None
    if g is not None:
        return {"t": "global", "c": g}
    name = getattr(t, "__name__", "")
    if _data_classes().get(name) is t:
        d = getattr(y, "__dict__", None)
        if type(d) is dict:
            return {"t": "object", "c": {"class": name,
                                         "attrs": [[k, index(v)] for k, v in d.items() if type(k) is str]}}
    raise _NotData(f"a value of type {name} cannot be passed to the program")


def _t_encode(x, objs=None):
    return encode(x, _t_other, rich=True, objs=objs)


def _t_objects(n):
    t, c = n["t"], n.get("c")
    if t == "handle":
        h = _T.remotes.get(c)
        if h is None:
            h = _T.remotes[c] = _Remote(c, "#" + str(c))
        return h
    if t == "module":
        return _GENUINE_MODULES[c]
    if t == "object":
        cls = _data_classes().get(c["class"])
        if cls is None:
            raise ValueError(f"an object of unknown class {c['class']!r}")
        return cls.__new__(cls) if cls.__new__ is not object.__new__ else object.__new__(cls)
    raise ValueError(f"unknown node {t!r}")


def _t_decode(table):
    return decode(table, _t_objects)


def _parse_code_in(text):
    """The Python code of a prompt: all of it, else from its first line
    that starts a definition or an import to the longest end that parses
    (a prompt that wraps the code in prose without a fence)."""
    try:
        return ast.parse(text, "<helpers>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError):
        pass
    lines = text.split("\n")
    starts = [i for i, l in enumerate(lines) if l.startswith(("def ", "class ", "import ", "from ", "@"))]
    if not starts:
        return None
    first = starts[0]
    for end in range(len(lines), first, -1):
        if end < len(lines) and lines[end - 1].strip() == "":
            continue
        try:
            return ast.parse("\n".join(lines[first:end]), "<helpers>", "exec")
        except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError):
            if len(lines) - end > 200:
                return None
    return None


def _is_stub(n):
    """A definition the program must write: a function whose body is only a
    docstring, `pass` or `...`; a class all of whose methods are stubs."""
    if isinstance(n, ast.ClassDef):
        return all(_is_stub(b) for b in n.body if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef)))
    body = [b for b in n.body if not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant)
                                      and (isinstance(b.value.value, str) or b.value.value is Ellipsis))]
    return all(isinstance(b, ast.Pass) for b in body)


def _names_used(tree):
    return {x.id for x in ast.walk(tree) if isinstance(x, ast.Name)}


# Identifiers in source text. A scan of the text, not of its tree (walking
# a tree in Python costs more than the rest of a short test): it also finds
# words in strings and comments, a superset, which only ever adds trusted
# helpers.
_WORD = re.compile(r"[^\W\d]\w*")


def check_candidate(ttree):
    """NAME of a test tree of the HumanEval shape (`check(NAME)` at its top
    level), or None."""
    cand = None
    for n in ttree.body:
        if (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name)
                and n.value.func.id == "check" and len(n.value.args) == 1
                and isinstance(n.value.args[0], ast.Name)):
            cand = n.value.args[0].id
    return cand


def _helpers_of(prompt_code, candidate, test_code):
    """The helpers a row's prompt defines for its tests (HumanEval/32's
    `poly`): its imports and the complete top-level functions and classes
    the test code uses (or that those use), never the one the program must
    write (`candidate`: the row's, else the argument of the test's
    `check(...)`) nor stubs. None when the candidate is unknown (then no prompt code is
    trusted: it might be a complete version of the function to write)."""
    tree = _parse_code_in(prompt_code)
    if tree is None:
        return None
    if not candidate:
        return None
    defs = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
            and n.name != candidate and n.name != "Solution" and not _is_stub(n)}
    todo = [name for name in set(_WORD.findall(test_code)) if name in defs]
    wanted = set(todo)
    while todo:
        for name in _names_used(defs[todo.pop()]):
            if name in defs and name not in wanted:
                wanted.add(name)
                todo.append(name)
    keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
            or (isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name in wanted)]
    if not wanted:
        return None
    return compile(ast.Module(body=keep, type_ignores=[]), "<helpers>", "exec")


def tests_refused(src):
    """Why test code cannot be graded whatever the program, or None: a
    doctest of the program would run its docstring's examples (program
    code) on the trusted side, and no program docstring crosses, so such
    tests would pass vacuously."""
    if re.search(r"\bdoctest\b", src):
        return "the tests use doctest, which would run the program's docstring examples (program code) on the test side"
    return None


def called_only(src, name):
    """Whether test code uses `name` only as a direct call (`name(...)`):
    every occurrence of the word (not after a dot, in code, strings and
    comments alike) is followed by `(`. A genuine module's name used so
    may be the program's function (`def select`); used any other way
    (`math.pi`, `getattr(math, ...)`, a mention in a string) it is the
    module."""
    uses = re.findall(r"(?<![\w.])" + re.escape(name) + r"(?!\w)(\s*\()?", src)
    return bool(uses) and all(uses)


def program_names(names, test_code, keep=()):
    """The program's names as the tests may see them: no builtin's name and
    no dunder name; a genuine module's name is that module, unless the
    program binds a function, class or object to it and the tests use the
    name only as a call (`called_only`): the tests calling `select(...)`
    mean the program's `def select`, tests reading `math.isclose` or
    `getattr(math, ...)` the module (never a program's fake `math`); a
    module only under its own name (`import unittest.mock as sq` does not
    make `sq` a module). Names in `keep` (the function the row names;
    what a pytest file imports from `solution` by name) are always the
    program's."""
    out = {}
    for k, v in names.items():
        # No builtin's name, and no dunder: a forged `__builtins__` entry
        # would give the tests the program's `abs` and `set`.
        if type(k) is not str or k in _BUILTINS or k.startswith("__"):
            continue
        m = _GENUINE_MODULES.get(k)
        if m is not None and k not in keep and (type(v) is not _Remote or not called_only(test_code, k)):
            out[k] = m
            continue
        if isinstance(v, types.ModuleType):
            if v.__name__ != k and not v.__name__.endswith("." + k):
                continue
        elif type(v) is _Remote:
            object.__setattr__(v, "_rlvr_what", k)
        out[k] = v
    return out


def trusted_namespace(r):
    """The trusted side's globals: the prefix and the prompt's helpers,
    then only the program names the tests are granted (`granted`), as
    handles or data; the test code runs in it last. So a name the tests
    bind in a way that fails at run time (`try: from numpy import isclose`
    on a guest without numpy), or read through `globals()`, is never the
    program's. A genuine module the tests read as a module without
    importing it is the module; no builtin's name comes from the program
    (`len = lambda x: 3` does not reach the tests). Returns (globals,
    error reply or None)."""
    g = {"__name__": "__main__", "__builtins__": dict(_BUILTINS)}
    _T.ns = g
    _reseed(r)
    value, root = _t_decode(r["names"])
    names = value[root]
    if type(names) is not dict:
        raise ValueError("the program's names are not a table")
    test_code = r["tests"][0]
    try:
        ttree = ast.parse(test_code, "<tests>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return None, {"status": "bad_tests", "err": _format_exc(e)}
    why = tests_refused(test_code)
    if why is not None:
        return None, {"status": "bad_tests", "err": why}
    cand, candidate = check_candidate(ttree), r.get("candidate") or ""
    keep = {n for n in (cand, candidate) if n}
    prog = program_names(names, test_code, keep)
    prefix = r.get("prefix") or ""
    try:
        pcode = compile(prefix, "<prefix>", "exec") if prefix else None
        hcode = _helpers_of(r["helpers"], candidate or cand, test_code) if r.get("helpers") else None
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return None, {"status": "bad_tests", "err": "prefix: " + _format_exc(e)}
    if pcode is not None:
        _redirect("", r["out_cap"])
        status, err = _exec(pcode, g)
        _restore()
        if status != "ok":
            return None, {"status": "bad_tests", "err": "prefix failed: " + err}
    if hcode is not None:
        # The prompt's helpers, when they run (an import the guest lacks
        # leaves them out: the tests then fail or pass on their own).
        h = dict(g)
        _redirect("", r["out_cap"])
        status, err = _exec(hcode, h)
        _restore()
        if status == "ok":
            g.update({k: v for k, v in h.items() if not k.startswith("__")})
    reads, modules = unbound_reads(test_code, ttree, keep)
    lent = [n for n in reads if n not in g]
    allowed, why = granted(lent, cand, candidate)
    if why is not None:
        return None, {"status": "bad_tests",
                      "err": f"the tests use {why}, which neither they, the prefix nor the prompt define: "
                             "it would come from the program"}
    for n in modules:
        g.setdefault(n, _GENUINE_MODULES[n])
    g.update({n: prog[n] for n in lent if n in allowed and n in prog})
    return g, None


def global_names(test_code):
    """(bound, read): the global names test code binds (at its top level:
    imports, `def`, `class`, assignments; and `global` names its functions
    assign) and those it reads (at its top level, or as globals in its
    functions). Empty when it does not compile."""
    try:
        top = symtable.symtable(test_code, "<tests>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError):
        return set(), set()
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    read, todo = set(), [top]
    while todo:
        t = todo.pop()
        for s in t.get_symbols():
            if s.is_referenced() and (t is top or s.is_global()):
                read.add(s.get_name())
            if s.is_declared_global() and s.is_assigned():
                bound.add(s.get_name())
        todo.extend(t.get_children())
    return bound, read


def unbound_reads(test_code, ttree, keep=(), symbols=None):
    """(names, modules): the global names test code reads but does not bind
    (a star import of a genuine module binds that module's public names),
    less the builtins and dunder names, sorted; a genuine module's name is
    among the modules unless it is in `keep` (the function the row names)
    or the tests only call it (`called_only`). The names would come from
    elsewhere: a trusted source, or the program. `symbols` is
    `global_names(test_code)` when the caller has it."""
    bound, free = symbols if symbols is not None else global_names(test_code)
    bound = set(bound)
    for n in ttree.body:
        if isinstance(n, ast.ImportFrom) and n.level == 0 and any(a.name == "*" for a in n.names):
            m = _GENUINE_MODULES.get(n.module or "")
            if m is not None:
                public = getattr(m, "__all__", None)
                bound.update(public if isinstance(public, (list, tuple)) else
                             [k for k in dir(m) if not k.startswith("_")])
    names, modules = [], []
    for n in sorted(free - bound):
        if n in _BUILTINS or n.startswith("__"):
            continue
        if n in _GENUINE_MODULES and n not in keep and not called_only(test_code, n):
            modules.append(n)
        else:
            names.append(n)
    return names, modules


def granted(lent, cand, candidate):
    """(the names the tests may take from the program, None) or (None, why
    not): `lent` are the names the tests read that no trusted source
    defines, which would come from the program. Such a name could build
    the expected value or decide the assert (a program's `is_close` that
    always agrees, its own `Counter`):
    - tests of the HumanEval shape (`def check(candidate): ...` then
      `check(NAME)`, `cand`) reach the program only through `NAME`;
    - other tests (MBPP asserts, `assert_case`, LeetCode's `Solution`) may
      read the row's `function_name` (or `entry_point`, `candidate`) and
      `Solution`; without a stated name, one name in all.
    Decided without the program: such a row is refused whether the program
    defines the names or not, so a wrong program cannot turn its zero into
    a refusal."""
    if cand is not None:
        allowed = {cand}
    elif candidate:
        allowed = {candidate, "Solution"}
    elif len(lent) > 1:
        return None, " and ".join(f"`{n}`" for n in lent[:3]) + (
            " (the tests read more than one name that only the program could define, and the row does not "
            "name its function in `function_name` or `entry_point`)")
    else:
        allowed = set(lent)
    rest = [n for n in lent if n not in allowed]
    if rest:
        return None, f"`{rest[0]}`"
    return allowed, None


def run_trusted_functional(r):
    """The test side of a functional / assert_case test, in the trusted
    instance. The pass signal is this function's return value."""
    try:
        tcode = compile(r["tests"][0], "<tests>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return {"status": "bad_tests", "err": _format_exc(e)}
    g, bad = trusted_namespace(r)
    if bad is not None:
        return bad
    # Classes the test code defines become data classes too (after it ran
    # they are looked up by name at each call).
    _redirect("", r["out_cap"])
    try:
        exec(tcode, g)
        status, err = "ok", ""
    except _ProgramExit as e:
        status, err = e.status, e.err
    except SystemExit:
        status, err = "exit", "the tests were interrupted by SystemExit"
    except _OutputLimit:
        status, err = "output_limit", ""
    except BaseException as e:
        status, err = _err_status(e), _format_exc(e)
    _restore()
    if status != "ok":
        return {"status": status, "err": err}
    return {"status": "passed"}


__all__ = [n for n in list(globals()) if not n.startswith("__")]
