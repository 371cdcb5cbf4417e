# rlvr-code guest: the modes whose verdict the host decides from data
# (stdin/stdout: the program's stdout; call-based: the result as a value
# table), and the generic run API (exec, invoke).
from rlvr_setup import *
from rlvr_guards import *
from rlvr_value import *
from rlvr_setup import sys, io, json, ast, traceback


def _call_other(y, index):
    """A call-based result that is not plain data: the host grades it wrong."""
    raise _NotData(f"the result (of type {type(y).__name__}) is not plain data")


def _run_stdio(r):
    try:
        code = compile(r["src"], "<solution>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return {"status": "compile_error", "err": _format_exc(e)}
    cap = r["out_cap"]
    for i in range(r.get("start", 0), r.get("end", len(r["tests"]))):
        _reseed(r)
        buf, fout = _redirect(r["tests"][i], cap)
        status, err = _exec(code, _fresh_globals("__main__"))
        try:
            fout.flush()
        except BaseException:
            pass
        if buf.over:
            status = "output_limit"
        out = buf.getvalue()
        _restore()
        if status == "exit0":
            status = "ok"
        _report(json.dumps({"i": i, "status": status, "stdout": out.decode("utf-8", "replace"), "err": err}))
    return {"status": "done"}


def _run_call(r):
    try:
        code = compile(r["src"], "<solution>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return {"status": "compile_error", "err": _format_exc(e)}
    cap = r["out_cap"]
    g = _fresh_globals("solution")
    _reseed(r)
    buf, fout = _redirect("", cap)
    status, err = _exec(code, g)
    _restore()
    if status not in ("ok", "exit0"):
        return {"status": status, "err": "while loading the program: " + err}
    _report(json.dumps({"i": -1, "status": "loaded"}))
    fn_name = r["fn"]
    for i in range(r.get("start", 0), r.get("end", len(r["tests"]))):
        buf, fout = _redirect("", cap)
        value = None
        try:
            # Integers of any size, whatever limit the program set.
            lim = _get_digits()
            _set_digits(0)
            try:
                args = [json.loads(a) for a in r["tests"][i]]
            finally:
                _set_digits(lim)
            if "Solution" in g and isinstance(g["Solution"], type) and hasattr(g["Solution"], fn_name):
                fn = getattr(g["Solution"](), fn_name)
            elif fn_name in g:
                fn = g[fn_name]
            else:
                raise NameError(f"function {fn_name!r} is not defined")
            # The result as data (rlvr_value's node table); the host
            # compares it with the expected value.
            value = json.dumps(encode(fn(*args), _call_other))
            if len(value) > cap:
                raise _OutputLimit()
            status, err = "ok", ""
        except SystemExit as e:
            status, err = "exit", str(e.code)[:200]
        except _OutputLimit:
            status, err = "output_limit", ""
        except _NotData as e:
            status, err = "not_data", str(e)[:300]
        except BaseException as e:
            status, err = _err_status(e), _format_exc(e)
        _restore()
        _report(json.dumps({"i": i, "status": status, "value": value, "err": err}))
    return {"status": "done"}


def _traceback(e):
    """The traceback CPython would print, without the harness's frame."""
    tb = e.__traceback__
    if tb is not None and tb.tb_frame.f_code.co_filename not in ("<solution>", "<program>"):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(e), e, tb))


