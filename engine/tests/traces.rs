//! The trace importers on real exports (engine/tests/corpus/traces, sources in
//! SOURCES.md there): the OpenTelemetry demo (OTLP JSON), Istio Bookinfo (a
//! Tempo response), Spring PetClinic (Jaeger JSON) and Zipkin's own test
//! traces. The expectations are the pairwise view of the servicegraph
//! connector's rules worked out in EXPECTED.md there (by
//! bench/servicegraph.py and by hand on the span lists).

use engine::formats::ImportLimits;
use engine::model::{CallStyle, Layer};
use engine::traces::{Level, TraceFile, read};

fn corpus(name: &str) -> String {
    let path = format!("{}/tests/corpus/traces/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn layer_of(name: &str, level: Level) -> Layer {
    let text = corpus(name);
    read(
        "traces",
        &[TraceFile { name, text: &text }],
        level,
        &[],
        &ImportLimits::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// (caller, callee, count, errors, async)
fn calls(layer: &Layer) -> Vec<(String, String, u64, u64, bool)> {
    layer
        .calls
        .iter()
        .map(|c| {
            (
                c.caller.clone(),
                c.callee.clone(),
                c.count,
                c.errors.unwrap_or(0),
                c.style == CallStyle::Async,
            )
        })
        .collect()
}

fn call(
    caller: &str,
    callee: &str,
    count: u64,
    errors: u64,
    asynchronous: bool,
) -> (String, String, u64, u64, bool) {
    (caller.into(), callee.into(), count, errors, asynchronous)
}

#[test]
fn the_opentelemetry_demo_gives_its_service_calls_latencies_and_tables() {
    let layer = layer_of("otlp-oteldemo-error-timeout-masked.json", Level::Service);
    assert_eq!(
        calls(&layer),
        [
            call("frontend", "cart", 2, 0, false),
            call("frontend", "product-catalog", 1, 0, false),
            call("frontend-proxy", "frontend", 3, 0, false),
            // Three requests (the connector keeps two: one server per client
            // span, by arrival order); the timed-out one failed.
            call("load-generator", "frontend-proxy", 3, 1, false),
        ]
    );
    let latency = |ix: usize| layer.calls[ix].latency.map(|l| (l.p50, l.p95));
    assert_eq!(latency(0), Some((0.418, 0.915)));
    assert_eq!(latency(2), Some((37.138, 15000.947)));
    assert_eq!(latency(3), Some((38.034, 15001.462)));
    let tables: Vec<(&str, &str, bool)> = layer
        .tables
        .iter()
        .map(|t| (t.module.as_str(), t.table.as_str(), t.writes))
        .collect();
    // cart: HGET, HMSET, EXPIRE on redis; product-catalog: a SELECT.
    assert_eq!(
        tables,
        [
            ("cart", "redis", true),
            ("product-catalog", "postgresql", false)
        ]
    );
}

#[test]
fn a_tempo_response_of_istio_bookinfo_gives_its_four_calls() {
    let layer = layer_of("otlp-tempo-batches-bookinfo.json", Level::Service);
    assert_eq!(
        calls(&layer),
        [
            call(
                "istio-ingressgateway.istio-system",
                "productpage.bookinfo",
                1,
                0,
                false
            ),
            call("productpage.bookinfo", "details.bookinfo", 1, 0, false),
            call("productpage.bookinfo", "reviews.bookinfo", 1, 0, false),
            call("reviews.bookinfo", "ratings.bookinfo", 1, 0, false),
        ]
    );
    assert_eq!(layer.calls[3].latency.map(|l| l.p50), Some(0.434));
}

#[test]
fn jaeger_json_of_petclinic_gives_the_gateway_call() {
    let layer = layer_of("jaeger-petclinic-api-gateway.json", Level::Service);
    assert_eq!(
        calls(&layer),
        [call("api-gateway", "customers-service", 1, 0, false)]
    );
    assert_eq!(layer.calls[0].latency.map(|l| l.p50), Some(1.696));
}

#[test]
fn zipkin_pairs_shared_spans_and_names_uninstrumented_peers() {
    let layer = layer_of("zipkin-yelp.json", Level::Service);
    let found = calls(&layer);
    for expected in [
        call("yelp-main", "mobile_api", 1, 0, false),
        call("mobile_api", "spectre", 1, 0, false),
        call("mobile_api", "blt", 1, 0, false),
        call("mobile_api", "memcache", 2, 0, false),
        call("yelp-main", "memcache", 3, 0, false),
        call("yelp-main", "mysql", 2, 0, false),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    let messaging = calls(&layer_of("zipkin-messaging-kafka.json", Level::Service));
    assert_eq!(
        messaging,
        [
            call("servicea", "kafka", 6, 0, true),
            // Each of the three messages reaches serviceb (the connector keeps
            // one consumer per producer span).
            call("servicea", "serviceb", 3, 0, true),
        ]
    );
}

#[test]
fn several_files_of_several_formats_make_one_layer() {
    let (a, b) = (
        corpus("otlp-tempo-batches-bookinfo.json"),
        corpus("zipkin-simple-db-p6.json"),
    );
    let layer = read(
        "mixed",
        &[
            TraceFile {
                name: "a.json",
                text: &a,
            },
            TraceFile {
                name: "b.json",
                text: &b,
            },
        ],
        Level::Service,
        &engine::history::mapping::parse_rules("productpage.bookinfo => web\n").unwrap(),
        &ImportLimits::default(),
    )
    .unwrap();
    let found = calls(&layer);
    assert!(found.contains(&call("web", "details.bookinfo", 1, 0, false)));
    assert!(found.contains(&call("bootifulmeters", "app_db", 4, 0, false)));
}
