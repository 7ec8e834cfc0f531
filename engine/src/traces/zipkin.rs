//! Zipkin v2 JSON: an array of spans, or an array of traces (arrays of spans)
//! as Zipkin's API returns them. A `shared` SERVER span has the id of the
//! CLIENT span that called it; it is made that span's child (Zipkin's own
//! pairing). Times are microseconds; an `error` tag marks a failure.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::{Attributes, Span, SpanKind};
use crate::formats::ImportError;

#[derive(Deserialize)]
#[serde(untagged)]
enum Document {
    Spans(Vec<ZipkinSpan>),
    Traces(Vec<Vec<ZipkinSpan>>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ZipkinSpan {
    trace_id: String,
    id: String,
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    duration: Option<f64>,
    #[serde(default)]
    local_endpoint: Option<Endpoint>,
    #[serde(default)]
    remote_endpoint: Option<Endpoint>,
    #[serde(default)]
    tags: HashMap<String, String>,
    #[serde(default)]
    shared: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Endpoint {
    #[serde(default)]
    service_name: Option<String>,
}

/// The spans of a Zipkin v2 JSON file.
pub(super) fn spans(source: &str, text: &str) -> Result<Vec<Span>, ImportError> {
    let document: Document =
        serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
    let raw: Vec<ZipkinSpan> = match document {
        Document::Spans(spans) => spans,
        Document::Traces(traces) => traces.into_iter().flatten().collect(),
    };
    let clients: HashSet<(String, String)> = raw
        .iter()
        .filter(|s| s.kind.as_deref() == Some("CLIENT"))
        .map(|s| (s.trace_id.clone(), s.id.clone()))
        .collect();
    let is_paired = |span: &ZipkinSpan| {
        span.shared
            && span.kind.as_deref() == Some("SERVER")
            && clients.contains(&(span.trace_id.clone(), span.id.clone()))
    };
    // The service of each paired server span: its children (same id as parent,
    // same service) run under the server, not under the client.
    let servers: HashMap<(String, String), Option<String>> = raw
        .iter()
        .filter(|s| is_paired(s))
        .map(|s| ((s.trace_id.clone(), s.id.clone()), local_service(s)))
        .collect();
    Ok(raw
        .into_iter()
        .map(|mut span| {
            let paired = is_paired(&span);
            if !paired
                && let Some(parent) = &span.parent_id
                && servers.get(&(span.trace_id.clone(), parent.clone()))
                    == Some(&local_service(&span))
            {
                span.parent_id = Some(format!("{parent}:server"));
            }
            convert(span, paired)
        })
        .collect())
}

fn local_service(span: &ZipkinSpan) -> Option<String> {
    span.local_endpoint
        .as_ref()
        .and_then(|e| e.service_name.clone())
}

fn convert(span: ZipkinSpan, paired: bool) -> Span {
    let mut attributes = Attributes::default();
    let error = span.tags.contains_key("error");
    for (key, value) in span.tags {
        attributes.take(&key, value);
    }
    let service = |e: Option<Endpoint>| e.and_then(|e| e.service_name).filter(|s| !s.is_empty());
    // A shared server span takes the id "<id>:server" and its client as parent.
    let (id, parent) = if paired {
        (format!("{}:server", span.id), Some(span.id))
    } else {
        (span.id, span.parent_id)
    };
    Span {
        db: attributes.db(),
        trace: span.trace_id,
        id,
        parent,
        service: service(span.local_endpoint).unwrap_or_else(|| "unknown_service".to_string()),
        name: span.name.unwrap_or_default(),
        kind: span
            .kind
            .as_deref()
            .map_or(SpanKind::Internal, SpanKind::from_name),
        duration_ms: span.duration.unwrap_or(0.0).max(0.0) / 1000.0,
        error,
        namespace: attributes.namespace,
        peer: attributes.peer.or_else(|| service(span.remote_endpoint)),
    }
}
