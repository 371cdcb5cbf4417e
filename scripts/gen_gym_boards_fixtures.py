#!/usr/bin/env python3
"""Generates fixtures/logic/gym_boards.toml: differential cases for the
rlvr-logic reasoning-gym tasks of the boards group (matrices, boards and
move replays; see verifiers/logic/src/gym/{matrices,boards,replay}.rs).

Run it with a Python that has `reasoning-gym` installed (a venv outside the
repository):

    /path/to/venv/bin/python scripts/gen_gym_boards_fixtures.py

For every task it generates entries with fixed seeds and, per entry, the
stored answer (or a solution found here where the task stores none), an
alternative valid answer or format variant, a corrupted answer and an
exploit. Each case records reasoning-gym's own `score_answer` beside the
status rlvr expects; where they differ, the case's comment says why rlvr
is right. Expectations are written here by rule per variant, never copied
from reasoning-gym's score. Cases whose name contains `bad-gold` hold an
entry whose stored answer is wrong by the question's own rules.
"""

import importlib.metadata
import itertools
import json
import os
import sys
from collections import deque

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

import reasoning_gym as rg

SEED = 20251206
OUT = "fixtures/logic/gym_boards.toml"
N = 10  # entries per task

cases = []
DATASETS = {}


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def case(task, entry, name, answer_text, status, why, response=None):
    ds = DATASETS[task]
    try:
        ref = ds.score_answer(answer_text, entry)
    except Exception as e:  # noqa: BLE001 - the reference may crash
        ref = f"raised {type(e).__name__}"
    if response is None:
        response = f"Let me think.\n<answer>{answer_text}</answer>"
    cases.append({"task": task, "name": name, "entry": entry, "response": response,
                  "status": status, "why": why, "ref": ref})


def make(task, count=N, seed=SEED, **cfg):
    ds = rg.create_dataset(task, seed=seed, size=count, **cfg)
    DATASETS[task] = ds
    return [ds[i] for i in range(count)]


def grid_text(g):
    return "\n".join(" ".join(str(x) for x in row) for row in g)


def as_json(g):
    """A grid as JSON: a list of rows, a one-row grid included (`[[...]]`:
    its two bracket levels are the grid's format, not wrapping)."""
    return json.dumps(g)


def flip_cell(g, r=0, c=0, mod=10):
    bad = [list(row) for row in g]
    bad[r][c] = (bad[r][c] + 1) % mod
    return bad


HEDGE = "it is either this:\n{a}\nor this:\n{b}"


def matrix_task(task, entries, truth, echo, corrupt_mod=10):
    """gold, JSON, one cell changed, hedge and echoed input."""
    for i, e in enumerate(entries):
        t = truth(e)
        n = f"{task.replace('_', '-')}-{i}"
        case(task, e, f"{n}-stored", e["answer"], "correct", "the stored matrix")
        case(task, e, f"{n}-json", as_json(t), "correct",
             "the matrix as a JSON list of rows is a format variant")
        case(task, e, f"{n}-one-cell", grid_text(flip_cell(t, mod=corrupt_mod)), "incorrect",
             "one cell changed")
        if i % 2 == 0:
            case(task, e, f"{n}-hedge", HEDGE.format(a=e["answer"], b=grid_text(echo(e))), "incorrect",
                 "a hedge offering the gold and another matrix")
        elif echo(e) != t:
            case(task, e, f"{n}-echoed-input", grid_text(echo(e)), "incorrect",
                 "the input matrix echoed back")
        else:
            case(task, e, f"{n}-code", "__import__('os').system('true')", "incorrect",
                 "a code payload is not a matrix")


# --- rotate_matrix ----------------------------------------------------------
ents = make("rotate_matrix", min_n=2, max_n=5)
matrix_task("rotate_matrix", ents, lambda e: e["metadata"]["solution"], lambda e: e["metadata"]["matrix"])

