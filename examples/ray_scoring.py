"""Score a Guru / verl parquet file on a pool of Ray actors with rlvr.

    python examples/ray_scoring.py rows.parquet [--actors 4] [--batch 512] [--out records.jsonl]

Each actor imports the `rlvr` wheel once and grades its chunks with
`rlvr.compute_score_batch` on Rust threads (the GIL is released, so one
actor per node with `num_threads` = its CPUs is enough; several actors
spread the work across nodes). Rows are read with pyarrow (or pandas);
the response is the `response` or `solution_str` column, as `rlvr score`
reads them.

Exits 0 with a message when `ray` or a parquet reader is not installed, so
it can sit in a smoke test on machines without them.
"""

import argparse
import json
import sys
import time


def read_rows(path):
    """The parquet rows as dicts (pyarrow, else pandas)."""
    try:
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    except ImportError:
        pass
    import pandas as pd  # raises ImportError when neither is installed

    return pd.read_parquet(path).to_dict(orient="records")


def columns(rows):
    """verl's batch columns from Guru rows."""
    sources, responses, golds, extras = [], [], [], []
    for row in rows:
        sources.append(row.get("data_source"))
        # Parquet fills a column a row lacks with None: take the first set.
        response = row.get("response")
        responses.append(response if response is not None else row.get("solution_str"))
        reward_model = row.get("reward_model") or {}
        if isinstance(reward_model, str):  # some exports store it as JSON
            reward_model = json.loads(reward_model)
        if "ground_truth" in reward_model:
            golds.append(reward_model["ground_truth"])
        else:
            golds.append(row.get("ground_truth"))
        extras.append(row.get("extra_info"))
    return sources, responses, golds, extras


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parquet")
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--threads", type=int, default=None, help="Rust threads per actor")
    parser.add_argument("--out", default=None, help="write one JSON record per row")
    args = parser.parse_args()

    try:
        import ray
    except ImportError:
        print("ray is not installed: pip install 'ray[default]' to run this example")
        return 0
    try:
        rows = read_rows(args.parquet)
    except ImportError:
        print("reading parquet needs pyarrow or pandas: pip install pyarrow")
        return 0
    from ray.util import ActorPool

    @ray.remote
    class Scorer:
        """One rlvr registry per actor, built on first use."""

        def __init__(self, threads):
            import rlvr

            self.rlvr = rlvr
            self.threads = threads

        def score(self, chunk_id, rows):
            records = self.rlvr.compute_score_batch(*columns(rows), num_threads=self.threads)
            return chunk_id, records

    ray.init(ignore_reinit_error=True)
    pool = ActorPool([Scorer.remote(args.threads) for _ in range(args.actors)])
    chunks = [rows[i : i + args.batch] for i in range(0, len(rows), args.batch)]
    start = time.perf_counter()
    results = dict(pool.map_unordered(lambda a, c: a.score.remote(*c), list(enumerate(chunks))))
    elapsed = time.perf_counter() - start
    records = [r for i in range(len(chunks)) for r in results[i]]

    counts = {}
    for r in records:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    mean = sum(r["score"] for r in records) / max(len(records), 1)
    print(f"{len(records)} rows in {elapsed:.2f}s on {args.actors} actors; mean score {mean:.4f}")
    for status, n in sorted(counts.items()):
        print(f"  {status:<20} {n}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for row, rec in zip(rows, records):
                ids = {k: row[k] for k in ("id", "index") if k in row}
                f.write(json.dumps({**ids, **rec}) + "\n")
    ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
