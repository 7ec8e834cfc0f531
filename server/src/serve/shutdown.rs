//! Graceful shutdown: on SIGINT or SIGTERM fail the readiness probe and keep
//! serving for a drain period (a load balancer stops sending requests), then
//! stop accepting connections, let the requests in flight finish (up to a
//! grace period), and return.

use std::time::Duration;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How long each phase of a shutdown may take.
pub struct Shutdown {
    /// Readiness fails but requests are served, before the listener closes.
    pub drain: Duration,
    /// In-flight requests may finish, after the listener closed.
    pub grace: Duration,
}

/// Serves `router` on `listener` until a shutdown signal, drains, then calls
/// `on_signal` and lets the requests in flight finish.
pub async fn serve_until_signal(
    listener: TcpListener,
    router: Router,
    Shutdown { drain, grace }: Shutdown,
    on_signal: impl FnOnce() + Send + 'static,
) -> anyhow::Result<()> {
    let (stopping_tx, mut stopping_rx) = watch::channel(false);
    let mut drain_rx = stopping_tx.subscribe();
    tokio::spawn(async move {
        wait_for_signal().await;
        super::probes::start_draining();
        if !drain.is_zero() {
            tracing::info!(
                drain_secs = drain.as_secs(),
                "shutdown signal received; draining"
            );
            tokio::time::sleep(drain).await;
        }
        tracing::info!("shutting down; finishing in-flight requests");
        on_signal();
        let _ = stopping_tx.send(true);
    });

    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, service).with_graceful_shutdown(async move {
        let _ = stopping_rx.wait_for(|stopping| *stopping).await;
    });
    let deadline = async move {
        let _ = drain_rx.wait_for(|stopping| *stopping).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        served = server => served.context("server failed"),
        () = deadline => {
            tracing::warn!(grace_secs = grace.as_secs(), "requests still running after the grace period; stopping anyway");
            Ok(())
        }
    }
}

async fn wait_for_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
