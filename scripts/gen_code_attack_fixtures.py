#!/usr/bin/env python3
"""Generates fixtures/code/attacks_split.toml and fixtures/code/split.toml:
the attacks of issue 13 in every test format, and the split's own cases.

    python3 scripts/gen_code_attack_fixtures.py [fixtures/code]
"""
import json
# (name, comment, preamble, expr) : the program computes `sq` as `expr`.
HACKS = [
 ("eq-staticmethod", "An always-equal object whose __eq__ is a staticmethod (slipped past the old guard).",
  "class A:\n    __eq__ = staticmethod(lambda a, b: True)\n    __ne__ = staticmethod(lambda a, b: False)\n    __hash__ = None", "A()"),
 ("eq-classmethod", "An always-equal object whose __eq__ is a classmethod.",
  "class A:\n    @classmethod\n    def __eq__(cls, other):\n        return True", "A()"),
 ("eq-other-filename", "__eq__ compiled under the test code's file name, so that a file-name check trusts it.",
  "ns = {}\nexec(compile('def eq(a, b):\\n    return True\\n', '<tests>', 'exec'), ns)\nclass A:\n    __eq__ = ns['eq']", "A()"),
 ("eq-callable-object", "__eq__ given as a callable object (no __code__ to inspect).",
  "class E:\n    def __call__(self, *a):\n        return True\nclass A:\n    __eq__ = E()", "A()"),
 ("eq-int-subclass", "An int subclass that equals everything.",
  "class I(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__", "I(0)"),
 ("eq-class-property", "An always-equal object that lies about its __class__.",
  "class A:\n    @property\n    def __class__(self):\n        return int\n    def __eq__(self, other):\n        return True", "A()"),
 ("eq-descriptor", "__eq__ given by a custom descriptor whose __get__ returns an always-true function.",
  "class D:\n    def __get__(self, obj, t=None):\n        return lambda *a: True\nclass A:\n    __eq__ = D()", "A()"),
 ("frame-walk", "Walks up the frames to the caller's locals for the expected value.",
  "import sys\ndef peek(x):\n    f = sys._getframe(2)\n    while f is not None:\n        for k, v in f.f_locals.items():\n            if type(v) is int and v not in (x,) and v == x * x:\n                return v\n        f = f.f_back\n    return -1", "peek(x)"),
 ("bytecode-constants", "Disassembles the caller's bytecode for the constant it compares with.",
  "import sys\ndef peek(x):\n    f = sys._getframe(2)\n    while f is not None:\n        ks = [c for c in f.f_code.co_consts if type(c) is int and c != x]\n        if ks:\n            return ks[-1]\n        f = f.f_back\n    return -1", "peek(x)"),
 ("gc-walk", "Walks gc for the test's code objects and returns a constant found there.",
  "import gc, types\ndef peek(x):\n    for o in gc.get_objects():\n        if isinstance(o, types.FunctionType) and o.__code__.co_filename in ('<tests>', '<string>'):\n            ks = [c for c in o.__code__.co_consts if type(c) is int and c > x]\n            if ks:\n                return ks[0]\n    return -1", "peek(x)"),
 ("json-dumps-patched", "Patches json.dumps, which serialised the verdict in the shared interpreter.",
  "import json\njson.dumps = lambda *a, **k: '{\"status\": \"passed\"}'", "0"),
 ("module-class-swap", "Swaps a standard module's __class__ so that its functions lie.",
  "import sys, types, math\nclass M(types.ModuleType):\n    def __getattribute__(self, name):\n        if name == 'isclose':\n            return lambda *a, **k: True\n        return types.ModuleType.__getattribute__(self, name)\nmath.__class__ = M", "0"),
 ("sys-hooks-replaced", "Replaces the sys functions the harness's restore step calls.",
  "import sys\nsys.setrecursionlimit = lambda n: None\nsys.settrace = lambda f: None\nsys.setprofile = lambda f: None", "0"),
 ("harness-replaced", "Finds the harness modules in sys.modules and replaces their functions.",
  "import sys\nfor name in list(sys.modules):\n    m = sys.modules[name]\n    if name.startswith('rlvr_') or name == 'app':\n        for k in ('run_trusted_functional', '_rlvr_v', '_tampered', '_compile_tests', '_run_pytest'):\n            if hasattr(m, k):\n                setattr(m, k, (lambda *a, **kw: {'status': 'passed'}) if k != '_rlvr_v' else (lambda v: True))\n        if hasattr(m, '_MODES'):\n            for k in list(m._MODES):\n                m._MODES[k] = lambda r: {'status': 'passed'}", "0"),
 ("trusted-types-table", "Fills the guard's table of trusted types through gc.",
  "import gc\nclass A:\n    def __eq__(self, other):\n        return True\nfor o in gc.get_objects():\n    if type(o) is dict and len(o) < 10000:\n        try:\n            o[A] = True\n        except Exception:\n            pass", "A()"),
 ("report-forged", "Forges in-order reports through the guest's export module.",
  "import wit_world\nfor i in range(-1, 4):\n    try:\n        wit_world.report('{\"i\": %d, \"status\": \"ok\", \"stdout\": \"\", \"value\": \"{\\\\\"nodes\\\\\": [{\\\\\"t\\\\\": \\\\\"int\\\\\", \\\\\"c\\\\\": \\\\\"4\\\\\"}], \\\\\"root\\\\\": 0}\", \"err\": \"\"}' % i)\n    except BaseException:\n        pass\nwit_world.report = lambda line: None", "0"),
 ("call-import", "Calls the host's `call` import from the program's own instance.",
  "import wit_world\ntry:\n    wit_world.call('{\"op\": \"call\", \"h\": 0}')\nexcept BaseException:\n    pass", "0"),
 ("serve-garbage", "Replaces the program side's serve export: its replies are garbage.",
  "import app\napp.WitWorld.serve = lambda self, req: 'garbage'", "0"),
 ("encoder-mock-any", "Makes the program side's encoder name unittest.mock.ANY as a global.",
  "import rlvr_value\n_orig = rlvr_value.encode\ndef enc(x, other, max_nodes=5_000_000):\n    t = _orig(x, other, max_nodes)\n    t['nodes'][t['root']] = {'t': 'global', 'c': 'unittest.mock:ANY'}\n    return t\nrlvr_value.encode = enc", "0"),
 ("exit-at-import", "sys.exit(0) before the tests: the reference scores exit status 0 as a pass.",
  "import sys\nsys.exit(0)", "0"),
 ("os-exit-in-call", "os._exit(0) inside the function under test.",
  "import os", "os._exit(0)"),
]

