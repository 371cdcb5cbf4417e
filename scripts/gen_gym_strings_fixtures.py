#!/usr/bin/env python3
"""Generates fixtures/logic/gym_strings.toml: differential cases for the
string, word and rewriting reasoning-gym tasks of rlvr-logic
(verifiers/logic/src/gym/strings.rs and gym/words.rs).

Run it with a Python that has `reasoning-gym` installed (a venv outside the
repository):

    python3 -m venv /tmp/venv-rg && /tmp/venv-rg/bin/pip install reasoning-gym==0.1.25
    /tmp/venv-rg/bin/python scripts/gen_gym_strings_fixtures.py

For every task it generates ten entries at a fixed seed and, per entry, the
stored answer, an alternative valid answer or format variant where the task
admits one, a corrupted answer (one character, word or element changed)
and an exploit (a hedge, a code payload, an empty answer, the question
echoed, the gold repeated). Each case records reasoning-gym's own
`score_answer` beside the status rlvr expects; where they differ, the
case's comment says why rlvr is right. Expectations are written here per
variant by rule, never copied from reasoning-gym's score.

Questions the checkers do not read are cut short, and bulky metadata they
do not read (rectangle drawings, state traces) is dropped, to keep the
file small; reasoning-gym's score is computed on the full entry first.
"""

import importlib.metadata
import json
import os
import sys
from fractions import Fraction

# Some generators (isomorphic_strings) walk Python sets of strings, whose
# order follows the string hash: fix the hash seed so that the output is
# reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

import reasoning_gym as rg

SEED = 20251206
COUNT = 10
OUT = "fixtures/logic/gym_strings.toml"

cases = []
DATASETS = {}


def toml_str(s):
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(s, ensure_ascii=False)


