//! `jdeps -verbose:class` (or `-verbose:package`) output: lines like
//! `   com.acme.Foo   -> com.acme.Bar   app.jar`. Dependencies on classes outside
//! the analysed archives (the JDK, "not found") are left out. Class-level output
//! can be read at package level, one module per package.

use indexmap::IndexMap;

use super::error::ImportError;
use super::limits::ImportLimits;
use crate::model::{Call, Module, Project};

/// The granularity of the modules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    /// One module per class (as jdeps printed it).
    #[default]
    Class,
    /// One module per package: classes are folded into their package and the
    /// dependencies between them counted as call volume.
    Package,
}

/// Builds a project from jdeps output.
pub fn import(
    source: &str,
    text: &str,
    level: Level,
    limits: &ImportLimits,
) -> Result<Project, ImportError> {
    limits.check_text(source, text)?;
    let mut archives: Vec<&str> = Vec::new();
    let mut dependencies: Vec<(&str, &str, &str, usize)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = raw.split_whitespace().collect();
        let indented = raw.starts_with(char::is_whitespace);
        match (indented, fields.as_slice()) {
            // `app.jar -> java.base` names an analysed archive.
            (false, [archive, "->", ..]) => {
                if !archives.contains(archive) {
                    archives.push(archive);
                }
            }
            (true, [from, "->", to, location @ ..]) => {
                dependencies.push((from, to, location.first().copied().unwrap_or(""), line));
            }
            _ => {
                return Err(ImportError::one(
                    source,
                    Some(line),
                    "not a jdeps line: expected 'from -> to [archive]' (use jdeps -verbose:class)",
                ));
            }
        }
    }
    if dependencies.is_empty() {
        return Err(ImportError::one(
            source,
            None,
            "no dependencies found (use jdeps -verbose:class)",
        ));
    }
    let sources: std::collections::HashSet<&str> = dependencies.iter().map(|d| d.0).collect();
    let name_of = |class: &str| -> String {
        match level {
            Level::Class => class.to_string(),
            Level::Package => class
                .rsplit_once('.')
                .map_or("(default package)", |(p, _)| p)
                .to_string(),
        }
    };
    let mut modules: IndexMap<String, Module> = IndexMap::new();
    let mut calls: IndexMap<(String, String), Call> = IndexMap::new();
    for (from, to, location, _) in dependencies {
        let internal = sources.contains(to) || archives.contains(&location);
        let from_name = name_of(from);
        modules
            .entry(from_name.clone())
            .or_insert_with(|| Module::new(from_name.clone()));
        if !internal || location == "not" {
            continue;
        }
        let to_name = name_of(to);
        modules
            .entry(to_name.clone())
            .or_insert_with(|| Module::new(to_name.clone()));
        if from_name == to_name && level == Level::Package {
            continue;
        }
        calls
            .entry((from_name.clone(), to_name.clone()))
            .and_modify(|call| call.volume += 1.0)
            .or_insert_with(|| Call::new(from_name, to_name));
    }
    let mut project = Project::new(archives.first().map_or("jdeps", |a| a).to_string());
    project.modules = modules.into_values().collect();
    project.calls = calls.into_values().collect();
    limits.check_project(source, &project)?;
    project
        .validate()
        .map_err(|e| ImportError::one(source, None, e.to_string()))?;
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "app.jar -> java.base
app.jar -> not found
   com.acme.pay.Transfer                              -> com.acme.account.Ledger                            app.jar
   com.acme.pay.Transfer                              -> com.acme.pay.Fees                                  app.jar
   com.acme.pay.Transfer                              -> java.lang.Object                                   java.base
   com.acme.account.Ledger                            -> com.acme.missing.Gone                              not found
   com.acme.pay.Fees                                  -> com.acme.account.Ledger                            app.jar
";

    #[test]
    fn reads_classes_and_leaves_out_the_jdk() {
        let p = import("deps.txt", OUTPUT, Level::Class, &ImportLimits::default()).unwrap();
        let ids: Vec<&str> = p.modules.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "com.acme.pay.Transfer",
                "com.acme.account.Ledger",
                "com.acme.pay.Fees"
            ]
        );
        assert_eq!(p.calls.len(), 3);
        assert_eq!(p.name, "app.jar");
    }

    #[test]
    fn folds_classes_into_packages() {
        let p = import("deps.txt", OUTPUT, Level::Package, &ImportLimits::default()).unwrap();
        let ids: Vec<&str> = p.modules.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["com.acme.pay", "com.acme.account"]);
        assert_eq!(p.calls.len(), 1);
        assert_eq!(p.calls[0].volume, 2.0);
    }

    #[test]
    fn refuses_other_text_with_the_line() {
        let error = import(
            "deps.txt",
            "app.jar -> java.base\n   oops\n",
            Level::Class,
            &ImportLimits::default(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("deps.txt:2: not a jdeps line"),
            "{error}"
        );
    }
}