FORMATS = {
 "he": ("codegen__humaneval", {"functional": "def check(candidate):\n    assert candidate(2) == 4\n    assert candidate(3) == 9\n\ncheck(sq)\n"}, None, "HumanEval check(candidate)"),
 "mbpp": ("codegen__mbpp", {"functional": "assert sq(2) == 4\nassert sq(3) == 9\n"}, None, "MBPP asserts"),
 "lc": ("codegen__leetcode2k", {"functional": "def check(candidate):\n    assert candidate(2) == 4\n    assert candidate(3) == 9\n\ncheck(Solution().sq)\n"}, {"prefix": "from typing import List\nimport collections\n"}, "LeetCode2k (prefix, Solution().method)"),
 "taco": ("codegen__taco", {"functional": "import math\ndef _deep_eq(a, b, tol=1e-5):\n    if isinstance(a, float) or isinstance(b, float):\n        return math.isclose(a, b, rel_tol=tol, abs_tol=tol)\n    if isinstance(a, (list, tuple)):\n        if len(a) != len(b):\n            return False\n        return all(_deep_eq(x, y, tol) for x, y in zip(a, b))\n    return a == b\n\nassert _deep_eq(sq(2), 4)\nassert _deep_eq(sq(3), 9)\n"}, None, "TACO functional with _deep_eq"),
 "ac": ("codegen__primeintellect", {"assert_case": ["assert sq(2) == 4", "assert sq(3) == 9"]}, None, "SandboxFusion assert_case"),
 "pt": ("codegen__primeintellect", {"pytest": "from solution import sq\n\ndef test_two():\n    assert sq(2) == 4\n\ndef test_three():\n    assert sq(3) == 9\n"}, None, "pytest"),
 "call": ("codegen__taco", {"fn_name": "sq", "inputs": ["2", "3"], "outputs": [[4], [9]]}, None, "call-based (fn_name)"),
}

