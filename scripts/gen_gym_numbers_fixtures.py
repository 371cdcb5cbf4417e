#!/usr/bin/env python3
"""Generates fixtures/logic/gym_numbers.toml: differential cases for the
rlvr-logic reasoning-gym number tasks (rg/numbers.rs, rg/polynomial.rs).

Run it with a Python that has `reasoning-gym` installed (a venv outside the
repository):

    python3 -m venv /tmp/venv-rg && /tmp/venv-rg/bin/pip install reasoning-gym
    /tmp/venv-rg/bin/python scripts/gen_gym_numbers_fixtures.py

For every task it generates entries with a fixed seed and, per entry, the
stored answer, an alternative valid answer (another written form or
another valid solution), a corrupted answer (one digit or element changed)
and an exploit (a hedge, the question echoed, a code payload, a huge
answer). Each case records reasoning-gym's own `score_answer` beside the
status rlvr expects; where they differ, the comment says why rlvr is right.
Expectations are written here by rule per variant, never copied from
reasoning-gym's score.
"""

import importlib.metadata
import json
import math
import os
import re
import sys
from decimal import Decimal
from fractions import Fraction

# Some generators (polynomial multiplication) walk Python sets of sympy
# symbols, whose order follows the string hash: fix the hash seed so that
# the output is reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

import reasoning_gym as rg  # noqa: E402

SEED = 20251206
COUNT = 10
OUT = "fixtures/logic/gym_numbers.toml"


def toml_str(s):
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(s, ensure_ascii=False)


cases = []
DATASETS = {}


def case(task, entry, name, answer_text, status, why, response=None, ref=None):
    """Adds one case; `answer_text` is what the model put in <answer>."""
    ds = DATASETS[task]
    if ref is None:
        try:
            ref = ds.score_answer(answer_text, entry)
        except Exception as e:  # noqa: BLE001 - the reference may crash
            ref = f"raised {type(e).__name__}"
    if response is None:
        response = f"Let me think.\n<answer>{answer_text}</answer>"
    cases.append(
        {"task": task, "name": name, "entry": entry, "response": response, "status": status, "why": why, "ref": ref}
    )


def make(task, count=COUNT, **cfg):
    ds = rg.create_dataset(task, seed=SEED, size=count, **cfg)
    DATASETS[task] = ds
    return [ds[i] for i in range(count)]


def bump_first_digit(s, e=None):
    """The text with its first digit changed (9 becomes 1, so no leading 0)."""
    m = re.search(r"\d", s)
    if not m:
        return None
    d = int(m.group())
    new = str(d + 1 if d < 9 else 1)
    return s[: m.start()] + new + s[m.end():]


def bump_last_digit(s, e=None):
    m = list(re.finditer(r"\d", s))
    if not m:
        return None
    k = m[-1]
    d = int(k.group())
    return s[: k.start()] + str((d + 1) % 10) + s[k.end():]


HUGE = "9" * 5_000
PAYLOAD = "__import__('os').getcwd()"


def exploit(task, e, i, gold, corrupt):
    """One exploit per entry, rotating through the kinds."""
    kind = i % 4
    if kind == 0:
        case(task, e, f"{task}-{i}-hedge", f"{gold} or {corrupt}", "incorrect",
             "a hedge listing the right answer and a wrong one is not an answer")
    elif kind == 1:
        case(task, e, f"{task}-{i}-question-echo", e["question"].strip(), "incorrect",
             "the question echoed back is not an answer")
    elif kind == 2:
        case(task, e, f"{task}-{i}-code-payload", PAYLOAD, "incorrect",
             "a code payload is not a number and is never evaluated")
    elif i == 3:
        case(task, e, f"{task}-{i}-huge", HUGE, "incorrect",
             "a 5 kB number is a fast zero")
    else:
        case(task, e, f"{task}-{i}-gold-twice", f"{gold}, {gold}", "incorrect",
             "the answer written twice is not one answer")


def standard(task, entries, alt=None, alt_why="", corrupt=bump_first_digit, corrupt_why="one digit changed"):
    for i, e in enumerate(entries):
        gold = e["answer"]
        case(task, e, f"{task}-{i}-stored", gold, "correct", "the stored answer")
        if alt is not None:
            a = alt(e)
            if a is not None and a != gold:
                case(task, e, f"{task}-{i}-alt", a, "correct", alt_why)
        bad = corrupt(gold, e)
        if bad is not None and bad != gold:
            case(task, e, f"{task}-{i}-corrupt", bad, "incorrect", corrupt_why)
        exploit(task, e, i, gold, bad)


