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

use super::{Fields, text, unquote};
use crate::facts::{Entity, FileFacts, Import, Relation, Route, Unit, join_path, snake_case};
use crate::sql::looks_like_sql;

/// Queryset methods that write.
const QUERYSET_WRITES: [&str; 9] = [
    "create",
    "create_user",
    "create_superuser",
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
    // Each node with whether it is a link inside a longer chain (`a.b` in `a.b.c()`).
    let mut stack = vec![(root, false)];
    while let Some((node, link)) = stack.pop() {
        match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    facts.imports.push(match name.kind() {
                        "aliased_import" => Import {
                            alias: name.field("alias").map(|a| text(a, src).to_string()),
                            ..Import::of(
                                name.field("name").map_or("", |n| text(n, src)),
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
                let declared = models.classes.len();
                model(node, src, &app, &mut models, &mut unit);
                bind_self(node, src, &models, declared, &mut unit, &mut instances);
            }
            "call" => {
                call(node, src, &mut unit, &instances);
                if !link {
                    follow(node, src, django(&facts.imports), &mut unit, &instances);
                }
            }
            "attribute" if !link => {
                follow(node, src, django(&facts.imports), &mut unit, &instances)
            }
            "assignment" => bind(node, src, &mut instances),
            "for_statement" => bind_loop(node, src, &mut instances),
            // A comprehension's variable is bound before its body is read.
            "generator_expression"
            | "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension" => {
                let mut cursor = node.walk();
                for clause in node.named_children(&mut cursor) {
                    if clause.kind() == "for_in_clause" {
                        bind_loop(clause, src, &mut instances);
                    }
                }
            }
            "decorator" => decorator_route(node, src, &mut unit),
            // A concatenation is read whole; its parts are not visited.
            "string" | "concatenated_string" => {
                let literal = string_text(node, src);
                if looks_like_sql(&literal) {
                    unit.sql.push(literal);
                }
                continue;
            }
            _ => {}
        }
        let inner = match node.kind() {
            "attribute" => node.field("object"),
            "call" => node.field("function"),
            _ => None,
        }
        .map(|n| n.id());
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        stack.extend(
            children
                .into_iter()
                .rev()
                .map(|child| (child, Some(child.id()) == inner)),
        );
    }
    facts.units.push(unit);
}

fn line(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

fn from_import(node: Node<'_>, src: &[u8]) -> Import {
    let module = node
        .field("module_name")
        .map_or("", |m| text(m, src))
        .replace(char::is_whitespace, "");
    let mut cursor = node.walk();
    let names: Vec<String> = node
        .children_by_field_name("name", &mut cursor)
        .map(|name| match name.kind() {
            "aliased_import" => name.field("name").map_or("", |n| text(n, src)).to_string(),
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
    let Some(name) = node.field("name").map(|n| text(n, src).to_string()) else {
        return;
    };
    let supers = node.field("superclasses").map_or("", |s| text(s, src));
    let Some(body) = node.field("body") else {
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
                let left = statement.field("left").map_or("", |l| text(l, src));
                let Some(right) = statement.field("right") else {
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
                    .field("name")
                    .is_some_and(|n| text(n, src) == "Meta") =>
            {
                let meta = text(statement, src);
                abstract_model |=
                    meta.contains("abstract = True") || meta.contains("abstract=True");
                if let Some(body) = statement.field("body") {
                    let mut inner = body.walk();
                    for line in body.named_children(&mut inner) {
                        let assignment = line.named_child(0).unwrap_or(line);
                        if assignment.kind() == "assignment"
                            && assignment
                                .field("left")
                                .is_some_and(|l| text(l, src) == "db_table")
                            && let Some(right) = assignment.field("right")
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
    let function = call.field("function").map_or("", |f| text(f, src));
    let kind = function.rsplit('.').next().unwrap_or(function);
    let arguments = call.field("arguments")?;
    let first = arguments.named_child(0)?;
    let target = model_name(named(first, src));
    let target = target.rsplit('.').next().unwrap_or(&target).to_string();
    let all = text(arguments, src);
    // SQLAlchemy loads a relationship with its parent when told to.
    let compact = all.replace([' ', '\'', '"'], "");
    let eager = [
        "lazy=joined",
        "lazy=selectin",
        "lazy=subquery",
        "lazy=immediate",
    ]
    .iter()
    .any(|l| compact.contains(l));
    let related = |cascade: bool, join_table: Option<String>| Relation {
        target: target.clone(),
        cascade,
        join_table,
        field: field.to_string(),
        lazy: !eager,
    };
    match kind {
        "ForeignKey" | "OneToOneField" => Some(related(false, None)),
        "ManyToManyField" => Some(related(
            false,
            (!all.contains("through")).then(|| {
                format!(
                    "{app}_{}_{}",
                    model.to_ascii_lowercase(),
                    field.to_ascii_lowercase()
                )
            }),
        )),
        "relationship" => Some(related(all.contains("cascade"), None)),
        _ => None,
    }
}

/// A name as written: a string's content (`"Tag"`, `"app.Tag"`) or the expression itself.
fn named<'s>(node: Node<'_>, src: &'s [u8]) -> &'s str {
    match node.kind() {
        "string" => unquote(text(node, src)),
        _ => text(node, src),
    }
}

/// A model as written, with the ways Django names its user model made `User`.
fn model_name(written: &str) -> String {
    match written {
        "settings.AUTH_USER_MODEL" | "AUTH_USER_MODEL" | "get_user_model()" => "User".to_string(),
        other => other.to_string(),
    }
}

/// A link of an expression chain: an attribute, or a call of what came before.
#[derive(Clone, Copy)]
enum Step<'a> {
    Attribute(&'a str),
    Call,
}

/// Links followed at most: longer chains (generated fluent code) are cut.
const MAX_STEPS: usize = 64;

/// `a.b(x).c` → `a` and [b, call, c]; `None` past [`MAX_STEPS`].
fn flatten<'a>(node: Node<'a>, src: &'a [u8]) -> Option<(Node<'a>, Vec<Step<'a>>)> {
    let mut steps = Vec::new();
    let mut current = node;
    loop {
        if steps.len() > MAX_STEPS {
            return None;
        }
        match current.kind() {
            "attribute" => {
                let (Some(object), Some(attribute)) =
                    (current.field("object"), current.field("attribute"))
                else {
                    break;
                };
                steps.push(Step::Attribute(text(attribute, src)));
                current = object;
            }
            "call" => {
                let Some(function) = current.field("function") else {
                    break;
                };
                steps.push(Step::Call);
                current = function;
            }
            _ => break,
        }
    }
    steps.reverse();
    Some((current, steps))
}

/// Whether a file's imports bring in Django (its user model, its conventions).
fn django(imports: &[Import]) -> bool {
    imports.iter().any(|i| i.path.starts_with("django"))
}

/// Methods that write through a relation (`task.assigned_to.add(user)`) or
/// through the instance itself.
const RELATION_WRITES: [&str; 11] = [
    "add",
    "remove",
    "set",
    "clear",
    "create",
    "update",
    "delete",
    "save",
    "get_or_create",
    "update_or_create",
    "bulk_create",
];

/// Relations followed from a model instance (`task.task_list.group`,
/// `request.user.groups.all()`, `self.author`), and `super().save()` in a model.
fn follow(
    node: Node<'_>,
    src: &[u8],
    django: bool,
    unit: &mut Unit,
    instances: &FxHashMap<String, String>,
) {
    let Some((root, steps)) = flatten(node, src) else {
        return;
    };
    if root.kind() != "identifier" {
        return;
    }
    let name = text(root, src);
    let field = |at: usize| match steps.get(at) {
        Some(Step::Attribute(field)) => instances.get(&format!("{name}.{field}")),
        _ => None,
    };
    let (model, start) = match (name, steps.first()) {
        ("request", Some(Step::Attribute("user"))) if django => ("User".to_string(), 1),
        // `self.task = get_object_or_404(Task, …)` earlier in the class.
        ("self", _) if field(0).is_some() => (field(0).cloned().unwrap_or_default(), 1),
        ("get_user_model", Some(Step::Call)) if django => ("User".to_string(), 1),
        ("super", Some(Step::Call)) => {
            if let (Some(model), Some(Step::Attribute("save" | "delete"))) =
                (instances.get("self"), steps.get(1))
            {
                unit.model_uses.push((model.clone(), true));
            }
            return;
        }
        _ => match instances.get(name) {
            Some(model) => (model.clone(), 0),
            // An untyped name (a parameter) named like a model, `task_list`
            // for `TaskList`, `user` for Django's `User`: taken as one.
            None if django && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                (format!("~{name}"), 0)
            }
            None => return,
        },
    };
    let mut path: Vec<&str> = Vec::new();
    let mut methods: Vec<&str> = Vec::new();
    for (at, step) in steps.iter().enumerate().skip(start) {
        match (step, steps.get(at + 1)) {
            (Step::Attribute(attribute), Some(Step::Call)) => methods.push(attribute),
            (Step::Attribute(attribute), _) if methods.is_empty() => path.push(attribute),
            _ => {}
        }
    }
    // `Model.objects…` and `x.y_set…` from a bare name are read by `call`.
    if path.is_empty()
        || path[0] == "objects"
        || start == 0 && path.len() == 1 && path[0].ends_with("_set")
    {
        return;
    }
    let writes = methods.iter().any(|m| RELATION_WRITES.contains(m));
    unit.model_uses
        .push((format!("path:{model}.{}", path.join(".")), writes));
}

/// `self` in a class: the model of a model class, the form or factory class
/// of one whose `Meta.model` names a model (recorded), nothing otherwise.
fn bind_self(
    node: Node<'_>,
    src: &[u8],
    models: &Models,
    declared_before: usize,
    unit: &mut Unit,
    instances: &mut FxHashMap<String, String>,
) {
    let Some(name) = node
        .field("name")
        .map(|n| text(n, src).to_string())
        .filter(|n| n != "Meta")
    else {
        return;
    };
    // A class inside another one (`class Status(TextChoices)` in a model)
    // leaves the outer class's `self` as it is.
    let top_level = node.parent().is_some_and(|p| {
        p.kind() == "module"
            || p.kind() == "decorated_definition"
                && p.parent().is_some_and(|g| g.kind() == "module")
    });
    let model = if models.classes.len() > declared_before {
        Some(name.clone())
    } else {
        meta_model(node, src).map(|model| {
            unit.model_forms.push((name.clone(), model));
            name.clone()
        })
    };
    if model.is_none() && !top_level {
        return;
    }
    instances.retain(|key, _| key != "self" && !key.starts_with("self."));
    if let Some(model) = model {
        instances.insert("self".to_string(), model);
    }
}

/// `class Meta: model = Task` inside a class.
fn meta_model(node: Node<'_>, src: &[u8]) -> Option<String> {
    let body = node.field("body")?;
    let mut cursor = body.walk();
    let meta = body.named_children(&mut cursor).find(|c| {
        c.kind() == "class_definition" && c.field("name").is_some_and(|n| text(n, src) == "Meta")
    })?;
    let meta_body = meta.field("body")?;
    let mut inner = meta_body.walk();
    meta_body.named_children(&mut inner).find_map(|line| {
        let assignment = line.named_child(0).unwrap_or(line);
        (assignment.kind() == "assignment"
            && assignment
                .field("left")
                .is_some_and(|l| text(l, src) == "model"))
        .then(|| assignment.field("right"))
        .flatten()
        .map(|right| model_name(named(right, src)))
    })
}

/// What a call says: queryset and session uses, instance writes, URL routes.
fn call(node: Node<'_>, src: &[u8], unit: &mut Unit, instances: &FxHashMap<String, String>) {
    let Some(function) = node.field("function") else {
        return;
    };
    let arguments = node.field("arguments");
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
                            .field("function")
                            .is_some_and(|f| text(f, src).ends_with("as_view"))
                    {
                        unit.routes.push(Route {
                            method: "ANY".to_string(),
                            path: join_path("", &string_text(route, src)),
                            handler: text(handler.field("function").unwrap_or(handler), src)
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
            let method = function.field("attribute").map_or("", |a| text(a, src));
            let Some(object) = function.field("object") else {
                return;
            };
            // `Model.objects.filter(…).update(…)`: find `Model.objects` down the chain.
            let mut methods = vec![method];
            let mut current = object;
            loop {
                match current.kind() {
                    "call" => match current.field("function") {
                        Some(f) if f.kind() == "attribute" => {
                            methods.push(f.field("attribute").map_or("", |a| text(a, src)));
                            current = match f.field("object") {
                                Some(o) => o,
                                None => break,
                            };
                        }
                        _ => break,
                    },
                    "attribute" => {
                        let attribute = current.field("attribute").map_or("", |a| text(a, src));
                        let owner = current.field("object");
                        if let Some(owner) = owner {
                            let writes = methods.iter().any(|m| QUERYSET_WRITES.contains(m));
                            if attribute == "objects"
                                || attribute == "query" && owner.kind() == "identifier"
                            {
                                unit.model_uses.push((model_name(text(owner, src)), writes));
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
                    // A model form saved with `commit=False` writes nothing yet.
                    let deferred = arguments
                        .is_some_and(|a| text(a, src).replace(' ', "").contains("commit=False"));
                    if let Some(model) = instances.get(receiver).filter(|_| !deferred) {
                        unit.model_uses.push((model.clone(), true));
                        if method == "save" {
                            unit.model_uses.push((format!("m2m:{model}"), true));
                        }
                    }
                }
                // A model factory makes rows (`TaskListFactory.create_batch(3)`).
                "create" | "create_batch"
                    if object.kind() == "identifier"
                        && receiver.starts_with(char::is_uppercase) =>
                {
                    unit.model_uses.push((format!("factory:{receiver}"), true));
                }
                "query" if session => {
                    if let Some(model) = first {
                        unit.model_uses.push((text(model, src).to_string(), false));
                    }
                }
                "add" | "add_all" | "delete" | "merge" if session => {
                    if let Some(argument) = first {
                        let model = match argument.kind() {
                            "call" => argument.field("function").map(|f| text(f, src).to_string()),
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
    let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
        return;
    };
    // `obj, created = Task.objects.get_or_create(…)`: the first name is the instance.
    let left = match left.kind() {
        "pattern_list" | "tuple_pattern" => match left.named_child(0) {
            Some(first) => first,
            None => return,
        },
        _ => left,
    };
    let bound = match left.kind() {
        "identifier" => true,
        // `self.task = …`: remembered as `self.task`.
        "attribute" => text(left, src).starts_with("self."),
        _ => false,
    };
    if !bound {
        return;
    }
    if text(right, src) == "request.user" {
        instances.insert(text(left, src).to_string(), "User".to_string());
        return;
    }
    if right.kind() != "call" {
        return;
    }
    let Some(function) = right.field("function") else {
        return;
    };
    let written = text(function, src);
    // `task = form.save(commit=False)`: an instance of the form's model.
    if let Some((receiver, "save")) = written.split_once('.')
        && let Some(form) = instances.get(receiver).cloned()
    {
        instances.insert(text(left, src).to_string(), form);
        return;
    }
    let model = if function.kind() == "identifier" && written.starts_with(char::is_uppercase) {
        Some(written.to_string())
    } else if written == "get_object_or_404" {
        right
            .field("arguments")
            .and_then(|a| a.named_child(0))
            .map(|m| text(m, src).to_string())
    } else if let Some((model, _)) = written.split_once(".objects") {
        Some(model_name(model))
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
    let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
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
            .map(|(model, _)| model_name(model))
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
    let Some(function) = call.field("function").filter(|f| f.kind() == "attribute") else {
        return;
    };
    let method = function.field("attribute").map_or("", |a| text(a, src));
    let Some(path) = call
        .field("arguments")
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
            let arguments = call.field("arguments").map_or("", |a| text(a, src));
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
