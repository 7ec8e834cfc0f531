//! Which files of a tree are the application's sources, read from a folder or
//! an uploaded archive within limits: what is not the application (tests,
//! generated code, dependencies, build output) and what cannot be read
//! (too large, a minified line, not UTF-8) is listed with the reason, never
//! fatal; an archive that tries to escape its tree (`../`, absolute paths,
//! links) or to exhaust the server (a zip bomb, too many files, too deep) is
//! refused as a whole.

use std::io::Read;
use std::path::Path;

use engine::formats::ImportError;
use engine::formats::human_size;

use crate::lang::Language;

/// The limits of one scan's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanLimits {
    /// Bytes of an uploaded archive.
    pub max_archive_bytes: usize,
    /// Bytes of all files unpacked (or read from a folder) together.
    pub max_total_bytes: usize,
    /// Entries of an archive or files of a folder.
    pub max_files: usize,
    /// Bytes of one source file; larger ones are skipped.
    pub max_file_bytes: usize,
    /// Characters of one line; files with a longer one (minified) are skipped.
    pub max_line_chars: usize,
    /// Folders deep a path may go.
    pub max_depth: usize,
    /// Unpacked size over packed size of one archive entry beyond which it is a bomb.
    pub max_ratio: u64,
}

impl Default for ScanLimits {
    /// 100 MiB archives, 1 GiB unpacked, 200,000 files, 4 MiB per file,
    /// 20,000-character lines, 48 folders deep, 200:1 compression.
    fn default() -> ScanLimits {
        ScanLimits {
            max_archive_bytes: 100 * 1024 * 1024,
            max_total_bytes: 1024 * 1024 * 1024,
            max_files: 200_000,
            max_file_bytes: 4 * 1024 * 1024,
            max_line_chars: 20_000,
            max_depth: 48,
            max_ratio: 200,
        }
    }
}

/// A file the scan reads.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path below the root, `/`-separated, without a leading `./`.
    pub path: String,
    /// The text.
    pub text: String,
}

/// A file left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path below the root (a folder ends with `/`).
    pub path: String,
    /// Why, in words.
    pub reason: String,
}

/// The files of a tree: what the scan reads and what it left out.
#[derive(Debug, Default)]
pub struct SourceTree {
    /// Sources, mapper XML, `web.xml` and Prisma schemas, by path.
    pub files: Vec<SourceFile>,
    /// Files and folders left out.
    pub skipped: Vec<Skipped>,
}

impl SourceTree {
    /// How many of the files are sources a grammar parses (what a scan counts
    /// as it goes).
    pub fn sources(&self) -> usize {
        self.files
            .iter()
            .filter(|f| Language::of(&f.path).is_some())
            .count()
    }
}

/// Folders that are never the application.
const SKIPPED_FOLDERS: [&str; 24] = [
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    "build",
    "dist",
    "out",
    "vendor",
    "bin",
    "obj",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".gradle",
    ".idea",
    ".vscode",
    ".mvn",
    "generated",
    "generated-sources",
    "coverage",
    "bower_components",
    ".next",
];

/// Folders of tests.
const TEST_FOLDERS: [&str; 4] = ["test", "tests", "__tests__", "testdata"];

