#!/usr/bin/env python3
"""Generates fixtures/logic/reasoning_gym.toml: differential cases for the
rlvr-logic reasoning-gym tasks.

Run it with a Python that has `reasoning-gym` installed (a venv outside the
repository):

    python3 -m venv /tmp/venv-rg && /tmp/venv-rg/bin/pip install reasoning-gym
    /tmp/venv-rg/bin/python scripts/gen_reasoning_gym_logic_fixtures.py

For every task it generates entries with fixed seeds and, per entry, the
stored answer, alternative valid answers, corrupted answers, format variants
and exploit answers. Each case records reasoning-gym's own `score_answer`
beside the status rlvr expects; where they differ, the case's comment says
why rlvr is right. Expectations are written here by hand per variant, never
copied from reasoning-gym's score.
"""

import importlib.metadata
import json
import os
import sys
from collections import deque

# word_ladder's BFS walks Python sets of strings, whose order follows the
# string hash: fix the hash seed so that the output is reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

import reasoning_gym as rg

SEED = 20250801
OUT = "fixtures/logic/reasoning_gym.toml"


def toml_str(s):
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(s, ensure_ascii=False)


cases = []


def case(task, entry, name, answer_text, status, why, response=None, ref=None):
    """Adds one case; `answer_text` is what the model put in <answer>.

    `ref` overrides reasoning-gym's score where calling it is not possible
    (it never returns on a power tower)."""
    ds = DATASETS[task]
    if ref is None:
        try:
            ref = ds.score_answer(answer_text, entry)
        except Exception as e:  # noqa: BLE001 - the reference may crash
            ref = f"raised {type(e).__name__}"
    if response is None:
        response = f"Let me think.\n<answer>{answer_text}</answer>"
    cases.append(
        {
            "task": task,
            "name": name,
            "entry": entry,
            "response": response,
            "status": status,
            "why": why,
            "ref": ref,
        }
    )


DATASETS = {}
ENTRIES = {}


def make(task, count, **cfg):
    ds = rg.create_dataset(task, seed=SEED, size=count, **cfg)
    DATASETS[task] = ds
    out = [ds[i] for i in range(count)]
    ENTRIES.setdefault(task, []).extend(out)
    return out


def grid_text(g):
    return "\n".join(" ".join(str(x) for x in row) for row in g)


# --- n_queens ---------------------------------------------------------------
for i, e in enumerate(make("n_queens", 2, n=6, min_remove=4, max_remove=5)):
    case("n_queens", e, f"n-queens-{i}-stored", e["answer"], "correct", "the stored board")
    sols = e["metadata"]["solutions"]
    board = [row[:] for row in sols[0]]
    case("n_queens", e, f"n-queens-{i}-python-list", repr(board), "correct",
         "the board as a Python list of lists is a format variant; reasoning-gym `eval`s it and gives 0.5")
    # Move one non-given queen to another column of its row: two queens
    # then share a column or a diagonal, or the count stays but attacks.
    puzzle = e["metadata"]["puzzle"]
    for r in range(6):
        c = board[r].index("Q")
        if puzzle[r][c] != "Q":
            bad = [row[:] for row in board]
            bad[r][c] = "_"
            bad[r][(c + 1) % 6] = "Q"
            case("n_queens", e, f"n-queens-{i}-one-queen-moved", grid_text(bad), "incorrect",
                 "one queen moved one column: it attacks another")
            break
    case("n_queens", e, f"n-queens-{i}-eval-exploit", "__import__('os').system('true')", "incorrect",
         "an eval payload is just an unparseable board (reasoning-gym evals it)")

# --- mini_sudoku ------------------------------------------------------------
for i, e in enumerate(make("mini_sudoku", 2)):
    sol = e["metadata"]["solution"]
    case("mini_sudoku", e, f"mini-sudoku-{i}-stored", e["answer"], "correct", "the stored grid")
    case("mini_sudoku", e, f"mini-sudoku-{i}-json", json.dumps(sol), "correct",
         "the grid as JSON is a format variant")
    puzzle = e["metadata"]["puzzle"]
    bad = [row[:] for row in sol]
    # Swap two blank cells of one row: rows still hold 1..4, columns do not.
    for r in range(4):
        blanks = [c for c in range(4) if puzzle[r][c] == 0]
        if len(blanks) >= 2:
            a, b = blanks[:2]
            bad[r][a], bad[r][b] = bad[r][b], bad[r][a]
            break
    case("mini_sudoku", e, f"mini-sudoku-{i}-two-cells-swapped", grid_text(bad), "incorrect",
         "two cells swapped break two columns")

# --- futoshiki --------------------------------------------------------------
for i, e in enumerate(make("futoshiki", 2, min_board_size=4, max_board_size=5)):
    sol = e["metadata"]["solution"]
    case("futoshiki", e, f"futoshiki-{i}-stored", e["answer"], "correct", "the stored grid with its signs")
    case("futoshiki", e, f"futoshiki-{i}-digits-only", grid_text(sol), "correct",
         "the grid without the inequality signs is the same fill")
    bad = [row[:] for row in sol]
    n = len(sol)
    bad[0][0], bad[0][1] = bad[0][1], bad[0][0]
    case("futoshiki", e, f"futoshiki-{i}-swapped", grid_text(bad), "incorrect",
         "two cells swapped break two columns (or a given)")

# --- graph_color ------------------------------------------------------------
for i, e in enumerate(make("graph_color", 2, min_num_vertices=6, max_num_vertices=8)):
    pa = {str(k): v for k, v in e["metadata"]["possible_answer"].items()}
    case("graph_color", e, f"graph-color-{i}-possible-answer", json.dumps(pa), "correct",
         "the generator's colouring")
    perm = {1: 2, 2: 3, 3: 1}
    alt = {k: perm[v] for k, v in pa.items()}
    case("graph_color", e, f"graph-color-{i}-permuted-colours", json.dumps(alt), "correct",
         "permuting the colours gives another proper colouring")
    case("graph_color", e, f"graph-color-{i}-python-dict", repr({k: v for k, v in pa.items()}), "correct",
         "a Python dict with single quotes is a format variant")
    a, b = e["metadata"]["puzzle"]["edges"][0]
    bad = dict(pa)
    bad[str(b)] = bad[str(a)]
    case("graph_color", e, f"graph-color-{i}-clash", json.dumps(bad), "incorrect",
         "both ends of an edge get one colour")

