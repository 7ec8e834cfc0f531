//! CSV import and export of the model: a calls file
//! (`caller,callee[,volume][,style][,transactional]`) and an optional modules file
//! (`id,name,capability,subdomain,team,size,use_cases,reads,writes`). A header row
//! is optional; with one, columns may come in any order and may include
//! `description`, `subdomain_kind`, `entry_point` and `kind`. Lists inside a field
//! are separated by `;`. The export puts a `'` before text a spreadsheet would
//! run as a formula (OWASP's guard against CSV injection); the import takes it
//! off again, so the round trip still gives the same model.

use indexmap::IndexMap;

use super::error::{ImportError, Problem};
use super::limits::ImportLimits;
use crate::model::{Call, CallKind, CallStyle, Module, Project, SubdomainKind};

const CALL_COLUMNS: [&str; 5] = ["caller", "callee", "volume", "style", "transactional"];
const MODULE_COLUMNS: [&str; 9] = [
    "id",
    "name",
    "capability",
    "subdomain",
    "team",
    "size",
    "use_cases",
    "reads",
    "writes",
];
const OPTIONAL_CALL_COLUMNS: [&str; 1] = ["kind"];
const OPTIONAL_MODULE_COLUMNS: [&str; 3] = ["description", "subdomain_kind", "entry_point"];

/// A named CSV text.
#[derive(Clone, Copy, Debug)]
pub struct CsvInput<'a> {
    /// The file name, for messages.
    pub name: &'a str,
    /// The content.
    pub text: &'a str,
}

/// Builds a project from a calls CSV and an optional modules CSV. Every problem
/// is reported with its line; nothing is returned unless there are none.
pub fn import(
    project_name: &str,
    calls: CsvInput<'_>,
    modules: Option<CsvInput<'_>>,
    limits: &ImportLimits,
) -> Result<Project, ImportError> {
    limits.check_text(calls.name, calls.text)?;
    if let Some(modules) = modules {
        limits.check_text(modules.name, modules.text)?;
    }
    let mut problems = Vec::new();
    let mut by_id: IndexMap<String, Module> = IndexMap::new();
    if let Some(input) = modules {
        let modules_table = table(
            input,
            &MODULE_COLUMNS,
            &OPTIONAL_MODULE_COLUMNS,
            &mut problems,
        );
        for row in modules_table.rows() {
            let id = row.get("id").trim().to_string();
            if id.is_empty() {
                problems.push(row.problem("the module id is empty"));
                continue;
            }
            if by_id.contains_key(&id) {
                problems.push(row.problem(format!("module '{id}' is listed twice")));
                continue;
            }
            let mut module = Module::new(id.clone());
            module.name = row.get("name").trim().to_string();
            module.description = row.get("description").trim().to_string();
            module.capability = optional(row.get("capability"));
            module.subdomain = optional(row.get("subdomain"));
            module.team = optional(row.get("team"));
            module.use_cases = list(row.get("use_cases"));
            module.reads = list(row.get("reads"));
            module.writes = list(row.get("writes"));
            match number(row.get("size"), 1.0) {
                Some(size) => module.size = size,
                None => problems.push(row.problem(format!(
                    "size '{}' is not a number from 0 to 10¹²",
                    row.get("size")
                ))),
            }
            match row
                .get("subdomain_kind")
                .trim()
                .to_ascii_lowercase()
                .as_str()
            {
                "" => {}
                "core" => module.subdomain_kind = Some(SubdomainKind::Core),
                "supporting" => module.subdomain_kind = Some(SubdomainKind::Supporting),
                "generic" => module.subdomain_kind = Some(SubdomainKind::Generic),
                other => problems.push(row.problem(format!(
                    "subdomain_kind '{other}' is not core, supporting or generic"
                ))),
            }
            match boolean(row.get("entry_point")) {
                Some(value) => module.entry_point = value,
                None => problems.push(row.problem(format!(
                    "entry_point '{}' is not yes or no",
                    row.get("entry_point")
                ))),
            }
            by_id.insert(id, module);
        }
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let mut call_list = Vec::new();
    let calls_table = table(calls, &CALL_COLUMNS, &OPTIONAL_CALL_COLUMNS, &mut problems);
    for row in calls_table.rows() {
        let (caller, callee) = (row.get("caller").trim(), row.get("callee").trim());
        if caller.is_empty() || callee.is_empty() {
            problems.push(row.problem("caller and callee are both required"));
            continue;
        }
        let mut call = Call::new(caller, callee);
        match number(row.get("volume"), 1.0) {
            Some(volume) => call.volume = volume,
            None => problems.push(row.problem(format!(
                "volume '{}' is not a number from 0 to 10¹²",
                row.get("volume")
            ))),
        }
        match row.get("style").trim().to_ascii_lowercase().as_str() {
            "" | "sync" | "http" | "rest" | "grpc" | "rpc" => call.style = CallStyle::Sync,
            "async" | "message" | "event" | "queue" | "kafka" => call.style = CallStyle::Async,
            other => problems.push(row.problem(format!("style '{other}' is not sync or async"))),
        }
        match boolean(row.get("transactional")) {
            Some(value) => call.transactional = value,
            None => problems.push(row.problem(format!(
                "transactional '{}' is not yes or no",
                row.get("transactional")
            ))),
        }
        match row.get("kind").trim().to_ascii_lowercase().as_str() {
            "" | "command" => call.kind = CallKind::Command,
            "query" => call.kind = CallKind::Query,
            other => problems.push(row.problem(format!("kind '{other}' is not command or query"))),
        }
        if !seen.insert((caller.to_string(), callee.to_string())) {
            problems.push(row.problem(format!("the call {caller} → {callee} is listed twice")));
            continue;
        }
        for id in [caller, callee] {
            if !by_id.contains_key(id) {
                by_id.insert(id.to_string(), Module::new(id));
            }
        }
        call_list.push(call);
    }
    if !problems.is_empty() {
        return Err(ImportError { problems });
    }
    let mut project = Project::new(project_name);
    project.modules = by_id.into_values().collect();
    project.calls = call_list;
    limits.check_project(calls.name, &project)?;
    project
        .validate()
        .map_err(|e| ImportError::one(calls.name, None, e.to_string()))?;
    Ok(project)
}

/// A CSV text split into records, with the position of each known column.
struct Table<'a> {
    source: &'a str,
    columns: Vec<(String, usize)>,
    records: Vec<csv::StringRecord>,
}

