#!/usr/bin/env python3
"""Generates fixtures/logic/issue15.toml and fixtures/sim/issue15.toml:
the answer classes of issue 15 (knights-and-knaves phrasing, numbers
versus unevaluated expressions, containers per task) on reasoning-gym
entries at seeds the other fixtures do not use.

    /path/to/venv-with-reasoning-gym/bin/python scripts/gen_issue15_fixtures.py

Expectations are written here by hand per variant; reasoning-gym's own
`score_answer` is recorded beside each case, never copied into it.
"""

import importlib.metadata
import json
import sys

import reasoning_gym as rg

SEED = 15015


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


CASES = {"logic": [], "sim": []}
DATASETS = {}


def make(task, count, **cfg):
    ds = rg.create_dataset(task, seed=SEED, size=count, **cfg)
    DATASETS[task] = ds
    return [ds[i] for i in range(count)]


def case(domain, task, e, name, answer_text, status, why, response=None):
    try:
        ref = DATASETS[task].score_answer(answer_text, e)
    except Exception as err:  # noqa: BLE001 - the reference may crash
        ref = f"raised {type(err).__name__}"
    if response is None:
        response = f"Let me think.\n<answer>{answer_text}</answer>"
    CASES[domain].append(dict(task=task, e=e, name=name, response=response, status=status, why=why, ref=ref))


# --- knights_knaves -----------------------------------------------------------
for i, e in enumerate(make("knights_knaves", 4, n_people=3) + make("knights_knaves", 2, n_people=4)):
    md = e["metadata"]
    t = md["knight_knave_terms"]
    kn, kv = t["knight"], t["knave"]
    names, roles = list(md["names"]), list(md["solution"])
    role = lambda r: kn if r else kv  # noqa: E731
    other = lambda r: kv if r else kn  # noqa: E731
    art = lambda w: ("an " if w[0] in "aeiou" else "a ") + w  # noqa: E731
    p = f"kk{i}"
    case("logic", "knights_knaves", e, f"{p}-not-the-other-role",
         ", and ".join(f"{n} is not {art(other(r))}" for n, r in zip(names, roles)), "correct",
         "`X is not a knave` means X is a knight: each role said by negating the other")
    case("logic", "knights_knaves", e, f"{p}-negated-truth",
         ", and ".join(f"{n} is not {art(role(r))}" for n, r in zip(names, roles)), "incorrect",
         "every true role negated: the opposite assignment, which the old word scan accepted")
    case("logic", "knights_knaves", e, f"{p}-true-role-or-other",
         ", ".join(f"{n} is {art(role(r))} or {art(other(r))}" for n, r in zip(names, roles)), "incorrect",
         "a disjunction with the true role first is a hedge, not an answer")
    q = e["question"]
    echo = q[q.index("So who is"):q.index("?", q.index("So who is")) + 1]
    case("logic", "knights_knaves", e, f"{p}-question-echo", echo, "incorrect",
         "the question's own last sentence names no roles")
    template = q[q.index('like: "') + 7:q.rindex('"')]
    case("logic", "knights_knaves", e, f"{p}-format-echo", template, "incorrect",
         "the format template (`X is a knight/knave`) names both roles")
    groups = []
    for flag, word in ((True, kn), (False, kv)):
        who = [n for n, r in zip(names, roles) if r == flag]
        groups.append(f"{word.capitalize()}s: {', '.join(who) if who else 'none'}")
    case("logic", "knights_knaves", e, f"{p}-role-lists", "; ".join(groups), "correct",
         "the roles as two lists (`Knights: A, B; Knaves: C`)")
    same = [n for n, r in zip(names, roles) if r == roles[0]]
    rest = [f"{n} is {art(role(r))}" for n, r in zip(names, roles) if r != roles[0]]
    plural = f"{' and '.join(same)} are {role(roles[0])}s" if len(same) > 1 else f"{same[0]} is {art(role(roles[0]))}"
    case("logic", "knights_knaves", e, f"{p}-plural", ", and ".join([plural] + rest), "correct",
         "names sharing a role joined with `and ... are <role>s`")
    case("logic", "knights_knaves", e, f"{p}-json", json.dumps({n: role(r) for n, r in zip(names, roles)}), "correct",
         "a JSON object from name to role")
    case("logic", "knights_knaves", e, f"{p}-one-missing",
         ", ".join(f"{n} is {art(role(r))}" for n, r in list(zip(names, roles))[1:]), "incorrect",
         "one person left out is not a full answer")
    case("logic", "knights_knaves", e, f"{p}-both-roles",
         ", ".join([f"{n} is {art(role(r))}" for n, r in zip(names, roles)] + [f"{names[0]} is {art(other(roles[0]))}"]),
         "incorrect", "one person given both roles")
    case("logic", "knights_knaves", e, f"{p}-one-negation-flipped",
         ", ".join([f"{names[0]} is not {art(role(roles[0]))}"] + [f"{n} is {art(role(r))}" for n, r in list(zip(names, roles))[1:]]),
         "incorrect", "one negation flipped changes one role")
    case("logic", "knights_knaves", e, f"{p}-bulleted-bold",
         "\n".join(f"- **{n}**: {role(r).capitalize()}" for n, r in zip(names, roles)), "correct",
         "a bulleted list with bold names and capitalised roles")
    case("logic", "knights_knaves", e, f"{p}-truth-teller-words",
         ", ".join(f"{n} is a {'truth-teller' if r else 'liar'}" for n, r in zip(names, roles)), "correct",
         "the generic words truth-teller and liar")
    case("logic", "knights_knaves", e, f"{p}-restated",
         ", ".join(f"{n} is {art(role(r))} ({'truth-teller' if r else 'liar'}), not {art(other(r))}" for n, r in zip(names, roles)),
         "correct", "each role restated in other words and by negating the other role")
    case("logic", "knights_knaves", e, f"{p}-restated-contradiction",
         ", ".join([f"{names[0]} is {art(role(roles[0]))}, not {art(role(roles[0]))}"]
                   + [f"{n} is {art(role(r))}" for n, r in list(zip(names, roles))[1:]]),
         "incorrect", "a restatement that contradicts the role (`a knight, not a knight`)")
    case("logic", "knights_knaves", e, f"{p}-parenthetical-contradiction",
         ", ".join([f"{names[0]} is {art(role(roles[0]))} ({'liar' if roles[0] else 'truth-teller'})"]
                   + [f"{n} is {art(role(r))}" for n, r in list(zip(names, roles))[1:]]),
         "incorrect", "a parenthetical that names the other role")
    if i == 0:
        case("logic", "knights_knaves", e, f"{p}-lead-in", f"**Answer:** So, {e['answer']}", "correct",
             "a lead-in before the first clause names no one")
        case("logic", "knights_knaves", e, f"{p}-boxed",
             "", "correct", "the stored answer in a box",
             response=f"Reasoning.\n\\boxed{{\\text{{{e['answer']}}}}}")
        case("logic", "knights_knaves", e, f"{p}-answer-line",
             "", "correct", "the stored answer on an `Answer:` line",
             response=f"Reasoning.\nAnswer: {e['answer']}")