# --- shortest_path ----------------------------------------------------------
def all_shortest(matrix):
    h, w = len(matrix), len(matrix[0])
    start = next((r, c) for r in range(h) for c in range(w) if matrix[r][c] == "*")
    goal = next((r, c) for r in range(h) for c in range(w) if matrix[r][c] == "#")
    dist = {start: 0}
    q = deque([start])
    while q:
        r, c = q.popleft()
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < h and 0 <= nc < w and matrix[nr][nc] != "X" and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1
                q.append((nr, nc))
    if goal not in dist:
        return []
    names = {(-1, 0): "up", (1, 0): "down", (0, -1): "left", (0, 1): "right"}
    paths = []

    def walk(p, moves):
        if len(paths) > 20:
            return
        if p == start:
            paths.append(list(reversed(moves)))
            return
        for (dr, dc), nm in names.items():
            q_ = (p[0] - dr, p[1] - dc)
            if dist.get(q_) == dist[p] - 1:
                walk(q_, moves + [nm])

    walk(goal, [])
    return paths


sp = make("shortest_path", 12, min_rows=5, max_rows=6, min_cols=5, max_cols=6)
used = 0
for i, e in enumerate(sp):
    paths = all_shortest(e["metadata"]["matrix"])
    if e["answer"] == "infeasible":
        case("shortest_path", e, f"shortest-path-{i}-infeasible", "infeasible", "correct",
             "the goal is unreachable")
        case("shortest_path", e, f"shortest-path-{i}-infeasible-but-moves", "right", "incorrect",
             "there is no path")
        continue
    if len(paths) < 2 or used >= 3:
        continue
    used += 1
    gold = e["answer"]
    alt = next(" ".join(p) for p in paths if " ".join(p) != gold)
    case("shortest_path", e, f"shortest-path-{i}-stored", gold, "correct", "the stored path")
    case("shortest_path", e, f"shortest-path-{i}-alternative", alt, "correct",
         "another path of the same, shortest length")
    case("shortest_path", e, f"shortest-path-{i}-commas", gold.replace(" ", ", "), "correct",
         "commas between moves are a format variant; reasoning-gym scores 0")
    first = gold.split()[0]
    back = {"up": "down", "down": "up", "left": "right", "right": "left"}[first]
    longer = f"{first} {back} {gold}"
    case("shortest_path", e, f"shortest-path-{i}-longer-walk", longer, "incorrect",
         "a valid walk two moves longer than the shortest is not a shortest path; reasoning-gym gives it 0.5")
    case("shortest_path", e, f"shortest-path-{i}-truncated", " ".join(gold.split()[:-1]), "incorrect",
         "the walk stops one move short of the goal")

# --- word_ladder ------------------------------------------------------------
def ladder_bfs(ds, start, end):
    """All shortest ladders (up to 20) by BFS over the task's own vocabulary."""
    words = ds.word_sets[len(start)]
    dist = {start: 0}
    q = deque([start])
    while q:
        w = q.popleft()
        for n in ds._get_neighbors(w, words):
            if n not in dist:
                dist[n] = dist[w] + 1
                q.append(n)
    out = []

    def walk(w, acc):
        if len(out) >= 20:
            return
        if w == start:
            out.append(list(reversed(acc)))
            return
        for n in ds._get_neighbors(w, words):
            if dist.get(n) == dist[w] - 1:
                walk(n, acc + [n])

    walk(end, [end])
    return out


for length in (3, 4, 5):
    ents = make("word_ladder", 2, min_word_length=length, max_word_length=length)
    ds = DATASETS["word_ladder"]
    for i, e in enumerate(ents):
        gold = e["answer"]
        path = gold.split(",")
        words = ds.word_sets[length]
        n = f"word-ladder-{length}-{i}"
        case("word_ladder", e, f"{n}-stored", gold, "correct", "the stored ladder")
        alts = [p for p in ladder_bfs(ds, path[0], path[-1]) if p != path]
        if alts:
            case("word_ladder", e, f"{n}-alternative", ",".join(alts[0]), "correct",
                 "another shortest ladder through other words of the vocabulary")
        detour = [path[0], path[1], path[0]] + path[1:]
        case("word_ladder", e, f"{n}-detour", ",".join(detour), "correct",
             "a longer ladder (a step taken back and forth) is still a ladder; the task does not ask for the shortest")
        case("word_ladder", e, f"{n}-lowercase-arrows", " -> ".join(w.lower() for w in path), "correct",
             "lower case and arrows between the words are format variants; reasoning-gym splits on commas only")
        case("word_ladder", e, f"{n}-spaces-after-commas", ", ".join(path) + ".", "correct",
             "spaces after the commas and a trailing period are format variants")
        case("word_ladder", e, f"{n}-endpoints-only", f"{path[0]},{path[-1]}", "incorrect",
             "the start and end words alone skip the steps")
        if len(path) >= 3:
            skipped = path[:1] + path[2:]
            case("word_ladder", e, f"{n}-step-skipped", ",".join(skipped), "incorrect",
                 "one word left out: a step changes two letters")
            # A one-letter step to a word outside the vocabulary.
            a, c = path[0], path[2]
            # The other corner of the square a -> b -> c: one letter from
            # both a and c, used when it is not a word.
            q = next((k for k in range(length) if path[1][k] != c[k]), None)
            made_up = None
            if q is not None:
                w = a[:q] + c[q] + a[q + 1:]
                if w not in words and w != a and sum(x != y for x, y in zip(w, c)) == 1:
                    made_up = w
            if made_up is None:
                for pos in range(length):
                    for ch in "QXZJ":
                        w = path[0][:pos] + ch + path[0][pos + 1:]
                        if w not in words and w != path[1]:
                            made_up = w
                            break
                    if made_up:
                        break
                bad = [path[0], made_up, path[0]] + path[1:]
            else:
                bad = [path[0], made_up] + path[2:]
            case("word_ladder", e, f"{n}-made-up-word", ",".join(bad), "incorrect",
                 f"{made_up} is not in the task's vocabulary; reasoning-gym halves the score per unknown word")
        case("word_ladder", e, f"{n}-wrong-end", ",".join(path[:-1]), "incorrect",
             "the ladder stops before the end word")
    e = ents[0]
    case("word_ladder", e, f"word-ladder-{length}-echoed-question", e["question"], "incorrect",
         "the question echoed back is not a ladder")

