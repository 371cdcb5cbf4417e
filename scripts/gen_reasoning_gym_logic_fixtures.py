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
import sys
from collections import deque

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


def make(task, count, **cfg):
    ds = rg.create_dataset(task, seed=SEED, size=count, **cfg)
    DATASETS[task] = ds
    return [ds[i] for i in range(count)]


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
        if c["status"] == "no_answer":
            note = f"reasoning-gym scores the raw text {ref if isinstance(ref, str) else format(ref, 'g')}; we never read it."
        elif isinstance(ref, float) and abs(ref - ours) < 1e-9:
            note = f"reasoning-gym agrees ({ref:g})."
        else:
            shown = ref if isinstance(ref, str) else format(ref, "g")
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
