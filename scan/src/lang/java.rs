//! Java: top-level types as units (nested types folded in), imports, every
//! type name written (declarations, generics, `new`, casts, annotations,
//! `extends`/`implements`), static receivers (`Foo.bar()`, `Foo.X`), fully
//! qualified names in expressions, and what the frameworks say: JPA entities
//! (`@Entity`, `@Table`, associations with their cascades and join tables),
//! Spring Data repositories, MyBatis mapper annotations, SQL in string
//! literals, Spring MVC and JAX-RS controllers with their routes, servlets.

use rustc_hash::FxHashMap;
use tree_sitter::{Node, TreeCursor};

use super::{Annotation, Fields, annotations_in, is_upper, strip_generics, text};
use crate::facts::{
    Entity, FileFacts, Import, Link, Parameters, Relation, Route, Unit, join_path, snake_case,
};
use crate::sql::looks_like_sql;

const TYPE_DECLARATIONS: [&str; 5] = [
    "class_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "annotation_type_declaration",
];

/// The supertypes that make an interface a Spring Data repository of its first type argument.
pub(crate) const REPOSITORIES: [&str; 10] = [
    "Repository",
    "CrudRepository",
    "ListCrudRepository",
    "PagingAndSortingRepository",
    "ListPagingAndSortingRepository",
    "JpaRepository",
    "JpaSpecificationExecutor",
    "MongoRepository",
    "ReactiveCrudRepository",
    "R2dbcRepository",
];

const MAPPINGS: [(&str, &str); 5] = [
    ("GetMapping", "GET"),
    ("PostMapping", "POST"),
    ("PutMapping", "PUT"),
    ("DeleteMapping", "DELETE"),
    ("PatchMapping", "PATCH"),
];

const JAX_RS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

const SERVLET_METHODS: [(&str, &str); 4] = [
    ("doGet", "GET"),
    ("doPost", "POST"),
    ("doPut", "PUT"),
    ("doDelete", "DELETE"),
];

/// Where a node sits, as the walk knows it without asking tree-sitter for
/// parents (each such question walks down from the root again).
#[derive(Clone, Copy, Default)]
struct Place {
    /// The top-level type it is in.
    unit: Option<usize>,
    /// Inside a string concatenation (read whole at its top).
    in_concatenation: bool,
    /// The object of a field access or method call (read with its chain).
    receiver_object: bool,
}

/// Types every reference of this kind depends on in the compiled class,
/// though the source does not name them (what javac generates).
fn implied(kind: &str) -> &'static [&'static str] {
    match kind {
        // `valueOf(String)` calls `Enum.valueOf(Class, String)`; `values()`
        // clones the array (`Object clone()`).
        "enum_declaration" => &["java.lang.Class", "java.lang.String", "java.lang.Object"],
        // `$assertionsDisabled` is set from `desiredAssertionStatus()`.
        "assert_statement" => &["java.lang.AssertionError", "java.lang.Class"],
        // A `finally` and a monitor's release run from a catch-any handler,
        // whose stack map frame names the thrown value's type.
        "finally_clause" | "synchronized_statement" => &["java.lang.Throwable"],
        "lambda_expression" | "method_reference" => &[
            "java.lang.invoke.LambdaMetafactory",
            "java.lang.invoke.CallSite",
            "java.lang.invoke.MethodHandle",
            "java.lang.invoke.MethodHandles",
            "java.lang.invoke.MethodType",
        ],
        "try_with_resources_statement" => &["java.lang.Throwable"],
        _ => &[],
    }
}

/// The superclass a type has without saying so.
fn implied_superclass(kind: &str) -> &'static str {
    match kind {
        "enum_declaration" => "java.lang.Enum",
        "record_declaration" => "java.lang.Record",
        "annotation_type_declaration" => "java.lang.annotation.Annotation",
        _ => "java.lang.Object",
    }
}

