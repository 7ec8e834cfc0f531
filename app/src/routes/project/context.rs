//! The open project, shared by its pages: its head (name, splits, checklist,
//! counts; the modules and calls stay on the server), the viewer's role, saving
//! and catching up.
//!
//! Edits to the head (the checklist, names, services) show at once: they are
//! applied here with the engine. Every edit is saved in the background, one at
//! a time, in order; while the server cannot be reached, edits wait and are
//! sent when it is back. Pages load what they show for the current revision,
//! so when the revision moves (a save, someone else's change from the live
//! stream) they load again; pages that keep their own copy (the split editor)
//! follow [`ProjectContext::change`] instead.

use std::collections::VecDeque;
use std::sync::Arc;

use engine::edit::Edit;
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::errors::AppError;
use crate::functions::projects::edit_project;
use crate::functions::views::load_head;
use crate::models::ProjectHead;

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

/// A change of the project this page learnt of.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The revision it made.
    pub revision: i64,
    /// The edit that made it from the revision before; none when unknown (a
    /// gap was caught up by reading the project again).
    pub edit: Option<Arc<Edit>>,
    /// Made on this page.
    pub own: bool,
}

/// An edit waiting to be saved, and who waits for its outcome.
struct Pending {
    edit: Edit,
    done: Option<oneshot::Sender<Result<i64, AppError>>>,
}

/// The open project.
#[derive(Clone, Copy)]
pub struct ProjectContext {
    /// What every page needs of the project.
    pub head: RwSignal<ProjectHead>,
    /// Saving progress and errors.
    pub save: RwSignal<SaveState>,
    /// The newest change this page learnt of.
    pub change: RwSignal<Option<Change>>,
    /// Goes up whenever the modules or calls may have changed.
    pub model_epoch: RwSignal<u64>,
    queue: StoredValue<VecDeque<Pending>>,
    draining: StoredValue<bool>,
    /// The newest revision the live stream announced.
    known: StoredValue<i64>,
    catching_up: StoredValue<bool>,
}

/// Whether an edit changes only what the head holds, so the page can apply it
/// at once (returns the edit as it applies to the head).
fn head_edit(edit: &Edit) -> Option<Edit> {
    match edit {
        Edit::SetInfo { .. }
        | Edit::RenameSplit { .. }
        | Edit::DeleteSplit { .. }
        | Edit::PutService { .. }
        | Edit::DeleteService { .. }
        | Edit::PutQuestion { .. }
        | Edit::DeleteQuestion { .. }
        | Edit::SetRoadmap { .. }
        | Edit::SetForbidden { .. }
        | Edit::Answer { .. } => Some(edit.clone()),
        Edit::AddSplit { split } => {
            let mut light = split.clone();
            light.assignment.clear();
            Some(Edit::AddSplit { split: light })
        }
        Edit::PutModule { .. }
        | Edit::DeleteModule { .. }
        | Edit::PutCall { .. }
        | Edit::DeleteCall { .. }
        | Edit::Assign { .. }
        | Edit::Moves { .. }
        | Edit::Import { .. }
        | Edit::PutLayer { .. }
        | Edit::DeleteLayer { .. }
        | Edit::ReplaceAll { .. } => None,
    }
}

/// Whether an edit changes the modules or calls (the model's counts and graph).
fn changes_model(edit: &Edit) -> bool {
    matches!(
        edit,
        Edit::PutModule { .. }
            | Edit::DeleteModule { .. }
            | Edit::PutCall { .. }
            | Edit::DeleteCall { .. }
            | Edit::Import { .. }
            | Edit::PutLayer { .. }
            | Edit::DeleteLayer { .. }
            | Edit::ReplaceAll { .. }
    )
}

impl ProjectContext {
    /// Wraps a loaded project head.
    pub fn new(head: ProjectHead) -> ProjectContext {
        ProjectContext {
            head: RwSignal::new(head),
            save: RwSignal::new(SaveState::Saved),
            change: RwSignal::new(None),
            model_epoch: RwSignal::new(0),
            queue: StoredValue::new(VecDeque::new()),
            draining: StoredValue::new(false),
            known: StoredValue::new(0),
            catching_up: StoredValue::new(false),
        }
    }

