//! Python: the file is the unit. Read: `import` and `from … import` (relative
//! ones too); Django models (`models.Model` subclasses, `Meta.db_table`, else
//! `app_model`; `ForeignKey`/`OneToOneField`/`ManyToManyField` with its join
//! table) and querysets (`Model.objects…`, `get_object_or_404`, related
//! managers, `.save()`/`.delete()` on an instance); SQLAlchemy models
//! (`__tablename__`, `relationship`) and sessions (`query`, `select`, `add`,
//! `delete`); Django `path()`/`re_path()` routes, Flask and FastAPI route
//! decorators; SQL in string literals.

use rustc_hash::FxHashMap;
use tree_sitter::Node;

use super::{text, unquote};
use crate::facts::{Entity, FileFacts, Import, Relation, Route, Unit, join_path, snake_case};
use crate::sql::looks_like_sql;

/// Queryset methods that write.
const QUERYSET_WRITES: [&str; 7] = [
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
];

/// Reads a parsed Python file.
pub fn extract(root: Node<'_>, src: &[u8], facts: &mut FileFacts) {
    let app = django_app(&facts.path);
    let mut unit = Unit::default();
    let mut models = Models::default();
    // Variables bound to a model: `q = Question(...)`, `q = get_object_or_404(Question, …)`.
    let mut instances: FxHashMap<String, String> = FxHashMap::default();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    facts.imports.push(match name.kind() {
                        "aliased_import" => Import {
                            alias: name
                                .child_by_field_name("alias")
                                .map(|a| text(a, src).to_string()),
                            ..Import::of(
                                name.child_by_field_name("name")
                                    .map_or("", |n| text(n, src)),
                                line(node),
                            )
                        },
                        _ => Import::of(text(name, src), line(node)),
                    });
                }
                continue;
            }
            "import_from_statement" => {
                facts.imports.push(from_import(node, src));
                continue;
            }
            "comment" => continue,
            "class_definition" => {
                models.orm = orm(&facts.imports);
                model(node, src, &app, &mut models, &mut unit);
            }
            "call" => call(node, src, &mut unit, &instances),
            "assignment" => bind(node, src, &mut instances),
            "for_statement" => bind_loop(node, src, &mut instances),
            "decorator" => decorator_route(node, src, &mut unit),
            "string" | "concatenated_string" => {
                if node
                    .parent()
                    .is_none_or(|p| p.kind() != "concatenated_string")
                {
                    let literal = string_text(node, src);
                    if looks_like_sql(&literal) {
                        unit.sql.push(literal);
                    }
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

fn line(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

fn from_import(node: Node<'_>, src: &[u8]) -> Import {
    let module = node
        .child_by_field_name("module_name")
        .map_or("", |m| text(m, src))
        .replace(char::is_whitespace, "");
    let mut cursor = node.walk();
    let names: Vec<String> = node
        .children_by_field_name("name", &mut cursor)
        .map(|name| match name.kind() {
            "aliased_import" => name
                .child_by_field_name("name")
                .map_or("", |n| text(n, src))
                .to_string(),
            _ => text(name, src).to_string(),
        })
        .collect();
    let mut inner = node.walk();
    let wildcard = node
        .named_children(&mut inner)
        .any(|c| c.kind() == "wildcard_import");
    Import {
        wildcard,
        names,
        ..Import::of(module, line(node))
    }
}

/// The Django app a file belongs to: the folder holding `models.py` (or the
/// `models/` package).
fn django_app(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let folders = &segments[..segments.len().saturating_sub(1)];
    match folders.last() {
        Some(&"models") if folders.len() >= 2 => folders[folders.len() - 2].to_string(),
        Some(last) => last.to_string(),
        None => String::new(),
    }
}

/// Which ORM a file's imports bring in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Orm {
    #[default]
    None,
    Django,
    SqlAlchemy,
}

/// The model classes a file declared so far (abstract ones too), and its ORM.
#[derive(Default)]
struct Models {
    orm: Orm,
    classes: Vec<String>,
}

fn orm(imports: &[Import]) -> Orm {
    if imports.iter().any(|i| i.path.starts_with("django.db")) {
        Orm::Django
    } else if imports
        .iter()
        .any(|i| i.path.starts_with("sqlalchemy") || i.path.starts_with("flask_sqlalchemy"))
    {
        Orm::SqlAlchemy
    } else {
        Orm::None
    }
}

/// A Django or SQLAlchemy model class.
fn model(node: Node<'_>, src: &[u8], app: &str, models: &mut Models, unit: &mut Unit) {
    let Some(name) = node
        .child_by_field_name("name")
        .map(|n| text(n, src).to_string())
    else {
        return;
    };
    let supers = node
        .child_by_field_name("superclasses")
        .map_or("", |s| text(s, src));
    let Some(body) = node.child_by_field_name("body") else {
        return;
    };
    let parents: Vec<&str> = supers
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .map(|p| p.trim().rsplit('.').next().unwrap_or("").trim())
        .collect();
    // A model's superclass: the ORM's own, one declared above, or one named like a base model.
    let is_model = parents.iter().any(|p| {
        models.classes.iter().any(|c| c == p)
            || matches!(*p, "Model" | "Base" | "DeclarativeBase")
            || p.ends_with("Model")
            || p.ends_with("Base")
    });
    if !is_model || models.orm == Orm::None && !supers.contains("db.Model") {
        return;
    }
    models.classes.push(name.clone());
    let django = models.orm == Orm::Django;
    let mut table: Option<String> = None;
    let mut abstract_model = false;
    let mut relations = Vec::new();
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        let statement = if statement.kind() == "expression_statement" {
            statement.named_child(0).unwrap_or(statement)
        } else {
            statement
        };
        match statement.kind() {
            "assignment" => {
                let left = statement
                    .child_by_field_name("left")
                    .map_or("", |l| text(l, src));
                let Some(right) = statement.child_by_field_name("right") else {
                    continue;
                };
                if left == "__tablename__" {
                    table = Some(unquote(text(right, src)).to_string());
                } else if right.kind() == "call" {
                    relations.extend(relation(left, right, src, app, &name));
                }
            }
            "class_definition"
                if statement
                    .child_by_field_name("name")
                    .is_some_and(|n| text(n, src) == "Meta") =>
            {
                let meta = text(statement, src);
                abstract_model |=
                    meta.contains("abstract = True") || meta.contains("abstract=True");
                if let Some(body) = statement.child_by_field_name("body") {
                    let mut inner = body.walk();
                    for line in body.named_children(&mut inner) {
                        let assignment = line.named_child(0).unwrap_or(line);
                        if assignment.kind() == "assignment"
                            && assignment
                                .child_by_field_name("left")
                                .is_some_and(|l| text(l, src) == "db_table")
                            && let Some(right) = assignment.child_by_field_name("right")
                        {
                            table = Some(unquote(text(right, src)).to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // SQLAlchemy's declarative base itself maps no table.
    if abstract_model || !django && table.is_none() && !supers.contains("db.Model") {
        return;
    }
    let table = table.unwrap_or_else(|| {
        if django {
            format!("{app}_{}", name.to_ascii_lowercase())
        } else {
            snake_case(&name)
        }
    });
    unit.entities.push(Entity {
        name,
        table,
        relations,
    });
}

/// `owner = models.ForeignKey(Owner, …)`, `tags = models.ManyToManyField("Tag")`,
/// `pets = relationship("Pet", cascade="all")`.
fn relation(field: &str, call: Node<'_>, src: &[u8], app: &str, model: &str) -> Option<Relation> {
    let function = call
        .child_by_field_name("function")
        .map_or("", |f| text(f, src));
    let kind = function.rsplit('.').next().unwrap_or(function);
    let arguments = call.child_by_field_name("arguments")?;
    let first = arguments.named_child(0)?;
    let target = unquote(text(first, src));
    let target = target.rsplit('.').next().unwrap_or(target).to_string();
    let all = text(arguments, src);
    match kind {
        "ForeignKey" | "OneToOneField" => Some(Relation {
            target,
            cascade: false,
            join_table: None,
        }),
        "ManyToManyField" => Some(Relation {
            target,
            cascade: false,
            join_table: (!all.contains("through")).then(|| {
                format!(
                    "{app}_{}_{}",
                    model.to_ascii_lowercase(),
                    field.to_ascii_lowercase()
                )
            }),
        }),
        "relationship" => Some(Relation {
            target,
            cascade: all.contains("cascade"),
            join_table: None,
        }),
        _ => None,
    }
}

/// What a call says: queryset and session uses, instance writes, URL routes.
fn call(node: Node<'_>, src: &[u8], unit: &mut Unit, instances: &FxHashMap<String, String>) {
    let Some(function) = node.child_by_field_name("function") else {
        return;
    };
    let arguments = node.child_by_field_name("arguments");
    let first = arguments.and_then(|a| a.named_child(0));
    match function.kind() {
        "identifier" => {
            let name = text(function, src);
            match name {
                "get_object_or_404" | "get_list_or_404" => {
                    if let Some(model) = first {
                        unit.model_uses.push((text(model, src).to_string(), false));
                    }
                }
                "path" | "re_path" | "url" => {
                    if let (Some(route), Some(handler)) =
                        (first, arguments.and_then(|a| a.named_child(1)))
                        && route.kind() == "string"
                        && handler.kind() != "call"
                    {
                        unit.routes.push(Route {
                            method: "ANY".to_string(),
                            path: join_path("", &string_text(route, src)),
                            handler: text(handler, src).to_string(),
                        });
                    } else if let (Some(route), Some(handler)) =
                        (first, arguments.and_then(|a| a.named_child(1)))
                        && route.kind() == "string"
                        && handler.kind() == "call"
                        && handler
                            .child_by_field_name("function")
                            .is_some_and(|f| text(f, src).ends_with("as_view"))
                    {
                        unit.routes.push(Route {
                            method: "ANY".to_string(),
                            path: join_path("", &string_text(route, src)),
                            handler: text(
                                handler.child_by_field_name("function").unwrap_or(handler),
                                src,
                            )
                            .to_string(),
                        });
                    }
                }
                "select" => {
                    if let Some(model) = first.filter(|m| m.kind() == "identifier") {
                        unit.model_uses.push((text(model, src).to_string(), false));
                    }
                }
                _ => {}
            }
        }
        "attribute" => {
            let method = function
                .child_by_field_name("attribute")
                .map_or("", |a| text(a, src));
            let Some(object) = function.child_by_field_name("object") else {
                return;
            };
            // `Model.objects.filter(…).update(…)`: find `Model.objects` down the chain.
            let mut methods = vec![method];
            let mut current = object;
            loop {
                match current.kind() {
                    "call" => match current.child_by_field_name("function") {
                        Some(f) if f.kind() == "attribute" => {
                            methods.push(
                                f.child_by_field_name("attribute")
                                    .map_or("", |a| text(a, src)),
                            );
                            current = match f.child_by_field_name("object") {
                                Some(o) => o,
                                None => break,
                            };
                        }
                        _ => break,
                    },
                    "attribute" => {
                        let attribute = current
                            .child_by_field_name("attribute")
                            .map_or("", |a| text(a, src));
                        let owner = current.child_by_field_name("object");
                        if let Some(owner) = owner {
                            let writes = methods.iter().any(|m| QUERYSET_WRITES.contains(m));
                            if attribute == "objects"
                                || attribute == "query" && owner.kind() == "identifier"
                            {
                                unit.model_uses.push((text(owner, src).to_string(), writes));
                            } else if let Some(related) = attribute.strip_suffix("_set") {
                                unit.model_uses.push((related.to_string(), writes));
                            }
                        }
                        break;
                    }
                    _ => break,
                }
            }
            if methods.len() > 1 {
                return;
            }
            let receiver = text(object, src);
            let session = receiver.ends_with("session") || receiver == "db";
            match method {
                "save" | "delete" if object.kind() == "identifier" => {
                    if let Some(model) = instances.get(receiver) {
                        unit.model_uses.push((model.clone(), true));
                    }
                }
                "query" if session => {
                    if let Some(model) = first {
                        unit.model_uses.push((text(model, src).to_string(), false));
                    }
                }
                "add" | "add_all" | "delete" | "merge" if session => {
                    if let Some(argument) = first {
                        let model = match argument.kind() {
                            "call" => argument
                                .child_by_field_name("function")
                                .map(|f| text(f, src).to_string()),
                            "identifier" => instances.get(text(argument, src)).cloned(),
                            _ => None,
                        };
                        if let Some(model) = model {
                            unit.model_uses.push((model, true));
                        }
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// `q = Question(…)`, `q = Question.objects.get(…)`, `q = get_object_or_404(Question, …)`.
fn bind(node: Node<'_>, src: &[u8], instances: &mut FxHashMap<String, String>) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    if left.kind() != "identifier" || right.kind() != "call" {
        return;
    }
    let Some(function) = right.child_by_field_name("function") else {
        return;
    };
    let written = text(function, src);
    let model = if function.kind() == "identifier" && written.starts_with(char::is_uppercase) {
        Some(written.to_string())
    } else if written == "get_object_or_404" {
        right
            .child_by_field_name("arguments")
            .and_then(|a| a.named_child(0))
            .map(|m| text(m, src).to_string())
    } else if let Some((model, _)) = written.split_once(".objects") {
        Some(model.to_string())
    } else {
        written
            .split('.')
            .find_map(|part| part.strip_suffix("_set"))
            .map(str::to_string)
    };
    if let Some(model) = model {
        instances.insert(text(left, src).to_string(), model);
    }
}

/// `for item in TaggedItem.objects.filter(…)`, `for tag in tags` (tags bound to a model).
fn bind_loop(node: Node<'_>, src: &[u8], instances: &mut FxHashMap<String, String>) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    if left.kind() != "identifier" {
        return;
    }
    let written = text(right, src);
    let model = match right.kind() {
        "identifier" => instances.get(written).cloned(),
        _ => written
            .split_once(".objects")
            .map(|(model, _)| model.to_string())
            .filter(|m| {
                m.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            }),
    };
    if let Some(model) = model {
        instances.insert(text(left, src).to_string(), model);
    }
}

/// `@app.route("/x", methods=["POST"])`, `@router.get("/x")`.
fn decorator_route(node: Node<'_>, src: &[u8], unit: &mut Unit) {
    let Some(call) = node.named_child(0).filter(|c| c.kind() == "call") else {
        return;
    };
    let Some(function) = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")
    else {
        return;
    };
    let method = function
        .child_by_field_name("attribute")
        .map_or("", |a| text(a, src));
    let Some(path) = call
        .child_by_field_name("arguments")
        .and_then(|a| a.named_child(0))
        .filter(|p| p.kind() == "string")
        .map(|p| string_text(p, src))
    else {
        return;
    };
    if !path.starts_with('/') {
        return;
    }
    let methods: Vec<String> = match method {
        "route" => {
            let arguments = call
                .child_by_field_name("arguments")
                .map_or("", |a| text(a, src));
            let listed: Vec<String> = ["GET", "POST", "PUT", "DELETE", "PATCH"]
                .iter()
                .filter(|m| {
                    arguments.contains(&format!("'{m}'")) || arguments.contains(&format!("\"{m}\""))
                })
                .map(|m| m.to_string())
                .collect();
            if listed.is_empty() {
                vec!["GET".to_string()]
            } else {
                listed
            }
        }
        "get" | "post" | "put" | "delete" | "patch" => vec![method.to_ascii_uppercase()],
        _ => return,
    };
    for method in methods {
        unit.routes.push(Route {
            method,
            path: path.clone(),
            handler: String::new(),
        });
    }
}

/// A string's text without quotes; parts of an implicit concatenation joined.
fn string_text(node: Node<'_>, src: &[u8]) -> String {
    if node.kind() == "concatenated_string" {
        let mut cursor = node.walk();
        return node
            .named_children(&mut cursor)
            .map(|part| string_text(part, src))
            .collect::<Vec<_>>()
            .join("");
    }
    unquote(text(node, src)).to_string()
}
