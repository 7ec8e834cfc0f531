//! What one source file says, read by its language's extractor before any name
//! is resolved across the project: the code units it declares, the names they
//! mention, the SQL they carry, the tables their framework maps, the routes
//! they serve.

use rustc_hash::FxHashMap;

/// The facts of one file.
#[derive(Debug, Default)]
pub struct FileFacts {
    /// The file's path below the scanned root, with `/` separators.
    pub path: String,
    /// Lines in the file.
    pub lines: usize,
    /// The Java/Kotlin package, C# namespace or Go package clause; empty when
    /// the language has none.
    pub namespace: String,
    /// What the file imports, in source order.
    pub imports: Vec<Import>,
    /// The units the file declares: top-level types (Java, Kotlin, C#) or one
    /// unnamed unit standing for the file itself.
    pub units: Vec<Unit>,
    /// Lines where the parser met syntax it could not read.
    pub broken: Vec<usize>,
}

/// One import, use or include.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// What is imported as written: a dotted name, a module path or a relative file path.
    pub path: String,
    /// `import a.b.*` (or a Python `from a import *`).
    pub wildcard: bool,
    /// `import static` (Java) or a name imported from a module (Python `from a import b`:
    /// `path` is `a`, the names are in `names`).
    pub is_static: bool,
    /// Names imported from `path` (Python `from a import b, c`; TS/JS named imports).
    pub names: Vec<String>,
    /// The name the import binds instead of its own (`import a.b as c`,
    /// Go `import c "a/b"`).
    pub alias: Option<String>,
    /// The 1-based line.
    pub line: usize,
}

impl Import {
    /// An import of `path` at `line`, nothing else said.
    pub fn of(path: impl Into<String>, line: usize) -> Import {
        Import {
            path: path.into(),
            wildcard: false,
            is_static: false,
            names: Vec::new(),
            alias: None,
            line,
        }
    }
}

/// A unit of code that becomes a module (or part of one).
#[derive(Debug, Default)]
pub struct Unit {
    /// The top-level type's simple name; empty for the file itself.
    pub name: String,
    /// Types declared inside it (their simple names), folded into it.
    pub nested: Vec<String>,
    /// Names mentioned (types, static receivers, qualified names), with how often.
    pub refs: FxHashMap<String, u32>,
    /// Declared variables, fields and parameters: name → simple type name.
    pub vars: FxHashMap<String, String>,
    /// Methods called on a declared variable: (variable, method).
    pub member_calls: Vec<(String, String)>,
    /// Receivers of calls and field reads that are themselves expressions
    /// (`connection().flowTube().onNext()`): each link's type is found from
    /// declarations (fields, method return types) across the project.
    pub chains: Vec<Vec<Link>>,
    /// The type variables its types declare, with their erasure (first
    /// bound, or `Object`): a descriptor names the erasure.
    pub type_variables: FxHashMap<String, String>,
    /// Types instantiated with `new`, as written (the constructor called
    /// names its parameter types),
    /// with the number of arguments given.
    pub constructed: Vec<(String, usize)>,
    /// Declared methods' return types: method name → simple type name.
    pub returns: FxHashMap<String, String>,
    /// Declared methods' and constructors' parameters (constructors under
    /// `new` and the class's name), each overload on its own. A compiled
    /// call names its callee's parameter types, so jdeps counts them as the
    /// caller's dependencies.
    pub params: FxHashMap<String, Vec<Parameters>>,
    /// Supertypes as written, each with its type arguments.
    pub supers: Vec<(String, Vec<String>)>,
    /// String literals that read as SQL (concatenations joined, other operands as `?`).
    pub sql: Vec<String>,
    /// The tables this unit maps as ORM entities or models (a Java entity is
    /// its unit; a Python or TypeScript file can hold several models).
    pub entities: Vec<Entity>,
    /// Methods this unit declares (their names), for repositories and servlets.
    pub methods: Vec<String>,
    /// Whether a method carries a modifying-query annotation (`@Modifying`, MyBatis `@Insert`…).
    pub modifying: bool,
    /// Routes this unit serves (controllers, handlers).
    pub routes: Vec<Route>,
    /// Tables of models this unit reads or writes through an ORM API, by the
    /// model's name as written: (model, writes). A name may also be a path
    /// (`path:Task.task_list.group`: the relations followed from an instance)
    /// or a form saved with its many-to-many fields (`m2m:TaskForm`).
    pub model_uses: Vec<(String, bool)>,
    /// Classes whose `Meta.model` names a model (Django model forms, model
    /// factories): (class, model as written).
    pub model_forms: Vec<(String, String)>,
    /// An annotation type kept only in the source (`@Retention(SOURCE)`):
    /// the compiled code does not depend on it.
    pub source_only: bool,
}

