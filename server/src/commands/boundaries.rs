//! The command line's side of keeping boundaries: reading today's code (the
//! `--against` files of `seams check`), the baseline, and writing the rule
//! files of `seams export --format checkstyle|depcruise|importlinter`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use engine::analyzers::{self, Analyzer};
use engine::boundaries::baseline::Baseline;
use engine::boundaries::{Boundaries, Dependency, Violation, checkstyle, depcruise, importlinter};
use engine::formats::{ImportLimits, jdeps, native};
use engine::layers;
use engine::model::Project;
use engine::traces::{Level, SpanSet, TraceFile};

use super::read_text;

/// Today's code, as the `--against` files describe it.
pub struct Today {
    /// Modules and their dependencies (a project without splits).
    pub project: Project,
}

impl Today {
    /// Every module id.
    pub fn modules(&self) -> Vec<String> {
        self.project.modules.iter().map(|m| m.id.clone()).collect()
    }

    /// The modules that stand for the outside world (routes).
    pub fn entry_points(&self) -> BTreeSet<String> {
        self.project
            .modules
            .iter()
            .filter(|m| m.entry_point)
            .map(|m| m.id.clone())
            .collect()
    }

    /// The dependencies.
    pub fn dependencies(&self) -> Vec<Dependency> {
        engine::boundaries::dependencies_of(&self.project)
    }
}

/// What an `--against` file is.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// A Seams project (`seams scan` writes one).
    Project,
    /// dependency-cruiser's JSON.
    Depcruise,
    /// pydeps' JSON.
    Pydeps,
    /// OpenTelemetry, Jaeger or Zipkin traces.
    Traces,
    /// `jdeps -verbose:class` text.
    Jdeps,
    /// JSON that does not parse: where and why.
    Broken(usize, String),
}

/// Tells a file's kind by its content.
fn kind(text: &str) -> Kind {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') && !trimmed.starts_with('[') {
        return Kind::Jdeps;
    }
    let value = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => value,
        Err(error) => {
            // JSON lines (the collector's file exporter) are traces.
            let first = text.lines().next().unwrap_or_default();
            return match serde_json::from_str::<serde_json::Value>(first) {
                Ok(_) => Kind::Traces,
                Err(_) => Kind::Broken(error.line(), error.to_string()),
            };
        }
    };
    match &value {
        serde_json::Value::Object(map) if map.contains_key("schema_version") => Kind::Project,
        serde_json::Value::Object(map)
            if map.contains_key("modules") && map.contains_key("summary") =>
        {
            Kind::Depcruise
        }
        serde_json::Value::Object(map)
            if !map.is_empty()
                && map.values().all(|v| {
                    v.as_object().is_some_and(|m| {
                        m.contains_key("path")
                            || m.contains_key("imports")
                            || m.contains_key("imported_by")
                    })
                }) =>
        {
            Kind::Pydeps
        }
        _ => Kind::Traces,
    }
}

/// Reads the `--against` files into one description of today's code.
pub fn read_today(paths: &[PathBuf]) -> anyhow::Result<Today> {
    let limits = ImportLimits::default();
    let mut project = Project::new("today");
    let mut spans = SpanSet::default();
    let mut traced = Vec::new();
    for path in paths {
        let text = read_text(path)?;
        let name = path.display().to_string();
        let layer = match kind(&text) {
            Kind::Project => {
                let other = native::from_json(&name, &text)?;
                add_project(&mut project, other);
                continue;
            }
            Kind::Jdeps => {
                let other = jdeps::import(&name, &text, jdeps::Level::Class, &limits)?;
                add_project(&mut project, other);
                continue;
            }
            Kind::Broken(line, why) => {
                anyhow::bail!("{name}:{line}: not JSON: {why}")
            }
            Kind::Depcruise => analyzers::read(
                &name,
                Analyzer::DependencyCruiser,
                &name,
                &text,
                &[],
                &limits,
            )?,
            Kind::Pydeps => analyzers::read(&name, Analyzer::Pydeps, &name, &text, &[], &limits)?,
            Kind::Traces => {
                spans
                    .add(TraceFile { name: &name, text: &text }, &limits)
                    .with_context(|| format!("{name} is not a Seams project, jdeps text, dependency-cruiser, pydeps or trace file"))?;
                traced.push(name);
                continue;
            }
        };
        layers::merge(&mut project, &layer);
    }
    if !traced.is_empty() {
        let layer = spans.layer(&traced.join(", "), Level::Operation, &[], &limits)?;
        layers::merge(&mut project, &layer);
    }
    limits.check_project("--against", &project)?;
    Ok(Today { project })
}

