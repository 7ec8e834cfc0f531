//! The languages a scan reads, one extractor each, and what they share: the
//! grammar of each (tree-sitter crates from crates.io), a parser per thread,
//! and small helpers over syntax nodes.

mod csharp;
mod go;
pub(crate) mod java;
mod kotlin;
mod python;
mod script;

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;
use tree_sitter::{Node, Parser};

use crate::facts::FileFacts;

/// A language Seams reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// `.java`
    Java,
    /// `.kt`, `.kts`
    Kotlin,
    /// `.cs`
    CSharp,
    /// `.ts`, `.mts`, `.cts`
    TypeScript,
    /// `.tsx`
    Tsx,
    /// `.js`, `.jsx`, `.mjs`, `.cjs`
    JavaScript,
    /// `.py`
    Python,
    /// `.go`
    Go,
}

/// Every language, for a parser per thread.
pub const LANGUAGES: [Language; 8] = [
    Language::Java,
    Language::Kotlin,
    Language::CSharp,
    Language::TypeScript,
    Language::Tsx,
    Language::JavaScript,
    Language::Python,
    Language::Go,
];

impl Language {
    /// The language of a file, by its extension.
    pub fn of(path: &str) -> Option<Language> {
        let extension = path.rsplit_once('.')?.1;
        Some(match extension {
            "java" => Language::Java,
            "kt" | "kts" => Language::Kotlin,
            "cs" => Language::CSharp,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "js" | "jsx" | "mjs" | "cjs" => Language::JavaScript,
            "py" => Language::Python,
            "go" => Language::Go,
            _ => return None,
        })
    }

    /// The language's name as its users write it.
    pub fn name(self) -> &'static str {
        match self {
            Language::Java => "Java",
            Language::Kotlin => "Kotlin",
            Language::CSharp => "C#",
            Language::TypeScript | Language::Tsx => "TypeScript",
            Language::JavaScript => "JavaScript",
            Language::Python => "Python",
            Language::Go => "Go",
        }
    }

    /// Whether the language's modules are types (else files or packages).
    pub fn has_types(self) -> bool {
        matches!(self, Language::Java | Language::Kotlin | Language::CSharp)
    }

    fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Java => tree_sitter_java::LANGUAGE.into(),
            Language::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
            Language::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
        }
    }
}

/// One parser per language, made once per thread.
pub struct Parsers {
    parsers: Vec<(Language, Parser)>,
}

impl Default for Parsers {
    fn default() -> Parsers {
        let parsers = LANGUAGES
            .iter()
            .filter_map(|&language| {
                let mut parser = Parser::new();
                parser.set_language(&language.grammar()).ok()?;
                Some((language, parser))
            })
            .collect();
        Parsers { parsers }
    }
}

/// The longest one file's parse may take. Real files of a megabyte parse in
/// well under a second; a hostile file can drive a grammar's error recovery
/// into minutes and gigabytes (a 394-byte Kotlin file found by fuzzing took
/// 4.5 minutes and over 2 GB), and is given up instead.
const PARSE_BUDGET: std::time::Duration = std::time::Duration::from_secs(2);

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// The grammar of its language failed to load (a build problem).
    NoGrammar,
    /// The parser gave up (it has a time and size budget).
    Gave,
}

impl Parsers {
    /// Parses `src` as `language` and reads its facts.
    pub fn read(&mut self, language: Language, path: &str, src: &str) -> Result<FileFacts, Unread> {
        let parser = self
            .parsers
            .iter_mut()
            .find(|(l, _)| *l == language)
            .map(|(_, p)| p)
            .ok_or(Unread::NoGrammar)?;
        let deadline = std::time::Instant::now() + PARSE_BUDGET;
        let mut give_up = |_: &tree_sitter::ParseState| {
            if std::time::Instant::now() > deadline {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        };
        let text = src.as_bytes();
        let mut chunk = |offset: usize, _| &text[offset.min(text.len())..];
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut give_up);
        let Some(tree) = parser.parse_with_options(&mut chunk, None, Some(options)) else {
            // A cancelled parse would otherwise resume on the next file.
            parser.reset();
            return Err(Unread::Gave);
        };
        let root = tree.root_node();
        let mut facts = FileFacts {
            path: path.to_string(),
            lines: src.lines().count(),
            ..FileFacts::default()
        };
        if root.has_error() {
            facts.broken = broken_lines(root);
        }
        let bytes = src.as_bytes();
        match language {
            Language::Java => java::extract(root, bytes, &mut facts),
            Language::Kotlin => kotlin::extract(root, bytes, &mut facts),
            Language::CSharp => csharp::extract(root, bytes, &mut facts),
            Language::TypeScript | Language::Tsx | Language::JavaScript => {
                script::extract(root, bytes, &mut facts)
            }
            Language::Python => python::extract(root, bytes, &mut facts),
            Language::Go => go::extract(root, bytes, &mut facts),
        }
        Ok(facts)
    }
}