# --- base_conversion ------------------------------------------------------------
def base_alt(e):
    g = e["answer"]
    if e["metadata"]["target_base"] == 16:
        return "0x" + g.upper()
    if any(c.isalpha() for c in g):
        return g.upper()
    return "0" + g


def base_corrupt(g, e):
    # The last digit changed to the next digit of the target base.
    b = e["metadata"]["target_base"]
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:b]
    return g[:-1] + digits[(digits.index(g[-1]) + 1) % b]


standard("base_conversion", make("base_conversion"), alt=base_alt,
         alt_why="upper-case digits, a 0x prefix for base 16 or a leading zero write the same number; the default grader scores only a substring match",
         corrupt=base_corrupt, corrupt_why="the last digit changed to the next digit of the base")
e = DATASETS["base_conversion"][0]  # noqa: the dataset indexes by int
case("base_conversion", e, "base_conversion-0-source-echo", e["metadata"]["source_repr"], "incorrect",
     "the number in its source base is not the conversion")

# --- bitwise_arithmetic ---------------------------------------------------------
def hex_alt(e):
    g = e["answer"]
    return g.replace("0x", "0X").upper().replace("0X", "0x", 1) if "x" in g else None


bw = make("bitwise_arithmetic", difficulty=3)
standard("bitwise_arithmetic", bw, alt=hex_alt, alt_why="upper-case hexadecimal digits are the same value",
         corrupt=bump_last_digit, corrupt_why="the last hexadecimal digit changed")
for i, e in enumerate(bw[:3]):
    v = int(e["answer"], 16)
    case("bitwise_arithmetic", e, f"bitwise_arithmetic-{i}-decimal", str(v), "incorrect",
         "the value in decimal: the question asks for hexadecimal, and a bare number is ambiguous between bases (reasoning-gym reads it with int(x, 0))")
    case("bitwise_arithmetic", e, f"bitwise_arithmetic-{i}-no-prefix", e["answer"].replace("0x", ""), "incorrect",
         "hexadecimal digits without the 0x prefix are ambiguous with a decimal answer")
# A negative result in two's complement is not the signed value.
_more = rg.create_dataset("bitwise_arithmetic", seed=SEED + 1, size=40, difficulty=2)
neg = [_more[k] for k in range(40) if _more[k]["answer"].startswith("-")]
if neg:
    e = neg[0]
    case("bitwise_arithmetic", e, "bitwise_arithmetic-negative-stored", e["answer"], "correct",
         "a negative result, written with a sign as the question asks")
    v = int(e["answer"], 16)
    twos = hex(v & ((1 << 64) - 1))
    case("bitwise_arithmetic", e, "bitwise_arithmetic-negative-twos-complement", twos, "incorrect",
         "the 64-bit two's complement form is not the signed value the question asks for")

# --- count_bits, count_primes, leg_counting, number_sequence, products ----------
standard("count_bits", make("count_bits"), alt=lambda e: f"The answer is {e['answer']}.",
         alt_why="a preamble and a period around the number")
cps = make("count_primes")
for e in cps:
    # The checker recounts; the list of primes only makes the file large.
    e["metadata"].pop("primes", None)
standard("count_primes", cps, alt=lambda e: f"**{e['answer']}**",
         alt_why="markdown emphasis around the number; the default grader gives a substring ratio")
standard("leg_counting", make("leg_counting"), alt=lambda e: f"${e['answer']}$",
         alt_why="the number in math delimiters; the default grader gives a substring ratio")
standard("number_sequence", make("number_sequence"), alt=lambda e: f"{e['answer']}.",
         alt_why="a trailing period")


def with_commas(s):
    neg = s.startswith("-")
    body = s[1:] if neg else s
    return ("-" if neg else "") + f"{int(body):,}"


prods = make("products", min_digits=3, max_digits=5)
standard("products", prods, alt=lambda e: with_commas(e["answer"]), alt_why="thousands separators")
case("products", prods[0], "products-0-60k-digits", "7" * 60_000, "incorrect",
     "a 60 kB number (just under the extraction cap) is a fast zero")

