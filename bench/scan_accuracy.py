#!/usr/bin/env python3
"""How close `seams scan` comes to the analyzer a language's users trust, on the
same code: precision and recall of the in-project dependencies.

    scan_accuracy.py jdeps JDEPS_OUTPUT PROJECT_JSON
    scan_accuracy.py depcruise DEPCRUISE_JSON PROJECT_JSON
    scan_accuracy.py pydeps PYDEPS_JSON PROJECT_JSON

jdeps: `jdeps -verbose:class` on the compiled classes; inner classes are folded
into their outer class (`a.B$C` → `a.B`), as the scan names them, and only
edges between classes of the analysed code count. dependency-cruiser: module
paths without their extension, local dependencies only. pydeps: `--show-deps`
JSON, dependencies between the package's own modules that pydeps lists (it
lists no module of a namespace package, so edges to those are not judged).
Installed packages pydeps also follows (click, when import-linter shares its
environment) are not the package's own: only modules under the packages its
`__main__` entry imports count.

Prints one line: `precision,recall,truth,found,missed,extra` and, with
--list, the missed and extra edges (one per line, `- a -> b` / `+ a -> b`).
"""
import json
import re
import sys


def jdeps_edges(path):
    edges, classes = set(), set()
    line_re = re.compile(r"^\s+(\S+)\s+->\s+(\S+)\s+(\S+)")
    for line in open(path, encoding="utf-8"):
        m = line_re.match(line)
        if not m:
            continue
        a, b, where = m.groups()
        a = a.split("$")[0]
        classes.add(a)
        edges.add((a, b.split("$")[0]))
    return {(a, b) for a, b in edges if b in classes and a != b}


def depcruise_edges(path):
    data = json.load(open(path, encoding="utf-8"))
    strip = lambda p: re.sub(r"\.[^./]+$", "", p)
    local = ("local", "localmodule", "aliased")
    edges = set()
    for module in data.get("modules", []):
        for dep in module.get("dependencies", []):
            if any(t in local or t.startswith("aliased") for t in dep.get("dependencyTypes", [])) and dep.get("resolved"):
                a, b = strip(module["source"]), strip(dep["resolved"])
                if a != b:
                    edges.add((a, b))
    return edges


def pydeps_own(path):
    """The analysed package's modules in a pydeps output: those with a source
    file, under the top-level packages its `__main__` imports (as Seams'
    pydeps import reads it)."""
    data = json.load(open(path, encoding="utf-8"))
    main = data.get("__main__")
    analysed = {name.split(".")[0] for name in main.get("imports", [])} if main else None
    return data, {
        name
        for name, info in data.items()
        if name != "__main__" and info.get("path") and (analysed is None or name.split(".")[0] in analysed)
    }


def pydeps_edges(path):
    data, own = pydeps_own(path)
    return {
        (name, other)
        for name in own
        for other in data[name].get("imports", [])
        if other in own and other != name
    }


def pydeps_modules(path):
    _, own = pydeps_own(path)
    return sorted(own)


def load(path):
    return json.load(open(path, encoding="utf-8"))


def scan_edges(path):
    project = load(path)
    ids = [m["id"] for m in project["modules"]]
    entries = {m["id"] for m in project["modules"] if m.get("entry_point")}
    calls = project.get("calls", [])
    if isinstance(calls, dict):  # the native format's columns: callers and callees by module index
        pairs = zip(calls["caller"], calls["callee"])
        calls = [{"caller": ids[a], "callee": ids[b]} for a, b in pairs]
    return {(c["caller"], c["callee"]) for c in calls if c["caller"] not in entries}


def truth(kind, path):
    """The analyzer's in-project edges."""
    return {"jdeps": jdeps_edges, "depcruise": depcruise_edges, "pydeps": pydeps_edges}[kind](path)


def comparable(kind, truth_path, found):
    """The scan's edges the analyzer can judge. pydeps lists only the modules it
    reached by following imports from the package, and none of a namespace
    package (a folder without `__init__.py`, such as flask.sansio): an edge from
    or to a module it does not list cannot be held against it."""
    if kind != "pydeps":
        return found
    analysed = set(pydeps_modules(truth_path))
    return {(a, b) for a, b in found if a in analysed and b in analysed}


def score(truth_edges, found):
    """precision, recall, truth, found, missed, extra"""
    hit = truth_edges & found
    precision = len(hit) / len(found) if found else 0.0
    recall = len(hit) / len(truth_edges) if truth_edges else 0.0
    return precision, recall, len(truth_edges), len(found), len(truth_edges - found), len(found - truth_edges)


def main():
    args = [a for a in sys.argv[1:] if a != "--list"]
    if len(args) != 3:
        sys.exit(__doc__)
    kind, truth_path, project_path = args
    truth_edges = truth(kind, truth_path)
    found = comparable(kind, truth_path, scan_edges(project_path))
    precision, recall, *counts = score(truth_edges, found)
    print(f"{precision:.4f},{recall:.4f}," + ",".join(map(str, counts)))
    if "--list" in sys.argv:
        for a, b in sorted(truth_edges - found):
            print(f"- {a} -> {b}")
        for a, b in sorted(found - truth_edges):
            print(f"+ {a} -> {b}")


if __name__ == "__main__":
    main()
