//! Structurizr DSL of one split: the monolith's target as a software system, each
//! service a container (its modules as components), and the dependencies as
//! relationships with their technology: synchronous calls over HTTP/gRPC,
//! asynchronous ones through a message queue.

use std::fmt::Write as _;

use rustc_hash::FxHashSet;

use super::one_line;
use crate::analysis::SplitAnalysis;
use crate::model::{Project, Split};

/// Structurizr DSL for a split and its analysis.
pub fn export(project: &Project, split: &Split, analysis: &SplitAnalysis) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "workspace {} {} {{",
        quote(&project.name),
        quote(&format!("Decomposition: {}", split.name))
    );
    out.push_str("    model {\n");
    let _ = writeln!(
        out,
        "        system = softwareSystem {} {{",
        quote(&element_name(&project.name, "System"))
    );
    let mut containers = FxHashSet::default();
    for (ix, service) in split.services.iter().enumerate() {
        let _ = writeln!(
            out,
            "            s{ix} = container {} {} {{",
            quote(&unique(
                element_name(service.label(), &service.id),
                &mut containers
            )),
            quote(&service.description)
        );
        let mut components = FxHashSet::default();
        for (c, (module, _)) in split
            .assignment
            .iter()
            .filter(|(_, s)| **s == service.id)
            .enumerate()
        {
            let label = project
                .modules
                .iter()
                .find(|m| &m.id == module)
                .map_or(module.as_str(), |m| m.label());
            let _ = writeln!(
                out,
                "                s{ix}c{c} = component {}",
                quote(&unique(element_name(label, module), &mut components))
            );
        }
        out.push_str("            }\n");
    }
    out.push_str("        }\n");
    let position = |id: &str| split.services.iter().position(|s| s.id == id);
    for dependency in &analysis.dependencies {
        let (Some(a), Some(b)) = (position(&dependency.from), position(&dependency.to)) else {
            continue;
        };
        let async_calls = dependency.calls - dependency.sync_calls;
        if dependency.sync_calls > 0 {
            let _ = writeln!(
                out,
                "        s{a} -> s{b} {} \"HTTP/gRPC (synchronous)\"",
                quote(&format!("{} calls", dependency.sync_calls))
            );
        }
        if async_calls > 0 {
            let _ = writeln!(
                out,
                "        s{a} -> s{b} {} \"Message queue (asynchronous)\"",
                quote(&format!("{async_calls} messages"))
            );
        }
    }
    out.push_str("    }\n    views {\n");
    out.push_str("        container system \"Services\" {\n            include *\n            autoLayout lr\n        }\n");
    out.push_str("    }\n}\n");
    out
}

/// A DSL string. The DSL reads a file line by line, so line breaks become
/// spaces (one would end the statement and let the rest run as a directive
/// such as `!include`); `"` becomes `\"`, the only escape its tokenizer knows
/// (it has none for `\`, so backslashes stay as they are).
fn quote(text: &str) -> String {
    format!("\"{}\"", dsl_text(text).replace('"', "\\\""))
}

/// Text as the DSL will hold it, before quoting: one line; `${` broken up so
/// that no constant or environment variable is substituted into it; and a
/// trailing `\` given a space after it, since right before the closing quote it
/// would escape that quote. Names are made unique in this form, so two names
/// that only differ by what it changes cannot end up the same.
fn dsl_text(text: &str) -> String {
    let mut body = one_line(text).replace("${", "$ {");
    if body.ends_with('\\') {
        body.push(' ');
    }
    body
}

/// An element's name, one line: Structurizr refuses an element without a
/// name, so a blank one is replaced by `fallback`.
fn element_name(text: &str, fallback: &str) -> String {
    [text, fallback]
        .into_iter()
        .map(dsl_text)
        .find(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "unnamed".to_string())
}

/// `name`, or `name (2)`, `name (3)`… if a sibling already has it: Structurizr
/// refuses two containers of one system, or two components of one container,
/// with the same name.
fn unique(name: String, used: &mut FxHashSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_equal_once_written_are_made_unique() {
        // " \" gets a space after its backslash; "\n\\\r" becomes " \ " on one line.
        let mut used = FxHashSet::default();
        let first = unique(element_name(" \\", "a"), &mut used);
        let second = unique(element_name("\n\\\r", "b"), &mut used);
        assert_ne!(quote(&first), quote(&second));
        assert_eq!(quote(&first), "\" \\ \"");
    }
}