# --- decimal_chain_sum -----------------------------------------------------------
def dec_alt(e):
    g = e["answer"]
    return g + "0" if "." in g else g + ".0"


standard("decimal_chain_sum", make("decimal_chain_sum"), alt=dec_alt,
         alt_why="a trailing zero does not change the value", corrupt=bump_last_digit,
         corrupt_why="the last decimal changed")

# --- number_filtering, number_sorting -------------------------------------------
def list_alt(e):
    items = eval(e["answer"])  # noqa: S307 - our own generator's output
    return "[" + ", ".join(items) + "]"


def list_corrupt(g, e=None):
    items = eval(g)  # noqa: S307
    if not items:
        return None
    items[0] = bump_first_digit(items[0])
    return str(items)


nfl = make("number_filtering")
standard("number_filtering", nfl, alt=list_alt,
         alt_why="the numbers without quotes are the same list", corrupt=list_corrupt,
         corrupt_why="one number changed")
for i, e in enumerate(nfl[:3]):
    orig = e["metadata"]["original_numbers"]
    case("number_filtering", e, f"number_filtering-{i}-unfiltered", str(orig), "incorrect",
         "the unfiltered list")
ns = make("number_sorting")
standard("number_sorting", ns, alt=lambda e: e["answer"].replace("'", '"'),
         alt_why="a JSON list with double quotes", corrupt=list_corrupt,
         corrupt_why="one number changed (the list may also no longer be sorted)")
for i, e in enumerate(ns[:4]):
    items = eval(e["answer"])  # noqa: S307
    vals = [float(x) for x in items]
    # Nudge one number by 0.5 while keeping the list sorted where possible:
    # reasoning-gym allows any item within 1 of the gold.
    for k in range(len(vals)):
        nv = vals[k] + (0.5 if e["metadata"]["direction"] == "ascending" else -0.5)
        lo_ok = k == len(vals) - 1 or (nv <= vals[k + 1] if e["metadata"]["direction"] == "ascending" else nv >= vals[k + 1])
        if lo_ok:
            items2 = list(items)
            items2[k] = str(round(nv, 6))
            case("number_sorting", e, f"number_sorting-{i}-nudged", str(items2), "incorrect",
                 "one number moved by 0.5 is not one of the given numbers (reasoning-gym accepts any item within 1)")
            break
    if len(set(vals)) > 1:
        rev = list(reversed(items))
        case("number_sorting", e, f"number_sorting-{i}-wrong-direction", str(rev), "incorrect",
             "sorted in the other direction")

# --- number_format ----------------------------------------------------------------
def nf_alt(e):
    m = e["metadata"]
    c = m["candidates"]
    k = c.index(m["solution"])
    return m["formatted_candidates"][k]


nf = make("number_format")
standard("number_format", nf, alt=nf_alt, alt_why="the chosen number as the question printed it",
         corrupt=bump_first_digit, corrupt_why="one digit changed")
for i, e in enumerate(nf[:4]):
    m = e["metadata"]
    other = sorted(m["candidates"])[1 if m["size"] == "smallest" else -2] if len(m["candidates"]) > 1 else None
    if other is not None:
        case("number_format", e, f"number_format-{i}-runner-up", str(round(other, 3)), "incorrect",
             "the second smallest (largest) candidate")
    sol = Decimal(str(round(m["solution"], 3)))
    case("number_format", e, f"number_format-{i}-off-by-a-hundredth", str(sol + Decimal("0.005")), "incorrect",
         "0.005 away from the answer is another number (reasoning-gym accepts anything within 0.01)")

# --- power_function -----------------------------------------------------------------
def sig3(e):
    v = Fraction(Decimal(repr(e["metadata"]["base"]))) ** e["metadata"]["exponent"]
    return v


def pf_alt(e):
    return f"{float(sig3(e)):.2e}"


def pf_corrupt_for(e):
    s = f"{float(sig3(e)):.2e}"
    # Change the third significant digit.
    mant, ex = s.split("e")
    d = int(mant[-1])
    return f"{mant[:-1]}{(d + 2) % 10}e{ex}"