# --- spiral_matrix ----------------------------------------------------------
for i, e in enumerate(make("spiral_matrix", min_n=2, max_n=5)):
    sol = e["metadata"]["solution"]
    n = f"spiral-matrix-{i}"
    case("spiral_matrix", e, f"{n}-stored", e["answer"], "correct", "the stored order")
    case("spiral_matrix", e, f"{n}-json", json.dumps(sol), "correct",
         "a JSON list is a format variant; reasoning-gym gives a Python list 0.1")
    case("spiral_matrix", e, f"{n}-commas", ", ".join(map(str, sol)), "correct",
         "commas between the elements are a format variant")
    bad = list(sol)
    bad[-1], bad[-2] = bad[-2], bad[-1]
    st = "incorrect" if bad != sol else "correct"
    case("spiral_matrix", e, f"{n}-last-two-swapped", " ".join(map(str, bad)), st,
         "the last two elements swapped (the same list when they are equal)")
    rows = [x for row in e["metadata"]["matrix"] for x in row]
    if rows != sol:
        case("spiral_matrix", e, f"{n}-row-major", " ".join(map(str, rows)), "incorrect",
             "the elements in row order, not spiral order")
    case("spiral_matrix", e, f"{n}-nested", json.dumps(e["metadata"]["matrix"]), "incorrect",
         "the matrix echoed as a nested list")

# --- manipulate_matrix --------------------------------------------------------
ents = make("manipulate_matrix", min_rows=2, max_rows=5, min_cols=2, max_cols=5, min_transforms=1, max_transforms=4)
matrix_task("manipulate_matrix", ents, lambda e: e["metadata"]["solution"], lambda e: e["metadata"]["matrix"],
            corrupt_mod=100)

# --- pool_matrix --------------------------------------------------------------
for i, e in enumerate(make("pool_matrix", min_rows=2, max_rows=5, min_cols=2, max_cols=5, min_pool_size=2, max_pool_size=3)):
    m = e["metadata"]
    sol = m["solution"]
    n = f"pool-matrix-{i}"
    case("pool_matrix", e, f"{n}-stored", e["answer"], "correct", "the stored pooled matrix")
    case("pool_matrix", e, f"{n}-json-exact", as_json(sol), "correct",
         "the exact values as a JSON list are a format variant")
    bad = [list(r) for r in sol]
    bad[0][0] += 1
    case("pool_matrix", e, f"{n}-one-cell", grid_text(bad), "incorrect", "one cell off by one")
    # One decimal place where the exact value needs two: reasoning-gym's
    # 1% relative tolerance accepts it; the question asks for two places.
    coarse = [[round(x, 1) for x in r] for r in sol]
    if any(abs(a - b) > 0.005 + 1e-9 for ra, rb in zip(coarse, sol) for a, b in zip(ra, rb)):
        case("pool_matrix", e, f"{n}-one-decimal", grid_text(coarse), "incorrect",
             "values rounded to one decimal place are not correct to two")
    else:
        case("pool_matrix", e, f"{n}-echoed-input", grid_text(m["matrix"]), "incorrect",
             "the input matrix echoed back")

# --- binary_matrix --------------------------------------------------------------
ents = make("binary_matrix", min_n=3, max_n=6)
matrix_task("binary_matrix", ents, lambda e: e["metadata"]["solution"], lambda e: e["metadata"]["matrix"])

# --- modulo_grid ---------------------------------------------------------------
for i, e in enumerate(make("modulo_grid", size_x=8, size_y=8, max_holes=1)):
    n = f"modulo-grid-{i}"
    gold = e["answer"]
    case("modulo_grid", e, f"{n}-stored", gold, "correct", "the completed grid")
    case("modulo_grid", e, f"{n}-spaced", "\n".join(" ".join(row) for row in gold.splitlines()), "correct",
         "spaces between the cells are a format variant")
    lines = gold.splitlines()
    first = lines[0]
    flipped = ("❌" if first[0] == "✅" else "✅") + first[1:]
    case("modulo_grid", e, f"{n}-one-cell", "\n".join([flipped] + lines[1:]), "incorrect", "one cell flipped")
    echoed = e["question"].split("\n\n", 1)[1]
    case("modulo_grid", e, f"{n}-echoed-puzzle", echoed, "incorrect",
         "the puzzle with its question mark echoed back")

# --- arc_agi ----------------------------------------------------------------------
for i, e in enumerate(make("arc_agi")):
    out = [list(r) for r in e["metadata"]["output"]]
    inp = [list(r) for r in e["metadata"]["input"]]
    # The checker reads the output only: the test input is left out.
    meta = {k: v for k, v in e["metadata"].items() if k != "input"}
    e = dict(e, question="(ARC-AGI training pairs trimmed)", metadata=meta)
    n = f"arc-agi-{i}"
    case("arc_agi", e, f"{n}-stored", e["answer"], "correct", "the test output")
    case("arc_agi", e, f"{n}-json", json.dumps(out), "correct",
         "the grid as JSON is a format variant; reasoning-gym cannot parse it and gives 0")
    case("arc_agi", e, f"{n}-one-cell", grid_text(flip_cell(out)), "incorrect",
         "one cell changed; reasoning-gym gives any parsed grid 0.05")
    if inp != out:
        case("arc_agi", e, f"{n}-echoed-input", grid_text(inp), "incorrect",
             "the test input echoed back; reasoning-gym gives it 0.05")

