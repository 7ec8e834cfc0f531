//! Importing a model: the files' text goes to the server, which parses it on
//! the heavy-work pool within the import limits and lists every problem by
//! line. Checking saves nothing; creating a project or replacing a model from
//! the same text parses it again and saves it as one change.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::SavedEdit;

/// The formats a model can be imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Calls CSV, optional modules CSV.
    Csv,
    /// Native JSON.
    Json,
    /// Graphviz DOT.
    Dot,
    /// jdeps output.
    Jdeps,
    /// Mono2Micro files.
    Mono2Micro,
}

impl ImportFormat {
    /// Every format, in menu order.
    pub const ALL: [ImportFormat; 5] = [
        ImportFormat::Csv,
        ImportFormat::Json,
        ImportFormat::Dot,
        ImportFormat::Jdeps,
        ImportFormat::Mono2Micro,
    ];

    /// Its key in forms.
    pub fn key(self) -> &'static str {
        match self {
            ImportFormat::Csv => "csv",
            ImportFormat::Json => "json",
            ImportFormat::Dot => "dot",
            ImportFormat::Jdeps => "jdeps",
            ImportFormat::Mono2Micro => "mono2micro",
        }
    }

    /// Its name in menus.
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::Csv => "CSV",
            ImportFormat::Json => "Seams JSON",
            ImportFormat::Dot => "Graphviz DOT",
            ImportFormat::Jdeps => "jdeps -verbose:class",
            ImportFormat::Mono2Micro => "Mono2Micro",
        }
    }
}

/// What to import: the format and up to three files' text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportSource {
    /// The format.
    pub format: Option<ImportFormat>,
    /// The project's name (formats without one of their own).
    pub name: String,
    /// The first file (calls, the document, the graph, …).
    pub first: String,
    /// The second file (modules CSV, bcs_per_class.json), may be empty.
    pub second: String,
    /// The third file (a Mono2Micro partition), may be empty.
    pub third: String,
    /// jdeps: one module per package instead of per class.
    pub package_level: bool,
}

/// What an import would bring, or why it cannot be imported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportCheck {
    /// It can be imported.
    Ready {
        /// The project's name.
        name: String,
        /// Modules.
        modules: usize,
        /// Calls.
        calls: usize,
        /// Splits.
        splits: usize,
    },
    /// It cannot: every problem, by file and line.
    Problems {
        /// The problems.
        problems: Vec<String>,
    },
}

/// Checks an import without saving anything. Anyone signed in.
#[server(endpoint = "imports/check", input = Json)]
pub async fn check_import(source: ImportSource) -> Result<ImportCheck, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    Caller::current().await?;
    let parsed = state()?
        .heavy
        .run(move || crate::ssr::imports::parse(&source))
        .await?;
    Ok(match parsed {
        Ok(project) => ImportCheck::Ready {
            name: project.name,
            modules: project.modules.len(),
            calls: project.calls.len(),
            splits: project.splits.len(),
        },
        Err(error) => ImportCheck::Problems {
            problems: error.problems.iter().map(ToString::to_string).collect(),
        },
    })
}

/// Replaces a project's modules and calls (and its splits, when the import has
/// some) with an import, as one change. Editors and owners.
#[server(endpoint = "projects/replace-model", input = Json)]
pub async fn replace_model(id: String, source: ImportSource) -> Result<SavedEdit, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    use crate::ssr::fail;
    let Member { user, .. } = Caller::current()
        .await?
        .project(&id, Role::Participant)
        .await?;
    let state = state()?;
    let project = state
        .heavy
        .run(move || crate::ssr::imports::parse(&source))
        .await?
        .map_err(|error| fail(AppError::from(error)))?;
    let seen = state
        .db
        .revision(&id)
        .await?
        .ok_or_else(|| fail(AppError::not_found("프로젝트", "the project")))?;
    let edit = engine::edit::Edit::Import {
        modules: project.modules,
        calls: project.calls,
        splits: (!project.splits.is_empty()).then_some(project.splits),
    };
    let revision = state.db.apply_edit(&id, &user, seen, &edit).await?;
    Ok(SavedEdit { revision })
}
