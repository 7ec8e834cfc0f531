#!/usr/bin/env python3
"""Compute expected service-graph edges for the fixtures in this directory.

The simulation follows opentelemetry-collector-contrib connector/servicegraphconnector
(connector.go @ ea186db84c69a645e8673c03489ed16b078aac9a, store/store.go, store/edge.go)
with DEFAULT config:
  * dimensions: none
  * database_name_attributes: ["db.name"]
  * virtual_node_peer_attributes: ["peer.service", "db.name", "db.system"]
  * virtual node feature gate: enabled (gate is Stable in current releases)
  * all spans of a file are consumed in ONE ConsumeTraces call, in file order
    (resourceSpans -> scopeSpans -> spans); afterwards every still-pending edge
    is expired (store.Expire) in insertion order -> onExpire virtual-node logic.

Input formats are first converted to the ptrace model the collector would see:
  * OTLP JSON (top-level "resourceSpans", or Jaeger v3 {"result":{...}}, or Tempo
    {"batches":[...]} with base64 ids / "SPAN_KIND_*" enum strings)
  * Jaeger UI/API JSON ({"data":[trace...]} or a bare trace object)
    kind <- tag span.kind; parent <- first reference (CHILD_OF/FOLLOWS_FROM) in the
    same trace; status ERROR <- tag error==true (bool or "true") or otel.status_code=ERROR
  * Zipkin v2 JSON (list of spans), mirroring pkg/translator/zipkin/zipkinv2/to_translator.go:
    spans (stable-)sorted by localEndpoint.serviceName; kind CLIENT/SERVER/PRODUCER/CONSUMER;
    remoteEndpoint.serviceName -> attribute peer.service; status ERROR only if tag
    error=="true" or otel.status_code=="STATUS_CODE_ERROR"; parentId kept unless == id.

Two Zipkin modes are reported:
  collector : exactly as above (B3 "shared" SERVER spans keep the client's span id and the
              client's parent -> they never pair with their client span)
  normalized: a SERVER span whose id equals a CLIENT span id in the same trace (Zipkin
              shared-span model) is re-parented onto that client span (parent := id), which
              is what Zipkin's own dependency linker does.

Latency percentiles: nearest-rank method (p-th percentile = value at rank ceil(p/100*N)
of the ascending list, 1-based).  Reported in milliseconds.
  server_lat = Edge.ServerLatencySec as recorded by the connector (server span duration;
               for database edges the client span duration; 0 for virtual server nodes)
  client_lat = Edge.ClientLatencySec (client/producer span duration; 0 for client "user")
"""
import base64
import collections
import json
import math
import re
import sys

KIND = {0: "UNSPECIFIED", 1: "INTERNAL", 2: "SERVER", 3: "CLIENT", 4: "PRODUCER", 5: "CONSUMER"}
KIND_BY_NAME = {"SPAN_KIND_" + v: k for k, v in KIND.items()}
KIND_BY_NAME.update({v: k for k, v in KIND.items()})
DEFAULT_BOUNDS = [0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10, 15]
DB_NAME_ATTRS = ["db.name"]
PEER_ATTRS = ["peer.service", "db.name", "db.system"]
ZERO_SPAN = "0" * 16


# ----------------------------------------------------------------------------- model
class Span:
    __slots__ = ("service", "res", "trace", "id", "parent", "kind", "start", "end",
                 "status", "attrs", "name", "shared")

    def __init__(self, **kw):
        self.shared = False
        for k, v in kw.items():
            setattr(self, k, v)

    @property
    def dur_s(self):
        return (self.end - self.start) / 1e9


def anyvalue_to_str(v):
    if v is None:
        return ""
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        return str(int(v["intValue"]))
    if "boolValue" in v:
        return "true" if v["boolValue"] else "false"
    if "doubleValue" in v:
        return repr(float(v["doubleValue"]))
    if "bytesValue" in v:
        return v["bytesValue"]
    return json.dumps(v, sort_keys=True)


