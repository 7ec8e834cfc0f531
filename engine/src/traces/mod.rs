//! Traces as evidence: spans from OpenTelemetry (OTLP JSON, as the collector's
//! file exporter writes it, or a Tempo/Jaeger v3 response), Jaeger JSON and
//! Zipkin v2 JSON become a layer of measured calls, following the rules of the
//! OpenTelemetry Collector's servicegraph connector, made order-independent:
//!
//! * a span whose parent span is in another module is a call from the
//!   parent's module to the span's: every such pair counts once (the connector
//!   keeps only one server per client span and depends on arrival order);
//! * it is asynchronous when the parent is a PRODUCER or the child a CONSUMER
//!   span, synchronous otherwise;
//! * a CLIENT or PRODUCER span with no child in another module calls the
//!   module its `peer.service` (Zipkin: the remote endpoint) names, like the
//!   connector's virtual nodes; with `db.*` attributes it reads or writes a
//!   table instead (`db.collection.name`, else `db.sql.table`, `db.name`,
//!   `db.namespace`, `db.system`), a write when its operation
//!   (`db.operation.name`, `db.operation`, or the statement's first word)
//!   changes data;
//! * a call failed when either span has an error status; its latency is the
//!   child's duration (nearest-rank percentiles).
//!
//! At service level a module is a service. At operation level a module is the
//! span's `code.namespace` (the class, as jdeps names it) when set, else
//! `service/operation` of the server or consumer span that runs it (client and
//! internal spans belong to their parent's operation). That serves both a
//! distributed system (judge its current split) and a monolith instrumented
//! with internal spans (its classes and their calls).

mod jaeger;
mod otlp;
mod zipkin;

use rustc_hash::FxHashMap;

use crate::formats::{ImportError, ImportLimits};
use crate::graph::Interner;
use crate::history::mapping::{MappingRule, ruled};
use crate::model::{CallStyle, Latency, Layer, LayerCall, LayerKind, TableUse};

/// Most spans one import may hold.
pub const MAX_SPANS: usize = 5_000_000;

/// The granularity of the modules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    /// One module per service.
    #[default]
    Service,
    /// One module per operation (or `code.namespace` class).
    Operation,
}

/// The kind of a span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpanKind {
    /// Work inside a service.
    #[default]
    Internal,
    /// Serves a synchronous request.
    Server,
    /// Makes a synchronous request.
    Client,
    /// Sends a message.
    Producer,
    /// Receives a message.
    Consumer,
}

impl SpanKind {
    /// OTLP's numbers (1 internal … 5 consumer) and names (`SPAN_KIND_SERVER`,
    /// `server`, `SERVER`).
    fn from_name(name: &str) -> SpanKind {
        let name = name.trim_start_matches("SPAN_KIND_").to_ascii_lowercase();
        match name.as_str() {
            "2" | "server" => SpanKind::Server,
            "3" | "client" => SpanKind::Client,
            "4" | "producer" => SpanKind::Producer,
            "5" | "consumer" => SpanKind::Consumer,
            _ => SpanKind::Internal,
        }
    }
}

/// A database use a span records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DbUse {
    /// The table, collection or database.
    pub table: String,
    /// Whether the operation changes data.
    pub writes: bool,
}

/// One span, read from any of the formats.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Span {
    /// The trace id, as written.
    pub trace: String,
    /// The span id, as written.
    pub id: String,
    /// The parent span id, if any.
    pub parent: Option<String>,
    /// The service that recorded it.
    pub service: String,
    /// The operation name.
    pub name: String,
    /// Its kind.
    pub kind: SpanKind,
    /// Its duration in milliseconds.
    pub duration_ms: f64,
    /// Whether it ended in an error.
    pub error: bool,
    /// `code.namespace`, the class running it, when recorded.
    pub namespace: Option<String>,
    /// The service it calls, when it names one (`peer.service`, Zipkin's remote endpoint).
    pub peer: Option<String>,
    /// The database use, when it records one.
    pub db: Option<DbUse>,
}

/// Attributes the importers read, collected from a format's key/value lists.
#[derive(Default)]
pub(crate) struct Attributes {
    namespace: Option<String>,
    peer: Option<String>,
    db_system: Option<String>,
    db_table: Option<String>,
    db_name: Option<String>,
    db_operation: Option<String>,
    db_statement: Option<String>,
    kind: Option<String>,
    error: bool,
}

impl Attributes {
    /// Takes one attribute.
    pub(crate) fn take(&mut self, key: &str, value: String) {
        match key {
            "code.namespace" => self.namespace = Some(value),
            "peer.service" => self.peer = Some(value),
            "db.system" | "db.system.name" => self.db_system = Some(value),
            "db.collection.name" | "db.sql.table" | "db.mongodb.collection" => {
                self.db_table = Some(value)
            }
            "db.name" | "db.namespace" => self.db_name = Some(value),
            "db.operation.name" | "db.operation" => self.db_operation = Some(value),
            "db.statement" | "db.query.text" => self.db_statement = Some(value),
            "span.kind" => self.kind = Some(value),
            "error" => self.error |= value.eq_ignore_ascii_case("true"),
            "otel.status_code" => self.error |= value.eq_ignore_ascii_case("error"),
            _ => {}
        }
    }

