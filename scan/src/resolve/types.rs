//! Names in Java, Kotlin and C#: a type's fully qualified name is its
//! namespace and name; a simple name resolves as the language does — the
//! unit's own and nested types, then single-type imports (and aliases), then
//! the same package or namespace (C#: and the enclosing ones), then on-demand
//! imports (`import a.*`, C# `using A;`), then (Java, Kotlin) `java.lang`; a
//! qualified name by itself or by its first segment. What resolves to no
//! project type is external.

use rustc_hash::FxHashMap;

use super::{Project, UnitAt};
use crate::facts::Link;
use crate::lang::Language;
use crate::lang::java::constructor_key;

/// Every project type by its qualified name (nested types too, to their unit).
pub(crate) struct TypeIndex {
    types: FxHashMap<String, UnitAt>,
}

impl TypeIndex {
    /// Indexes the typed units of `project`.
    pub fn new(project: &Project<'_>) -> TypeIndex {
        let mut types: FxHashMap<String, UnitAt> = FxHashMap::default();
        for (f, file) in project.files.iter().enumerate() {
            if !project.languages[f].has_types() {
                continue;
            }
            for (u, unit) in file.units.iter().enumerate() {
                let qualified = qualify(&file.namespace, &unit.name);
                for nested in &unit.nested {
                    types
                        .entry(format!("{qualified}.{nested}"))
                        .or_insert((f, u));
                }
                types.entry(qualified).or_insert((f, u));
            }
        }
        TypeIndex { types }
    }

    /// The unit of a fully qualified type name.
    pub fn get(&self, name: &str) -> Option<UnitAt> {
        self.types.get(name).copied()
    }

    /// What the unit at `at` depends on: its mentions resolved, with their counts.
    pub fn dependencies(&self, project: &Project<'_>, at: UnitAt) -> Vec<(UnitAt, u32)> {
        let file = &project.files[at.0];
        let unit = &file.units[at.1];
        let mut found: FxHashMap<UnitAt, u32> = FxHashMap::default();
        for (name, &count) in &unit.refs {
            if let Some(target) = self.resolve(project, at, name) {
                *found.entry(target).or_default() += count;
            }
        }
        for (variable, _) in &unit.member_calls {
            if let Some(target) = self.member(project, at, variable, Member::Field) {
                *found.entry(target).or_default() += 1;
            }
        }
        for links in &unit.chains {
            for target in self.chain(project, at, links) {
                *found.entry(target).or_default() += 1;
            }
        }
        for (created, arguments) in &unit.constructed {
            if let Some(class) = self.resolve(project, at, created) {
                let key = constructor_key(created.rsplit('.').next().unwrap_or(created));
                for target in self.parameters(project, class, &key, *arguments) {
                    *found.entry(target).or_default() += 1;
                }
            }
        }
        // Static imports (Java) and Kotlin's imported functions name their class.
        for import in file.imports.iter().filter(|i| i.is_static) {
            let owner = if import.wildcard {
                Some(import.path.as_str())
            } else {
                import.path.rsplit_once('.').map(|(owner, _)| owner)
            };
            if let Some(&target) = owner.and_then(|o| self.types.get(o)) {
                *found.entry(target).or_default() += 1;
            }
        }
        found.remove(&at);
        found.retain(|target, _| !project.files[target.0].units[target.1].source_only);
        let mut out: Vec<(UnitAt, u32)> = found.into_iter().collect();
        out.sort_unstable();
        out
    }

    /// The types a receiver chain goes through, from declarations: a
    /// variable's declared type (a field of a supertype too), each call's
    /// declared return type, each field's declared type.
    fn chain(&self, project: &Project<'_>, at: UnitAt, links: &[Link]) -> Vec<UnitAt> {
        let mut passed = Vec::new();
        let mut current: Option<UnitAt> = None;
        for link in links {
            let next = match (link, current) {
                (Link::This, _) => Some(at),
                (Link::Var(name), _) => self.member(project, at, name, Member::Field),
                (Link::Type(name), _) => self.resolve(project, at, name),
                (Link::Call { name, arguments }, Some(on)) => {
                    let declared = self.declaring(project, on, name, Member::Method);
                    if let Some((owner, _)) = declared {
                        passed.extend(self.parameters(project, owner, name, *arguments));
                    }
                    declared.and_then(|(owner, returned)| self.resolve(project, owner, returned))
                }
                (Link::Field(name), Some(on)) => self.member(project, on, name, Member::Field),
                _ => None,
            };
            let Some(next) = next else {
                break;
            };
            if !matches!(link, Link::This) {
                passed.push(next);
            }
            current = Some(next);
        }
        passed
    }

    /// The declared type of a field or a method's return in the unit `on`,
    /// or in its project supertypes.
    fn member(
        &self,
        project: &Project<'_>,
        on: UnitAt,
        name: &str,
        member: Member,
    ) -> Option<UnitAt> {
        let (owner, declared) = self.declaring(project, on, name, member)?;
        self.resolve(project, owner, declared)
    }

