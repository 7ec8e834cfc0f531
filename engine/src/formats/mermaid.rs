//! A Mermaid flowchart of one split: a subgraph per service with its modules, the
//! calls as arrows (dotted when asynchronous), entry points as circles.

use std::fmt::Write as _;

use super::one_line;
use crate::model::{CallStyle, Project, Split};

/// Mermaid text for `project`, grouped by `split` when given.
pub fn export(project: &Project, split: Option<&Split>) -> String {
    let node = |ix: usize| format!("m{ix}");
    let index: rustc_hash::FxHashMap<&str, usize> = project
        .modules
        .iter()
        .enumerate()
        .map(|(ix, m)| (m.id.as_str(), ix))
        .collect();
    let declare = |out: &mut String, ix: usize, indent: &str| {
        let module = &project.modules[ix];
        let label = escape(module.label());
        let _ = if module.entry_point {
            writeln!(out, "{indent}{}((\"{label}\"))", node(ix))
        } else {
            writeln!(out, "{indent}{}[\"{label}\"]", node(ix))
        };
    };
    let mut out = String::from("flowchart LR\n");
    let mut placed = vec![false; project.modules.len()];
    if let Some(split) = split {
        for (s, service) in split.services.iter().enumerate() {
            let _ = writeln!(out, "  subgraph s{s}[\"{}\"]", escape(service.label()));
            for (module, _) in split.assignment.iter().filter(|(_, id)| **id == service.id) {
                if let Some(&ix) = index.get(module.as_str()) {
                    declare(&mut out, ix, "    ");
                    placed[ix] = true;
                }
            }
            out.push_str("  end\n");
        }
    }
    for (ix, _) in placed.iter().enumerate().filter(|(_, placed)| !**placed) {
        declare(&mut out, ix, "  ");
    }
    for call in &project.calls {
        let (Some(&a), Some(&b)) = (
            index.get(call.caller.as_str()),
            index.get(call.callee.as_str()),
        ) else {
            continue;
        };
        let arrow = match call.style {
            CallStyle::Sync => "-->",
            CallStyle::Async => "-.->",
        };
        let _ = writeln!(out, "  {} {arrow} {}", node(a), node(b));
    }
    out
}

/// A Mermaid label's text, for inside double quotes. Every character that
/// means something there becomes an entity (`#quot;`, `#35;`…): quotes (they
/// would end the label), `<`, `>` and `&` (markup), a backtick (it turns a
/// label into Markdown), `%` (a `%%{init: …}%%` directive is found anywhere in
/// the text and would reconfigure the diagram) and `#` itself, so a typed
/// entity stays literal. Line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' | '%' | '`' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}
