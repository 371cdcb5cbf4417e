# rlvr-code guest: the sandbox set-up shared by every mode. Everything at
# module level runs at BUILD time and is frozen into the snapshot, including
# the pre-import of the whole stdlib (`/python` is the stdlib directory during
# the build only; there is no filesystem at run time). WASI threads are made
# synchronous, stdin/stdout/stderr are in-memory and capped, `os._exit` raises
# SystemExit, and `random` is reseeded before each program.
import sys, io, os, json, builtins, traceback, ast, types
import collections, heapq, itertools, functools, math, cmath, re, bisect, fractions, decimal
import string, random, statistics, operator, copy, typing, dataclasses, datetime, array, enum
import posix
import wit_world

_DENY = {"antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo", "test", "ensurepip", "venv",
         "pydoc_data", "lib2to3", "__phello__", "__hello__", "_pyrepl", "pydoc", "pdb", "webbrowser",
         "site", "sitecustomize", "usercustomize", "__main__", "_aix_support", "_osx_support", "idle",
         "_android_support", "_apple_support", "_ios_support", "__pycache__"}
_PRELOADED, _FAILED = [], []


def _preload():
    names = set()
    try:
        entries = os.listdir("/python")
    except OSError:
        entries = []
    for e in entries:
        n = e[:-3] if e.endswith(".py") else e
        # Private modules too: CPython imports some lazily (`_pylong` for
        # int<->str beyond a few thousand digits, `_strptime` for
        # `strptime`, `__future__`), and at run time there is no
        # filesystem to import them from.
        if n.isidentifier() and n not in _DENY and (
                e.endswith(".py") or os.path.isdir("/python/" + e)):
            names.add(n)
    names.update(sys.builtin_module_names)
    for n in sorted(names - _DENY) + ["collections.abc", "xml.etree.ElementTree", "urllib.parse",
                                      "email.message", "html.parser", "json.decoder", "concurrent.futures",
                                      "importlib.util", "logging.handlers", "os.path"]:
        try:
            __import__(n)
            _PRELOADED.append(n)
        except BaseException as e:
            _FAILED.append(f"{n}:{type(e).__name__}")


_preload()

# asyncio's event loop makes a self-pipe (a socketpair) to be woken from
# other threads and signal handlers; WASI has no sockets (and here no
# threads or signals), so the loop runs without one: `asyncio.run` of
# coroutines, tasks and timers works (timers wait on the virtual clock).
import asyncio.selector_events


def _no_self_pipe(self):
    self._ssock = self._csock = None


asyncio.selector_events.BaseSelectorEventLoop._make_self_pipe = _no_self_pipe
asyncio.selector_events.BaseSelectorEventLoop._close_self_pipe = lambda self: None

# WASI has no threads: run Thread targets synchronously, so that the idiom
# `threading.stack_size(big); threading.Thread(target=main).start()` works.
import threading


class _SyncThread(threading.Thread):
    def start(self):
        self.run()

    def join(self, timeout=None):
        return None

    def is_alive(self):
        return False


threading.Thread = _SyncThread
threading.stack_size = lambda size=0: 0


class _OutputLimit(BaseException):
    pass


class _CappedBuffer(io.BytesIO):
    """A BytesIO that refuses to grow past its cap (and remembers it)."""

    def __init__(self, cap):
        super().__init__()
        self.cap = cap
        self.over = False

    def write(self, b):
        if self.tell() + len(b) > self.cap:
            self.over = True
            raise _OutputLimit()
        return super().write(b)


class _Sink(io.RawIOBase):
    """stderr: the first `cap` bytes are kept, the rest dropped; never an
    error."""

    def __init__(self, cap=2000):
        super().__init__()
        self.cap = cap
        self.head = bytearray()
        self.dropped = 0

    def writable(self):
        return True

    def write(self, b):
        n = len(b)
        room = self.cap - len(self.head)
        if room > 0:
            self.head += bytes(b[:room])
        self.dropped += max(0, n - max(room, 0))
        return n


_real_open, _real_read, _real_write = builtins.open, os.read, os.write
_REAL_STDIO = (sys.__stdin__, sys.__stdout__, sys.__stderr__)
_cur = {"raw": None, "out": None, "err": None}