def _run_exec(r):
    """One program, one stdin: what `python3 prog.py < stdin` does."""
    cap = r["out_cap"]
    _reseed(r)
    try:
        code = compile(r["src"], "<solution>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return {"status": "compile_error", "stdout": "", "stderr": _traceback(e)[-cap:], "exit": 1}
    buf, fout = _redirect(r.get("stdin", ""), cap, err_cap=cap)
    err, sink = _cur["err"]
    status, code_ = "ok", 0
    try:
        exec(code, _fresh_globals("__main__"))
    except SystemExit as e:
        c = e.code
        if c is None:
            code_ = 0
        elif isinstance(c, int) and not isinstance(c, bool):
            code_ = c & 0xFF
        elif isinstance(c, bool):
            code_ = int(c)
        else:
            try:
                err.write(str(c) + "\n")
            except BaseException:
                pass
            code_ = 1
    except _OutputLimit:
        status, code_ = "output_limit", None
    except MemoryError:
        status, code_ = "memory", None
    except BaseException as e:
        status, code_ = "error", 1
        try:
            err.write(_traceback(e))
        except BaseException:
            pass
    try:
        fout.flush()
        err.flush()
    except BaseException:
        pass
    if buf.over:
        status, code_ = "output_limit", None
    out = buf.getvalue().decode("utf-8", "replace")
    stderr = bytes(sink.head).decode("utf-8", "replace")
    _restore()
    return {"status": status, "stdout": out, "stderr": stderr, "exit": code_}


def _literal_args(src):
    """(args, kwargs) from the source of an argument list of literals."""
    tree = ast.parse("_f(" + src + ")", "<args>", "eval")
    call = tree.body
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "_f"):
        raise ValueError("not an argument list")
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {}
    for k in call.keywords:
        if k.arg is None:
            raise ValueError("** arguments are not literals")
        kwargs[k.arg] = ast.literal_eval(k.value)
    return args, kwargs


_NOTHING = object()


def _run_invoke(r):
    """Calls one function of a program with literal arguments."""
    cap = r["out_cap"]
    # The arguments and the expected value are read before the program
    # runs, with the pristine `ast.literal_eval`.
    try:
        a = r["args"]
        if "literal" in a:
            args, kwargs = _literal_args(a["literal"])
        else:
            args, kwargs = list(a.get("positional", [])), dict(a.get("keywords", {}))
        expect = _NOTHING if r.get("expect") is None else ast.literal_eval(r["expect"].strip())
    except BaseException as e:
        return {"status": "bad_args", "err": _format_exc(e)}
    _reseed(r)
    try:
        code = compile(r["src"], "<program>", "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        return {"status": "load_error", "err": _format_exc(e)}
    g = _fresh_globals("program")
    buf, fout = _redirect("", cap)
    status, err = _exec(code, g)
    if status not in ("ok", "exit0"):
        _restore()
        if status in ("memory", "output_limit"):
            return {"status": status, "err": err}
        return {"status": "load_error", "err": err or "the program exited while loading"}
    fn = g.get(r["fn"])
    if not callable(fn):
        _restore()
        return {"status": "load_error", "err": f"NameError: function {r['fn']!r} is not defined"}
    res = {"status": "returned"}
    try:
        value = fn(*args, **kwargs)
        if expect is not _NOTHING:
            # Compared on a fresh trusted instance (mode compare), never
            # here, where the program's objects decide what `==` means.
            try:
                res["value"] = encode(value, _p_other(set()), rich=True)
            except _NotData:
                res["value"] = None
        rep = repr(value)
        if len(rep) > cap:
            raise _OutputLimit()
        res["repr"] = rep
        try:
            js = json.dumps(value, allow_nan=False)
            res["json"] = js if len(js) <= cap else None
        except BaseException:
            res["json"] = None
    except SystemExit as e:
        res = {"status": "raised", "err": f"SystemExit({e.code!r})"[:300]}
    except _OutputLimit:
        res = {"status": "output_limit", "err": ""}
    except MemoryError:
        res = {"status": "memory", "err": ""}
    except BaseException as e:
        res = {"status": "raised", "err": _format_exc(e)}
    _restore()
    return res



def _run_compare(r):
    """`value == expect` for invoke, in a trusted instance that never ran
    the program: the value is rebuilt from its table (the program's objects
    are handles here, equal to nothing but themselves)."""
    try:
        expect = ast.literal_eval(r["expect"].strip())
    except BaseException as e:
        return {"status": "bad_tests", "err": _format_exc(e)}
    try:
        value, root = _t_decode(r["value"])
        return {"status": "compared", "equal": bool(value[root] == expect)}
    except BaseException as e:
        return {"status": "error", "err": _format_exc(e)}


__all__ = [n for n in list(globals()) if not n.startswith("__")]