# --- maze, largest_island, course_schedule ------------------------------------
for i, e in enumerate(make("maze", 2)):
    case("maze", e, f"maze-{i}-stored", e["answer"], "correct", "the BFS distance")
    case("maze", e, f"maze-{i}-off-by-one", str(int(e["answer"]) + 1), "incorrect", "one step too many")
    case("maze", e, f"maze-{i}-superstring", "1" + e["answer"], "incorrect",
         "the gold as a substring of the answer earns nothing")
for i, e in enumerate(make("largest_island", 3, min_num_islands=1)):
    case("largest_island", e, f"largest-island-{i}-stored", e["answer"], "correct", "the flood-fill area")
    case("largest_island", e, f"largest-island-{i}-plus-one", str(int(e["answer"]) + 1), "incorrect",
         "one cell too many")
for i, e in enumerate(make("course_schedule", 3)):
    case("course_schedule", e, f"course-schedule-{i}-stored", e["answer"], "correct", "cycle detection")
    flipped = "False" if e["answer"] == "True" else "True"
    case("course_schedule", e, f"course-schedule-{i}-flipped", flipped, "incorrect", "the other truth value")
    case("course_schedule", e, f"course-schedule-{i}-lowercase", e["answer"].lower(), "correct",
         "lowercase true/false is a format variant")

# --- puzzle24, countdown ----------------------------------------------------
for i, e in enumerate(make("puzzle24", 2)):
    case("puzzle24", e, f"puzzle24-{i}-stored", e["answer"], "correct", "the stored expression")
    case("puzzle24", e, f"puzzle24-{i}-times-sign", e["answer"].replace("*", "×"), "correct",
         "× for * is a format variant")
    case("puzzle24", e, f"puzzle24-{i}-six-six-six-six", "6 + 6 + 6 + 6", "incorrect",
         "uses numbers that were not given")
    case("puzzle24", e, f"puzzle24-{i}-power-tower", "9**9**9**9", "incorrect",
         "exponentiation is not an allowed operator, and must not be evaluated",
         ref="nothing: its sympy parse of the power tower did not return within 40 s")
    case("puzzle24", e, f"puzzle24-{i}-import", "__import__('os').getpid()", "incorrect",
         "a code payload is just an unparseable expression")
for i, e in enumerate(make("countdown", 2)):
    gold = e["answer"]
    case("countdown", e, f"countdown-{i}-stored", gold, "correct", "the stored expression")
    case("countdown", e, f"countdown-{i}-with-target", f"{gold} = {e['metadata']['target']}", "correct",
         "`expr = target` is a format variant a human grader accepts")
    flipped = gold.replace("+", "#").replace("-", "+").replace("#", "-") if ("+" in gold or "-" in gold) else gold + " + 1"
    case("countdown", e, f"countdown-{i}-signs-flipped", flipped, "incorrect",
         "swapping + and - changes the value")
    nums = e["metadata"]["numbers"]
    case("countdown", e, f"countdown-{i}-subset", " + ".join(str(x) for x in nums[:-1]), "incorrect",
         "does not use every number and misses the target")

# --- cryptarithm ------------------------------------------------------------
for i, e in enumerate(make("cryptarithm", 2)):
    gold = e["answer"]
    case("cryptarithm", e, f"cryptarithm-{i}-stored", gold, "correct", "the stored mapping")
    case("cryptarithm", e, f"cryptarithm-{i}-spaced", gold.replace(",", ", ").replace("=", " = "), "correct",
         "spaces around = and after commas are a format variant")
    pairs = [p.split("=") for p in gold.split(",")]
    pairs[0][1], pairs[1][1] = pairs[1][1], pairs[0][1]
    case("cryptarithm", e, f"cryptarithm-{i}-two-swapped", ",".join("=".join(p) for p in pairs), "incorrect",
         "two letters' digits swapped break the sum")

# --- knights_knaves ---------------------------------------------------------
for i, e in enumerate(make("knights_knaves", 3, n_people=3)):
    gold = e["answer"]
    md = e["metadata"]
    case("knights_knaves", e, f"knights-knaves-{i}-stored", gold, "correct", "the stored assignment")
    t = md["knight_knave_terms"]
    roles = md["solution"]
    parts = [f"{n} is a {t['knight'] if r else t['knave']}" for n, r in zip(md["names"], roles)]
    case("knights_knaves", e, f"knights-knaves-{i}-reordered", "; ".join(reversed(parts)), "correct",
         "the same roles in another order and syntax")
    flipped = list(roles)
    flipped[0] = not flipped[0]
    parts = [f"{n} is a {t['knight'] if r else t['knave']}" for n, r in zip(md["names"], flipped)]
    case("knights_knaves", e, f"knights-knaves-{i}-one-flipped", ", and ".join(parts), "incorrect",
         "one role flipped makes a statement inconsistent; reasoning-gym gives partial credit")

# --- syllogism, family_relationships, zebra_puzzles --------------------------
for i, e in enumerate(make("syllogism", 3)):
    gold = e["answer"]
    case("syllogism", e, f"syllogism-{i}-stored", gold, "correct", "the stored verdict")
    case("syllogism", e, f"syllogism-{i}-flipped", "No" if gold == "Yes" else "Yes", "incorrect", "the other verdict")
    case("syllogism", e, f"syllogism-{i}-unsure", "I am not sure", "incorrect", "a hedge is not a verdict")
for i, e in enumerate(make("family_relationships", 2)):
    gold = e["answer"]
    case("family_relationships", e, f"family-{i}-stored", gold, "correct", "the stored relation")
    case("family_relationships", e, f"family-{i}-capitalised", gold.capitalize() + ".", "correct",
         "capitalisation and a trailing period are format variants; reasoning-gym compares exactly")
    case("family_relationships", e, f"family-{i}-wrong", "cousin" if gold != "cousin" else "uncle", "incorrect",
         "another relation")