    /// The database use these attributes describe, if any.
    fn db(&self) -> Option<DbUse> {
        if self.db_system.is_none() && self.db_table.is_none() && self.db_name.is_none() {
            return None;
        }
        let table = self
            .db_table
            .clone()
            .or_else(|| self.db_name.clone())
            .or_else(|| self.db_system.clone())?;
        let operation = self.db_operation.clone().or_else(|| {
            self.db_statement
                .as_deref()
                .and_then(|s| s.split_whitespace().next())
                .map(str::to_string)
        });
        Some(DbUse {
            table,
            writes: operation.as_deref().is_some_and(changes_data),
        })
    }
}

/// Whether a database operation changes data (SQL verbs and the common
/// key-value and document store commands).
fn changes_data(operation: &str) -> bool {
    const WRITES: [&str; 24] = [
        "insert", "update", "delete", "merge", "upsert", "replace", "create", "drop", "alter",
        "truncate", "set", "hset", "hmset", "mset", "del", "expire", "lpush", "rpush", "sadd",
        "zadd", "incr", "put", "save", "write",
    ];
    let verb = operation.trim().to_ascii_lowercase();
    WRITES
        .iter()
        .any(|w| verb == *w || verb.starts_with(&format!("{w}_")))
        || verb.starts_with("insert")
        || verb.starts_with("update")
        || verb.starts_with("delete")
}

/// One trace file to read.
#[derive(Clone, Copy, Debug)]
pub struct TraceFile<'a> {
    /// Its name, for problems.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// The spans of one file, whichever of the three formats it is in.
pub fn spans(file: TraceFile<'_>, limits: &ImportLimits) -> Result<Vec<Span>, ImportError> {
    limits.check_text(file.name, file.text)?;
    let start = file.text.trim_start();
    let head = &start[..start.floor_char_boundary(4096)];
    if start.starts_with('[') {
        zipkin::spans(file.name, file.text)
    } else if head.contains("\"resourceSpans\"")
        || head.contains("\"batches\"")
        || head.contains("\"result\"")
    {
        otlp::spans(file.name, file.text)
    } else if head.contains("\"traceID\"") || head.contains("\"data\"") {
        jaeger::spans(file.name, file.text)
    } else {
        Err(ImportError::one(
            file.name,
            Some(1),
            "not a trace file: expected OTLP JSON (resourceSpans), Jaeger JSON (data, traceID) or Zipkin v2 JSON (an array of spans)",
        ))
    }
}

/// Spans gathered file by file, so a reader can drop each file's text once
/// its spans are read (a million spans come in hundreds of MB of JSON).
#[derive(Default)]
pub struct SpanSet {
    spans: Vec<Span>,
    first_file: Option<String>,
}

impl SpanSet {
    /// Adds the spans of `file`, refused past [`MAX_SPANS`] in all.
    pub fn add(&mut self, file: TraceFile<'_>, limits: &ImportLimits) -> Result<(), ImportError> {
        let spans = spans(file, limits)?;
        if self.spans.len() + spans.len() > MAX_SPANS {
            return Err(ImportError::one(
                file.name,
                None,
                format!("more than {MAX_SPANS} spans in all"),
            ));
        }
        self.first_file.get_or_insert_with(|| file.name.to_string());
        self.spans.extend(spans);
        Ok(())
    }

    /// The layer named `source` of the spans added, modules at `level`, names
    /// mapped to module ids by `rules`; refused when no span was found or the
    /// layer is over the import limits.
    pub fn layer(
        self,
        source: &str,
        level: Level,
        rules: &[MappingRule],
        limits: &ImportLimits,
    ) -> Result<Layer, ImportError> {
        let file = self.first_file.as_deref().unwrap_or("traces");
        if self.spans.is_empty() {
            return Err(ImportError::one(file, None, "no spans found"));
        }
        let layer = layer(source, &self.spans, level, rules);
        limits.check_layer(file, &layer)?;
        Ok(layer)
    }
}