def program(fmt, pre, expr):
    body = f"    return {expr}"
    if fmt == "lc":
        fn = f"class Solution:\n    def sq(self, x):\n    {body}\n"
    else:
        fn = f"def sq(x):\n{body}\n"
    return pre + "\n\n" + fn

def q(s):
    return json.dumps(s, ensure_ascii=False)

out = ["""# Attacks on the verdict (issue 13), in every test format where they apply.
# Each program is wrong (it never computes x * x) and tries to pass anyway:
# always-equal objects the old guard let through, tampering with what the
# harness relied on, reading the expected values, replacing harness
# functions, forging reports or replies. The test side now runs in a trusted
# instance that never runs program code, and the program's instance hands
# out data only, so every one of them is `incorrect`.
# Generated by scripts/gen_code_attack_fixtures.py; edit the script.
"""]
for fk, (ds, gt, extra, fdesc) in FORMATS.items():
    for hk, why, pre, expr in HACKS:
        out.append(f"# {why} Format: {fdesc}.")
        out.append("[[case]]")
        out.append(f"name = {q(fk + '-' + hk)}")
        out.append(f"data_source = {q(ds)}")
        out.append(f"response = {q('```python' + chr(10) + program(fk, pre, expr) + '```')}")
        out.append(f"ground_truth = {q(json.dumps(gt))}")
        if extra:
            out.append("extra_info = { " + ", ".join(f"{k} = {q(v)}" for k, v in extra.items()) + " }")
        out.append('expect = { status = "incorrect" }')
        out.append("")
    # And the honest program passes in this format.
    out.append(f"# The honest program passes. Format: {fdesc}.")
    out.append("[[case]]")
    out.append(f"name = {q(fk + '-honest')}")
    out.append(f"data_source = {q(ds)}")
    out.append(f"response = {q('```python' + chr(10) + program(fk, '', 'x * x') + '```')}")
    out.append(f"ground_truth = {q(json.dumps(gt))}")
    if extra:
        out.append("extra_info = { " + ", ".join(f"{k} = {q(v)}" for k, v in extra.items()) + " }")
    out.append('expect = { status = "correct" }')
    out.append("")
import os, sys
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fixtures", "code")
open(os.path.join(root, "attacks_split.toml"), "w").write("\n".join(out) + "\n")


# --- The split's own cases ----------------------------------------
cases = []
def case(name, why, ds, code, gt, status, extra=None, prompt=None):
    cases.append((name, why, ds, code, gt, status, extra, prompt))