for i, e in enumerate(make("zebra_puzzles", 2, num_people=3, num_characteristics=3)):
    gold = e["answer"]
    case("zebra_puzzles", e, f"zebra-{i}-stored", gold, "correct", "the stored cell")
    case("zebra_puzzles", e, f"zebra-{i}-capitalised", gold.title(), "correct",
         "capitalisation is a format variant")
    case("zebra_puzzles", e, f"zebra-{i}-padded", f"xx{gold}xx", "incorrect",
         "the gold inside a longer word earns nothing (reasoning-gym gives substring credit)")

# --- propositional_logic, self_reference, circuit_logic ----------------------
for i, e in enumerate(make("propositional_logic", 3)):
    md = e["metadata"]
    premise = md["premises"][0]
    case("propositional_logic", e, f"propositional-{i}-restated-premise", premise, "incorrect",
         "restating a premise is a trivial conclusion")
    case("propositional_logic", e, f"propositional-{i}-tautology", "(P ∨ ¬P)", "incorrect",
         "a tautology is a trivial conclusion")
    both = f"({md['premises'][0]} ∧ {md['premises'][1]})"
    case("propositional_logic", e, f"propositional-{i}-conjunction", both, "correct",
         "the conjunction of two premises follows and restates neither")
    case("propositional_logic", e, f"propositional-{i}-negated", f"¬{premise}" if len(premise) == 1 else f"¬({premise})",
         "incorrect", "the negation of a premise does not follow")
for i, e in enumerate(make("self_reference", 2)):
    case("self_reference", e, f"self-reference-{i}-stored", e["answer"], "correct", "the enumerated count")
    case("self_reference", e, f"self-reference-{i}-plus-one", str(int(e["answer"]) + 1), "incorrect", "one too many")
for i, e in enumerate(make("circuit_logic", 3)):
    case("circuit_logic", e, f"circuit-{i}-stored", e["answer"], "correct", "the evaluated output")
    case("circuit_logic", e, f"circuit-{i}-flipped", "0" if e["answer"] == "1" else "1", "incorrect", "the other bit")

# --- arc_1d, rearc ----------------------------------------------------------
for i, e in enumerate(make("arc_1d", 2)):
    gold = e["answer"]
    out = e["metadata"]["test_example"]["output"]
    case("arc_1d", e, f"arc-1d-{i}-stored", gold, "correct", "the stored row")
    case("arc_1d", e, f"arc-1d-{i}-json", json.dumps(out), "correct", "the row as a JSON list")
    bad = list(out)
    bad[0] = (bad[0] + 1) % 10
    case("arc_1d", e, f"arc-1d-{i}-one-cell", " ".join(map(str, bad)), "incorrect", "one cell differs")
for i, e in enumerate(make("rearc", 2)):
    gold = e["answer"]
    out = e["metadata"]["output"]
    case("rearc", e, f"rearc-{i}-stored", gold, "correct", "the stored grid")
    case("rearc", e, f"rearc-{i}-python", repr([tuple(r) for r in out]), "correct",
         "the grid as a Python list of tuples")
    case("rearc", e, f"rearc-{i}-extra-row", gold + "\n" + " ".join("0" for _ in out[0]), "incorrect",
         "an extra row is a shape mismatch, scored 0, never padded")

# --- arithmetic tasks ---------------------------------------------------------
# Truths are recomputed here independently (Fractions, datetime), never
# taken from reasoning-gym's answers, so a stored answer that is wrong shows
# up as a case whose name contains `bad-gold` (rlvr's check_ground_truth
# must reject those entries).
import re as _re
from datetime import datetime as _dt, timedelta as _td
from fractions import Fraction as _F


def exact_value(expr):
    """The exact value of a generator expression (digits, + - * /, parens)."""
    assert _re.fullmatch(r"[0-9.+\-*/() ]+", expr), expr
    return eval(_re.sub(r"(\d+(?:\.\d+)?)", r"_F('\1')", expr), {"_F": _F})  # noqa: S307 - trusted generator text


def with_commas(n):
    return f"{n:,}"


for i, e in enumerate(make("basic_arithmetic", 3, min_digits=2, max_digits=3)):
    gold = e["answer"]
    expr = e["metadata"]["expression"]
    assert exact_value(expr) == int(gold)
    case("basic_arithmetic", e, f"basic-arithmetic-{i}-stored", gold, "correct", "the value of the expression")
    case("basic_arithmetic", e, f"basic-arithmetic-{i}-sentence", f"The answer is {gold}.", "correct",
         "a preamble and a trailing period are format variants")
    if abs(int(gold)) >= 1000:
        case("basic_arithmetic", e, f"basic-arithmetic-{i}-thousands", with_commas(int(gold)), "correct",
             "thousands separators are a format variant; reasoning-gym compares strings")
    case("basic_arithmetic", e, f"basic-arithmetic-{i}-off-by-one", str(int(gold) + 1), "incorrect", "one too many")
    case("basic_arithmetic", e, f"basic-arithmetic-{i}-echoed-expression", expr, "incorrect",
         "the question's own expression is not an answer, although rlvr-math could evaluate it")
    case("basic_arithmetic", e, f"basic-arithmetic-{i}-power-tower", "9**9**9**9", "incorrect",
         "a power tower is not a number literal and is never evaluated")

# An entry whose expression has a division that is not exact: reasoning-gym
# evaluates `/` as Python's `//`, so its stored answer is not the value of
# the expression the question prints.
_ba = rg.create_dataset("basic_arithmetic", seed=SEED, size=3000)
for _idx in range(3000):
    e = _ba[_idx]
    v = exact_value(e["metadata"]["expression"])
    if v != int(e["answer"]) and len(e["metadata"]["expression"]) < 60:
        DATASETS["basic_arithmetic"] = _ba
        case("basic_arithmetic", e, "basic-arithmetic-bad-gold-floor-division", e["answer"], "incorrect",
             f"the stored answer floors a division (Python `//`); the expression printed in the question is {v}")
        case("basic_arithmetic", e, "basic-arithmetic-bad-gold-exact-fraction", f"{v.numerator}/{v.denominator}",
             "correct", "the exact value of the printed expression")
        case("basic_arithmetic", e, "basic-arithmetic-bad-gold-rounded", f"{float(v):.4f}", "correct",
             "the exact value correctly rounded to four places")
        break

