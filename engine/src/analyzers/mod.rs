//! Dependency analyzers' outputs as structure layers: which module depends on
//! which, as the language's own tool found it.
//!
//! * dependency-cruiser (JavaScript/TypeScript), `depcruise --output-type json`:
//!   a module per source file (its path without the extension), a dependency
//!   per resolved local import (`dependencyTypes` with `local`, `localmodule`
//!   or `aliased`; node core modules, npm packages and unresolved imports are
//!   left out).
//! * pydeps (Python), `pydeps PACKAGE --show-deps --no-output`: a module per
//!   Python module (its dotted name), a dependency per entry of `imports`.
//!   Python was chosen over .NET as the second ecosystem because pydeps is the
//!   widely used open analyzer there with a documented machine-readable output
//!   (.NET's NDepend is closed, and its open tools print only diagrams).
//!
//! Names map to module ids by the user's rules (prefix or glob; a dotted
//! Python name is matched as a path, `a.b.c` as `a/b/c`), so files or modules
//! can be folded into coarser modules; the call volume is then the number of
//! file-level dependencies between the two.

mod depcruise;
mod pydeps;

use rustc_hash::FxHashMap;

use crate::formats::{ImportError, ImportLimits};
use crate::history::mapping::{MappingRule, ruled};
use crate::model::{CallStyle, Layer, LayerCall, LayerKind};

/// The analyzers Seams reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analyzer {
    /// dependency-cruiser's JSON.
    DependencyCruiser,
    /// pydeps' `--show-deps` JSON.
    Pydeps,
}

/// What an analyzer's reader returns: the project's own names and the
/// dependencies between them.
type Found = (Vec<String>, Vec<Dependency>);

/// One dependency an analyzer found, by the names it uses.
pub(crate) struct Dependency {
    pub from: String,
    pub to: String,
}

/// Reads an analyzer's output into a structure layer named `source`.
pub fn read(
    source: &str,
    analyzer: Analyzer,
    file: &str,
    text: &str,
    rules: &[MappingRule],
    limits: &ImportLimits,
) -> Result<Layer, ImportError> {
    limits.check_text(file, text)?;
    let ((names, dependencies), path_of): (Found, fn(&str) -> String) = match analyzer {
        Analyzer::DependencyCruiser => {
            (depcruise::read(file, text)?, |name: &str| name.to_string())
        }
        Analyzer::Pydeps => (pydeps::read(file, text)?, |name: &str| {
            name.replace('.', "/")
        }),
    };
    if names.is_empty() {
        return Err(ImportError::one(file, None, "no modules found"));
    }
    let module = |name: &str| -> String {
        ruled(rules, &path_of(name)).unwrap_or_else(|| match analyzer {
            Analyzer::DependencyCruiser => strip_extension(name),
            Analyzer::Pydeps => name.to_string(),
        })
    };
    let mut modules: Vec<String> = names.iter().map(|n| module(n)).collect();
    modules.sort();
    modules.dedup();
    let mut counts: FxHashMap<(String, String), u64> = FxHashMap::default();
    for dependency in &dependencies {
        let (from, to) = (module(&dependency.from), module(&dependency.to));
        if from != to {
            *counts.entry((from, to)).or_default() += 1;
        }
    }
    let mut calls: Vec<LayerCall> = counts
        .into_iter()
        .map(|((caller, callee), count)| LayerCall {
            caller,
            callee,
            style: CallStyle::Sync,
            count,
            errors: None,
            latency: None,
        })
        .collect();
    calls.sort_by(|a, b| (&a.caller, &a.callee).cmp(&(&b.caller, &b.callee)));
    let layer = Layer {
        modules,
        calls,
        rules: rules.to_vec(),
        ..Layer::new(source, LayerKind::Structure)
    };
    limits.check_layer(file, &layer)?;
    Ok(layer)
}

/// `lib/router/index.js` → `lib/router/index`.
fn strip_extension(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && !extension.contains('/') => stem.to_string(),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_go_but_dots_in_folders_stay() {
        assert_eq!(strip_extension("lib/router/index.js"), "lib/router/index");
        assert_eq!(strip_extension("src/v1.2/api"), "src/v1.2/api");
        assert_eq!(strip_extension(".eslintrc"), ".eslintrc");
    }
}
