//! C#: top-level classes, interfaces, structs, records and enums as units
//! (nested ones folded in), the namespace (block or file-scoped), `using`
//! directives (namespaces, aliases, `using static`), every capitalised name
//! in code that is not a member access's member (resolution keeps only the
//! project's types), qualified names; EF Core (`DbSet<Order> Orders` in a
//! context maps table `Orders`, `[Table("x")]` on the entity wins; `.Add`,
//! `.Remove`, `.Update` on a set write, other uses read); ASP.NET controllers
//! (`[ApiController]` or a `Controller`/`ControllerBase` base, `[Route]`
//! with `[controller]`, `[HttpGet("…")]`…); SQL in string literals (Dapper,
//! ADO.NET).

use tree_sitter::Node;

use super::{Annotation, Fields, strip_generics, text, unquote};
use crate::facts::{Entity, FileFacts, Import, Route, Unit, join_path};
use crate::resolve::is_write_method;
use crate::sql::looks_like_sql;

const TYPE_DECLARATIONS: [&str; 5] = [
    "class_declaration",
    "interface_declaration",
    "struct_declaration",
    "record_declaration",
    "enum_declaration",
];

const HTTP_ATTRIBUTES: [(&str, &str); 5] = [
    ("HttpGet", "GET"),
    ("HttpPost", "POST"),
    ("HttpPut", "PUT"),
    ("HttpDelete", "DELETE"),
    ("HttpPatch", "PATCH"),
];