    /// The project types among the parameters of `method` as the unit
    /// `owner` declares it, for a call with `arguments` arguments: those all
    /// its overloads of that many parameters share (which one is called is
    /// not known without the arguments' types).
    fn parameters(
        &self,
        project: &Project<'_>,
        owner: UnitAt,
        method: &str,
        arguments: usize,
    ) -> Vec<UnitAt> {
        let Some(overloads) = project.files[owner.0].units[owner.1].params.get(method) else {
            return Vec::new();
        };
        let mut candidates = overloads.iter().filter(|p| p.accepts(arguments));
        let Some(first) = candidates.next() else {
            return Vec::new();
        };
        let mut shared: Vec<&String> = first.types.iter().collect();
        for other in candidates {
            shared.retain(|t| other.types.contains(t));
        }
        shared
            .into_iter()
            .filter_map(|written| self.resolve(project, owner, written))
            .collect()
    }

    /// The unit that declares a field or method `name` seen from `on` (it
    /// or one of its project supertypes), with the type it declares, as
    /// written there.
    fn declaring<'p>(
        &self,
        project: &'p Project<'_>,
        on: UnitAt,
        name: &str,
        member: Member,
    ) -> Option<(UnitAt, &'p str)> {
        let mut seen: Vec<UnitAt> = Vec::new();
        let mut queue = vec![on];
        while let Some(at) = queue.pop() {
            if seen.contains(&at) || seen.len() > 8 {
                continue;
            }
            seen.push(at);
            let unit = &project.files[at.0].units[at.1];
            let declared = match member {
                Member::Field => unit.vars.get(name),
                Member::Method => unit.returns.get(name),
            };
            if let Some(declared) = declared {
                return Some((at, declared.as_str()));
            }
            for (supertype, _) in &unit.supers {
                if let Some(parent) = self.resolve(project, at, supertype) {
                    queue.push(parent);
                }
            }
        }
        None
    }

    /// The unit a type name written in `at` stands for.
    pub fn resolve(&self, project: &Project<'_>, at: UnitAt, name: &str) -> Option<UnitAt> {
        let name = name.trim_start_matches("global::").trim_end_matches('?');
        if let Some((first, _)) = name.split_once('.') {
            if let Some(&target) = self.types.get(name) {
                return Some(target);
            }
            if let Some(target) = self.simple(project, at, first) {
                return Some(target);
            }
            // `com.acme.Foo.bar`: the longest prefix that is a type.
            let mut prefix = name;
            while let Some((shorter, _)) = prefix.rsplit_once('.') {
                if let Some(&target) = self.types.get(shorter) {
                    return Some(target);
                }
                prefix = shorter;
            }
            return None;
        }
        self.simple(project, at, name)
    }

    fn simple(&self, project: &Project<'_>, at: UnitAt, name: &str) -> Option<UnitAt> {
        let file = &project.files[at.0];
        let unit = &file.units[at.1];
        if unit.name == name || unit.nested.iter().any(|n| n == name) {
            return Some(at);
        }
        if let Some(other) = file
            .units
            .iter()
            .position(|u| u.name == name || u.nested.iter().any(|n| n == name))
        {
            return Some((at.0, other));
        }
        for import in file.imports.iter().filter(|i| !i.wildcard && !i.is_static) {
            let imported = import.path.rsplit('.').next().unwrap_or(&import.path);
            if ((imported == name && import.names.is_empty())
                || import.names.iter().any(|n| n == name))
                && let Some(&target) = self.types.get(&import.path)
            {
                return Some(target);
            }
        }
        let language = project.languages[at.0];
        let mut namespace = file.namespace.as_str();
        loop {
            if let Some(&target) = self.types.get(&qualify(namespace, name)) {
                return Some(target);
            }
            // C# sees the enclosing namespaces too.
            match (language, namespace.rsplit_once('.')) {
                (Language::CSharp, Some((outer, _))) => namespace = outer,
                (Language::CSharp, None) if !namespace.is_empty() => namespace = "",
                _ => break,
            }
        }
        for import in file.imports.iter().filter(|i| i.wildcard) {
            if let Some(&target) = self.types.get(&qualify(&import.path, name)) {
                return Some(target);
            }
        }
        // Java (and Kotlin on the JVM) see `java.lang` without an import: it
        // matters when the scanned code is the JDK's own.
        if matches!(language, Language::Java | Language::Kotlin) {
            return self.types.get(&qualify("java.lang", name)).copied();
        }
        None
    }
}

/// What a chain link asks of a type.
#[derive(Clone, Copy)]
enum Member {
    Field,
    Method,
}

/// `com.acme` + `Order` → `com.acme.Order`; no namespace → `Order`.
pub(crate) fn qualify(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}
