//! The open project, shared by its pages: the document, the viewer's role, and
//! saving. An edit shows at once (applied here with the engine) and is saved in
//! the background, one at a time, in order.

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
}

impl ProjectContext {
    /// Wraps a loaded project.
    pub fn new(doc: ProjectDoc) -> ProjectContext {
        ProjectContext {
            doc: RwSignal::new(doc),
            save: RwSignal::new(SaveState::Saved),
            queue: StoredValue::new(VecDeque::new()),
            draining: StoredValue::new(false),
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
        self.save.set(SaveState::Saving);
        if !self.draining.get_value() {
            self.draining.set_value(true);
            let context = *self;
            spawn_local(async move { context.drain().await });
        }
        Ok(())
    }

    async fn drain(self) {
        loop {
            let Some(edit) = self.queue.try_update_value(|q| q.pop_front()).flatten() else {
                break;
            };
            let seen = self.doc.with_untracked(|d| d.revision);
            match edit_project(self.id(), seen, edit).await {
                Ok(saved) if saved.revision == seen + 1 => {
                    self.doc.update(|d| d.revision = saved.revision)
                }
                Ok(_) => {
                    // Someone else saved in between: take the server's state.
                    self.reload().await;
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