impl Table<'_> {
    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|record| Row {
            source: self.source,
            line: record.position().map_or(0, |p| p.line() as usize),
            columns: &self.columns,
            record,
        })
    }
}

/// One data row with its line.
struct Row<'a> {
    source: &'a str,
    line: usize,
    columns: &'a [(String, usize)],
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        self.columns
            .iter()
            .find(|(name, _)| name == column)
            .and_then(|&(_, ix)| self.record.get(ix))
            .map_or("", unguard)
    }

    fn problem(&self, message: impl Into<String>) -> Problem {
        Problem {
            source: self.source.to_string(),
            line: Some(self.line),
            message: message.into(),
        }
    }
}

/// Reads the records of a CSV text. Without a header the standard columns are
/// positional; with one, they are matched by name.
fn table<'a>(
    input: CsvInput<'a>,
    standard: &[&str],
    optional: &[&str],
    problems: &mut Vec<Problem>,
) -> Table<'a> {
    let mut table = Table {
        source: input.name,
        columns: Vec::new(),
        records: Vec::new(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(input.text.as_bytes());
    for result in reader.records() {
        match result {
            Ok(record) if record.iter().all(|field| field.trim().is_empty()) => {}
            Ok(record) => table.records.push(record),
            Err(error) => {
                problems.push(Problem {
                    source: input.name.to_string(),
                    line: error.position().map(|p| p.line() as usize),
                    message: format!("unreadable CSV: {error}"),
                });
                table.records.clear();
                return table;
            }
        }
    }
    let has_header = table
        .records
        .first()
        .and_then(|first| first.get(0))
        .is_some_and(|c| c.trim().eq_ignore_ascii_case(standard[0]));
    if has_header {
        let header = table.records.remove(0);
        for record in &table.records {
            if record.len() > header.len() {
                problems.push(Problem {
                    source: input.name.to_string(),
                    line: record.position().map(|p| p.line() as usize),
                    message: format!(
                        "{} fields, but the header names {}",
                        record.len(),
                        header.len()
                    ),
                });
            }
        }
        for (ix, name) in header.iter().enumerate() {
            let name = name.trim().to_ascii_lowercase();
            if standard.contains(&name.as_str()) || optional.contains(&name.as_str()) {
                table.columns.push((name, ix));
            } else {
                problems.push(Problem {
                    source: input.name.to_string(),
                    line: header.position().map(|p| p.line() as usize),
                    message: format!(
                        "unknown column '{name}' (expected {})",
                        standard
                            .iter()
                            .chain(optional)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
        }
    } else {
        table.columns = standard
            .iter()
            .enumerate()
            .map(|(ix, name)| (name.to_string(), ix))
            .collect();
        for record in &table.records {
            if record.len() > standard.len() {
                problems.push(Problem {
                    source: input.name.to_string(),
                    line: record.position().map(|p| p.line() as usize),
                    message: format!(
                        "{} fields; at most {} expected",
                        record.len(),
                        standard.len()
                    ),
                });
            }
        }
    }
    table
}

fn optional(field: &str) -> Option<String> {
    let field = field.trim();
    (!field.is_empty()).then(|| field.to_string())
}

fn list(field: &str) -> Vec<String> {
    field
        .split([';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn number(field: &str, default: f64) -> Option<f64> {
    let field = field.trim();
    if field.is_empty() {
        return Some(default);
    }
    field
        .parse::<f64>()
        .ok()
        .filter(|v| crate::graph::valid_magnitude(*v))
}

fn boolean(field: &str) -> Option<bool> {
    match field.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => Some(false),
        "true" | "yes" | "y" | "1" => Some(true),
        _ => None,
    }
}

/// The calls as CSV with a header, every column written, so importing it gives
/// the same calls back.
pub fn export_calls(project: &Project) -> String {
    let mut out = header(CALL_COLUMNS.into_iter().chain(OPTIONAL_CALL_COLUMNS));
    for call in &project.calls {
        let style = match call.style {
            CallStyle::Sync => "sync",
            CallStyle::Async => "async",
        };
        let kind = match call.kind {
            CallKind::Command => "command",
            CallKind::Query => "query",
        };
        record(
            &mut out,
            &[
                text_cell(&call.caller),
                text_cell(&call.callee),
                call.volume.to_string(),
                style.to_string(),
                call.transactional.to_string(),
                kind.to_string(),
            ],
        );
    }
    out
}

/// The modules as CSV with a header, every column written.
pub fn export_modules(project: &Project) -> String {
    let mut out = header(MODULE_COLUMNS.into_iter().chain(OPTIONAL_MODULE_COLUMNS));
    for m in &project.modules {
        let optional = |value: &Option<String>| text_cell(value.as_deref().unwrap_or_default());
        let kind = match m.subdomain_kind {
            None => "",
            Some(SubdomainKind::Core) => "core",
            Some(SubdomainKind::Supporting) => "supporting",
            Some(SubdomainKind::Generic) => "generic",
        };
        record(
            &mut out,
            &[
                text_cell(&m.id),
                text_cell(&m.name),
                optional(&m.capability),
                optional(&m.subdomain),
                optional(&m.team),
                m.size.to_string(),
                text_cell(&m.use_cases.join(";")),
                text_cell(&m.reads.join(";")),
                text_cell(&m.writes.join(";")),
                text_cell(&m.description),
                kind.to_string(),
                m.entry_point.to_string(),
            ],
        );
    }
    out
}

/// Every metric of every split: one row per split, one column per metric key.
pub fn export_metrics(analysis: &crate::analysis::ProjectAnalysis) -> String {
    let mut out = header(
        ["split", "origin"]
            .into_iter()
            .chain(crate::metrics::METRICS.iter().map(|m| m.key)),
    );
    for split in &analysis.splits {
        let mut row = vec![
            text_cell(&split.name),
            serde_json::to_value(split.origin)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        ];
        row.extend(split.metrics.iter().map(|(_, v)| v.to_string()));
        record(&mut out, &row);
    }
    out
}

/// A table of text as CSV: a header, then one record per row, every field
/// guarded against formulas like every other text Seams writes to CSV.
pub fn export_text_table(columns: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = header(columns.iter().copied());
    for row in rows {
        let fields: Vec<String> = row.iter().map(|field| text_cell(field)).collect();
        record(&mut out, &fields);
    }
    out
}

/// The first characters with which a spreadsheet reads a cell as a formula
/// (OWASP's list, with the full-width forms East Asian input methods type).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Whether a spreadsheet would run `text` as a formula, or whether it starts
/// with the `'` that [`text_cell`] puts before one: such text gets a `'` of
/// its own, so that reading it back removes exactly one.
fn needs_guard(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('\'') => needs_guard(chars.as_str()),
        Some(first) => FORMULA_STARTS.contains(&first),
        None => false,
    }
}

/// User text for a cell: a `'` before it when a spreadsheet would take it for
/// a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`), the OWASP guard against CSV
/// injection. [`unguard`] undoes it on import.
fn text_cell(text: &str) -> String {
    if needs_guard(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A field as read from a file, without the `'` [`text_cell`] added.
fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => field,
    }
}

/// Whether a field must be quoted (RFC 4180): it holds the delimiter, a quote
/// or a line break; it starts with `#`, which the importer reads as a comment
/// at the start of a line; or a `;` in it is followed by a formula, which a
/// spreadsheet set to `;` as its list separator would split into a cell of
/// its own.
fn needs_quotes(field: &str) -> bool {
    field.contains([',', '"', '\r', '\n'])
        || field.starts_with('#')
        || field
            .split(';')
            .skip(1)
            .any(|piece| needs_guard(piece.trim_start()))
}

/// Appends one record: fields joined by `,`, quoted where needed with inner
/// quotes doubled, ended by a line feed.
fn record(out: &mut String, fields: &[String]) {
    for (ix, field) in fields.iter().enumerate() {
        if ix > 0 {
            out.push(',');
        }
        if needs_quotes(field) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

/// A CSV text holding only the header row.
fn header<'a>(columns: impl IntoIterator<Item = &'a str>) -> String {
    let columns: Vec<String> = columns.into_iter().map(str::to_string).collect();
    let mut out = String::new();
    record(&mut out, &columns);
    out
}