/// Reads a parsed C# file.
pub fn extract(root: Node<'_>, src: &[u8], facts: &mut FileFacts) {
    let mut stack: Vec<(Node<'_>, Option<usize>)> = vec![(root, None)];
    while let Some((node, unit)) = stack.pop() {
        let kind = node.kind();
        match kind {
            "namespace_declaration" | "file_scoped_namespace_declaration" => {
                if facts.namespace.is_empty()
                    && let Some(name) = node.field("name")
                {
                    facts.namespace = text(name, src).to_string();
                }
            }
            "using_directive" => {
                facts.imports.push(using(node, src));
                continue;
            }
            "comment" => continue,
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
            "qualified_name" => {
                current.mention(&text(node, src).replace(char::is_whitespace, ""));
                continue;
            }
            "identifier" => {
                let written = text(node, src);
                if written.starts_with(char::is_uppercase)
                    && !is_declared_name(node)
                    && !is_member_name(node)
                {
                    current.mention(written);
                }
            }
            "member_access_expression" => {
                // `_db.Orders.Add(order)` / `context.Orders.Where(…)`.
                if let Some(set) = node
                    .field("expression")
                    .filter(|e| e.kind() == "member_access_expression")
                    && let Some(name) = set.field("name")
                {
                    let method = node.field("name").map_or("", |n| text(n, src));
                    current.model_uses.push((
                        format!("dbset:{}", text(name, src)),
                        is_write_method(method),
                    ));
                }
            }
            "string_literal"
            | "verbatim_string_literal"
            | "raw_string_literal"
            | "interpolated_string_expression" => {
                let literal = unquote(text(node, src)).to_string();
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

/// Whether an identifier names what its declaration declares (not a use).
fn is_declared_name(node: Node<'_>) -> bool {
    node.parent().is_some_and(|p| {
        p.field("name").is_some_and(|n| n.id() == node.id())
            && p.kind() != "qualified_name"
            && p.kind() != "generic_name"
            && p.kind() != "attribute"
    })
}

/// Whether an identifier is the member of `a.Member`.
fn is_member_name(node: Node<'_>) -> bool {
    node.parent().is_some_and(|p| {
        p.kind() == "member_access_expression"
            && p.field("name").is_some_and(|n| n.id() == node.id())
    })
}

fn using(node: Node<'_>, src: &[u8]) -> Import {
    let written = text(node, src)
        .trim_start_matches("global")
        .trim()
        .trim_start_matches("using")
        .trim_end_matches(';')
        .trim();
    let line = node.start_position().row + 1;
    if let Some(rest) = written.strip_prefix("static ") {
        return Import {
            wildcard: true,
            is_static: true,
            ..Import::of(rest.trim(), line)
        };
    }
    match written.split_once('=') {
        Some((alias, target)) => Import {
            names: vec![alias.trim().to_string()],
            ..Import::of(strip_generics(target.trim()), line)
        },
        None => Import {
            wildcard: true,
            ..Import::of(written, line)
        },
    }
}

/// The attributes of a declaration.
fn attributes(node: Node<'_>, src: &[u8]) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    for list in node
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "attribute_list")
    {
        let mut inner = list.walk();
        for attribute in list
            .named_children(&mut inner)
            .filter(|c| c.kind() == "attribute")
        {
            let name = attribute.field("name").map_or("", |n| text(n, src));
            let name = name
                .rsplit('.')
                .next()
                .unwrap_or(name)
                .trim_end_matches("Attribute")
                .to_string();
            let mut args = Vec::new();
            let mut arguments = attribute.walk();
            for list in attribute
                .named_children(&mut arguments)
                .filter(|c| c.kind() == "attribute_argument_list")
            {
                let mut each = list.walk();
                for argument in list.named_children(&mut each) {
                    let key = argument
                        .field("name")
                        .map_or("value".to_string(), |k| text(k, src).to_string());
                    let value =
                        argument.named_child(argument.named_child_count().saturating_sub(1) as u32);
                    args.push((
                        key,
                        value
                            .map(|v| vec![unquote(text(v, src)).to_string()])
                            .unwrap_or_default(),
                    ));
                }
            }
            out.push(Annotation { name, args });
        }
    }
    out
}

/// Supertypes, `[Table]`, EF Core sets, controller routes.
fn declare(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    let mut cursor = node.walk();
    if let Some(bases) = node
        .named_children(&mut cursor)
        .find(|c| c.kind() == "base_list")
    {
        let mut inner = bases.walk();
        for base in bases.named_children(&mut inner) {
            unit.supers
                .push((strip_generics(text(base, src)).to_string(), Vec::new()));
        }
    }
    let own = attributes(node, src);
    if let Some(table) = own
        .iter()
        .find(|a| a.name == "Table")
        .and_then(|a| a.value("value"))
    {
        unit.entities.push(Entity {
            name: unit.name.clone(),
            table: table.to_string(),
            relations: Vec::new(),
        });
    }
    let controller = own.iter().any(|a| a.name == "ApiController")
        || unit
            .supers
            .iter()
            .any(|(s, _)| s == "Controller" || s == "ControllerBase");
    let resource = unit
        .name
        .strip_suffix("Controller")
        .unwrap_or(&unit.name)
        .to_string();
    let prefix = own
        .iter()
        .find(|a| a.name == "Route")
        .and_then(|a| a.value("value"))
        .unwrap_or("")
        .replace("[controller]", &resource);
    let Some(body) = node.field("body") else {
        return;
    };
    let mut members = body.walk();
    for member in body.named_children(&mut members) {
        match member.kind() {
            "property_declaration" => {
                let declared = member.field("type").map_or("", |t| text(t, src));
                if let Some(entity) = declared
                    .strip_prefix("DbSet<")
                    .and_then(|r| r.strip_suffix('>'))
                    && let Some(name) = member.field("name")
                {
                    unit.entities.push(Entity {
                        name: strip_generics(entity.trim()).to_string(),
                        table: text(name, src).to_string(),
                        relations: Vec::new(),
                    });
                }
            }
            "method_declaration" if controller => {
                for attribute in attributes(member, src) {
                    if let Some((_, method)) =
                        HTTP_ATTRIBUTES.iter().find(|(a, _)| *a == attribute.name)
                    {
                        let path = attribute.value("value").unwrap_or("");
                        let path = if path.starts_with('/') || path.starts_with("~/") {
                            join_path("", path.trim_start_matches('~'))
                        } else {
                            join_path(&prefix, path)
                        };
                        unit.routes.push(Route {
                            method: method.to_string(),
                            path,
                            handler: String::new(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
}