/// Whether a folder holds the specs of Jasmine, Mocha or RSpec: for a script
/// only, since a Java or C# `spec` package is the application's
/// (`java.security.spec`, `javax.crypto.spec`).
fn is_script_spec_folder(folder: &str, file: &str) -> bool {
    folder == "spec"
        && [".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".py"]
            .iter()
            .any(|e| file.ends_with(e))
}

/// The names JUnit, TestNG, Kotest and the .NET runners' conventions give
/// test classes. A class so named is a test only when it uses a test
/// framework ([`uses_a_test_framework`]): `NodeTest`, a node test of XPath,
/// and `MONITOREXIT`, a JVM instruction, are the application.
const TEST_CLASS_NAMES: [&str; 7] = [
    "Test.java",
    "Tests.java",
    "IT.java",
    "Test.kt",
    "Tests.kt",
    "Test.cs",
    "Tests.cs",
];

/// Whether a file's text uses a JVM or .NET test framework.
fn uses_a_test_framework(text: &str) -> bool {
    [
        "org.junit",
        "junit.framework",
        "org.testng",
        "io.kotest",
        "kotlin.test",
        "org.spockframework",
        "NUnit",
        "Xunit",
        "Microsoft.VisualStudio.TestTools",
        "@Test",
        "[Fact",
        "[TestMethod",
        "[Test]",
    ]
    .iter()
    .any(|marker| text.contains(marker))
}

/// Whether `path` is named as a test class and `text` is one.
fn is_test_class(path: &str, text: &str) -> bool {
    TEST_CLASS_NAMES.iter().any(|t| path.ends_with(t)) && uses_a_test_framework(text)
}

/// Why a path is not the application, or `None` when it may be (a file
/// named like a test class is decided by its text: [`is_test_class`]).
fn not_the_application(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    let (file, folders) = segments.split_last()?;
    for folder in folders {
        if SKIPPED_FOLDERS.contains(folder) {
            return Some("dependencies, build output or tool files");
        }
        if TEST_FOLDERS.contains(folder)
            || is_script_spec_folder(folder, file)
            || folder.ends_with("-test")
            || folder.ends_with("_test")
        {
            return Some("tests");
        }
    }
    let tests = [
        "_test.go",
        ".test.ts",
        ".spec.ts",
        ".test.tsx",
        ".spec.tsx",
        ".test.js",
        ".spec.js",
        ".test.jsx",
        ".spec.jsx",
        "_test.py",
        "tests.py",
        "conftest.py",
    ];
    if tests.iter().any(|t| file.ends_with(t)) || file.starts_with("test_") && file.ends_with(".py")
    {
        return Some("tests");
    }
    // Django's and Alembic's migrations replay the schema's history at deploy
    // time; the application's own code is what touches the tables at run time.
    if file.ends_with(".py") && folders.contains(&"migrations") {
        return Some("database migrations (the schema's history)");
    }
    let generated = [
        ".min.js",
        ".d.ts",
        ".pb.go",
        "_pb2.py",
        "_pb2_grpc.py",
        ".g.cs",
        ".Designer.cs",
        ".bundle.js",
    ];
    if generated.iter().any(|g| file.ends_with(g)) {
        return Some("generated code");
    }
    None
}

/// Whether a non-source file carries what a scan reads (mapper XML, `web.xml`,
/// Prisma schemas, `go.mod`).
fn is_descriptor(path: &str) -> bool {
    path.ends_with(".xml")
        || path.ends_with(".prisma")
        || path == "go.mod"
        || path.ends_with("/go.mod")
}

/// Whether the scan reads this path at all (a source or a descriptor).
fn is_wanted(path: &str) -> bool {
    Language::of(path).is_some() || is_descriptor(path)
}

/// Markers of generated sources in their first lines.
fn is_generated(text: &str) -> bool {
    text.lines().take(5).any(|line| {
        line.contains("Code generated") && line.contains("DO NOT EDIT")
            || line.contains("<auto-generated")
            || line.contains("@generated")
    })
}

/// Collects files one at a time, applying the limits.
struct Collector<'l> {
    limits: &'l ScanLimits,
    tree: SourceTree,
    total: usize,
    entries: usize,
    /// Bytes a stream archive had to unpack, read or not.
    streamed: u64,
}

