# rlvr-code guest: the pytest format, run in the trusted instance (see
# rlvr_value): the test file and this runner never share an interpreter
# with the program, whose names are handles here. The one exception, a
# request with "src": test files that use the `capsys` or `monkeypatch`
# fixtures need the program's own output and globals, so they run with the
# program in one interpreter, under the guards of rlvr_guards (the hardened
# fallback; its limits are in the crate docs).
from rlvr_setup import *
from rlvr_guards import *
from rlvr_value import *
from rlvr_setup import sys, ast, types, re, functools, itertools, collections, math, os, builtins

# --- The pytest format -------------------------------------------------------
# pytest itself is not in the guest: a small runner with pytest's collection
# rules and a minimal `pytest` module: raises, approx, fail, mark.parametrize,
# mark.skip/skipif/xfail/usefixtures (and custom marks, no effect), skip,
# xfail, importorskip, and simple fixtures. What it does not support is
# refused as a test file this harness cannot run (bad_tests), never guessed.
#
# Fixtures: `@pytest.fixture` functions of the test file (module level, or
# methods of the test's class and its bases), function scope only, no
# params; they may request other fixtures; a `yield` fixture is torn down
# after the test (a teardown error fails the test); `autouse=True` and
# `mark.usefixtures` work. Built in: `capsys` (readouterr) and `monkeypatch`
# (setattr, also "module.attr" strings, delattr, setitem, delitem, setenv,
# delenv; undone after the test, last first; patching `builtins` reaches the
# program's and the test file's builtins too). `request`, `tmp_path`, other
# built-ins, conftest.py and parametrized or wider-scoped fixtures are
# refused.
#
# Skips and expected failures, and who may cause them. pytest reports a
# skipped, xfailed or (non-strict) xpassed test as neither passed nor
# failed, and exits 0 when nothing failed. Here such a test is reported as
# `skipped` / `xfailed` / `xpassed`; the host leaves it out of the score
# (neither a pass nor a failure), a strict xfail that passes is a failure,
# and a program none of whose tests was graded does not pass. Only the test
# file may skip or xfail a test:
#  - a mark counts only when the test file's own code applies it (a
#    `pytestmark` only when the test file assigns it);
#  - `pytest.skip()`, `pytest.xfail()` and `pytest.importorskip()` count
#    only when called by a call written in the test file (the calling
#    frame is test-file code and its current instruction is one of the
#    file's `skip(` / `xfail(` / `importorskip(` call sites), and only when
#    every frame between the test and that call is the test file's or this
#    runner's. The program calling pytest.skip (directly, through a
#    callable it hands to the test, or through a test-file helper), or
#    raising the skip exception itself, fails that test;
#  - `importorskip` returns only modules the guest really has (the
#    pre-imported standard library, and `solution`): a module the program
#    made up in sys.modules does not stop a skip; such modules are also
#    removed before the test file runs;
#  - a test file that skips itself at import, or all of whose tests are
#    skipped or non-strict xfails, grades nothing: bad_tests.
# A skip the test file itself decides on (even from the program's results,
# `if f() is None: pytest.skip()`) counts as pytest counts it.
class _Unsupported(Exception):
    pass


class _Failed(AssertionError):
    pass


class _OutcomeExc(BaseException):
    """A skip or xfail (a BaseException, like pytest's, so that `except
    Exception` in a test does not swallow it). `token` is the run's state
    when the test file itself raised it, else None."""

    def __init__(self, reason, token):
        super().__init__(reason)
        self.reason, self.token = reason, token


class _Skipped(_OutcomeExc):
    pass


class _XFailed(_OutcomeExc):
    pass


_getframe, _islice = sys._getframe, itertools.islice


class _PtState:
    """What the trusted `pytest` module of one run knows and records: the
    test file's code objects and skip/xfail call sites, the marks and
    fixtures the test file applied."""

    def __init__(self, tree, tcode, solution):
        self.codes = set()
        todo = [tcode]
        while todo:
            c = todo.pop()
            self.codes.add(c)
            todo.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
        self.sites, self.lines = set(), set()
        for n in ast.walk(tree):
            if isinstance(n, ast.Call):
                f = n.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
                if name in ("skip", "xfail", "importorskip"):
                    self.sites.add((n.lineno, n.end_lineno, n.col_offset, n.end_col_offset))
                    self.lines.add(n.lineno)
        self.marks = {}  # id(obj) -> (obj, [mark, ...])
        self.fixtures = {}  # id(func) -> _FixtureDef
        self.module_fixtures = []  # those defined at the test file's top level
        self.module_code = tcode
        self.solution = solution