impl Unit {
    /// A unit named `name`.
    pub fn named(name: impl Into<String>) -> Unit {
        Unit {
            name: name.into(),
            ..Unit::default()
        }
    }

    /// Counts one mention of `name`.
    pub fn mention(&mut self, name: &str) {
        if let Some(count) = self.refs.get_mut(name) {
            *count += 1;
        } else {
            self.refs.insert(name.to_string(), 1);
        }
    }
}

/// The parameters of one method or constructor declaration, erased as a
/// class file's descriptor names them (`List<Order>` → `List`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parameters {
    /// How many parameters it declares.
    pub arity: usize,
    /// Whether the last one is `Type...` (any number of arguments from
    /// `arity - 1` on).
    pub varargs: bool,
    /// The simple names of the types as written, primitives and the
    /// method's own type variables left out.
    pub types: Vec<String>,
}

impl Parameters {
    /// Whether a call with `arguments` arguments may be to this declaration.
    pub fn accepts(&self, arguments: usize) -> bool {
        arguments == self.arity || self.varargs && arguments + 1 >= self.arity
    }
}

/// One link of a receiver chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// The enclosing type (`this`, or a call without a receiver).
    This,
    /// A variable, field or parameter by name.
    Var(String),
    /// A type by name (a static access).
    Type(String),
    /// A method called on what came before, with the number of arguments
    /// given (the overloads it may call).
    Call {
        /// The method's name.
        name: String,
        /// How many arguments the call gives.
        arguments: usize,
    },
    /// A field read from what came before.
    Field(String),
}

/// A table an ORM entity or model maps.
#[derive(Debug, Clone, Default)]
pub struct Entity {
    /// The entity's class or model name.
    pub name: String,
    /// The table name (lower case unless it was quoted).
    pub table: String,
    /// Associations to other entities, by their type name as written.
    pub relations: Vec<Relation>,
}

/// An association of an entity to another one.
#[derive(Debug, Clone, Default)]
pub struct Relation {
    /// The associated entity's type name as written.
    pub target: String,
    /// Whether writes cascade to it.
    pub cascade: bool,
    /// A join table the association reads and writes.
    pub join_table: Option<String>,
    /// The field or property that holds it (Python models: `task_list`).
    pub field: String,
    /// Loaded only when the code follows it (Django, SQLAlchemy): reading the
    /// entity does not read the associated table.
    pub lazy: bool,
}

/// A route an entry point serves.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// The HTTP method (`GET`…), or `ANY`.
    pub method: String,
    /// The path as declared (`/owners/{ownerId}`).
    pub path: String,
    /// The handler when another module serves it, as written (`views.detail`,
    /// `handlers.List`); empty when the declaring unit serves it.
    pub handler: String,
}

/// `/owners` + `{id}` → `/owners/{id}`; empty parts are dropped.
pub fn join_path(prefix: &str, path: &str) -> String {
    let mut joined = String::new();
    for part in [prefix, path] {
        let part = part.trim().trim_matches('/');
        if !part.is_empty() {
            joined.push('/');
            joined.push_str(part);
        }
    }
    if joined.is_empty() {
        joined.push('/');
    }
    joined
}

/// `OwnerVisit` → `owner_visit` (the default of Spring Boot's JPA naming and TypeORM).
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (ix, c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let after_lower =
                ix > 0 && (chars[ix - 1].is_lowercase() || chars[ix - 1].is_ascii_digit());
            let before_lower = chars.get(ix + 1).is_some_and(|n| n.is_lowercase());
            if ix > 0 && (after_lower || (before_lower && chars[ix - 1].is_uppercase())) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_with_one_slash() {
        assert_eq!(join_path("/owners/", "/{id}"), "/owners/{id}");
        assert_eq!(join_path("", ""), "/");
        assert_eq!(join_path("api", "pets"), "/api/pets");
    }

    #[test]
    fn class_names_become_snake_case_tables() {
        assert_eq!(snake_case("OwnerVisit"), "owner_visit");
        assert_eq!(snake_case("Owner"), "owner");
        assert_eq!(snake_case("HTTPRequestLog"), "http_request_log");
        assert_eq!(snake_case("Pet2Owner"), "pet2_owner");
    }
}