# --- basic_arithmetic, chain_sum, decimal_arithmetic ---------------------------
from fractions import Fraction  # noqa: E402

for i, e in enumerate(make("basic_arithmetic", 6)):
    expr = e["metadata"]["expression"]
    truth = Fraction(e["answer"])
    case("logic", "basic_arithmetic", e, f"basic{i}-stored", e["answer"], "correct", "the stored value")
    case("logic", "basic_arithmetic", e, f"basic{i}-question-echo", expr, "incorrect",
         "the question's own expression is not evaluated")
    if truth.denominator == 1:
        n = int(truth)
        case("logic", "basic_arithmetic", e, f"basic{i}-unreduced-division", f"{2 * n}/2", "incorrect",
             "a division left undone (`20/2` for 10) is not a number")
        case("logic", "basic_arithmetic", e, f"basic{i}-sum-left", f"{n - 1} + 1", "incorrect",
             "a sum left undone is not a number")
for i, e in enumerate(make("chain_sum", 4)):
    n = int(e["answer"])
    case("logic", "chain_sum", e, f"chain{i}-decimal-zero", f"{n}.0", "correct", "the integer written with `.0`")
    case("logic", "chain_sum", e, f"chain{i}-question-echo", e["metadata"]["expression"], "incorrect",
         "the question's own chain is not evaluated")
    case("logic", "chain_sum", e, f"chain{i}-over-one", f"{n}/1", "incorrect", "`n/1` is a division left undone")