def _at_site(state, frame):
    """Is `frame` test-file code, now at one of its skip/xfail call sites?"""
    if state is None or frame is None or frame.f_code not in state.codes:
        return False
    try:
        p = next(_islice(frame.f_code.co_positions(), frame.f_lasti // 2, None))
    except Exception:
        return False
    if p[2] is None:  # no column information
        return p[0] in state.lines
    return (p[0], p[1], p[2], p[3]) in state.sites


class _RaisesContext:
    def __init__(self, expected, match):
        if isinstance(expected, tuple):
            ok = all(isinstance(e, type) and issubclass(e, BaseException) for e in expected)
        else:
            ok = isinstance(expected, type) and issubclass(expected, BaseException)
        if not ok:
            raise TypeError("pytest.raises expects exception classes")
        self.expected, self.match, self.value, self.type = expected, match, None, None

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            raise _Failed(f"DID NOT RAISE {self.expected!r}")
        if not issubclass(et, self.expected) and not stopped_as(et, self.expected):
            return False
        if self.match is not None and re.search(self.match, str(ev)) is None:
            raise _Failed(f"the message {str(ev)!r} does not match {self.match!r}")
        self.value, self.type = ev, et
        return True


def _raises(expected, *args, match=None, **kwargs):
    ctx = _RaisesContext(expected, match)
    if not args:
        if kwargs:
            raise TypeError("unexpected keyword arguments to pytest.raises")
        return ctx
    func = args[0]
    with ctx:
        func(*args[1:], **kwargs)
    return ctx


class _Approx:
    """pytest.approx: rel 1e-6 and abs 1e-12 by default; numbers, and
    lists, tuples and dicts of them."""
    __hash__ = None

    def __init__(self, expected, rel=None, abs=None):
        self.expected, self.rel, self.abs = expected, rel, abs

    def _close(self, got, want):
        if isinstance(want, (list, tuple)):
            return type(got) in (list, tuple) and len(got) == len(want) and all(
                self._close(g, w) for g, w in zip(got, want))
        if isinstance(want, dict):
            return type(got) is dict and got.keys() == want.keys() and all(
                self._close(got[k], want[k]) for k in want)
        if type(want) is bool or type(got) is bool or not isinstance(want, (int, float, complex)) or \
                not isinstance(got, (int, float, complex)) or type(got) not in (int, float, complex):
            return got == want
        if got == want:
            return True
        if isinstance(want, float) and math.isnan(want):
            return False
        if abs(want) == math.inf or abs(got) == math.inf:
            return False
        tol_abs = 1e-12 if self.abs is None else self.abs
        tol_rel = 1e-6 if self.rel is None else self.rel
        tol = tol_abs if (self.rel is None and self.abs is not None) else max(tol_rel * abs(want), tol_abs)
        return abs(got - want) <= tol

    def __eq__(self, other):
        return self._close(other, self.expected)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return f"approx({self.expected!r})"


def _fail(reason="", pytrace=True):
    raise _Failed(reason)


def _parametrize(argnames, argvalues, ids=None, **kw):
    if kw:
        raise _Unsupported("parametrize options " + ", ".join(kw) + " are not supported")
    names = [n.strip() for n in argnames.split(",") if n.strip()] if isinstance(argnames, str) else list(argnames)
    rows = []
    for v in argvalues:
        if len(names) == 1:
            rows.append({names[0]: v})
        else:
            v = tuple(v)
            if len(v) != len(names):
                raise _Unsupported(f"a parametrize row has {len(v)} values for {len(names)} names")
            rows.append(dict(zip(names, v)))

    def deco(f):
        prev = getattr(f, "_rlvr_params", [{}])
        # Stacked decorators: the product, the innermost varying fastest.
        f._rlvr_params = [dict(p, **q) for q in rows for p in prev]
        return f
    return deco


class _MarkDecorator:
    """`pytest.mark.<name>(...)`: applied to a function or class by the
    test file's own code, it is recorded in the run's state."""

    def __init__(self, name, args, kwargs, state):
        self.name, self.args, self.kwargs, self._state = name, args, kwargs, state

    def __call__(self, *a, **k):
        if len(a) == 1 and not k and (isinstance(a[0], type) or (
                callable(a[0]) and getattr(a[0], "__name__", "<lambda>") != "<lambda>")):
            st = self._state
            if st is not None and _getframe(1).f_code in st.codes:
                st.marks.setdefault(id(a[0]), (a[0], []))[1].append(self)
            return a[0]
        return _MarkDecorator(self.name, self.args + a, dict(self.kwargs, **k), self._state)

    def __repr__(self):
        return f"<MarkDecorator {self.name}>"


class _Mark:
    def __init__(self, state):
        self._state = state
        self.parametrize = _parametrize

    def __getattr__(self, name):
        if name.startswith("__") or name == "_state":
            raise AttributeError(name)
        return _MarkDecorator(name, (), {}, self._state)


class _FixtureDef:
    def __init__(self, name, func, autouse):
        self.name, self.func, self.co, self.autouse = name, func, func.__code__, autouse


def _version(v):
    try:
        return tuple(int(x) for x in re.match(r"\d+(\.\d+)*", str(v)).group(0).split("."))
    except Exception:
        return None


def _make_pytest(state=None):
    """A minimal `pytest` module. Only the one made with the run's state
    records marks and fixtures, and only its skip/xfail (when the test file
    calls them) raise outcomes that count."""

    def skip(reason="", *, allow_module_level=False, msg=None):
        raise _Skipped(str(reason if msg is None else msg), state if _at_site(state, _getframe(1)) else None)

    def xfail(reason=""):
        raise _XFailed(str(reason), state if _at_site(state, _getframe(1)) else None)

    def importorskip(modname, minversion=None, reason=None, *, exc_type=None):
        token = state if _at_site(state, _getframe(1)) else None
        if modname == "solution" and state is not None:
            mod = state.solution
        else:
            mod = _GENUINE.get(modname)
        if mod is None:
            raise _Skipped(reason or f"could not import {modname!r}: the sandbox does not have it", token)
        if minversion is not None:
            have, want = _version(getattr(mod, "__version__", None)), _version(minversion)
            if have is None or want is None or have < want:
                raise _Skipped(f"module {modname!r} has __version__ {getattr(mod, '__version__', None)!r}, "
                               f"required is {minversion!r}", token)
        return mod

    def fixture(fixture_function=None, *, scope="function", params=None, autouse=False, ids=None, name=None):
        if scope != "function":
            raise _Unsupported(f"fixture scope {scope!r} is not supported (function scope only)")
        if params is not None or ids is not None:
            raise _Unsupported("parametrized fixtures are not supported")
        caller = _getframe(1).f_code

        def deco(f):
            if state is not None and caller in state.codes and isinstance(f, types.FunctionType) \
                    and f.__code__ in state.codes:
                if f.__code__.co_flags & 0x280:
                    raise _Unsupported(f"async fixture {f.__name__} is not supported")
                fd = _FixtureDef(name or f.__name__, f, bool(autouse))
                state.fixtures[id(f)] = fd
                if caller is state.module_code:
                    state.module_fixtures.append(fd)
            return f
        return deco if fixture_function is None else deco(fixture_function)

    def missing(name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise _Unsupported(f"pytest.{name} is not supported by this runner")

    skip.Exception, xfail.Exception, _fail.Exception = _Skipped, _XFailed, _Failed
    m = types.ModuleType("pytest")
    m.raises, m.approx, m.fail, m.fixture = _raises, _Approx, _fail, fixture
    m.skip, m.xfail, m.importorskip = skip, xfail, importorskip
    m.mark = _Mark(state)
    m.CaptureFixture, m.MonkeyPatch = _Capsys, _MonkeyPatch
    m.__getattr__ = missing
    return m


_CaptureResult = collections.namedtuple("CaptureResult", ["out", "err"])


class _Capsys:
    """The `capsys` fixture: sys.stdout and sys.stderr captured (capped)
    for the test; readouterr() returns what was written since the last
    call."""

    def __init__(self, cap):
        self._bufs = (_CappedBuffer(cap), _CappedBuffer(cap))
        self._pos = [0, 0]
        self._saved = (sys.stdout, sys.stderr)
        self._streams = tuple(io.TextIOWrapper(b, encoding="utf-8", errors="backslashreplace", write_through=True)
                              for b in self._bufs)
        sys.stdout, sys.stderr = self._streams

    def readouterr(self):
        res = []
        for k in (0, 1):
            try:
                self._streams[k].flush()
            except _OutputLimit:
                raise
            except Exception:
                pass
            v = self._bufs[k].getvalue()
            res.append(v[self._pos[k]:].decode("utf-8", "replace"))
            self._pos[k] = len(v)
        return _CaptureResult(*res)

    def _undo(self):
        sys.stdout, sys.stderr = self._saved


_NOTSET = object()


def _resolve_dotted(path, state):
    """("a.b.c") -> (object a.b, "c"), importing only real modules."""
    parts = path.split(".")
    if len(parts) < 2:
        raise TypeError(f"must be absolute import path string, not {path!r}")
    for i in range(len(parts) - 1, 0, -1):
        name = ".".join(parts[:i])
        obj = state.solution if name == "solution" else _GENUINE.get(name)
        if obj is not None:
            for p in parts[i:-1]:
                obj = getattr(obj, p)
            return obj, parts[-1]
    raise ImportError(f"cannot import {parts[0]!r} for monkeypatch")


class _MonkeyPatch:
    """The `monkeypatch` fixture; every change is undone after the test."""

    def __init__(self, state, bdicts):
        self._undo_log, self._state, self._bdicts = [], state, bdicts

    def setattr(self, target, name, value=_NOTSET, raising=True):
        if value is _NOTSET:
            if not isinstance(target, str):
                raise TypeError("use setattr(target, name, value) or setattr('module.attr', value)")
            value = name
            target, name = _resolve_dotted(target, self._state)
        old = getattr(target, name, _NOTSET)
        if raising and old is _NOTSET:
            raise AttributeError(f"{target!r} has no attribute {name!r}")
        if isinstance(target, type):
            old = target.__dict__.get(name, _NOTSET)
        self._undo_log.append(("attr", target, name, old))
        setattr(target, name, value)
        if target is builtins:
            for d in self._bdicts:
                self.setitem(d, name, value)

    def delattr(self, target, name=_NOTSET, raising=True):
        if name is _NOTSET:
            if not isinstance(target, str):
                raise TypeError("use delattr(target, name) or delattr('module.attr')")
            target, name = _resolve_dotted(target, self._state)
        if not hasattr(target, name):
            if raising:
                raise AttributeError(name)
            return
        old = target.__dict__.get(name, _NOTSET) if isinstance(target, type) else getattr(target, name)
        self._undo_log.append(("attr", target, name, old))
        delattr(target, name)
        if target is builtins:
            for d in self._bdicts:
                self.delitem(d, name, raising=False)

    def setitem(self, dic, name, value):
        self._undo_log.append(("item", dic, name, dic[name] if name in dic else _NOTSET))
        dic[name] = value

    def delitem(self, dic, name, raising=True):
        if name not in dic:
            if raising:
                raise KeyError(name)
            return
        self._undo_log.append(("item", dic, name, dic[name]))
        del dic[name]

    def setenv(self, name, value, prepend=None):
        value = str(value)
        if prepend and name in os.environ:
            value = value + prepend + os.environ[name]
        self.setitem(os.environ, name, value)

    def delenv(self, name, raising=True):
        self.delitem(os.environ, name, raising=raising)

    def undo(self):
        err = None
        while self._undo_log:
            kind, obj, name, old = self._undo_log.pop()
            try:
                if kind == "attr":
                    if old is _NOTSET:
                        delattr(obj, name)
                    else:
                        setattr(obj, name, old)
                elif old is _NOTSET:
                    obj.pop(name, None)
                else:
                    obj[name] = old
            except Exception as e:
                err = err or e
        if err is not None:
            raise err

    def _undo(self):
        self.undo()


_BUILTIN_FIXTURES = ("capsys", "monkeypatch")


def _arg_names(f, bound):
    """(all argument names, those without a default) of a test or fixture;
    `bound`: a method, whose first argument is the instance."""
    co = f.__code__
    pos = list(co.co_varnames[:co.co_argcount])
    kwo = list(co.co_varnames[co.co_argcount:co.co_argcount + co.co_kwonlyargcount])
    nd = len(f.__defaults__ or ())
    kwd = f.__kwdefaults__ or {}
    req = pos[:len(pos) - nd] + [k for k in kwo if k not in kwd]
    if bound and pos:
        pos, req = pos[1:], [a for a in req if a != pos[0]]
    return pos + kwo, req


def _plan(names, defs):
    """The fixtures a test needs, in setup order (dependencies first):
    [(name, _FixtureDef or None for a built-in, bound to the instance)]."""
    order, done, active = [], set(), []

    def visit(n):
        if n in done:
            return
        if n in active:
            raise _Unsupported(f"fixture {n!r} depends on itself (overriding a fixture is not supported)")
        if n in _BUILTIN_FIXTURES:
            done.add(n)
            order.append((n, None, False))
            return
        d = defs.get(n)
        if d is None:
            raise _Unsupported(f"fixture {n!r} is not defined in the test file (of pytest's built-in fixtures "
                               f"only capsys and monkeypatch are supported; request, tmp_path, conftest.py "
                               f"and parametrized fixtures are not)")
        fd, bound = d
        active.append(n)
        for dep in _arg_names(fd.func, bound)[1]:
            visit(dep)
        active.pop()
        done.add(n)
        order.append((n, fd, bound))

    for n in names:
        visit(n)
    return order


class _Item:
    """One collected test (a parametrized row is one)."""

    def __init__(self, name, f, klass, kwargs, fixtures, fixture_args, skip, xfail, error):
        self.name, self.f, self.klass, self.kwargs, self.co = name, f, klass, kwargs, f.__code__
        self.fixtures, self.fixture_args = fixtures, fixture_args
        self.skip, self.xfail, self.error = skip, xfail, error

    def graded(self):
        return self.skip is None and (self.xfail is None or self.xfail["strict"])


def _trusted_marks(v, state):
    vs = v if isinstance(v, (list, tuple)) else [v]
    return [m for m in vs if isinstance(m, _MarkDecorator) and m._state is state]


def _eval_cond(cond, t):
    if isinstance(cond, str):
        # Only a condition string written in a mark of the test file runs
        # as code here; any other (one the program returned) is refused.
        if cond not in _T.cond_literals:
            raise TypeError("a skipif/xfail condition string that the test file does not write")
        g = dict(t)
        g.update(os=os, sys=sys, platform=_GENUINE.get("platform"))
        cond = eval(compile(cond, "<condition>", "eval"), g)
    return bool(cond)


def _eval_marks(marks, t):
    """(skip reason, xfail, usefixtures, error) from a test's marks."""
    skip = xfail = None
    use = []
    try:
        for m in marks:
            a, k = m.args, m.kwargs
            if m.name == "skip" and skip is None:
                skip = str(k.get("reason", a[0] if a else "unconditional skip"))
            elif m.name == "skipif" and skip is None:
                conds = a + ((k["condition"],) if "condition" in k else ())
                if any(_eval_cond(c, t) for c in conds):
                    skip = str(k.get("reason", "condition: " + ", ".join(map(str, conds))))
            elif m.name == "xfail" and xfail is None:
                conds = a + ((k["condition"],) if "condition" in k else ())
                if not conds or any(_eval_cond(c, t) for c in conds):
                    raises = k.get("raises")
                    rs = raises if isinstance(raises, tuple) else (raises,)
                    if raises is not None and not all(isinstance(e, type) and issubclass(e, BaseException)
                                                      for e in rs):
                        raise _Unsupported("xfail(raises=...) expects exception classes")
                    xfail = {"reason": str(k.get("reason", "")), "raises": raises,
                             "run": bool(k.get("run", True)), "strict": bool(k.get("strict", False))}
            elif m.name == "usefixtures":
                if not all(isinstance(x, str) for x in a):
                    raise _Unsupported("usefixtures expects fixture names")
                use.extend(a)
    except _Unsupported:
        raise
    except BaseException as e:
        return None, None, [], "evaluating a skipif/xfail condition: " + _format_exc(e)
    return skip, xfail, use, None


def _fixture_defs(state, namespaces):
    """name -> (_FixtureDef, bound): the fixtures of these namespaces (the
    module's, then the classes' from the farthest base), later ones win."""
    defs = {}
    for ns, bound in namespaces:
        for v in list(ns.values()):
            fd = state.fixtures.get(id(v)) if isinstance(v, types.FunctionType) else None
            if fd is not None and fd.func is v:
                defs[fd.name] = (fd, bound)
    return defs


def _collect(t, state, tree):
    """The tests of the test file, in pytest's order."""
    items = []
    assigned = set()
    for n in tree.body:
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AnnAssign) else []
        assigned.update(x.id for x in targets if isinstance(x, ast.Name))
    module_marks = _trusted_marks(t.get("pytestmark"), state) if "pytestmark" in assigned else []
    # The module's fixtures as the test file defined them (a name the
    # program's star-import shadows later does not hide one).
    module_defs = {fd.name: (fd, False) for fd in state.module_fixtures}

    def ours(f):
        return isinstance(f, types.FunctionType) and f.__code__ in state.codes and id(f) not in state.fixtures

    def own_marks(obj):
        e = state.marks.get(id(obj))
        return list(e[1]) if e is not None and e[0] is obj else []

    def add(name, f, klass, defs, class_marks):
        co = f.__code__
        if co.co_flags & 0x2A0:  # generator, coroutine, async generator
            raise _Unsupported(f"test {name} is a generator or async function")
        if co.co_flags & 0x0C:
            raise _Unsupported(f"test {name} takes *args or **kwargs")
        argnames, required = _arg_names(f, klass is not None)
        skip, xfail, use, error = _eval_marks(own_marks(f) + class_marks + module_marks, t)
        autouse = [n for n, (fd, _) in defs.items() if fd.autouse]
        for p in getattr(f, "_rlvr_params", [{}]):
            extra = set(p) - set(argnames)
            if extra:
                raise _Unsupported(f"test {name}: parametrized names {sorted(extra)} are not its arguments")
            fargs = [a for a in required if a not in p]
            plan = [] if skip is not None else _plan(autouse + use + fargs, defs)
            items.append(_Item(name, f, klass, p, plan, fargs, skip, xfail, error))

    for name, v in list(t.items()):
        if name.startswith("test") and ours(v):
            add(name, v, None, module_defs, [])
        elif name.startswith("Test") and isinstance(v, type) and getattr(v, "__module__", "") == "test_solution":
            if getattr(v, "__test__", True) is False:
                continue
            if v.__init__ is not object.__init__ or v.__new__ is not object.__new__:
                continue  # pytest does not collect a class with a constructor
            mro = [c for c in v.__mro__ if c is not object]
            defs = dict(module_defs)
            defs.update(_fixture_defs(state, [(c.__dict__, True) for c in reversed(mro)]))
            class_marks = []
            for c in mro:
                class_marks += own_marks(c)
                if getattr(c, "__module__", "") == "test_solution":
                    class_marks += _trusted_marks(c.__dict__.get("pytestmark"), state)
            # As pytest: each class's tests in definition order, the bases'
            # first; a name the subclass redefines is the subclass's.
            seen, groups = set(), []
            for c in mro:
                group = []
                for mname, f in list(c.__dict__.items()):
                    if mname in seen:
                        continue
                    seen.add(mname)
                    if mname.startswith("test") and ours(f):
                        group.append((mname, f))
                groups.append(group)
            for group in reversed(groups):
                for mname, f in group:
                    add(f"{name}::{mname}", f, v, defs, class_marks)
    return items


def _static_test_count(tree):
    n = 0
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            n += 1
        elif isinstance(node, ast.ClassDef):
            n += sum(1 for b in node.body if isinstance(b, ast.FunctionDef) and b.name.startswith("test"))
    return n


def _setup_fixtures(item, inst, cache, fins, ctx):
    state, cap, bdicts = ctx
    for name, fd, bound in item.fixtures:
        if fd is None:
            value = _Capsys(cap) if name == "capsys" else _MonkeyPatch(state, bdicts)
            fins.append(value._undo)
        else:
            f = fd.func
            if f.__code__ is not fd.co:
                raise _Untrusted(f"fixture {name} was replaced")
            kw = {d: cache[d] for d in _arg_names(f, bound)[1]}
            value = f(inst, **kw) if bound else f(**kw)
            if f.__code__.co_flags & 0x20:  # a yield fixture
                gen = value
                try:
                    value = next(gen)
                except StopIteration:
                    raise RuntimeError(f"fixture {name} did not yield a value") from None
                fins.append(functools.partial(_teardown_gen, name, gen))
        cache[name] = value


def _teardown_gen(name, gen):
    try:
        next(gen)
    except StopIteration:
        return
    raise RuntimeError(f"fixture {name} yielded more than once")


def _run_item(item, state, ctx):
    """Runs one test with its fixtures: (status, err)."""
    if item.error is not None:
        return "error", f"{item.name}: {item.error}"
    if item.skip is not None:
        return "skipped", item.skip
    xf = item.xfail
    if xf is not None and not xf["run"]:
        return "xfailed", "[NOTRUN] " + xf["reason"]
    exc, fins = None, []
    try:
        inst = item.klass() if item.klass is not None else None
        cache = {}
        _setup_fixtures(item, inst, cache, fins, ctx)
        kwargs = dict(item.kwargs)
        for a in item.fixture_args:
            kwargs[a] = cache[a]
        if item.f.__code__ is not item.co:
            raise _Untrusted(f"test {item.name} was replaced")
        if inst is not None:
            item.f(inst, **kwargs)
        else:
            item.f(**kwargs)
    except BaseException as e:
        exc = e
    terr = None
    for fin in reversed(fins):
        try:
            fin()
        except BaseException as e:
            terr = terr or e
    return _classify(item, state, exc, terr)


def _trusted(e, state):
    """A skip/xfail the test file raised: its own call, and no frame but the
    test file's and the runner's between the test and that call."""
    if e.token is not state:
        return False
    tb = e.__traceback__
    tb = tb.tb_next if tb is not None else None  # the frame that caught it
    while tb is not None:
        c = tb.tb_frame.f_code
        if c not in state.codes and c not in _HARNESS_CODES:
            return False
        tb = tb.tb_next
    return True


def _hard_status(e, name):
    if isinstance(e, _ProgramExit):
        return e.status, f"{name}: {e.err}"[:300]
    if isinstance(e, SystemExit):
        return "exit", f"SystemExit({e.code!r}) in test {name}"[:300]
    if isinstance(e, _OutputLimit):
        return "output_limit", ""
    if isinstance(e, MemoryError):
        return "memory", ""
    return None


def _classify(item, state, exc, terr):
    name, xf = item.name, item.xfail
    hard = None if exc is None else _hard_status(exc, name)
    if hard is not None:
        return hard
    if exc is None:
        status, err = "ok", ""
        if xf is not None:
            status, err = ("failed", f"{name}: [XPASS(strict)] {xf['reason']}") if xf["strict"] else (
                "xpassed", xf["reason"])
    elif isinstance(exc, _OutcomeExc):
        if _trusted(exc, state):
            status, err = ("skipped" if isinstance(exc, _Skipped) else "xfailed"), exc.reason
        else:
            return "error", (f"{name}: a skip or xfail the test file did not raise itself (the program's code "
                             f"cannot skip a test): {exc.reason}")[:1500]
    elif xf is not None and (xf["raises"] is None or isinstance(exc, xf["raises"])):
        status, err = "xfailed", xf["reason"]
    else:
        return _err_status(exc), f"{name}: " + _format_exc(exc)
    if terr is not None:
        hard = _hard_status(terr, name)
        if hard is not None:
            return hard
        return "error", f"{name}: in a fixture's teardown: " + _format_exc(terr)
    return status, err


def _from_solution(tree, originals=False):
    """The names a test file binds to the program: `from solution import
    f` (its alias) and `import solution` (`solution`, or its alias). With
    `originals`, the program's names it imports instead (`f`), and
    `solution` for a whole-module import."""
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.module == "solution" and n.level == 0:
            out.update(a.name if originals else a.asname or a.name for a in n.names if a.name != "*")
        elif isinstance(n, ast.Import):
            out.update("solution" if originals else a.asname or a.name for a in n.names if a.name == "solution")
    return out


def _star_names(tree, star):
    """Why a test file's names that only `from solution import *` can
    supply are unsafe, or None. Such a name may be the function under test,
    or a helper the file forgot to import (`Counter`, `isclose`) that the
    program would then define to agree with its own wrong answer. A file
    that imports names from `solution` explicitly has said which are the
    program's: it may read no other name from the star import. A file with
    only the star import may read one. (`import solution` is explicit: the
    file reaches the program as `solution.f`.) Decided from the test file
    alone. `star` are the names the file reads and does not bind
    (`unbound_reads`)."""
    explicit = sorted(_from_solution(tree))
    if explicit and star:
        return (f"the test file imports {', '.join(explicit[:3])} from solution but also reads "
                f"`{star[0]}`, which it does not define")
    if len(star) > 1:
        return (f"the test file reads {' and '.join(f'`{n}`' for n in star[:3])}, which it does not define: "
                "through `from solution import *` more than one name would come from the program "
                "(import the functions under test by name)")
    return None


def _condition_from_program(tree, own, literals):
    """The first name a `skipif`/`xfail` mark's condition (or `raises=`)
    reads that the test file does not bind (nor a builtin, `os`, `sys` or
    `platform`), in an expression or a condition string; or None. Through
    `from solution import *` such a name is the program's, which would then
    decide what is skipped (`skipif("SKIP_ALL")` over the test it fails).
    A name the file binds to the program (`from solution import FLAG`,
    `solution.X`) is the program's too. Decided from the test file
    alone. The condition strings written there go into `literals`: only
    those are ever evaluated (`_eval_cond`)."""
    allowed = (own - _from_solution(tree)) | set(_BUILTINS) | {"os", "sys", "platform"}
    # Names a test class's body binds (`SLOW = True` read by a mark on
    # one of its methods).
    for c in tree.body:
        if isinstance(c, ast.ClassDef):
            for st in c.body:
                targets = (st.targets if isinstance(st, ast.Assign)
                           else [st.target] if isinstance(st, ast.AnnAssign) else [])
                allowed.update(x.id for x in targets if isinstance(x, ast.Name))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("skipif", "xfail")):
            continue
        parts = list(node.args) + [k.value for k in node.keywords if k.arg not in ("reason", "strict", "run")]
        for part in parts:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                literals.add(part.value)
                try:
                    part = ast.parse(part.value, "<condition>", "eval")
                except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError):
                    continue
            for n in ast.walk(part):
                if isinstance(n, ast.Name) and n.id not in allowed:
                    return n.id
                # `sys.modules['solution']`: the program's module by name.
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and "solution" in n.value:
                    return "solution"
    return None