for i, e in enumerate(make("chain_sum", 3, min_digits=3, max_digits=4)):
    gold = e["answer"]
    assert exact_value(e["metadata"]["expression"]) == int(gold)
    case("chain_sum", e, f"chain-sum-{i}-stored", gold, "correct", "the value of the chain")
    if abs(int(gold)) >= 1000:
        case("chain_sum", e, f"chain-sum-{i}-thousands", with_commas(int(gold)), "correct",
             "thousands separators are a format variant")
    case("chain_sum", e, f"chain-sum-{i}-trailing-zero-decimal", gold + ".0", "correct",
         "an integer written with `.0` has the same value")
    case("chain_sum", e, f"chain-sum-{i}-off-by-ten", str(int(gold) - 10), "incorrect", "a carry dropped")
    case("chain_sum", e, f"chain-sum-{i}-superstring", gold + "1", "incorrect",
         "the gold as a prefix of a longer number earns nothing (reasoning-gym gives substring credit)")

_DEC = make("decimal_arithmetic", 40)
_picked = {"rounded": 0, "bad-last-digit": 0}
for i, e in enumerate(_DEC):
    expr = e["question"].strip().splitlines()[-1].replace(" = ?", "").strip()
    v = exact_value(expr)
    from decimal import Decimal as _D, ROUND_HALF_UP as _UP, ROUND_DOWN as _DOWN
    exact_dec = _D(v.numerator) / _D(v.denominator)
    r3 = exact_dec.quantize(_D("0.001"), rounding=_UP)
    t3 = exact_dec.quantize(_D("0.001"), rounding=_DOWN)
    stored = _D(e["answer"])
    ulp = _D(10) ** (stored.as_tuple().exponent)
    off = abs(_F(stored) - v) > _F(ulp) / 2
    if _picked["rounded"] < 2 and r3 != t3 and not off:
        _picked["rounded"] += 1
        n = _picked["rounded"]
        case("decimal_arithmetic", e, f"decimal-arithmetic-{n}-stored", e["answer"], "correct", "the stored 12-digit value")
        case("decimal_arithmetic", e, f"decimal-arithmetic-{n}-three-places", str(r3), "correct",
             "the value correctly rounded to the operands' three places")
        case("decimal_arithmetic", e, f"decimal-arithmetic-{n}-truncated", str(t3), "incorrect",
             "truncated, not rounded, at three places; reasoning-gym accepts anything within 10^-3")
        case("decimal_arithmetic", e, f"decimal-arithmetic-{n}-two-places",
             str(exact_dec.quantize(_D("0.01"), rounding=_UP)), "incorrect", "too few places")
        case("decimal_arithmetic", e, f"decimal-arithmetic-{n}-echoed-expression", expr, "incorrect",
             "the question's expression is not an answer")
    elif _picked["bad-last-digit"] < 1 and off:
        _picked["bad-last-digit"] += 1
        good = exact_dec.quantize(ulp, rounding=_UP)
        case("decimal_arithmetic", e, "decimal-arithmetic-last-digit-stored", e["answer"], "correct",
             "the reference rounds each step to 12 digits, so its last digit is off; it is within 1e-10 relative and accepted")
        case("decimal_arithmetic", e, "decimal-arithmetic-last-digit-exact-rounding", str(good), "correct",
             "the exact value correctly rounded to the same digits")

for i, e in enumerate(make("fraction_simplification", 4)):
    md = e["metadata"]
    n, d = md["numerator"], md["denominator"]
    from math import gcd as _gcd
    g = _gcd(n, d)
    sn, sd = n // g, d // g
    case("fraction_simplification", e, f"fraction-{i}-stored", e["answer"], "correct", f"the stored fraction ({md['style']})")
    case("fraction_simplification", e, f"fraction-{i}-plain", f"{sn}/{sd}", "correct", "a plain a/b is a format variant")
    case("fraction_simplification", e, f"fraction-{i}-latex", f"\\frac{{{sn}}}{{{sd}}}", "correct",
         "\\frac{a}{b} is a format variant")
    case("fraction_simplification", e, f"fraction-{i}-unreduced", f"{n}/{d}", "incorrect",
         "the question's fraction is equal but not in lowest terms")
    case("fraction_simplification", e, f"fraction-{i}-not-lowest", f"{2 * sn}/{2 * sd}", "incorrect",
         "equal but not in lowest terms")
    case("fraction_simplification", e, f"fraction-{i}-decimal", f"{sn / sd:.4f}", "incorrect",
         "a decimal is not the fraction asked for")
    case("fraction_simplification", e, f"fraction-{i}-inverted", f"{sd}/{sn}", "incorrect", "numerator and denominator swapped")

for i, e in enumerate(make("prime_factorization", 4, min_value=100, max_value=1000)):
    fs = e["metadata"]["factors"]
    gold = e["answer"]
    case("prime_factorization", e, f"prime-factorization-{i}-stored", gold, "correct", "the stored factors")
    case("prime_factorization", e, f"prime-factorization-{i}-reversed", " × ".join(map(str, reversed(fs))), "correct",
         "any order")
    case("prime_factorization", e, f"prime-factorization-{i}-asterisks", " * ".join(map(str, fs)), "correct",
         "`*` between factors is a format variant")
    from collections import Counter as _C
    powers = " × ".join(f"{p}^{k}" if k > 1 else str(p) for p, k in sorted(_C(fs).items()))
    case("prime_factorization", e, f"prime-factorization-{i}-powers", powers, "correct",
         "exponents for repeated factors are a format variant")
    case("prime_factorization", e, f"prime-factorization-{i}-equation", f"{e['metadata']['number']} = {gold}", "correct",
         "`n = factors` is a format variant")
    if len(fs) >= 2:
        merged = [fs[0] * fs[1]] + fs[2:]
        case("prime_factorization", e, f"prime-factorization-{i}-composite", " × ".join(map(str, merged)), "incorrect",
             "the product is right but a factor is composite; reasoning-gym gives 0.5")
    case("prime_factorization", e, f"prime-factorization-{i}-with-one", "1 × " + gold, "incorrect",
         "1 is not a prime factor")
    case("prime_factorization", e, f"prime-factorization-{i}-missing", " × ".join(map(str, fs[:-1])) or "1", "incorrect",
         "a factor missing")
