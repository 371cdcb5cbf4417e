#!/usr/bin/env python3
"""Load on `rlvr serve`: 64 concurrent clients, some of them hostile.

    python3 scripts/server_load.py --rlvr target/release/rlvr --seconds 600

Starts `rlvr serve` on a free loopback port (or uses --url) and runs, for
--seconds:
- graders (64 minus the others): each POSTs /score batches of --batch
  mixed rows drawn from a rows file (default fixtures/guru_sample.jsonl:
  every domain, code included when the server has it), one request after
  another; a request must come back 200 with one record per row (a 503
  is backpressure: the client waits for Retry-After and sends it again,
  and the retries are counted);
- one health prober: GET /health every 100 ms, timing each answer;
- one slow client: sends a /score request one byte a second;
- disconnectors: send a request head and half its body, then close;
- oversized bodies: a Content-Length past the server's --max-body-mb,
  which must get 413;
- malformed JSON, which must get 400.

The server's resident memory is sampled every second. Printed at the end:
requests by client class and answer, /health p50/p99/max, and the
server's resident set after a tenth of the run, at the middle and at the
end. The first half is the warm-up (the code sandbox loads, its pool
slots and the allocator's arenas fill); memory is flat when the second
half does not grow.

Exit status 1 when a well-formed request went unanswered or got a wrong
answer, when a hostile request got an answer other than the one expected,
when /health p99 is 100 ms or more, or when the resident set grew by more
than --max-growth-mib (default 32) from the middle of the run to the end.
Linux only (reads /proc when it starts the server). Standard library only.
"""