/// The first lines (at most 5) where the tree holds an error or a missing node.
fn broken_lines(root: Node<'_>) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if lines.len() >= 5 {
            break;
        }
        if node.is_error() || node.is_missing() {
            lines.push(node.start_position().row + 1);
            continue;
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// The source text of a node.
pub(crate) fn text<'s>(node: Node<'_>, src: &'s [u8]) -> &'s str {
    node.utf8_text(src).unwrap_or("")
}

/// Whether a character starts a type's name by convention.
pub(crate) fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

/// `Map<String, Pet>` → `Map`; `Pet[]` → `Pet`; `List<Pet>?` → `List`.
pub(crate) fn strip_generics(written: &str) -> &str {
    let end = written
        .find(['<', '[', '?', '(', ' '])
        .unwrap_or(written.len());
    written[..end].trim()
}

/// The text of a string literal without its quotes and prefix (`r"…"`, `f'…'`,
/// `'''…'''`, `"""…"""`, `` `…` ``, `@"…"`, `$"…"`).
pub fn unquote(written: &str) -> &str {
    let body =
        written.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '@' || c == '$');
    for quote in ["\"\"\"", "'''", "\"", "'", "`"] {
        if let Some(inner) = body.strip_prefix(quote).and_then(|s| s.strip_suffix(quote)) {
            return inner;
        }
    }
    body
}

/// An annotation (Java, Kotlin) or attribute (C#), with its arguments as text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Annotation {
    /// The simple name (`RequestMapping`).
    pub name: String,
    /// Arguments: key (`value` for the unnamed one) → values (strings unquoted,
    /// array elements one by one, other expressions as written).
    pub args: Vec<(String, Vec<String>)>,
}

impl Annotation {
    /// The first value of `key`.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }

    /// The values of `key`, else of `alias`.
    pub fn values(&self, key: &str, alias: &str) -> Vec<String> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| self.args.iter().find(|(k, _)| k == alias))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// The Java annotations among a node's children.
pub(crate) fn annotations_in(node: Node<'_>, src: &[u8]) -> Vec<Annotation> {
    let mut cursor = node.walk();
    let mut out = Vec::new();
    for child in node.named_children(&mut cursor) {
        if !matches!(child.kind(), "annotation" | "marker_annotation") {
            continue;
        }
        let name = child.field("name").map(|n| text(n, src)).unwrap_or("");
        let mut annotation = Annotation {
            name: name.rsplit('.').next().unwrap_or(name).to_string(),
            args: Vec::new(),
        };
        if let Some(arguments) = child.field("arguments") {
            let mut inner = arguments.walk();
            for argument in arguments.named_children(&mut inner) {
                if argument.kind() == "element_value_pair" {
                    let key = argument
                        .field("key")
                        .map(|k| text(k, src).to_string())
                        .unwrap_or_default();
                    let values = argument
                        .field("value")
                        .map(|v| values_of(v, src))
                        .unwrap_or_default();
                    annotation.args.push((key, values));
                } else {
                    annotation
                        .args
                        .push(("value".to_string(), values_of(argument, src)));
                }
            }
        }
        out.push(annotation);
    }
    out
}

/// The values of an annotation argument: each array element, strings unquoted.
pub(crate) fn values_of(node: Node<'_>, src: &[u8]) -> Vec<String> {
    match node.kind() {
        "element_value_array_initializer" | "array_creation_expression" | "collection_literal" => {
            let mut cursor = node.walk();
            node.named_children(&mut cursor)
                .flat_map(|n| values_of(n, src))
                .collect()
        }
        "string_literal" | "string" | "verbatim_string_literal" | "raw_string_literal" => {
            vec![unquote(text(node, src)).to_string()]
        }
        _ => vec![text(node, src).to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_extension() {
        assert_eq!(Language::of("a/B.java"), Some(Language::Java));
        assert_eq!(Language::of("x.tsx"), Some(Language::Tsx));
        assert_eq!(Language::of("x.d.ts"), Some(Language::TypeScript));
        assert_eq!(Language::of("Makefile"), None);
    }

    #[test]
    fn quotes_and_generics_come_off() {
        assert_eq!(unquote("\"owners\""), "owners");
        assert_eq!(unquote("f'''x'''"), "x");
        assert_eq!(unquote("@\"a\""), "a");
        assert_eq!(strip_generics("Map<String, Pet>"), "Map");
        assert_eq!(strip_generics("Pet[]"), "Pet");
    }
}

/// A node's child in a named field, the field's id looked up once per
/// language and name: tree-sitter's own `child_by_field_name` compares the
/// name with every field name of the grammar on each call, which took half
/// of a scan's time.
pub trait Fields<'t> {
    /// The child in field `name`.
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

/// Slots of the field-id cache (a power of two).
const FIELD_SLOTS: usize = 512;

/// One remembered lookup: the language, the name (its address and length)
/// and the id (0: the grammar has no such field).
#[derive(Clone, Copy, Default)]
struct FieldSlot {
    language: u64,
    name: (usize, usize),
    id: u16,
}

impl<'t> Fields<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        thread_local! {
            static SLOTS: RefCell<Vec<FieldSlot>> =
                RefCell::new(vec![FieldSlot::default(); FIELD_SLOTS]);
        }
        let language = self.language();
        let mut hasher = FxHasher::default();
        (*language).hash(&mut hasher);
        let language_key = hasher.finish();
        let key = (name.as_ptr() as usize, name.len());
        let slot = (key.0 >> 3 ^ language_key as usize) & (FIELD_SLOTS - 1);
        let id = SLOTS.with(|slots| {
            let mut slots = slots.borrow_mut();
            let remembered = slots[slot];
            if remembered.language == language_key && remembered.name == key {
                return remembered.id;
            }
            let id = language.field_id_for_name(name).map_or(0, |id| id.get());
            slots[slot] = FieldSlot {
                language: language_key,
                name: key,
                id,
            };
            id
        });
        (id != 0).then(|| self.child_by_field_id(id)).flatten()
    }
}