dec = [e for e in make("decimal_arithmetic", 60) if abs(float(e["answer"])) < 1][:4]
for i, e in enumerate(dec):
    a = e["answer"]
    bare = a.replace("0.", ".", 1)
    case("logic", "decimal_arithmetic", e, f"decimal{i}-no-leading-zero", bare, "correct",
         "`.752` is a number: the leading zero may be left out")
    line = [ln for ln in e["question"].splitlines() if ln.strip().endswith("= ?")][-1].strip()[:-3].strip()
    case("logic", "decimal_arithmetic", e, f"decimal{i}-question-echo", line, "incorrect",
         "the question's own expression is not evaluated")

# --- sim: jugs and codeio containers ------------------------------------------
for i, e in enumerate(make("jugs", 3)):
    moves = json.loads(e["answer"])
    case("sim", "jugs", e, f"jugs{i}-boxed-json", "", "correct", "the moves as a JSON list in a box",
         response="Solution:\n\\boxed{" + json.dumps(moves) + "}")
    bad = moves[:-1]
    case("sim", "jugs", e, f"jugs{i}-boxed-json-last-move-dropped", "", "incorrect",
         "the last move dropped: the target is not reached",
         response="Solution:\n\\boxed{" + json.dumps(bad) + "}")
scalars = [e for e in make("codeio", 80)
           if "Given the following input" in e["question"] and isinstance(e["metadata"]["output_data"], (int, float, bool, str))
           and not isinstance(e["metadata"]["output_data"], str)][:4]
for i, e in enumerate(scalars):
    out = e["metadata"]["output_data"]
    lit = json.dumps(out)
    DATASETS["codeio"] = DATASETS["codeio"]
    case("sim", "codeio", e, f"codeio{i}-boxed-scalar", "", "correct", "a scalar output in a box",
         response=f"Tracing the code.\n\\boxed{{{lit}}}")
    case("sim", "codeio", e, f"codeio{i}-answer-line-scalar", "", "correct", "a scalar output on an `Answer:` line",
         response=f"Tracing the code.\nAnswer: {lit}")
    case("sim", "codeio", e, f"codeio{i}-python-fence", "", "correct", "the output as a Python literal in a python fence",
         response=f"Tracing the code.\n```python\n{{'output': {repr(out)}}}\n```")
    wrong = (not out) if isinstance(out, bool) else (out + 1 if isinstance(out, int) else out * 2 + 1)
    case("sim", "codeio", e, f"codeio{i}-boxed-wrong", "", "incorrect", "another scalar in a box",
         response=f"Tracing the code.\n\\boxed{{{json.dumps(wrong)}}}")


def write(domain):
    out = f"fixtures/{domain}/issue15.toml"
    lines = [
        f"# Issue 15's answer classes for the reasoning-gym tasks of rlvr-{domain}.",
        "# Generated by scripts/gen_issue15_fixtures.py from",
        f"# reasoning-gym {importlib.metadata.version('reasoning-gym')} with seed {SEED}; do not edit by hand.",
        "# Each comment says why the case exists and what reasoning-gym's own",
        "# score_answer gives (for the text inside the tag, or the empty string",
        "# when the answer is in another container).",
        "",
    ]
    for c in CASES[domain]:
        ref = c["ref"]
        shown = ref if isinstance(ref, str) else format(float(ref), ".10g")
        lines.append(f"# {c['task']}: {c['why']}. reasoning-gym scores {shown}.")
        lines.append("[[case]]")
        lines.append(f"name = {toml_str('rg-' + c['name'])}")
        lines.append('data_source = "reasoning_gym"')
        lines.append(f"response = {toml_str(c['response'])}")
        gt = c["e"]["answer"]
        lines.append(f"ground_truth = {toml_str(gt if gt is not None else '')}")
        entry = {k: c["e"][k] for k in ("question", "answer", "metadata")}
        lines.append(
            f"extra_info = {{ task = {toml_str(c['task'])}, entry = {toml_str(json.dumps(entry, ensure_ascii=False, default=str))} }}"
        )
        lines.append(f'expect = {{ status = "{c["status"]}" }}')
        lines.append("")
    with open(out, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {len(CASES[domain])} cases to {out}", file=sys.stderr)


write("logic")
write("sim")
