//! Module ids, and imports of the languages whose modules are files or
//! packages: TypeScript/JavaScript (relative imports to files, as
//! dependency-cruiser resolves them: the extensions, then `index` files),
//! Python (dotted module names from the package folders, absolute and relative
//! imports, as pydeps names them) and Go (import paths from `go.mod`).

use rustc_hash::FxHashMap;

use super::{Project, UnitAt};
use crate::Level;
use crate::facts::{FileFacts, Unit};
use crate::files::SourceFile;
use crate::lang::Language;
use crate::resolve::types::qualify;

/// Go modules: the folder of each `go.mod` and the module path it declares.
pub(crate) type GoModules = Vec<(String, String)>;

/// The `module` line of every `go.mod`, deepest folders first.
pub(crate) fn go_modules(descriptors: &[SourceFile]) -> GoModules {
    let mut found: GoModules = descriptors
        .iter()
        .filter(|d| d.path == "go.mod" || d.path.ends_with("/go.mod"))
        .filter_map(|d| {
            let module = d
                .text
                .lines()
                .find_map(|l| l.trim().strip_prefix("module "))?
                .trim()
                .trim_matches('"')
                .to_string();
            Some((folder(&d.path).to_string(), module))
        })
        .collect();
    found.sort_by_key(|(dir, _)| std::cmp::Reverse(dir.len()));
    found
}

/// The dotted Python module name of every Python file, by path.
pub(crate) fn python_packages(
    files: &[FileFacts],
    languages: &[Language],
) -> FxHashMap<String, String> {
    let packages: rustc_hash::FxHashSet<&str> = files
        .iter()
        .filter(|f| f.path == "__init__.py" || f.path.ends_with("/__init__.py"))
        .map(|f| folder(&f.path))
        .collect();
    let mut names = FxHashMap::default();
    for (file, language) in files.iter().zip(languages) {
        if *language != Language::Python {
            continue;
        }
        // The import root is the folder above the outermost package in the
        // path; folders without `__init__.py` below it are namespace packages.
        let dir = folder(&file.path);
        let segments: Vec<&str> = if dir.is_empty() {
            Vec::new()
        } else {
            dir.split('/').collect()
        };
        let start = (1..=segments.len())
            .find(|&end| packages.contains(segments[..end].join("/").as_str()))
            .map_or(segments.len(), |end| end - 1);
        let mut parts: Vec<&str> = segments[start..].to_vec();
        let stem = stem(&file.path);
        if stem != "__init__" {
            parts.push(stem);
        }
        if parts.is_empty() {
            parts.push(stem);
        }
        names.insert(file.path.clone(), parts.join("."));
    }
    names
}

/// The module id of a unit, by its language and the level asked for.
pub(crate) fn module_id(
    file: &FileFacts,
    unit: &Unit,
    language: Language,
    level: Level,
    go: &GoModules,
    python: &FxHashMap<String, String>,
) -> String {
    let without_extension = || {
        file.path
            .rsplit_once('.')
            .map_or(file.path.as_str(), |(s, _)| s)
            .to_string()
    };
    let package_folder = || {
        let dir = folder(&file.path);
        if dir.is_empty() {
            ".".to_string()
        } else {
            dir.to_string()
        }
    };
    match (language, level) {
        (l, Level::Class) if l.has_types() => qualify(&file.namespace, &unit.name),
        (l, Level::Package) if l.has_types() => {
            if file.namespace.is_empty() {
                package_folder()
            } else {
                file.namespace.clone()
            }
        }
        (Language::Python, Level::Package) => {
            let name = python
                .get(&file.path)
                .cloned()
                .unwrap_or_else(without_extension);
            if file.path.ends_with("__init__.py") {
                name
            } else {
                name.rsplit_once('.')
                    .map_or(name.clone(), |(p, _)| p.to_string())
            }
        }
        (Language::Python, _) => python
            .get(&file.path)
            .cloned()
            .unwrap_or_else(without_extension),
        (Language::Go, Level::File) => without_extension(),
        (Language::Go, _) => go_package(folder(&file.path), go),
        (_, Level::Package) => package_folder(),
        _ => without_extension(),
    }
}