import argparse
import asyncio
import collections
import json
import os
import random
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def request(host, port, method, path, body=b"", timeout=600.0):
    """One HTTP/1.1 request on its own connection; (status, headers, body)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        writer.write(head + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, rest = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body_out, data = b"", rest
        while data:
            size_line, _, data = data.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            body_out += data[:size]
            data = data[size + 2 :]
        rest = body_out
    return status, headers, rest


class Stats:
    def __init__(self):
        self.counts = collections.Counter()
        self.failures = []
        self.health_ms = []
        self.retries = 0

    def fail(self, what):
        if len(self.failures) < 20:
            self.failures.append(what)
        self.counts["FAILURE"] += 1


async def grader(host, port, rows, batch, deadline, st, rng):
    while time.monotonic() < deadline:
        chosen = [rng.choice(rows) for _ in range(batch)]
        body = json.dumps({"rows": chosen}).encode()
        while True:
            try:
                status, headers, data = await request(host, port, "POST", "/score", body)
            except (OSError, asyncio.TimeoutError) as e:
                st.fail(f"grader: {e!r}")
                break
            if status == 503:
                st.retries += 1
                await asyncio.sleep(float(headers.get("retry-after", "1") or 1))
                continue
            if status != 200:
                st.fail(f"grader: status {status}: {data[:200]!r}")
                break
            records = json.loads(data).get("records", [])
            if len(records) != batch:
                st.fail(f"grader: {len(records)} records for {batch} rows")
            else:
                st.counts["score 200"] += 1
            break


async def health(host, port, deadline, st):
    while time.monotonic() < deadline:
        t = time.monotonic()
        try:
            status, _, _ = await request(host, port, "GET", "/health", timeout=10)
        except (OSError, asyncio.TimeoutError) as e:
            st.fail(f"health: {e!r}")
            status = 0
        st.health_ms.append((time.monotonic() - t) * 1000)
        if status != 200:
            st.fail(f"health: status {status}")
        await asyncio.sleep(0.1)


async def slow(host, port, rows, deadline, st):
    body = json.dumps({"rows": rows[:1]}).encode()
    raw = (f"POST /score HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    reader, writer = await asyncio.open_connection(host, port)
    sent = 0
    try:
        while time.monotonic() < deadline and sent < len(raw):
            writer.write(raw[sent : sent + 1])
            await writer.drain()
            sent += 1
            await asyncio.sleep(1.0)
        st.counts[f"slow client: {sent} of {len(raw)} bytes sent"] += 1
    except OSError as e:
        st.counts[f"slow client: cut off by the server after {sent} bytes ({type(e).__name__})"] += 1
    finally:
        writer.close()


async def disconnector(host, port, rows, deadline, st):
    body = json.dumps({"rows": rows}).encode()
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write((f"POST /score HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                          f"Content-Length: {len(body)}\r\n\r\n").encode() + body[: len(body) // 2])
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.close()
            st.counts["disconnect mid-body"] += 1
        except OSError as e:
            st.fail(f"disconnector: {e!r}")
        await asyncio.sleep(0.2)


async def oversized(host, port, max_body, deadline, st):
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write((f"POST /score HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
                          f"Content-Type: application/json\r\nContent-Length: {max_body + 1}\r\n\r\n").encode()
                         + b"[" + b" " * 65536)
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), 30)
            writer.close()
            status = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/") else 0
            if status == 413:
                st.counts["oversized 413"] += 1
            else:
                st.fail(f"oversized: status {status}")
        except (OSError, asyncio.TimeoutError) as e:
            st.fail(f"oversized: {e!r}")
        await asyncio.sleep(0.5)


async def malformed(host, port, deadline, st, rng):
    bodies = [b'{"rows": [', b"{rows: 1}", b"\xff\xfe\x00", b'{"rows": [{"data_source": }]}', b"null", b""]
    while time.monotonic() < deadline:
        try:
            status, _, _ = await request(host, port, "POST", "/score", rng.choice(bodies), timeout=30)
        except (OSError, asyncio.TimeoutError) as e:
            st.fail(f"malformed: {e!r}")
            continue
        if status in (400, 422):
            st.counts[f"malformed {status}"] += 1
        else:
            st.fail(f"malformed: status {status}")
        await asyncio.sleep(0.2)


async def sample_memory(pid, deadline, mem):
    while time.monotonic() < deadline:
        mib = rss_mib(pid) if pid else None
        if mib is not None:
            mem.append((time.monotonic(), mib))
        await asyncio.sleep(1.0)


async def run(args, host, port, pid):
    with open(args.rows, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    st, mem = Stats(), []
    start = time.monotonic()
    deadline = start + args.seconds
    rng = random.Random(0)
    others = 1 + 1 + args.disconnectors + args.oversized + args.malformed
    graders = max(1, args.clients - others)
    tasks = [grader(host, port, rows, args.batch, deadline, st, random.Random(i)) for i in range(graders)]
    tasks += [health(host, port, deadline, st), slow(host, port, rows, deadline, st)]
    tasks += [disconnector(host, port, rows, deadline, st) for _ in range(args.disconnectors)]
    tasks += [oversized(host, port, args.max_body_mb << 20, deadline, st) for _ in range(args.oversized)]
    tasks += [malformed(host, port, deadline, st, rng) for _ in range(args.malformed)]
    tasks.append(sample_memory(pid, deadline, mem))
    await asyncio.gather(*tasks)
    return st, mem, graders, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rlvr", default=os.path.join(ROOT, "target", "release", "rlvr"))
    ap.add_argument("--url", help="an already running server (host:port); no memory figures then")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--disconnectors", type=int, default=4)
    ap.add_argument("--oversized", type=int, default=3)
    ap.add_argument("--malformed", type=int, default=3)
    ap.add_argument("--max-body-mb", type=int, default=8)
    ap.add_argument("--rows", default=os.path.join(ROOT, "fixtures", "guru_sample.jsonl"))
    ap.add_argument("--max-growth-mib", type=float, default=32.0)
    args = ap.parse_args()

    proc = None
    if args.url:
        host, _, port = args.url.rpartition(":")
        port, pid = int(port), None
    else:
        host, port = "127.0.0.1", free_port()
        proc = subprocess.Popen([args.rlvr, "serve", "--addr", f"{host}:{port}",
                                 "--max-body-mb", str(args.max_body_mb)])
        pid = proc.pid
        for _ in range(600):
            try:
                socket.create_connection((host, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
    try:
        st, mem, graders, wall = asyncio.run(run(args, host, port, pid))
    finally:
        if proc:
            proc.terminate()
            proc.wait()

    print(f"{args.clients} clients ({graders} graders of {args.batch} rows) for {wall:.0f} s")
    for what, n in sorted(st.counts.items()):
        print(f"  {what}: {n}")
    print(f"  503 retries: {st.retries}")
    h = sorted(st.health_ms)
    p = lambda q: h[min(len(h) - 1, int(q * len(h)))] if h else float("nan")
    print(f"/health: {len(h)} answers, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {h[-1] if h else 0:.1f} ms")
    failed = list(st.failures)
    if mem:
        t0 = mem[0][0]
        warm = [m for t, m in mem if t - t0 >= wall / 10] or [mem[-1][1]]
        mid = [m for t, m in mem if t - t0 >= wall / 2] or [mem[-1][1]]
        print(f"server resident set: {warm[0]:.0f} MiB at a tenth of the run, {mid[0]:.0f} MiB at the middle, "
              f"{mem[-1][1]:.0f} MiB at the end, peak {max(m for _, m in mem):.0f} MiB")
        if mem[-1][1] - mid[0] > args.max_growth_mib:
            failed.append(f"resident set grew by {mem[-1][1] - mid[0]:.0f} MiB in the second half")
    if h and p(0.99) >= 100:
        failed.append(f"/health p99 {p(0.99):.1f} ms")
    if failed:
        print("FAILED:")
        for f in failed:
            print("  " + f)
        sys.exit(1)


if __name__ == "__main__":
    main()
