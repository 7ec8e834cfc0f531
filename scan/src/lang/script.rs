//! TypeScript and JavaScript: the file is the unit. Read: `import … from`,
//! `export … from`, `require()` and `import()` with a literal path,
//! `/// <reference path>`; Express
//! style routes (`app.get("/x", handler)` on any router object), NestJS
//! controllers (`@Controller("prefix")`, `@Get(":id")`); TypeORM entities
//! (`@Entity("name")`, else the class name in snake case) and repositories
//! (`getRepository(User)`, `@InjectRepository(User)`, then `save`/`insert`/
//! `update`/`delete`/`remove` on a repository as writes); Prisma client calls
//! (`prisma.user.create`); SQL in string and template literals.

use tree_sitter::Node;

use super::{Fields, text, unquote};
use crate::facts::{Entity, FileFacts, Import, Route, Unit, join_path, snake_case};
use crate::resolve::is_write_method;
use crate::sql::looks_like_sql;

const ROUTER_METHODS: [&str; 7] = ["get", "post", "put", "delete", "patch", "all", "options"];

const NEST_METHODS: [&str; 7] = ["Get", "Post", "Put", "Delete", "Patch", "All", "Options"];

/// Reads a parsed TypeScript or JavaScript file.
pub fn extract(root: Node<'_>, src: &[u8], facts: &mut FileFacts) {
    let mut unit = Unit::default();
    let mut repositories: Vec<String> = Vec::new();
    let mut repository_writes = false;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "import_statement" | "export_statement" => {
                if let Some(source) = node.field("source") {
                    facts.imports.push(Import {
                        names: bound_names(node, src),
                        ..Import::of(unquote(text(source, src)), line(node))
                    });
                }
            }
            "comment" => {
                // `/// <reference path="./other.ts" />` is an import too.
                let written = text(node, src);
                if let Some(rest) = written.strip_prefix("///")
                    && let Some((_, after)) = rest.split_once("path=")
                {
                    let path = after.trim_start().trim_start_matches(['"', '\'']);
                    let end = path.find(['"', '\'']).unwrap_or(path.len());
                    facts.imports.push(Import::of(&path[..end], line(node)));
                }
                continue;
            }
            "call_expression" => {
                call(
                    node,
                    src,
                    facts,
                    &mut unit,
                    &mut repositories,
                    &mut repository_writes,
                );
            }
            "class_declaration" | "abstract_class_declaration" => class(node, src, &mut unit),
            "string" | "template_string" => {
                let literal = literal_text(node, src);
                if looks_like_sql(&literal) {
                    unit.sql.push(literal);
                }
                continue;
            }
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    for model in repositories {
        unit.model_uses.push((model.clone(), false));
        if repository_writes {
            unit.model_uses.push((model, true));
        }
    }
    facts.units.push(unit);
}

fn line(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

/// The local names an import binds (default, named, namespace).
fn bound_names(node: Node<'_>, src: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        match current.kind() {
            "import_specifier" | "export_specifier" => {
                let bound = current.field("alias").or_else(|| current.field("name"));
                if let Some(bound) = bound {
                    names.push(text(bound, src).to_string());
                }
            }
            "identifier"
                if current
                    .parent()
                    .is_some_and(|p| matches!(p.kind(), "import_clause" | "namespace_import")) =>
            {
                names.push(text(current, src).to_string());
            }
            "string" => {}
            _ => {
                let mut cursor = current.walk();
                stack.extend(current.named_children(&mut cursor));
            }
        }
    }
    names
}