e = DATASETS["prime_factorization"][0]
case("prime_factorization", e, "prime-factorization-power-tower", "9**9**9**9", "incorrect",
     "a power tower is not a factorization and is never evaluated")
case("prime_factorization", e, "prime-factorization-import", "__import__('os').getpid()", "incorrect",
     "a code payload is not a factorization")

for i, e in enumerate(make("gcd", 3)):
    gold = e["answer"]
    case("gcd", e, f"gcd-{i}-stored", gold, "correct", "the GCD of the numbers")
    case("gcd", e, f"gcd-{i}-sentence", f"The answer is {gold}.", "correct", "a preamble is a format variant")
    case("gcd", e, f"gcd-{i}-doubled", str(int(gold) * 2), "incorrect", "a multiple of the GCD")
for i, e in enumerate(make("lcm", 3)):
    gold = e["answer"]
    nums = e["metadata"]["numbers"]
    case("lcm", e, f"lcm-{i}-stored", gold, "correct", "the LCM of the numbers")
    if int(gold) >= 1000:
        case("lcm", e, f"lcm-{i}-thousands", with_commas(int(gold)), "correct",
             "thousands separators are a format variant; reasoning-gym compares strings")
    import math as _m
    prod = _m.prod(nums)
    if prod != int(gold):
        case("lcm", e, f"lcm-{i}-product", str(prod), "incorrect", "the product is a common multiple, not the least")
    case("lcm", e, f"lcm-{i}-power-tower", "9**9**9**9", "incorrect", "a power tower is never evaluated")

# --- calendar_arithmetic, time_intervals ---------------------------------------
_WD = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_cal = make("calendar_arithmetic", 60)
_seen = {}
for i, e in enumerate(_cal):
    t = e["metadata"]["task"]
    if _seen.get(t, 0) >= 2:
        continue
    _seen[t] = _seen.get(t, 0) + 1
    k = _seen[t]
    gold = e["answer"]
    tn = t.replace("_", "-")
    case("calendar_arithmetic", e, f"calendar-{tn}-{k}-stored", gold, "correct", f"{t}: the recomputed truth")
    if gold in _WD:
        case("calendar_arithmetic", e, f"calendar-{tn}-{k}-lowercase", gold.lower(), "correct",
             "a weekday in lower case is a format variant; reasoning-gym gives 0.05")
        other = _WD[(_WD.index(gold) + 1) % 7]
        case("calendar_arithmetic", e, f"calendar-{tn}-{k}-next-day", other, "incorrect", "the next weekday")
        case("calendar_arithmetic", e, f"calendar-{tn}-{k}-abbreviated", gold[:3], "incorrect",
             "the question asks for the full weekday name")
    elif gold in ("Yes", "No"):
        case("calendar_arithmetic", e, f"calendar-{tn}-{k}-lowercase", gold.lower(), "correct", "lower case yes/no")
        case("calendar_arithmetic", e, f"calendar-{tn}-{k}-flipped", "No" if gold == "Yes" else "Yes", "incorrect",
             "the other answer")
        case("calendar_arithmetic", e, f"calendar-{tn}-{k}-unsure", "I am not sure", "incorrect", "a hedge")
    else:
        case("calendar_arithmetic", e, f"calendar-{tn}-{k}-off-by-one", str(int(gold) + 1), "incorrect",
             "one too many; reasoning-gym gives partial credit by relative error")

_TI_FMT = _re.compile(r"(\d{4}-\d{2}-\d{2}) \(\w+\) (\d{2}:\d{2}:\d{2}) ([+-]\d{4})")


def true_interval(e):
    md = e["metadata"]
    if "(%A) %H" in md["format"]:
        a, b = [_dt.strptime(f"{d} {t} {z}", "%Y-%m-%d %H:%M:%S %z") for d, t, z in _TI_FMT.findall(e["question"])]
    else:
        a, b = _dt.fromisoformat(md["start_time"]), _dt.fromisoformat(md["end_time"])
    return b - a


def fmt_delta(d, fmt):
    us = d // _td(microseconds=1)
    days, rest = divmod(us, 86400 * 10**6)
    h, rest = divmod(rest, 3600 * 10**6)
    m, rest = divmod(rest, 60 * 10**6)
    s, f = divmod(rest, 10**6)
    if fmt == "D days":
        return f"{days} days"
    if fmt.startswith("D days"):
        base = f"{days} days, {h:02d}:{m:02d}"
        return base + (f":{s:02d}" if fmt.endswith("SS") else "")
    H = days * 24 + h
    out = f"{H:02d}:{m:02d}"
    if fmt != "HH:MM":
        out += f":{s:02d}"
    if fmt.endswith("mmm"):
        out += f".{f // 1000:03d}"
    return out


_ti = make("time_intervals", 400)
_want = {"time": 1, "time_seconds": 1, "time_ms": 1, "date": 2, "datetime": 2, "datetime_tz": 1,
         "bad-ms": 1, "bad-weekday": 1}
for i, e in enumerate(_ti):
    md = e["metadata"]
    tt, fmt = md["task_type"], md["expected_format"]
    truth = fmt_delta(true_interval(e), fmt)
    if truth != e["answer"]:
        key = "bad-weekday" if "(%A) %H" in md["format"] else "bad-ms" if fmt.endswith("mmm") else None
        assert key, (e, truth)
        if _want[key] == 0:
            continue
        _want[key] -= 1
        why = ("reasoning-gym cuts the timestamps at ` (` and loses the times and offsets the question shows"
               if key == "bad-weekday" else "reasoning-gym computes milliseconds in floating point and truncates one short")
        case("time_intervals", e, f"time-intervals-{key.replace('bad-', 'bad-gold-')}-stored", e["answer"], "incorrect", f"a wrong stored answer: {why}")
        case("time_intervals", e, f"time-intervals-{key.replace('bad-', 'bad-gold-')}-true", truth, "correct",
             f"the true duration of the question's timestamps ({why})")
        continue
    if _want.get(tt, 0) == 0:
        continue
    _want[tt] -= 1
    n = f"{tt.replace('_', '-')}-{i}"
    case("time_intervals", e, f"time-intervals-{n}-stored", e["answer"], "correct", f"{fmt}: the exact duration")
    d = true_interval(e)
    if fmt == "D days":
        case("time_intervals", e, f"time-intervals-{n}-bare-number", str(d.days), "correct",
             "a bare day count when days are asked for")
        case("time_intervals", e, f"time-intervals-{n}-off-by-one", f"{d.days + 1} days", "incorrect",
             "one day too many (fencepost); reasoning-gym gives partial credit")
    else:
        later = fmt_delta(d + _td(minutes=1), fmt)
        case("time_intervals", e, f"time-intervals-{n}-minute-late", later, "incorrect",
             "one minute too long; reasoning-gym gives partial credit close to 1")
        if fmt == "HH:MM" and e["answer"].startswith("0"):
            case("time_intervals", e, f"time-intervals-{n}-no-leading-zero", e["answer"][1:], "correct",
                 "an hour without its leading zero")
        if fmt == "D days, HH:MM":
            case("time_intervals", e, f"time-intervals-{n}-with-seconds", fmt_delta(d, "D days, HH:MM:SS"), "correct",
                 "the exact duration with its seconds, finer than asked, is still the duration")

