//! `seams serve`: the web server.

mod args;
mod csp_report;
mod probes;
mod router;
mod shutdown;

use anyhow::Context;
use app::ssr::AppState;
use app::store::Db;
use leptos::config::{Env, LeptosOptions};

pub use args::ServeArgs;

use crate::telemetry;

/// Opens the port and the database, then serves until SIGINT or SIGTERM.
///
/// The port is taken first so that a busy port fails before anything else
/// happens; the database is migrated before the first request is accepted.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    telemetry::init(args.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let database_url = args.database_url()?;
    let db = Db::connect(&database_url).await?;
    db.migrate().await?;

    let leptos_options = LeptosOptions::builder()
        .output_name("seams")
        .site_root(args.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .env(Env::PROD)
        .build();
    let state = AppState {
        leptos_options,
        db: db.clone(),
    };
    let router = router::build(state);

    tracing::info!(
        addr = %args.addr,
        database = ?db.backend(),
        "Seams is listening on http://{}",
        args.addr
    );
    let outcome = shutdown::serve_until_signal(listener, router, args.shutdown_grace()).await;
    db.close().await;
    tracing::info!("stopped");
    outcome
}
