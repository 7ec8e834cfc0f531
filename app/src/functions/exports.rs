//! Reports and exports, made by the server from the project as it is now and
//! handed to the browser as a file to download (or, the HTML report, to preview).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::errors::AppError;

/// The formats a project can be downloaded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// The standalone HTML report.
    Html,
    /// The Markdown report.
    Markdown,
    /// The native project JSON.
    Json,
    /// The metrics of every split, as CSV.
    Csv,
    /// A Mermaid flowchart of one split.
    Mermaid,
    /// A Graphviz DOT graph of one split.
    Dot,
    /// A Structurizr DSL workspace of one split.
    Structurizr,
    /// A Context Mapper CML model of one split.
    Cml,
    /// One split's roadmap as tasks for an issue tracker, CSV.
    RoadmapCsv,
    /// The same tasks as JSON.
    RoadmapJson,
    /// A Mermaid flowchart of one split's roadmap steps.
    RoadmapMermaid,
    /// Checkstyle's import control for one split's boundaries.
    CheckstyleImportControl,
    /// The Checkstyle configuration that enables it.
    CheckstyleConfig,
    /// dependency-cruiser rules for one split's boundaries.
    Depcruise,
    /// import-linter contracts for one split's boundaries.
    Importlinter,
}

/// A file to download.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// Suggested file name.
    pub name: String,
    /// Its media type.
    pub mime: String,
    /// Its content.
    pub text: String,
}

/// The project in `format`; `korean` picks the report's language, `split` the
/// split the diagrams show (the first one when none or unknown).
#[server(endpoint = "projects/export", input = Json)]
pub async fn export_project(
    id: String,
    format: ExportFormat,
    korean: bool,
    split: Option<String>,
) -> Result<ExportFile, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    crate::ssr::exports::export_in_turn(&state, derived, format, korean, split)
        .await
        .map_err(fail)
}
