//! OTLP JSON: what the OpenTelemetry Collector's file exporter writes (one
//! `{"resourceSpans": …}` document per line, or one document), Tempo's
//! `{"batches": …}` and Jaeger's v3 API `{"result": …}`. Ids may be hex or
//! base64 (they are only compared), kinds numbers or `SPAN_KIND_*` names,
//! times nanoseconds as strings or numbers.

use serde::Deserialize;

use super::{Attributes, Span, SpanKind};
use crate::formats::ImportError;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    #[serde(default, alias = "batches")]
    resource_spans: Vec<ResourceSpans>,
    #[serde(default)]
    result: Option<Box<Document>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourceSpans {
    #[serde(default)]
    resource: Resource,
    #[serde(default, alias = "instrumentationLibrarySpans")]
    scope_spans: Vec<ScopeSpans>,
}

#[derive(Default, Deserialize)]
struct Resource {
    #[serde(default)]
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize)]
struct ScopeSpans {
    #[serde(default)]
    spans: Vec<OtlpSpan>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OtlpSpan {
    trace_id: String,
    span_id: String,
    #[serde(default)]
    parent_span_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: Option<Scalar>,
    #[serde(default)]
    start_time_unix_nano: Option<Scalar>,
    #[serde(default)]
    end_time_unix_nano: Option<Scalar>,
    #[serde(default)]
    attributes: Vec<KeyValue>,
    #[serde(default)]
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Status {
    #[serde(default)]
    code: Option<Scalar>,
}

#[derive(Deserialize)]
struct KeyValue {
    key: String,
    #[serde(default)]
    value: AnyValue,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnyValue {
    string_value: Option<String>,
    int_value: Option<Scalar>,
    bool_value: Option<bool>,
    double_value: Option<f64>,
}

impl AnyValue {
    fn text(self) -> Option<String> {
        self.string_value
            .or_else(|| self.int_value.map(Scalar::text))
            .or_else(|| self.bool_value.map(|b| b.to_string()))
            .or_else(|| self.double_value.map(|d| d.to_string()))
    }
}

/// A number or a string (OTLP JSON writes 64-bit numbers as strings).
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Number(f64),
    Text(String),
}

impl Scalar {
    fn text(self) -> String {
        match self {
            Scalar::Number(n) => format!("{n}"),
            Scalar::Text(t) => t,
        }
    }

    /// Whole nanoseconds (exact for strings; numbers beyond 2^53 lose digits).
    fn nanos(&self) -> Option<u64> {
        match self {
            Scalar::Number(n) => (*n >= 0.0).then_some(*n as u64),
            Scalar::Text(t) => t.parse().ok(),
        }
    }
}

/// The spans of an OTLP JSON file (one document or one per line).
pub(super) fn spans(source: &str, text: &str) -> Result<Vec<Span>, ImportError> {
    let mut spans = Vec::new();
    for document in serde_json::Deserializer::from_str(text).into_iter::<Document>() {
        let document = document.map_err(|e| ImportError::json(source, &e))?;
        collect(document, &mut spans);
    }
    Ok(spans)
}

fn collect(document: Document, spans: &mut Vec<Span>) {
    if let Some(inner) = document.result {
        collect(*inner, spans);
    }
    for resource in document.resource_spans {
        let service = resource
            .resource
            .attributes
            .into_iter()
            .find(|kv| kv.key == "service.name")
            .and_then(|kv| kv.value.text())
            .unwrap_or_else(|| "unknown_service".to_string());
        for scope in resource.scope_spans {
            for span in scope.spans {
                spans.push(convert(span, &service));
            }
        }
    }
}

fn convert(span: OtlpSpan, service: &str) -> Span {
    let mut attributes = Attributes::default();
    for kv in span.attributes {
        if let Some(value) = kv.value.text() {
            attributes.take(&kv.key, value);
        }
    }
    let nanos = |t: &Option<Scalar>| t.as_ref().and_then(Scalar::nanos).unwrap_or(0);
    let duration = nanos(&span.end_time_unix_nano).saturating_sub(nanos(&span.start_time_unix_nano))
        as f64
        / 1e6;
    let error = span
        .status
        .and_then(|s| s.code)
        .is_some_and(|code| matches!(code.text().as_str(), "2" | "STATUS_CODE_ERROR"));
    Span {
        db: attributes.db(),
        trace: span.trace_id,
        id: span.span_id,
        parent: (!span.parent_span_id.is_empty()).then_some(span.parent_span_id),
        service: service.to_string(),
        name: span.name,
        kind: span
            .kind
            .map_or(SpanKind::Internal, |k| SpanKind::from_name(&k.text())),
        duration_ms: duration,
        // The status decides (as in the servicegraph connector); an `error`
        // attribute some proxies add is not an OTLP status.
        error,
        namespace: attributes.namespace,
        peer: attributes.peer,
    }
}
