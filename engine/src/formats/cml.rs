//! Context Mapper CML of one split: each service a bounded context, each
//! dependency an upstream/downstream relationship (the called service is
//! upstream), mutual dependencies a partnership.

use std::fmt::Write as _;

use crate::analysis::SplitAnalysis;
use crate::model::{Project, Split};

/// CML for a split and its analysis.
pub fn export(project: &Project, split: &Split, analysis: &SplitAnalysis) -> String {
    let names = identifiers(split);
    let name_of = |id: &str| {
        split
            .services
            .iter()
            .position(|s| s.id == id)
            .map(|ix| names[ix].clone())
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/* {} — {} */",
        project.name.replace("*/", "* /"),
        split.name.replace("*/", "* /")
    );
    let _ = writeln!(
        out,
        "ContextMap {} {{",
        identifier(&format!("{}Map", project.name), "ContextMap")
    );
    out.push_str("    type = SYSTEM_LANDSCAPE\n    state = TO_BE\n");
    if !names.is_empty() {
        let _ = writeln!(out, "    contains {}", names.join(", "));
    }
    let mut done: Vec<(String, String)> = Vec::new();
    for dependency in &analysis.dependencies {
        let (Some(caller), Some(called)) = (name_of(&dependency.from), name_of(&dependency.to))
        else {
            continue;
        };
        if done.contains(&(called.clone(), caller.clone())) {
            continue;
        }
        let mutual = analysis
            .dependencies
            .iter()
            .any(|d| d.from == dependency.to && d.to == dependency.from);
        let technology = if dependency.sync_calls == dependency.calls {
            "HTTP/gRPC"
        } else if dependency.sync_calls == 0 {
            "Messaging"
        } else {
            "HTTP/gRPC and messaging"
        };
        if mutual {
            let _ = writeln!(
                out,
                "    {called} [P]<->[P] {caller} {{\n        implementationTechnology \"{technology}\"\n    }}"
            );
        } else {
            let _ = writeln!(
                out,
                "    {called} [U]->[D] {caller} {{\n        implementationTechnology \"{technology}\"\n    }}"
            );
        }
        done.push((caller, called));
    }
    out.push_str("}\n");
    for (ix, service) in split.services.iter().enumerate() {
        let modules: Vec<&str> = split
            .assignment
            .iter()
            .filter(|(_, s)| **s == service.id)
            .map(|(m, _)| m.as_str())
            .collect();
        let vision = if service.description.is_empty() {
            format!("{}: {}", service.label(), modules.join(", "))
        } else {
            service.description.clone()
        };
        let _ = writeln!(
            out,
            "\nBoundedContext {} {{\n    domainVisionStatement \"{}\"\n}}",
            names[ix],
            vision.replace('\\', "\\\\").replace('"', "\\\"")
        );
    }
    out
}

/// One CML identifier per service: letters, digits and `_`, unique, never empty.
fn identifiers(split: &Split) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (ix, service) in split.services.iter().enumerate() {
        let mut name = identifier(service.label(), &format!("Service{}", ix + 1));
        if names.contains(&name) {
            name = format!("{name}{}", ix + 1);
        }
        names.push(name);
    }
    names
}

fn identifier(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{out}")
    } else {
        out
    }
}