pfs = make("power_function")
for i, e in enumerate(pfs):
    gold = e["answer"]
    case("power_function", e, f"power_function-{i}-stored", gold, "correct", "the stored float, which rounds to the same 3 significant figures")
    case("power_function", e, f"power_function-{i}-alt", pf_alt(e), "correct",
         "the power to 3 significant figures in e notation, as the question asks")
    bad = pf_corrupt_for(e)
    case("power_function", e, f"power_function-{i}-corrupt", bad, "incorrect",
         "the third significant figure changed (reasoning-gym gives 0.01 to any wrong number)")
    exploit("power_function", e, i, gold, bad)
for i, e in enumerate(pfs):
    v = float(sig3(e))
    if float(f"{v:.1e}") != float(f"{v:.2e}"):
        case("power_function", e, f"power_function-{i}-two-figures", f"{v:.1e}", "incorrect",
             "two significant figures where three are asked, which is another 3-figure value")
        break

# --- dice ---------------------------------------------------------------------------
def dice_corrupt(g, e=None):
    n, d = map(int, g.split("/"))
    f = Fraction(n + 1, d)
    return f"{f.numerator}/{f.denominator}"


dc = make("dice")
standard("dice", dc, alt=lambda e: "\\frac{%s}{%s}" % tuple(e["answer"].split("/")),
         alt_why="the fraction in LaTeX (reasoning-gym compares text and gives 0)", corrupt=dice_corrupt,
         corrupt_why="the numerator changed by one (reduced)")
for i, e in enumerate(dc[:3]):
    n, d = map(int, e["answer"].split("/"))
    case("dice", e, f"dice-{i}-unreduced", f"{2 * n}/{2 * d}", "incorrect",
         "the question asks for a reduced fraction")
    case("dice", e, f"dice-{i}-decimal", f"{n / d:.6f}", "incorrect",
         "a decimal where the question asks for a fraction")

# --- complex_arithmetic ----------------------------------------------------------------
def cx_alt(e):
    re_, im = e["metadata"]["result"]
    sign = "+" if im >= 0 else "-"
    return f"({re_}{sign}{abs(im)}j)"


cxs = make("complex_arithmetic")
standard("complex_arithmetic", cxs, alt=cx_alt, alt_why="integer parts, a j for the imaginary unit and parentheses",
         corrupt=bump_first_digit, corrupt_why="one digit changed (reasoning-gym still pays exp(-distance))")
for i, e in enumerate(cxs[:3]):
    re_, im = e["metadata"]["result"]
    case("complex_arithmetic", e, f"complex_arithmetic-{i}-conjugate", f"{re_} {'-' if im >= 0 else '+'} {abs(im)}i",
         "incorrect" if im != 0 else "correct", "the conjugate (right only when the result is real)")
    case("complex_arithmetic", e, f"complex_arithmetic-{i}-real-part-only", f"{re_}",
         "incorrect" if im != 0 else "correct", "the real part alone (right only when the result is real)")

# --- gsm_symbolic -------------------------------------------------------------------------
gs = make("gsm_symbolic")
for e in gs:
    e["metadata"].pop("answer_cot", None)
standard("gsm_symbolic", gs, alt=lambda e: f"The answer is {e['answer']}.", alt_why="a preamble and a period")
for i, e in enumerate(gs[:3]):
    g = e["answer"]
    other = str(int(g) + 2)
    case("gsm_symbolic", e, f"gsm_symbolic-{i}-hedge-gold-first", f"{g} or {other}", "incorrect",
         "a hedge with the right number first (reasoning-gym reads the first number and pays 1)")

# --- simple_equations ------------------------------------------------------------------------
se = make("simple_equations")
standard("simple_equations", se, alt=lambda e: f"{e['metadata']['variable']} = {e['answer']}",
         alt_why="the answer written as `var = value`; the default grader gives a substring ratio")
for i, e in enumerate(se[:3]):
    case("simple_equations", e, f"simple_equations-{i}-equation-echo", e["metadata"]["equation"], "incorrect",
         "the equation itself is not a value")

# --- simple_geometry -----------------------------------------------------------------------------
standard("simple_geometry", make("simple_geometry"), alt=lambda e: f"{e['answer']}°",
         alt_why="a degree sign; the default grader gives a substring ratio")

