//! Liveness and readiness probes, for load balancers and orchestrators.

use std::sync::atomic::{AtomicBool, Ordering};

use app::ssr::AppState;
use axum::extract::State;
use http::StatusCode;

/// Set when a shutdown signal arrived: the load balancer is told to stop
/// sending requests here while the ones it sends are still served.
static DRAINING: AtomicBool = AtomicBool::new(false);

/// Marks this process as draining (readiness fails from now on).
pub fn start_draining() {
    DRAINING.store(true, Ordering::SeqCst);
}

/// Liveness: the process is up and answering.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the process is not shutting down, and the database answers and
/// is fully migrated. The reason it is not ready goes to the log only (it can
/// name the database and its schema).
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if DRAINING.load(Ordering::SeqCst) {
        return (StatusCode::SERVICE_UNAVAILABLE, "draining");
    }
    match state.db.check_ready().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "not ready")
        }
    }
}
