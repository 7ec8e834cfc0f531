//! import-linter: an `.importlinter` file with one `forbidden` contract per
//! service, naming the modules of the services it may not import; with a
//! baseline, each contract's `ignore_imports` lists the known violations.
//! Run as `lint-imports --config DIR/.importlinter` where the package is
//! importable.
//!
//! Module ids are dotted Python module names (as `seams scan` and pydeps name
//! them). A contract checks direct imports only (`allow_indirect_imports`),
//! as the split's dependencies are direct ones, and names modules as
//! modules, not packages (`as_packages = False`), since a service holds
//! single modules of a package.

use super::{Boundaries, Violation};

/// Exports the rules; `known` become each contract's ignored imports.
/// `visible` says which modules import-linter can find (it cannot find the
/// modules of a namespace package, a folder without `__init__.py`, and
/// refuses a contract naming one); the others are left out.
pub fn export(
    boundaries: &Boundaries,
    known: &[Violation],
    visible: &dyn Fn(&str) -> bool,
) -> String {
    let python: Vec<Vec<&String>> = boundaries
        .services
        .iter()
        .map(|s| {
            s.modules
                .iter()
                .filter(|m| is_module(m) && visible(m))
                .collect()
        })
        .collect();
    let roots = root_packages(python.iter().flatten().map(|m| m.as_str()));
    let mut out = format!(
        "# {}\n[importlinter]\nroot_packages =\n{}\n",
        boundaries.origin.line(),
        roots
            .iter()
            .map(|r| format!("    {r}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (from, service) in boundaries.services.iter().enumerate() {
        let sources = &python[from];
        let targets: Vec<&String> = boundaries
            .forbidden()
            .into_iter()
            .filter(|&(a, _)| a == from)
            .flat_map(|(_, to)| python[to].iter().copied())
            .collect();
        if sources.is_empty() || targets.is_empty() {
            continue;
        }
        let ignored: Vec<String> = known
            .iter()
            .filter(|v| {
                boundaries.service_of(&v.from) == Some(from) && visible(&v.from) && visible(&v.to)
            })
            .map(|v| format!("    {} -> {}", v.from, v.to))
            .collect();
        let list = |modules: &[&String]| {
            modules
                .iter()
                .map(|m| format!("    {m}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        out.push_str(&format!(
            "\n[importlinter:contract:seams-{}]\nname = {} may only import the services it may depend on\ntype = forbidden\nsource_modules =\n{}\nforbidden_modules =\n{}\nallow_indirect_imports = True\nas_packages = False\n",
            service.id,
            service.name.replace('\n', " "),
            list(sources),
            list(&targets),
        ));
        if !ignored.is_empty() {
            out.push_str(&format!("ignore_imports =\n{}\n", ignored.join("\n")));
        }
    }
    out
}

/// A dotted Python module name.
fn is_module(id: &str) -> bool {
    id.split('.').all(|part| {
        !part.is_empty()
            && part.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !part.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The top-level packages the modules are in.
fn root_packages<'a>(modules: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut roots: Vec<String> = modules
        .map(|m| m.split('.').next().unwrap_or(m).to_string())
        .collect();
    roots.sort();
    roots.dedup();
    roots
}
