//! Go: the file is the unit (files of one folder make one package module).
//! Read: the package clause, imports (with their names), `net/http` style
//! routes (`http.HandleFunc("/x", h)`, `mux.Handle`, and the `GET`/`Get`…
//! methods of gin, echo and chi routers; Go 1.22 `"GET /x"` patterns), and
//! SQL in string literals (`database/sql`, sqlx, pgx all take SQL text).

use tree_sitter::Node;

use super::{Fields, text, unquote};
use crate::facts::{FileFacts, Import, Route, Unit};
use crate::sql::looks_like_sql;

const ROUTE_METHODS: [&str; 12] = [
    "GET",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "Get",
    "Post",
    "Put",
    "Delete",
    "Patch",
    "HandleFunc",
    "Handle",
];

/// Reads a parsed Go file.
pub fn extract(root: Node<'_>, src: &[u8], facts: &mut FileFacts) {
    let mut unit = Unit::default();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "package_clause" => {
                if let Some(name) = node.named_child(0) {
                    facts.namespace = text(name, src).to_string();
                }
                continue;
            }
            "import_spec" => {
                if let Some(path) = node.field("path") {
                    facts.imports.push(Import {
                        alias: node.field("name").map(|n| text(n, src).to_string()),
                        ..Import::of(unquote(text(path, src)), node.start_position().row + 1)
                    });
                }
                continue;
            }
            "comment" => continue,
            "selector_expression" => {
                if let Some(operand) = node.field("operand").filter(|o| o.kind() == "identifier") {
                    unit.mention(text(operand, src));
                }
            }
            "call_expression" => route(node, src, &mut unit),
            "interpreted_string_literal" | "raw_string_literal" => {
                let literal = unquote(text(node, src));
                if looks_like_sql(literal) {
                    unit.sql.push(literal.to_string());
                }
                continue;
            }
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    facts.units.push(unit);
}

fn route(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    let Some(function) = node
        .field("function")
        .filter(|f| f.kind() == "selector_expression")
    else {
        return;
    };
    let method = function.field("field").map_or("", |f| text(f, src));
    if !ROUTE_METHODS.contains(&method) {
        return;
    }
    let Some(arguments) = node.field("arguments") else {
        return;
    };
    let Some(pattern) = arguments
        .named_child(0)
        .filter(|p| {
            matches!(
                p.kind(),
                "interpreted_string_literal" | "raw_string_literal"
            )
        })
        .map(|p| unquote(text(p, src)).to_string())
    else {
        return;
    };
    let (verb, path) = match pattern.split_once(' ') {
        Some((verb, path)) if path.starts_with('/') => (verb.to_string(), path.to_string()),
        _ => (
            if method.starts_with("Handle") {
                "ANY".to_string()
            } else {
                method.to_ascii_uppercase()
            },
            pattern,
        ),
    };
    if !path.starts_with('/') {
        return;
    }
    let mut cursor = arguments.walk();
    let handler = arguments
        .named_children(&mut cursor)
        .last()
        .filter(|h| h.kind() == "selector_expression")
        .and_then(|h| h.field("operand"))
        .map(|o| text(o, src).to_string())
        .unwrap_or_default();
    unit.routes.push(Route {
        method: verb,
        path,
        handler,
    });
}