# --- path_star ----------------------------------------------------------------------
for i, e in enumerate(make("path_star", reversed=False)):
    g = e["answer"].split()
    n = f"path-star-{i}"
    case("path_star", e, f"{n}-stored", e["answer"], "correct", "the unique path")
    case("path_star", e, f"{n}-commas", ", ".join(g), "correct",
         "commas between the labels are a format variant; reasoning-gym scores 0")
    bad = g[:-1] + [str(int(g[-1]) + 1)]
    case("path_star", e, f"{n}-wrong-goal", " ".join(bad), "incorrect", "the last label changed")
    case("path_star", e, f"{n}-skips-a-node", " ".join(g[:1] + g[2:]), "incorrect", "one node left out")
for i, e in enumerate(make("path_star", 2, reversed=True)):
    g = e["answer"].split()
    n = f"path-star-reversed-{i}"
    case("path_star", e, f"{n}-stored", e["answer"], "correct", "a reversed instance: the path from the goal")
    case("path_star", e, f"{n}-forward", " ".join(reversed(g)), "incorrect",
         "the path from the wrong end")

# --- sudoku --------------------------------------------------------------------------
for i, e in enumerate(make("sudoku", min_empty=30, max_empty=40)):
    sol = e["metadata"]["solution"]
    puz = e["metadata"]["puzzle"]
    n = f"sudoku-{i}"
    case("sudoku", e, f"{n}-stored", e["answer"], "correct", "the stored grid")
    case("sudoku", e, f"{n}-json", json.dumps(sol), "correct",
         "the grid as JSON is a format variant; reasoning-gym gives 0.9 times a length ratio")
    bad = [list(r) for r in sol]
    r = next(r for r in range(9) if sum(1 for c in range(9) if puz[r][c] == 0) >= 2)
    a, b = [c for c in range(9) if puz[r][c] == 0][:2]
    bad[r][a], bad[r][b] = bad[r][b], bad[r][a]
    case("sudoku", e, f"{n}-two-cells-swapped", grid_text(bad), "incorrect",
         "two blanks of a row swapped break two columns; reasoning-gym gives 79/81 times 0.9")
    if i % 2 == 0:
        case("sudoku", e, f"{n}-echoed-puzzle", grid_text(puz), "incorrect", "the puzzle with its blanks echoed")
    else:
        # A Latin square that ignores the boxes and the givens.
        latin = [[(r_ + c_) % 9 + 1 for c_ in range(9)] for r_ in range(9)]
        case("sudoku", e, f"{n}-latin-square", grid_text(latin), "incorrect",
             "a Latin square that breaks the boxes and the givens")

# --- kakurasu ----------------------------------------------------------------------------
for i, e in enumerate(make("kakurasu")):
    sol = e["metadata"]["solution"]
    n = f"kakurasu-{i}"
    case("kakurasu", e, f"{n}-stored", e["answer"], "correct", "the stored grid")
    case("kakurasu", e, f"{n}-packed-rows", "\n".join("".join(map(str, r)) for r in sol), "correct",
         "rows written without spaces are a format variant")
    case("kakurasu", e, f"{n}-one-cell", grid_text(flip_cell(sol, 0, 0, 2)), "incorrect", "one cell flipped")
    ones = [[1] * len(sol[0]) for _ in sol]
    case("kakurasu", e, f"{n}-all-ones", grid_text(ones), "incorrect", "every cell set")


# --- survo ----------------------------------------------------------------------------------
def survo_solutions(puz, cands, limit=3):
    n = len(puz)
    blanks = [(r, c) for r in range(n) for c in range(n) if puz[r][c] == 0]
    out = []
    for perm in set(itertools.permutations(cands)):
        g = [list(r) for r in puz]
        for (r, c), v in zip(blanks, perm):
            g[r][c] = v
        if all(sum(g[r][:-1]) == g[r][-1] for r in range(n)) and all(
                sum(g[r][c] for r in range(n - 1)) == g[n - 1][c] for c in range(n)):
            out.append(g)
            if len(out) >= limit:
                break
    return out


