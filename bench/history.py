"""`seams history` and `seams import git` on a 100,000-commit history, side by side with code-maat's
algorithm in Python (bench/code_maat_coupling.py) on the same log: both must
print the same coupling table; Seams must read, map and analyse the history in
under 60 s and 1 GB.

The log is generated (seeded): 5,000 Java classes in 250 packages, 200 authors,
commits of 1 to 8 classes, where classes of one package often change together.

    python3 bench/history.py --dir target/bench --seams target/release/seams
"""
import argparse
import pathlib
import random
import resource
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import code_maat_coupling  # noqa: E402

COMMITS, CLASSES, PACKAGE, AUTHORS = 100_000, 5_000, 20, 200
LIMIT_SECONDS, LIMIT_BYTES = 60.0, 1 << 30


def write_log(path):
    rng = random.Random(14)
    with open(path, "w", encoding="utf-8") as log:
        for commit in range(COMMITS):
            day = commit // 300
            log.write(f"--{commit:08x}--{2015 + day // 336}-{1 + day % 336 // 28:02d}-{1 + day % 28:02d}--Dev {rng.randrange(AUTHORS)}\n")
            package = rng.randrange(CLASSES // PACKAGE)
            members = range(package * PACKAGE, (package + 1) * PACKAGE)
            for cls in rng.sample(members, rng.randint(1, 8)):
                log.write(f"{rng.randint(0, 50)}\t{rng.randint(0, 20)}\tsrc/main/java/com/acme/p{package}/C{cls}.java\n")
            log.write("\n")


def run_seams(seams, *args):
    """Wall time of one `seams` run, and the peak memory of the runs so far
    (children only, not this script)."""
    start = time.perf_counter()
    done = subprocess.run([seams, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if done.returncode != 0:
        sys.exit(f"seams {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout, seconds, peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--seams", required=True)
    args = parser.parse_args()
    folder = pathlib.Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "history-100k.log"
    write_log(log)
    size = log.stat().st_size

    printed, seconds, peak = run_seams(args.seams, "history", "coupling", "--log", str(log))
    ours = printed.splitlines()[1:]
    start = time.perf_counter()
    theirs = [",".join(map(str, row)) for row in code_maat_coupling.coupling(code_maat_coupling.change_sets(log))]
    peer_seconds = time.perf_counter() - start
    _, owner_seconds, owner_peak = run_seams(args.seams, "history", "ownership", "--log", str(log))
    layered = folder / "history-100k.json"
    _, import_seconds, import_peak = run_seams(args.seams, "import", "git", "--log", str(log), "-o", str(layered))

    print(f"history of {COMMITS:,} commits ({size / 1e6:.1f} MB), {CLASSES:,} classes:")
    print(f"  seams history coupling   {seconds:6.2f} s, peak {peak / 2**20:5.0f} MiB, {len(ours):,} coupled pairs")
    print(f"  code-maat algorithm (Py) {peer_seconds:6.2f} s (same input, same table: {ours == theirs})")
    print(f"  seams history ownership  {owner_seconds:6.2f} s, peak of both runs {owner_peak / 2**20:5.0f} MiB")
    print(f"  seams import git         {import_seconds:6.2f} s (co-change and owners as a project layer), peak of all runs {import_peak / 2**20:5.0f} MiB")
    failed = []
    if ours != theirs:
        failed.append("the coupling tables differ")
    if max(seconds, owner_seconds, import_seconds) > LIMIT_SECONDS or max(peak, owner_peak, import_peak) > LIMIT_BYTES:
        failed.append(f"over {LIMIT_SECONDS:.0f} s or 1 GiB")
    if failed:
        sys.exit("; ".join(failed))


if __name__ == "__main__":
    main()