    /// The project id.
    pub fn id(&self) -> String {
        self.head.with_untracked(|h| h.id.clone())
    }

    /// The revision this page shows (tracked).
    pub fn revision(&self) -> i64 {
        self.head.with(|h| h.revision)
    }

    /// Whether the viewer may change the model and splits.
    pub fn can_edit(&self) -> bool {
        self.head.with(|h| h.role.can_edit())
    }

    /// Whether the viewer may answer the checklist: every member, except the
    /// visitors of the read-only demo.
    pub fn can_answer(&self) -> bool {
        self.head.with(|h| {
            h.id != crate::models::DEMO_PROJECT_ID || h.role == crate::models::Role::Owner
        })
    }

    /// Whether the viewer runs the workshop (votes, timer, bringing everyone along).
    pub fn can_facilitate(&self) -> bool {
        self.head.with(|h| h.role.can_facilitate())
    }

    /// Saves an edit in the background, after any edits before it. An edit of
    /// the head shows at once; one the head cannot take (it would not apply)
    /// is refused here with nothing changed.
    pub fn apply(&self, edit: Edit) -> Result<(), AppError> {
        self.enqueue(edit, None)
    }

    /// Saves an edit like [`ProjectContext::apply`] and waits for the outcome:
    /// the new revision, or why it was refused (shown next to the form that
    /// made it).
    pub async fn submit(&self, edit: Edit) -> Result<i64, AppError> {
        let (done, outcome) = oneshot::channel();
        self.enqueue(edit, Some(done))?;
        outcome
            .await
            .unwrap_or_else(|_| Err(AppError::Transport("the page was closed".into())))
    }