for i, e in enumerate(make("survo", min_board_size=4, max_board_size=5, min_empty=3, max_empty=5)):
    m = e["metadata"]
    sol = m["solution"]
    n = f"survo-{i}"
    case("survo", e, f"{n}-stored", e["answer"], "correct", "the stored grid")
    others = [s for s in survo_solutions(m["puzzle"], m["candidate_numbers"]) if s != sol]
    if others:
        case("survo", e, f"{n}-other-completion", grid_text(others[0]), "correct",
             "another placement of the candidate numbers that satisfies every sum; reasoning-gym compares with one solution")
    else:
        case("survo", e, f"{n}-json", json.dumps(sol), "correct",
             "the grid as JSON is a format variant; reasoning-gym reads whitespace rows only")
    bad = [list(r) for r in sol]
    bad[-1][-1] += 1
    case("survo", e, f"{n}-corner-off", grid_text(bad), "incorrect", "the grand total off by one")
    case("survo", e, f"{n}-echoed-puzzle", grid_text(m["puzzle"]), "incorrect", "the puzzle echoed with its blanks")

# Six or seven blanks on a 4x4 board often leave several placements.
sv = make("survo", 40, min_board_size=4, max_board_size=4, min_empty=6, max_empty=7)
multi = [(e, o) for e in sv
         for o in [[s_ for s_ in survo_solutions(e["metadata"]["puzzle"], e["metadata"]["candidate_numbers"])
                    if s_ != e["metadata"]["solution"]]] if o][:4]
for i, (e, others) in enumerate(multi):
    n = f"survo-many-{i}"
    case("survo", e, f"{n}-stored", e["answer"], "correct", "the stored grid")
    case("survo", e, f"{n}-other-completion", grid_text(others[0]), "correct",
         "another placement of the candidate numbers that satisfies every sum; reasoning-gym compares with one solution")


# --- color_cube_rotation --------------------------------------------------------------
for i, e in enumerate(make("color_cube_rotation", min_rotations=1, max_rotations=6)):
    gold = e["answer"]
    other = next(c for c in e["metadata"]["initial_state"].values() if c != gold)
    n = f"color-cube-{i}"
    case("color_cube_rotation", e, f"{n}-stored", gold, "correct", "the colour after the rotations")
    case("color_cube_rotation", e, f"{n}-capitalised", gold.capitalize() + ".", "correct",
         "a capital and a period are format variants; reasoning-gym gives 0.01")
    case("color_cube_rotation", e, f"{n}-other-colour", other, "incorrect",
         "another colour of the cube; reasoning-gym gives 0.01")
    case("color_cube_rotation", e, f"{n}-hedge", f"{gold} or {other}", "incorrect",
         "two colours offered; reasoning-gym gives 0.01")


# --- mahjong_puzzle --------------------------------------------------------------------
def mahjong_rule(hand, new):
    if hand.count(new) >= 2:
        return "Peng"
    x = ord(new)
    has = lambda d: chr(x + d) in hand  # noqa: E731
    if (has(-2) and has(-1)) or (has(-1) and has(1)) or (has(1) and has(2)):
        return "Chi"
    return "Pass"


mj = make("mahjong_puzzle", 40, min_num_rounds=10, max_num_rounds=20)
good = [e for e in mj if mahjong_rule(e["metadata"]["rounds"][-2]["cards"], e["metadata"]["rounds"][-1]["add"]) == e["answer"]]
bad_gold = [e for e in mj if e not in good]
for i, e in enumerate(good[:N]):
    gold = e["answer"]
    other = "Pass" if gold != "Pass" else "Chi"
    n = f"mahjong-{i}"
    case("mahjong_puzzle", e, f"{n}-stored", gold, "correct", "the last round's result by the rules")
    case("mahjong_puzzle", e, f"{n}-lowercase", gold.lower(), "correct",
         "lower case is a format variant; reasoning-gym's exact match scores 0")
    case("mahjong_puzzle", e, f"{n}-other", other, "incorrect", "another result")
    case("mahjong_puzzle", e, f"{n}-hedge", "Peng, Chi or Pass", "incorrect",
         "all three results offered; reasoning-gym pays the length ratio when the gold is inside")