/// Reads a parsed Java file.
pub fn extract(root: Node<'_>, src: &[u8], facts: &mut FileFacts) {
    let mut stack: Vec<(Node<'_>, Place)> = vec![(root, Place::default())];
    // One cursor for every node's children: a cursor per node was an
    // allocation per node, a tenth of a large scan's time.
    let mut cursor = root.walk();
    let mut concatenations = Concatenations::default();
    while let Some((node, place)) = stack.pop() {
        let unit = place.unit;
        let kind = node.kind();
        match kind {
            "package_declaration" => {
                if let Some(name) = node.named_child(0) {
                    facts.namespace = text(name, src).to_string();
                }
                continue;
            }
            "import_declaration" => {
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
                    if kind == "annotation_type_declaration" {
                        declared.source_only = source_retention(node, src);
                    }
                    if node.field("superclass").is_none() {
                        declared.mention(implied_superclass(kind));
                    }
                    facts.units.push(declared);
                    unit = Some(facts.units.len() - 1);
                }
                Some(ix) => {
                    let nested = &mut facts.units[ix];
                    nested.nested.push(name);
                    if node.field("superclass").is_none() {
                        nested.mention(implied_superclass(kind));
                    }
                }
            }
            if let Some(ix) = unit {
                facts.units[ix]
                    .type_variables
                    .extend(type_variables(node, src));
            }
        }
        let place = Place { unit, ..place };
        let Some(ix) = unit else {
            push_children(node, place, &mut stack, &mut cursor);
            continue;
        };
        let current = &mut facts.units[ix];
        for name in implied(kind) {
            current.mention(name);
        }
        match kind {
            "type_identifier" => current.mention(text(node, src)),
            "scoped_type_identifier" => {
                let written = text(node, src);
                if !written.contains(['<', '@']) {
                    current.mention(&written.replace(char::is_whitespace, ""));
                    continue;
                }
            }
            "marker_annotation" | "annotation" => {
                if let Some(name) = node.field("name") {
                    current.mention(text(name, src));
                }
                if let Some(arguments) = node.field("arguments") {
                    stack.push((arguments, place));
                }
                continue;
            }
            "method_invocation" | "field_access" | "method_reference" => {
                receiver(node, src, current, place.receiver_object);
                // The outermost chain covers the calls and reads inside it.
                let whole = if node.kind() == "method_reference" {
                    node.named_child(0).and_then(|object| chain(object, src))
                } else if place.receiver_object {
                    None
                } else {
                    chain(node, src)
                };
                if let Some(links) = whole.filter(|l| l.len() > 1) {
                    current.chains.push(links);
                }
            }
            "method_declaration" => {
                if let Some(name) = node.field("name") {
                    let name = text(name, src);
                    let erasure = Erasure::of(node, src, current);
                    let returned = node
                        .field("type")
                        .map(|t| erasure.erase(strip_generics(text(t, src))).to_string());
                    let declared = parameters(node, src, &erasure);
                    if let Some(returned) = returned {
                        current.returns.insert(name.to_string(), returned);
                    }
                    current
                        .params
                        .entry(name.to_string())
                        .or_default()
                        .push(declared);
                }
            }
            "constructor_declaration" => {
                if let Some(name) = node.field("name") {
                    let declared = parameters(node, src, &Erasure::of(node, src, current));
                    current
                        .params
                        .entry(constructor_key(text(name, src)))
                        .or_default()
                        .push(declared);
                }
            }
            "object_creation_expression" => {
                if let Some(created) = node.field("type") {
                    current.constructed.push((
                        strip_generics(text(created, src)).to_string(),
                        argument_count(node),
                    ));
                }
            }
            "field_declaration" => {
                declared_variables(node, src, current);
                relation(node, src, current);
            }
            "local_variable_declaration" | "formal_parameter" | "catch_formal_parameter" => {
                declared_variables(node, src, current);
            }
            // A part of a concatenation read at its top: no need to ask again.
            "binary_expression" if place.in_concatenation => {
                push_children(node, place, &mut stack, &mut cursor);
                continue;
            }
            "binary_expression" if concatenations.contains(node, src) => {
                // A part of a longer concatenation: the whole one was read at its top.
                if !place.in_concatenation {
                    let joined = concatenation(node, src, &mut concatenations);
                    if looks_like_sql(&joined) {
                        current.sql.push(joined);
                    }
                }
                push_children(
                    node,
                    Place {
                        in_concatenation: true,
                        ..place
                    },
                    &mut stack,
                    &mut cursor,
                );
                continue;
            }
            "string_literal" => {
                if !place.in_concatenation {
                    let literal = string_content(node, src);
                    if looks_like_sql(&literal) {
                        current.sql.push(literal);
                    }
                }
                continue;
            }
            _ => {}
        }
        push_children(node, place, &mut stack, &mut cursor);
    }
    facts.units.retain(|u| !u.name.is_empty());
}

