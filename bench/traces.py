"""`seams import traces` on 1,000,000 spans, side by side with the servicegraph
connector's rules in Python (bench/servicegraph.py, the script that derived
the trace fixtures' expectations) on identical input: both must find the same
calls; Seams must read ten files of 100,000 spans in under 60 s and 1 GB.

The spans are generated (seeded) as the collector's file exporter writes them
(one OTLP JSON document per line): 100,000 traces of 10 spans over 50
services, each a chain of four client → server hops plus one internal span,
1 % of server spans failed.

    python3 bench/traces.py --dir target/bench --seams target/release/seams
"""
import argparse
import collections
import json
import pathlib
import random
import resource
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import servicegraph  # noqa: E402

FILES, TRACES_PER_FILE, SERVICES, HOPS = 10, 10_000, 50, 4
LIMIT_SECONDS, LIMIT_BYTES = 60.0, 1 << 30


def span(trace, ix, parent, name, kind, start, millis, failed=False):
    record = {
        "traceId": trace,
        "spanId": f"{ix:016x}",
        "name": name,
        "kind": kind,
        "startTimeUnixNano": str(start),
        "endTimeUnixNano": str(start + millis * 1_000_000),
        "attributes": [{"key": "http.method", "value": {"stringValue": "GET"}}],
    }
    if parent is not None:
        record["parentSpanId"] = f"{parent:016x}"
    if failed:
        record["status"] = {"code": 2}
    return record


def write_files(folder):
    rng = random.Random(14)
    paths, ids = [], 0
    for number in range(FILES):
        path = folder / f"traces-{number}.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for t in range(TRACES_PER_FILE):
                trace = f"{number:08x}{t:024x}"
                by_service = collections.defaultdict(list)
                service = rng.randrange(SERVICES)
                ids += 1
                server = ids
                start = 1_700_000_000_000_000_000 + t * 1_000_000_000
                by_service[service].append(span(trace, server, None, f"op{rng.randrange(20)}", 2, start, 50))
                ids += 1
                by_service[service].append(span(trace, ids, server, "work", 1, start, 5))
                for _ in range(HOPS):
                    callee = rng.randrange(SERVICES)
                    ids += 1
                    client = ids
                    by_service[service].append(span(trace, client, server, "GET", 3, start, 20))
                    ids += 1
                    server = ids
                    by_service[callee].append(
                        span(trace, server, client, f"op{rng.randrange(20)}", 2, start, rng.randint(1, 19), rng.random() < 0.01)
                    )
                    service = callee
                document = {
                    "resourceSpans": [
                        {
                            "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": f"svc{s}"}}]},
                            "scopeSpans": [{"spans": spans}],
                        }
                        for s, spans in by_service.items()
                    ]
                }
                out.write(json.dumps(document, separators=(",", ":")))
                out.write("\n")
        paths.append(path)
    return paths


def peer_calls(path):
    """The connector's pairwise view of one file (its lines are OTLP documents)."""
    spans = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            spans.extend(servicegraph.load_otlp(json.loads(line)))
    counts = collections.Counter()
    for edge in servicegraph.pairwise(spans):
        if edge.client != "user" and edge.client != edge.server:
            counts[(edge.client, edge.server)] += 1
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--seams", required=True)
    args = parser.parse_args()
    folder = pathlib.Path(args.dir) / "traces"
    folder.mkdir(parents=True, exist_ok=True)
    paths = write_files(folder)
    size = sum(p.stat().st_size for p in paths)
    out = folder / "layered.json"

    start = time.perf_counter()
    done = subprocess.run(
        [args.seams, "import", "traces", *map(str, paths), "-o", str(out)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if done.returncode != 0:
        sys.exit(f"seams import traces failed: {done.stderr.strip()}")

    one = folder / "layered-one.json"
    subprocess.run([args.seams, "import", "traces", str(paths[0]), "-o", str(one)], check=True, capture_output=True)
    layer = json.loads(one.read_text())["layers"][0]
    ours = collections.Counter({(c["caller"], c["callee"]): c["count"] for c in layer["calls"]})
    start = time.perf_counter()
    theirs = peer_calls(paths[0])
    peer_seconds = time.perf_counter() - start

    spans = FILES * TRACES_PER_FILE * (2 + 2 * HOPS)
    print(f"traces: {spans:,} spans in {FILES} OTLP JSON files ({size / 1e6:.0f} MB), {SERVICES} services:")
    print(f"  seams import traces (all files)   {seconds:6.2f} s, peak {peak / 2**20:5.0f} MiB; {done.stderr.strip()}")
    print(f"  servicegraph rules (Py), 1 file    {peer_seconds:6.2f} s (same calls as seams on that file: {ours == theirs})")
    failed = []
    if ours != theirs:
        failed.append("the calls differ")
    if seconds > LIMIT_SECONDS or peak > LIMIT_BYTES:
        failed.append(f"over {LIMIT_SECONDS:.0f} s or 1 GiB")
    if failed:
        sys.exit("; ".join(failed))


if __name__ == "__main__":
    main()
