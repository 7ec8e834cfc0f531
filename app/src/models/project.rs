use std::collections::BTreeMap;

use engine::model::Project;
use serde::{Deserialize, Serialize};

use super::Role;

/// A project in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectSummary {
    /// Project id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// The viewer's role.
    pub role: Role,
    /// Current revision.
    pub revision: i64,
    /// Last change (ms since 1970).
    pub updated_at: i64,
    /// Deleted, when it was (only in the deleted list).
    pub deleted_at: Option<i64>,
    /// Number of modules.
    pub modules: i64,
    /// Number of splits.
    pub splits: i64,
}

/// A whole project as an editor sees it: the model, its revision, the viewer's
/// role, the split ids and who the readiness participants are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectDoc {
    /// Project id.
    pub id: String,
    /// Revision this view shows.
    pub revision: i64,
    /// The viewer's role.
    pub role: Role,
    /// The model (readiness participants are user ids).
    pub project: Project,
    /// Display names of the readiness participants, by user id.
    pub participants: BTreeMap<String, String>,
}

/// A saved edit: what changed and the revision it made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedEdit {
    /// The new revision.
    pub revision: i64,
}

/// One revision in the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Revision number.
    pub revision: i64,
    /// Who made it.
    pub user_name: String,
    /// When (ms since 1970).
    pub at: i64,
    /// What kind of edit.
    pub action: String,
    /// What it did, in Korean.
    pub summary_ko: String,
    /// What it did, in English.
    pub summary_en: String,
}

/// The lists of a project's settings page, read with the page on the server so
/// they show before (and without) JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SettingsLists {
    /// The members and their roles.
    pub members: Vec<super::Member>,
    /// The invite links (empty unless the reader owns the project).
    pub invites: Vec<super::Invite>,
    /// The reader's own access tokens.
    pub tokens: Vec<super::AccessToken>,
    /// The newest revisions.
    pub history: Vec<HistoryEntry>,
}

/// The id of the demo workshop anyone may open read-only, without an account
/// (the store creates it the first time someone asks for it).
pub const DEMO_PROJECT_ID: &str = "demo";
