#!/usr/bin/env python3
"""Soak: score many mixed rows with one `rlvr score` process and watch its memory.

    python3 scripts/soak.py --rlvr target/release/rlvr --rows 1000000 --threads 2

Rows are drawn in turn from a JSONL file of rows (default
`fixtures/guru_sample.jsonl`: every domain, code included; build the CLI
with `--features full` and the code guest for the code rows), each with a
fresh `id`, and streamed to the process's standard input while its records
are read from standard output, so neither the input nor the output is held
in memory or on disk. Every second the process's resident memory is read
from /proc.

Printed at the end:
- per verifier: rows, statuses, and rows/s per grading thread (from the
  records' `latency_us`: what one thread sustains on that domain);
- the whole run: wall time and rows/s;
- memory: the peak resident set (VmHWM), and the resident set at 10 %,
  50 % and 100 % of the rows, so growth with the row count shows.

Exit status 1 when a row lacks its record, when the peak resident set is
over --max-rss-mib (default 1024), or when the resident set grows by more
than --max-growth-mib (default 64) between 10 % of the rows and the end.
Linux only (reads /proc). Standard library only.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rlvr", default=os.path.join(ROOT, "target", "release", "rlvr"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--source", default=os.path.join(ROOT, "fixtures", "guru_sample.jsonl"))
    ap.add_argument("--skip", action="append", default=[], help="leave out rows whose data_source starts with this")
    ap.add_argument("--max-rss-mib", type=float, default=1024.0)
    ap.add_argument("--max-growth-mib", type=float, default=64.0)
    args = ap.parse_args()

    with open(args.source, encoding="utf-8") as f:
        pool = [json.loads(line) for line in f if line.strip()]
    pool = [r for r in pool if not any(str(r.get("data_source", "")).startswith(s) for s in args.skip)]
    if not pool:
        sys.exit("no rows to draw from")
    for r in pool:
        r.pop("id", None)
    # Each row serialised once, with a placeholder for its id.
    templates = [json.dumps({"id": 0, **r}, ensure_ascii=False)[len('{"id": 0') :] for r in pool]

    cmd = [args.rlvr, "score", "--input", "-", "--threads", str(args.threads), "--quiet"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 20)
    start = time.monotonic()

    def feed():
        try:
            out = proc.stdin
            for i in range(args.rows):
                out.write(f'{{"id": {i}{templates[i % len(templates)]}\n'.encode())
            out.close()
        except BrokenPipeError:
            pass

    done = [0]
    samples = []  # (rows done, rss KiB)
    peaks = []  # VmHWM, KiB
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            kib = rss_kib(proc.pid, "VmRSS")
            if kib is not None:
                samples.append((done[0], kib))
                peaks.append(rss_kib(proc.pid, "VmHWM") or kib)
            stop.wait(1.0)

    threading.Thread(target=feed, daemon=True).start()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    per = collections.defaultdict(lambda: {"rows": 0, "us": 0, "status": collections.Counter()})
    ids_ok = True
    for line in proc.stdout:
        rec = json.loads(line)
        if rec.get("id") != done[0]:
            ids_ok = False
        row = pool[done[0] % len(pool)]
        key = rec.get("verifier") or f"({row.get('data_source')})"
        p = per[key]
        p["rows"] += 1
        p["us"] += rec.get("latency_us", 0)
        p["status"][rec["status"]] += 1
        done[0] += 1
    peaks.append(rss_kib(proc.pid, "VmHWM") or 0)
    wall = time.monotonic() - start
    rc = proc.wait()
    stop.set()
    sampler.join()
    peak = max(peaks, default=0)

    print(f"{'verifier':<22} {'rows':>9} {'rows/s/thread':>14}  statuses")
    for key, p in sorted(per.items(), key=lambda kv: -kv[1]["rows"]):
        rate = p["rows"] / (p["us"] / 1e6) if p["us"] else float("inf")
        statuses = ", ".join(f"{s} {n}" for s, n in p["status"].most_common())
        print(f"{key:<22} {p['rows']:>9} {rate:>14.0f}  {statuses}")
    print(f"\n{done[0]} records for {args.rows} rows in {wall:.1f} s: {done[0] / wall:.0f} rows/s "
          f"with --threads {args.threads} (exit status {rc})")

    def rss_at(frac):
        want = frac * args.rows
        best = [kib for n, kib in samples if n >= want]
        return best[0] / 1024 if best else (samples[-1][1] / 1024 if samples else 0.0)

    at10, at50, at100 = rss_at(0.10), rss_at(0.50), rss_at(1.0)
    print(f"resident set: {at10:.0f} MiB at 10 %, {at50:.0f} MiB at 50 %, {at100:.0f} MiB at the end; "
          f"peak {peak / 1024:.0f} MiB")

    failed = []
    if done[0] != args.rows or not ids_ok or rc != 0:
        failed.append("records missing, out of order, or a failed exit")
    if peak / 1024 > args.max_rss_mib:
        failed.append(f"peak resident set over {args.max_rss_mib:.0f} MiB")
    if at100 - at10 > args.max_growth_mib:
        failed.append(f"resident set grew by {at100 - at10:.0f} MiB")
    if failed:
        print("FAILED: " + "; ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