for i, e in enumerate(bad_gold[:4]):
    m = e["metadata"]
    truth = mahjong_rule(m["rounds"][-2]["cards"], m["rounds"][-1]["add"])
    n = f"mahjong-bad-gold-{i}"
    case("mahjong_puzzle", e, f"{n}-stored", e["answer"], "incorrect",
         f"the generator labels this round {e['answer']}, but by the question's rules (hand "
         f"{m['rounds'][-2]['cards']}, new card {m['rounds'][-1]['add']}) it is {truth}")
    case("mahjong_puzzle", e, f"{n}-rules", truth, "correct", "the result by the question's rules")


# --- knight_swap ------------------------------------------------------------------------
def knight_geom(a, b):
    return {abs(ord(a[0]) - ord(b[0])), abs(int(a[1:]) - int(b[1:]))} == {1, 2}


def knight_bfs(squares, pieces, turn):
    w0 = frozenset(p for p, v in pieces.items() if v == "w")
    b0 = frozenset(p for p, v in pieces.items() if v == "B")
    start = (w0, b0, turn)
    prev = {start: None}
    q = deque([start])
    while q:
        s = q.popleft()
        w, b, t = s
        if w == b0 and b == w0:
            moves = []
            while prev[s] is not None:
                s, mv = prev[s]
                moves.append(mv)
            return moves[::-1]
        mine = w if t == "w" else b
        for p in sorted(mine):
            for to in squares:
                if to in w or to in b or not knight_geom(p, to):
                    continue
                moved = frozenset(x if x != p else to for x in mine)
                ns = (moved, b, "B") if t == "w" else (w, moved, "w")
                if ns not in prev:
                    prev[ns] = (s, f"{t},{p},{to}")
                    q.append(ns)
    return None


def detour(squares, pieces, turn, sol):
    """Four extra moves that go out and come back before the solution."""
    occ = {p for p, v in pieces.items() if v}
    other = "B" if turn == "w" else "w"
    for p in sorted(q for q, v in pieces.items() if v == turn):
        for to in squares:
            if to in occ or not knight_geom(p, to):
                continue
            occ2 = (occ - {p}) | {to}
            for p2 in sorted(q for q, v in pieces.items() if v == other):
                for to2 in squares:
                    if to2 in occ2 or to2 == p or not knight_geom(p2, to2):
                        continue
                    return [f"{turn},{p},{to}", f"{other},{p2},{to2}", f"{turn},{to},{p}", f"{other},{to2},{p2}"] + sol
    return None


ks = make("knight_swap", 14)
# Half impossible: the generator's "impossible" boards lose one knight's
# move in the metadata only; on about a third of them the drawn board
# still allows the swap.
ks += [e for e in make("knight_swap", 40, seed=7, impossible_ratio=0.5) if e["answer"] == "No"
       and knight_bfs(sorted(e["metadata"]["board"]), e["metadata"]["pieces"], e["metadata"]["start_turn"])][:3]
for i, e in enumerate(ks):
    m = e["metadata"]
    squares = sorted(m["board"])
    geo = knight_bfs(squares, m["pieces"], m["start_turn"])
    n = f"knight-swap-{i}"
    if e["answer"] == "No":
        if geo is None:
            case("knight_swap", e, f"{n}-stored-no", "No", "correct", "no swap exists on the drawn board")
            case("knight_swap", e, f"{n}-yes", "Yes", "incorrect", "claims a swap without moves")
        else:
            case("knight_swap", e, f"{n}-bad-gold-stored-no", "No", "incorrect",
                 "the generator deleted a knight's move from the metadata only: the board the question draws "
                 "still allows the swap, so `No` is wrong")
            case("knight_swap", e, f"{n}-bad-gold-drawn-board-swap", json.dumps(geo), "correct",
                 "a swap on the drawn board (it uses the move the metadata deleted; reasoning-gym scores it 0)")
        continue
    sol = json.loads(e["answer"])
    case("knight_swap", e, f"{n}-stored", e["answer"], "correct", "the stored shortest swap")
    d = detour(squares, m["pieces"], m["start_turn"], sol)
    if d:
        case("knight_swap", e, f"{n}-detour", json.dumps(d), "correct",
             "four extra moves out and back, then the swap: the question does not ask for the shortest; "
             "reasoning-gym scales by optimal/length")
    case("knight_swap", e, f"{n}-last-move-dropped", json.dumps(sol[:-1]), "incorrect",
         "stops one move short; reasoning-gym gives 0.05")
    case("knight_swap", e, f"{n}-no", "No", "incorrect", "a swap exists")
    if len(sol) >= 2:
        case("knight_swap", e, f"{n}-two-swapped", json.dumps([sol[1], sol[0]] + sol[2:]), "incorrect",
             "the first two moves swapped: the wrong side moves first")


