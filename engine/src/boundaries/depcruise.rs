//! dependency-cruiser: a `.dependency-cruiser.cjs` with a `forbidden` rule per
//! pair of services that may not depend on each other, and one per service
//! forbidding a circular dependency that leaves it (a cycle between
//! services shows as a cycle of modules across their boundary); with a
//! baseline, the `known-violations.json` dependency-cruiser ignores with
//! `--ignore-known`.
//!
//! Module ids are paths without their extension, as `seams scan` and
//! Seams' dependency-cruiser import name them; each rule matches the file
//! with any of the extensions dependency-cruiser resolves.

use super::{Boundaries, Violation};

/// The files of a dependency-cruiser export.
pub struct DepcruiseExport {
    /// `.dependency-cruiser.cjs`.
    pub config: String,
    /// `known-violations.json`, when a baseline was given.
    pub known: Option<String>,
}

/// The extensions a module id may stand for.
const EXTENSIONS: &str = "(\\\\.(js|cjs|mjs|jsx|ts|cts|mts|tsx|d\\\\.ts))?";

/// Exports the rules and, when `known` is not empty, the baseline;
/// `file_of` names a module's file as dependency-cruiser reports it (with its
/// extension: the caller knows the tree).
pub fn export(
    boundaries: &Boundaries,
    known: &[Violation],
    file_of: &dyn Fn(&str) -> String,
) -> DepcruiseExport {
    DepcruiseExport {
        config: config(boundaries),
        known: (!known.is_empty()).then(|| known_violations(boundaries, known, file_of)),
    }
}

/// A JavaScript string literal.
fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Regular-expression metacharacters escaped (for a JavaScript string, so
/// the backslashes are doubled).
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push_str("\\\\");
        }
        out.push(c);
    }
    out
}

/// A path pattern matching exactly the modules of a service.
fn pattern(modules: &[String]) -> String {
    let alternatives: Vec<String> = modules.iter().map(|m| literal(m)).collect();
    format!("^({}){EXTENSIONS}$", alternatives.join("|"))
}

/// The rule name of a pair: stable while the services keep their ids.
pub fn rule_name(from_id: &str, to_id: &str) -> String {
    format!("seams-{from_id}-not-{to_id}")
}

fn config(boundaries: &Boundaries) -> String {
    let mut rules = Vec::new();
    for (from, to) in boundaries.forbidden() {
        let (a, b) = (&boundaries.services[from], &boundaries.services[to]);
        if a.modules.is_empty() || b.modules.is_empty() {
            continue;
        }
        rules.push(format!(
            "    {{\n      name: {},\n      comment: {},\n      severity: 'error',\n      from: {{ path: \"{}\" }},\n      to: {{ path: \"{}\" }},\n    }}",
            string(&rule_name(&a.id, &b.id)),
            string(&format!("{} may not depend on {}", a.name, b.name)),
            pattern(&a.modules),
            pattern(&b.modules),
        ));
    }
    for service in boundaries.services.iter().filter(|s| !s.modules.is_empty()) {
        let inside = pattern(&service.modules);
        rules.push(format!(
            "    {{\n      name: {},\n      comment: {},\n      severity: 'error',\n      from: {{ path: \"{inside}\" }},\n      to: {{ circular: true, pathNot: \"{inside}\" }},\n    }}",
            string(&format!("seams-no-circular-{}", service.id)),
            string(&format!("no dependency cycle leaves {}", service.name)),
        ));
    }
    format!(
        "// {}\n/** @type {{import('dependency-cruiser').IConfiguration}} */\nmodule.exports = {{\n  forbidden: [\n{}\n  ],\n  options: {{\n    doNotFollow: {{ path: 'node_modules' }},\n    tsPreCompilationDeps: true,\n  }},\n}};\n",
        boundaries.origin.line(),
        rules.join(",\n")
    )
}

/// dependency-cruiser's known-violations format: the violations it may
/// ignore, by the files it resolved.
fn known_violations(
    boundaries: &Boundaries,
    known: &[Violation],
    file_of: &dyn Fn(&str) -> String,
) -> String {
    let entries: Vec<serde_json::Value> = known
        .iter()
        .filter_map(|v| {
            let from = boundaries.service_of(&v.from)?;
            let to = boundaries.service_of(&v.to)?;
            let (a, b) = (&boundaries.services[from], &boundaries.services[to]);
            let rule = match v.rule {
                super::Rule::ForbiddenDependency => rule_name(&a.id, &b.id),
                super::Rule::ServiceCycle => format!("seams-no-circular-{}", a.id),
            };
            Some(serde_json::json!({
                "type": "dependency",
                "from": file_of(&v.from),
                "to": file_of(&v.to),
                "rule": { "severity": "error", "name": rule },
            }))
        })
        .collect();
    serde_json::to_string_pretty(&entries).unwrap_or_default() + "\n"
}