impl<'l> Collector<'l> {
    fn new(limits: &'l ScanLimits) -> Collector<'l> {
        Collector {
            limits,
            tree: SourceTree::default(),
            total: 0,
            entries: 0,
            streamed: 0,
        }
    }

    /// Counts the bytes of an entry a stream archive (tar, tar.gz) must unpack
    /// to go past it, read or skipped: a gzip bomb of skipped entries would
    /// otherwise keep the scanner unpacking for minutes.
    fn stream(&mut self, origin: &str, size: u64) -> Result<(), ImportError> {
        self.streamed = self.streamed.saturating_add(size);
        if self.streamed > self.limits.max_total_bytes as u64 {
            return Err(ImportError::one(
                origin,
                None,
                format!(
                    "the archive unpacks to more than {}",
                    human_size(self.limits.max_total_bytes)
                ),
            ));
        }
        Ok(())
    }

    /// Counts one entry; refuses the input past the file count.
    fn count(&mut self, origin: &str) -> Result<(), ImportError> {
        self.entries += 1;
        if self.entries > self.limits.max_files {
            return Err(ImportError::one(
                origin,
                None,
                format!(
                    "more than {} files; scan a smaller part of the tree",
                    self.limits.max_files
                ),
            ));
        }
        Ok(())
    }

    /// Whether a file of `size` bytes at `path` is worth reading; records why not.
    fn wants(&mut self, path: &str, size: u64) -> bool {
        if !is_wanted(path) {
            return false;
        }
        if let Some(reason) = not_the_application(path) {
            self.skip(path, reason);
            return false;
        }
        if size > self.limits.max_file_bytes as u64 {
            self.skip(
                path,
                &format!(
                    "{} is over the {} a source file may have",
                    human_size(size as usize),
                    human_size(self.limits.max_file_bytes)
                ),
            );
            return false;
        }
        true
    }

    fn skip(&mut self, path: &str, reason: &str) {
        // One line per skipped folder is enough.
        if let Some(folder) = skipped_folder(path)
            && reason.starts_with("dependencies")
        {
            if !self.tree.skipped.iter().any(|s| s.path == folder) {
                self.tree.skipped.push(Skipped {
                    path: folder,
                    reason: reason.to_string(),
                });
            }
            return;
        }
        self.tree.skipped.push(Skipped {
            path: path.to_string(),
            reason: reason.to_string(),
        });
    }

    /// Takes a file's bytes.
    fn add(&mut self, origin: &str, path: &str, bytes: Vec<u8>) -> Result<(), ImportError> {
        self.total += bytes.len();
        if self.total > self.limits.max_total_bytes {
            return Err(ImportError::one(
                origin,
                None,
                format!(
                    "the files add up to more than {}",
                    human_size(self.limits.max_total_bytes)
                ),
            ));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                self.skip(path, "not UTF-8 text");
                return Ok(());
            }
        };
        // An empty `__init__.py` still makes its folder a Python package.
        if text.trim().is_empty() && !path.ends_with("__init__.py") {
            self.skip(path, "empty");
            return Ok(());
        }
        if text
            .lines()
            .any(|line| line.len() > self.limits.max_line_chars)
        {
            self.skip(
                path,
                &format!(
                    "a line is over {} characters (minified or data)",
                    self.limits.max_line_chars
                ),
            );
            return Ok(());
        }
        if is_test_class(path, &text) {
            self.skip(path, "tests");
            return Ok(());
        }
        if Language::of(path).is_some() && is_generated(&text) {
            self.skip(path, "generated code");
            return Ok(());
        }
        if is_descriptor(path) && !is_read_descriptor(path, &text) {
            return Ok(());
        }
        self.tree.files.push(SourceFile {
            path: path.to_string(),
            text,
        });
        Ok(())
    }

    fn finish(mut self) -> SourceTree {
        self.tree.files.sort_by(|a, b| a.path.cmp(&b.path));
        self.tree.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        self.tree
    }
}

/// `a/node_modules/x/y.js` → `a/node_modules/`.
fn skipped_folder(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let (_, folders) = segments.split_last()?;
    let at = folders.iter().position(|s| SKIPPED_FOLDERS.contains(s))?;
    Some(format!("{}/", folders[..=at].join("/")))
}

fn is_read_descriptor(path: &str, text: &str) -> bool {
    path.ends_with(".prisma")
        || path.ends_with("go.mod")
        || path.ends_with("web.xml") && text.contains("<servlet")
        || text.contains("<mapper") && text.contains("namespace")
}

