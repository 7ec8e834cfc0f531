//! `seams serve`: the web server.

mod api;
mod args;
mod assets;
mod capped_body;
mod csp_report;
mod live;
mod paths;
mod probes;
mod report;
mod router;
mod scan_upload;
mod security;
mod sessions;
mod shutdown;

use anyhow::Context;
use app::ssr::AppState;
use app::ssr::live::Hub;
use app::store::Db;
use leptos::config::{Env, LeptosOptions};

pub use args::{DatabaseArgs, ServeArgs};

use crate::telemetry;

/// Removes projects deleted more than 30 days ago, the presence of
/// connections whose process died, models of imports that stopped half-way
/// and sign-in attempts older than a day, at start and every hour.
fn spawn_purge(db: Db) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
        loop {
            every_hour.tick().await;
            match db.purge_deleted_projects().await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "purged projects deleted over 30 days ago"),
                Err(error) => tracing::warn!(%error, "purging deleted projects failed"),
            }
            if let Err(error) = db.sweep_presence().await {
                tracing::warn!(%error, "sweeping stale presence failed");
            }
            match db.purge_unused_generations().await {
                Ok(0) => {}
                Ok(rows) => tracing::info!(rows, "deleted models of imports that stopped half-way"),
                Err(error) => tracing::warn!(%error, "deleting unused model generations failed"),
            }
            if let Err(error) = db.purge_old_sign_in_failures().await {
                tracing::warn!(%error, "purging old sign-in attempts failed");
            }
        }
    });
}

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
    let session_store = sessions::Store::open(&database_url).await?;
    session_store.spawn_cleanup();
    spawn_purge(db.clone());

    // A site built by scripts/build-site names its files by content hash and lists
    // the hashes in hash.txt: the bundle's parts are in pkg/<bundle hash>/ (one
    // built by `cargo leptos` has plain names in pkg/).
    let hash_file = std::path::absolute(args.site_root.join("hash.txt"))
        .context("cannot resolve the site folder")?;
    let pkg_dir = assets::bundle_folder(&hash_file);
    let leptos_options = LeptosOptions::builder()
        .output_name("seams")
        .site_root(args.site_root.to_string_lossy().into_owned())
        .site_pkg_dir(pkg_dir)
        .site_addr(args.addr)
        .env(Env::PROD)
        .hash_files(hash_file.exists())
        .hash_file(std::sync::Arc::<str>::from(hash_file.to_string_lossy()))
        .build();
    let hub = Hub::start(
        db.clone(),
        database_url,
        app::ssr::live::StreamLimits {
            per_user: args.streams_per_user,
            per_project: args.streams_per_project,
        },
    );
    let state = AppState {
        leptos_options,
        db: db.clone(),
        hub: hub.clone(),
        heavy: args.heavy(),
        passwords: app::ssr::heavy::Heavy::for_passwords(),
        scans: app::ssr::heavy::Heavy::for_scans(),
        client_address_header: args.client_address_header.clone(),
        sign_ups_per_address_per_hour: args.sign_ups_per_hour,
        views: app::ssr::views::Views::default(),
    };
    let router = router::build(
        state,
        session_store,
        security::Security {
            https: args.https(),
            metrics_token: args.metrics_token.clone(),
        },
    );

    tracing::info!(
        addr = %args.addr,
        database = ?db.backend(),
        "Seams is listening on http://{}",
        args.addr
    );
    let shutdown = shutdown::Shutdown {
        drain: std::time::Duration::from_secs(args.drain_seconds),
        grace: args.shutdown_grace(),
    };
    // Open live streams end after the drain, so that they do not hold the shutdown up.
    let outcome =
        shutdown::serve_until_signal(listener, router, shutdown, move || hub.close()).await;
    db.close().await;
    tracing::info!("stopped");
    outcome
}
