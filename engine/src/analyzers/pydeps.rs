//! pydeps' JSON (`pydeps PACKAGE --show-deps --no-output`): an object from
//! module name to `{"imports": […], "imported_by": […], "path": …}`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Dependency, Found};
use crate::formats::ImportError;

#[derive(Deserialize)]
struct PyModule {
    #[serde(default)]
    imports: Vec<String>,
    #[serde(default)]
    path: Option<String>,
}

/// The modules and their imports of modules that are in the output too
/// (pydeps lists the standard library and third-party modules it saw only
/// when asked; those without a path are left out).
pub(super) fn read(file: &str, text: &str) -> Result<Found, ImportError> {
    let modules: BTreeMap<String, PyModule> =
        serde_json::from_str(text).map_err(|e| ImportError::json(file, &e))?;
    let own = |name: &str| modules.get(name).is_some_and(|m| m.path.is_some());
    let names: Vec<String> = modules.keys().filter(|n| own(n)).cloned().collect();
    let mut dependencies = Vec::new();
    for (name, module) in &modules {
        if !own(name) {
            continue;
        }
        for import in &module.imports {
            if own(import) {
                dependencies.push(Dependency {
                    from: name.clone(),
                    to: import.clone(),
                });
            }
        }
    }
    Ok((names, dependencies))
}
