//! `seams backup` and `seams restore`: a copy of the SQLite database taken
//! while the server runs, checked, and put back into place when the server is
//! stopped. PostgreSQL is backed up with its own `pg_dump`/`pg_restore`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use app::store::{Db, Inventory, check_sqlite_backup, sqlite_in_use};

use crate::serve::DatabaseArgs;

/// Options of `seams backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The database to back up.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Options of `seams restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A file `seams backup` wrote.
    pub backup: PathBuf,
    /// Overwrite the database that is there (stop the server first).
    #[arg(long)]
    pub replace: bool,
    /// Where to restore it.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Backs the database up and checks the copy; prints what it holds.
pub fn run_backup(args: BackupArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let url = args.database.url();
        let db = Db::connect(&url).await?;
        db.back_up_into(&args.output)
            .await
            .with_context(|| format!("cannot back up into {}", args.output.display()))?;
        db.close().await;
        let copy = check_sqlite_backup(&args.output).await?;
        println!("backed up {} to {}", describe(&copy), args.output.display());
        Ok(())
    })
}

/// Checks a backup and puts it in place of the database (which must not be
/// in use): written beside it, synced, then renamed over it, so an
/// interrupted restore leaves the old database whole.
pub fn run_restore(args: RestoreArgs) -> anyhow::Result<()> {
    let Some(target) = args.database.sqlite_file() else {
        bail!(
            "seams restore puts SQLite files back; restore a PostgreSQL database with pg_restore"
        );
    };
    runtime()?.block_on(async {
        let inventory = check_sqlite_backup(&args.backup).await?;
        if target.exists() {
            if !args.replace {
                bail!(
                    "{} already holds a database; stop the server and pass --replace to overwrite it",
                    target.display()
                );
            }
            // A running server would go on writing into the file it has open,
            // and every edit it acknowledged from then on would be lost.
            if sqlite_in_use(&target).await? {
                bail!(
                    "{} is in use by a running server; stop it first, then restore",
                    target.display()
                );
            }
        }
        put_in_place(&args.backup, &target)?;
        println!(
            "restored {} into {}",
            describe(&inventory),
            target.display()
        );
        Ok(())
    })
}

fn put_in_place(backup: &Path, target: &Path) -> anyhow::Result<()> {
    if let Some(folder) = target.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let staging = target.with_extension("restoring");
    std::fs::copy(backup, &staging)
        .with_context(|| format!("cannot copy {} to {}", backup.display(), staging.display()))?;
    std::fs::File::open(&staging)
        .and_then(|file| file.sync_all())
        .with_context(|| format!("cannot sync {}", staging.display()))?;
    // The old database's write-ahead log must not be replayed onto the backup.
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", target.display()));
        match std::fs::remove_file(&side) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error).with_context(|| format!("cannot remove {}", side.display()));
            }
            _ => {}
        }
    }
    std::fs::rename(&staging, target)
        .with_context(|| format!("cannot move {} to {}", staging.display(), target.display()))
}

fn describe(inventory: &Inventory) -> String {
    format!(
        "{} projects ({} revisions in their histories) and {} people",
        inventory.projects.len(),
        inventory.history_rows,
        inventory.users
    )
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
