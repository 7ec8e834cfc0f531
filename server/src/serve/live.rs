//! The live stream of a project: server-sent events telling an open page about
//! new revisions (with the edit when small), who is here, votes, the timer and
//! "come here" requests. Every (re)connection starts with the current state, so
//! after a dropped connection, a sleeping laptop or a server restart the page
//! catches up at once; the browser's EventSource reconnects by itself.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use app::errors::AppError;
use app::models::{LiveMessage, Role};
use app::ssr::AppState;
use app::ssr::caller::Caller;
use app::ssr::live::{Heard, StreamTicket};
use app::store::{Change, new_id};
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::{broadcast, mpsc, watch};
use tokio_stream::wrappers::ReceiverStream;

/// How often an open page's presence and membership are checked and its
/// revision re-sent (a safety net under the signals).
const HEARTBEAT: Duration = Duration::from_secs(20);

/// How long the browser waits before reconnecting a dropped stream.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// Events a page may fall behind by before its stream is resynchronised.
const QUEUE: usize = 64;

/// The page the viewer has open.
#[derive(Debug, Deserialize)]
pub struct Where {
    /// Path of the page.
    #[serde(default)]
    page: String,
}

/// `GET /api/projects/{project}/live?page=…`: the stream, for members of the project.
pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
    Path(project): Path<String>,
    Query(place): Query<Where>,
) -> Result<Response, AppError> {
    let user_id = caller.project(&project, Role::Viewer).await?.user.id;
    let ticket = state
        .hub
        .admit(&project, &user_id)
        .ok_or(AppError::TooManyStreams)?;
    let page: String = place.page.chars().take(200).collect();
    let connection = new_id();
    if let Err(error) = state
        .db
        .presence_join(&connection, &project, &user_id, &page)
        .await
    {
        tracing::warn!(%error, "recording presence");
    }
    let signals = state.hub.subscribe(&project);
    publish(&state, &project, Change::Presence).await;
    let (sender, receiver) = mpsc::channel::<Result<Event, Infallible>>(QUEUE);
    let viewer = Viewer {
        state,
        project,
        user_id,
        sender,
        _ticket: ticket,
    };
    tokio::spawn(viewer.feed(connection, signals));
    Ok(Sse::new(ReceiverStream::new(receiver))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

async fn publish(state: &AppState, project: &str, change: Change) {
    if let Err(error) = state.hub.publish(project, change).await {
        tracing::warn!(%error, "announcing a live change");
    }
}

/// One open page.
struct Viewer {
    state: AppState,
    project: String,
    user_id: String,
    sender: mpsc::Sender<Result<Event, Infallible>>,
    /// Its place among the open streams, given back when it ends.
    _ticket: StreamTicket,
}

impl Viewer {
    /// Writes the page's events until it goes away, loses access or the server stops.
    async fn feed(self, connection: String, mut signals: broadcast::Receiver<Arc<Heard>>) {
        let mut closing = self.state.hub.closing();
        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        heartbeat.tick().await;
        let mut open = self.snapshot(true).await;
        while open {
            tokio::select! {
                signal = signals.recv() => {
                    open = match signal {
                        Ok(heard) => match &heard.shared {
                            Some(shared) => self.send_encoded(&shared.message, &shared.json, false).await,
                            None => self.send_change(heard.signal.change.clone()).await,
                        },
                        // Too slow to keep up: send the whole current state instead.
                        Err(broadcast::error::RecvError::Lagged(_)) => self.snapshot(false).await,
                        Err(broadcast::error::RecvError::Closed) => false,
                    };
                }
                _ = heartbeat.tick() => {
                    if let Err(error) = self.state.db.presence_heartbeat(&connection).await {
                        tracing::warn!(%error, "refreshing presence");
                    }
                    open = self.still_member().await && self.send_revision().await;
                }
                () = until_closing(&mut closing) => break,
                () = self.sender.closed() => break,
            }
        }
        if let Err(error) = self.state.db.presence_leave(&connection).await {
            tracing::warn!(%error, "forgetting presence");
        }
        publish(&self.state, &self.project, Change::Presence).await;
    }

    async fn still_member(&self) -> bool {
        !matches!(
            self.state.db.role_of(&self.project, &self.user_id).await,
            Ok(None)
        )
    }

    async fn send(&self, message: LiveMessage, first: bool) -> bool {
        match serde_json::to_string(&message) {
            Ok(json) => self.send_encoded(&message, &json, first).await,
            Err(error) => {
                tracing::error!(%error, "encoding a live event");
                true
            }
        }
    }

    /// Sends a message already encoded as `json` (once for every page).
    async fn send_encoded(&self, message: &LiveMessage, json: &str, first: bool) -> bool {
        let mut event = Event::default().event(message.event());
        if let LiveMessage::Revision { revision, .. } = message {
            event = event.id(revision.to_string());
        }
        if first {
            event = event.retry(RECONNECT_AFTER);
        }
        self.sender.send(Ok(event.data(json))).await.is_ok()
    }

    /// Everything a page needs to be current.
    async fn snapshot(&self, first: bool) -> bool {
        match self.state.db.revision(&self.project).await {
            Ok(Some(revision)) => {
                let current = LiveMessage::Revision {
                    revision,
                    by: String::new(),
                    by_id: String::new(),
                    edit: None,
                };
                self.send(current, first).await
                    && self.send_change(Change::Presence).await
                    && self.send_change(Change::Votes).await
                    && self.send_change(Change::Timer).await
            }
            Ok(None) => false,
            Err(error) => {
                tracing::warn!(%error, "reading the live snapshot");
                true
            }
        }
    }

    async fn send_revision(&self) -> bool {
        match self.state.db.revision(&self.project).await {
            Ok(Some(revision)) => {
                let current = LiveMessage::Revision {
                    revision,
                    by: String::new(),
                    by_id: String::new(),
                    edit: None,
                };
                self.send(current, false).await
            }
            // The project is gone: end the stream.
            Ok(None) => false,
            Err(_) => true,
        }
    }

    /// Turns a change into the message this viewer may see.
    async fn send_change(&self, change: Change) -> bool {
        let (db, project) = (&self.state.db, self.project.as_str());
        let message = match change {
            // The relay could not encode this revision for every page (it
            // logged why): the page is told the revision and reads the project.
            Change::Revision {
                revision,
                by,
                by_id,
                ..
            } => LiveMessage::Revision {
                revision,
                by,
                by_id,
                edit: None,
            },
            Change::Presence => match db.presence(project).await {
                Ok(people) => LiveMessage::Presence { people },
                Err(error) => return skipped(error),
            },
            Change::Votes => match db.vote_rounds(project, &self.user_id).await {
                Ok(rounds) => LiveMessage::Votes { rounds },
                Err(error) => return skipped(error),
            },
            Change::Timer => match db.timer(project).await {
                Ok(timer) => LiveMessage::Timer { timer },
                Err(error) => return skipped(error),
            },
            Change::Follow { path, by, by_id } => LiveMessage::Follow { path, by, by_id },
            Change::Resync => return Box::pin(self.snapshot(false)).await,
            Change::Removed { user_id } => return user_id != self.user_id,
        };
        self.send(message, false).await
    }
}

async fn until_closing(closing: &mut watch::Receiver<bool>) {
    let _ = closing.wait_for(|closing| *closing).await;
}

/// A read failed: keep the stream; the next change or heartbeat brings the page up to date.
fn skipped(error: app::store::StoreError) -> bool {
    tracing::warn!(%error, "reading live state");
    true
}
