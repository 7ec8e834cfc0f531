//! Layering evidence into a project: a git log (and later traces and analyzer
//! outputs) is parsed on the server's heavy-work pool, merged into a copy of
//! the project and shown as a diff; nothing is saved until the user applies
//! it, which parses the same text again and saves the merge as one change.

use engine::layers::LayerDiff;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::SavedEdit;

/// The kinds of evidence a layer can be read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerFormat {
    /// `git log --numstat` output (code-maat's format or git's default).
    #[default]
    GitLog,
    /// Traces (OTLP JSON, Jaeger JSON or Zipkin v2 JSON), one module per service.
    TracesByService,
    /// Traces, one module per operation (or `code.namespace` class).
    TracesByOperation,
    /// dependency-cruiser's JSON (JavaScript/TypeScript).
    DependencyCruiser,
    /// pydeps' `--show-deps` JSON (Python).
    Pydeps,
}

impl LayerFormat {
    /// Every format, in menu order.
    pub const ALL: [LayerFormat; 5] = [
        LayerFormat::GitLog,
        LayerFormat::TracesByService,
        LayerFormat::TracesByOperation,
        LayerFormat::DependencyCruiser,
        LayerFormat::Pydeps,
    ];

    /// Its key in forms.
    pub fn key(self) -> &'static str {
        match self {
            LayerFormat::GitLog => "git_log",
            LayerFormat::TracesByService => "traces_service",
            LayerFormat::TracesByOperation => "traces_operation",
            LayerFormat::DependencyCruiser => "dependency_cruiser",
            LayerFormat::Pydeps => "pydeps",
        }
    }

    /// Its name in menus, in both languages.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            LayerFormat::GitLog => (
                "git log --numstat (변경 이력)",
                "git log --numstat (change history)",
            ),
            LayerFormat::TracesByService => (
                "트레이스: 서비스 단위 (OTLP JSON, Jaeger, Zipkin)",
                "Traces by service (OTLP JSON, Jaeger, Zipkin)",
            ),
            LayerFormat::TracesByOperation => (
                "트레이스: 오퍼레이션·클래스 단위",
                "Traces by operation or class",
            ),
            LayerFormat::DependencyCruiser => (
                "dependency-cruiser JSON (JavaScript·TypeScript 의존성)",
                "dependency-cruiser JSON (JavaScript/TypeScript dependencies)",
            ),
            LayerFormat::Pydeps => (
                "pydeps --show-deps JSON (Python 의존성)",
                "pydeps --show-deps JSON (Python dependencies)",
            ),
        }
    }
}

/// What to layer in: the format, the text and the tables the user edits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LayerSource {
    /// The format.
    pub format: LayerFormat,
    /// The layer's name in the project (a re-import under the same name
    /// replaces it); the file name by default.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Mapping rules, `pattern => module` per line.
    pub rules: String,
    /// History: an `author,team` table.
    pub teams: String,
}

/// What applying a layer would do, or why it cannot be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LayerPreview {
    /// It can be applied: the changes, and the revision they were computed on.
    Ready {
        /// The changes (boxed: far larger than the list of problems).
        diff: Box<LayerDiff>,
        /// Co-change pairs the layer holds.
        co_changes: usize,
        /// Modules with a known owner.
        owners: usize,
        /// Calls the layer saw.
        calls: usize,
        /// The revision the diff was computed on.
        revision: i64,
        /// How each split's boundaries would drift: (split, its changes).
        drift: Vec<(String, Vec<engine::text::Text>)>,
    },
    /// It cannot: every problem, by file and line.
    Problems {
        /// The problems.
        problems: Vec<String>,
    },
}

/// One layer of a project, as the evidence list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerSummary {
    /// The layer's name.
    pub source: String,
    /// What was read.
    pub kind: engine::model::LayerKind,
    /// The mapping rules it was read with, one `pattern => module` per line.
    pub rules: String,
    /// Co-change pairs.
    pub co_changes: usize,
    /// Modules with a known owner.
    pub owners: usize,
    /// Calls seen.
    pub calls: usize,
    /// The most frequent calls seen, with their errors and latency (at most
    /// [`MEASURED_SHOWN`]).
    pub measured: Vec<engine::model::LayerCall>,
}

