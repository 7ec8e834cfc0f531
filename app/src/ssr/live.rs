//! The live hub: after a change, every open page of the project hears about it.
//! One relay per process reads the store's signals (an in-process channel with
//! SQLite, LISTEN/NOTIFY with PostgreSQL, so pages connected to another server
//! process hear them too) and hands each to the pages of its project.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{broadcast, watch};

use crate::store::{Backend, Change, Db, Signal, StoreError, listen, parse_signal};

/// Signals waiting for a slow page before it must resynchronise.
const BACKLOG: usize = 256;

/// Delivers signals to the open pages of each project.
#[derive(Clone)]
pub struct Hub {
    channels: Arc<Mutex<HashMap<String, broadcast::Sender<Signal>>>>,
    db: Db,
    closing: watch::Sender<bool>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").finish_non_exhaustive()
    }
}

impl Hub {
    /// A hub relaying the database's signals; `database_url` is needed to
    /// listen with PostgreSQL. Call from within the async runtime.
    pub fn start(db: Db, database_url: String) -> Hub {
        let hub = Hub {
            channels: Arc::new(Mutex::new(HashMap::new())),
            db,
            closing: watch::channel(false).0,
        };
        match hub.db.backend() {
            Backend::Sqlite => hub.relay_local(),
            Backend::Postgres => hub.relay_postgres(database_url),
        }
        hub
    }

    /// Signals of one project, from now on.
    pub fn subscribe(&self, project: &str) -> broadcast::Receiver<Signal> {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels.retain(|_, sender| sender.receiver_count() > 0);
        channels
            .entry(project.to_string())
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe()
    }

    /// Announces a change to every page of the project, in every process.
    pub async fn publish(&self, project: &str, change: Change) -> Result<(), StoreError> {
        self.db
            .announce(Signal {
                project: project.to_string(),
                change,
            })
            .await
    }

    /// Resolves when the server is shutting down: open streams end then, so the
    /// server can stop (pages reconnect to the next process by themselves).
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Ends every open stream.
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }

    fn deliver(&self, signal: Signal) {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = channels.get(&signal.project) {
            let _ = sender.send(signal);
        }
    }

    /// Tells every page that signals may have been lost.
    fn resync_all(&self) {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        for (project, sender) in channels.iter() {
            let _ = sender.send(Signal {
                project: project.clone(),
                change: Change::Resync,
            });
        }
    }

    fn relay_local(&self) {
        let hub = self.clone();
        let mut signals = self.db.signals();
        tokio::spawn(async move {
            loop {
                match signals.recv().await {
                    Ok(signal) => hub.deliver(signal),
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "live relay fell behind; pages resynchronise");
                        hub.resync_all();
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
        });
    }

    /// Relays every process's notifications. After a lost connection the
    /// listener reconnects and the pages resynchronise (notifications sent in
    /// between are gone).
    fn relay_postgres(&self, database_url: String) {
        let hub = self.clone();
        tokio::spawn(async move {
            let mut listener = loop {
                match listen(&database_url).await {
                    Ok(listener) => break listener,
                    Err(error) => {
                        tracing::warn!(%error, "cannot listen for live notifications; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            };
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => match parse_signal(notification.payload()) {
                        Ok(signal) => hub.deliver(signal),
                        Err(error) => tracing::warn!(%error, "unreadable live notification"),
                    },
                    Ok(None) => {
                        tracing::warn!("live notifications interrupted; reconnecting");
                        hub.resync_all();
                    }
                    Err(error) => {
                        tracing::warn!(%error, "cannot reconnect for live notifications; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
    }
}
