//! Receives Content-Security-Policy violation reports from browsers and logs them,
//! so a blocked script or style shows up in the server logs instead of failing
//! silently in someone's browser.

use axum::body::Bytes;
use http::StatusCode;

/// The largest report accepted; browsers send a few hundred bytes.
pub const MAX_REPORT_BYTES: usize = 64 * 1024;

/// Logs one report (any JSON the browser sends) and answers 204.
pub async fn receive(body: Bytes) -> StatusCode {
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(report) => tracing::warn!(%report, "content security policy violation"),
        Err(_) => tracing::warn!(
            bytes = body.len(),
            "unreadable content security policy report"
        ),
    }
    StatusCode::NO_CONTENT
}
