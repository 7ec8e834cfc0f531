//! pydeps' JSON (`pydeps PACKAGE --show-deps --no-output`): an object from
//! module name to `{"imports": […], "imported_by": […], "path": …}`.

use std::collections::{BTreeMap, BTreeSet};

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

/// The top-level packages pydeps was pointed at: those its `__main__` entry
/// imports. pydeps run in the project's own environment also follows imports
/// into installed packages (click, when Flask is analysed); those are not
/// the analysed code. `None` when there is no `__main__` (an output made with
/// `--only`, or trimmed by hand): then every module with a path counts.
fn analysed_packages(modules: &BTreeMap<String, PyModule>) -> Option<BTreeSet<&str>> {
    let main = modules.get("__main__")?;
    Some(main.imports.iter().map(|name| top_level(name)).collect())
}

fn top_level(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// The modules and their imports of modules that are in the output too
/// (pydeps lists the standard library and third-party modules it saw only
/// when asked; those without a path, or outside the packages pydeps was
/// pointed at, are left out).
pub(super) fn read(file: &str, text: &str) -> Result<Found, ImportError> {
    let modules: BTreeMap<String, PyModule> =
        serde_json::from_str(text).map_err(|e| ImportError::json(file, &e))?;
    let analysed = analysed_packages(&modules);
    let own = |name: &str| {
        modules.get(name).is_some_and(|m| m.path.is_some())
            && analysed
                .as_ref()
                .is_none_or(|packages| packages.contains(top_level(name)))
    };
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