# --- the rest of the Prove-it list -------------------------------------
# For every task: an alternative valid answer where the task has several, a
# format variant and an exploit, where the sections above have none.
import ast as _ast


def commuted(expr):
    """`expr` with the operands of its first + or * swapped: another
    expression with the same numbers and value, or None."""
    tree = _ast.parse(expr, mode="eval")
    for node in _ast.walk(tree):
        if isinstance(node, _ast.BinOp) and isinstance(node.op, (_ast.Add, _ast.Mult)):
            node.left, node.right = node.right, node.left
            out = _ast.unparse(tree)
            return out if out.replace(" ", "") != expr.replace(" ", "") else None
    return None


E = ENTRIES
e = E["arc_1d"][0]
case("arc_1d", e, "arc-1d-0-echoed-input", " ".join(map(str, e["metadata"]["test_example"]["input"])), "incorrect",
     "the test input echoed back is not its output")
case("arc_1d", e, "arc-1d-0-import", "__import__('os').getpid()", "incorrect", "a code payload is not a row")

for i, e in enumerate(E["circuit_logic"][:2]):
    gold = e["answer"]
    case("circuit_logic", e, f"circuit-{i}-sentence", f"The answer is {gold}.", "correct",
         "a preamble and a trailing period are format variants")
    case("circuit_logic", e, f"circuit-{i}-both-bits", "0 or 1", "incorrect", "both values at once is a hedge")
    case("circuit_logic", e, f"circuit-{i}-unsure", "I am not sure", "incorrect", "a hedge is not an output")

for i, e in enumerate(E["countdown"]):
    alt = commuted(e["answer"])
    if alt:
        case("countdown", e, f"countdown-{i}-commuted", alt, "correct",
             "the same numbers in another order reach the target: another valid expression")
e = E["countdown"][0]
n0 = e["metadata"]["numbers"][0]
case("countdown", e, "countdown-0-number-reused", f"{e['answer']} + {n0} - {n0}", "incorrect",
     "a given number used twice (the value is unchanged)")
case("countdown", e, "countdown-0-power-tower", "9**9**9**9", "incorrect",
     "exponentiation is not an allowed operator, and must not be evaluated",
     ref="not called: sympy's parse_expr of the power tower, which it uses, did not return within 25 s")
case("countdown", e, "countdown-0-import", "__import__('os').getpid()", "incorrect", "a code payload")

e = E["course_schedule"][0]
case("course_schedule", e, "course-schedule-0-unsure", "I am not sure", "incorrect", "a hedge is not a verdict")
case("course_schedule", e, "course-schedule-0-both", "True or False", "incorrect", "both verdicts at once")

e = E["cryptarithm"][0]
pairs = e["answer"].split(",")
case("cryptarithm", e, "cryptarithm-0-partial", ",".join(pairs[:-1]), "incorrect", "one letter left without a digit")
case("cryptarithm", e, "cryptarithm-0-newlines", "\n".join(pairs), "correct", "one letter a line is a format variant")
case("cryptarithm", e, "cryptarithm-0-all-zero", ",".join(p.split("=")[0] + "=0" for p in pairs), "incorrect",
     "every letter 0: distinct letters must take distinct digits")

e = E["family_relationships"][0]
case("family_relationships", e, "family-0-hedge", f"{e['answer']} or cousin", "incorrect",
     "two relations at once is a hedge, although it contains the right one")
case("family_relationships", e, "family-0-sentence", f"The answer is {e['answer']}.", "correct",
     "a preamble is a format variant")

e = E["futoshiki"][0]
case("futoshiki", e, "futoshiki-0-echoed-puzzle", grid_text(e["metadata"]["puzzle"]), "incorrect",
     "the puzzle with its blanks echoed back")
case("futoshiki", e, "futoshiki-0-json", json.dumps(e["metadata"]["solution"]), "correct", "the grid as JSON")

e = E["gcd"][0]
nums = e["metadata"]["numbers"]
case("gcd", e, "gcd-0-echoed-numbers", ", ".join(map(str, nums)), "incorrect", "the question's numbers echoed back")
case("gcd", e, "gcd-0-power-tower", "9**9**9**9", "incorrect", "a power tower is never evaluated")

e = E["graph_color"][0]
pa = {str(k): v for k, v in e["metadata"]["possible_answer"].items()}
bad = dict(pa)
bad[next(iter(bad))] = max(e["metadata"]["puzzle"]["color_options"]) + 1
case("graph_color", e, "graph-color-0-foreign-colour", json.dumps(bad), "incorrect",
     "a colour that is not among the options")
bad = dict(pa)
bad.pop(next(iter(bad)))
case("graph_color", e, "graph-color-0-missing-vertex", json.dumps(bad), "incorrect", "a vertex left uncoloured")

e = E["knights_knaves"][0]
case("knights_knaves", e, "knights-knaves-0-unsure", "I am not sure", "incorrect", "a hedge names no roles")
md = e["metadata"]
t = md["knight_knave_terms"]
case("knights_knaves", e, "knights-knaves-0-everyone-both", ", ".join(f"{n} is a {t['knight']} or a {t['knave']}" for n in md["names"]),
     "incorrect", "both roles for everyone is a hedge")