/// Adds another project's modules and calls (each once).
fn add_project(project: &mut Project, other: Project) {
    let known: BTreeSet<String> = project.modules.iter().map(|m| m.id.clone()).collect();
    project
        .modules
        .extend(other.modules.into_iter().filter(|m| !known.contains(&m.id)));
    let calls: BTreeSet<(String, String)> = project
        .calls
        .iter()
        .map(|c| (c.caller.clone(), c.callee.clone()))
        .collect();
    project.calls.extend(
        other
            .calls
            .into_iter()
            .filter(|c| !calls.contains(&(c.caller.clone(), c.callee.clone()))),
    );
}

/// Reads a baseline file of the split.
pub fn read_baseline(path: &Path, boundaries: &Boundaries) -> anyhow::Result<Baseline> {
    Ok(Baseline::read(
        &path.display().to_string(),
        &read_text(path)?,
        &boundaries.origin,
    )?)
}

/// The rule files of one tool, written into `dir`; the names written.
pub fn write_rules(
    tool: Tool,
    boundaries: &Boundaries,
    known: &[Violation],
    dir: &Path,
    sources: &Path,
) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let files: Vec<(&str, String)> = match tool {
        Tool::Checkstyle => {
            let export = checkstyle::export(boundaries, known, &absolute.display().to_string());
            let mut files = vec![
                ("import-control.xml", export.import_control),
                ("checkstyle.xml", export.config),
            ];
            if let Some(suppressions) = export.suppressions {
                files.push(("suppressions.xml", suppressions));
            }
            files
        }
        Tool::Depcruise => {
            let file_of = |module: &str| script_file(sources, module);
            let export = depcruise::export(boundaries, known, &file_of);
            let mut files = vec![(".dependency-cruiser.cjs", export.config)];
            if let Some(known) = export.known {
                files.push(("known-violations.json", known));
            }
            files
        }
        Tool::Importlinter => {
            let visible = python_modules_visible(boundaries, sources);
            vec![(
                ".importlinter",
                importlinter::export(boundaries, known, &visible),
            )]
        }
    };
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// The ecosystems whose tools take Seams' rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Checkstyle's import control (Java).
    Checkstyle,
    /// dependency-cruiser (JavaScript, TypeScript).
    Depcruise,
    /// import-linter (Python).
    Importlinter,
}

/// Which modules import-linter will find under `sources` (the folder its
/// Python path starts at): a module file in packages that all have an
/// `__init__.py`. When `sources` holds none of the modules (not the right
/// folder), every module is taken as visible.
fn python_modules_visible(boundaries: &Boundaries, sources: &Path) -> impl Fn(&str) -> bool {
    let visible = |module: &str| {
        let parts: Vec<&str> = module.split('.').collect();
        let mut folder = sources.to_path_buf();
        for package in &parts[..parts.len().saturating_sub(1)] {
            folder.push(package);
            if !folder.join("__init__.py").is_file() {
                return false;
            }
        }
        let last = parts.last().copied().unwrap_or(module);
        folder.join(format!("{last}.py")).is_file()
            || folder.join(last).join("__init__.py").is_file()
    };
    let modules: Vec<&String> = boundaries
        .services
        .iter()
        .flat_map(|s| &s.modules)
        .collect();
    let seen: BTreeSet<String> = modules
        .iter()
        .filter(|m| visible(m))
        .map(|m| m.to_string())
        .collect();
    let hidden = modules.len() - seen.len();
    if !seen.is_empty() && hidden > 0 {
        eprintln!(
            "left out {hidden} modules import-linter cannot find under {} (namespace packages without __init__.py)",
            sources.display()
        );
    }
    let all = seen.is_empty();
    move |module: &str| all || seen.contains(module)
}

/// A script module's file as dependency-cruiser names it: the module id with
/// the extension found under `sources` (`.js` when none is).
fn script_file(sources: &Path, module: &str) -> String {
    const EXTENSIONS: [&str; 8] = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];
    EXTENSIONS
        .iter()
        .map(|ext| format!("{module}{ext}"))
        .find(|file| sources.join(file).is_file())
        .unwrap_or_else(|| format!("{module}.js"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_their_content() {
        assert_eq!(
            kind("{\"schema_version\": 1, \"name\": \"x\"}"),
            Kind::Project
        );
        assert_eq!(kind("{\"modules\": [], \"summary\": {}}"), Kind::Depcruise);
        assert_eq!(
            kind("{\"a.b\": {\"path\": \"a/b.py\", \"imports\": []}}"),
            Kind::Pydeps
        );
        assert_eq!(kind("{\"resourceSpans\": []}"), Kind::Traces);
        assert_eq!(kind("a.B -> c.D  classes\n"), Kind::Jdeps);
        assert_eq!(
            kind("{\"resourceSpans\": []}\n{\"resourceSpans\": []}\n"),
            Kind::Traces
        );
        assert!(matches!(kind("{\n  \"modules\": [\n}"), Kind::Broken(3, _)));
    }
}