# --- rush_hour ---------------------------------------------------------------------------
def rush_solve(config):
    from reasoning_gym.games.rush_hour import Board
    start = Board(config)
    n_pieces = len(start._pieces)
    labels = [chr(ord("A") + k) for k in range(n_pieces) if not start._pieces[k].fixed]

    def key(b):
        return tuple(p.position for p in b._pieces)

    frontier = deque([[]])
    seen = {key(start)}
    while frontier:
        moves = frontier.popleft()
        b = Board(config)
        b.perform_moves(" ".join(moves))
        if b.solved:
            return moves
        if len(moves) > 60:
            continue
        for lab in labels:
            for d in (-4, -3, -2, -1, 1, 2, 3, 4):
                mv = f"{lab}{'+' if d > 0 else '-'}{abs(d)}"
                b2 = Board(config)
                b2.perform_moves(" ".join(moves))
                before = b2._pieces[ord(lab) - 65].position
                b2.move(lab, d)
                after = b2._pieces[ord(lab) - 65].position
                stride = b2._pieces[ord(lab) - 65].stride
                if after - before != d * stride:
                    continue  # blocked somewhere: not a full legal move
                k = key(b2)
                if k not in seen:
                    seen.add(k)
                    frontier.append(moves + [mv])
    return None


for i, e in enumerate(make("rush_hour", min_moves=1, max_moves=6)):
    sol = rush_solve(e["metadata"]["board_config"])
    n = f"rush-hour-{i}"
    gold = " ".join(sol)
    case("rush_hour", e, f"{n}-solution", gold, "correct", "a solution found by breadth-first search")
    unit = []
    for mv in sol:
        for _ in range(int(mv[2:])):
            unit.append(f"{mv[0]}{mv[1]}1")
    case("rush_hour", e, f"{n}-unit-steps", ", ".join(unit), "correct",
         "the same moves one square at a time, with commas: another valid answer")
    if len(sol) > 1:
        case("rush_hour", e, f"{n}-last-move-dropped", " ".join(sol[:-1]), "incorrect",
             "stops one move short; reasoning-gym gives 0.01")
    else:
        case("rush_hour", e, f"{n}-red-car-back", sol[0] + " A-1", "incorrect",
             "the red car backs off the exit at the end")
    case("rush_hour", e, f"{n}-ram", "A+5", "incorrect",
         "drives the red car through whatever blocks it: reasoning-gym skips blocked steps; here a blocked step is illegal")
    if i == 0:
        case("rush_hour", e, f"{n}-prose", f"First I move {sol[0]}, then the rest: {gold}", "incorrect",
             "moves inside prose: reasoning-gym picks move tokens out of any text")
        case("rush_hour", e, f"{n}-too-many-moves", " ".join(["A-1", "A+1"] * 1100) + " " + gold, "incorrect",
             "2,200 moves and more: over the move cap, wrong before replay")


# --- boxnet -----------------------------------------------------------------------------------
def boxnet_plan(m):
    """One action per step: walk each box to its target square, then match it."""
    rows, cols = m["row_num"], m["column_num"]
    state = {k: list(v) for k, v in m["initial_state"].items()}
    steps = []

    def key(r, c):
        return f"{r + 0.5}_{c + 0.5}"

    for r in range(rows):
        for c in range(cols):
            for item in list(state[key(r, c)]):
                if not item.startswith("box_"):
                    continue
                colour = item[4:]
                tr, tc = next((a, b) for a in range(rows) for b in range(cols)
                              if f"target_{colour}" in state[key(a, b)])
                cr, cc = r, c
                while (cr, cc) != (tr, tc):
                    nr = cr + (1 if tr > cr else -1 if tr < cr else 0)
                    nc = cc if nr != cr else cc + (1 if tc > cc else -1)
                    steps.append({f"Agent[{cr + 0.5}, {cc + 0.5}]": f"move({item}, square[{nr + 0.5}, {nc + 0.5}])"})
                    state[key(cr, cc)].remove(item)
                    state[key(nr, nc)].append(item)
                    cr, cc = nr, nc
                steps.append({f"Agent[{cr + 0.5}, {cc + 0.5}]": f"move({item}, target_{colour})"})
                state[key(cr, cc)].remove(item)
                state[key(cr, cc)].remove(f"target_{colour}")
    return steps


