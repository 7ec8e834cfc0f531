//! Which module a changed file belongs to: rules the user sees and edits, then
//! defaults for common layouts.
//!
//! A rule is `pattern => module`. A pattern with `*` is a glob (`*` within one
//! path segment, `**` across segments); any other pattern is a path prefix that
//! ends at a segment boundary (`src/orders` holds `src/orders/Order.java`, not
//! `src/orders-old/x`). The first matching rule wins. Without a matching rule a
//! Java source under `src/main/java/` is its class (`com.acme.Order`, as jdeps
//! names it), test sources belong to no module, and any other file to its first
//! folder below the usual source roots (`src/`, `lib/`, `app/`, `packages/`).

use serde::{Deserialize, Serialize};

/// One mapping rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingRule {
    /// A path prefix or a glob.
    pub pattern: String,
    /// The module id the matching files belong to.
    pub module: String,
}

/// Folders that hold sources rather than name a module.
const SOURCE_ROOTS: [&str; 5] = ["src", "lib", "app", "packages", "modules"];

/// The rules in `text`, one `pattern => module` per line (`#` starts a comment).
pub fn parse_rules(text: &str) -> Result<Vec<MappingRule>, (usize, String)> {
    let mut rules = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let Some((pattern, module)) = line.split_once("=>") else {
            return Err((index + 1, "expected 'pattern => module'".to_string()));
        };
        let (pattern, module) = (pattern.trim(), module.trim());
        if pattern.is_empty() || module.is_empty() {
            return Err((
                index + 1,
                "the pattern and the module must not be empty".to_string(),
            ));
        }
        rules.push(MappingRule {
            pattern: pattern.trim_end_matches('/').to_string(),
            module: module.to_string(),
        });
    }
    Ok(rules)
}

/// The module of `path`: the first rule that matches, else the default for its layout.
pub fn module_of(rules: &[MappingRule], path: &str) -> Option<String> {
    let path = path.trim_start_matches("./");
    if let Some(rule) = rules.iter().find(|r| matches(&r.pattern, path)) {
        return Some(rule.module.clone());
    }
    default_module(path)
}

/// The module the first matching rule names for `name` (a path, a service or
/// an operation), without the file-layout defaults.
pub fn ruled(rules: &[MappingRule], name: &str) -> Option<String> {
    rules
        .iter()
        .find(|r| matches(&r.pattern, name))
        .map(|r| r.module.clone())
}

fn matches(pattern: &str, path: &str) -> bool {
    if pattern.contains('*') {
        let pattern: Vec<&str> = pattern.split('/').collect();
        let path: Vec<&str> = path.split('/').collect();
        return glob(&pattern, &path);
    }
    path == pattern
        || path
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Segment-wise glob: `**` any number of segments, `*` any characters in one.
fn glob(pattern: &[&str], path: &[&str]) -> bool {
    match (pattern.split_first(), path.split_first()) {
        (None, None) => true,
        (Some((&"**", rest)), _) => {
            glob(rest, path)
                || path
                    .split_first()
                    .is_some_and(|(_, tail)| glob(pattern, tail))
        }
        (Some((segment, rest)), Some((name, tail))) => {
            segment_matches(segment, name) && glob(rest, tail)
        }
        _ => false,
    }
}

fn segment_matches(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || !name[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

fn default_module(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.windows(2).any(|w| w[0] == "src" && w[1] == "test")
        || segments
            .iter()
            .any(|s| *s == "test" || *s == "tests" || *s == "__tests__")
    {
        return None;
    }
    if path.ends_with(".java")
        && let Some(at) = segments
            .windows(3)
            .position(|w| w == ["src", "main", "java"])
    {
        let tail = &segments[at + 3..];
        let file = tail.last()?.strip_suffix(".java")?;
        let mut names: Vec<&str> = tail[..tail.len() - 1].to_vec();
        names.push(file);
        return Some(names.join("."));
    }
    let folders = &segments[..segments.len().saturating_sub(1)];
    folders
        .iter()
        .find(|s| !SOURCE_ROOTS.contains(s))
        .map(|s| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_first_then_the_layout_defaults() {
        let rules = parse_rules(
            "# ordering\nsrc/main/java/com/acme/order => order\n**/billing/*.ts => billing\n",
        )
        .unwrap();
        let module = |path| module_of(&rules, path);
        assert_eq!(
            module("src/main/java/com/acme/order/Order.java").as_deref(),
            Some("order")
        );
        assert_eq!(
            module("web/src/billing/invoice.ts").as_deref(),
            Some("billing")
        );
        assert_eq!(
            module("src/main/java/com/acme/pay/Payment.java").as_deref(),
            Some("com.acme.pay.Payment")
        );
        assert_eq!(module("src/test/java/com/acme/PaymentTest.java"), None);
        assert_eq!(module("src/orders/model.py").as_deref(), Some("orders"));
        assert_eq!(module("README.md"), None);
        assert_eq!(
            module("src/main/java/com/acme/orders-old/X.java").as_deref(),
            Some("com.acme.orders-old.X")
        );
    }

    #[test]
    fn a_prefix_ends_at_a_folder_boundary() {
        let rules = parse_rules("src/orders => orders").unwrap();
        assert_eq!(
            module_of(&rules, "src/orders/a.py").as_deref(),
            Some("orders")
        );
        assert_eq!(
            module_of(&rules, "src/orders-old/a.py").as_deref(),
            Some("orders-old")
        );
    }

    #[test]
    fn malformed_rules_name_their_line() {
        assert_eq!(parse_rules("a => b\nnonsense").unwrap_err().0, 2);
        assert_eq!(parse_rules(" => b").unwrap_err().0, 1);
    }
}