/// Reads the application's files below `root`. Links are not followed (they
/// are listed as skipped).
pub fn read_folder(root: &Path, limits: &ScanLimits) -> Result<SourceTree, ImportError> {
    let origin = root.display().to_string();
    if !root.is_dir() {
        return Err(ImportError::one(&origin, None, "not a folder"));
    }
    let mut collector = Collector::new(limits);
    // A Python package scanned by itself keeps its name: paths start above it.
    let named_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let base = match named_root.parent() {
        Some(parent) if root.join("__init__.py").is_file() => parent.to_path_buf(),
        _ => named_root.clone(),
    };
    let walker = walkdir::WalkDir::new(&named_root)
        .follow_links(false)
        .max_depth(limits.max_depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || !SKIPPED_FOLDERS.contains(&entry.file_name().to_string_lossy().as_ref())
        });
    for entry in walker {
        let entry = entry.map_err(|e| ImportError::one(&origin, None, e.to_string()))?;
        let relative = entry
            .path()
            .strip_prefix(&base)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_symlink() {
            if is_wanted(&relative) {
                collector.skip(&relative, "a link (links are not followed)");
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        collector.count(&origin)?;
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if !collector.wants(&relative, size) {
            continue;
        }
        let bytes = std::fs::read(entry.path())
            .map_err(|e| ImportError::one(&relative, None, format!("cannot read: {e}")))?;
        collector.add(&origin, &relative, bytes)?;
    }
    Ok(collector.finish())
}

/// Reads the application's files from a `.zip` or `.tar.gz` (`.tgz`) archive,
/// by its first bytes.
pub fn read_archive(
    origin: &str,
    bytes: &[u8],
    limits: &ScanLimits,
) -> Result<SourceTree, ImportError> {
    if bytes.len() > limits.max_archive_bytes {
        return Err(ImportError::one(
            origin,
            None,
            format!(
                "the archive is {}; the limit is {}",
                human_size(bytes.len()),
                human_size(limits.max_archive_bytes)
            ),
        ));
    }
    match bytes {
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => read_zip(origin, bytes, limits),
        [0x1f, 0x8b, ..] => read_tar(origin, flate2::read::GzDecoder::new(bytes), limits),
        _ if bytes.len() > 262 && &bytes[257..262] == b"ustar" => read_tar(origin, bytes, limits),
        _ => Err(ImportError::one(
            origin,
            None,
            "not a .zip, .tar.gz or .tar archive",
        )),
    }
}

/// An entry's path made safe, or why it is refused.
fn entry_path(name: &str, limits: &ScanLimits) -> Result<Option<String>, String> {
    let name = name.replace('\\', "/");
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        return Err(format!("'{name}' is an absolute path"));
    }
    let mut segments = Vec::new();
    for segment in name.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(format!("'{name}' climbs out of the archive")),
            other => segments.push(other),
        }
    }
    if segments.len() > limits.max_depth {
        return Err(format!(
            "'{name}' is nested more than {} folders deep",
            limits.max_depth
        ));
    }
    Ok((!segments.is_empty()).then(|| segments.join("/")))
}

fn read_zip(origin: &str, bytes: &[u8], limits: &ScanLimits) -> Result<SourceTree, ImportError> {
    let refuse = |message: String| ImportError::one(origin, None, message);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| refuse(format!("not a readable zip archive: {e}")))?;
    let mut collector = Collector::new(limits);
    for index in 0..archive.len() {
        collector.count(origin)?;
        let mut entry = archive
            .by_index(index)
            .map_err(|e| refuse(format!("entry {index}: {e}")))?;
        let name = entry
            .name()
            .map_err(|e| refuse(format!("entry {index}: {e}")))?
            .into_owned();
        let Some(path) = entry_path(&name, limits).map_err(&refuse)? else {
            continue;
        };
        if entry.is_symlink() {
            return Err(refuse(format!(
                "'{path}' is a link; archives with links are refused"
            )));
        }
        if entry.is_dir() {
            continue;
        }
        let declared = entry.size();
        if declared > 1024 * 1024 && declared / entry.compressed_size().max(1) > limits.max_ratio {
            return Err(refuse(format!(
                "'{path}' unpacks {}:1 (a zip bomb?)",
                declared / entry.compressed_size().max(1)
            )));
        }
        if !collector.wants(&path, declared) {
            continue;
        }
        let mut content = Vec::with_capacity(declared.min(limits.max_file_bytes as u64) as usize);
        (&mut entry)
            .take(limits.max_file_bytes as u64 + 1)
            .read_to_end(&mut content)
            .map_err(|e| refuse(format!("'{path}': {e}")))?;
        if content.len() > limits.max_file_bytes {
            // The entry lied about its size.
            return Err(refuse(format!(
                "'{path}' is larger than it says (a zip bomb?)"
            )));
        }
        collector.add(origin, &path, content)?;
    }
    Ok(collector.finish())
}

/// A stream that stops with an error once more than `left` bytes came
/// through: whatever a tar stream holds (long names, extension headers,
/// entries skipped or not), it unpacks no more than the limit.
struct Capped<R> {
    inner: R,
    left: u64,
    /// Set when the limit stopped the stream (the tar reader rewords errors).
    stopped: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        match self.left.checked_sub(read as u64) {
            Some(left) => {
                self.left = left;
                Ok(read)
            }
            None => {
                self.stopped.set(true);
                Err(std::io::Error::other("the unpack limit"))
            }
        }
    }
}