def merge_steps(steps):
    """Merges consecutive single-action steps of different agents."""
    out = []
    for s in steps:
        if out and not (set(s) & set(out[-1])) and len(out[-1]) < 2:
            # Only when the action does not use a box moved in the step it joins.
            (ak, av), = s.items()
            moved_into = any(f"square[{ak[6:-1]}]" in v for v in out[-1].values())
            if not moved_into:
                out[-1] = {**out[-1], **s}
                continue
        out.append(dict(s))
    return out


for i, e in enumerate(make("boxnet", min_row_num=1, max_row_num=3, min_column_num=2, max_column_num=3)):
    e = dict(e, question="(boxnet instructions trimmed)")
    plan = boxnet_plan(e["metadata"])
    n = f"boxnet-{i}"
    case("boxnet", e, f"{n}-plan", json.dumps(plan), "correct", "one action per step, every box matched")
    merged = merge_steps(plan)
    if merged != plan and len(merged) > 1:
        case("boxnet", e, f"{n}-parallel", json.dumps(merged), "correct",
             "two agents acting in one step: another valid plan")
    case("boxnet", e, f"{n}-last-step-dropped", json.dumps(plan[:-1]), "incorrect",
         "one box left unmatched; reasoning-gym pays the matched share")
    case("boxnet", e, f"{n}-empty-plan", "[]", "incorrect", "no actions; reasoning-gym gives any JSON 0.05")
    first = next(iter(plan[0]))
    bogus = [{first: "move(box_purple, target_purple)"}]
    case("boxnet", e, f"{n}-illegal-action", json.dumps(bogus + plan), "incorrect",
         "an action with no such box or target: illegal here; reasoning-gym skips it")


# --- tsumego --------------------------------------------------------------------------------
def tsumego_captures(ds, board):
    """Stones each legal black move captures, by reasoning-gym's own rules."""
    size = len(board)
    out = {}
    for r in range(size):
        for c in range(size):
            b = [row[:] for row in board]
            ds._ko_point = None
            before = sum(x == "O" for row in b for x in row)
            if ds._make_move(b, r, c, "X"):
                out[f"{chr(65 + c)}{size - r}"] = before - sum(x == "O" for row in b for x in row)
    ds._ko_point = None
    return out


ts = make("tsumego", 40, min_board_size=9, max_board_size=9)
ds_ts = DATASETS["tsumego"]
n_good = n_none = n_less = 0
for i, e in enumerate(ts):
    gold = e["answer"]
    caps = tsumego_captures(ds_ts, e["metadata"]["board"])
    best = max(caps.values())
    n = f"tsumego-{i}"
    if best == 0:
        if n_none < 2:
            n_none += 1
            case("tsumego", e, f"{n}-bad-gold-no-capture", gold, "gold_unparseable",
                 "no black move captures anything on this board (the generator's formation kept a liberty): "
                 "the instance has no key move, so it is not graded")
        continue
    if caps.get(gold, 0) < best:
        if n_less < 2:
            n_less += 1
            top = next(p for p, k in caps.items() if k == best)
            case("tsumego", e, f"{n}-bad-gold-stored", gold, "incorrect",
                 f"the stored move captures {caps.get(gold, 0)} stone(s) but {top} captures {best}")
            case("tsumego", e, f"{n}-bad-gold-best", top, "correct", f"{top} captures the most stones ({best})")
        continue
    if n_good >= N:
        continue
    n_good += 1
    case("tsumego", e, f"{n}-stored", gold, "correct", "the capturing move")
    case("tsumego", e, f"{n}-lowercase", gold.lower(), "correct", "lower case is a format variant")
    others = [p for p, k in caps.items() if k == best and p != gold]
    if others:
        case("tsumego", e, f"{n}-other-best", others[0], "correct",
             "another move that captures as many stones")
    other = next(p for p, k in caps.items() if k < best)
    case("tsumego", e, f"{n}-other-point", other, "incorrect",
         "a legal move that captures less; reasoning-gym gives any coordinate 0.05")
    case("tsumego", e, f"{n}-hedge", f"{gold} or {other}", "incorrect",
         "two moves offered; reasoning-gym pays a length ratio")


