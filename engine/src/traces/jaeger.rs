//! Jaeger JSON, as its query API and UI export it: `{"data": [trace…]}` or one
//! trace `{"traceID", "spans", "processes"}`. A span's parent is its first
//! CHILD_OF reference (else FOLLOWS_FROM, else `parentSpanID`); its kind the
//! `span.kind` tag; times are microseconds.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Attributes, Span, SpanKind};
use crate::formats::ImportError;

#[derive(Deserialize)]
#[serde(untagged)]
enum Document {
    Wrapped { data: Vec<Trace> },
    One(Trace),
}

#[derive(Deserialize)]
struct Trace {
    #[serde(default)]
    spans: Vec<JaegerSpan>,
    #[serde(default)]
    processes: HashMap<String, Process>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Process {
    service_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JaegerSpan {
    #[serde(rename = "traceID")]
    trace_id: String,
    #[serde(rename = "spanID")]
    span_id: String,
    #[serde(default, rename = "parentSpanID")]
    parent_span_id: Option<String>,
    #[serde(default)]
    operation_name: String,
    #[serde(default)]
    references: Vec<Reference>,
    #[serde(default)]
    duration: f64,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default, rename = "processID")]
    process_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reference {
    ref_type: String,
    #[serde(rename = "spanID")]
    span_id: String,
}

#[derive(Deserialize)]
struct Tag {
    key: String,
    #[serde(default)]
    value: serde_json::Value,
}

/// The spans of a Jaeger JSON file.
pub(super) fn spans(source: &str, text: &str) -> Result<Vec<Span>, ImportError> {
    let document: Document =
        serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
    let traces = match document {
        Document::Wrapped { data } => data,
        Document::One(trace) => vec![trace],
    };
    let mut spans = Vec::new();
    for trace in traces {
        for span in trace.spans {
            let service = trace
                .processes
                .get(&span.process_id)
                .map_or_else(|| "unknown_service".to_string(), |p| p.service_name.clone());
            spans.push(convert(span, service));
        }
    }
    Ok(spans)
}

fn convert(span: JaegerSpan, service: String) -> Span {
    let mut attributes = Attributes::default();
    for tag in span.tags {
        let value = match tag.value {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        attributes.take(&tag.key, value);
    }
    let reference = |kind: &str| {
        span.references
            .iter()
            .find(|r| r.ref_type == kind)
            .map(|r| r.span_id.clone())
    };
    let parent = reference("CHILD_OF")
        .or_else(|| reference("FOLLOWS_FROM"))
        .or(span.parent_span_id)
        .filter(|p| !p.trim_start_matches('0').is_empty());
    Span {
        db: attributes.db(),
        kind: attributes
            .kind
            .as_deref()
            .map_or(SpanKind::Internal, SpanKind::from_name),
        trace: span.trace_id,
        id: span.span_id,
        parent,
        service,
        name: span.operation_name,
        duration_ms: span.duration.max(0.0) / 1000.0,
        error: attributes.error,
        namespace: attributes.namespace,
        peer: attributes.peer,
    }
}
