"""`seams scan` held against the analyzer each language's users trust, on the
same public code (scripts/scan-fixtures fetches it and runs the analyzers):
precision and recall of the in-project dependencies must both reach 95 %.
The full run adds the JDK's largest modules (java.desktop, java.xml,
java.base: over a million lines each for two of them): accuracy at size,
and the speed target side by side in one run, the scan of each module's
sources against `jdeps` on its classes: Seams must be faster, and a million
lines under 15 s and 1 GiB.

    python3 bench/scan.py --seams target/release/seams --fixtures target/scan-fixtures --small
    python3 bench/scan.py --seams target/release/seams --fixtures target/scan-fixtures --dir target/bench

--small (in `make test`): java.sql, flask, django-taggit and express. Without
it (in `make bench`): every fixture, the tables django-taggit's code touches,
and the large modules' accuracy and speed.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import scan_accuracy  # noqa: E402

TARGET = 0.95
LIMIT_SECONDS, LIMIT_BYTES = 15.0, 1 << 30

# name, analyzer, what the scan reads, the analyzer's output, in the small run
FIXTURES = [
    ("java.sql", "jdeps", "java/java.sql/src", "java/java.sql.jdeps", True),
    ("java.logging", "jdeps", "java/java.logging/src", "java/java.logging.jdeps", False),
    ("java.net.http", "jdeps", "java/java.net.http/src", "java/java.net.http.jdeps", False),
    ("flask", "pydeps", "python/flask/src/flask", "python/flask.pydeps", True),
    ("django-taggit", "pydeps", "python/django-taggit/taggit", "python/django-taggit.pydeps", True),
    ("express", "depcruise", "js/express", "js/express.depcruise", True),
    ("rxjs", "depcruise", "js/rxjs", "js/rxjs.depcruise", False),
]

# The tables django-taggit's modules touch, derived by hand from its sources
# (module: tables only read, tables written). Django names a model's table
# `<app label>_<model>`; ContentType is django.contrib.contenttypes' model. A
# module that writes a table is listed as writing it only (a write is an
# access too), as Seams' model keeps them. taggit is a library: its managers
# and models work on whatever model they are given (`self.through`), and its
# commands pass tags as arguments, which a scan by name does not follow: the
# full run reports how much of this list the scan finds. The application
# fixtures in scan/tests (Spring PetClinic, django-todo) must be found whole.
TAGGIT_TABLES = {
    "taggit.admin": (set(), {"taggit_tag", "taggit_taggeditem"}),
    "taggit.managers": ({"django_content_type"}, {"taggit_tag", "taggit_taggeditem"}),
    "taggit.models": ({"django_content_type"}, {"taggit_tag", "taggit_taggeditem"}),
    "taggit.views": ({"django_content_type", "taggit_tag", "taggit_taggeditem"}, set()),
    "taggit.management.commands.deduplicate_tags": (set(), {"taggit_tag", "taggit_taggeditem"}),
    "taggit.management.commands.remove_orphaned_tags": ({"taggit_taggeditem"}, {"taggit_tag"}),
}


def run_scan(seams, source, out):
    """One scan in a child of its own: its wall time and peak resident memory."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [seams, "scan", str(source), "-o", str(out), "--no-history"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    error = child.stderr.read().decode("utf-8", "replace").strip()
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"seams scan {source} failed: {error}")
    return seconds, usage.ru_maxrss * 1024


def accuracy(kind, truth_path, project_path):
    truth = scan_accuracy.truth(kind, truth_path)
    found = scan_accuracy.comparable(kind, truth_path, scan_accuracy.scan_edges(project_path))
    return scan_accuracy.score(truth, found)


def check_accuracy(args, out_dir, names):
    missed = []
    print("| project | analyzer | truth edges | precision | recall | scan |")
    print("|---|---|---|---|---|---|")
    for name, kind, source, truth_file, _ in [f for f in FIXTURES if f[0] in names]:
        out = out_dir / f"{name}.json"
        seconds, _ = run_scan(args.seams, args.fixtures / source, out)
        precision, recall, truth, *_ = accuracy(kind, args.fixtures / truth_file, out)
        print(f"| {name} | {kind} | {truth} | {precision:.1%} | {recall:.1%} | {seconds:.2f} s |")
        if precision < TARGET or recall < TARGET:
            missed.append(f"{name}: precision {precision:.1%}, recall {recall:.1%} (target {TARGET:.0%} both)")
    return missed


