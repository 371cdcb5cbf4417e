#!/usr/bin/env python3
"""Generate fixtures/sim/reasoning_gym.toml from reasoning-gym (pip) with fixed seeds.

Run with a venv outside the repo that has `reasoning-gym` installed:

    python3 -m venv /work/venv-sim && /work/venv-sim/bin/pip install reasoning-gym
    /work/venv-sim/bin/python scripts/gen_sim_fixtures.py > fixtures/sim/reasoning_gym.toml

Each case records reasoning-gym's own score for the same answer in its
comment; the expectation is ours (simulation of the instance). The entry is
stored as JSON text in `extra_info.entry` (TOML has no null).
"""

import copy
import json
import random
import re

import sys

import reasoning_gym as rg

REAL_STDOUT = sys.stdout
sys.stdout = sys.stderr  # generators print progress dots

OUT = []


def q(s):
    return json.dumps(s, ensure_ascii=False)


def case(name, task, entry, response, status, why, rg_answer=None):
    ds = DATASETS[task]
    ans = rg_answer if rg_answer is not None else extract(response)
    try:
        rg_score = ds.score_answer(ans, entry)
    except Exception as e:  # noqa: BLE001
        rg_score = f"raised {type(e).__name__}"
    if isinstance(rg_score, float):
        rg_score = round(rg_score, 4)
    entry_text = json.dumps(entry, ensure_ascii=False, default=str)
    OUT.append(f"# {why} (reasoning-gym scores this answer {rg_score}.)")
    OUT.append("[[case]]")
    OUT.append(f"name = {q(name)}")
    OUT.append('data_source = "reasoning_gym"')
    OUT.append(f"response = {q(response)}")
    OUT.append(f"ground_truth = {q(entry['answer'])}")
    OUT.append(f"extra_info = {{ task = {q(task)}, entry = {q(entry_text)} }}")
    OUT.append(f'expect = {{ status = "{status}" }}')
    OUT.append("")


def extract(response):
    m = re.findall(r"<answer>(.*?)</answer>", response, re.S)
    return m[-1].strip() if m else None


def tag(s):
    return f"<answer>{s}</answer>"


DATASETS = {}


def ds(task, seed, size, **cfg):
    d = rg.create_dataset(task, seed=seed, size=size, **cfg)
    DATASETS[task] = d
    return d


# ---------------------------------------------------------------- Hanoi --
d = ds("tower_of_hanoi", 11, 6)
for i, e in enumerate(list(d)[:3]):
    case(f"hanoi-gold-{i}", "tower_of_hanoi", e, tag("\n" + e["answer"] + "\n"), "correct",
         "The generator's Frame-Stewart plan replays legally to the target peg")
e = d[0]
moves = e["answer"].split("\n")
nums = [re.findall(r"\d+", m) for m in moves]
case("hanoi-numbers-format", "tower_of_hanoi", e, tag("\n" + "\n".join(" ".join(n) for n in nums) + "\n"), "correct",
     "Format variant: `disk from to` numbers per line, as a human grader accepts")
case("hanoi-numbered-lines", "tower_of_hanoi", e, tag("\n" + "\n".join(f"{k+1}. {m}" for k, m in enumerate(moves)) + "\n"), "correct",
     "Format variant: numbered move lines")
case("hanoi-tuples-format", "tower_of_hanoi", e, tag("[" + ", ".join("(" + ", ".join(n) + ")" for n in nums) + "]"), "correct",
     "Format variant: a Python list of (disk, from, to) tuples")
dropped = moves[:3] + moves[4:]
case("hanoi-move-dropped", "tower_of_hanoi", e, tag("\n" + "\n".join(dropped) + "\n"), "incorrect",
     "Corrupted: the fourth move is dropped, so a later move is illegal")
case("hanoi-last-move-dropped", "tower_of_hanoi", e, tag("\n" + "\n".join(moves[:-1]) + "\n"), "incorrect",
     "Corrupted: the last move is dropped; every move is legal but the goal is not reached (reasoning-gym gives 0.05 partial credit)")
# An alternative valid (longer) plan: move disk 1 away and back first.
m0 = re.findall(r"\d+", moves[0])
s, t = e["metadata"]["start_peg"], e["metadata"]["target_peg"]
aux = [p for p in range(1, e["metadata"]["num_pegs"] + 1) if p not in (s, t)][0]
detour = [f"Move disk 1 from Peg {s} to Peg {aux}", f"Move disk 1 from Peg {aux} to Peg {s}"]
case("hanoi-valid-detour", "tower_of_hanoi", e, tag("\n" + "\n".join(detour + moves) + "\n"), "correct",
     "Alternative valid plan: a two-move detour first. The prompt does not ask for the fewest moves, so any valid plan is correct; reasoning-gym scales by optimum/length")