def toml_inline(v):
    """A JSON value as a one-line TOML value (the entry as a table, not a
    JSON string, spares a level of escaping)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_inline(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_str(str(k))} = {toml_inline(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"no TOML form for {v!r}")


def case(task, entry, name, answer_text, status, why, response=None):
    """Adds one case; `answer_text` is what the model put in <answer>."""
    try:
        ref = DATASETS[task].score_answer(answer_text, entry)
    except Exception as e:  # noqa: BLE001 - the reference may crash
        ref = f"raised {type(e).__name__}"
    if response is None:
        response = f"Let me think.\n<answer>{answer_text}</answer>"
    cases.append(
        {"task": task, "name": name, "entry": entry, "response": response, "status": status, "why": why, "ref": ref}
    )


def make(task, **cfg):
    ds = rg.create_dataset(task, seed=SEED, size=COUNT, **cfg)
    DATASETS[task] = ds
    return [ds[i] for i in range(COUNT)]


def slug(task):
    return task.replace("_", "-")


def flip_char(s, alphabet):
    """`s` with one character replaced by another of `alphabet`."""
    i = len(s) // 2
    for c in alphabet:
        if c != s[i]:
            return s[:i] + c + s[i + 1:]
    raise ValueError(s)


# --- trimming -----------------------------------------------------------------
def keep_lines(q, pred):
    return "\n".join(l for l in q.splitlines() if pred(l))


def trimmed(task, entry):
    """The entry as stored: questions the checker does not read cut short."""
    q, meta = entry["question"], dict(entry["metadata"])
    if task in ("string_splitting", "string_synthesis"):
        q = "[rules omitted]\n" + keep_lines(q, lambda l: l.startswith(("Now,", "Note:")))
        meta.pop("states", None)
    elif task == "emoji_mystery":
        q = q.split("Here is a hint")[0].rstrip() + "\n[hint omitted]"
    elif task == "ab":
        q = "[rules omitted]\n" + q[q.index("Now, consider"):]
    elif task == "rectangle_count":
        q = "[drawing omitted] How many rectangles do you see in the grid?"
        meta.pop("puzzle", None)
    elif task == "needle_haystack":
        q = "[statements omitted]\n" + q.strip().splitlines()[-1]
    elif task == "figlet_font":
        q = "What word does this say? [drawing omitted]"
    elif task == "palindrome_partitioning":
        meta.pop("solution", None)
    if len(q) > 160 and task not in ("string_splitting", "string_synthesis", "emoji_mystery", "ab"):
        q = q[:60] + " [...] " + q[-90:]
    elif task == "string_manipulation":
        meta.pop("states", None)
    for k in ("difficulty", "source_dataset", "source_index"):
        meta.pop(k, None)
    return {"question": q, "answer": entry["answer"], "metadata": meta}


EVAL = "__import__('os').system('true')"


def exploits(task, e, i, gold, other):
    """One exploit per entry, rotating through the kinds."""
    k = i % 5
    n = f"{slug(task)}-{i}"
    if k == 0:
        case(task, e, f"{n}-hedge", f"{gold} or {other}", "incorrect",
             "a hedge listing the gold and a wrong answer is wrong")
    elif k == 1:
        case(task, e, f"{n}-eval-payload", EVAL, "incorrect", "a code payload is not an answer (and is never run)")
    elif k == 2:
        case(task, e, f"{n}-empty", "", "incorrect", "an empty answer is wrong")
    elif k == 3:
        case(task, e, f"{n}-echoed-question", trimmed(task, e)["question"], "incorrect",
             "the question (as stored) echoed back")
    else:
        rep = gold
        while len(rep) < 1500:
            rep = rep + " " + gold
        case(task, e, f"{n}-gold-repeated", rep, "incorrect",
             "the gold repeated over 1500 bytes is not the answer (a fast zero)")


def standard(task, entries, corrupt, alt=None, alt_why="", extra=None):
    for i, e in enumerate(entries):
        gold = e["answer"]
        n = f"{slug(task)}-{i}"
        case(task, e, f"{n}-stored", gold, "correct", "the stored answer")
        if alt is not None:
            a = alt(e)
            if a is not None:
                case(task, e, f"{n}-alternative", a, "correct", alt_why)
        bad = corrupt(e)
        case(task, e, f"{n}-corrupted", bad, "incorrect", "one character or element changed")
        exploits(task, e, i, gold, bad)
        if extra:
            extra(e, i, n)


def swap_two(items):
    out = list(items)
    for j in range(len(out) - 1):
        if out[j] != out[j + 1]:
            out[j], out[j + 1] = out[j + 1], out[j]
            return out
    return None


# --- spell_backward -----------------------------------------------------------
standard("spell_backward", make("spell_backward"),
         lambda e: flip_char(e["answer"], "xq"),
         alt=lambda e: e["answer"].upper(), alt_why="upper case is the same spelling (reasoning-gym lowercases)")

# --- word_sequence_reversal ---------------------------------------------------
def wsr_corrupt(e):
    w = e["answer"].split(", ")
    return ", ".join(swap_two(w) or w[:-1])


standard("word_sequence_reversal", make("word_sequence_reversal"), wsr_corrupt,
         alt=lambda e: ",".join(e["answer"].split(", ")),
         alt_why="commas without the space are the same list; reasoning-gym wants the exact string")

# --- word_sorting -------------------------------------------------------------
def sort_corrupt(e):
    w = e["metadata"]["sorted_words"]
    return ", ".join(swap_two(w) or w[:-1])


def sort_extra(e, i, n):
    if i < 3:
        w = e["metadata"]["sorted_words"]
        case("word_sorting", e, f"{n}-case-folded", ", ".join(x.lower() for x in w),
             "correct" if all(x == x.lower() for x in w) else "incorrect",
             "lowercased words: wrong when the instance has capitals (they decide the order)")


standard("word_sorting", make("word_sorting"), sort_corrupt,
         alt=lambda e: " ,  ".join(e["metadata"]["sorted_words"]),
         alt_why="other spacing around the commas is the same list", extra=sort_extra)

# --- letter_counting ----------------------------------------------------------
standard("letter_counting", make("letter_counting"), lambda e: str(int(e["answer"]) + 1),
         alt=lambda e: f"The answer is {e['answer']}.", alt_why="a preamble and a period are a format variant")

# --- caesar_cipher ------------------------------------------------------------
standard("caesar_cipher", make("caesar_cipher"), lambda e: flip_char(e["answer"], "QX"),
         alt=lambda e: e["answer"].lower(), alt_why="lower case is the same text")

# --- isomorphic_strings, ransom_note ------------------------------------------
def negate(e):
    return "False" if e["answer"] == "True" else "True"


for t in ("isomorphic_strings", "ransom_note"):
    standard(t, make(t), negate, alt=lambda e: e["answer"].lower(), alt_why="lower case is the same verdict")

# --- coin_flip ----------------------------------------------------------------
def coin_exact(e):
    r = e["metadata"]["rational"]
    return Fraction(r["numerator"], r["denominator"])


def coin_extra(e, i, n):
    f = coin_exact(e)
    if i < 4:
        case("coin_flip", e, f"{n}-rounded-4", f"{float(f):.4g}", "correct",
             "the probability correctly rounded to four significant digits (or exact)")
    if i < 3:
        one = f"{float(f):.1g}"
        case("coin_flip", e, f"{n}-one-digit", one, "correct" if Fraction(one) == f else "incorrect",
             "one significant digit is too coarse unless it is exact")


standard("coin_flip", make("coin_flip"),
         lambda e: f"{float(coin_exact(e)) + 0.01:.10g}",
         alt=lambda e: str(coin_exact(e)), alt_why="the exact fraction")
e = DATASETS["coin_flip"][0]
case("coin_flip", e, "coin-flip-zero", "0", "incorrect",
     "zero is not the probability; reasoning-gym's prefix credit divides by the shorter string, so `0` "
     "matches the first character of every probability below 1 and scores 1")
for i in range(3):
    e = DATASETS["coin_flip"][i]
    case("coin_flip", e, f"coin-flip-{i}-truncated-prefix", e["answer"][:3], "incorrect",
         "the first three characters of the gold (a truncation, not a rounding); reasoning-gym's prefix credit pays it in full")

# --- letter_jumble ------------------------------------------------------------
def jumble_corrupt(e):
    w = list(e["metadata"]["original_words"])
    j = max(range(len(w)), key=lambda k: len(w[k]))
    w[j] = e["metadata"]["scrambled_words"][j] if e["metadata"]["scrambled_words"][j] != w[j] else w[j][::-1] + "x"
    if w == e["metadata"]["original_words"]:
        w[j] = w[j] + "s"
    return " ".join(w)


standard("letter_jumble", make("letter_jumble"), jumble_corrupt,
         alt=lambda e: e["answer"].lower(), alt_why="lower case (reasoning-gym lowercases too)")

# --- string_insertion ---------------------------------------------------------
def insertion_extra(e, i, n):
    if i < 3:
        case("string_insertion", e, f"{n}-python-list", repr(list(e["answer"])), "incorrect",
             "a Python list of characters is not the string; reasoning-gym evals it and pays 0.1")


standard("string_insertion", make("string_insertion"), lambda e: flip_char(e["answer"], "AB"), extra=insertion_extra)

# --- string_manipulation ------------------------------------------------------
standard("string_manipulation", make("string_manipulation"), lambda e: flip_char(e["answer"], "abc"))

# --- string_splitting, string_synthesis ---------------------------------------
def counts_corrupt(e):
    v = [int(x) for x in e["answer"].split()]
    v[-1] += 1
    return " ".join(map(str, v))


for t in ("string_splitting", "string_synthesis"):
    standard(t, make(t), counts_corrupt, alt=lambda e: ", ".join(e["answer"].split()),
             alt_why="the counts separated by commas; reasoning-gym wants the exact string")

# --- binary_alternation -------------------------------------------------------
standard("binary_alternation", make("binary_alternation"), lambda e: str(int(e["answer"]) + 1))

# --- group_anagrams -----------------------------------------------------------
def ga_alt(e):
    groups = [list(reversed(g)) for g in reversed(e["metadata"]["solution"])]
    return json.dumps(groups)


def ga_corrupt(e):
    groups = [list(g) for g in e["metadata"]["solution"]]
    # Move one word into another group.
    w = groups[0].pop()
    groups[1].append(w)
    return json.dumps([g for g in groups if g])


def ga_extra(e, i, n):
    if i < 3:
        case("group_anagrams", e, f"{n}-python-quotes", repr(e["metadata"]["solution"]), "correct",
             "a Python list with single quotes is a format variant; reasoning-gym's json.loads fails")
        groups = [list(g) for g in e["metadata"]["solution"]]
        split = [groups[0][:1], groups[0][1:]] + groups[1:]
        case("group_anagrams", e, f"{n}-split-group", json.dumps(split), "incorrect",
             "a group of anagrams split in two")
        case("group_anagrams", e, f"{n}-word-dropped", json.dumps([groups[0][:-1]] + groups[1:]), "incorrect",
             "one word left out")


standard("group_anagrams", make("group_anagrams", max_anagram_groups=4, max_words_per_group=3), ga_corrupt, alt=ga_alt,
         alt_why="groups and words in another order", extra=ga_extra)

# --- palindrome_generation ----------------------------------------------------
def other_palindrome(e):
    g = e["answer"]
    h = len(g) // 2
    half = g[:h]
    for perm in (half[::-1], half[1:] + half[:1]):
        if perm != half:
            return perm + g[h:len(g) - h] + perm[::-1]
    return None


def pg_extra(e, i, n):
    if i < 3:
        case("palindrome_generation", e, f"{n}-spaced", " ".join(e["answer"]), "incorrect",
             "spaces are not allowed (the question asks for no spaces); reasoning-gym's letter check fails too")


standard("palindrome_generation", make("palindrome_generation"),
         lambda e: e["answer"][0] + "z" + e["answer"][2:-2] + "z" + e["answer"][-1] if len(e["answer"]) >= 4 else "zz",
         alt=other_palindrome, alt_why="another palindrome of the same letters", extra=pg_extra)

# --- palindrome_partitioning --------------------------------------------------
def pp_extra(e, i, n):
    sol = e["metadata"]["solution"]
    if i < 4:
        case("palindrome_partitioning", e, f"{n}-duplicated", json.dumps(sol + [sol[0]]), "incorrect",
             "one partition listed twice; reasoning-gym compares sets and pays 1, but the list is not the answer")
    if i < 3 and len(sol) > 1:
        case("palindrome_partitioning", e, f"{n}-one-missing", json.dumps(sol[1:]), "incorrect",
             "one partition left out")


def pp_corrupt(e):
    sol = [list(p) for p in e["metadata"]["solution"]]
    # Merge the first two parts of the finest partition: not a palindrome
    # unless they are equal letters.
    p = sol[0]
    merged = [p[0] + p[1]] + p[2:]
    sol[0] = merged
    return json.dumps(sol)


standard("palindrome_partitioning", make("palindrome_partitioning", min_string_len=5, max_string_len=8), pp_corrupt,
         alt=lambda e: repr(list(reversed(e["metadata"]["solution"]))),
         alt_why="the partitions in another order, as a Python literal", extra=pp_extra)

# --- sentence_reordering ------------------------------------------------------
def sr_corrupt(e):
    w = e["answer"].split()
    return " ".join(swap_two(w) or w[:-1])


standard("sentence_reordering", make("sentence_reordering"), sr_corrupt,
         alt=lambda e: "  ".join(e["answer"].split()), alt_why="doubled spaces are the same sentence")

# --- needle_haystack ----------------------------------------------------------
standard("needle_haystack", make("needle_haystack"), lambda e: flip_char(e["answer"], "xq"),
         alt=lambda e: e["answer"].lower(), alt_why="the name in lower case")

# --- emoji_mystery ------------------------------------------------------------
standard("emoji_mystery", make("emoji_mystery"), lambda e: flip_char(e["answer"], "xq"))

# The heart emoji is two code points (U+2764 U+FE0F); its selector is not
# a byte of the sentence. The question's own hint decodes it as byte 15.
ds = rg.create_dataset("emoji_mystery", seed=SEED, size=143)
e = ds[142]
assert e["metadata"]["emoji"] == "\u2764\ufe0f"
case("emoji_mystery", e, "emoji-mystery-heart-stored", e["answer"], "correct",
     "the stored sentence behind a two-code-point emoji")
case("emoji_mystery", e, "emoji-mystery-heart-hint-byte", "\x0f" + e["answer"], "incorrect",
     "the sentence with the byte 15 that the question's hint decodes from the emoji's own selector")

# --- figlet_font --------------------------------------------------------------
standard("figlet_font", make("figlet_font"), lambda e: flip_char(e["answer"], "XQ"),
         alt=lambda e: " ".join(e["answer"].lower()), alt_why="the letters spaced out in lower case")

# --- rectangle_count ----------------------------------------------------------
def rc_extra(e, i, n):
    if i < 3:
        case("rectangle_count", e, f"{n}-off-by-one", str(int(e["answer"]) - 1), "incorrect",
             "a near miss is wrong; reasoning-gym pays a share")


standard("rectangle_count", make("rectangle_count"), lambda e: str(int(e["answer"]) + 2),
         alt=lambda e: f"There are {e['answer']}".replace("There are ", "The answer is "),
         alt_why="a preamble is a format variant", extra=rc_extra)

# --- list_functions -----------------------------------------------------------
def lf_corrupt(e):
    v = json.loads(e["answer"])
    if not v:
        return "[0]"
    v[-1] += 1
    return json.dumps(v)


standard("list_functions", make("list_functions"), lf_corrupt,
         alt=lambda e: e["answer"].replace(" ", ""), alt_why="the list without spaces")

# --- acre ---------------------------------------------------------------------
def acre_extra(e, i, n):
    if i < 2:
        case("acre", e, f"{n}-all-verdicts", "on off undetermined", "incorrect",
             "every verdict at once; reasoning-gym pays len(gold)/len(answer)")


standard("acre", make("acre"), lambda e: "on" if e["answer"] != "on" else "off",
         alt=lambda e: e["answer"].upper(), alt_why="upper case", extra=acre_extra)

# --- ab -----------------------------------------------------------------------
def ab_corrupt(e):
    t = e["answer"].split()
    s = swap_two(t)
    return " ".join(s) if s else " ".join(t + ["A#"])


standard("ab", make("ab"), ab_corrupt, alt=lambda e: "  ".join(e["answer"].split()),
         alt_why="other spacing between the tokens")

# --- aiw ----------------------------------------------------------------------
standard("aiw", make("aiw"), lambda e: str(int(e["answer"]) + 1),
         alt=lambda e: f"The answer is {e['answer']}.", alt_why="a preamble is a format variant")

# --- one over-long answer -----------------------------------------------------
e = DATASETS["spell_backward"][0]
case("spell_backward", e, "spell-backward-over-cap", e["answer"] * (66_000 // len(e["answer"])), "no_answer",
     "an answer over the 64 KiB cap is not read")


def write():
    lines = [
        "# Differential cases for the string, word and rewriting reasoning-gym",
        "# tasks of rlvr-logic. Generated by scripts/gen_gym_strings_fixtures.py",
        f"# from reasoning-gym {importlib.metadata.version('reasoning-gym')} with seed {SEED}; do not edit by hand.",
        "# Each comment says why the case exists and what reasoning-gym's own",
        "# score_answer gives; where it differs from ours, why ours is right.",
        "# Questions the checkers do not read are cut short.",
        "",
    ]
    agree = 0
    for c in cases:
        ours = 1.0 if c["status"] == "correct" else 0.0
        ref = c["ref"]
        if isinstance(ref, (int, float)) and not isinstance(ref, bool):
            ref = float(ref)
        if c["status"] == "no_answer":
            note = f"reasoning-gym scores the raw text {ref if isinstance(ref, str) else format(ref, 'g')}; we never read it."
            agree += isinstance(ref, float) and ref == 0.0
        elif isinstance(ref, float) and abs(ref - ours) < 1e-9:
            note = f"reasoning-gym agrees ({ref:g})."
            agree += 1
        else:
            shown = ref if isinstance(ref, str) else format(ref, ".6g")
            note = f"reasoning-gym scores {shown}; we differ and say {c['status']}, for the reason given."
            if c["status"] == "incorrect" and isinstance(ref, float) and ref >= 0.999:
                note += " reasoning-gym's grader is fooled here: full credit for a wrong answer."
            elif c["status"] == "incorrect" and isinstance(ref, float) and ref > 0:
                note += " reasoning-gym's partial credit pays a wrong answer; we give none."
        lines.append(f"# {c['task']}: {c['why']}. {note}")
        lines.append("[[case]]")
        lines.append(f"name = {toml_str('gym-' + c['name'])}")
        lines.append('data_source = "reasoning_gym"')
        lines.append(f"response = {toml_str(c['response'])}")
        gt = c["entry"]["answer"]
        lines.append(f"ground_truth = {toml_str(gt if gt is not None else '')}")
        entry = trimmed(c["task"], c["entry"])
        lines.append(f"extra_info = {{ task = {toml_str(c['task'])}, entry = {toml_inline(entry)} }}")
        lines.append(f'expect = {{ status = "{c["status"]}" }}')
        lines.append("")
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {len(cases)} cases to {OUT}; reasoning-gym agrees on {agree}", file=sys.stderr)


write()
