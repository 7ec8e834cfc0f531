//! Checkstyle's import control: an `import-control.xml` with, for each class
//! of a service, the classes of the services it may not depend on disallowed,
//! and the `checkstyle.xml` that enables it (and, with a baseline, the
//! suppressions of the known violations). Runs as
//! `checkstyle -c DIR/checkstyle.xml SOURCES`, or through a build's Checkstyle
//! plugin, which sets `config_loc`.
//!
//! Import control reads `import` statements: a class used from the same
//! package, by its fully qualified name without an import, or through a
//! wildcard import is not seen. Module ids are fully qualified class names
//! (as `seams scan` and jdeps name them); modules that are not are left out.

use std::collections::{BTreeMap, BTreeSet};

use super::{Boundaries, Violation};

/// The files of a Checkstyle export, by name.
pub struct CheckstyleExport {
    /// `import-control.xml`.
    pub import_control: String,
    /// `checkstyle.xml`.
    pub config: String,
    /// `suppressions.xml` (the baseline), when one was given.
    pub suppressions: Option<String>,
}

/// `dir` is where the files will be (so the CLI finds them from anywhere).
pub fn export(boundaries: &Boundaries, known: &[Violation], dir: &str) -> CheckstyleExport {
    CheckstyleExport {
        import_control: import_control(boundaries),
        config: config(boundaries, dir, !known.is_empty()),
        suppressions: (!known.is_empty()).then(|| suppressions(boundaries, known)),
    }
}

/// `a.b.C` → (`a.b`, `C`); a name without a package or not a class name is
/// not a Java class.
fn split_class(id: &str) -> Option<(&str, &str)> {
    let (package, class) = id.rsplit_once('.')?;
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    (package.split('.').all(is_name) && is_name(class) && class.starts_with(char::is_uppercase))
        .then_some((package, class))
}