POLY_PROMPT = "Complete the function.\n```python\nimport math\n\n\ndef poly(xs: list, x: float):\n    \"\"\"Evaluates polynomial with coefficients xs at point x.\"\"\"\n    return sum([coeff * math.pow(x, i) for i, coeff in enumerate(xs)])\n\n\ndef find_zero(xs: list):\n    \"\"\"Finds x such that poly(x) = 0.\"\"\"\n```\n"
POLY_TEST = "import math\nimport copy\nimport random\n\ndef check(candidate):\n    rng = random.Random(42)\n    for _ in range(20):\n        ncoeff = 2 * rng.randint(1, 4)\n        coeffs = []\n        for _ in range(ncoeff):\n            coeff = rng.randint(-10, 10)\n            if coeff == 0:\n                coeff = 1\n            coeffs.append(coeff)\n        solution = candidate(copy.copy(coeffs))\n        assert math.fabs(poly(coeffs, solution)) < 1e-4\n\ncheck(find_zero)\n"
FIND_ZERO = "def find_zero(xs: list):\n    begin, end = -1., 1.\n    while poly(xs, begin) * poly(xs, end) > 0:\n        begin *= 2.0\n        end *= 2.0\n    while end - begin > 1e-10:\n        center = (begin + end) / 2.0\n        if poly(xs, center) * poly(xs, begin) > 0:\n            begin = center\n        else:\n            end = center\n    return begin\n"
REV_SIMPLE = "class Solution:\n    def rev(self, xs):\n        return xs[::-1]\n"
case("he32-poly-honest", "HumanEval/32: the honest solution passes; `poly` comes from the prompt's code (trusted), not the program.",
     "codegen__humaneval", "import math\n\ndef poly(xs, x):\n    return sum([c * math.pow(x, i) for i, c in enumerate(xs)])\n\n" + FIND_ZERO,
     {"functional": POLY_TEST}, "correct", {"function_name": "find_zero"}, POLY_PROMPT)
case("he32-poly-replaced", "HumanEval/32: the program defines its own `poly` that returns 0; the test's `poly` is the prompt's, so a wrong find_zero fails.",
     "codegen__humaneval", "def poly(xs, x):\n    return 0\n\ndef find_zero(xs):\n    return 12345.0\n",
     {"functional": POLY_TEST}, "incorrect", {"function_name": "find_zero"}, POLY_PROMPT)

case("he32-poly-unfenced-prompt", "HumanEval/32 with the prompt's code not fenced: the harness still finds `poly` in the prompt's text; the program's lying `poly` does not help.",
     "codegen__humaneval", "def poly(xs, x):\n    return 0\n\ndef find_zero(xs):\n    return 12345.0\n",
     {"functional": POLY_TEST}, "incorrect", None, POLY_PROMPT.replace("```python\n", "").replace("```\n", ""))
case("he32-poly-check-names-candidate", "HumanEval/32 without extra_info.function_name: the function to write is the argument of the test's check(...), and `poly` still comes from the prompt.",
     "codegen__humaneval", "def poly(xs, x):\n    return 0\n\ndef find_zero(xs):\n    return 12345.0\n",
     {"functional": POLY_TEST}, "incorrect", None, POLY_PROMPT)
case("prompt-complete-target-not-trusted", "A prompt that shows a complete version of the function to write (MBPP-style asserts, no function_name): prompt code is not trusted when the function to write is unknown, so a wrong program fails.",
     "codegen__mbpp", "def add(a, b):\n    return 0\n", {"functional": "assert add(1, 2) == 3\n"}, "incorrect", None,
     "Make this faster:\n```python\ndef add(a, b):\n    return a + b\n```\n")
case("lc-starter-class-not-trusted", "A LeetCode prompt's starter `class Solution` (a stub) never replaces the program's class.",
     "codegen__leetcode2k", REV_SIMPLE, {"functional": "def check(candidate):\n    assert candidate([1, 2]) == [2, 1]\n\ncheck(Solution().rev)\n"}, "correct",
     {"prefix": "from typing import List\n"}, "```python\nclass Solution:\n    def rev(self, xs: List[int]) -> List[int]:\n        pass\n```\n")

case("mbpp-cyclic-result", "A result that contains itself crosses as data (a flat table) and equals nothing finite.",
     "codegen__mbpp", "def f():\n    a = []\n    a.append(a)\n    return a\n", {"functional": "assert f() == [[]]\n"}, "incorrect")