/// Pushes a node's children, each knowing whether it is the object of a
/// field access or method call (a concatenation's parts stay marked; a
/// parenthesis or call inside starts afresh).
fn push_children<'t>(
    node: Node<'t>,
    place: Place,
    stack: &mut Vec<(Node<'t>, Place)>,
    cursor: &mut TreeCursor<'t>,
) {
    let object = matches!(node.kind(), "field_access" | "method_invocation")
        .then(|| node.field("object").map(|o| o.id()))
        .flatten();
    let in_concatenation = place.in_concatenation && node.kind() == "binary_expression";
    // Pushed in order, then turned around: the first child is taken first.
    let start = stack.len();
    cursor.reset(node);
    if cursor.goto_first_child() {
        loop {
            let child = cursor.node();
            if child.is_named() {
                stack.push((
                    child,
                    Place {
                        unit: place.unit,
                        in_concatenation,
                        receiver_object: Some(child.id()) == object,
                    },
                ));
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    stack[start..].reverse();
}

/// `@Retention(RetentionPolicy.SOURCE)` on an annotation type: it is not in
/// the compiled classes, so using it is no dependency.
fn source_retention(node: Node<'_>, src: &[u8]) -> bool {
    modifiers(node, src).iter().any(|a| {
        a.name == "Retention"
            && a.values("value", "value")
                .iter()
                .any(|v| v.ends_with("SOURCE"))
    })
}

fn import(node: Node<'_>, src: &[u8]) -> Import {
    let mut cursor = node.walk();
    let mut path = String::new();
    let mut wildcard = false;
    let mut is_static = false;
    for child in node.children(&mut cursor) {
        match child.kind() {
            "identifier" | "scoped_identifier" => path = text(child, src).to_string(),
            "asterisk" => wildcard = true,
            "static" => is_static = true,
            _ => {}
        }
    }
    Import {
        wildcard,
        is_static,
        ..Import::of(path, node.start_position().row + 1)
    }
}

/// What a top-level type's header says: supertypes, and the annotations that
/// make it an entity, a repository, a controller or a servlet; its methods'
/// routes.
fn declare(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    for field in ["superclass", "interfaces"] {
        if let Some(list) = node.field(field) {
            supertypes(list, src, unit);
        }
    }
    // interface_declaration keeps `extends` in an `extends_interfaces` child.
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.kind() == "extends_interfaces" {
            supertypes(child, src, unit);
        }
    }
    let annotations = modifiers(node, src);
    let has = |name: &str| annotations.iter().any(|a| a.name == name);
    if has("Entity") {
        let table = annotations
            .iter()
            .find(|a| a.name == "Table")
            .and_then(|a| a.value("name"))
            .map(|t| t.to_string())
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
    let controller = has("RestController") || has("Controller") || has("Path");
    let prefix = annotations
        .iter()
        .find(|a| a.name == "RequestMapping" || a.name == "Path")
        .and_then(|a| a.values("value", "path").first().cloned())
        .unwrap_or_default();
    let servlet_urls: Vec<String> = annotations
        .iter()
        .find(|a| a.name == "WebServlet")
        .map(|a| a.values("value", "urlPatterns"))
        .unwrap_or_default();
    let is_servlet = !servlet_urls.is_empty()
        || unit
            .supers
            .iter()
            .any(|(name, _)| last_segment(name) == "HttpServlet");
    let Some(body) = node.field("body") else {
        return;
    };
    let mut cursor = body.walk();
    for member in body.named_children(&mut cursor) {
        if member.kind() != "method_declaration" {
            continue;
        }
        let name = member
            .field("name")
            .map(|n| text(n, src).to_string())
            .unwrap_or_default();
        let annotations = modifiers(member, src);
        if annotations.iter().any(|a| {
            matches!(
                a.name.as_str(),
                "Modifying" | "Insert" | "Update" | "Delete"
            )
        }) {
            unit.modifying = true;
        }
        if controller {
            routes(&annotations, &prefix, &mut unit.routes);
        }
        if is_servlet && let Some((_, method)) = SERVLET_METHODS.iter().find(|(m, _)| *m == name) {
            let urls = if servlet_urls.is_empty() {
                vec![String::new()]
            } else {
                servlet_urls.clone()
            };
            for url in urls {
                unit.routes.push(Route {
                    method: method.to_string(),
                    path: url,
                    handler: String::new(),
                });
            }
        }
        unit.methods.push(name);
    }
}

/// Spring MVC and JAX-RS routes of a method's annotations (Kotlin shares them).
pub(crate) fn routes(annotations: &[Annotation], prefix: &str, out: &mut Vec<Route>) {
    for annotation in annotations {
        let method = match annotation.name.as_str() {
            "RequestMapping" => {
                let methods = annotation.values("method", "method");
                if methods.is_empty() {
                    vec!["ANY".to_string()]
                } else {
                    methods
                        .iter()
                        .map(|m| last_segment(m).to_string())
                        .collect()
                }
            }
            name => match MAPPINGS.iter().find(|(n, _)| *n == name) {
                Some((_, method)) => vec![method.to_string()],
                None if JAX_RS.contains(&name) => {
                    let path = annotations
                        .iter()
                        .find(|a| a.name == "Path")
                        .and_then(|a| a.values("value", "value").first().cloned())
                        .unwrap_or_default();
                    out.push(Route {
                        method: name.to_string(),
                        path: join_path(prefix, &path),
                        handler: String::new(),
                    });
                    continue;
                }
                None => continue,
            },
        };
        let mut paths = annotation.values("value", "path");
        if paths.is_empty() {
            paths.push(String::new());
        }
        for m in &method {
            for path in &paths {
                out.push(Route {
                    method: m.clone(),
                    path: join_path(prefix, path),
                    handler: String::new(),
                });
            }
        }
    }
}

fn modifiers(node: Node<'_>, src: &[u8]) -> Vec<Annotation> {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .find(|c| c.kind() == "modifiers");
    found.map(|m| annotations_in(m, src)).unwrap_or_default()
}

fn supertypes(list: Node<'_>, src: &[u8], unit: &mut Unit) {
    let mut cursor = list.walk();
    let mut stack: Vec<Node<'_>> = list.named_children(&mut cursor).collect();
    while let Some(node) = stack.pop() {
        match node.kind() {
            "type_identifier" | "scoped_type_identifier" => {
                unit.supers.push((text(node, src).to_string(), Vec::new()));
            }
            "generic_type" => {
                let mut cursor = node.walk();
                let mut name = String::new();
                let mut arguments = Vec::new();
                for child in node.named_children(&mut cursor) {
                    match child.kind() {
                        "type_arguments" => {
                            let mut inner = child.walk();
                            arguments = child
                                .named_children(&mut inner)
                                .map(|a| strip_generics(text(a, src)).to_string())
                                .collect();
                        }
                        _ => name = text(child, src).to_string(),
                    }
                }
                unit.supers.push((name, arguments));
            }
            _ => {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
            }
        }
    }
}

/// `Foo.bar()`, `Foo.X`, `Foo::new`, `com.acme.Foo.bar()`: the receiver as a
/// name to resolve; `owners.save(…)`: a member call on a declared variable.
/// `inside_chain`: the node is itself the object of a longer chain.
fn receiver(node: Node<'_>, src: &[u8], unit: &mut Unit, inside_chain: bool) {
    let object = match node.kind() {
        "method_reference" => node.named_child(0),
        _ => node.field("object"),
    };
    let Some(object) = object else {
        return;
    };
    let written = text(object, src);
    match object.kind() {
        "identifier" if written.starts_with(is_upper) => unit.mention(written),
        "identifier" => {
            if node.kind() == "method_invocation"
                && let Some(method) = node.field("name")
            {
                unit.member_calls
                    .push((written.to_string(), text(method, src).to_string()));
            }
        }
        "field_access" if object.field("object").is_some_and(|o| o.kind() == "this") => {
            if node.kind() == "method_invocation"
                && let (Some(field), Some(method)) = (object.field("field"), node.field("name"))
            {
                unit.member_calls
                    .push((text(field, src).to_string(), text(method, src).to_string()));
            }
        }
        "field_access"
            if written.contains('.')
                && written.split('.').all(|s| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
                })
                && !written.starts_with(is_upper)
                && !inside_chain =>
        {
            unit.mention(written);
        }
        _ => {}
    }
}

/// The links of a receiver expression, when it is made of names, `this`,
/// calls and field reads only.
fn chain(node: Node<'_>, src: &[u8]) -> Option<Vec<Link>> {
    let mut links = Vec::new();
    let mut current = node;
    loop {
        match current.kind() {
            "identifier" => {
                let name = text(current, src).to_string();
                links.push(if name.starts_with(is_upper) {
                    Link::Type(name)
                } else {
                    Link::Var(name)
                });
                break;
            }
            // `super.m()`: the method is looked up from this type upwards.
            "this" | "super" => {
                links.push(Link::This);
                break;
            }
            "method_invocation" => {
                links.push(Link::Call {
                    name: text(current.field("name")?, src).to_string(),
                    arguments: argument_count(current),
                });
                match current.field("object") {
                    Some(object) => current = object,
                    None => {
                        links.push(Link::This);
                        break;
                    }
                }
            }
            "field_access" => {
                links.push(Link::Field(text(current.field("field")?, src).to_string()));
                current = current.field("object")?;
            }
            _ => return None,
        }
    }
    links.reverse();
    Some(links)
}

/// The key of a class's constructors in [`Unit::params`]: `new Order`.
pub(crate) fn constructor_key(class: &str) -> String {
    format!("new {class}")
}

/// How many arguments a call or `new` gives.
fn argument_count(node: Node<'_>) -> usize {
    node.field("arguments")
        .map_or(0, |arguments| arguments.named_child_count())
}

/// The type variables a class, interface, method or constructor declares,
/// each with its erasure: its first bound, or `Object`.
fn type_variables(node: Node<'_>, src: &[u8]) -> Vec<(String, String)> {
    let Some(list) = node.field("type_parameters") else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|p| p.kind() == "type_parameter")
        .filter_map(|parameter| {
            let mut inner = parameter.walk();
            let mut children = parameter.named_children(&mut inner);
            let name =
                children.find(|c| c.kind() == "type_identifier" || c.kind() == "identifier")?;
            let bound = children
                .find(|c| c.kind() == "type_bound")
                .and_then(|b| b.named_child(0))
                .map_or("Object", |b| strip_generics(text(b, src)));
            Some((text(name, src).to_string(), bound.to_string()))
        })
        .collect()
}

/// How a declaration's type variables erase in its descriptor: its own,
/// then those of the types of its unit.
struct Erasure<'u> {
    own: Vec<(String, String)>,
    unit: &'u FxHashMap<String, String>,
}