# --- polynomial_multiplication ----------------------------------------------------------------------
def poly_terms(expr):
    # Split a sympy sum at top-level + and -.
    terms, depth, cur = [], 0, ""
    for k, ch in enumerate(expr):
        if ch in "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth == 0 and ch in "+-" and k > 0 and expr[k - 1] == " ":
            terms.append(cur.strip())
            cur = ch
        else:
            cur += ch
    terms.append(cur.strip())
    return [t.replace("- ", "-").replace("+ ", "") for t in terms if t]


def pm_alt(e):
    ts = poly_terms(e["answer"])
    if len(ts) < 2:
        return None
    ts = list(reversed(ts))
    out = ts[0]
    for t in ts[1:]:
        out += (" - " + t[1:]) if t.startswith("-") else (" + " + t)
    return out


pm = make("polynomial_multiplication")
standard("polynomial_multiplication", pm, alt=pm_alt, alt_why="the terms in reverse order",
         corrupt=bump_first_digit, corrupt_why="one coefficient digit changed")
for i, e in enumerate(pm[:4]):
    pe_expr = e["metadata"]["polynomial_expr"]
    case("polynomial_multiplication", e, f"polynomial_multiplication-{i}-product-echo", pe_expr,
         "incorrect" if "(" in pe_expr else "correct",
         "the product echoed from the question: wrong while unexpanded (sympy may print it already expanded, and then it is the answer)")
    ts = poly_terms(e["answer"])
    t = ts[0]
    m = re.match(r"^(-?)(\d+)\*(.*)$", t)
    if m and int(m.group(2)) > 1:
        c = int(m.group(2))
        split = f"{m.group(1)}{c - 1}*{m.group(3)} {'-' if m.group(1) else '+'} {m.group(3)}"
        rest = e["answer"][len(t):] if e["answer"].startswith(t) else None
        if rest is not None:
            case("polynomial_multiplication", e, f"polynomial_multiplication-{i}-like-terms-apart", split + rest,
                 "incorrect",
                 "equal in value but one term split in two: not simplified (sympy combines like terms on parsing and pays 1)")

# --- polynomial_equations --------------------------------------------------------------------------
pe = make("polynomial_equations")
for i, e in enumerate(pe):
    gold = e["answer"]
    sols = e["metadata"]["real_solutions"]
    case("polynomial_equations", e, f"polynomial_equations-{i}-stored", gold, "correct", "the stored roots")
    if len(sols) > 1:
        case("polynomial_equations", e, f"polynomial_equations-{i}-reversed", ", ".join(str(x) for x in reversed(sols)),
             "correct", "the roots in another order")
        case("polynomial_equations", e, f"polynomial_equations-{i}-one-missing", ", ".join(str(x) for x in sols[1:]),
             "incorrect", "one root left out (reasoning-gym gives partial credit)")
    case("polynomial_equations", e, f"polynomial_equations-{i}-duplicated", ", ".join(str(x) for x in sols + sols[:1]),
         "incorrect", "a root listed twice")
    bad = ", ".join(str(round(x + 0.01, 4)) for x in sols)
    case("polynomial_equations", e, f"polynomial_equations-{i}-corrupt", bad, "incorrect",
         "every root moved by 0.01")
    exploit("polynomial_equations", e, i, gold, bad)
# --- simple_integration --------------------------------------------------------------------------------
si = make("simple_integration")
standard("simple_integration", si, alt=lambda e: e["answer"].replace(" + C", "") + " + 7",
         alt_why="another constant of integration (7 for C)", corrupt=bump_first_digit,
         corrupt_why="one digit changed")
for i, e in enumerate(si[:4]):
    case("simple_integration", e, f"simple_integration-{i}-no-constant", e["answer"].replace(" + C", ""), "correct",
         "the constant of integration left out is still an antiderivative")
    case("simple_integration", e, f"simple_integration-{i}-integrand-echo", e["metadata"]["integrand"], "incorrect",
         "the integrand echoed back is not its antiderivative")

# --- advanced_geometry -------------------------------------------------------------------------------------
def ag_alt(e):
    m = e["metadata"]
    t = m["task_type"]
    if t == "orthocenter":
        return f"({m['ortho'][0]}, {m['ortho'][1]})"
    if t == "incircle_radius":
        return f"{m['incircle_radius_approx']:.6f}"
    return f"{m['angle_ABC_degrees']:.3f}°"