    fn enqueue(
        &self,
        edit: Edit,
        done: Option<oneshot::Sender<Result<i64, AppError>>>,
    ) -> Result<(), AppError> {
        if let Some(light) = head_edit(&edit) {
            let mut refused = None;
            self.head.update(|head| {
                if let Err(error) = light.apply(&mut head.project) {
                    refused = Some(AppError::from(error));
                }
            });
            if let Some(error) = refused {
                return Err(error);
            }
        }
        self.queue
            .update_value(|q| q.push_back(Pending { edit, done }));
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

    /// Edits are on their way or waiting: the page is ahead of the server.
    fn busy(&self) -> bool {
        self.draining.get_value() || self.queue.with_value(|q| !q.is_empty())
    }

    async fn drain(self) {
        let mut refresh = false;
        loop {
            let Some(pending) = self.queue.try_update_value(|q| q.pop_front()).flatten() else {
                break;
            };
            let seen = self.head.with_untracked(|h| h.revision);
            match edit_project(self.id(), seen, pending.edit.clone()).await {
                Ok(saved) => {
                    if saved.revision == seen + 1 {
                        let model = changes_model(&pending.edit);
                        refresh |= model;
                        self.head.update(|h| h.revision = saved.revision);
                        if model {
                            self.model_epoch.update(|e| *e += 1);
                        }
                        self.change.set(Some(Change {
                            revision: saved.revision,
                            edit: Some(Arc::new(pending.edit)),
                            own: true,
                        }));
                    } else {
                        // Someone else saved in between: take the server's state.
                        refresh = true;
                        self.model_epoch.update(|e| *e += 1);
                        self.change.set(Some(Change {
                            revision: saved.revision,
                            edit: None,
                            own: true,
                        }));
                    }
                    if let Some(done) = pending.done {
                        let _ = done.send(Ok(saved.revision));
                    }
                }
                Err(AppError::Transport(_)) => {
                    // Keep it (and everything after it) for when the server is back.
                    self.queue.update_value(|q| q.push_front(pending));
                    self.save.set(SaveState::Waiting);
                    self.draining.set_value(false);
                    return;
                }
                Err(error) => {
                    // Later edits were made on top of the refused one: drop them too.
                    let later = self
                        .queue
                        .try_update_value(std::mem::take)
                        .unwrap_or_default();
                    for waiting in std::iter::once(pending).chain(later) {
                        if let Some(done) = waiting.done {
                            let _ = done.send(Err(error.clone()));
                        }
                    }
                    self.reload().await;
                    self.save.set(SaveState::Failed(error));
                    self.draining.set_value(false);
                    return;
                }
            }
        }
        self.draining.set_value(false);
        self.save.set(SaveState::Saved);
        if refresh {
            self.reload().await;
        }
        if self.known.get_value() > self.head.with_untracked(|h| h.revision) {
            self.catch_up();
        }
    }

    /// A revision announced by the live stream. The next revision's edit is
    /// applied in place when it only touches the head; any other edit moves
    /// the revision on (pages load again) and the head is read again when the
    /// edit changed the model; a gap re-reads it. While this page's own edits
    /// are being saved, saving reconciles.
    pub fn receive(&self, revision: i64, by: &str, by_id: &str, edit: Option<Edit>) {
        self.known
            .update_value(|known| *known = (*known).max(revision));
        if self.busy() {
            return;
        }
        let current = self.head.with_untracked(|h| h.revision);
        if revision <= current {
            return;
        }
        let Some(edit) = edit.filter(|_| revision == current + 1) else {
            self.catch_up();
            return;
        };
        if let Edit::Answer { participant, .. } = &edit {
            let known = self
                .head
                .with_untracked(|h| h.participants.contains_key(participant));
            if !known && participant != by_id {
                // Recorded for someone this page cannot name yet.
                self.catch_up();
                return;
            }
        }
        match head_edit(&edit) {
            Some(light) => {
                let mut project = self.head.with_untracked(|h| h.project.clone());
                if light.apply(&mut project).is_err() {
                    self.catch_up();
                    return;
                }
                self.head.update(|head| {
                    if let Edit::Answer { participant, .. } = &edit {
                        head.participants
                            .entry(participant.clone())
                            .or_insert_with(|| by.to_string());
                    }
                    head.project = project;
                    head.revision = revision;
                });
            }
            None => {
                self.head.update(|head| head.revision = revision);
                if changes_model(&edit) {
                    self.model_epoch.update(|e| *e += 1);
                    self.catch_up();
                }
            }
        }
        self.change.set(Some(Change {
            revision,
            edit: Some(Arc::new(edit)),
            own: false,
        }));
    }

    /// Re-reads the head until it is as new as the newest announced revision;
    /// one reading at a time.
    fn catch_up(&self) {
        if self.catching_up.get_value() {
            return;
        }
        self.catching_up.set_value(true);
        let context = *self;
        spawn_local(async move {
            loop {
                let Ok(head) = load_head(context.id()).await else {
                    break;
                };
                if context.busy() {
                    // Saving reconciles with the server itself.
                    break;
                }
                let revision = head.revision;
                let current = context.head.with_untracked(|h| h.revision);
                if revision > current {
                    context.head.set(head);
                    context.model_epoch.update(|e| *e += 1);
                    context.change.set(Some(Change {
                        revision,
                        edit: None,
                        own: false,
                    }));
                } else if revision == current {
                    // The revision was applied already; the rest of the head
                    // (counts after a model change) is the server's now.
                    context.head.set(head);
                }
                if context.known.get_value() <= revision {
                    break;
                }
            }
            context.catching_up.set_value(false);
        });
    }

    /// Reads the head again from the server (after a change made outside the
    /// queue: a restore, an import, a split made by the server). Pages load
    /// again when the revision moved.
    pub async fn reload(&self) {
        if let Ok(head) = load_head(self.id()).await {
            let revision = head.revision;
            let moved = revision != self.head.with_untracked(|h| h.revision);
            self.head.set(head);
            if moved {
                self.model_epoch.update(|e| *e += 1);
                self.change.set(Some(Change {
                    revision,
                    edit: None,
                    own: true,
                }));
            }
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
