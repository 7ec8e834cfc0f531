use super::*;

fn span(id: &str, parent: Option<&str>, service: &str, kind: SpanKind, ms: f64) -> Span {
    Span {
        trace: "t".into(),
        id: id.into(),
        parent: parent.map(str::to_string),
        service: service.into(),
        name: format!("op-{id}"),
        kind,
        duration_ms: ms,
        ..Span::default()
    }
}

#[test]
fn a_child_in_another_service_is_a_call_with_its_latency() {
    use SpanKind::*;
    let spans = [
        span("1", None, "web", Server, 50.0),
        span("2", Some("1"), "web", Client, 30.0),
        span("3", Some("2"), "orders", Server, 20.0),
        span("4", Some("1"), "web", Producer, 1.0),
        span("5", Some("4"), "mail", Consumer, 5.0),
        Span {
            db: Some(DbUse {
                table: "orders".into(),
                writes: true,
            }),
            ..span("6", Some("3"), "orders", Client, 2.0)
        },
        Span {
            peer: Some("payments".into()),
            ..span("7", Some("3"), "orders", Client, 9.0)
        },
    ];
    let layer = layer("otel", &spans, Level::Service, &[]);
    let calls: Vec<(&str, &str, CallStyle, u64)> = layer
        .calls
        .iter()
        .map(|c| (c.caller.as_str(), c.callee.as_str(), c.style, c.count))
        .collect();
    assert_eq!(
        calls,
        [
            ("orders", "payments", CallStyle::Sync, 1),
            ("web", "mail", CallStyle::Async, 1),
            ("web", "orders", CallStyle::Sync, 1),
        ]
    );
    assert_eq!(layer.calls[2].latency.map(|l| l.p50), Some(20.0));
    assert_eq!(layer.tables[0].table, "orders");
    assert!(layer.tables[0].writes);
    assert_eq!(
        layer.modules,
        ["mail", "orders", "web"],
        "services with spans"
    );
}

#[test]
fn operations_are_server_spans_or_classes_and_rules_rename_them() {
    use SpanKind::*;
    let spans = [
        span("1", None, "shop", Server, 50.0),
        Span {
            namespace: Some("com.shop.Cart".into()),
            ..span("2", Some("1"), "shop", Internal, 10.0)
        },
        span("3", Some("2"), "shop", Internal, 4.0),
    ];
    let rules = [MappingRule {
        pattern: "shop/*".into(),
        module: "entry".into(),
    }];
    let layer = layer("otel", &spans, Level::Operation, &rules);
    let calls: Vec<(&str, &str)> = layer
        .calls
        .iter()
        .map(|c| (c.caller.as_str(), c.callee.as_str()))
        .collect();
    assert_eq!(calls, [("entry", "com.shop.Cart")], "span 3 runs in Cart");
}

#[test]
fn percentiles_are_nearest_rank() {
    let values: Vec<f64> = (1..=20).map(f64::from).collect();
    assert_eq!(nearest_rank(&values, 0.5), 10.0);
    assert_eq!(nearest_rank(&values, 0.95), 19.0);
    assert_eq!(nearest_rank(&values, 0.99), 20.0);
    assert_eq!(nearest_rank(&[], 0.5), 0.0);
}

#[test]
fn a_span_that_is_its_own_ancestor_does_not_hang() {
    use SpanKind::*;
    let spans = [
        span("1", Some("2"), "a", Internal, 1.0),
        span("2", Some("1"), "a", Internal, 1.0),
    ];
    let layer = layer("x", &spans, Level::Operation, &[]);
    assert!(layer.calls.len() <= 2);
}

#[test]
fn unknown_text_is_refused_with_a_location() {
    let error = spans(
        TraceFile {
            name: "x.json",
            text: "{\"hello\": 1}",
        },
        &ImportLimits::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("x.json:1"), "{error}");
}

#[test]
fn a_long_first_line_cut_inside_a_character_is_still_read() {
    // Found by the fuzzer: the format is told from the first 4 KiB.
    let text = format!("{{\"x\": \"{}\"}}", "한".repeat(3000));
    let error = spans(
        TraceFile {
            name: "long.json",
            text: &text,
        },
        &ImportLimits::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("not a trace file"), "{error}");
}

#[test]
fn a_layer_over_the_module_limit_is_refused() {
    let text = (0..5)
        .map(|i| format!("{{\"traceId\":\"t{i}\",\"id\":\"{i}\",\"localEndpoint\":{{\"serviceName\":\"s{i}\"}}}}"))
        .collect::<Vec<_>>()
        .join(",");
    let limits = ImportLimits {
        max_modules: 3,
        ..ImportLimits::default()
    };
    let file = TraceFile {
        name: "many.json",
        text: &format!("[{text}]"),
    };
    let error = read("x", &[file], Level::Service, &[], &limits).unwrap_err();
    assert!(
        error.to_string().contains("5 modules; the limit is 3"),
        "{error}"
    );
}

#[test]
fn a_name_longer_than_a_model_allows_is_refused_while_reading() {
    // Found by the fuzzer: a 600-character span name made a module id the
    // project then refused.
    let name = "o".repeat(600);
    let text = format!(
        "[{{\"traceId\":\"t\",\"id\":\"1\",\"name\":\"{name}\",\"kind\":\"SERVER\",\"localEndpoint\":{{\"serviceName\":\"s\"}}}}]"
    );
    let file = TraceFile {
        name: "long.json",
        text: &text,
    };
    let limits = ImportLimits::default();
    assert!(read("x", &[file], Level::Service, &[], &limits).is_ok());
    let error = read("x", &[file], Level::Operation, &[], &limits).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("is 602 characters long; a name may have 500"),
        "{error}"
    );
}
