//! `seams scan`: a repository's source code read into a structure layer —
//! modules, dependencies between them, the tables each reads and writes, and
//! an entry module per route — without compiling or running anything.
//!
//! Sources are parsed with tree-sitter grammars (Java, Kotlin, C#,
//! TypeScript/JavaScript, Python, Go), spread over the cores; each file's
//! facts are read by its language's extractor ([`lang`]), then names are
//! resolved across the project ([`resolve`]). Kept apart from the engine,
//! which stays pure Rust for the browser: the grammars are C.

pub mod facts;
pub mod files;
pub mod lang;
mod resolve;
pub mod sql;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use engine::formats::{ImportError, ImportLimits};
use engine::history::mapping::MappingRule;
use engine::model::Layer;

pub use files::{ScanLimits, Skipped, SourceFile, SourceTree, read_archive, read_folder};
pub use lang::Language;

/// The granularity of the modules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    /// Types for Java, Kotlin and C# (a class's id is its fully qualified
    /// name, as jdeps prints it); files for TypeScript/JavaScript and Python;
    /// packages for Go.
    #[default]
    Class,
    /// One module per source file (its path without the extension; Python: its dotted name).
    File,
    /// One module per package, namespace or folder.
    Package,
}

/// How to scan.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// The layer's name in the project.
    pub source: String,
    /// Module granularity.
    pub level: Level,
    /// Mapping rules (`path-prefix-or-glob => module`), first match first;
    /// they win over the level.
    pub rules: Vec<MappingRule>,
}

/// A file that did not parse cleanly: its facts are still used, as far as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The file.
    pub path: String,
    /// Lines where the parser met syntax it could not read (the first few).
    pub lines: Vec<usize>,
}

/// What a scan read and found.
#[derive(Debug)]
pub struct Scan {
    /// The structure layer, to merge into a project.
    pub layer: Layer,
    /// Which module each scanned source file belongs to (for a history of the
    /// same tree, so rules are never written twice).
    pub file_modules: FxHashMap<String, String>,
    /// Routes found, each with the module serving it: (entry module, module).
    pub routes: Vec<(String, String)>,
    /// Source files read, per language, with their lines.
    pub languages: BTreeMap<&'static str, (usize, usize)>,
    /// Files and folders left out, with why.
    pub skipped: Vec<Skipped>,
    /// Files with syntax the parser could not read.
    pub broken: Vec<Broken>,
}

impl Scan {
    /// Lines of source read.
    pub fn lines(&self) -> usize {
        self.languages.values().map(|(_, lines)| lines).sum()
    }

    /// Source files read.
    pub fn files(&self) -> usize {
        self.languages.values().map(|(files, _)| files).sum()
    }
}

/// Scans the files of `tree`. Fails only when no source file of a known
/// language is there, or the result is larger than a project may be.
pub fn scan(tree: SourceTree, options: &ScanOptions) -> Result<Scan, ImportError> {
    scan_watched(tree, options, &Progress::default())
}

/// How far a scan is, and whether to stop it: shared with another thread
/// that shows the progress (of [`SourceTree::sources`]) or goes away.
#[derive(Debug, Default)]
pub struct Progress {
    /// Source files parsed so far.
    pub parsed: AtomicUsize,
    /// Set to stop the scan: the files not parsed yet are left, and the scan
    /// fails.
    pub cancelled: AtomicBool,
}

/// [`scan`], counting the files parsed in `progress` and stopping when it
/// is cancelled.
pub fn scan_watched(
    tree: SourceTree,
    options: &ScanOptions,
    progress: &Progress,
) -> Result<Scan, ImportError> {
    let SourceTree { files, mut skipped } = tree;
    let (sources, descriptors): (Vec<SourceFile>, Vec<SourceFile>) = files
        .into_iter()
        .partition(|f| Language::of(&f.path).is_some());
    if sources.is_empty() {
        return Err(ImportError::one(
            &options.source,
            None,
            "no Java, Kotlin, C#, TypeScript, JavaScript, Python or Go source files found",
        ));
    }
    let read: Vec<(Language, Result<facts::FileFacts, lang::Unread>)> = sources
        .par_iter()
        .map_init(lang::Parsers::default, |parsers, file| {
            let language = Language::of(&file.path).unwrap_or(Language::Java);
            if progress.cancelled.load(Ordering::Relaxed) {
                return (language, Err(lang::Unread::Gave));
            }
            let read = parsers.read(language, &file.path, &file.text);
            progress.parsed.fetch_add(1, Ordering::Relaxed);
            (language, read)
        })
        .collect();
    if progress.cancelled.load(Ordering::Relaxed) {
        return Err(ImportError::one(
            &options.source,
            None,
            "the scan was stopped",
        ));
    }
    let mut facts = Vec::with_capacity(read.len());
    let mut languages = Vec::with_capacity(read.len());
    let mut counts: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let mut broken = Vec::new();
    for ((language, result), file) in read.into_iter().zip(&sources) {
        match result {
            Ok(found) => {
                let count = counts.entry(language.name()).or_default();
                count.0 += 1;
                count.1 += found.lines;
                if !found.broken.is_empty() {
                    broken.push(Broken {
                        path: found.path.clone(),
                        lines: found.broken.clone(),
                    });
                }
                facts.push(found);
                languages.push(language);
            }
            Err(why) => skipped.push(Skipped {
                path: file.path.clone(),
                reason: match why {
                    lang::Unread::NoGrammar => {
                        format!("no {} grammar in this build", language.name())
                    }
                    lang::Unread::Gave => "the parser gave up on it".to_string(),
                },
            }),
        }
    }
    drop(sources);
    let resolved = resolve::resolve(
        &options.source,
        &facts,
        languages,
        &descriptors,
        options.level,
        &options.rules,
    );
    // Freeing every file's facts (a million lines' worth) takes a tenth of a
    // second: another thread does it while the scan's result is used.
    std::thread::spawn(move || drop(facts));
    ImportLimits::default().check_layer(&options.source, &resolved.layer)?;
    Ok(Scan {
        layer: resolved.layer,
        file_modules: resolved.file_modules,
        routes: resolved.routes,
        languages: counts,
        skipped,
        broken,
    })
}
