//! The command-line tools: thin wrappers that read files, call the engine and
//! write the result.

pub mod agreement;
pub mod analyze;
pub mod backup;
pub mod boundaries;
pub mod check;
pub mod export;
pub mod history;
pub mod import;
pub mod layer_import;
pub mod refine;
pub mod roadmap;
pub mod scan;
pub mod split_import;
pub mod suggest;
pub mod timings;

use std::path::Path;

use anyhow::Context;

/// Reads a text file, naming it in the error. A file over the import limit is
/// refused before it is read (and a file that grows while read stops at it).
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    let limit = engine::formats::ImportLimits::default().max_bytes;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let too_big = || {
        anyhow::anyhow!(
            "{} is over the import limit of {}",
            path.display(),
            engine::formats::human_size(limit)
        )
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit as u64 {
        return Err(too_big());
    }
    let text = read_within_limit_sized(file, size as usize)
        .with_context(|| format!("cannot read {}", path.display()))?;
    text.ok_or_else(too_big)
}

/// The text `reader` gives, read up to the import limit: `None` when it gives
/// more (what is past the limit is never read).
pub fn read_within_limit(reader: impl std::io::Read) -> std::io::Result<Option<String>> {
    read_within_limit_sized(reader, 0)
}

/// [`read_within_limit`] with room made for `expected` bytes first, so that a
/// big file is read into its buffer once rather than copied as it grows.
fn read_within_limit_sized(
    reader: impl std::io::Read,
    expected: usize,
) -> std::io::Result<Option<String>> {
    use std::io::Read;
    let limit = engine::formats::ImportLimits::default().max_bytes;
    let mut text = String::with_capacity(expected.min(limit) + 1);
    reader.take(limit as u64 + 1).read_to_string(&mut text)?;
    Ok((text.len() <= limit).then_some(text))
}

/// Frees `value` on another thread: a big model's million allocations take a
/// tenth of a second to free, which a command about to write and exit need not
/// wait for.
pub fn free_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// Writes to a file, or to standard output when no file is given.
pub fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .context("cannot write to standard output")
        }
    }
}

/// Writes `value` as indented JSON (and a final newline) to `path`, or to
/// standard output without one, as it is encoded: a big analysis is never
/// held whole in memory as text.
pub fn write_json_output(path: Option<&Path>, value: &impl serde::Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
        serde_json::to_writer_pretty(&mut out, value)?;
        out.write_all(b"\n")?;
        out.flush()
    };
    match path {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut file| write(&mut file))
            .with_context(|| format!("cannot write {}", path.display())),
        None => write(&mut std::io::stdout().lock()).context("cannot write to standard output"),
    }
}

/// Reads a native project file.
pub fn read_project(path: &Path) -> anyhow::Result<engine::model::Project> {
    let text = read_text(path)?;
    Ok(engine::formats::native::from_json(
        &path.display().to_string(),
        &text,
    )?)
}

/// Reads a native project file as a document (for big projects: compiled
/// without turning every call into strings).
pub fn read_document(path: &Path) -> anyhow::Result<engine::formats::native::NativeDocument> {
    let text = read_text(path)?;
    Ok(engine::formats::native::NativeDocument::parse(
        &path.display().to_string(),
        &text,
    )?)
}

/// The split named `name` (or with that id) of a compiled project, or an
/// error naming the splits it has.
pub fn find_split<'a>(
    compiled: &'a engine::formats::native::CompiledProject,
    file: &str,
    name: &str,
) -> anyhow::Result<&'a (engine::model::Split, engine::graph::ResolvedSplit)> {
    compiled
        .splits
        .iter()
        .find(|(s, _)| s.name == name)
        .or_else(|| compiled.splits.iter().find(|(s, _)| s.id == name))
        .with_context(|| {
            let names: Vec<&str> = compiled
                .splits
                .iter()
                .map(|(s, _)| s.name.as_str())
                .collect();
            format!(
                "{file} has no split named '{name}' (it has: {})",
                names.join(", ")
            )
        })
}

/// Groups of modules to keep together, and pairs to keep apart.
pub type ModuleConstraints = (Vec<Vec<String>>, Vec<(String, String)>);

/// Keep-together groups ("a,b,c" each) and keep-apart pairs ("a,b" each) as
/// the command line gives them.
pub fn module_constraints(
    keep_together: &[String],
    keep_apart: &[String],
) -> anyhow::Result<ModuleConstraints> {
    let mut apart = Vec::new();
    for pair in keep_apart {
        match pair.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                apart.push((a.trim().to_string(), b.trim().to_string()))
            }
            _ => anyhow::bail!(
                "--keep-apart takes two module ids separated by a comma, got '{pair}'"
            ),
        }
    }
    let together = keep_together
        .iter()
        .map(|group| {
            group
                .split(',')
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect()
        })
        .collect();
    Ok((together, apart))
}