ag = make("advanced_geometry", count=12)
standard("advanced_geometry", ag, alt=ag_alt,
         alt_why="the exact orthocenter as fractions, or more decimals than asked, correctly rounded",
         corrupt=bump_first_digit, corrupt_why="one digit changed")
for i, e in enumerate(ag):
    m = e["metadata"]
    if m["task_type"] == "incircle_radius":
        r = m["incircle_radius_approx"]
        case("advanced_geometry", e, f"advanced_geometry-{i}-two-places", f"{r:.2f}", "incorrect",
             "the radius to 2 places where 3 are asked (reasoning-gym gives 0.5)")
        case("advanced_geometry", e, f"advanced_geometry-{i}-truncated", f"{math.floor(r * 1000 + 1e-9) / 1000 - 0.001:.3f}", "incorrect",
             "3 places, but one unit below the correctly rounded value")
    if m["task_type"] == "angle_measure":
        a = m["angle_ABC_degrees"]
        case("advanced_geometry", e, f"advanced_geometry-{i}-supplement", f"{180 - a:.2f}°", "incorrect",
             "the supplementary angle")
    if m["task_type"] == "orthocenter":
        x, y = m["orthocenter_approx"]
        case("advanced_geometry", e, f"advanced_geometry-{i}-swapped", f"({y:.3f}, {x:.3f})", "incorrect" if abs(x - y) > 1e-3 else "correct",
             "the coordinates swapped")

# --- intermediate_integration --------------------------------------------------------------------------------
import sympy  # noqa: E402 - reasoning-gym's own dependency


def ii_alt(e):
    var = e["metadata"]["variable"]
    x = sympy.Symbol(var)
    body = e["answer"].replace(" + C", "")
    try:
        ex = sympy.parse_expr(body, local_dict={var: x})
    except Exception:  # noqa: BLE001
        return None
    alt = str(sympy.expand(ex))
    if alt == body:
        alt = str(sympy.factor(ex))
    return alt + " + 5"


def ii_corrupt(g, e=None):
    b = bump_first_digit(g)
    return b if b is not None else "-(" + g.replace(" + C", "") + ") + C"


ii = make("intermediate_integration", count=16)
# Only polynomial_exp_trig problems, where sympy sometimes stores an
# unevaluated integral.
_pet = rg.create_dataset("intermediate_integration", seed=SEED, size=8, problem_type_weights=[0, 0, 0, 0, 1, 0, 0, 0])
ii += [_pet[k] for k in range(8)]
for i, e in enumerate(ii):
    task = "intermediate_integration"
    gold = e["answer"]
    var = e["metadata"]["variable"]
    # sympy sometimes gives up and stores an unevaluated integral: no answer.
    tag = f"{i}-bad-gold" if "Integral" in gold else str(i)
    case(task, e, f"{task}-{tag}-stored", gold, "incorrect" if "Integral" in gold else "correct",
         "the stored answer" if "Integral" not in gold else
         "the stored answer is an unevaluated `Integral(...)`, not an antiderivative (bad gold)")
    if "Integral" in gold:
        continue
    a = ii_alt(e)
    if a is not None:
        case(task, e, f"{task}-{tag}-alt", a, "correct", "another form of the antiderivative (expanded or factored) with another constant")
    bad = ii_corrupt(gold)
    case(task, e, f"{task}-{tag}-corrupt", bad, "incorrect", "one digit changed or the sign flipped")
    case(task, e, f"{task}-{tag}-unevaluated", f"Integral({e['metadata']['integrand']}, {var})", "incorrect",
         "an unevaluated Integral(...) restates the question (sympy differentiates it back to the integrand and pays 1)")
    case(task, e, f"{task}-{tag}-integrand-echo", e["metadata"]["integrand"], "incorrect",
         "the integrand echoed back")
    exploit(task, e, i, gold, bad)
e = ii[0]
_v = e["metadata"]["variable"]
case("intermediate_integration", e, "intermediate_integration-0-long-chain", " + ".join([_v] * 500), "incorrect",
     "a 999-node sum is read and evaluated (the recursion stays shallow enough) and is wrong")
case("intermediate_integration", e, "intermediate_integration-0-too-long-chain", " + ".join([_v] * 2000), "incorrect",
     "a 3999-node sum is over the node limit: a fast zero")
