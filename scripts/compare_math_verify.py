#!/usr/bin/env python3
"""Side-by-side comparison of Math-Verify and rlvr-math on one corpus.

Runs both graders on the cases of ``fixtures/math/*.toml`` in one run and
prints, for each, the accuracy against the expected verdicts, the false
positives (graded correct where the fixture says not correct), the
single-core throughput and latency percentiles, and the speed ratio.

Math-Verify is the differential oracle, not the ground truth: the fixture
comments say why we differ where we do.

Usage (Math-Verify lives in a virtual environment outside the repo):

    python3 -m venv /tmp/venv-mv && /tmp/venv-mv/bin/pip install math-verify
    cargo build --release -p rlvr-math --example judge
    /tmp/venv-mv/bin/python scripts/compare_math_verify.py \
        --judge target/release/examples/judge

Both graders get one untimed warm-up call first (rlvr builds its lazily
compiled regexes, Math-Verify loads sympy and its grammar).

Math-Verify is called as its README advises for RL: the gold wrapped in
``$…$`` and parsed with the LaTeX and expression extractors, the response
parsed with ``boxed_match_priority=0``. Both graders run on one core in
this process's thread (rlvr through its ``judge`` example, whose in-process
latencies are what we time; rlvr makes ``--repeat`` passes and each case
counts its median pass, which damps noise from a shared machine). Binary accuracy counts ``correct`` against
everything else, because Math-Verify has no "no answer" verdict; cases whose
expected status is an error (``gold_unparseable``) are left out, since
Math-Verify cannot report one.
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_cases(pattern):
    cases = []
    for path in sorted(glob.glob(pattern)):
        stem = os.path.splitext(os.path.basename(path))[0]
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        for c in doc.get("case", []):
            status = c["expect"].get("status") or c["expect"].get("verdict")
            if status == "gold_unparseable":
                continue
            cases.append(
                {
                    "name": f"math/{stem}/{c['name']}",
                    "data_source": c["data_source"],
                    "response": c["response"],
                    "ground_truth": c["ground_truth"],
                    "extra_info": c.get("extra_info"),
                    "expect": status,
                }
            )
    return cases


def gold_string(gt):
    """The gold answer string, read the way rlvr reads it."""
    if isinstance(gt, list):
        gt = gt[0]
    s = str(gt)
    if "####" in s:
        s = s.rsplit("####", 1)[1]
    return s.strip()


def run_math_verify(cases):
    from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse, verify

    pred_cfg = [LatexExtractionConfig(boxed_match_priority=0), ExprExtractionConfig()]
    gold_cfg = [LatexExtractionConfig(), ExprExtractionConfig()]
    # One untimed call first: sympy and the grammar load lazily.
    verify(parse("$1$", extraction_config=gold_cfg), parse("\\boxed{1}", extraction_config=pred_cfg))
    verdicts, lat = [], []
    for c in cases:
        start = time.perf_counter()
        try:
            gold = parse("$" + gold_string(c["ground_truth"]) + "$", extraction_config=gold_cfg)
            pred = parse(c["response"], extraction_config=pred_cfg)
            ok = bool(verify(gold, pred))
        except Exception:  # noqa: BLE001 - any failure is "not correct"
            ok = False
        lat.append(time.perf_counter() - start)
        verdicts.append("correct" if ok else "incorrect")
    return verdicts, lat


def run_rlvr(cases, judge):
    lines = []
    for c in cases:
        row = {k: c[k] for k in ("data_source", "response", "ground_truth")}
        row["extra_info"] = c["extra_info"]
        lines.append(json.dumps(row))
    out = subprocess.run(
        ["taskset", "-c", "0", judge] if shutil_which("taskset") else [judge],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    verdicts, lat = [], []
    for line in out.splitlines():
        r = json.loads(line)
        verdicts.append(r["status"])
        lat.append(r["latency_ns"] / 1e9)
    return verdicts, lat


def shutil_which(cmd):
    from shutil import which

    return which(cmd)


def score(cases, verdicts):
    right = fp = fn = 0
    exact = 0
    wrong = []
    for c, v in zip(cases, verdicts):
        want = c["expect"] == "correct"
        got = v == "correct"
        if want == got:
            right += 1
        elif got:
            fp += 1
            wrong.append(("FP", c["name"]))
        else:
            fn += 1
            wrong.append(("FN", c["name"]))
        exact += v == c["expect"]
    return right, fp, fn, exact, wrong


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--judge", default=os.path.join(ROOT, "target/release/examples/judge"))
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "fixtures/math/*.toml"))
    ap.add_argument("--list", action="store_true", help="list every disagreement")
    ap.add_argument("--top", type=int, default=10, help="list the N slowest cases of rlvr-math")
    ap.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="rlvr-math passes over the corpus; each case's latency is its median over the passes",
    )
    ap.add_argument(
        "--rlvr-only", action="store_true", help="skip Math-Verify (timing and accuracy of rlvr only)"
    )
    args = ap.parse_args()

    cases = load_cases(args.fixtures)
    n = len(cases)
    print(f"{n} cases from {args.fixtures}")
    rv, rl = run_rlvr(cases, args.judge)
    passes = [rl]
    for _ in range(args.repeat - 1):
        again, lat2 = run_rlvr(cases, args.judge)
        if again != rv:
            sys.exit("rlvr-math gave different verdicts on two passes")
        passes.append(lat2)
    # The machine may be shared: a case's latency is its median pass.
    rl = [statistics.median(ts) for ts in zip(*passes)]
    results = [("rlvr-math", rv, rl)]
    if not args.rlvr_only:
        mv, ml = run_math_verify(cases)
        results.append(("math-verify", mv, ml))

    for name, verdicts, lat in results:
        right, fp, fn, exact, wrong = score(cases, verdicts)
        total = sum(lat)
        print(
            f"{name:12s} accuracy {right / n:7.2%} ({right}/{n})  false positives {fp:3d}  "
            f"false negatives {fn:3d}  exact status {exact}/{n}"
        )
        print(
            f"{'':12s} throughput {n / total:12.1f}/s  median {statistics.median(lat) * 1e6:10.1f} us  "
            f"p99 {pct(lat, 99) * 1e6:12.1f} us  max {max(lat) * 1e6:12.1f} us"
        )
        if args.list:
            for kind, case in wrong:
                print(f"{'':12s}   {kind} {case}")
    slow = sorted(zip(rl, cases), key=lambda t: -t[0])[: args.top]
    print(f"rlvr-math slowest {len(slow)}:")
    for t, c in slow:
        print(f"{'':12s} {t * 1e6:10.1f} us  {c['name']}")
    patho = [t for t, c in zip(rl, cases) if "/pathological/" in c["name"]]
    if patho:
        print(f"rlvr-math pathological cases: {len(patho)}, max {max(patho) * 1e3:.3f} ms")
    if args.rlvr_only:
        return 0
    ratio = sum(ml) / sum(rl)
    print(f"throughput ratio rlvr-math / math-verify: {ratio:,.0f}x")
    agree = sum((a == "correct") == (b == "correct") for a, b in zip(rv, mv))
    print(f"binary agreement between the two: {agree}/{n}")


if __name__ == "__main__":
    sys.exit(main())