def _run_pytest(r):
    """The test file, in the trusted instance: the program was loaded in its
    own instance, and `solution` here holds its names as handles or data."""
    try:
        tree = ast.parse(r["tests"], "<tests>", "exec")
        tcode = compile(tree, "<tests>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return {"status": "bad_tests", "err": _format_exc(e)}
    if _static_test_count(tree) == 0:
        return {"status": "bad_tests", "err": "the test file defines no test functions"}
    why = tests_refused(r["tests"])
    if why is not None:
        return {"status": "bad_tests", "err": why}
    # The names the file binds (its own win over the program's) and the
    # names it reads without binding, once.
    symbols = global_names(r["tests"])
    own = symbols[0]
    reads, modules = unbound_reads(r["tests"], tree, symbols=symbols)
    star = _star_names(tree, reads)
    if star is not None:
        return {"status": "bad_tests", "err": star + ": it would come from the program"}
    _T.cond_literals = set()
    lent = _condition_from_program(tree, own, _T.cond_literals)
    if lent is not None:
        return {"status": "bad_tests",
                "err": f"a skipif/xfail condition reads `{lent}`, which the test file does not define: "
                       "it would come from the program"}
    cap = r["out_cap"]
    mod = types.ModuleType("solution")
    code = None
    if "src" in r:
        # The shared fallback (test files that use capsys or monkeypatch):
        # the program runs here, as module `solution`.
        try:
            code = compile(r["src"], "<solution>", "exec")
        except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
            return {"status": "compile_error", "err": _format_exc(e)}
        mod.__dict__["__builtins__"] = dict(_BUILTINS)
    else:
        value, root = _t_decode(r["names"])
        names = value[root]
        if type(names) is not dict:
            return {"status": "error", "err": "the program's names are not a table"}
        # What the file imports from `solution` by name (or all of it,
        # after `import solution`) is the program's, module names too.
        named = _from_solution(tree, originals=True)
        keep = set(names) if "solution" in named else named
        mod.__dict__.update(program_names(names, r["tests"], keep))
    state = _PtState(tree, tcode, mod)
    _reseed(r)
    old_solution, old_pytest = sys.modules.get("solution"), sys.modules.get("pytest")
    before = set(sys.modules)
    sys.modules["solution"] = mod
    sys.modules["pytest"] = _make_pytest()
    try:
        return _pytest_body(r, code, tcode, tree, mod, cap, state, before, (own, reads, modules))
    finally:
        for name, old in (("solution", old_solution), ("pytest", old_pytest)):
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old


def _pytest_body(r, code, tcode, tree, mod, cap, state, before, names_of_file):
    if code is not None:
        buf, fout = _redirect("", cap)
        status, err = _exec(code, mod.__dict__)
        _restore()
        if status == "exit0":
            return {"status": "exit", "err": "the program exited before the tests ran"}
        if status != "ok":
            return {"status": status, "err": "while loading the program: " + err}
    # Modules the program made up (a fake `numpy` in sys.modules) do not
    # reach the test file.
    for k in list(sys.modules):
        if k not in before and k not in ("solution", "pytest"):
            sys.modules.pop(k, None)
    # A fresh `pytest` after the program ran: what the program did to an
    # earlier one does not reach the tests.
    pt = _make_pytest(state)
    sys.modules["pytest"] = pt
    pt_snapshot = dict(pt.__dict__)
    cls_snapshot = [(c, dict(c.__dict__)) for c in (_RaisesContext, _Approx, _Mark, _Failed, _MarkDecorator,
                                                    _OutcomeExc, _Skipped, _XFailed, _Capsys, _MonkeyPatch)]
    public = mod.__dict__.get("__all__")
    names = public if isinstance(public, (list, tuple)) and all(type(x) is str for x in public) else [
        k for k in mod.__dict__ if not k.startswith("_")]
    # The test file's own names win: a name it binds at its top level (its
    # imports, definitions, assignments) never comes from the program,
    # wherever its `from solution import *` stands (the program's
    # `Counter` or `pytest` must not build the expected values).
    # Of the program's names, `from solution import *` brings only those
    # the file reads and does not bind (at most one, `_star_names`); a
    # genuine module the file reads as a module is the module.
    own, reads, modules = names_of_file
    names = [k for k in names if k not in own and k in reads]
    mod.__dict__["__all__"] = list(names)
    t = {k: mod.__dict__[k] for k in names if k in mod.__dict__}
    for k in modules:
        t.setdefault(k, _GENUINE_MODULES[k])
    t.update({"__name__": "test_solution", "__builtins__": dict(_BUILTINS)})
    _T.ns = t
    buf, fout = _redirect("", cap)
    try:
        exec(tcode, t)
        status, err = "ok", ""
    except _Unsupported as e:
        _restore()
        return {"status": "bad_tests", "err": str(e)[:1500]}
    except _OutcomeExc as e:
        _restore()
        if _trusted(e, state):
            return {"status": "bad_tests",
                    "err": f"the test file skips itself when imported ({e.reason}): nothing to grade"[:1500]}
        status, err = "error", "a skip or xfail the test file did not raise itself"
    except SystemExit:
        status, err = "exit", "the test file was interrupted by SystemExit"
    except _OutputLimit:
        status, err = "output_limit", ""
    except BaseException as e:
        status, err = _err_status(e), _format_exc(e)
    _restore()
    if status != "ok":
        return {"status": status, "err": "while loading the test file: " + err}
    try:
        items = _collect(t, state, tree)
    except _Unsupported as e:
        return {"status": "bad_tests", "err": str(e)[:1500]}
    except BaseException as e:
        return {"status": "error", "err": "while collecting the tests: " + _format_exc(e)}
    if not items:
        return {"status": "bad_tests", "err": "no tests were collected"}
    if not any(it.graded() for it in items):
        return {"status": "bad_tests",
                "err": "every test is skipped or a non-strict xfail: the test file grades nothing"}
    if r.get("collect"):
        return {"status": "collected", "n": len(items)}
    if len(items) != r.get("n"):
        return {"status": "error", "err": f"{len(items)} tests collected, {r.get('n')} before"}
    ctx = (state, cap, [mod.__dict__.get("__builtins__"), t["__builtins__"]])
    ctx[2][:] = [d for d in ctx[2] if type(d) is dict]
    _report(json.dumps({"i": -1, "status": "loaded"}))
    for i in range(r.get("start", 0), r.get("end", len(items))):
        _redirect("", cap)
        try:
            status, err = _run_item(items[i], state, ctx)
        except BaseException as e:  # an exception escaping the runner itself
            status, err = _hard_status(e, items[i].name) or ("error", _format_exc(e))
        _restore()
        if status in ("ok", "xpassed", "skipped", "xfailed"):
            why = _tampered()
            if why is None and (sys.modules.get("pytest") is not pt or dict(pt.__dict__) != pt_snapshot):
                why = "the pytest module was changed"
            if why is None and any(dict(c.__dict__) != d for c, d in cls_snapshot):
                why = "a class of the pytest module was changed"
            if why is not None:
                status, err = "tampered", why
        _report(json.dumps({"i": i, "status": status, "err": err}))
    return {"status": "done"}


_probe_pt = _make_pytest()
_HARNESS_CODES = frozenset([_run_item.__code__, _setup_fixtures.__code__, _probe_pt.skip.__code__,
                            _probe_pt.xfail.__code__, _probe_pt.importorskip.__code__])
del _probe_pt



# The modules the guest really has (all imported at build time): what
# `pytest.importorskip` and monkeypatch's "module.attr" strings may return.
_GENUINE = dict(sys.modules)

__all__ = [n for n in list(globals()) if not n.startswith("__")]