fn call(
    node: Node<'_>,
    src: &[u8],
    facts: &mut FileFacts,
    unit: &mut Unit,
    repositories: &mut Vec<String>,
    repository_writes: &mut bool,
) {
    let Some(function) = node.field("function") else {
        return;
    };
    let arguments = node.field("arguments");
    let first = arguments.and_then(|a| a.named_child(0));
    let literal = first
        .filter(|f| f.kind() == "string")
        .map(|f| unquote(text(f, src)).to_string());
    match function.kind() {
        "identifier" | "import" => {
            let name = text(function, src);
            match name {
                "require" | "import" => {
                    if let Some(path) = literal {
                        let names = node
                            .parent()
                            .filter(|p| p.kind() == "variable_declarator")
                            .and_then(|p| p.field("name"))
                            .map(|n| {
                                text(n, src)
                                    .trim_matches(|c| c == '{' || c == '}')
                                    .split(',')
                                    .map(|s| {
                                        s.split(':').next_back().unwrap_or(s).trim().to_string()
                                    })
                                    .filter(|s| !s.is_empty())
                                    .collect()
                            })
                            .unwrap_or_default();
                        facts.imports.push(Import {
                            names,
                            ..Import::of(path, line(node))
                        });
                    }
                }
                "getRepository" | "InjectRepository" | "getCustomRepository" => {
                    if let Some(model) = first.filter(|f| f.kind() == "identifier") {
                        repositories.push(text(model, src).to_string());
                    }
                }
                _ => {}
            }
        }
        "member_expression" => {
            let method = function.field("property").map_or("", |p| text(p, src));
            let object = function.field("object");
            let receiver = object.map_or("", |o| text(o, src));
            if method == "getRepository"
                && let Some(model) = first.filter(|f| f.kind() == "identifier")
            {
                repositories.push(text(model, src).to_string());
            }
            if is_write_method(method)
                && (receiver.to_ascii_lowercase().contains("repo")
                    || receiver.contains("getRepository"))
            {
                *repository_writes = true;
            }
            // `prisma.user.findMany()`, `this.prisma.order.create()`.
            if let Some(object) = object.filter(|o| o.kind() == "member_expression")
                && let Some(client) = object.field("object")
                && text(client, src).ends_with("prisma")
            {
                let model = object.field("property").map_or("", |p| text(p, src));
                unit.model_uses
                    .push((format!("prisma:{model}"), is_write_method(method)));
            }
            if ROUTER_METHODS.contains(&method)
                && let Some(path) = literal.filter(|p| p.starts_with('/'))
            {
                let handler = arguments
                    .and_then(|a| {
                        let mut cursor = a.walk();
                        a.named_children(&mut cursor).last()
                    })
                    .filter(|h| matches!(h.kind(), "identifier" | "member_expression"))
                    .map(|h| text(h, src).to_string())
                    .unwrap_or_default();
                unit.routes.push(Route {
                    method: if method == "all" {
                        "ANY".to_string()
                    } else {
                        method.to_ascii_uppercase()
                    },
                    path,
                    handler,
                });
            }
        }
        _ => {}
    }
}

/// A decorator's name and its first string argument: `@Get(":id")` → (`Get`, `:id`).
fn decorator(node: Node<'_>, src: &[u8]) -> Option<(String, Option<String>)> {
    let expression = node.named_child(0)?;
    match expression.kind() {
        "call_expression" => {
            let name = text(expression.field("function")?, src).to_string();
            let argument = expression
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|a| a.kind() == "string")
                .map(|a| unquote(text(a, src)).to_string());
            Some((name, argument))
        }
        _ => Some((text(expression, src).to_string(), None)),
    }
}

/// A class's decorators: a TypeORM entity, a NestJS controller and its routes.
fn class(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    let name = node.field("name").map_or("", |n| text(n, src)).to_string();
    let mut decorators = Vec::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.kind() == "decorator" {
            decorators.extend(decorator(child, src));
        }
    }
    // Decorators written before `export class` sit on the export statement.
    if let Some(parent) = node.parent().filter(|p| p.kind() == "export_statement") {
        let mut cursor = parent.walk();
        for child in parent.children(&mut cursor) {
            if child.kind() == "decorator" {
                decorators.extend(decorator(child, src));
            }
        }
    }
    if let Some((_, table)) = decorators.iter().find(|(d, _)| d == "Entity") {
        unit.entities.push(Entity {
            table: table.clone().unwrap_or_else(|| snake_case(&name)),
            name: name.clone(),
            relations: Vec::new(),
        });
    }
    let Some((_, prefix)) = decorators.iter().find(|(d, _)| d == "Controller") else {
        return;
    };
    let prefix = prefix.clone().unwrap_or_default();
    let Some(body) = node.field("body") else {
        return;
    };
    let mut pending: Vec<(String, Option<String>)> = Vec::new();
    let mut cursor = body.walk();
    for member in body.named_children(&mut cursor) {
        match member.kind() {
            "decorator" => pending.extend(decorator(member, src)),
            "method_definition" => {
                let mut inner = member.walk();
                for child in member.children(&mut inner) {
                    if child.kind() == "decorator" {
                        pending.extend(decorator(child, src));
                    }
                }
                for (decorator, path) in pending.drain(..) {
                    if NEST_METHODS.contains(&decorator.as_str()) {
                        unit.routes.push(Route {
                            method: if decorator == "All" {
                                "ANY".to_string()
                            } else {
                                decorator.to_ascii_uppercase()
                            },
                            path: join_path(&prefix, path.as_deref().unwrap_or("")),
                            handler: String::new(),
                        });
                    }
                }
            }
            _ => pending.clear(),
        }
    }
}

/// A string or template literal's text, substitutions as `?`.
fn literal_text(node: Node<'_>, src: &[u8]) -> String {
    if node.kind() != "template_string" {
        return unquote(text(node, src)).to_string();
    }
    let mut out = String::new();
    let mut cursor = node.walk();
    let start = node.start_byte() + 1;
    let mut at = start;
    for child in node.named_children(&mut cursor) {
        if child.kind() == "template_substitution" {
            out.push_str(std::str::from_utf8(&src[at..child.start_byte()]).unwrap_or(""));
            out.push_str(" ? ");
            at = child.end_byte();
        }
    }
    let end = node.end_byte().saturating_sub(1).max(at);
    out.push_str(std::str::from_utf8(&src[at..end]).unwrap_or(""));
    out
}