fn read_tar(
    origin: &str,
    reader: impl Read,
    limits: &ScanLimits,
) -> Result<SourceTree, ImportError> {
    let refuse = |message: String| ImportError::one(origin, None, message);
    // Headers and padding come on top of the files' bytes: one block per entry.
    let headers = (limits.max_files as u64 + 2) * 1024;
    let stopped = std::rc::Rc::new(std::cell::Cell::new(false));
    let capped = Capped {
        inner: reader,
        left: limits.max_total_bytes as u64 + headers,
        stopped: stopped.clone(),
    };
    let unreadable = |error: std::io::Error| match stopped.get() {
        true => refuse(format!(
            "the archive unpacks to more than {}",
            human_size(limits.max_total_bytes)
        )),
        false => refuse(format!("not a readable tar archive: {error}")),
    };
    let mut archive = tar::Archive::new(capped);
    let mut collector = Collector::new(limits);
    let entries = archive.entries().map_err(unreadable)?;
    for entry in entries {
        collector.count(origin)?;
        let mut entry = entry.map_err(unreadable)?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let Some(path) = entry_path(&name, limits).map_err(&refuse)? else {
            continue;
        };
        let kind = entry.header().entry_type();
        if kind.is_symlink() || kind.is_hard_link() {
            return Err(refuse(format!(
                "'{path}' is a link; archives with links are refused"
            )));
        }
        if !kind.is_file() {
            continue;
        }
        let size = entry.size();
        collector.stream(origin, size)?;
        if !collector.wants(&path, size) {
            continue;
        }
        let mut content = Vec::with_capacity(size.min(limits.max_file_bytes as u64) as usize);
        (&mut entry)
            .take(limits.max_file_bytes as u64 + 1)
            .read_to_end(&mut content)
            .map_err(|e| match stopped.get() {
                true => unreadable(e),
                false => refuse(format!("'{path}': {e}")),
            })?;
        collector.add(origin, &path, content)?;
    }
    Ok(collector.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_migrations_are_not_the_application() {
        assert_eq!(
            not_the_application("todo/migrations/0013_assigned_to_m2m.py"),
            Some("database migrations (the schema's history)")
        );
        assert_eq!(
            not_the_application("db/migrations/versions/ab12_add_orders.py"),
            Some("database migrations (the schema's history)")
        );
        assert_eq!(
            not_the_application("src/main/resources/db/migrations/V1.java"),
            None
        );
        assert_eq!(not_the_application("todo/models.py"), None);
    }

    #[test]
    fn tests_dependencies_and_generated_code_are_not_the_application() {
        assert_eq!(not_the_application("src/main/java/a/B.java"), None);
        assert_eq!(
            not_the_application("src/test/java/a/BTest.java"),
            Some("tests")
        );
        assert_eq!(
            not_the_application("web/node_modules/x/i.js"),
            Some("dependencies, build output or tool files")
        );
        assert_eq!(not_the_application("pkg/api.pb.go"), Some("generated code"));
        assert_eq!(not_the_application("app/test_views.py"), Some("tests"));
        assert_eq!(not_the_application("src/main/java/a/BTest.java"), None);
        assert_eq!(not_the_application("web/spec/order.spec.js"), Some("tests"));
        assert_eq!(not_the_application("web/spec/helpers.js"), Some("tests"));
        assert_eq!(not_the_application("java/security/spec/KeySpec.java"), None);
        assert_eq!(not_the_application("cmd/server_test.go"), Some("tests"));
    }

    #[test]
    fn a_class_named_like_a_test_is_one_when_it_uses_a_test_framework() {
        let junit = "import org.junit.jupiter.api.Test;\nclass OrderTest { @Test void a() {} }";
        assert!(is_test_class("src/main/java/a/OrderTest.java", junit));
        assert!(is_test_class(
            "Orders/OrderTests.cs",
            "public class OrderTests { [Fact] public void A() {} }"
        ));
        assert!(!is_test_class(
            "xpath/patterns/NodeTest.java",
            "public class NodeTest extends Expression { }"
        ));
        assert!(!is_test_class(
            "bcel/generic/MONITOREXIT.java",
            "public class MONITOREXIT extends Instruction { }"
        ));
        assert!(!is_test_class("src/main/java/a/Order.java", junit));
    }

    #[test]
    fn entry_paths_may_not_escape() {
        let limits = ScanLimits::default();
        assert_eq!(
            entry_path("./a/b.java", &limits),
            Ok(Some("a/b.java".to_string()))
        );
        assert!(entry_path("../etc/passwd", &limits).is_err());
        assert!(entry_path("a/../../x", &limits).is_err());
        assert!(entry_path("/etc/passwd", &limits).is_err());
        assert!(entry_path("C:\\x", &limits).is_err());
        assert_eq!(entry_path("a/", &limits), Ok(Some("a".to_string())));
    }

    #[test]
    fn a_skipped_folder_is_listed_once() {
        assert_eq!(
            skipped_folder("web/node_modules/x/i.js").as_deref(),
            Some("web/node_modules/")
        );
    }
}