case("hanoi-wrong-disk-label", "tower_of_hanoi", e, tag("\n" + moves[0].replace("disk 1", "disk 2", 1) + "\n" + "\n".join(moves[1:]) + "\n"), "incorrect",
     "The first move names a disk that is not on top of its peg")
case("hanoi-prose", "tower_of_hanoi", e, tag("I would move the small disk first, then the others."), "incorrect",
     "Prose instead of moves: unreadable step")
# A 4-peg instance: an alternative optimal order.
d4 = ds("tower_of_hanoi", 23, 20, min_pegs=4, max_pegs=4, min_disks=3, max_disks=4)
e4 = d4[0]
case("hanoi-four-pegs-gold", "tower_of_hanoi", e4, tag("\n" + e4["answer"] + "\n"), "correct",
     "Four pegs: the Frame-Stewart plan is valid")

# ----------------------------------------------------------------- Jugs --
d = ds("jugs", 7, 4)
for i, e in enumerate(list(d)[:2]):
    case(f"jugs-gold-{i}", "jugs", e, tag(e["answer"]), "correct", "The stored BFS plan reaches the target")
e = d[0]
plan = json.loads(e["answer"])
case("jugs-numbered-lines", "jugs", e, tag("\n" + "\n".join(f"{k+1}. {m}" for k, m in enumerate(plan)) + "\n"), "correct",
     "Format variant: numbered lines instead of a JSON list")
case("jugs-detour", "jugs", e, tag(json.dumps(["fill A", "empty A"] + plan)), "correct",
     "Alternative valid plan with two wasted moves; the prompt does not ask for the fewest moves")
case("jugs-move-dropped", "jugs", e, tag(json.dumps(plan[:-1])), "incorrect",
     "Corrupted: the last move is dropped, the target is not reached (reasoning-gym gives 0.01 for a parsable list)")
case("jugs-unknown-jug", "jugs", e, tag(json.dumps(plan[:1] + ["pour A->Q"] + plan[1:])), "incorrect",
     "A pour into a jug that does not exist is illegal")

# -------------------------------------------------------------- Sokoban --
d = ds("sokoban", 5, 4)
for i, e in enumerate(list(d)[:2]):
    case(f"sokoban-gold-{i}", "sokoban", e, tag(e["answer"]), "correct", "The stored solution pushes every box onto a goal")
e = d[0]
sol = e["answer"]
case("sokoban-spaced-lowercase", "sokoban", e, tag(" ".join(sol.lower())), "correct",
     "Format variant: lowercase moves separated by spaces (reasoning-gym ignores the letters it does not know, so it scores 0)")
case("sokoban-move-dropped", "sokoban", e, tag(sol[:-1]), "incorrect", "Corrupted: the last push is dropped")
rows = [r for r in e["metadata"]["gamestr"].replace(" ", "").split("\n") if r]
pr, pc = next((r, c) for r, row in enumerate(rows) for c, ch in enumerate(row) if ch in "*%")
bump = next(m for m, (dr, dc) in {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}.items() if rows[pr + dr][pc + dc] == "+")
case("sokoban-into-wall", "sokoban", e, tag(bump + sol), "incorrect",
     "A first move into a wall is an illegal move here, reported at step 1; reasoning-gym treats it as a no-op and accepts the plan")

# --------------------------------------------------------- Quantum lock --
d = ds("quantum_lock", 3, 30)
for i, e in enumerate(list(d)[:2]):
    case(f"quantum-gold-{i}", "quantum_lock", e, tag(e["answer"]), "correct", "The stored BFS sequence reaches the target")
e = d[0]
path = e["metadata"]["solution_path"]
case("quantum-commas", "quantum_lock", e, tag(", ".join(path)), "correct", "Format variant: commas instead of arrows")
case("quantum-move-dropped", "quantum_lock", e, tag(" → ".join(path[:-1])), "incorrect", "Corrupted: the last press is dropped")
longer = None
for k, ent in enumerate(d):
    md = ent["metadata"]
    names = [b["name"] for b in md["buttons"]]
    # Look for a longer valid sequence: stored path with an inverse pair inserted.
    for a in names:
        for b in names:
            cand = [a, b] + md["solution_path"]
            if DATASETS["quantum_lock"].simulate_sequence(md, cand) == md["target_value"]:
                # Check every press is active in our model.
                v, light, ok = md["initial_value"], md["initial_state"], True
                for n in cand:
                    btn = next(x for x in md["buttons"] if x["name"] == n)
                    if btn["active_state"] not in ("any", light):
                        ok = False
                        break
                    v = v + btn["value"] if btn["type"] == "add" else v - btn["value"] if btn["type"] == "subtract" else v * btn["value"]
                    light = "green" if light == "red" else "red"
                if ok and v == md["target_value"]:
                    longer = (ent, cand)
                    break
        if longer:
            break
    if longer:
        break