impl<'u> Erasure<'u> {
    fn of(node: Node<'_>, src: &[u8], unit: &'u Unit) -> Erasure<'u> {
        Erasure {
            own: type_variables(node, src),
            unit: &unit.type_variables,
        }
    }

    /// `T` → its bound; any other name as it is.
    fn erase<'a>(&'a self, name: &'a str) -> &'a str {
        self.own
            .iter()
            .find(|(variable, _)| variable == name)
            .map(|(_, bound)| bound.as_str())
            .or_else(|| self.unit.get(name).map(String::as_str))
            .unwrap_or(name)
    }
}

/// The parameters of a method or constructor declaration as its descriptor
/// names them: generics and array brackets dropped, type variables erased to
/// their bounds, primitives left out of the types.
fn parameters(node: Node<'_>, src: &[u8], erasure: &Erasure<'_>) -> Parameters {
    let mut found = Parameters::default();
    let Some(list) = node.field("parameters") else {
        return found;
    };
    let mut cursor = list.walk();
    for parameter in list.named_children(&mut cursor) {
        let declared = match parameter.kind() {
            "formal_parameter" => parameter.field("type"),
            // `Foo... rest`: the type is the named child before the declarator.
            "spread_parameter" => {
                found.varargs = true;
                let mut inner = parameter.walk();
                parameter
                    .named_children(&mut inner)
                    .find(|c| c.kind() != "modifiers" && c.kind() != "variable_declarator")
            }
            _ => continue,
        };
        found.arity += 1;
        let Some(declared) = declared else {
            continue;
        };
        if matches!(
            declared.kind(),
            "integral_type" | "floating_point_type" | "boolean_type"
        ) {
            continue;
        }
        let name = erasure.erase(strip_generics(text(declared, src)));
        if !name.is_empty() && !found.types.iter().any(|t| t == name) {
            found.types.push(name.to_string());
        }
    }
    found
}