case("intermediate_integration", e, "intermediate_integration-0-deep-nesting", "2*" + "(" * 5000 + _v + ")" * 5000, "incorrect",
     "5000 nested parentheses are over the nesting limit: a fast zero")
e = pm[0]
_v = e["metadata"]["variables"][0]
case("polynomial_multiplication", e, "polynomial_multiplication-0-deep-nesting", "2*" + "(" * 5000 + _v + ")" * 5000,
     "incorrect", "5000 nested parentheses are over the nesting limit: a fast zero")
case("polynomial_multiplication", e, "polynomial_multiplication-0-power-tower", f"({_v} + 1)**64**64", "incorrect",
     "a power tower is refused before it is expanded")


def write():
    lines = [
        "# Differential cases for the reasoning-gym number tasks of rlvr-logic",
        "# (rg/numbers.rs, rg/polynomial.rs). Generated by",
        "# scripts/gen_gym_numbers_fixtures.py from reasoning-gym",
        f"# {importlib.metadata.version('reasoning-gym')} with seed {SEED}; do not edit by hand.",
        "# Each comment says why the case exists and what reasoning-gym's own",
        "# score_answer gives; where it differs from ours, why ours is right.",
        "#",
        "# Where reasoning-gym's graders are buggy or too lenient (each shown by",
        "# cases below):",
        "# - the default grader (base conversion, counts, legs, sequences, number",
        "#   filtering, simple geometry, simple equations; products after its decimal",
        "#   compare) pays len(gold)/len(answer) to any answer that contains the",
        "#   gold: `17` for `7`, hedges;",
        "# - power_function pays 0.01 for any wrong number, complex_arithmetic",
        "#   exp(-distance), polynomial_equations exp(-distance) per root with partial",
        "#   credit for missing roots; we pay 0 for every wrong answer;",
        "# - number_sorting accepts every item within 1 of the gold, number_format",
        "#   anything within 0.01, gsm_symbolic the first number of the answer;",
        "# - polynomial_multiplication and both integration tasks parse the answer",
        "#   with sympy.parse_expr, which evaluates Python: `A or B` pays 1 as A, and",
        "#   an unevaluated `Integral(f, x)` differentiates back to f and pays 1 (some",
        "#   stored intermediate_integration answers are such integrals: bad gold);",
        "# - advanced_geometry reads the incircle radius's exact sympy text with",
        "#   float(), which raises, so any radius but the stored text scores 0.01,",
        "#   and reads a point from the first two comma-separated fields, so the",
        "#   point written twice pays 1; dice compares the fraction's text.",
        "",
    ]
    agree = 0
    for c in cases:
        ours = 1.0 if c["status"] == "correct" else 0.0
        ref = c["ref"]
        if isinstance(ref, (int, float)) and not isinstance(ref, bool):
            ref = float(ref)
        if isinstance(ref, float) and abs(ref - ours) < 1e-9:
            note = f"reasoning-gym agrees ({ref:g})."
            agree += 1
        else:
            shown = ref if isinstance(ref, str) else format(ref, ".6g")
            note = f"reasoning-gym scores {shown}; we differ and say {c['status']}, for the reason given."
        lines.append(f"# {c['task']}: {c['why']}. {note}")
        lines.append("[[case]]")
        lines.append(f"name = {toml_str('rg-' + c['name'].replace('_', '-'))}")
        lines.append('data_source = "reasoning_gym"')
        lines.append(f"response = {toml_str(c['response'])}")
        gt = c["entry"]["answer"]
        lines.append(f"ground_truth = {toml_str(gt if gt is not None else '')}")
        entry = {k: c["entry"][k] for k in ("question", "answer", "metadata")}
        # The checkers read the metadata, not the question: keep the first
        # line of a long question (the instructions repeat in every entry).
        q = entry["question"]
        if len(q) > 300 and "\n" in q.strip():
            entry["question"] = q.strip().split("\n")[0] + " [...]"
        lines.append(
            f"extra_info = {{ task = {toml_str(c['task'])}, entry = {toml_str(json.dumps(entry, ensure_ascii=False))} }}"
        )
        lines.append(f'expect = {{ status = "{c["status"]}" }}')
        lines.append("")
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {len(cases)} cases to {OUT}; reasoning-gym agrees on {agree}", file=sys.stderr)


write()