if longer:
    ent, cand = longer
    case("quantum-suboptimal", "quantum_lock", ent, tag(" → ".join(cand)), "incorrect",
         "A valid but longer sequence: the prompt demands the shortest one, so it is suboptimal (reasoning-gym gives 0.5)")

# --------------------------------------------------------------- Oranges --
d = ds("rotten_oranges", 9, 6, min_n=4, max_n=7)
for i, e in enumerate(list(d)[:3]):
    case(f"oranges-gold-{i}", "rotten_oranges", e, tag(e["answer"]), "correct", "BFS gives the stored number of minutes")
e = d[0]
case("oranges-off-by-one", "rotten_oranges", e, tag(str(int(e["answer"]) + 1)), "incorrect", "One minute too many")
case("oranges-boxed", "rotten_oranges", e, f"So it takes \\boxed{{{e['answer']}}} minutes.", "correct",
     "The answer in a box instead of answer tags", rg_answer=e["answer"])

# ------------------------------------------------------------------- BF --
for lvl in (1, 2):
    d = ds("bf", 13 + lvl, 2, difficulty=lvl)
    e = d[0]
    case(f"bf-gold-level-{lvl}", "bf", e, tag(e["answer"]), "correct", "Our interpreter prints the stored output")
    case(f"bf-extra-text-level-{lvl}", "bf", e, tag(e["answer"] + " is the output"), "incorrect",
         "The output plus extra words: reasoning-gym gives substring partial credit, we give none")

# ---------------------------------------------------------- Game of Life --
d = ds("game_of_life", 17, 3, grid_size_x=6, grid_size_y=6, filled_cells=12, simulation_steps=2)
for i, e in enumerate(list(d)[:2]):
    case(f"life-gold-{i}", "game_of_life", e, tag(e["answer"]), "correct", "Toroidal B3/S23 simulation matches the stored grid")
e = d[0]
grid = json.loads(e["answer"])
case("life-text-grid", "game_of_life", e, tag("\n" + "\n".join(" ".join(map(str, r)) for r in grid) + "\n"), "correct",
     "Format variant: whitespace rows instead of JSON")
case("life-json-fence", "game_of_life", e, "```json\n" + json.dumps(grid) + "\n```", "correct",
     "Format variant: a fenced JSON block", rg_answer=e["answer"])
flipped = copy.deepcopy(grid)
flipped[2][3] ^= 1
case("life-one-cell-flipped", "game_of_life", e, tag(json.dumps(flipped)), "incorrect",
     "Corrupted: one cell flipped (reasoning-gym gives per-cell partial credit)")
case("life-wrong-shape", "game_of_life", e, tag(json.dumps(grid[:-1])), "incorrect", "A row is missing")

# ------------------------------------------------- Game of Life halting --
d = ds("game_of_life_halting", 19, 40, grid_size_x=12, grid_size_y=12, num_oscillators=3)
seen = set()
for e in d:
    a = e["answer"]
    if a in seen:
        continue
    seen.add(a)
    case(f"halting-gold-{a.lower()}", "game_of_life_halting", e, tag(a), "correct",
         f"The board simulated with cycle detection: the stored answer {a} is right")
    other = "False" if a == "True" else "True"
    case(f"halting-wrong-{other.lower()}", "game_of_life_halting", e, tag(other), "incorrect",
         f"The opposite answer; reasoning-gym's bool(answer) check accepts any non-empty string here")

# ---------------------------------------------------------------- CodeI/O --
d = ds("codeio", 29, 12)
outs = [e for e in d if "Given the following input" in e["question"]]
ins = [e for e in d if "Given the following output" in e["question"]]
if outs:
    e = outs[0]
    case("codeio-output-gold", "codeio", e, tag(e["answer"]), "correct", "Output prediction equal to the stored output")
    case("codeio-output-fenced", "codeio", e, "```json\n" + e["answer"] + "\n```", "correct",
         "Output prediction in a fenced JSON block", rg_answer=e["answer"])
    case("codeio-output-wrong", "codeio", e, tag(json.dumps({"nothing": 0})), "incorrect",
         "Output prediction with the wrong keys (reasoning-gym gives tree-edit-distance partial credit)")
if ins:
    e = ins[0]
    case("codeio-input-gold-unverified", "codeio", e, tag(e["answer"]), "correct",
         "Input prediction equal to the reference input; without an executor this is graded by comparison and the detail says unverified")

sys.stdout = REAL_STDOUT
print("# reasoning-gym simulation tasks, generated by scripts/gen_sim_fixtures.py")
print("# (reasoning-gym 0.1.25, fixed seeds). Each comment gives the reason for the")
print("# case and reasoning-gym's own score for the same answer.")
print()
print("\n".join(OUT))