def check_taggit_tables(out_dir):
    project = scan_accuracy.load(out_dir / "django-taggit.json")
    found = {
        m["id"]: (set(m.get("reads", [])), set(m.get("writes", [])))
        for m in project["modules"]
        if m.get("reads") or m.get("writes")
    }
    wrong = []
    for module in sorted(set(found) | set(TAGGIT_TABLES)):
        want = TAGGIT_TABLES.get(module, (set(), set()))
        got = found.get(module, (set(), set()))
        for side, w, g in (("reads", want[0], got[0]), ("writes", want[1], got[1])):
            if w - g:
                wrong.append(f"{module} {side}: missing {', '.join(sorted(w - g))}")
            if g - w:
                wrong.append(f"{module} {side}: not in the hand list {', '.join(sorted(g - w))}")
    tables = sum(len(r) + len(w) for r, w in TAGGIT_TABLES.values())
    print(f"django-taggit tables: {tables - len(wrong)} of {tables} hand-listed module/table/side facts" + (" (and extras)" if wrong else ""))
    for line in wrong:
        print(f"  {line}")
    return [f"django-taggit tables: {line}" for line in wrong]


# The largest modules of the installed JDK: their sources (Debian's
# openjdk-17-source) against jdeps on the same build's classes, for accuracy
# at size and for speed. java.base and java.desktop each have over a million
# lines. java.base holds java.lang itself, so what javac writes into class
# files without the source naming it counts there (see the README).
LARGE = ["java.desktop", "java.xml", "java.base"]
MILLION_LINES = {"java.desktop", "java.base"}
PAIRS = 3


def jdk_module(fixtures, module):
    """A JDK module's sources and classes from the installed JDK, extracted once."""
    javac = pathlib.Path(shutil.which("javac")).resolve()
    home = javac.parent.parent
    folder = fixtures / "java" / module
    if not (folder / "src").is_dir():
        subprocess.run(["unzip", "-q", "-o", str(home / "lib/src.zip"), f"{module}/*", "-d", str(folder)], check=True)
        (folder / module).rename(folder / "src")
    classes = fixtures / "java" / "classes"
    if not (classes / module).is_dir():
        subprocess.run(
            [str(home / "bin/jimage"), "extract", "--dir", str(classes), "--include", f"regex:/{module}/.*", str(home / "lib/modules")],
            check=True,
        )
    return home, folder / "src", classes / module


def run_jdeps(home, classes, out_path):
    start = time.perf_counter()
    with open(out_path, "wb") as out:
        subprocess.run([str(home / "bin/jdeps"), "-verbose:class", "-filter:none", str(classes)], stdout=out, check=True)
    return time.perf_counter() - start


def check_large(args, out_dir):
    """Each large module: accuracy, and the scan against jdeps side by side,
    alternating, the median of PAIRS runs each."""
    missed = []
    print("| module | lines | truth edges | precision | recall | seams scan | jdeps | ratio | peak |")
    print("|---|---|---|---|---|---|---|---|---|")
    for module in LARGE:
        home, sources, classes = jdk_module(args.fixtures, module)
        lines = sum(sum(1 for _ in open(p, "rb")) for p in sources.rglob("*.java"))
        jdeps_out = args.fixtures / "java" / f"{module}.jdeps"
        project = out_dir / f"{module}.json"
        scans, jdeps, peak = [], [], 0
        for _ in range(PAIRS):
            jdeps.append(run_jdeps(home, classes, jdeps_out))
            seconds, used = run_scan(args.seams, sources, project)
            scans.append(seconds)
            peak = max(peak, used)
        seconds, jdeps_seconds = sorted(scans)[PAIRS // 2], sorted(jdeps)[PAIRS // 2]
        precision, recall, truth, *_ = accuracy("jdeps", jdeps_out, project)
        print(f"| {module} | {lines:,} | {truth:,} | {precision:.1%} | {recall:.1%} | {seconds:.2f} s"
              f" | {jdeps_seconds:.2f} s | {seconds / jdeps_seconds:.2f} | {peak / (1 << 20):.0f} MiB |")
        if seconds >= jdeps_seconds:
            missed.append(f"{module}: seams scan {seconds:.2f} s is not faster than jdeps {jdeps_seconds:.2f} s")
        if module in MILLION_LINES and (lines < 1_000_000 or seconds >= LIMIT_SECONDS or peak >= LIMIT_BYTES):
            missed.append(f"{module}: {lines:,} lines in {seconds:.2f} s and {peak / (1 << 20):.0f} MiB (target 1,000,000 lines in < 15 s and < 1 GiB)")
        if precision < TARGET or recall < TARGET:
            missed.append(f"{module}: precision {precision:.1%}, recall {recall:.1%} (target {TARGET:.0%} both)")
    return missed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seams", required=True)
    parser.add_argument("--fixtures", required=True, type=pathlib.Path)
    parser.add_argument("--dir", type=pathlib.Path, help="where the scans are written (default: FIXTURES/scans)")
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    out_dir = args.dir / "scan" if args.dir else args.fixtures / "scans"
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {f[0] for f in FIXTURES if f[4] or not args.small}
    missed = check_accuracy(args, out_dir, names)
    if not args.small:
        missed += check_taggit_tables(out_dir)
        missed += check_large(args, out_dir)
    if missed:
        print("Targets missed:\n" + "\n".join(missed))
        sys.exit(1)


if __name__ == "__main__":
    main()