/// Text for an XML comment (which may not hold `--`).
fn comment(text: &str) -> String {
    text.replace("--", "- -")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The longest package every class is in.
fn root_package<'a>(packages: impl Iterator<Item = &'a str>) -> String {
    let mut root: Option<Vec<&str>> = None;
    for package in packages {
        let parts: Vec<&str> = package.split('.').collect();
        root = Some(match root {
            None => parts,
            Some(common) => common
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    root.unwrap_or_default().join(".")
}

/// A package tree below the root, each package's classes with the classes
/// they may not import.
#[derive(Default)]
struct Package {
    subpackages: BTreeMap<String, Package>,
    classes: BTreeMap<String, Vec<String>>,
}

fn import_control(boundaries: &Boundaries) -> String {
    let classes: Vec<(&str, &str, usize)> = boundaries
        .services
        .iter()
        .enumerate()
        .flat_map(|(s, service)| {
            service
                .modules
                .iter()
                .filter_map(move |m| split_class(m).map(|(p, c)| (p, c, s)))
        })
        .collect();
    let root = root_package(classes.iter().map(|(p, _, _)| *p));
    // Without a package common to all, the root is the top-level packages as
    // one pattern, and each class sits below its own top-level package.
    let tops: BTreeSet<&str> = classes
        .iter()
        .map(|(p, _, _)| p.split('.').next().unwrap_or(p))
        .collect();
    let mut tree = Package::default();
    for &(package, class, service) in &classes {
        let disallowed: Vec<String> = boundaries
            .forbidden()
            .into_iter()
            .filter(|&(from, _)| from == service)
            .flat_map(|(_, to)| {
                boundaries.services[to]
                    .modules
                    .iter()
                    .filter(|m| split_class(m).is_some())
                    .cloned()
            })
            .collect();
        if disallowed.is_empty() {
            continue;
        }
        let below = if root.is_empty() {
            package.split_once('.').map_or("", |(_, rest)| rest)
        } else {
            package
                .strip_prefix(&root)
                .map_or(package, |rest| rest.trim_start_matches('.'))
        };
        let mut node = &mut tree;
        for part in below.split('.').filter(|p| !p.is_empty()) {
            node = node.subpackages.entry(part.to_string()).or_default();
        }
        node.classes.insert(class.to_string(), disallowed);
    }
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE import-control PUBLIC \"-//Checkstyle//DTD ImportControl Configuration 1.4//EN\" \"https://checkstyle.org/dtds/import_control_1_4.dtd\">\n",
    );
    out.push_str(&format!(
        "<!-- {} -->\n",
        comment(&boundaries.origin.line())
    ));
    if root.is_empty() {
        let pattern: Vec<String> = tops.iter().map(|t| literal(t)).collect();
        out.push_str(&format!(
            "<import-control pkg=\"({})\" regex=\"true\" strategyOnMismatch=\"allowed\">\n",
            escape(&pattern.join("|"))
        ));
    } else {
        out.push_str(&format!(
            "<import-control pkg=\"{}\" strategyOnMismatch=\"allowed\">\n",
            escape(&root)
        ));
    }
    write_package(&mut out, &tree, 1);
    out.push_str("</import-control>\n");
    out
}

fn write_package(out: &mut String, package: &Package, depth: usize) {
    let indent = "  ".repeat(depth);
    for (class, disallowed) in &package.classes {
        out.push_str(&format!("{indent}<file name=\"{}\">\n", escape(class)));
        for target in disallowed {
            out.push_str(&format!(
                "{indent}  <disallow class=\"{}\"/>\n",
                escape(target)
            ));
        }
        out.push_str(&format!("{indent}</file>\n"));
    }
    for (name, sub) in &package.subpackages {
        out.push_str(&format!(
            "{indent}<subpackage name=\"{}\" strategyOnMismatch=\"allowed\">\n",
            escape(name)
        ));
        write_package(out, sub, depth + 1);
        out.push_str(&format!("{indent}</subpackage>\n"));
    }
}

fn config(boundaries: &Boundaries, dir: &str, suppressed: bool) -> String {
    let dir = escape(dir.trim_end_matches('/'));
    let filter = if suppressed {
        format!(
            "  <module name=\"SuppressionFilter\">\n    <property name=\"file\" value=\"${{config_loc}}/suppressions.xml\" default=\"{dir}/suppressions.xml\"/>\n  </module>\n"
        )
    } else {
        String::new()
    };
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE module PUBLIC \"-//Checkstyle//DTD Checkstyle Configuration 1.3//EN\" \"https://checkstyle.org/dtds/configuration_1_3.dtd\">\n<!-- {} -->\n<module name=\"Checker\">\n{filter}  <module name=\"TreeWalker\">\n    <module name=\"ImportControl\">\n      <property name=\"file\" value=\"${{config_loc}}/import-control.xml\" default=\"{dir}/import-control.xml\"/>\n    </module>\n  </module>\n</module>\n",
        comment(&boundaries.origin.line())
    )
}

/// Regular-expression metacharacters escaped.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn suppressions(boundaries: &Boundaries, known: &[Violation]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE suppressions PUBLIC \"-//Checkstyle//DTD SuppressionFilter Configuration 1.2//EN\" \"https://checkstyle.org/dtds/suppressions_1_2.dtd\">\n",
    );
    out.push_str(&format!(
        "<!-- {} The baseline: violations known when it was written. -->\n<suppressions>\n",
        comment(&boundaries.origin.line())
    ));
    for violation in known {
        let Some((package, class)) = split_class(&violation.from) else {
            continue;
        };
        let file = format!("{}/{class}.java", package.replace('.', "/"));
        out.push_str(&format!(
            "  <suppress checks=\"ImportControl\" files=\"{}$\" message=\"{}\"/>\n",
            escape(&literal(&file)),
            escape(&format!(
                "Disallowed import - {}\\.",
                literal(&violation.to)
            ))
        ));
    }
    out.push_str("</suppressions>\n");
    out
}
