//! The open project, shared by its pages: the document, the viewer's role,
//! saving and catching up. An edit shows at once (applied here with the engine)
//! and is saved in the background, one at a time, in order; while the server
//! cannot be reached, edits wait and are sent when it is back. Others' changes
//! arrive from the live stream and are applied in place.

use std::collections::VecDeque;

use engine::edit::Edit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::errors::AppError;
use crate::functions::projects::{edit_project, open_project};
use crate::models::ProjectDoc;

/// Where saving stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing to save.
    Saved,
    /// Edits are on their way.
    Saving,
    /// The server cannot be reached: edits wait and are sent when it is back.
    Waiting,
    /// The last save failed; the page shows the server's state again.
    Failed(AppError),
}

/// The open project.
#[derive(Clone, Copy)]
pub struct ProjectContext {
    /// The project as this page knows it.
    pub doc: RwSignal<ProjectDoc>,
    /// Saving progress and errors.
    pub save: RwSignal<SaveState>,
    queue: StoredValue<VecDeque<Edit>>,
    draining: StoredValue<bool>,
    /// The newest revision the live stream announced.
    known: StoredValue<i64>,
    catching_up: StoredValue<bool>,
}

impl ProjectContext {
    /// Wraps a loaded project.
    pub fn new(doc: ProjectDoc) -> ProjectContext {
        ProjectContext {
            doc: RwSignal::new(doc),
            save: RwSignal::new(SaveState::Saved),
            queue: StoredValue::new(VecDeque::new()),
            draining: StoredValue::new(false),
            known: StoredValue::new(0),
            catching_up: StoredValue::new(false),
        }
    }

    /// The project id.
    pub fn id(&self) -> String {
        self.doc.with_untracked(|d| d.id.clone())
    }

    /// Whether the viewer may change the model and splits.
    pub fn can_edit(&self) -> bool {
        self.doc.with(|d| d.role.can_edit())
    }

    /// Applies an edit to the page at once and queues it for saving. Refused
    /// (nothing changes) when the edit does not apply to the current project.
    pub fn apply(&self, edit: Edit) -> Result<(), AppError> {
        let mut refused = None;
        self.doc.update(|doc| {
            if let Err(error) = edit.apply(&mut doc.project) {
                refused = Some(AppError::Invalid(error.to_string()));
            }
        });
        if let Some(error) = refused {
            return Err(error);
        }
        self.queue.update_value(|q| q.push_back(edit));
        if self.save.get_untracked() != SaveState::Waiting {
            self.save.set(SaveState::Saving);
            self.start_draining();
        }
        Ok(())
    }

    /// Sends the edits that waited for the server (called when it is back).
    pub fn resume(&self) {
        if self.save.get_untracked() == SaveState::Waiting {
            self.save.set(SaveState::Saving);
            self.start_draining();
        }
    }

    fn start_draining(&self) {
        if !self.draining.get_value() {
            self.draining.set_value(true);
            let context = *self;
            spawn_local(async move { context.drain().await });
        }
    }

    /// Edits are on their way or waiting: the page's project is ahead of the server's.
    fn busy(&self) -> bool {
        self.draining.get_value() || self.queue.with_value(|q| !q.is_empty())
    }

    async fn drain(self) {
        loop {
            let Some(edit) = self.queue.try_update_value(|q| q.pop_front()).flatten() else {
                break;
            };
            let seen = self.doc.with_untracked(|d| d.revision);
            match edit_project(self.id(), seen, edit.clone()).await {
                Ok(saved) if saved.revision == seen + 1 => {
                    self.doc.update(|d| d.revision = saved.revision)
                }
                Ok(_) => {
                    // Someone else saved in between: take the server's state.
                    self.reload().await;
                }
                Err(AppError::Transport(_)) => {
                    // Keep it (and everything after it) for when the server is back.
                    self.queue.update_value(|q| q.push_front(edit));
                    self.save.set(SaveState::Waiting);
                    self.draining.set_value(false);
                    return;
                }
                Err(error) => {
                    self.queue.update_value(VecDeque::clear);
                    self.reload().await;
                    self.save.set(SaveState::Failed(error));
                    self.draining.set_value(false);
                    return;
                }
            }
        }
        self.draining.set_value(false);
        self.save.set(SaveState::Saved);
        if self.known.get_value() > self.doc.with_untracked(|d| d.revision) {
            self.catch_up();
        }
    }

    /// A revision announced by the live stream. The next revision with its edit
    /// is applied in place; anything else (a gap, a big change) re-reads the
    /// project. While this page's own edits are being saved, saving reconciles.
    pub fn receive(&self, revision: i64, by: &str, by_id: &str, edit: Option<Edit>) {
        self.known
            .update_value(|known| *known = (*known).max(revision));
        if self.busy() {
            return;
        }
        let current = self.doc.with_untracked(|d| d.revision);
        if revision <= current {
            return;
        }
        let next = edit.filter(|_| revision == current + 1).and_then(|edit| {
            let mut project = self.doc.with_untracked(|d| d.project.clone());
            edit.apply(&mut project).ok().map(|()| (edit, project))
        });
        let Some((edit, project)) = next else {
            self.catch_up();
            return;
        };
        let mut unknown_person = false;
        if let Edit::Answer { participant, .. } = &edit {
            let known = self
                .doc
                .with_untracked(|d| d.participants.contains_key(participant));
            unknown_person = !known && participant != by_id;
        }
        if unknown_person {
            // Recorded for someone this page cannot name yet.
            self.catch_up();
            return;
        }
        self.doc.update(|doc| {
            if let Edit::Answer { participant, .. } = &edit {
                doc.participants
                    .entry(participant.clone())
                    .or_insert_with(|| by.to_string());
            }
            doc.project = project;
            doc.revision = revision;
        });
    }

    /// Re-reads the project until it is as new as the newest announced
    /// revision; one reading at a time.
    fn catch_up(&self) {
        if self.catching_up.get_value() {
            return;
        }
        self.catching_up.set_value(true);
        let context = *self;
        spawn_local(async move {
            loop {
                let Ok(doc) = open_project(context.id()).await else {
                    break;
                };
                if context.busy() {
                    // Saving reconciles with the server itself.
                    break;
                }
                let revision = doc.revision;
                if revision > context.doc.with_untracked(|d| d.revision) {
                    context.doc.set(doc);
                }
                if context.known.get_value() <= revision {
                    break;
                }
            }
            context.catching_up.set_value(false);
        });
    }

    /// Loads the project again from the server.
    pub async fn reload(&self) {
        if let Ok(doc) = open_project(self.id()).await {
            self.doc.set(doc);
        }
    }
}

/// The open project's context.
pub fn use_project() -> ProjectContext {
    expect_context::<ProjectContext>()
}

/// A fresh random id for something new in the project (splits, services).
pub fn new_local_id(prefix: &str) -> String {
    let random = || (js_random() * 4_294_967_296.0) as u64;
    format!("{prefix}{:08x}{:08x}", random(), random())
}

#[cfg(feature = "hydrate")]
fn js_random() -> f64 {
    js_sys::Math::random()
}

#[cfg(not(feature = "hydrate"))]
fn js_random() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    f64::from(nanos % 1_000_000) / 1_000_000.0
}
