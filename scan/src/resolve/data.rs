//! Which module reads and writes which table, from what the code says:
//!
//! * an ORM use of a model (`Owner.objects.filter`, `session.query(Owner)`,
//!   `getRepository(Owner).save`, a Spring Data repository of `Owner`) reads
//!   its table, and the tables of the entities it is associated with; a
//!   write writes its table, the tables its cascades reach and its join tables;
//! * a Spring Data repository writes when it declares a saving, deleting or
//!   `@Modifying` method, or when code calls `save…`/`delete…` on a variable
//!   declared with its type;
//! * SQL in string literals and in MyBatis mapper XML (`<mapper namespace>`
//!   names the module), JPQL entity names mapped to their tables.
//!
//! Routes: a servlet without `@WebServlet` takes its URL patterns from `web.xml`.

use rustc_hash::FxHashMap;

use super::{Project, Resolver, UnitAt};
use crate::facts::{Entity, Route};
use crate::files::SourceFile;
use crate::sql;

/// A module's use of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Access {
    pub module: String,
    pub table: String,
    pub writes: bool,
}

/// Methods that write through a repository or an ORM session.
pub(crate) fn is_write_method(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "save", "delete", "remove", "insert", "update", "persist", "merge", "create", "upsert",
        "add",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
}

/// Every entity, with where it is declared.
struct Entities<'a> {
    all: Vec<(UnitAt, &'a Entity)>,
    /// Lower-case entity names → table (JPQL names the entity, not the table).
    by_name: FxHashMap<String, String>,
    /// Model forms and factories → the model their `Meta.model` names.
    forms: FxHashMap<&'a str, &'a str>,
}

/// Where following a relation leads: a project entity, or one of Django's own models.
#[derive(Clone, Copy)]
enum Model<'a> {
    Declared(&'a Entity),
    Framework(&'static str),
}

/// One relation followed: the tables it reads, the table a write through it
/// writes, and the model it leads to.
struct Hop<'a> {
    reads: Vec<String>,
    written: String,
    next: Option<Model<'a>>,
}