def _open(file, mode="r", *a, **k):
    # open(0) / open("/dev/stdin") -> this test's stdin
    if (file == 0 or file == "/dev/stdin") and _cur["raw"] is not None:
        raw = _cur["raw"]
        b = io.BytesIO(raw.getvalue()[raw.tell():])
        raw.seek(0, 2)
        return b if "b" in mode else io.TextIOWrapper(b, encoding="utf-8")
    if (file == 1 or file == "/dev/stdout") and _cur["out"] is not None:
        return sys.stdout.buffer if "b" in mode else sys.stdout
    return _real_open(file, mode, *a, **k)


def _read(fd, n):  # os.read(0, n)
    if fd == 0 and _cur["raw"] is not None:
        return _cur["raw"].read(n)
    return _real_read(fd, n)


def _write(fd, data):  # os.write(1, b) -> same buffer, in order with print()
    if fd == 1 and _cur["out"] is not None:
        fout, buf = _cur["out"]
        fout.flush()
        data = bytes(data)
        buf.write(data)
        return len(data)
    return _real_write(fd, data)


def _hard_exit(code=0):  # os._exit would end the component call
    raise SystemExit(code)


builtins.open, os.read, os.write, os._exit = _open, _read, _write, _hard_exit
posix.read, posix.write, posix._exit = _read, _write, _hard_exit
io.open = _open
if not hasattr(builtins, "exit"):
    builtins.exit = builtins.quit = sys.exit

_DEFAULT_RECURSION = sys.getrecursionlimit()
_BUILTINS = dict(builtins.__dict__)

# --- Running -----------------------------------------------------------------
_report = wit_world.report


def _err_status(e):
    if isinstance(e, MemoryError):
        return "memory"
    if isinstance(e, BrokenPipeError):
        # Only the real (WASI) stdout/stderr pipes break: they are full.
        return "output_limit"
    if isinstance(e, RecursionError):
        return "error"
    return "error"


def _format_exc(e):
    s = traceback.format_exception_only(type(e), e)
    return "".join(s)[-1500:]


def _redirect(inp, cap, err_cap=2000):
    raw = io.BytesIO(inp.encode("utf-8", "surrogatepass"))
    _cur["raw"] = raw
    fin = io.TextIOWrapper(raw, encoding="utf-8")
    buf = _CappedBuffer(cap)
    fout = io.TextIOWrapper(buf, encoding="utf-8", write_through=True)
    _cur["out"] = (fout, buf)
    sink = _Sink(err_cap)
    err = io.TextIOWrapper(sink, encoding="utf-8", errors="backslashreplace", write_through=True)
    _cur["err"] = (err, sink)
    sys.stdin, sys.stdout, sys.stderr = fin, fout, err
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = fin, fout, err
    return buf, fout


def _reseed(r):
    """A fixed seed for `random` before each program run: the snapshot
    froze one PRNG state at build time, so without this the sequence would
    change with every guest build."""
    random.seed(r.get("seed", 0))


def _restore():
    try:
        _cur["out"][0].flush()
    except BaseException:
        pass
    sys.stdin, sys.stdout, sys.stderr = _REAL_STDIO
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = _REAL_STDIO
    _cur["raw"] = _cur["out"] = _cur["err"] = None
    sys.settrace(None)
    sys.setprofile(None)
    sys.setrecursionlimit(_DEFAULT_RECURSION)


def _exec(code, g):
    """Runs code in g; returns (status, err)."""
    try:
        exec(code, g)
        return "ok", ""
    except SystemExit as e:
        if e.code is None or e.code == 0:
            return "exit0", ""
        return "exit", str(e.code)[:200]
    except _OutputLimit:
        return "output_limit", ""
    except BaseException as e:
        return _err_status(e), _format_exc(e)


def _fresh_globals(name):
    return {"__name__": name, "__builtins__": dict(_BUILTINS)}


# Integers of any size cross the host as decimal text.
sys.set_int_max_str_digits(0)

__all__ = [n for n in list(globals()) if not n.startswith("__")]
