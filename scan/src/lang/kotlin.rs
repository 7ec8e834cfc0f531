//! Kotlin: top-level classes and objects as units (nested ones folded in),
//! imports (with `as` aliases and `.*`), every type written (`user_type`),
//! static-looking receivers (`Foo.bar()`, companion objects), constructor
//! calls (`Foo(…)`), members called on declared properties and parameters;
//! the same JPA, Spring Data and Spring MVC annotations as Java; SQL in
//! string literals (templates as `?`).

use tree_sitter::Node;

use super::java::{REPOSITORIES, last_segment, routes};
use super::{Annotation, Fields, is_upper, strip_generics, text, unquote};
use crate::facts::{Entity, FileFacts, Import, Unit, snake_case};
use crate::sql::looks_like_sql;

const TYPE_DECLARATIONS: [&str; 2] = ["class_declaration", "object_declaration"];

/// Reads a parsed Kotlin file.
pub fn extract(root: Node<'_>, src: &[u8], facts: &mut FileFacts) {
    let mut stack: Vec<(Node<'_>, Option<usize>)> = vec![(root, None)];
    while let Some((node, unit)) = stack.pop() {
        let kind = node.kind();
        match kind {
            "package_header" => {
                if let Some(name) = node.named_child(0) {
                    facts.namespace = text(name, src).to_string();
                }
                continue;
            }
            "import" => {
                facts.imports.push(import(node, src));
                continue;
            }
            "line_comment" | "block_comment" => continue,
            _ => {}
        }
        let mut unit = unit;
        if TYPE_DECLARATIONS.contains(&kind) {
            let name = node
                .field("name")
                .map(|n| text(n, src).to_string())
                .unwrap_or_default();
            match unit {
                None => {
                    let mut declared = Unit::named(name);
                    declare(node, src, &mut declared);
                    facts.units.push(declared);
                    unit = Some(facts.units.len() - 1);
                }
                Some(ix) => facts.units[ix].nested.push(name),
            }
        }
        let Some(ix) = unit else {
            push_children(node, None, &mut stack);
            continue;
        };
        let current = &mut facts.units[ix];
        match kind {
            "user_type" => {
                let mut cursor = node.walk();
                let name: Vec<&str> = node
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "identifier")
                    .map(|c| text(c, src))
                    .collect();
                current.mention(&name.join("."));
            }
            "navigation_expression" => {
                if let Some(first) = node.named_child(0)
                    && first.kind() == "identifier"
                    && text(first, src).starts_with(is_upper)
                {
                    current.mention(text(first, src));
                }
            }
            "call_expression" => {
                if let Some(callee) = node.named_child(0) {
                    match callee.kind() {
                        "identifier" if text(callee, src).starts_with(is_upper) => {
                            current.mention(text(callee, src));
                        }
                        "navigation_expression" => {
                            if let (Some(receiver), Some(method)) =
                                (callee.named_child(0), callee.named_child(1))
                                && receiver.kind() == "identifier"
                                && !text(receiver, src).starts_with(is_upper)
                            {
                                current.member_calls.push((
                                    text(receiver, src).to_string(),
                                    text(method, src).to_string(),
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
            "variable_declaration" | "class_parameter" | "parameter" => {
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
                if let (Some(name), Some(declared)) = (
                    children.iter().find(|c| c.kind() == "identifier"),
                    children
                        .iter()
                        .find(|c| matches!(c.kind(), "user_type" | "nullable_type" | "type")),
                ) {
                    current.vars.insert(
                        text(*name, src).to_string(),
                        strip_generics(text(*declared, src)).to_string(),
                    );
                }
            }
            "string_literal" => {
                let literal = template_text(node, src);
                if looks_like_sql(&literal) {
                    current.sql.push(literal);
                }
                continue;
            }
            _ => {}
        }
        push_children(node, unit, &mut stack);
    }
    facts.units.retain(|u| !u.name.is_empty());
}

fn push_children<'t>(
    node: Node<'t>,
    unit: Option<usize>,
    stack: &mut Vec<(Node<'t>, Option<usize>)>,
) {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    for child in children.into_iter().rev() {
        stack.push((child, unit));
    }
}

fn import(node: Node<'_>, src: &[u8]) -> Import {
    let written = text(node, src).trim_start_matches("import").trim();
    let (path, alias) = match written.split_once(" as ") {
        Some((path, alias)) => (path.trim(), Some(alias.trim().to_string())),
        None => (written, None),
    };
    let wildcard = path.ends_with(".*");
    let path = path.trim_end_matches(".*").to_string();
    // A lower-case last segment imports a function or property: its file's class.
    let is_static = !wildcard && last_segment(&path).starts_with(char::is_lowercase);
    Import {
        wildcard,
        is_static,
        names: alias.into_iter().collect(),
        ..Import::of(path, node.start_position().row + 1)
    }
}

/// Supertypes, entity and repository, controller routes.
fn declare(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
    for child in &children {
        if child.kind() == "delegation_specifiers" {
            let mut inner = child.walk();
            for specifier in child.named_children(&mut inner) {
                let written = text(specifier, src);
                let name = strip_generics(written).to_string();
                let arguments = written
                    .split_once('<')
                    .map(|(_, rest)| {
                        rest.trim_end_matches(['>', ')', '('])
                            .split(',')
                            .map(|a| strip_generics(a.trim()).to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                unit.supers.push((name, arguments));
            }
        }
    }
    let annotations = children
        .iter()
        .find(|c| c.kind() == "modifiers")
        .map(|m| annotations_of(*m, src))
        .unwrap_or_default();
    let has = |name: &str| annotations.iter().any(|a| a.name == name);
    if has("Entity") {
        let table = annotations
            .iter()
            .find(|a| a.name == "Table")
            .and_then(|a| a.value("name"))
            .map(str::to_string)
            .unwrap_or_else(|| snake_case(&unit.name));
        unit.entities.push(Entity {
            name: unit.name.clone(),
            table,
            relations: Vec::new(),
        });
    }
    if let Some((_, arguments)) = unit
        .supers
        .iter()
        .find(|(name, _)| REPOSITORIES.contains(&last_segment(name)))
        && let Some(entity) = arguments.first()
    {
        unit.model_uses.push((entity.clone(), false));
    }
    let controller = has("RestController") || has("Controller");
    let prefix = annotations
        .iter()
        .find(|a| a.name == "RequestMapping")
        .and_then(|a| a.values("value", "path").first().cloned())
        .unwrap_or_default();
    let Some(body) = children.iter().find(|c| c.kind() == "class_body") else {
        return;
    };
    let mut stack = vec![*body];
    while let Some(current) = stack.pop() {
        if current.kind() == "function_declaration" {
            let name = current
                .field("name")
                .map_or("", |n| text(n, src))
                .to_string();
            let mut inner = current.walk();
            let modifiers = current
                .named_children(&mut inner)
                .find(|c| c.kind() == "modifiers");
            let annotations = modifiers
                .map(|m| annotations_of(m, src))
                .unwrap_or_default();
            if annotations.iter().any(|a| a.name == "Modifying") {
                unit.modifying = true;
            }
            if controller {
                routes(&annotations, &prefix, &mut unit.routes);
            }
            unit.methods.push(name);
            continue;
        }
        if TYPE_DECLARATIONS.contains(&current.kind()) {
            continue;
        }
        let mut inner = current.walk();
        stack.extend(current.named_children(&mut inner));
    }
}

/// The annotations of a `modifiers` node, arguments as text.
fn annotations_of(modifiers: Node<'_>, src: &[u8]) -> Vec<Annotation> {
    let mut cursor = modifiers.walk();
    let mut out = Vec::new();
    for annotation in modifiers
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "annotation")
    {
        let written = text(annotation, src).trim_start_matches('@');
        let (name, arguments) = match written.split_once('(') {
            Some((name, rest)) => (name, rest.trim_end_matches(')')),
            None => (written, ""),
        };
        let name = last_segment(name.split(':').next_back().unwrap_or(name))
            .trim()
            .to_string();
        let mut args = Vec::new();
        for argument in split_arguments(arguments) {
            let (key, value) = match argument.split_once('=') {
                Some((key, value)) if !key.contains('"') => (key.trim().to_string(), value.trim()),
                _ => ("value".to_string(), argument.trim()),
            };
            let values: Vec<String> = value
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|v| unquote(v.trim()).to_string())
                .filter(|v| !v.is_empty())
                .collect();
            args.push((key, values));
        }
        out.push(Annotation { name, args });
    }
    out
}

/// `name = "a", method = [RequestMethod.GET]` → its top-level arguments.
fn split_arguments(arguments: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (at, c) in arguments.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' | '(' if !quoted => depth += 1,
            ']' | ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(&arguments[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    if !arguments[start..].trim().is_empty() {
        out.push(&arguments[start..]);
    }
    out
}

/// A string template's text, interpolations as `?`.
fn template_text(node: Node<'_>, src: &[u8]) -> String {
    let mut out = String::new();
    let mut cursor = node.walk();
    for part in node.named_children(&mut cursor) {
        match part.kind() {
            "string_content" | "escape_sequence" => out.push_str(text(part, src)),
            _ => out.push_str(" ? "),
        }
    }
    out
}
