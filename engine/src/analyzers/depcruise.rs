//! dependency-cruiser's JSON (`depcruise --output-type json src`).

use serde::Deserialize;

use super::{Dependency, Found};
use crate::formats::ImportError;

#[derive(Deserialize)]
struct Cruise {
    modules: Vec<CruisedModule>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CruisedModule {
    source: String,
    #[serde(default)]
    core_module: bool,
    #[serde(default)]
    could_not_resolve: bool,
    #[serde(default)]
    dependency_types: Vec<String>,
    #[serde(default)]
    dependencies: Vec<CruisedDependency>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CruisedDependency {
    resolved: String,
    #[serde(default)]
    core_module: bool,
    #[serde(default)]
    could_not_resolve: bool,
    #[serde(default)]
    dependency_types: Vec<String>,
}

/// Whether dependency-cruiser's types say the target is the project's own code.
fn local(types: &[String]) -> bool {
    types.iter().any(|t| {
        matches!(
            t.as_str(),
            "local" | "localmodule" | "aliased" | "aliased-subpath-import" | "aliased-tsconfig"
        )
    }) && !types.iter().any(|t| t.starts_with("npm") || t == "core")
}

/// The project's files and their local dependencies.
pub(super) fn read(file: &str, text: &str) -> Result<Found, ImportError> {
    let cruise: Cruise = serde_json::from_str(text).map_err(|e| ImportError::json(file, &e))?;
    let own = |m: &CruisedModule| {
        !m.core_module
            && !m.could_not_resolve
            && (m.dependency_types.is_empty() || local(&m.dependency_types))
    };
    let mut names = Vec::new();
    let mut dependencies = Vec::new();
    for module in &cruise.modules {
        if !own(module) {
            continue;
        }
        names.push(module.source.clone());
        for dependency in &module.dependencies {
            if !dependency.core_module
                && !dependency.could_not_resolve
                && local(&dependency.dependency_types)
            {
                dependencies.push(Dependency {
                    from: module.source.clone(),
                    to: dependency.resolved.clone(),
                });
            }
        }
    }
    Ok((names, dependencies))
}
