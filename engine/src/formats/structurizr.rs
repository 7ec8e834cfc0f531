//! Structurizr DSL of one split: the monolith's target as a software system, each
//! service a container (its modules as components), and the dependencies as
//! relationships with their technology: synchronous calls over HTTP/gRPC,
//! asynchronous ones through a message queue.

use std::fmt::Write as _;

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
        quote(&project.name)
    );
    for (ix, service) in split.services.iter().enumerate() {
        let _ = writeln!(
            out,
            "            s{ix} = container {} {} {{",
            quote(service.label()),
            quote(&service.description)
        );
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
                quote(label)
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

fn quote(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', " ")
    )
}