/// A Go folder's import path: its module's path and the folder below it.
fn go_package(dir: &str, go: &GoModules) -> String {
    for (root, module) in go {
        let rest = if root.is_empty() {
            Some(dir)
        } else if dir == root {
            Some("")
        } else {
            dir.strip_prefix(root.as_str())
                .and_then(|r| r.strip_prefix('/'))
        };
        if let Some(rest) = rest {
            return if rest.is_empty() {
                module.clone()
            } else {
                format!("{module}/{rest}")
            };
        }
    }
    if dir.is_empty() {
        ".".to_string()
    } else {
        dir.to_string()
    }
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// Files by path (scripts), by dotted name (Python) and by import path (Go).
pub(crate) struct PathIndex {
    paths: FxHashMap<String, usize>,
    python: FxHashMap<String, usize>,
    go: FxHashMap<String, usize>,
    /// Each Python file's own dotted name, by path.
    python_names: FxHashMap<String, String>,
}

/// Extensions a script import may leave out, in dependency-cruiser's order.
const SCRIPT_EXTENSIONS: [&str; 9] = [
    "", ".js", ".cjs", ".mjs", ".jsx", ".ts", ".tsx", ".mts", ".cts",
];

impl PathIndex {
    /// Indexes the files of `project`.
    pub fn new(
        project: &Project<'_>,
        go: &GoModules,
        python: &FxHashMap<String, String>,
    ) -> PathIndex {
        let mut index = PathIndex {
            paths: FxHashMap::default(),
            python: FxHashMap::default(),
            go: FxHashMap::default(),
            python_names: python.clone(),
        };
        for (f, file) in project.files.iter().enumerate() {
            if file.units.is_empty() {
                continue;
            }
            match project.languages[f] {
                Language::Python => {
                    if let Some(name) = python.get(&file.path) {
                        index.python.entry(name.clone()).or_insert(f);
                    }
                }
                Language::Go => {
                    index
                        .go
                        .entry(go_package(folder(&file.path), go))
                        .or_insert(f);
                }
                Language::TypeScript | Language::Tsx | Language::JavaScript => {
                    index.paths.insert(file.path.clone(), f);
                }
                _ => {}
            }
        }
        index
    }

    /// The files the unit at `at` imports, one weight per import.
    pub fn dependencies(&self, project: &Project<'_>, at: UnitAt) -> Vec<(UnitAt, u32)> {
        let file = &project.files[at.0];
        let mut found: FxHashMap<UnitAt, u32> = FxHashMap::default();
        for import in &file.imports {
            for target in self.imported(project, at.0, import) {
                *found.entry((target, 0)).or_default() += 1;
            }
        }
        found.remove(&at);
        let mut out: Vec<(UnitAt, u32)> = found.into_iter().collect();
        out.sort_unstable();
        out
    }

    /// The files one import statement reaches.
    fn imported(
        &self,
        project: &Project<'_>,
        f: usize,
        import: &crate::facts::Import,
    ) -> Vec<usize> {
        let file = &project.files[f];
        match project.languages[f] {
            Language::Python => self.python_import(file, &import.path, &import.names),
            Language::Go => self.go.get(&import.path).copied().into_iter().collect(),
            _ => self.script(&file.path, &import.path).into_iter().collect(),
        }
    }

    /// A relative script import resolved to a file.
    fn script(&self, from: &str, target: &str) -> Option<usize> {
        if !target.starts_with('.') {
            return None;
        }
        let joined = normalise(&format!("{}/{}", folder(from), target))?;
        let bare = joined
            .strip_suffix(".js")
            .or_else(|| joined.strip_suffix(".jsx"))
            .or_else(|| joined.strip_suffix(".mjs"))
            .unwrap_or(&joined);
        for base in [joined.as_str(), bare] {
            for extension in SCRIPT_EXTENSIONS {
                if let Some(&f) = self.paths.get(&format!("{base}{extension}")) {
                    return Some(f);
                }
            }
        }
        for extension in &SCRIPT_EXTENSIONS[1..] {
            if let Some(&f) = self.paths.get(&format!("{joined}/index{extension}")) {
                return Some(f);
            }
        }
        None
    }

    /// `import a.b.c` (the longest prefix that is a module), `from a import b`
    /// (`a.b` when it is a module, else `a`), relative imports from the file's package.
    fn python_import(&self, file: &FileFacts, path: &str, names: &[String]) -> Vec<usize> {
        let base = self.python_base(file, path);
        let mut out = Vec::new();
        if names.is_empty() {
            let mut prefix = base.as_str();
            loop {
                if let Some(&f) = self.python.get(prefix) {
                    out.push(f);
                }
                match prefix.rsplit_once('.') {
                    Some((shorter, _)) => prefix = shorter,
                    None => break,
                }
            }
            return out;
        }
        for name in names {
            let full = qualify(&base, name);
            if let Some(&f) = self.python.get(&full) {
                out.push(f);
            } else if let Some(&f) = self.python.get(&base) {
                out.push(f);
            }
        }
        // `from a.b import c` runs `a.b`, and an absolute one runs `a` first
        // too: Python counts them, and so does pydeps (a relative import's
        // packages are loaded already: pydeps leaves them out, and so does this).
        out.extend(self.python.get(base.as_str()).copied());
        // The packages a relative import starts from are loaded already; those
        // its path names (`.json.tag` runs `json`) are not.
        let relative_segments = path
            .trim_start_matches('.')
            .split('.')
            .filter(|s| !s.is_empty())
            .count();
        let loaded = if path.starts_with('.') {
            base.split('.').count().saturating_sub(relative_segments)
        } else {
            0
        };
        let mut prefix = base.as_str();
        while let Some((shorter, _)) = prefix.rsplit_once('.') {
            if shorter.split('.').count() > loaded {
                out.extend(self.python.get(shorter).copied());
            }
            prefix = shorter;
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The dotted module a `from` clause names, relative ones from the file's package.
    fn python_base(&self, file: &FileFacts, path: &str) -> String {
        if path.starts_with('.') {
            let dots = path.len() - path.trim_start_matches('.').len();
            let own = self.python_names.get(&file.path).map_or("", String::as_str);
            let is_package = file.path.ends_with("__init__.py");
            let mut package: Vec<&str> = if own.is_empty() {
                Vec::new()
            } else {
                own.split('.').collect()
            };
            if !is_package {
                package.pop();
            }
            for _ in 1..dots {
                package.pop();
            }
            let rest = &path[dots..];
            let mut parts = package.join(".");
            if !rest.is_empty() {
                if !parts.is_empty() {
                    parts.push('.');
                }
                parts.push_str(rest);
            }
            parts
        } else {
            path.to_string()
        }
    }

    /// The module a name bound by `from base import name` stands for: the
    /// submodule when there is one, else the module holding the name.
    fn python_binding(&self, file: &FileFacts, path: &str, name: &str) -> Option<usize> {
        let base = self.python_base(file, path);
        let full = if path.is_empty() || base.is_empty() {
            name.to_string()
        } else {
            qualify(&base, name)
        };
        self.python
            .get(&full)
            .or_else(|| self.python.get(&base))
            .copied()
    }

    /// A Python module's own submodule (`todo.views` + `toggle_done` →
    /// `todo/views/toggle_done.py`), when there is one.
    pub fn submodule(&self, project: &Project<'_>, f: usize, name: &str) -> Option<usize> {
        let own = self.python_names.get(&project.files[f].path)?;
        self.python.get(&qualify(own, name)).copied()
    }

    /// The file a name bound by an import in `at` comes from (`views`, `Owner`, `handlers`).
    pub fn resolve_name(&self, project: &Project<'_>, at: UnitAt, name: &str) -> Option<UnitAt> {
        let file = &project.files[at.0];
        let first = name.split('.').next().unwrap_or(name);
        for import in &file.imports {
            let bound = match &import.alias {
                Some(alias) => alias == first,
                None => {
                    import.names.iter().any(|n| n == first)
                        || (import.names.is_empty()
                            && import.path.rsplit(['.', '/']).next() == Some(first))
                }
            };
            if !bound {
                continue;
            }
            let targets = match project.languages[at.0] {
                Language::Python if !import.names.is_empty() => self
                    .python_binding(file, &import.path, first)
                    .into_iter()
                    .collect(),
                _ => self.imported(project, at.0, import),
            };
            if let Some(&f) = targets.first() {
                return Some((f, 0));
            }
        }
        None
    }
}

/// `a/b/../c/./d` → `a/c/d`; `None` when it climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            other => out.push(other),
        }
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_packages_are_import_paths() {
        let go = vec![("svc".to_string(), "example.com/shop".to_string())];
        assert_eq!(
            go_package("svc/internal/orders", &go),
            "example.com/shop/internal/orders"
        );
        assert_eq!(go_package("svc", &go), "example.com/shop");
        assert_eq!(go_package("other", &go), "other");
    }

    #[test]
    fn relative_paths_normalise() {
        assert_eq!(normalise("src/a/../b/./c").as_deref(), Some("src/b/c"));
        assert_eq!(normalise("../x"), None);
    }
}
