//! Liveness and readiness probes, for load balancers and orchestrators.

use app::ssr::AppState;
use axum::extract::State;
use http::StatusCode;

/// Liveness: the process is up and answering.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers and is fully migrated. The reason it is
/// not ready goes to the log only (it can name the database and its schema).
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.check_ready().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "not ready")
        }
    }
}