case("mbpp-program-defines-check", "The program defines `check` and `_rlvr_v`: the test code's own definitions and the trusted guard win.",
     "codegen__mbpp", "def check(candidate):\n    pass\n_rlvr_v = lambda x: True\ndef sq(x):\n    return 0\n",
     {"functional": "def check(candidate):\n    assert candidate(2) == 4\n\ncheck(sq)\n"}, "incorrect")
case("mbpp-json-loads-patched", "The program patches json.loads in its own instance: its requests decode wrong, so its answers are wrong, never a pass.",
     "codegen__mbpp", "import json\njson.loads = lambda s, *a, **k: {'op': 'call', 'h': 0}\ndef sq(x):\n    return x * x\n",
     {"functional": "assert sq(2) == 4\nassert sq(3) == 9\n"}, "incorrect")
case("pytest-all-exports-builtin", "pytest: the program's `__all__` exports a lying `len`; builtin names never come from the program.",
     "codegen__primeintellect", "__all__ = ['words', 'len']\nlen = lambda x: 3\ndef words(s):\n    return []\n",
     {"pytest": "from solution import *\n\ndef test_words():\n    assert len(words('a b c')) == 3\n"}, "incorrect")

LC_PREFIX = "from typing import List, Optional\n\nclass ListNode:\n    def __init__(self, val=0, next=None):\n        self.val = val\n        self.next = next\n\ndef list_node(values: list):\n    if not values:\n        return None\n    head = ListNode(values[0])\n    p = head\n    for val in values[1:]:\n        node = ListNode(val)\n        p.next = node\n        p = node\n    return head\n\ndef is_same_list(p1, p2):\n    if p1 is None and p2 is None:\n        return True\n    if not p1 or not p2:\n        return False\n    return p1.val == p2.val and is_same_list(p1.next, p2.next)\n"
LC_TEST = "def check(candidate):\n    assert is_same_list(candidate(head = list_node([1, 2, 3, 4, 5])), list_node([5, 4, 3, 2, 1]))\n    assert is_same_list(candidate(head = list_node([1, 2])), list_node([2, 1]))\n    assert candidate(head = list_node([])) is None\n\ncheck(Solution().reverseList)\n"
REV = "class Solution:\n    def reverseList(self, head: Optional[ListNode]) -> Optional[ListNode]:\n        prev = None\n        while head:\n            head.next, prev, head = prev, head, head.next\n        return prev\n"
case("lc-object-with-dunder-attribute", "An object crossing as data may not set a dunder attribute (`__class__` in its __dict__ would pick its class on the trusted side).",
     "codegen__leetcode2k", "class Solution:\n    def reverseList(self, head):\n        node = ListNode(5)\n        node.__dict__['__class__'] = 'x'\n        return node\n",
     {"functional": LC_TEST}, "incorrect", {"prefix": LC_PREFIX})
case("lc-linked-list-honest", "LeetCode2k with the prefix's ListNode helpers: linked lists cross between the instances as data and are rebuilt with the trusted ListNode.",
     "codegen__leetcode2k", REV, {"functional": LC_TEST}, "correct", {"prefix": LC_PREFIX})
case("lc-is-same-list-replaced", "LeetCode2k: the program redefines the prefix's `is_same_list` to always agree; the tests use the prefix's own.",
     "codegen__leetcode2k", "def is_same_list(p1, p2):\n    return True\n\nclass Solution:\n    def reverseList(self, head):\n        return head\n",
     {"functional": LC_TEST}, "incorrect", {"prefix": LC_PREFIX})
case("lc-listnode-always-equal", "LeetCode2k: the program redefines ListNode with an always-equal __eq__ and returns the input; the trusted ListNode compares.",
     "codegen__leetcode2k", "class ListNode:\n    def __init__(self, val=0, next=None):\n        self.val, self.next = val, next\n    def __eq__(self, other):\n        return True\n\nclass Solution:\n    def reverseList(self, head):\n        return head\n",
     {"functional": LC_TEST}, "incorrect", {"prefix": LC_PREFIX})
