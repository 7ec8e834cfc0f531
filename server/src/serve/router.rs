//! The HTTP routes and the layers around them.

use app::ssr::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum_prometheus::{EndpointLabel, PrometheusMetricLayerBuilder};
use http::Request;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use super::security::{self, Security};
use super::{api, assets, csp_report, live, paths, probes, report, scan_upload, sessions};

/// The metrics label of a path no route matched: a fixed few, so that random
/// paths cannot grow the number of series.
fn unmatched_label(path: &str) -> String {
    match path {
        p if p.starts_with("/pkg/") => "/pkg/{file}".to_string(),
        _ => "unmatched".to_string(),
    }
}

/// Whether the request carries `Authorization: Bearer <token>` for the
/// configured token (compared in constant time); never without a token.
fn bearer_matches(headers: &http::HeaderMap, token: Option<&str>) -> bool {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return false;
    };
    let given = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// Builds the application: Leptos pages and server functions, probes, metrics,
/// static files; every request gets an id (`x-request-id`, echoed back), a log
/// line and a place in the Prometheus counters and latency histograms.
///
/// Call once per process: the metrics recorder is global.
pub fn build(state: AppState, session_store: sessions::Store, security: Security) -> Router {
    let (metrics_layer, metrics_handle) = PrometheusMetricLayerBuilder::new()
        .with_endpoint_label_type(EndpointLabel::MatchedPathWithFallbackFn(unmatched_label))
        .with_default_metrics()
        .build_pair();
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let site_root = std::path::PathBuf::from(state.leptos_options.site_root.as_ref());
    let metrics_token = security.metrics_token.clone();

    Router::new()
        .route("/healthz", get(probes::healthz))
        .route("/readyz", get(probes::readyz))
        .route(
            "/csp-report",
            post(csp_report::receive).layer(DefaultBodyLimit::max(csp_report::MAX_REPORT_BYTES)),
        )
        .nest("/api/v1", api::routes())
        .route("/api/projects/{project}/live", get(live::stream))
        .route("/api/projects/{project}/report.html", get(report::html))
        .route("/api/scan", post(scan_upload::upload))
        .nest("/pkg", assets::pkg_routes(&site_root))
        .route(
            "/metrics",
            get(move |headers: http::HeaderMap| {
                let allowed = bearer_matches(&headers, metrics_token.as_deref());
                std::future::ready(match allowed {
                    true => (http::StatusCode::OK, metrics_handle.render()),
                    false => (http::StatusCode::NOT_FOUND, String::new()),
                })
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                app::page_nonce_context();
            },
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(paths::without_trailing_slash))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::ssr::preload::preload_head,
        ))
        .layer(DefaultBodyLimit::max(security::max_import_body()))
        .layer(sessions::layer(session_store, security.https))
        .layer(axum::middleware::from_fn_with_state(
            security,
            security::protect,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request<_>| {
                            let request_id = request
                                .headers()
                                .get("x-request-id")
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("-");
                            tracing::info_span!(
                                "request",
                                method = %request.method(),
                                path = %request.uri().path(),
                                request_id,
                            )
                        })
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(metrics_layer)
                // Brotli or gzip for pages and server-function answers; quality 4
                // is the usual speed/size balance for bodies made per request.
                // Precompressed files and event streams pass through as they are.
                .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4))),
        )
        .with_state(state)
}