/// Reads trace files into a layer named `source`, modules at `level`, names
/// mapped to module ids by `rules` (first match; unmatched names are ids).
pub fn read(
    source: &str,
    files: &[TraceFile<'_>],
    level: Level,
    rules: &[MappingRule],
    limits: &ImportLimits,
) -> Result<Layer, ImportError> {
    let mut set = SpanSet::default();
    for file in files {
        set.add(*file, limits)?;
    }
    set.layer(source, level, rules, limits)
}

/// What is measured for one call.
#[derive(Default)]
struct Measured {
    asynchronous: bool,
    errors: u64,
    durations: Vec<f64>,
}

/// The layer of `spans` (see the module documentation for the rules).
pub fn layer(source: &str, spans: &[Span], level: Level, rules: &[MappingRule]) -> Layer {
    let mut names = Interner::default();
    let mut index: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    for (ix, span) in spans.iter().enumerate() {
        index
            .entry((span.trace.as_str(), span.id.as_str()))
            .or_insert(ix);
    }
    let parent_of = |span: &Span| -> Option<usize> {
        let parent = span.parent.as_deref()?;
        index.get(&(span.trace.as_str(), parent)).copied()
    };
    let mapped = |name: String, names: &mut Interner| -> u32 {
        let id = ruled(rules, &name).unwrap_or(name);
        names.intern(&id)
    };
    // The module of every span.
    let mut module = vec![u32::MAX; spans.len()];
    for ix in 0..spans.len() {
        if module[ix] != u32::MAX {
            continue;
        }
        // Walk up to a span whose module is known or decided, then assign down.
        let mut chain = vec![ix];
        let mut decided = None;
        while let Some(&at) = chain.last() {
            let span = &spans[at];
            let own = match level {
                Level::Service => Some(span.service.clone()),
                Level::Operation => span.namespace.clone().or_else(|| {
                    let parent = parent_of(span).filter(|p| spans[*p].service == span.service);
                    match (span.kind, parent) {
                        (SpanKind::Server | SpanKind::Consumer, _) | (_, None) => {
                            Some(format!("{}/{}", span.service, span.name))
                        }
                        _ => None,
                    }
                }),
            };
            if let Some(own) = own {
                decided = Some(mapped(own, &mut names));
                break;
            }
            match parent_of(span) {
                Some(parent) if module[parent] != u32::MAX => {
                    decided = Some(module[parent]);
                    break;
                }
                Some(parent) if chain.len() < 10_000 && !chain.contains(&parent) => {
                    chain.push(parent)
                }
                _ => {
                    decided = Some(mapped(
                        format!("{}/{}", span.service, span.name),
                        &mut names,
                    ));
                    break;
                }
            }
        }
        let decided = decided.unwrap_or(0);
        for at in chain.into_iter().rev() {
            if module[at] == u32::MAX {
                module[at] = decided;
            }
        }
    }
    let mut calls: FxHashMap<(u32, u32), Measured> = FxHashMap::default();
    let mut tables: FxHashMap<(u32, String), bool> = FxHashMap::default();
    let mut called_out = vec![false; spans.len()];
    for (ix, span) in spans.iter().enumerate() {
        let Some(parent) = parent_of(span) else {
            continue;
        };
        if module[parent] == module[ix] {
            continue;
        }
        called_out[parent] = true;
        let measured = calls.entry((module[parent], module[ix])).or_default();
        measured.asynchronous |=
            spans[parent].kind == SpanKind::Producer || span.kind == SpanKind::Consumer;
        measured.errors += u64::from(span.error || spans[parent].error);
        measured.durations.push(span.duration_ms);
    }
    for (ix, span) in spans.iter().enumerate() {
        if called_out[ix] {
            continue;
        }
        if let Some(db) = &span.db {
            let writes = tables.entry((module[ix], db.table.clone())).or_default();
            *writes |= db.writes;
        } else if matches!(span.kind, SpanKind::Client | SpanKind::Producer)
            && let Some(peer) = &span.peer
        {
            let callee = mapped(peer.clone(), &mut names);
            if callee != module[ix] {
                let measured = calls.entry((module[ix], callee)).or_default();
                measured.asynchronous |= span.kind == SpanKind::Producer;
                measured.errors += u64::from(span.error);
                measured.durations.push(span.duration_ms);
            }
        }
    }
    let name = |ix: u32| names.name(ix).to_string();
    let mut layer_calls: Vec<LayerCall> = calls
        .into_iter()
        .map(|((a, b), mut measured)| {
            measured.durations.sort_by(f64::total_cmp);
            LayerCall {
                caller: name(a),
                callee: name(b),
                style: if measured.asynchronous {
                    CallStyle::Async
                } else {
                    CallStyle::Sync
                },
                count: measured.durations.len() as u64,
                errors: Some(measured.errors),
                latency: Some(Latency {
                    p50: nearest_rank(&measured.durations, 0.50),
                    p95: nearest_rank(&measured.durations, 0.95),
                    p99: nearest_rank(&measured.durations, 0.99),
                }),
            }
        })
        .collect();
    layer_calls.sort_by(|x, y| (&x.caller, &x.callee).cmp(&(&y.caller, &y.callee)));
    let mut table_uses: Vec<TableUse> = tables
        .into_iter()
        .map(|((m, table), writes)| TableUse {
            module: name(m),
            table,
            writes,
        })
        .collect();
    table_uses.sort_by(|x, y| (&x.module, &x.table).cmp(&(&y.module, &y.table)));
    let mut modules: Vec<String> = module.iter().map(|m| name(*m)).collect();
    modules.sort();
    modules.dedup();
    Layer {
        modules,
        calls: layer_calls,
        tables: table_uses,
        rules: rules.to_vec(),
        ..Layer::new(source, LayerKind::Traces)
    }
}

/// The value at rank ⌈p·n⌉ of sorted values (nearest rank), rounded to a
/// microsecond; 0 for none.
fn nearest_rank(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    (sorted[rank - 1] * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