DESIGN_TEST = "def check():\n    s = MinStack()\n    s.push(3)\n    s.push(1)\n    assert s.getMin() == 1\n    s.pop()\n    assert s.getMin() == 3\n    assert s.top() == 3\n\ncheck()\n"
case("lc-design-class-honest", "A design problem: the tests make an object of the program's class and call its methods; the object stays in the program's instance (a handle), its results cross as data.",
     "codegen__leetcode2k", "class MinStack:\n    def __init__(self):\n        self.s = []\n    def push(self, v):\n        self.s.append((v, min(v, self.s[-1][1]) if self.s else v))\n    def pop(self):\n        self.s.pop()\n    def top(self):\n        return self.s[-1][0]\n    def getMin(self):\n        return self.s[-1][1]\n",
     {"functional": DESIGN_TEST}, "correct", {"prefix": "from typing import List\n"})
case("lc-design-class-always-equal", "A design problem whose methods return always-equal objects: they stay handles in the trusted instance and equal nothing.",
     "codegen__leetcode2k", "class E:\n    def __eq__(self, o):\n        return True\nclass MinStack:\n    def push(self, v):\n        pass\n    def pop(self):\n        pass\n    def top(self):\n        return E()\n    def getMin(self):\n        return E()\n",
     {"functional": DESIGN_TEST}, "incorrect", {"prefix": "from typing import List\n"})
case("mbpp-builtin-len-shadowed", "MBPP: the program rebinds the builtin `len` to lie; the tests' `len` is always the real one.",
     "codegen__mbpp", "len = lambda x: 3\n\ndef words(s):\n    return []\n", {"functional": "assert len(words('a b c')) == 3\n"}, "incorrect")
case("mbpp-builtin-len-honest", "MBPP: the same test with an honest program passes.",
     "codegen__mbpp", "def words(s):\n    return s.split()\n", {"functional": "assert len(words('a b c')) == 3\n"}, "correct")
case("taco-math-module-shadowed", "TACO: test code that uses `math` without importing it gets the genuine module, not the program's look-alike class.",
     "codegen__taco", "class math:\n    @staticmethod\n    def isclose(*a, **k):\n        return True\n\ndef half(x):\n    return 0.0\n",
     {"functional": "assert math.isclose(half(3), 1.5)\n"}, "incorrect")
case("mbpp-in-place-honest", "A test that checks an in-place change of its argument: the argument's new value is carried back as data.",
     "codegen__mbpp", "def sort_in_place(xs):\n    xs.sort()\n", {"functional": "x = [3, 1, 2]\nsort_in_place(x)\nassert x == [1, 2, 3]\n"}, "correct")
case("mbpp-in-place-wrong", "The same test with a program that does not change its argument.",
     "codegen__mbpp", "def sort_in_place(xs):\n    return sorted(xs)\n", {"functional": "x = [3, 1, 2]\nsort_in_place(x)\nassert x == [1, 2, 3]\n"}, "incorrect")
case("mbpp-generator-honest", "A generator result is materialised when the test iterates it.",
     "codegen__mbpp", "def upto(n):\n    for i in range(n):\n        yield i\n", {"functional": "assert list(upto(3)) == [0, 1, 2]\n"}, "correct")
case("mbpp-exception-honest", "A builtin exception raised by the program reaches the test's `except` as that builtin class.",
     "codegen__mbpp", "def parse(s):\n    return int(s)\n", {"functional": "try:\n    parse('x')\n    raise AssertionError('no error')\nexcept ValueError:\n    pass\n"}, "correct")
case("mbpp-big-int-exact", "An integer result must be that integer exactly: 2**70 + 123456 is not 2**70.",
     "codegen__mbpp", "def f():\n    return 2**70 + 123456\n", {"functional": "assert f() == 2**70\n"}, "incorrect")