for i, e in enumerate(E["largest_island"][:2]):
    gold = e["answer"]
    case("largest_island", e, f"largest-island-{i}-sentence", f"The answer is {gold}.", "correct", "a preamble is a format variant")
    case("largest_island", e, f"largest-island-{i}-superstring", gold + "0", "incorrect",
         "the gold as a prefix of a longer number earns nothing")

e = E["maze"][0]
case("maze", e, "maze-0-sentence", f"The answer is {e['answer']}.", "correct", "a preamble is a format variant")

e = E["mini_sudoku"][0]
case("mini_sudoku", e, "mini-sudoku-0-echoed-puzzle", grid_text(e["metadata"]["puzzle"]), "incorrect",
     "the puzzle with its blanks echoed back")

for i, e in enumerate(E["n_queens"]):
    sols = e["metadata"]["solutions"]
    stored = [row.split() for row in e["answer"].splitlines()]
    others = [s_ for s_ in sols if s_ != stored]
    if others:
        case("n_queens", e, f"n-queens-{i}-other-solution", grid_text(others[0]), "correct",
             "another placement that keeps the given queens")
# Boards with most queens removed have several completions.
for i, e in enumerate(make("n_queens", 2, n=8, min_remove=7, max_remove=8)):
    stored = [row.split() for row in e["answer"].splitlines()]
    others = [s_ for s_ in e["metadata"]["solutions"] if s_ != stored]
    case("n_queens", e, f"n-queens-8-{i}-stored", e["answer"], "correct", "the stored board")
    if others:
        case("n_queens", e, f"n-queens-8-{i}-other-solution", grid_text(others[-1]), "correct",
             f"another of the {len(others) + 1} placements that keep the given queens")
e = E["n_queens"][0]
case("n_queens", e, "n-queens-0-echoed-puzzle", grid_text(e["metadata"]["puzzle"]), "incorrect",
     "the puzzle echoed back has too few queens")

e = E["propositional_logic"][0]
p0, p1 = e["metadata"]["premises"][:2]
ascii_ = f"({p0} ∧ {p1})".replace("∧", "&").replace("∨", "|").replace("¬", "~").replace("↔", "<->").replace("→", "->")
case("propositional_logic", e, "propositional-0-ascii-conjunction", ascii_, "correct",
     "the conjunction of two premises in ASCII notation is a format variant")
case("propositional_logic", e, "propositional-0-import", "__import__('os').getpid()", "incorrect", "a code payload is not a formula")

for i, e in enumerate(E["puzzle24"]):
    alt = commuted(e["answer"])
    if alt:
        case("puzzle24", e, f"puzzle24-{i}-commuted", alt, "correct",
             "the same numbers in another order still make 24: another valid expression")

e = E["rearc"][0]
case("rearc", e, "rearc-0-echoed-input", grid_text(e["metadata"]["input"]), "incorrect",
     "the test input echoed back is not its output")

for i, e in enumerate(E["self_reference"]):
    gold = e["answer"]
    case("self_reference", e, f"self-reference-{i}-sentence", f"The answer is {gold}.", "correct", "a preamble is a format variant")
    case("self_reference", e, f"self-reference-{i}-unsure", "I am not sure", "incorrect", "a hedge is not a count")

for i, e in enumerate(E["shortest_path"]):
    if e["answer"] != "infeasible":
        case("shortest_path", e, f"shortest-path-{i}-claims-infeasible", "infeasible", "incorrect",
             "a path exists, so `infeasible` is wrong")
        break

e = E["syllogism"][0]
case("syllogism", e, "syllogism-0-lowercase-period", e["answer"].lower() + ".", "correct",
     "lower case and a trailing period are format variants")
case("syllogism", e, "syllogism-0-both", "Yes and No", "incorrect", "both verdicts at once")

e = E["zebra_puzzles"][0]
case("zebra_puzzles", e, "zebra-0-hedge", f"{e['answer']} or someone else", "incorrect",
     "a hedge that contains the right cell")

# --- common exploits ----------------------------------------------------------
e = DATASETS["maze"][0]
case("maze", e, "maze-echoed-then-unclosed", e["answer"], "no_answer",
     "an answer followed by an unclosed tag is not graded (no fall-back to an earlier answer)",
     response=f"<answer>{e['answer']}</answer> wait, <answer>")


def write():
    lines = [
        "# Differential cases for the reasoning-gym tasks of rlvr-logic.",
        "# Generated by scripts/gen_reasoning_gym_logic_fixtures.py from",
        f"# reasoning-gym {importlib.metadata.version('reasoning-gym')} with seed {SEED}; do not edit by hand.",
        "# Each comment says why the case exists and what reasoning-gym's own",
        "# score_answer gives; where it differs from ours, why ours is right.",
        "",
    ]
    for c in cases:
        ours = 1.0 if c["status"] == "correct" else 0.0
        ref = c["ref"]
        if isinstance(ref, int) and not isinstance(ref, bool):
            ref = float(ref)
        if c["status"] == "no_answer":
            note = f"reasoning-gym scores the raw text {ref if isinstance(ref, str) else format(ref, 'g')}; we never read it."
        elif isinstance(ref, float) and abs(ref - ours) < 1e-9:
            note = f"reasoning-gym agrees ({ref:g})."
        else:
            shown = ref if isinstance(ref, str) else format(ref, ".10g")
            note = f"reasoning-gym scores {shown}; we differ and say {c['status']}, for the reason given."
        lines.append(f"# {c['task']}: {c['why']}. {note}")
        lines.append("[[case]]")
        lines.append(f"name = {toml_str('rg-' + c['name'])}")
        lines.append('data_source = "reasoning_gym"')
        lines.append(f"response = {toml_str(c['response'])}")
        gt = c["entry"]["answer"]
        lines.append(f"ground_truth = {toml_str(gt if gt is not None else '')}")
        entry = {k: c["entry"][k] for k in ("question", "answer", "metadata")}
        lines.append(
            f"extra_info = {{ task = {toml_str(c['task'])}, entry = {toml_str(json.dumps(entry, ensure_ascii=False))} }}"
        )
        lines.append(f'expect = {{ status = "{c["status"]}" }}')
        lines.append("")
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {len(cases)} cases to {OUT}", file=sys.stderr)


write()