impl<'a> Entities<'a> {
    fn new(project: &'a Project<'a>) -> Entities<'a> {
        let mut all = Vec::new();
        for (f, file) in project.files.iter().enumerate() {
            for (u, unit) in file.units.iter().enumerate() {
                for entity in &unit.entities {
                    all.push(((f, u), entity));
                }
            }
        }
        let mut by_name = FxHashMap::default();
        for (_, entity) in &all {
            by_name
                .entry(entity.name.to_ascii_lowercase())
                .or_insert_with(|| entity.table.clone());
        }
        let forms = project
            .files
            .iter()
            .flat_map(|file| &file.units)
            .flat_map(|unit| &unit.model_forms)
            .map(|(form, model)| (form.as_str(), model.as_str()))
            .collect();
        Entities {
            all,
            by_name,
            forms,
        }
    }

    /// The model a name written in `at` stands for: an entity, the model of a
    /// model form or factory, or one of Django's own (Python only).
    fn model(&self, resolver: &Resolver<'_>, at: UnitAt, name: &str) -> Option<Model<'a>> {
        // A variable named like a model (`task_list`): the one model of that name.
        if let Some(variable) = name.strip_prefix('~') {
            return self
                .only(|e| crate::facts::snake_case(&e.name) == variable)
                .map(|(_, e)| Model::Declared(e))
                .or_else(|| {
                    framework_model(&capitalised(variable))
                        .filter(|m| crate::facts::snake_case(m) == variable)
                        .map(Model::Framework)
                });
        }
        let simple = name.rsplit('.').next().unwrap_or(name);
        let name = self.forms.get(simple).copied().unwrap_or(name);
        match self.find(resolver, at, name) {
            Some(entity) => Some(Model::Declared(entity)),
            None => framework_model(name).map(Model::Framework),
        }
    }

    /// The model a relation's target names.
    fn target(&self, target: &str) -> Option<Model<'a>> {
        let simple = target.rsplit('.').next().unwrap_or(target);
        match self.all.iter().find(|(_, e)| e.name == simple) {
            Some((_, entity)) => Some(Model::Declared(entity)),
            None => framework_model(simple).map(Model::Framework),
        }
    }

    /// Following `field` from an instance of `model`.
    fn hop(&self, model: Model<'a>, field: &str) -> Option<Hop<'a>> {
        let table_of = |m: Model<'a>| match m {
            Model::Declared(entity) => entity.table.clone(),
            Model::Framework(name) => framework_table(name).unwrap_or(name).to_string(),
        };
        // A reverse relation: `task_list.task_set`, `group.user_set`.
        if let Some(related) = field.strip_suffix("_set") {
            let next = self
                .only(|e| e.name.eq_ignore_ascii_case(related))
                .map(|(_, e)| Model::Declared(e))
                .or_else(|| framework_model(&capitalised(related)).map(Model::Framework))?;
            if let (Model::Framework("Group"), Model::Framework("User")) = (model, next) {
                return Some(Hop {
                    reads: vec!["auth_user_groups".into(), "auth_user".into()],
                    written: "auth_user_groups".into(),
                    next: Some(next),
                });
            }
            let table = table_of(next);
            return Some(Hop {
                reads: vec![table.clone()],
                written: table,
                next: Some(next),
            });
        }
        match model {
            Model::Declared(entity) => {
                let relation = entity.relations.iter().find(|r| r.field == field)?;
                let next = self.target(&relation.target);
                let target = next.map(table_of);
                match &relation.join_table {
                    Some(join) => Some(Hop {
                        reads: std::iter::once(join.clone()).chain(target).collect(),
                        written: join.clone(),
                        next,
                    }),
                    None => {
                        let target = target?;
                        Some(Hop {
                            reads: vec![target.clone()],
                            written: target,
                            next,
                        })
                    }
                }
            }
            Model::Framework(name) => {
                let (join, target, next) = match (name, field) {
                    ("User", "groups") => ("auth_user_groups", "auth_group", "Group"),
                    ("User", "user_permissions") => (
                        "auth_user_user_permissions",
                        "auth_permission",
                        "Permission",
                    ),
                    ("Group", "permissions") => {
                        ("auth_group_permissions", "auth_permission", "Permission")
                    }
                    _ => return None,
                };
                Some(Hop {
                    reads: vec![join.into(), target.into()],
                    written: join.into(),
                    next: Some(Model::Framework(next)),
                })
            }
        }
    }

    /// The tables following `path` (`Task.task_list.group`) from an instance
    /// touches: every relation on the way is read; a write goes to the last
    /// one (a many-to-many's join table, the related table otherwise) and
    /// reads nothing more there.
    fn follow(
        &self,
        resolver: &Resolver<'_>,
        at: UnitAt,
        path: &str,
        writes: bool,
        out: &mut Vec<(String, bool)>,
    ) {
        let mut fields = path.split('.');
        let Some(head) = fields.next() else {
            return;
        };
        let Some(mut current) = self.model(resolver, at, head) else {
            return;
        };
        let fields: Vec<&str> = fields.collect();
        for (index, field) in fields.iter().enumerate() {
            // A model form's `self.instance` is an instance of its model.
            if index == 0 && *field == "instance" && self.forms.contains_key(head) {
                continue;
            }
            let Some(hop) = self.hop(current, field) else {
                return;
            };
            if writes && index + 1 == fields.len() {
                out.push((hop.written, true));
                return;
            }
            out.extend(hop.reads.into_iter().map(|table| (table, false)));
            match hop.next {
                Some(next) => current = next,
                None => return,
            }
        }
    }

    /// The join tables of a model's many-to-many fields (a model form saves them).
    fn join_tables(&self, resolver: &Resolver<'_>, at: UnitAt, form: &str) -> Vec<String> {
        let Some(model) = self.forms.get(form) else {
            return Vec::new();
        };
        match self.model(resolver, at, model) {
            Some(Model::Declared(entity)) => entity
                .relations
                .iter()
                .filter_map(|r| r.join_table.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The entity a model name written in `at` stands for.
    fn find(&self, resolver: &Resolver<'_>, at: UnitAt, name: &str) -> Option<&'a Entity> {
        let simple = name.rsplit('.').next().unwrap_or(name);
        let declared_in = resolver.name(at, name).unwrap_or(at);
        self.all
            .iter()
            .find(|(place, e)| *place == declared_in && e.name == simple)
            .or_else(|| self.only(|e| e.name == simple))
            // A Django related manager names its model in lower case (`choice_set`).
            .or_else(|| self.only(|e| e.name.eq_ignore_ascii_case(simple)))
            .map(|(_, e)| *e)
    }

    /// The one entity `test` picks out, if exactly one.
    fn only(&self, test: impl Fn(&Entity) -> bool) -> Option<&(UnitAt, &'a Entity)> {
        let mut named = self.all.iter().filter(|(_, e)| test(e));
        match (named.next(), named.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// The entity an EF Core set property (`Orders`) holds; its `[Table]` name wins.
    fn set(&self, property: &str) -> Option<&'a Entity> {
        let (_, held) = self.all.iter().find(|(_, e)| e.table == property)?;
        let named = self
            .all
            .iter()
            .find(|(_, e)| e.name == held.name && e.table != property);
        Some(named.map_or(*held, |(_, e)| *e))
    }

    /// The tables a use of `entity` touches: its own, and through its
    /// associations (all of them for reads, cascades for writes), join tables.
    fn reach(&self, entity: &'a Entity, writes: bool, out: &mut Vec<(String, bool)>) {
        let mut seen: Vec<&str> = Vec::new();
        let mut stack = vec![entity];
        out.push((entity.table.clone(), writes));
        while let Some(current) = stack.pop() {
            if seen.contains(&current.name.as_str()) {
                continue;
            }
            seen.push(&current.name);
            for relation in &current.relations {
                // A lazy relation is read only when the code follows it, and
                // written only through a cascade.
                if relation.lazy && (!writes || !relation.cascade) {
                    continue;
                }
                if let Some(join) = &relation.join_table {
                    out.push((join.clone(), writes));
                }
                if writes && !relation.cascade {
                    continue;
                }
                let simple = relation
                    .target
                    .rsplit('.')
                    .next()
                    .unwrap_or(&relation.target);
                if let Some((_, target)) = self.all.iter().find(|(_, e)| e.name == simple) {
                    out.push((target.table.clone(), writes));
                    stack.push(target);
                }
            }
        }
    }
}

/// The tables every module reads and writes, each (module, table) once, a
/// write winning over a read.
pub(crate) fn tables(
    project: &Project<'_>,
    resolver: &Resolver<'_>,
    descriptors: &[SourceFile],
) -> Vec<Access> {
    let entities = Entities::new(project);
    let prisma: Vec<(String, String)> = descriptors.iter().flat_map(prisma_models).collect();
    let mut uses: FxHashMap<(usize, String), bool> = FxHashMap::default();
    let mut note = |module: usize, table: String, writes: bool| {
        let seen = uses.entry((module, table)).or_insert(writes);
        *seen |= writes;
    };
    // Repositories (typed units that use a model) and who writes through them.
    let mut written: rustc_hash::FxHashSet<UnitAt> = rustc_hash::FxHashSet::default();
    for (f, file) in project.files.iter().enumerate() {
        for (u, unit) in file.units.iter().enumerate() {
            for (variable, method) in &unit.member_calls {
                if !is_write_method(method) {
                    continue;
                }
                let Some(declared) = unit.vars.get(variable) else {
                    continue;
                };
                if let Some(target) = resolver.name((f, u), declared) {
                    written.insert(target);
                }
            }
        }
    }
    for (f, file) in project.files.iter().enumerate() {
        let typed = project.languages[f].has_types();
        for (u, unit) in file.units.iter().enumerate() {
            let module = project.module_of[f][u];
            let repository_writes = unit.modifying
                || unit.methods.iter().any(|m| is_write_method(m))
                || written.contains(&(f, u));
            for (model, writes) in &unit.model_uses {
                if let Some(path) = model.strip_prefix("path:") {
                    let mut reached = Vec::new();
                    entities.follow(resolver, (f, u), path, *writes, &mut reached);
                    for (table, writes) in reached {
                        note(module, table, writes);
                    }
                    continue;
                }
                if let Some(form) = model.strip_prefix("m2m:") {
                    for table in entities.join_tables(resolver, (f, u), form) {
                        note(module, table, true);
                    }
                    continue;
                }
                let model = match model.strip_prefix("factory:") {
                    Some(factory) if entities.forms.contains_key(factory) => factory,
                    Some(_) => continue,
                    None => model,
                };
                if let Some(accessor) = model.strip_prefix("prisma:") {
                    if let Some((_, table)) = prisma.iter().find(|(a, _)| a == accessor) {
                        note(module, table.clone(), *writes);
                    }
                    continue;
                }
                let found = match model.strip_prefix("dbset:") {
                    Some(property) => entities.set(property),
                    None => match entities.model(resolver, (f, u), model) {
                        Some(Model::Declared(entity)) => Some(entity),
                        _ => None,
                    },
                };
                let Some(entity) = found else {
                    let model = entities.forms.get(model).copied().unwrap_or(model);
                    if project.languages[f] == crate::lang::Language::Python
                        && let Some(table) = framework_table(model)
                    {
                        note(module, table.to_string(), *writes);
                    }
                    continue;
                };
                let mut reached = Vec::new();
                entities.reach(entity, false, &mut reached);
                if *writes || (typed && repository_writes) {
                    entities.reach(entity, true, &mut reached);
                }
                for (table, writes) in reached {
                    note(module, table, writes);
                }
            }
            for text in &unit.sql {
                for access in sql::tables(text) {
                    let table = entities
                        .by_name
                        .get(&access.table)
                        .cloned()
                        .unwrap_or(access.table);
                    note(module, table, access.writes);
                }
            }
        }
    }
    for descriptor in descriptors {
        for (namespace, text) in mapper_statements(descriptor) {
            let Some(at) = resolver.qualified(&namespace) else {
                continue;
            };
            for access in sql::tables(&text) {
                note(project.module_of[at.0][at.1], access.table, access.writes);
            }
        }
    }
    let mut out: Vec<Access> = uses
        .into_iter()
        .map(|((module, table), writes)| Access {
            module: project.modules[module].clone(),
            table,
            writes,
        })
        .collect();
    out.sort_by(|a, b| (&a.module, &a.table).cmp(&(&b.module, &b.table)));
    out
}

/// One of the models Django's own apps bring, by its simple name.
fn framework_model(model: &str) -> Option<&'static str> {
    let simple = model.rsplit('.').next().unwrap_or(model);
    [
        "ContentType",
        "User",
        "Group",
        "Permission",
        "Session",
        "Site",
        "LogEntry",
    ]
    .into_iter()
    .find(|known| *known == simple)
}

/// `user` → `User`.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Tables of the models Django's own apps bring (Python only), when the
/// project does not declare a model of that name.
fn framework_table(model: &str) -> Option<&'static str> {
    let simple = model.rsplit('.').next().unwrap_or(model);
    Some(match simple {
        "ContentType" => "django_content_type",
        "User" => "auth_user",
        "Group" => "auth_group",
        "Permission" => "auth_permission",
        "Session" => "django_session",
        "Site" => "django_site",
        "LogEntry" => "django_admin_log",
        _ => return None,
    })
}

/// The models of a Prisma schema: (client accessor, table): `model OrderLine`
/// is `prisma.orderLine`, its table `OrderLine` unless `@@map("…")` names one.
fn prisma_models(descriptor: &SourceFile) -> Vec<(String, String)> {
    if !descriptor.path.ends_with(".prisma") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in descriptor.text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("model ") {
            let name = rest.trim_end_matches('{').trim().to_string();
            let mut accessor = name.clone();
            if let Some(first) = accessor.get(..1) {
                accessor.replace_range(..1, &first.to_ascii_lowercase());
            }
            current = Some((accessor, name));
        } else if let Some(rest) = line.strip_prefix("@@map(") {
            if let Some((_, table)) = current.as_mut() {
                *table = crate::lang::unquote(rest.trim_end_matches(')').trim()).to_string();
            }
        } else if line.starts_with('}') {
            out.extend(current.take());
        }
    }
    out
}

/// The SQL statements of a MyBatis mapper XML, with its namespace.
fn mapper_statements(descriptor: &SourceFile) -> Vec<(String, String)> {
    if !descriptor.path.ends_with(".xml") || !descriptor.text.contains("<mapper") {
        return Vec::new();
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(document) = roxmltree::Document::parse_with_options(&descriptor.text, options) else {
        return Vec::new();
    };
    let root = document.root_element();
    if root.tag_name().name() != "mapper" {
        return Vec::new();
    }
    let Some(namespace) = root.attribute("namespace") else {
        return Vec::new();
    };
    root.children()
        .filter(|n| {
            matches!(
                n.tag_name().name(),
                "select" | "insert" | "update" | "delete"
            )
        })
        .map(|statement| {
            let text: String = statement
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join(" ");
            (namespace.to_string(), text)
        })
        .collect()
}

/// The routes of the unit at `at`, servlet URLs filled in from `web.xml`.
pub(crate) fn routed(
    project: &Project<'_>,
    at: UnitAt,
    routes: &[Route],
    descriptors: &[SourceFile],
) -> Vec<Route> {
    if routes.iter().all(|r| !r.path.is_empty()) {
        return routes.to_vec();
    }
    let file = &project.files[at.0];
    let class = super::types::qualify(&file.namespace, &file.units[at.1].name);
    let urls: Vec<String> = descriptors
        .iter()
        .filter(|d| d.path.ends_with("web.xml"))
        .flat_map(|d| servlet_urls(&d.text, &class))
        .collect();
    let mut out = Vec::new();
    for route in routes {
        if !route.path.is_empty() || urls.is_empty() {
            out.push(route.clone());
            continue;
        }
        for url in &urls {
            out.push(Route {
                path: url.clone(),
                ..route.clone()
            });
        }
    }
    out
}

/// The `url-pattern`s `web.xml` maps to the servlet class `class`.
fn servlet_urls(text: &str, class: &str) -> Vec<String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(document) = roxmltree::Document::parse_with_options(text, options) else {
        return Vec::new();
    };
    let child_text = |node: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        node.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(|t| t.trim().to_string())
    };
    let names: Vec<String> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "servlet")
        .filter(|n| child_text(*n, "servlet-class").as_deref() == Some(class))
        .filter_map(|n| child_text(n, "servlet-name"))
        .collect();
    document
        .descendants()
        .filter(|n| n.tag_name().name() == "servlet-mapping")
        .filter(|n| child_text(*n, "servlet-name").is_some_and(|s| names.contains(&s)))
        .flat_map(|n| {
            n.children()
                .filter(|c| c.tag_name().name() == "url-pattern")
                .filter_map(|c| c.text())
                .map(|t| t.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapper_xml_names_its_statements() {
        let xml = SourceFile {
            path: "src/main/resources/OrderMapper.xml".into(),
            text: r#"<?xml version="1.0"?>
<!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
<mapper namespace="com.acme.OrderMapper">
  <select id="find">SELECT * FROM orders o JOIN lines l ON l.order_id = o.id <if test="x">WHERE o.x = #{x}</if></select>
  <insert id="add">INSERT INTO orders (id) VALUES (#{id})</insert>
</mapper>"#
                .into(),
        };
        let statements = mapper_statements(&xml);
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].0, "com.acme.OrderMapper");
        let tables: Vec<String> = sql::tables(&statements[0].1)
            .into_iter()
            .map(|a| a.table)
            .collect();
        assert_eq!(tables, ["orders", "lines"]);
    }

    #[test]
    fn web_xml_maps_servlets_to_urls() {
        let xml = "<web-app><servlet><servlet-name>orders</servlet-name><servlet-class>shop.OrderServlet</servlet-class></servlet>\
                   <servlet-mapping><servlet-name>orders</servlet-name><url-pattern>/orders/*</url-pattern></servlet-mapping></web-app>";
        assert_eq!(servlet_urls(xml, "shop.OrderServlet"), ["/orders/*"]);
        assert!(servlet_urls(xml, "shop.Other").is_empty());
    }
}
