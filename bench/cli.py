"""The command line end to end on the 1,000,000-call monolith the Rust benchmark
wrote (project.json, edges.tsv, membership.txt, graph.dot), side by side with
python-igraph reading, building and computing on the same calls, and with
Graphviz's own parser on the same DOT file, and with NetworKit (on every core)
reading and computing the same calls. Seams' times include starting the
process, reading the file and writing the result; igraph's are measured inside
an already running Python. Exits 1 when Seams is slower than its peer.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import igraph as ig
import networkit as nk

from peers import median_seconds


def peak_memory_mb(command):
    """Peak resident memory of a command, via GNU time."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def run(command):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, help="folder the benchmark wrote")
    parser.add_argument("--seams", required=True, help="the seams binary (release)")
    args = parser.parse_args()
    folder = Path(args.dir)
    seams = args.seams
    with tempfile.TemporaryDirectory(prefix="seams-cli-bench-") as scratch:
        sys.exit(0 if compare(folder, seams, Path(scratch)) else 1)


def compare(folder, seams, scratch):
    """Times each command next to its peer; whether Seams was never slower."""
    project, edges, dot = folder / "project.json", folder / "edges.tsv", folder / "graph.dot"
    membership_of = [int(line) for line in open(folder / "membership.txt")]

    def igraph_modularity():
        g = ig.Graph.Read_Ncol(str(edges), names=True, weights=True, directed=True)
        membership = [membership_of[int(name)] for name in g.vs["name"]]
        return g.modularity(membership, weights="weight", directed=True)

    def igraph_leiden():
        g = ig.Graph.Read_Ncol(str(edges), names=True, weights=True, directed=True)
        u = g.as_undirected(combine_edges="sum")
        return u.community_leiden(objective_function="modularity", weights="weight", n_iterations=2)

    nk.setNumberOfThreads(os.cpu_count() or 1)

    def networkit_graph(directed):
        g = nk.graphio.EdgeListReader("\t", 0, continuous=True, directed=True).read(str(edges))
        return g if directed else nk.graphtools.toUndirected(g)

    def networkit_modularity():
        g = networkit_graph(directed=False)
        partition = nk.Partition(g.numberOfNodes())
        partition.setUpperBound(max(membership_of) + 1)
        for node, c in enumerate(membership_of):
            partition.addToSubset(c, node)
        return nk.community.Modularity().getQuality(partition, g)

    def networkit_leiden():
        leiden = nk.community.ParallelLeiden(networkit_graph(directed=False), iterations=3, randomize=True, gamma=1.0)
        leiden.run()
        return leiden.getPartition()

    analyze = [seams, "analyze", str(project), "--format", "table"]
    suggest = [seams, "suggest", str(project), "-o", str(scratch / "suggested.json")]
    import_dot = [seams, "import", "dot", str(dot), "-o", str(scratch / "from-dot.json")]
    rows = []
    seams_analyze, _ = median_seconds(lambda: run(analyze), repeat=3)
    ig_analyze, q = median_seconds(igraph_modularity, repeat=3)
    rows.append(("analyze (every metric)", seams_analyze, peak_memory_mb(analyze), "igraph read + build + modularity", ig_analyze))
    nk_analyze, _ = median_seconds(networkit_modularity, repeat=3)
    rows.append(("", seams_analyze, 0, "NetworKit read + build + modularity", nk_analyze))
    seams_suggest, _ = median_seconds(lambda: run(suggest), repeat=3)
    ig_suggest, communities = median_seconds(igraph_leiden, repeat=3)
    rows.append(("suggest (Leiden, written back)", seams_suggest, peak_memory_mb(suggest), "igraph read + build + Leiden", ig_suggest))
    nk_suggest, _ = median_seconds(networkit_leiden, repeat=3)
    rows.append(("", seams_suggest, 0, "NetworKit read + build + Leiden", nk_suggest))
    seams_dot, _ = median_seconds(lambda: run(import_dot), repeat=1)
    gc = shutil.which("gc")
    gc_time = median_seconds(lambda: run([gc, "-e", str(dot)]), repeat=1)[0] if gc else None
    rows.append(("import dot (1M edges)", seams_dot, peak_memory_mb(import_dot), "Graphviz gc parsing the file", gc_time))

    size = os.path.getsize(project) / 1024 / 1024
    print(f"\ncommand line on {len(membership_of):,} modules; project.json {size:.1f} MiB, graph.dot {os.path.getsize(dot) / 1024 / 1024:.1f} MiB")
    print(f"{'':32}{'Seams':>10}{'memory':>10}   {'peer':34}{'time':>8}")
    ok = True
    for label, s, memory, peer, p in rows:
        peer_time = f"{p:.2f} s" if p is not None else "-"
        if label:
            print(f"{label:32}{s:>8.2f} s{memory:>7.0f} MB   {peer:34}{peer_time:>8}")
        else:
            print(f"{'':49}{peer:34}{peer_time:>8}")
        if p is not None and s > p:
            ok = False
    print(f"igraph: modularity {q:.6f}, Leiden {len(communities)} communities")
    for label, command in [("analyze --format table", analyze), ("analyze (JSON)", analyze[:3]), ("suggest", suggest)]:
        phases = subprocess.run([*command, "--timings"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        timed = [line for line in phases.stderr.splitlines() if line and not line.startswith(" ") and not line.startswith("added")]
        print(f"{label} --timings: {', '.join(timed)}")
    analyze_ok = seams_analyze <= 0.3
    print(f"\n{'PASS' if analyze_ok else 'FAIL'}  analyze end to end in at most 0.3 s: {seams_analyze:.2f} s")
    print(f"{'PASS' if ok else 'FAIL'}  the command line is no slower than its peers on the same files")
    return ok and analyze_ok


if __name__ == "__main__":
    main()
