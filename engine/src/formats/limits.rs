//! Size limits every importer enforces, so a pasted or uploaded file can never
//! exhaust the server or the browser.

use super::error::ImportError;
use crate::model::{MAX_NAME_CHARS, Project};

/// The largest input any importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportLimits {
    /// Bytes of one input text.
    pub max_bytes: usize,
    /// Modules of the resulting project.
    pub max_modules: usize,
    /// Calls of the resulting project.
    pub max_calls: usize,
}

impl Default for ImportLimits {
    /// 64 MiB, 200,000 modules, 2,000,000 calls.
    fn default() -> Self {
        ImportLimits {
            max_bytes: 64 * 1024 * 1024,
            max_modules: 200_000,
            max_calls: 2_000_000,
        }
    }
}

impl ImportLimits {
    /// Refuses an input text that is too large.
    pub fn check_text(&self, source: &str, text: &str) -> Result<(), ImportError> {
        if text.len() > self.max_bytes {
            return Err(ImportError::one(
                source,
                None,
                format!(
                    "the input is {}; the limit is {}",
                    human_size(text.len()),
                    human_size(self.max_bytes)
                ),
            ));
        }
        Ok(())
    }

    /// Refuses an evidence layer naming more modules or calls than a project may
    /// hold, or a name longer than the model allows.
    pub fn check_layer(
        &self,
        source: &str,
        layer: &crate::model::Layer,
    ) -> Result<(), ImportError> {
        self.check_counts(source, layer.modules.len(), layer.calls.len())?;
        // Every name the merge may write into the model, held to the model's
        // own limit here, while reading, not refused later by the project.
        let names = layer
            .modules
            .iter()
            .chain(layer.calls.iter().flat_map(|c| [&c.caller, &c.callee]))
            .chain(layer.tables.iter().flat_map(|t| [&t.module, &t.table]))
            .chain(layer.co_changes.iter().flat_map(|c| [&c.a, &c.b]))
            .chain(layer.owners.iter().map(|o| &o.module))
            .chain(&layer.entry_points);
        for name in names {
            if name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS {
                let start: String = name.chars().take(40).collect();
                return Err(ImportError::one(
                    source,
                    None,
                    format!(
                        "the name '{start}…' is {} characters long; a name may have {MAX_NAME_CHARS} (a mapping rule can shorten it)",
                        name.chars().count()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Refuses a project with too many modules or calls.
    pub fn check_project(&self, source: &str, project: &Project) -> Result<(), ImportError> {
        self.check_counts(source, project.modules.len(), project.calls.len())
    }

    /// The one check behind both: modules, then calls.
    fn check_counts(&self, source: &str, modules: usize, calls: usize) -> Result<(), ImportError> {
        for (count, limit, what) in [
            (modules, self.max_modules, "modules"),
            (calls, self.max_calls, "calls"),
        ] {
            if count > limit {
                return Err(ImportError::one(
                    source,
                    None,
                    format!("{count} {what}; the limit is {limit}"),
                ));
            }
        }
        Ok(())
    }
}

/// A byte count for people: bytes, KiB or MiB.
pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}