def norm_id(s, n):
    """OTLP JSON uses hex; Tempo/protojson uses base64. Return lowercase hex of n bytes."""
    if not s:
        return ""
    if re.fullmatch(r"[0-9a-fA-F]+", s) and len(s) == 2 * n:
        return s.lower()
    return base64.b64decode(s).hex()


def load_otlp(d):
    d = d.get("result", d)
    rss = d.get("resourceSpans") or d.get("batches") or []
    out = []
    for rs in rss:
        res = {a["key"]: anyvalue_to_str(a.get("value")) for a in rs.get("resource", {}).get("attributes", [])}
        svc = res.get("service.name")
        for ss in rs.get("scopeSpans", []) or rs.get("instrumentationLibrarySpans", []):
            for s in ss.get("spans", []):
                k = s.get("kind", 0)
                k = KIND_BY_NAME[k] if isinstance(k, str) else int(k)
                st = s.get("status", {}) or {}
                code = st.get("code", 0)
                if isinstance(code, str):
                    code = {"STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2}[code]
                out.append(Span(service=svc, res=res, trace=norm_id(s["traceId"], 16),
                                id=norm_id(s["spanId"], 8), parent=norm_id(s.get("parentSpanId", ""), 8),
                                kind=k, start=int(s["startTimeUnixNano"]), end=int(s["endTimeUnixNano"]),
                                status=code, name=s.get("name", ""),
                                attrs={a["key"]: anyvalue_to_str(a.get("value")) for a in s.get("attributes", [])}))
    return out


def jaeger_tag_str(t):
    v = t.get("value")
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def load_jaeger(d):
    traces = d["data"] if isinstance(d, dict) and "data" in d else [d]
    out = []
    for t in traces:
        procs = t.get("processes", {})
        for s in t["spans"]:
            proc = procs.get(s.get("processID"), {}) or s.get("process", {})
            tags = {x["key"]: jaeger_tag_str(x) for x in s.get("tags", [])}
            kind = {"client": 3, "server": 2, "producer": 4, "consumer": 5, "internal": 1}.get(tags.pop("span.kind", ""), 0)
            parent = ""
            for r in s.get("references", []) or []:
                if r.get("traceID", s["traceID"]) == s["traceID"]:
                    parent = r["spanID"]
                    break
            status = 0
            if tags.get("error") == "true":
                status = 2
            if tags.get("otel.status_code", "").upper() in ("ERROR", "STATUS_CODE_ERROR"):
                status = 2
            tid = s["traceID"].rjust(32, "0")
            out.append(Span(service=proc.get("serviceName"), res={}, trace=tid, id=s["spanID"].rjust(16, "0"),
                            parent=parent.rjust(16, "0") if parent else "", kind=kind,
                            start=int(s["startTime"]) * 1000, end=(int(s["startTime"]) + int(s["duration"])) * 1000,
                            status=status, attrs=tags, name=s.get("operationName", "")))
    return out


def load_zipkin(d, normalized):
    spans = sorted(d, key=lambda s: (s.get("localEndpoint") or {}).get("serviceName") or "OTLPResourceNoServiceName")
    out = []
    for z in spans:
        tags = dict(z.get("tags", {}) or {})
        status = 0
        if tags.get("otel.status_code") == "STATUS_CODE_ERROR":
            status = 2
        if tags.get("error") == "true":
            status = 2
        attrs = dict(tags)
        rep = z.get("remoteEndpoint") or {}
        if rep.get("serviceName"):
            attrs["peer.service"] = rep["serviceName"]
        parent = z.get("parentId") or ""
        if parent == z["id"]:
            parent = ""
        svc = (z.get("localEndpoint") or {}).get("serviceName")
        ts = int(z.get("timestamp", 0))
        out.append(Span(service=svc, res={}, trace=z["traceId"].rjust(32, "0"), id=z["id"].rjust(16, "0"),
                        parent=parent.rjust(16, "0") if parent else "",
                        kind={"CLIENT": 3, "SERVER": 2, "PRODUCER": 4, "CONSUMER": 5}.get(z.get("kind"), 0),
                        start=ts * 1000, end=(ts + int(z.get("duration", 0))) * 1000, status=status,
                        attrs=attrs, name=z.get("name", "")))
        out[-1].shared = bool(z.get("shared"))
        out[-1].attrs["__zipkin_error_tag_present"] = "1" if "error" in tags else "0"
    if normalized:
        client_ids = {(s.trace, s.id) for s in out if s.kind == 3}
        for s in out:
            if s.kind == 2 and (s.trace, s.id) in client_ids:
                s.parent = s.id  # shared span: the server half is the child of the client half
    return out


def detect_and_load(path, zipkin_normalized=False):
    d = json.load(open(path))
    if isinstance(d, list):
        return "zipkin", load_zipkin(d, zipkin_normalized)
    if "resourceSpans" in d or "batches" in d or "result" in d:
        return "otlp", load_otlp(d)
    return "jaeger", load_jaeger(d)


# ------------------------------------------------------------------ connector model
class Edge:
    def __init__(self, key):
        self.key = key
        self.client = ""
        self.server = ""
        self.ctype = ""
        self.client_lat = 0.0
        self.server_lat = 0.0
        self.failed = False
        self.peer = {}
        self.failed_alt = False  # zipkin: any `error` tag present

    def complete(self):
        return self.client != "" and self.server != ""


def first_attr(keys, *maps):
    for k in keys:
        for m in maps:
            if k in m:
                return m[k]
    return None


def simulate(spans):
    store = collections.OrderedDict()  # key -> Edge (insertion order == store list order)
    done = []
    dropped_no_service = 0

    def upsert(key, fn):
        e = store.get(key)
        if e is not None:
            fn(e)
            if e.complete():
                done.append(e)
                del store[key]
            return
        e = Edge(key)
        fn(e)
        if e.complete():
            done.append(e)
            return
        store[key] = e

    for s in spans:
        if not s.service:
            dropped_no_service += 1
            continue
        ctype = ""
        if s.kind in (4, 3):
            if s.kind == 4:
                ctype = "messaging_system"

            def fn(e, s=s, ctype=ctype):
                e.ctype = ctype
                e.client = s.service
                e.client_lat = s.dur_s
                e.failed = e.failed or s.status == 2
                e.failed_alt = e.failed_alt or s.attrs.get("__zipkin_error_tag_present") == "1" or s.status == 2
                for k in PEER_ATTRS:  # upsertPeerAttributes: first matching attr only
                    if k in s.attrs:
                        e.peer[k] = s.attrs[k]
                        break
                db = first_attr(DB_NAME_ATTRS, s.res, s.attrs)
                if db is not None:
                    e.ctype = "database"
                    e.server = db
                    e.server_lat = s.dur_s
            upsert((s.trace, s.id), fn)
        elif s.kind in (5, 2):
            if s.kind == 5:
                ctype = "messaging_system"

            def fn(e, s=s, ctype=ctype):
                e.ctype = ctype
                e.server = s.service
                e.server_lat = s.dur_s
                e.failed = e.failed or s.status == 2
                e.failed_alt = e.failed_alt or s.attrs.get("__zipkin_error_tag_present") == "1" or s.status == 2
            upsert((s.trace, s.parent or ZERO_SPAN), fn)

    expired_unrecorded = []
    for key, e in list(store.items()):  # store.Expire(): onExpire
        e.ctype = "virtual_node"
        recorded = False
        if e.client == "" and key[1] in ("", ZERO_SPAN):
            e.client = "user"
            done.append(e)
            recorded = True
        if e.server == "":
            peer = "unknown"
            for k in PEER_ATTRS:
                if k in e.peer:
                    peer = e.peer[k]
                    break
            e.server = peer
            done.append(e)
            recorded = True
        if not recorded:
            expired_unrecorded.append(e)
    return done, expired_unrecorded, dropped_no_service


def pairwise(spans):
    """Order-independent view (NOT connector output): every SERVER/CONSUMER span whose parent
    is a CLIENT/PRODUCER span of the same trace yields one edge; root SERVER/CONSUMER -> client
    "user"; CLIENT/PRODUCER spans with db.name -> database edge; other CLIENT/PRODUCER spans
    without any server child -> virtual server (peer.service, db.name, db.system, else "unknown")."""
    spans = [s for s in spans if s.service]
    clients = {}
    for s in spans:
        if s.kind in (3, 4):
            clients.setdefault((s.trace, s.id), s)
    used = set()
    done = []
    for s in spans:
        if s.kind not in (2, 5):
            continue
        e = Edge((s.trace, s.parent))
        e.server, e.server_lat = s.service, s.dur_s
        e.failed = s.status == 2
        e.failed_alt = e.failed or s.attrs.get("__zipkin_error_tag_present") == "1"
        c = clients.get((s.trace, s.parent)) if s.parent else None
        if c is not None and first_attr(DB_NAME_ATTRS, c.res, c.attrs) is None:
            used.add((c.trace, c.id))
            e.client, e.client_lat = c.service, c.dur_s
            e.failed = e.failed or c.status == 2
            e.failed_alt = e.failed_alt or c.status == 2 or c.attrs.get("__zipkin_error_tag_present") == "1"
            e.ctype = "messaging_system" if (s.kind == 5 or c.kind == 4) else ""
            done.append(e)
        elif not s.parent:
            e.client, e.ctype = "user", "virtual_node"
            done.append(e)
    for key, c in clients.items():
        if key in used:
            continue
        e = Edge(key)
        e.client, e.client_lat = c.service, c.dur_s
        e.failed = c.status == 2
        e.failed_alt = e.failed or c.attrs.get("__zipkin_error_tag_present") == "1"
        db = first_attr(DB_NAME_ATTRS, c.res, c.attrs)
        if db is not None:
            e.server, e.server_lat, e.ctype = db, c.dur_s, "database"
        else:
            e.server = first_attr(PEER_ATTRS, c.attrs) or "unknown"
            e.ctype = "virtual_node"
        done.append(e)
    return done


def nearest_rank(vals, p):
    v = sorted(vals)
    if not v:
        return None
    return v[max(1, math.ceil(p / 100 * len(v))) - 1]


def bucket_counts(vals):
    import bisect
    c = [0] * (len(DEFAULT_BOUNDS) + 1)
    for x in vals:
        c[bisect.bisect_left(DEFAULT_BOUNDS, x)] += 1  # == sort.SearchFloat64s
    return c


def fmt_ms(x):
    return "-" if x is None else ("%.3f" % (x * 1000)).rstrip("0").rstrip(".")


def edge_table(done, show_alt=False):
    groups = collections.OrderedDict()
    for e in sorted(done, key=lambda e: (e.client, e.server, e.ctype)):
        groups.setdefault((e.client, e.server, e.ctype), []).append(e)
    lines = []
    hdr = "| client | server | connection_type | count | failed |" + (" failed (any zipkin `error` tag) |" if show_alt else "") + \
          " server_lat p50 ms | server_lat p95 ms | client_lat p50 ms | client_lat p95 ms | server histogram (default bounds, s) |"
    lines.append(hdr)
    lines.append("|" + "---|" * (hdr.count("|") - 1))
    for (c, s, t), es in groups.items():
        sl = [e.server_lat for e in es]
        cl = [e.client_lat for e in es]
        bc = bucket_counts(sl)
        hist = ", ".join("%s:%d" % ("<=%g" % DEFAULT_BOUNDS[i] if i < len(DEFAULT_BOUNDS) else "+Inf", n)
                         for i, n in enumerate(bc) if n)
        row = "| %s | %s | %s | %d | %d |" % (c, s, t or '"" (unset)', len(es), sum(e.failed for e in es))
        if show_alt:
            row += " %d |" % sum(e.failed_alt for e in es)
        row += " %s | %s | %s | %s | %s |" % (fmt_ms(nearest_rank(sl, 50)), fmt_ms(nearest_rank(sl, 95)),
                                            fmt_ms(nearest_rank(cl, 50)), fmt_ms(nearest_rank(cl, 95)), hist)
        lines.append(row)
    return lines


TABLE_RE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+([A-Za-z_][\w.\"]*)", re.I)


def db_ops(spans):
    rows = collections.Counter()
    for s in spans:
        a = s.attrs
        coll = a.get("db.collection.name") or a.get("db.sql.table") or a.get("db.mongodb.collection") \
            or a.get("db.cassandra.table")
        op = a.get("db.operation.name") or a.get("db.operation")
        system = a.get("db.system.name") or a.get("db.system") or ("cassandra" if "cassandra.query" in a else "")
        stmt = a.get("db.query.text") or a.get("db.statement") or a.get("sql.query") or a.get("cassandra.query") \
            or a.get("sql") or ""
        derived = ""
        if stmt:
            m = TABLE_RE.findall(stmt)
            derived = ",".join(sorted(set(x.strip('"') for x in m)))
            verb = stmt.strip().split()[0].upper() if stmt.strip() else ""
        else:
            verb = ""
        if coll or op or stmt or system:
            v = (op or verb or "").upper()
            if v in READ_VERBS:
                rw = "read"
            elif v in WRITE_VERBS or (v == "BEGIN" and re.search(r"\b(INSERT|UPDATE|DELETE)\b", stmt, re.I)):
                rw = "write"
            else:
                rw = "?"
            rows[(s.service, system, coll or "", op or "", derived, verb if stmt else "", rw)] += 1
    return rows


READ_VERBS = {"SELECT", "GET", "HGET", "HGETALL", "MGET", "SCAN", "EXISTS", "FIND"}
WRITE_VERBS = {"INSERT", "UPDATE", "DELETE", "HMSET", "HSET", "SET", "EXPIRE", "DEL", "UPSERT", "MERGE"}


def report(path):
    out = []
    fmt, spans = detect_and_load(path)
    out.append("### `%s` (%s, %d spans, %d traces, services: %s)\n" % (
        path.split("/")[-1], fmt, len(spans), len({s.trace for s in spans}),
        ", ".join(sorted({s.service or "<none>" for s in spans}))))
    modes = [("collector", False)] + ([("normalized (shared SERVER span re-parented onto its CLIENT span)", True)] if fmt == "zipkin" else [])
    for label, norm in modes:
        _, spans = detect_and_load(path, zipkin_normalized=norm)
        done, unrec, noservice = simulate(spans)
        if fmt == "zipkin":
            out.append("**Mode: %s**\n" % label)
        out.extend(edge_table(done, show_alt=(fmt == "zipkin")))
        out.append("")
        out.append("Edges recorded: %d; pending edges expired without any metric (server span whose parent is not a "
                   "CLIENT/PRODUCER span, or duplicate server for an already-completed key): %d; spans skipped "
                   "(no service.name): %d.\n" % (len(done), len(unrec), noservice))
        if unrec:
            c = collections.Counter(e.server for e in unrec)
            out.append("Unrecorded (expired) server-side edges by server service: " +
                       ", ".join("%s=%d" % kv for kv in sorted(c.items())) + "\n")
        if fmt != "zipkin" or norm:
            pw = pairwise(spans)
            key = lambda e: (e.client, e.server, e.ctype, e.failed)
            if sorted(map(key, pw)) != sorted(map(key, done)):
                out.append("*Order-independent pairwise view (NOT what the connector emits; shown because it differs "
                           "-- see SERVICEGRAPH.md 'pitfalls'):*\n")
                out.extend(edge_table(pw, show_alt=(fmt == "zipkin")))
                out.append("")
    rows = db_ops(spans)
    if rows:
        out.append("DB operations found (explicit attributes; `derived table` is parsed from the statement text "
                   "with a FROM/JOIN/INTO/UPDATE regex, not an attribute):\n")
        out.append("| service | db system | db.collection.name / db.sql.table | db.operation(.name) | derived table | statement verb | read/write | spans |")
        out.append("|---|---|---|---|---|---|---|---|")
        for (svc, system, coll, op, der, verb, rw), n in sorted(rows.items()):
            out.append("| %s | %s | %s | %s | %s | %s | %s | %d |" % (svc, system or "-", coll or "-", op or "-", der or "-", verb or "-", rw, n))
        out.append("")
    else:
        out.append("DB operations found: none.\n")
    return "\n".join(out)


if __name__ == "__main__":
    print("\n".join(report(p) for p in sys.argv[1:]))
