"""code-maat's `coupling` analysis re-implemented from its published source
(adamtornhill/code-maat: coupling_algos.clj, logical_coupling.clj), with its
defaults, on a log in code-maat's format. Entities are Java classes under
src/main/java (package.Class); test sources are left out.

Used to derive engine/tests/corpus/history/spring-petclinic.coupling.csv and as
the peer of `seams history coupling` in `make bench` (bench/history.py).

    python3 bench/code_maat_coupling.py LOG > coupling.csv
"""
import collections
import itertools
import math
import sys

MAX_CHANGESET, MIN_REVS, MIN_SHARED, MIN_COUPLING, MAX_COUPLING = 30, 5, 5, 30, 100


def change_sets(path):
    """Entity rows per commit, one per changed Java class."""
    sets, current = [], None
    with open(path, encoding="utf-8") as log:
        for line in log:
            line = line.rstrip("\n")
            if line.startswith("--") and line.count("--") >= 3:
                current = []
                sets.append(current)
            elif "\t" in line and current is not None:
                _added, _deleted, file = line.split("\t", 2)
                if "src/main/java/" not in file or not file.endswith(".java") or "/src/test/" in "/" + file:
                    continue
                current.append(file.split("src/main/java/", 1)[1][: -len(".java")].replace("/", "."))
    return [s for s in sets if s]


def coupling(sets):
    revisions, shared = collections.Counter(), collections.Counter()
    for rows in sets:
        if len(rows) > MAX_CHANGESET:
            continue
        entities = sorted(set(rows))
        revisions.update(entities)
        shared.update(itertools.combinations(entities, 2))
    table = []
    for (a, b), together in shared.items():
        average = (revisions[a] + revisions[b]) / 2
        degree = together / average * 100
        if average >= MIN_REVS and together >= MIN_SHARED and degree >= MIN_COUPLING and math.floor(degree) <= MAX_COUPLING:
            table.append((a, b, int(degree), math.ceil(average), revisions[a], revisions[b], together))
    table.sort(key=lambda r: (-r[2], -r[3], r[0], r[1]))
    return table


if __name__ == "__main__":
    print("entity,coupled,degree,average_revs,entity_revs,coupled_revs,shared_revs")
    for row in coupling(change_sets(sys.argv[1])):
        print(",".join(map(str, row)))
