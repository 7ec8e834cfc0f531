//! The native JSON project document: versioned, validated on read, and written in
//! one canonical form so that reading and writing again gives the same bytes.

use super::error::ImportError;
use crate::model::{Project, SCHEMA_VERSION};

/// Reads a native project document, refusing unknown versions, unknown fields and
/// inconsistent content.
pub fn from_json(source: &str, text: &str) -> Result<Project, ImportError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
    match value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(version) if version == u64::from(SCHEMA_VERSION) => {}
        Some(version) => {
            return Err(ImportError::one(
                source,
                None,
                format!(
                    "schema_version {version} is not supported (this Seams reads version {SCHEMA_VERSION})"
                ),
            ));
        }
        None => {
            return Err(ImportError::one(
                source,
                None,
                "not a Seams project: the field schema_version is missing",
            ));
        }
    }
    let project: Project = serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
    let problems: Vec<_> = project
        .validation_errors()
        .into_iter()
        .map(|e| super::Problem {
            source: source.to_string(),
            line: None,
            message: e.to_string(),
        })
        .collect();
    if problems.is_empty() {
        Ok(project)
    } else {
        Err(ImportError { problems })
    }
}

/// Writes the canonical document (pretty-printed, with a final newline).
pub fn to_json(project: &Project) -> String {
    let mut text = serde_json::to_string_pretty(project).unwrap_or_default();
    text.push('\n');
    text
}
