//! Liveness and readiness probes, for load balancers and orchestrators.

use app::ssr::AppState;
use axum::extract::State;
use http::StatusCode;

/// Liveness: the process is up and answering.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers and is fully migrated.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    match state.db.check_ready().await {
        Ok(()) => (StatusCode::OK, "ready".to_string()),
        Err(error) => {
            tracing::warn!(%error, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("not ready: {error}"),
            )
        }
    }
}