# --- rubiks_cube ------------------------------------------------------------------------------
def cube_inverse(moves):
    out = []
    for t in reversed(moves.split()):
        out.append(t[:-1] if t.endswith("'") else t + "'")
    return " ".join(out)


for size, count in ((3, N), (2, 1), (4, 1)):
    ents = make("rubiks_cube", count, cube_size=size, min_scramble_steps=3, max_scramble_steps=8)
    for i, e in enumerate(ents):
        m = e["metadata"]
        e = dict(e, question="(cube drawing trimmed)")
        inv = cube_inverse(m["scramble_moves"])
        n = f"rubiks-cube-{size}-{i}"
        if m["example_correct_answer"]:
            case("rubiks_cube", e, f"{n}-example", m["example_correct_answer"], "correct",
                 "the instance's example solution")
        layered = any(t[0].isdigit() for t in inv.split())
        case("rubiks_cube", e, f"{n}-inverse-scramble", inv, "correct",
             "the scramble undone move by move: another solution"
             + ("; reasoning-gym's move expansion drops tokens that start with a layer digit (`1Rw'`), "
                "so it replays another sequence and rejects this solution" if layered else ""))
        if size == 3 and i < 3:
            case("rubiks_cube", e, f"{n}-inverse-then-turn-cube", inv + " R M' L' Y", "correct",
                 "then R M' L' (a whole-cube turn, as X) and Y: still solved")
            case("rubiks_cube", e, f"{n}-inverse-then-slice", inv + " R M L'", "incorrect",
                 "then R M L': the slice turns the wrong way for a whole-cube turn")
            case("rubiks_cube", e, f"{n}-inverse-lowercase", inv.lower(), "incorrect",
                 "lower-case letters are not the notation (reasoning-gym raises and gives 0.01)")
        case("rubiks_cube", e, f"{n}-last-move-dropped", " ".join(inv.split()[:-1]) or "U", "incorrect",
             "one move short; reasoning-gym means to pay the share of right stickers, but its partial "
             "score raises and it gives 0.01")
        if i == 0:
            case("rubiks_cube", e, f"{n}-echoed-scramble", m["scramble_moves"], "incorrect",
                 "the scramble echoed: the cube is scrambled twice")
            case("rubiks_cube", e, f"{n}-too-many-moves", " ".join(["R"] * 2400) + " " + inv, "incorrect",
                 "2,400 quarter turns of R (an identity) before the solution: over the move cap, wrong before "
                 "replay; reasoning-gym replays it and gives 1")


def write():
    lines = [
        "# Differential cases for the reasoning-gym boards group of rlvr-logic",
        "# (matrices, boards, move replays).",
        "# Generated by scripts/gen_gym_boards_fixtures.py from",
        f"# reasoning-gym {importlib.metadata.version('reasoning-gym')} with seed {SEED}; do not edit by hand.",
        "# Each comment says why the case exists and what reasoning-gym's own",
        "# score_answer gives; where it differs from ours, why ours is right.",
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
        lines.append(f"name = {toml_str('rg-' + c['name'])}")
        lines.append('data_source = "reasoning_gym"')
        lines.append(f"response = {toml_str(c['response'])}")
        gt = c["entry"]["answer"]
        lines.append(f"ground_truth = {toml_str(gt if gt is not None else '')}")
        entry = {k: c["entry"][k] for k in ("question", "answer", "metadata")}
        # Keep the file small: the checkers read the metadata, not the
        # question, and not knight swap's replayed board states.
        if len(entry["question"]) > 160:
            entry["question"] = entry["question"][:160] + " (trimmed)"
        entry["metadata"] = {k: v for k, v in entry["metadata"].items() if k != "board_states"}
        lines.append(
            f"extra_info = {{ task = {toml_str(c['task'])}, entry = {toml_str(json.dumps(entry, ensure_ascii=False))} }}"
        )
        lines.append(f'expect = {{ status = "{c["status"]}" }}')
        lines.append("")
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {len(cases)} cases to {OUT}; reasoning-gym agrees on {agree}", file=sys.stderr)
    by = {}
    for c in cases:
        t = by.setdefault(c["task"], [0, 0])
        t[0] += 1
        ours = 1.0 if c["status"] == "correct" else 0.0
        t[1] += isinstance(c["ref"], (int, float)) and abs(float(c["ref"]) - ours) < 1e-9
    for k, (tot, ag) in sorted(by.items()):
        print(f"  {k}: {tot} cases, {ag} agree", file=sys.stderr)


write()
