#!/usr/bin/env python3
"""Side-by-side latency of rlvr-code against native CPython harnesses.

Generates one workload (programs x 10 stdin/stdout tests each), then times,
in one run on the same machine:
  subprocess:   one `python3 -c` process per test (as the reference runs it);
  one-process:  one `python3` process per program running all its tests
                (exec per test), timed as a whole, interpreter start-up
                included: what running a program's tests natively costs;
  in-process:   the same harness inside this interpreter, without start-up;
  rlvr-code:    the sandboxed verifier (the `code_check` example, release).

    verifiers/code/guest/build.sh
    python3 scripts/compare_code.py [programs]
    RLVR_PROFILE=debug python3 scripts/compare_code.py   # a debug host build
                                     # (the guest is compiled code either way)
    RLVR_CODE_CHECK=target/debug/examples/code_check RLVR_PROFILE=debug \
        python3 scripts/compare_code.py  # an already built code_check binary

Never runs model code: the programs are fixed, generated here.
"""
import io, json, os, statistics, subprocess, sys, tempfile, time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 40
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROGRAMS = [
    "n = int(input())\nxs = list(map(int, input().split()))\nprint(sum(xs) * n)",
    "import sys\nd = sys.stdin.read().split()\nn = int(d[0])\nprint(max(map(int, d[1:])) * n)",
    "from collections import Counter\nn = int(input())\nxs = input().split()\nprint(n * sum(int(x) for x in Counter(xs)))",
    "n = int(input())\nxs = sorted(map(int, input().split()))\nprint(xs[-1] * n if xs else 0)",
]


def workload():
    rows = []
    for p in range(N):
        code = PROGRAMS[p % len(PROGRAMS)]
        inputs, outputs = [], []
        for i in range(10):
            xs = [(i * j + p) % 97 for j in range(20)]
            inputs.append(f"{i}\n{' '.join(map(str, xs))}\n")
            outputs.append(None)
        rows.append({"code": code, "inputs": inputs})
    # Expected outputs from the in-process run below (all programs are right).
    return rows


def run_subprocess(rows):
    lat = []
    for r in rows:
        t = time.perf_counter()
        outs = []
        for inp in r["inputs"]:
            outs.append(subprocess.run([sys.executable, "-c", r["code"]], input=inp.encode(),
                                       capture_output=True, timeout=30).stdout.decode())
        lat.append(time.perf_counter() - t)
        r["outputs"] = outs
    return lat


ONE_PROCESS = r"""
import io, json, sys
r = json.loads(sys.stdin.read())
code = compile(r["code"], "<p>", "exec")
real_stdin, real_stdout = sys.stdin, sys.stdout
outs = []
for inp in r["inputs"]:
    sys.stdin, sys.stdout = io.StringIO(inp), io.StringIO()
    try:
        exec(code, {"__name__": "__main__"})
        outs.append(sys.stdout.getvalue())
    finally:
        sys.stdin, sys.stdout = real_stdin, real_stdout
print(json.dumps(outs))
"""


def run_one_process(rows):
    lat = []
    for r in rows:
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-c", ONE_PROCESS], input=json.dumps(r).encode(),
                           capture_output=True, timeout=30, check=True)
        lat.append(time.perf_counter() - t)
        assert json.loads(p.stdout) == r["outputs"]
    return lat


def run_inprocess(rows):
    lat = []
    real_stdin, real_stdout = sys.stdin, sys.stdout
    for r in rows:
        t = time.perf_counter()
        code = compile(r["code"], "<p>", "exec")
        for inp, want in zip(r["inputs"], r["outputs"]):
            sys.stdin, sys.stdout = io.StringIO(inp), io.StringIO()
            try:
                exec(code, {"__name__": "__main__"})
                got = sys.stdout.getvalue()
            finally:
                sys.stdin, sys.stdout = real_stdin, real_stdout
            assert got == want, (got, want)
        lat.append(time.perf_counter() - t)
    return lat


def run_rlvr(rows):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in rows:
            gt = json.dumps({"inputs": r["inputs"], "outputs": r["outputs"]})
            f.write(json.dumps({"response": f"```python\n{r['code']}\n```", "ground_truth": gt}) + "\n")
        path = f.name
    binary = os.environ.get("RLVR_CODE_CHECK")
    if binary:
        cmd = [binary, "1", path]
    else:
        profile = ["--release"] if os.environ.get("RLVR_PROFILE", "release") == "release" else []
        cmd = ["cargo", "run", "-q", *profile, "-p", "rlvr-code", "--example", "code_check", "--", "1", path]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    for line in out.splitlines():
        if line.startswith("{"):
            return [x / 1e6 for x in json.loads(line)["latencies_us"]]
    raise SystemExit("no latencies from code_check:\n" + out)


def summary(name, lat):
    lat = sorted(lat)
    med, p99 = statistics.median(lat), lat[min(len(lat) - 1, int(0.99 * (len(lat) - 1) + 0.5))]
    print(f"{name:12s} median {med * 1e3:8.2f} ms  p99 {p99 * 1e3:8.2f} ms  {len(lat) / sum(lat):8.1f} programs/s/core")
    return med


rows = workload()
sub = summary("subprocess", run_subprocess(rows))
one = summary("one-process", run_one_process(rows))
inp = summary("in-process", run_inprocess(rows))
rl = summary("rlvr-code", run_rlvr(rows))
print(f"median ratios, {N} programs x 10 tests, python {sys.version.split()[0]}, "
      f"rlvr host build {os.environ.get('RLVR_PROFILE', 'release')}:")
print(f"  rlvr-code is {sub / rl:.1f}x faster than one python3 process per test")
print(f"  rlvr-code takes {rl / one:.2f}x the time of one native python3 process running all 10 tests")
print(f"  rlvr-code takes {rl / inp:.1f}x the native in-process time (no interpreter start-up)")
