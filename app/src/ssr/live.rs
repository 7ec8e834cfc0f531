//! The live hub: after a change, every open page of the project hears about it.
//! One relay per process reads the store's signals (an in-process channel with
//! SQLite, LISTEN/NOTIFY with PostgreSQL, so pages connected to another server
//! process hear them too) and hands each to the pages of its project. What
//! every page would read for a signal (who is here, the timer) is read once,
//! by the relay, and what every page gets alike (those, and a revision with
//! its edit) is encoded once. Each person and each project may hold a bounded number of
//! open streams.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{broadcast, watch};

use crate::models::LiveMessage;
use crate::store::{Backend, Change, Db, Signal, StoreError, listen, parse_signal};

/// Signals waiting for a slow page before it must resynchronise.
const BACKLOG: usize = 256;

/// How long the relay gathers presence changes of a project before reading
/// who is here once for all of them: 200 tabs opening at once are then a few
/// reads and a few messages per page, not 200 of each.
const PRESENCE_SETTLE: Duration = Duration::from_millis(150);

/// A signal as the pages of this process hear it, with the message every page
/// of the project gets for it when that is the same for all (read once).
#[derive(Clone, Debug)]
pub struct Heard {
    /// The signal.
    pub signal: Signal,
    /// The message for every page, when the relay could read it.
    pub shared: Option<SharedMessage>,
}

/// A message every page of a project gets alike, encoded once for all of
/// them: 200 pages open on a project are one encoding of an edit, not 200.
#[derive(Clone, Debug)]
pub struct SharedMessage {
    /// The message.
    pub message: LiveMessage,
    /// The message as JSON.
    pub json: String,
}

impl SharedMessage {
    /// Encodes `message`; `None` (logged) when it cannot be told as JSON.
    fn encoded(message: LiveMessage) -> Option<SharedMessage> {
        match serde_json::to_string(&message) {
            Ok(json) => Some(SharedMessage { message, json }),
            Err(error) => {
                tracing::error!(%error, "encoding a live message");
                None
            }
        }
    }
}

/// How many live streams may be open at once.
#[derive(Clone, Copy, Debug)]
pub struct StreamLimits {
    /// Per person (all their tabs and projects).
    pub per_user: usize,
    /// Per project (everyone's tabs).
    pub per_project: usize,
}

/// Open streams per person and per project.
#[derive(Debug, Default)]
struct OpenStreams {
    per_user: HashMap<String, usize>,
    per_project: HashMap<String, usize>,
}

/// A place among the open streams; given back when dropped.
pub struct StreamTicket {
    open: Arc<Mutex<OpenStreams>>,
    user: String,
    project: String,
}

impl Drop for StreamTicket {
    fn drop(&mut self) {
        let mut guard = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let open = &mut *guard;
        for (counts, key) in [
            (&mut open.per_user, &self.user),
            (&mut open.per_project, &self.project),
        ] {
            if let Some(count) = counts.get_mut(key) {
                *count -= 1;
                if *count == 0 {
                    counts.remove(key);
                }
            }
        }
    }
}

/// Delivers signals to the open pages of each project.
#[derive(Clone)]
pub struct Hub {
    channels: Arc<Mutex<HashMap<String, broadcast::Sender<Arc<Heard>>>>>,
    open: Arc<Mutex<OpenStreams>>,
    presence_due: Arc<Mutex<HashSet<String>>>,
    limits: StreamLimits,
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
    pub fn start(db: Db, database_url: String, limits: StreamLimits) -> Hub {
        let hub = Hub {
            channels: Arc::new(Mutex::new(HashMap::new())),
            open: Arc::new(Mutex::new(OpenStreams::default())),
            presence_due: Arc::new(Mutex::new(HashSet::new())),
            limits,
            db,
            closing: watch::channel(false).0,
        };
        match hub.db.backend() {
            Backend::Sqlite => hub.relay_local(),
            Backend::Postgres => hub.relay_postgres(database_url),
        }
        hub
    }

    /// A place for one more stream of `user` on `project`; `None` when the
    /// person or the project already holds as many as allowed.
    pub fn admit(&self, project: &str, user: &str) -> Option<StreamTicket> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let users = open.per_user.get(user).copied().unwrap_or(0);
        let projects = open.per_project.get(project).copied().unwrap_or(0);
        if users >= self.limits.per_user || projects >= self.limits.per_project {
            return None;
        }
        *open.per_user.entry(user.to_string()).or_default() += 1;
        *open.per_project.entry(project.to_string()).or_default() += 1;
        Some(StreamTicket {
            open: self.open.clone(),
            user: user.to_string(),
            project: project.to_string(),
        })
    }

    /// Signals of one project, from now on.
    pub fn subscribe(&self, project: &str) -> broadcast::Receiver<Arc<Heard>> {
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

    /// Hands a signal to the pages of its project, reading once what they
    /// would all read for it. Presence changes are gathered for a moment and
    /// read once (see [`PRESENCE_SETTLE`]).
    async fn deliver(&self, signal: Signal) {
        let Some(sender) = self.listening(&signal.project) else {
            return;
        };
        let project = signal.project.as_str();
        let shared = match &signal.change {
            Change::Presence => {
                self.gather_presence(signal);
                return;
            }
            Change::Timer => self
                .db
                .timer(project)
                .await
                .map(|timer| LiveMessage::Timer { timer })
                .map_err(|error| tracing::warn!(%error, "reading the timer"))
                .ok(),
            Change::Revision {
                revision,
                by,
                by_id,
                edit,
            } => Some(LiveMessage::Revision {
                revision: *revision,
                by: by.clone(),
                by_id: by_id.clone(),
                // An edit that cannot be told as JSON is left out: the page
                // reads the project again instead.
                edit: edit
                    .as_ref()
                    .and_then(|edit| serde_json::to_value(&**edit).ok()),
            }),
            _ => None,
        }
        .and_then(SharedMessage::encoded);
        let _ = sender.send(Arc::new(Heard { signal, shared }));
    }

    /// The channel of a project's open pages in this process, if any.
    fn listening(&self, project: &str) -> Option<broadcast::Sender<Arc<Heard>>> {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels.get(project).cloned()
    }

    /// Reads who is here once after [`PRESENCE_SETTLE`], for this change and
    /// every presence change of the project that comes meanwhile.
    fn gather_presence(&self, signal: Signal) {
        let first = self
            .presence_due
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(signal.project.clone());
        if !first {
            return;
        }
        let hub = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(PRESENCE_SETTLE).await;
            // Changes from here on start a new round, so none is missed.
            hub.presence_due
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&signal.project);
            let shared = hub
                .db
                .presence(&signal.project)
                .await
                .map(|people| LiveMessage::Presence { people })
                .map_err(|error| tracing::warn!(%error, "reading who is here"))
                .ok()
                .and_then(SharedMessage::encoded);
            if let Some(sender) = hub.listening(&signal.project) {
                let _ = sender.send(Arc::new(Heard { signal, shared }));
            }
        });
    }

    /// Tells every page that signals may have been lost.
    fn resync_all(&self) {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        for (project, sender) in channels.iter() {
            let _ = sender.send(Arc::new(Heard {
                signal: Signal {
                    project: project.clone(),
                    change: Change::Resync,
                },
                shared: None,
            }));
        }
    }

    fn relay_local(&self) {
        let hub = self.clone();
        let mut signals = self.db.signals();
        tokio::spawn(async move {
            loop {
                match signals.recv().await {
                    Ok(signal) => hub.deliver(signal).await,
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
                        Ok(signal) => hub.deliver(signal).await,
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