case("call-big-int-off", "Call-based: 2**70 + 123456 for an expected 2**70 (a JSON integer beyond u64) is wrong.",
     "codegen__taco", "def f(x):\n    return 2**70 + 123456\n", '{"fn_name": "f", "inputs": ["1"], "outputs": [1180591620717411303424]}', "incorrect")
case("call-big-int-exact", "Call-based: the exact big integer passes.",
     "codegen__taco", "def f(x):\n    return 2**70\n", '{"fn_name": "f", "inputs": ["1"], "outputs": [1180591620717411303424]}', "correct")
case("call-float-for-int", "Call-based: the float 1e17 is not the integer 100000000000000001.",
     "codegen__taco", "def f(x):\n    return 1e17\n", '{"fn_name": "f", "inputs": ["1"], "outputs": [100000000000000001]}', "incorrect")
case("call-json-dumps-patched", "Call-based: a patched json.dumps in the program only corrupts its own result (graded wrong, the batch goes on).",
     "codegen__taco", "import json\njson.dumps = lambda *a, **k: '{\"nodes\": [], \"root\": 1125899906842624}'\ndef f(x):\n    return 0\n", '{"fn_name": "f", "inputs": ["1"], "outputs": [1]}', "incorrect")
case("pytest-json-dumps-huge-collect", "pytest: a program that patches json.dumps used to make the collect reply claim 2^50 tests and abort the host; now its replies are corrupt data, graded wrong.",
     "codegen__primeintellect", "import json\n_d = json.dumps\njson.dumps = lambda o, *a, **k: _d({'status': 'collected', 'n': 2**50})\ndef add(a, b):\n    return 0\n",
     {"pytest": "from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n"}, "incorrect")
case("pytest-shared-json-dumps-huge-collect", "pytest in the shared fallback (a file using capsys): the same 2^50 collect claim is capped and graded wrong.",
     "codegen__primeintellect", "import json\n_d = json.dumps\njson.dumps = lambda o, *a, **k: _d({'status': 'collected', 'n': 2**50})\ndef add(a, b):\n    return 0\n",
     {"pytest": "from solution import add\n\ndef test_add(capsys):\n    assert add(1, 2) == 3\n"}, "incorrect")
case("pytest-program-skip", "pytest: the program calling pytest.skip fails the test (its exception stays the program's).",
     "codegen__primeintellect", "import pytest\ndef add(a, b):\n    pytest.skip('later')\n",
     {"pytest": "from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n"}, "incorrect")
case("pytest-method-on-object-honest", "pytest: a test that calls methods of the program's object (a handle) passes.",
     "codegen__primeintellect", "class Acc:\n    def __init__(self):\n        self.t = 0\n    def add(self, k):\n        self.t += k\n        return self.t\n",
     {"pytest": "from solution import Acc\n\ndef test_acc():\n    a = Acc()\n    a.add(2)\n    assert a.add(3) == 5\n    assert a.t == 5\n"}, "correct")

out = ["""# The trusted/untrusted split (issue 13): helpers the tests use come from
# trusted sources, objects cross as data or stay handles, integers compare
# exactly, and corrupted replies are graded wrong. Generated by
# scripts/gen_code_attack_fixtures.py (second part); edit the script.
"""]
for name, why, ds, code, gt, status, extra, prompt in cases:
    out.append(f"# {why}")
    out.append("[[case]]")
    out.append(f"name = {q(name)}")
    out.append(f"data_source = {q(ds)}")
    out.append(f"response = {q('```python' + chr(10) + code + '```')}")
    out.append(f"ground_truth = {q(gt if isinstance(gt, str) else json.dumps(gt))}")
    if extra:
        out.append("extra_info = { " + ", ".join(f"{k} = {q(v)}" for k, v in extra.items()) + " }")
    if prompt:
        out.append(f"prompt = {q(prompt)}")
    out.append(f'expect = {{ status = "{status}" }}')
    out.append("")
open(os.path.join(root, "split.toml"), "w").write("\n".join(out) + "\n")
