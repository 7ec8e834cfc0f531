use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::telemetry::LogFormat;

/// How `seams serve` is configured: every option is a flag and an environment variable.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "SEAMS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Where the database is.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Folder with the built site (JavaScript, WebAssembly, CSS).
    #[arg(long, env = "SEAMS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Log format.
    #[arg(long, env = "SEAMS_LOG_FORMAT", value_enum, default_value_t)]
    pub log_format: LogFormat,
    /// The address people use to reach Seams, e.g. https://seams.example.com; an
    /// https address makes cookies Secure and adds Strict-Transport-Security.
    #[arg(long, env = "SEAMS_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The header a trusted reverse proxy sets to the client's address, e.g.
    /// X-Forwarded-For (its last entry is used) or X-Real-IP. Only set this
    /// behind a proxy that sets it: clients could otherwise choose their address.
    #[arg(long, env = "SEAMS_CLIENT_ADDRESS_HEADER")]
    pub client_address_header: Option<String>,
    /// Accounts one client address may create per hour.
    #[arg(long, env = "SEAMS_SIGN_UPS_PER_HOUR", default_value_t = app::functions::auth::DEFAULT_SIGN_UPS_PER_ADDRESS_PER_HOUR)]
    pub sign_ups_per_hour: i64,
    /// Live streams (open project pages) one person may hold at once.
    #[arg(long, env = "SEAMS_STREAMS_PER_USER", default_value_t = 16)]
    pub streams_per_user: usize,
    /// Live streams one project may have open at once.
    #[arg(long, env = "SEAMS_STREAMS_PER_PROJECT", default_value_t = 500)]
    pub streams_per_project: usize,
    /// Heavy jobs (parsing imports, analyses, suggestions, drawings, exports)
    /// run at once; the number of cores when not set.
    #[arg(long, env = "SEAMS_HEAVY_WORKERS")]
    pub heavy_workers: Option<usize>,
    /// Heavy jobs that may wait for a worker before the server answers 503
    /// "busy"; four per worker when not set.
    #[arg(long, env = "SEAMS_HEAVY_QUEUE")]
    pub heavy_queue: Option<usize>,
    /// Bearer token Prometheus sends to read /metrics; without it /metrics is off.
    #[arg(long, env = "SEAMS_METRICS_TOKEN")]
    pub metrics_token: Option<String>,
    /// Seconds in-flight requests get to finish after SIGINT or SIGTERM.
    #[arg(long, env = "SEAMS_SHUTDOWN_GRACE", default_value_t = 4)]
    pub shutdown_grace: u64,
    /// Seconds between SIGTERM and closing the listener, during which /readyz
    /// answers 503 while every request is still served: behind a load balancer
    /// that checks /readyz, set it above the balancer's time to mark a server
    /// down, so no request reaches a closed port during a rolling restart.
    #[arg(long, env = "SEAMS_DRAIN_SECONDS", default_value_t = 0)]
    pub drain_seconds: u64,
}

/// Where the database is: flags and variables shared by `seams serve`,
/// `seams backup` and `seams restore`.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Folder for local data; the default SQLite database lives here.
    #[arg(long, env = "SEAMS_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database: `sqlite://PATH` or `postgres://…` [default: sqlite in the data folder]
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    /// The database URL as given, or the SQLite file in the data folder.
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("seams.db").display()),
        }
    }

    /// The SQLite file the URL names; `None` for another database.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        let url = self.url();
        let path = url.strip_prefix("sqlite://")?;
        Some(PathBuf::from(path.split('?').next().unwrap_or(path)))
    }
}

impl ServeArgs {
    /// The database URL to use. For SQLite the file's folder is created and the file
    /// is created on first start.
    pub fn database_url(&self) -> anyhow::Result<String> {
        let url = self.database.url();
        let Some(file) = self.database.sqlite_file() else {
            return Ok(url);
        };
        if let Some(folder) = file.parent()
            && !folder.as_os_str().is_empty()
        {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create data folder {}", folder.display()))?;
        }
        Ok(if url.contains("mode=") {
            url
        } else if url.contains('?') {
            format!("{url}&mode=rwc")
        } else {
            format!("{url}?mode=rwc")
        })
    }

    /// Whether people reach Seams over HTTPS.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    /// The pool for heavy work, as configured.
    pub fn heavy(&self) -> app::ssr::heavy::Heavy {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let workers = self.heavy_workers.unwrap_or(cores).max(1);
        app::ssr::heavy::Heavy::new(workers, self.heavy_queue.unwrap_or(workers * 4))
    }

    /// How long shutdown waits for in-flight requests.
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace)
    }
}