/// How many of a layer's calls the evidence list shows.
pub const MEASURED_SHOWN: usize = 50;

/// The layers of project `id`. Anyone who can see the project.
#[server(endpoint = "layers/list", input = Json)]
pub async fn list_layers(id: String) -> Result<Vec<LayerSummary>, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    Caller::current().await?.project(&id, Role::Viewer).await?;
    let snapshot = state()?.db.snapshot(&id).await?;
    Ok(snapshot
        .project
        .layers
        .iter()
        .map(|layer| LayerSummary {
            source: layer.source.clone(),
            kind: layer.kind,
            rules: layer
                .rules
                .iter()
                .map(|r| format!("{} => {}\n", r.pattern, r.module))
                .collect(),
            co_changes: layer.co_changes.len(),
            owners: layer.owners.len(),
            calls: layer.calls.len(),
            measured: {
                let mut calls = layer.calls.clone();
                calls.sort_by_key(|c| std::cmp::Reverse(c.count));
                calls.truncate(MEASURED_SHOWN);
                calls
            },
        })
        .collect())
}

/// Shows what layering `source` into project `id` would change. Participants.
#[server(endpoint = "layers/preview", input = Json)]
pub async fn preview_layer(id: String, source: LayerSource) -> Result<LayerPreview, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    Caller::current()
        .await?
        .project(&id, Role::Participant)
        .await?;
    let state = state()?;
    let snapshot = state.db.snapshot(&id).await?;
    let revision = snapshot.revision;
    state
        .heavy
        .run(move || {
            // Layers add up: the project they make must fit the limits too.
            let previewed = crate::ssr::layers::parse(&source).and_then(|layer| {
                let (diff, after) = engine::layers::preview(&snapshot.project, &layer);
                engine::formats::ImportLimits::default().check_project(&layer.source, &after)?;
                let drift = engine::boundaries::drift::drift_of_splits(&snapshot.project, &after);
                Ok((layer, diff, drift))
            });
            match previewed {
                Ok((layer, diff, drift)) => LayerPreview::Ready {
                    diff: Box::new(diff),
                    co_changes: layer.co_changes.len(),
                    owners: layer.owners.len(),
                    calls: layer.calls.len(),
                    revision,
                    drift,
                },
                Err(error) => LayerPreview::Problems {
                    problems: error.problems.iter().map(ToString::to_string).collect(),
                },
            }
        })
        .await
}

/// Layers `source` into project `id` as one change, refused when the project
/// changed after `seen` (the revision of the preview). Participants.
#[server(endpoint = "layers/apply", input = Json)]
pub async fn apply_layer(
    id: String,
    source: LayerSource,
    seen: i64,
) -> Result<SavedEdit, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    use crate::ssr::fail;
    let Member { user, .. } = Caller::current()
        .await?
        .project(&id, Role::Participant)
        .await?;
    let state = state()?;
    let layer = state
        .heavy
        .run(move || crate::ssr::layers::parse(&source))
        .await?
        .map_err(|error| fail(AppError::from(error)))?;
    let edit = engine::edit::Edit::PutLayer { layer };
    let revision = state.db.apply_edit(&id, &user, seen, &edit).await?;
    Ok(SavedEdit { revision })
}

/// Removes a layer and the calls it added. Participants.
#[server(endpoint = "layers/remove", input = Json)]
pub async fn remove_layer(id: String, source: String, seen: i64) -> Result<SavedEdit, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    let Member { user, .. } = Caller::current()
        .await?
        .project(&id, Role::Participant)
        .await?;
    let edit = engine::edit::Edit::DeleteLayer { source };
    let revision = state()?.db.apply_edit(&id, &user, seen, &edit).await?;
    Ok(SavedEdit { revision })
}