fn declared_variables(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    let Some(declared) = node.field("type") else {
        return;
    };
    let type_name = strip_generics(text(declared, src)).to_string();
    if node.kind() == "formal_parameter" || node.kind() == "catch_formal_parameter" {
        if let Some(name) = node.field("name") {
            unit.vars.insert(text(name, src).to_string(), type_name);
        }
        return;
    }
    let mut cursor = node.walk();
    for declarator in node.children_by_field_name("declarator", &mut cursor) {
        if let Some(name) = declarator.field("name") {
            unit.vars
                .insert(text(name, src).to_string(), type_name.clone());
        }
    }
}

/// A JPA association on an entity's field.
fn relation(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    let annotations = modifiers(node, src);
    let Some(association) = annotations.iter().find(|a| {
        matches!(
            a.name.as_str(),
            "OneToMany" | "ManyToOne" | "OneToOne" | "ManyToMany" | "ElementCollection"
        )
    }) else {
        return;
    };
    let Some(declared) = node.field("type") else {
        return;
    };
    let target = element_type(declared, src);
    let join_table = annotations
        .iter()
        .find(|a| a.name == "JoinTable" || a.name == "CollectionTable")
        .and_then(|a| a.value("name"))
        .map(str::to_string);
    let cascade = !association.values("cascade", "cascade").is_empty()
        || association.name == "ElementCollection";
    if let Some(entity) = unit.entities.last_mut() {
        entity.relations.push(Relation {
            target,
            cascade,
            join_table,
            ..Relation::default()
        });
    }
}

