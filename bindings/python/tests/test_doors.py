"""One batch through the three doors: the Python bindings, `rlvr score` and
the server's `/score`. The same rows must get the same records (latency
aside), since all three read rows, prompts and chat content with the one
reader in rlvr-core.

The CLI and the server are the `rlvr` binary: `RLVR_BIN` if set, else
`target/debug/rlvr` or `target/release/rlvr` when built with the `serve`
feature (CI's test step builds it with every feature), else it is built
here (`cargo build --bin rlvr --features serve`).
"""

import copy
import json
import os
import pathlib
import re
import socket
import subprocess
import time
import urllib.request

import rlvr

ROOT = pathlib.Path(__file__).resolve().parents[3]
GURU = ROOT / "fixtures" / "guru_sample.jsonl"
# Domains the wheel has by default (code and table are opt-in there).
WHEEL_DOMAINS = ("math", "logic", "stem", "ood", "reasoning_gym", "zebra", "ordering", "graph",
                 "aime", "openai/gsm8k", "mth", "simulation__arcagi")


def binary():
    if os.environ.get("RLVR_BIN"):
        return os.environ["RLVR_BIN"]
    for profile in ("debug", "release"):
        b = ROOT / "target" / profile / "rlvr"
        if b.exists() and "serve" in subprocess.run([b, "--help"], capture_output=True, text=True).stdout:
            return str(b)
    subprocess.run(["cargo", "build", "--bin", "rlvr", "--features", "serve"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "debug" / "rlvr")


def rows():
    with open(GURU, encoding="utf-8") as f:
        guru = [json.loads(line) for line in f if line.strip()]
    out = [r for r in guru if r["data_source"].startswith(WHEEL_DOMAINS)]
    # Prompts in every shape, on rows whose verdict reads the prompt (the
    # graph puzzle's implications, IFEval's instructions).
    for r in guru:
        chat = r.get("prompt")
        if not isinstance(chat, list) or not r["data_source"].startswith(("logic__graph", "ood__ifeval")):
            continue
        text = chat[-1]["content"]
        half = len(text) // 2
        shapes = [
            text,
            [{"role": "user", "content": [{"type": "text", "text": text[:half]},
                                          {"type": "image_url", "image_url": {"url": "x"}},
                                          text[half:]]}],
            {"role": "user", "content": text},
            [{"content": text}],
            [{"role": "system", "content": None}, {"role": "user", "content": text}],
            [],
            None,
            7,
            ["not a message"],
            [{"role": "user"}],
            [{"role": 3, "content": text}],
        ]
        for p in shapes:
            v = copy.deepcopy(r)
            v["prompt"] = p
            out.append(v)
    # Other row shapes: extra_info as a JSON string, a flat ground truth,
    # solution_str.
    m = copy.deepcopy(out[0])
    m["extra_info"] = json.dumps(m.get("extra_info") or {"index": 1})
    out.append(m)
    flat = {"data_source": "math__math", "solution_str": "\\boxed{3}", "ground_truth": "3"}
    out.append(flat)
    # A null ground truth (the Python entry points cannot say "absent").
    out.append({"data_source": "math__math", "response": "\\boxed{3}", "ground_truth": None})
    return out


def comparable(rec):
    out = {k: rec.get(k) or "" for k in ("status", "pred", "detail", "verifier")}
    # `rlvr score` names the input line of a row it cannot read (`line 39:
    # malformed row: ...`); the rest of the record is the same.
    out["detail"] = re.sub(r"^line \d+: ", "", out["detail"])
    return out | {"score": rec["score"]}


def python_door(batch):
    def gt(r):
        return r.get("reward_model", {}).get("ground_truth", r.get("ground_truth"))

    return rlvr.compute_score_batch(
        [r["data_source"] for r in batch],
        [r.get("response", r.get("solution_str")) for r in batch],
        [gt(r) for r in batch],
        [r.get("extra_info") for r in batch],
        prompts=[r.get("prompt") for r in batch],
    )


def cli_door(exe, batch, tmp_path):
    src, dst = tmp_path / "rows.jsonl", tmp_path / "records.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in batch), encoding="utf-8")
    subprocess.run([exe, "score", "--input", src, "--output", dst, "--quiet"], check=False,
                   capture_output=True)
    return [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]


def server_door(exe, batch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "serve", "--addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        req = urllib.request.Request(f"http://127.0.0.1:{port}/score",
                                     data=json.dumps({"rows": batch}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=300) as resp:
            return json.loads(resp.read())["records"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_one_batch_gets_the_same_records_through_every_door(tmp_path):
    exe = binary()
    batch = rows()
    assert len(batch) > 40
    doors = {
        "python": python_door(batch),
        "cli": cli_door(exe, batch, tmp_path),
        "server": server_door(exe, batch),
    }
    for name, recs in doors.items():
        assert len(recs) == len(batch), f"{name}: {len(recs)} records for {len(batch)} rows"
    statuses = [r["status"] for r in doors["python"]]
    # The shapes did what they say: readable prompts graded, unreadable ones
    # refused as malformed rows (`internal_error`, naming the prompt).
    assert "correct" in statuses
    refused = [r for r in doors["python"] if r["status"] == "internal_error"]
    assert len(refused) >= 4 and all("`prompt`" in r["detail"] for r in refused), refused
    for i, row in enumerate(batch):
        want = comparable(doors["python"][i])
        for name in ("cli", "server"):
            got = comparable(doors[name][i])
            assert got == want, f"row {i} ({row['data_source']}, prompt {row.get('prompt')!r:.80}): python {want} != {name} {got}"