/// `Set<Pet>` → `Pet`; `Owner` → `Owner`.
fn element_type(declared: Node<'_>, src: &[u8]) -> String {
    if declared.kind() == "generic_type" {
        let mut cursor = declared.walk();
        if let Some(arguments) = declared
            .named_children(&mut cursor)
            .find(|c| c.kind() == "type_arguments")
        {
            let mut inner = arguments.walk();
            if let Some(last) = arguments.named_children(&mut inner).last() {
                return strip_generics(text(last, src)).to_string();
            }
        }
    }
    strip_generics(text(declared, src)).to_string()
}

/// Which `+` expressions of a file join strings, each answered once: asked
/// afresh at every level of a long chain, the question made the walk
/// quadratic (a fifth of java.base's scan).
#[derive(Default)]
struct Concatenations(FxHashMap<usize, bool>);

impl Concatenations {
    /// Whether `node` is a `+` with a string literal among its operands (or
    /// their own `+` operands, through parentheses).
    fn contains(&mut self, node: Node<'_>, src: &[u8]) -> bool {
        if let Some(&known) = self.0.get(&node.id()) {
            return known;
        }
        let answer = node.field("operator").is_some_and(|o| text(o, src) == "+")
            && self.has_string_operand(node, src);
        self.0.insert(node.id(), answer);
        answer
    }

    fn has_string_operand(&mut self, node: Node<'_>, src: &[u8]) -> bool {
        for side in ["left", "right"] {
            let Some(operand) = node.field(side) else {
                continue;
            };
            let joins = match operand.kind() {
                "string_literal" => true,
                "binary_expression" => self.contains(operand, src),
                "parenthesized_expression" => operand.named_child(0).is_some_and(|inner| {
                    inner.kind() == "string_literal" || self.contains(inner, src)
                }),
                _ => false,
            };
            if joins {
                return true;
            }
        }
        false
    }
}

/// The text of a `+` chain: literals as they are, anything else as `?`.
fn concatenation(node: Node<'_>, src: &[u8], concatenations: &mut Concatenations) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(part) = stack.pop() {
        match part.kind() {
            "binary_expression" if concatenations.contains(part, src) => {
                for side in ["right", "left"] {
                    if let Some(operand) = part.field(side) {
                        stack.push(operand);
                    }
                }
            }
            "parenthesized_expression" => stack.extend(part.named_child(0)),
            "string_literal" => out.push_str(&string_content(part, src)),
            _ => out.push_str(" ? "),
        }
    }
    out
}

/// A literal's text without its quotes (`"…"` or a `"""…"""` text block).
fn string_content(node: Node<'_>, src: &[u8]) -> String {
    let written = text(node, src);
    let inner = written
        .strip_prefix("\"\"\"")
        .and_then(|s| s.strip_suffix("\"\"\""))
        .or_else(|| written.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
        .unwrap_or(written);
    inner.to_string()
}

pub(crate) fn last_segment(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}
