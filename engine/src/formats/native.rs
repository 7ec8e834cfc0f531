//! The native JSON project document: versioned, validated on read, and written in
//! one canonical form so that reading and writing again gives the same bytes.
//!
//! Version 2 (written since Seams 0.2) keeps modules, services and the checklist
//! as in version 1 but stores calls as columns of module positions and each
//! split's assignment as (module, service) position pairs: a 1,000,000-call
//! project is a third of its version-1 size (so a 2,000,000-call project fits the
//! import limit) and reads several times faster. Version 1 documents are still
//! read.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use super::error::{ImportError, Problem};
use crate::graph::{
    Amount, CallRec, CallRows, ModelGraph, ResolvedSplit, icp_weight, valid_magnitude,
};
use crate::model::{
    Call, CallKind, CallStyle, Layer, Module, Project, Readiness, RoadmapPlan, SCHEMA_VERSION,
    Service, ServicePair, Split, SplitOrigin,
};

/// The first version, with calls and assignments spelled out by id.
const VERSION_1: u32 = 1;

/// Just the version, read before the rest (every other field is skipped
/// without being kept).
#[derive(Deserialize)]
struct Version {
    schema_version: Option<u32>,
}

/// A version-2 document.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    schema_version: u32,
    name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(default)]
    modules: Vec<Module>,
    #[serde(default)]
    calls: CallColumns,
    #[serde(default)]
    splits: Vec<SplitDocument>,
    #[serde(default, skip_serializing_if = "Readiness::is_empty")]
    readiness: Readiness,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    layers: Vec<Layer>,
}

/// Calls as columns: position `i` of each column describes call `i`.
#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CallColumns {
    /// Position of the calling module in `modules`.
    caller: Vec<u32>,
    /// Position of the called module.
    callee: Vec<u32>,
    /// Volume of each call; empty when every volume is 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    volume: Vec<f64>,
    /// Calls (positions) that are asynchronous.
    #[serde(default, rename = "async", skip_serializing_if = "Vec::is_empty")]
    asynchronous: Vec<u32>,
    /// Calls that must be atomic with the caller's write.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    transactional: Vec<u32>,
    /// Calls that only read (queries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    query: Vec<u32>,
    /// Calls (positions) each layer added, by layer source.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    source: std::collections::BTreeMap<String, Vec<u32>>,
}

impl CallColumns {
    fn is_empty(&self) -> bool {
        self.caller.is_empty()
            && self.callee.is_empty()
            && self.volume.is_empty()
            && self.asynchronous.is_empty()
            && self.transactional.is_empty()
            && self.query.is_empty()
            && self.source.is_empty()
    }
}

/// Documents smaller than this are read in one pass (two would not pay).
const READ_IN_TWO_BYTES: usize = 1 << 20;

/// Where the calls of a document laid out as [`write_document`] lays it out
/// are: the offsets of the braces of their object, which opens on a line of
/// its own and closes on the line before the splits. Every value inside is
/// written on one line and a string cannot hold a line break, so these lines
/// are nowhere else.
fn calls_object(text: &str) -> Option<(usize, usize)> {
    const OPEN: &[u8] = b"],\n  \"calls\": {\n";
    const CLOSE: &[u8] = b"\n  },\n  \"splits\": [";
    let bytes = text.as_bytes();
    let open = memchr::memmem::find(bytes, OPEN)? + OPEN.len() - 2;
    let close = open + memchr::memmem::find(&bytes[open..], CLOSE)? + 3;
    Some((open, close))
}

/// A big current document read on two cores: its calls on one, the rest on
/// the other (they are about half of it each at a million calls). `None`
/// when it is not laid out as Seams writes it or either half does not read;
/// the caller then reads it whole, which also places any error in the
/// whole text.
fn read_in_two(text: &str) -> Option<Document> {
    if text.len() < READ_IN_TWO_BYTES {
        return None;
    }
    let (open, close) = calls_object(text)?;
    const NO_CALLS: &str = r#"{"caller": [], "callee": []}"#;
    let mut rest = String::with_capacity(text.len() - (close - open) + NO_CALLS.len());
    rest.push_str(&text[..open]);
    rest.push_str(NO_CALLS);
    rest.push_str(&text[close + 1..]);
    let (document, calls) = crate::parallel::join(
        || serde_json::from_str::<Document>(&rest).ok(),
        || serde_json::from_str::<CallColumns>(&text[open..=close]).ok(),
    );
    let (mut document, calls) = (document?, calls?);
    // The calls object taken out must have been the document's own.
    if document.schema_version != SCHEMA_VERSION || !document.calls.is_empty() {
        return None;
    }
    document.calls = calls;
    Some(document)
}

/// A split with its assignment as (module position, service position) pairs.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SplitDocument {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    id: String,
    name: String,
    #[serde(default, skip_serializing_if = "is_manual")]
    origin: SplitOrigin,
    #[serde(default)]
    services: Vec<Service>,
    #[serde(default)]
    assignment: Vec<(u32, u32)>,
    #[serde(default, skip_serializing_if = "RoadmapPlan::is_default")]
    roadmap: RoadmapPlan,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    forbidden: Vec<ServicePair>,
}

fn is_manual(origin: &SplitOrigin) -> bool {
    *origin == SplitOrigin::Manual
}

/// A native document as read, for tools that work on big projects: it compiles
/// straight from module positions to the graph the metrics need (no strings per
/// call), takes a new split, and is written again, so a 1,000,000-call project
/// is analysed or extended in about a second.
pub struct NativeDocument(Document);

/// A document compiled for analysis.
pub struct CompiledProject {
    /// The compiled model.
    pub graph: Arc<ModelGraph>,
    /// Each split (its services; the assignment is in `resolved`), resolved.
    pub splits: Vec<(Split, ResolvedSplit)>,
    /// The readiness checklist.
    pub readiness: Readiness,
}

/// Collects up to 20 problems of one source.
struct Problems<'a> {
    source: &'a str,
    list: Vec<Problem>,
}

impl Problems<'_> {
    fn push(&mut self, message: String) {
        if self.list.len() < 20 {
            self.list.push(Problem {
                source: self.source.to_string(),
                line: None,
                message,
            });
        }
    }

    fn error(self) -> ImportError {
        ImportError {
            problems: self.list,
        }
    }

    fn result<T>(self, value: T) -> Result<T, ImportError> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(ImportError {
                problems: self.list,
            })
        }
    }
}

impl NativeDocument {
    /// Reads a document of version 1 or 2 (checked when compiled or turned into
    /// a project).
    pub fn parse(source: &str, text: &str) -> Result<NativeDocument, ImportError> {
        if let Some(document) = read_in_two(text) {
            return Ok(NativeDocument(document));
        }
        // A current document is read in one pass; the version is looked at on
        // its own only when that fails (an older version, or a mistake whose
        // message should be about the version it claims).
        let current = serde_json::from_str::<Document>(text);
        if let Ok(document) = current.as_ref()
            && document.schema_version == SCHEMA_VERSION
        {
            return current
                .map(NativeDocument)
                .map_err(|e| ImportError::json(source, &e));
        }
        let version: Version =
            serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
        match (version.schema_version, current) {
            (Some(SCHEMA_VERSION), Err(e)) => Err(ImportError::json(source, &e)),
            _ => Ok(NativeDocument(to_document(&from_json(source, text)?))),
        }
    }

    /// The modules, in order.
    pub fn modules(&self) -> &[Module] {
        &self.0.modules
    }

    /// Whether a split has this name.
    pub fn has_split(&self, name: &str) -> bool {
        self.0.splits.iter().any(|s| s.name == name)
    }

    /// The compiled model and the splits resolved to it, every position and
    /// value checked.
    pub fn compile(&self, source: &str) -> Result<CompiledProject, ImportError> {
        let document = &self.0;
        let mut problems = Problems {
            source,
            list: Vec::new(),
        };
        let n = document.modules.len();
        let calls = &document.calls;
        let count = calls.caller.len();
        if calls.callee.len() != count || !(calls.volume.is_empty() || calls.volume.len() == count)
        {
            problems.push(format!(
                "calls: caller has {count} entries, callee {}, volume {}",
                calls.callee.len(),
                calls.volume.len()
            ));
            return Err(problems.error());
        }
        if let Some(position) = calls
            .source
            .values()
            .flatten()
            .find(|p| **p as usize >= count)
        {
            problems.push(format!("calls.source: there is no call {position}"));
        }
        let mut flags = vec![0u8; count];
        for (list, bit, what) in [
            (&calls.asynchronous, 1, "async"),
            (&calls.transactional, 2, "transactional"),
        ] {
            for &position in list {
                match flags.get_mut(position as usize) {
                    Some(flag) => *flag |= bit,
                    None => problems.push(format!("calls.{what}: there is no call {position}")),
                }
            }
        }
        for &position in &calls.query {
            match flags.get_mut(position as usize) {
                Some(flag) => *flag |= 4,
                None => problems.push(format!("calls.query: there is no call {position}")),
            }
        }
        let records_of = || {
            let mut records = Vec::with_capacity(count);
            for (i, ((&caller, &callee), flag)) in calls
                .caller
                .iter()
                .zip(&calls.callee)
                .zip(&flags)
                .enumerate()
            {
                let volume = calls.volume.get(i).copied().unwrap_or(1.0);
                if caller as usize >= n || callee as usize >= n {
                    problems.push(format!(
                        "calls[{i}]: module position {caller} or {callee} is out of range ({n} modules)"
                    ));
                    continue;
                }
                let name = |m: u32| document.modules[m as usize].id.as_str();
                if !valid_magnitude(volume) {
                    problems.push(format!(
                        "call {} → {}: volume {volume} is not a number from 0 to 10¹²",
                        name(caller),
                        name(callee)
                    ));
                }
                records.push(CallRec {
                    caller,
                    callee,
                    volume,
                    volume_units: Amount::units(volume),
                    icp_units: Amount::units(icp_weight(volume)),
                    sync: flag & 1 == 0,
                    transactional: flag & 2 != 0,
                    query: flag & 4 != 0,
                    counts_pair: true,
                });
            }
            let rows = CallRows::of(n, &records);
            for (caller, callee) in rows.repeated() {
                problems.push(format!(
                    "call {} → {} appears twice",
                    document.modules[caller as usize].id, document.modules[callee as usize].id
                ));
            }
            (records, rows)
        };
        let graph = match ModelGraph::from_positions(&document.modules, records_of) {
            Ok(mut graph) => {
                graph.attach_layers(&document.layers);
                Some(graph)
            }
            Err(error) => {
                problems.push(error.to_string());
                None
            }
        };
        let mut splits = Vec::with_capacity(document.splits.len());
        let mut names = rustc_hash::FxHashSet::default();
        let mut ids = rustc_hash::FxHashSet::default();
        for split in &document.splits {
            if split.name.is_empty() || !names.insert(split.name.as_str()) {
                problems.push(format!(
                    "split '{}': the name is empty or used twice",
                    split.name
                ));
            }
            if !split.id.is_empty() && !ids.insert(split.id.as_str()) {
                problems.push(format!("split id '{}' is used twice", split.id));
            }
            let mut service_ids = rustc_hash::FxHashSet::default();
            if split
                .services
                .iter()
                .any(|s| s.id.is_empty() || !service_ids.insert(s.id.as_str()))
            {
                problems.push(format!(
                    "split '{}': a service id is empty or used twice",
                    split.name
                ));
            }
            let mut placed = vec![false; n];
            for &(module, service) in &split.assignment {
                let (m, s) = (module as usize, service as usize);
                if m >= n || s >= split.services.len() {
                    problems.push(format!(
                        "split '{}': assignment ({module}, {service}) is out of range",
                        split.name
                    ));
                } else if document.modules[m].entry_point {
                    problems.push(format!(
                        "split '{}': entry point '{}' cannot be in a service",
                        split.name, document.modules[m].id
                    ));
                } else if std::mem::replace(&mut placed[m], true) {
                    problems.push(format!(
                        "split '{}': module '{}' is assigned twice",
                        split.name, document.modules[m].id
                    ));
                }
            }
            splits.push((
                Split {
                    id: split.id.clone(),
                    name: split.name.clone(),
                    origin: split.origin,
                    services: split.services.clone(),
                    assignment: indexmap::IndexMap::new(),
                    roadmap: split.roadmap.clone(),
                    forbidden: split.forbidden.clone(),
                },
                ResolvedSplit {
                    service_count: split.services.len() as u32,
                    order: split.assignment.clone(),
                },
            ));
        }
        let mut checklist = Project::new(document.name.clone());
        checklist.readiness = document.readiness.clone();
        for error in checklist.validation_errors() {
            problems.push(error.to_string());
        }
        let Some(graph) = graph else {
            return Err(problems.error());
        };
        problems.result(CompiledProject {
            graph: Arc::new(graph),
            splits,
            readiness: checklist.readiness,
        })
    }

    /// Adds a split (its assignment by module and service id; unknown ones are
    /// left out).
    pub fn add_split(&mut self, split: &Split) {
        let position: rustc_hash::FxHashMap<&str, u32> = self
            .0
            .modules
            .iter()
            .enumerate()
            .map(|(ix, m)| (m.id.as_str(), ix as u32))
            .collect();
        let service: rustc_hash::FxHashMap<&str, u32> = split
            .services
            .iter()
            .enumerate()
            .map(|(ix, s)| (s.id.as_str(), ix as u32))
            .collect();
        let assignment = split
            .assignment
            .iter()
            .filter_map(|(m, s)| Some((*position.get(m.as_str())?, *service.get(s.as_str())?)))
            .collect();
        self.0.splits.push(SplitDocument {
            id: split.id.clone(),
            name: split.name.clone(),
            origin: split.origin,
            services: split.services.clone(),
            assignment,
            roadmap: split.roadmap.clone(),
            forbidden: split.forbidden.clone(),
        });
    }

    /// The canonical text (see [`to_json`]).
    pub fn to_json(&self) -> String {
        write_document(&self.0)
    }
}

/// Reads a native project document (version 1 or 2), refusing unknown
/// versions, unknown fields and inconsistent content.
pub fn from_json(source: &str, text: &str) -> Result<Project, ImportError> {
    let version: Version = serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
    let project = match version.schema_version {
        Some(VERSION_1) => {
            let mut project: Project =
                serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
            project.schema_version = SCHEMA_VERSION;
            project
        }
        Some(SCHEMA_VERSION) => {
            let document: Document =
                serde_json::from_str(text).map_err(|e| ImportError::json(source, &e))?;
            from_document(source, document)?
        }
        Some(other) => {
            return Err(ImportError::one(
                source,
                None,
                format!(
                    "schema_version {other} is not supported (this Seams reads versions {VERSION_1} and {SCHEMA_VERSION})"
                ),
            ));
        }
        None => {
            return Err(ImportError::one(
                source,
                None,
                "not a Seams project: the field schema_version is missing",
            ));
        }
    };
    let problems: Vec<_> = project
        .validation_errors()
        .into_iter()
        .map(|e| Problem {
            source: source.to_string(),
            line: None,
            message: e.to_string(),
        })
        .collect();
    if problems.is_empty() {
        Ok(project)
    } else {
        Err(ImportError { problems })
    }
}

/// The project a version-2 document describes; positions must be in range.
fn from_document(source: &str, document: Document) -> Result<Project, ImportError> {
    let Document {
        name,
        description,
        modules,
        calls,
        splits,
        readiness,
        layers,
        ..
    } = document;
    let mut problems = Vec::new();
    let mut problem = |message: String| {
        if problems.len() < 20 {
            problems.push(Problem {
                source: source.to_string(),
                line: None,
                message,
            });
        }
    };
    let count = calls.caller.len();
    if calls.callee.len() != count || !(calls.volume.is_empty() || calls.volume.len() == count) {
        problem(format!(
            "calls: caller has {count} entries, callee {}, volume {}",
            calls.callee.len(),
            calls.volume.len()
        ));
    }
    let module_id = |position: u32| modules.get(position as usize).map(|m| m.id.clone());
    let mut call_source: Vec<Option<String>> = vec![None; count];
    for (layer, positions) in &calls.source {
        for &position in positions {
            match call_source.get_mut(position as usize) {
                Some(slot) => *slot = Some(layer.clone()),
                None => problem(format!("calls.source: there is no call {position}")),
            }
        }
    }
    let mut flags = vec![0u8; count];
    for (list, bit, what) in [
        (&calls.asynchronous, 1, "async"),
        (&calls.transactional, 2, "transactional"),
        (&calls.query, 4, "query"),
    ] {
        for &position in list {
            match flags.get_mut(position as usize) {
                Some(flag) => *flag |= bit,
                None => problem(format!("calls.{what}: there is no call {position}")),
            }
        }
    }
    let mut project_calls = Vec::with_capacity(count);
    let pairs = calls.caller.iter().zip(&calls.callee);
    for (i, ((&from, &to), flag)) in pairs.zip(&flags).enumerate() {
        let (Some(caller), Some(callee)) = (module_id(from), module_id(to)) else {
            problem(format!(
                "calls[{i}]: module position {from} or {to} is out of range ({} modules)",
                modules.len()
            ));
            continue;
        };
        project_calls.push(Call {
            caller,
            callee,
            volume: calls.volume.get(i).copied().unwrap_or(1.0),
            style: if flag & 1 != 0 {
                CallStyle::Async
            } else {
                CallStyle::Sync
            },
            transactional: flag & 2 != 0,
            kind: if flag & 4 != 0 {
                CallKind::Query
            } else {
                CallKind::Command
            },
            source: call_source[i].take(),
        });
    }
    let mut project_splits = Vec::with_capacity(splits.len());
    for split in splits {
        let mut assignment = indexmap::IndexMap::with_capacity(split.assignment.len());
        for (module, service) in &split.assignment {
            match (module_id(*module), split.services.get(*service as usize)) {
                (Some(module), Some(service)) => {
                    assignment.insert(module, service.id.clone());
                }
                _ => problem(format!(
                    "split '{}': assignment ({module}, {service}) is out of range",
                    split.name
                )),
            }
        }
        project_splits.push(Split {
            id: split.id,
            name: split.name,
            origin: split.origin,
            services: split.services,
            assignment,
            roadmap: split.roadmap,
            forbidden: split.forbidden,
        });
    }
    if !problems.is_empty() {
        return Err(ImportError { problems });
    }
    Ok(Project {
        schema_version: SCHEMA_VERSION,
        name,
        description,
        modules,
        calls: project_calls,
        splits: project_splits,
        readiness,
        layers,
    })
}

/// The version-2 document of a project. Calls or assignments naming a module
/// the project lacks cannot be written by position; they are left out (a
/// project that passed validation has none).
fn to_document(project: &Project) -> Document {
    let position: rustc_hash::FxHashMap<&str, u32> = project
        .modules
        .iter()
        .enumerate()
        .map(|(ix, m)| (m.id.as_str(), ix as u32))
        .collect();
    let mut calls = CallColumns::default();
    let mut all_one = true;
    let mut volume = Vec::with_capacity(project.calls.len());
    for call in &project.calls {
        let (Some(&caller), Some(&callee)) = (
            position.get(call.caller.as_str()),
            position.get(call.callee.as_str()),
        ) else {
            continue;
        };
        let ix = calls.caller.len() as u32;
        calls.caller.push(caller);
        calls.callee.push(callee);
        volume.push(call.volume);
        all_one &= call.volume == 1.0;
        if call.style == CallStyle::Async {
            calls.asynchronous.push(ix);
        }
        if call.transactional {
            calls.transactional.push(ix);
        }
        if call.kind == CallKind::Query {
            calls.query.push(ix);
        }
        if let Some(source) = &call.source {
            calls.source.entry(source.clone()).or_default().push(ix);
        }
    }
    if !all_one {
        calls.volume = volume;
    }
    let splits = project
        .splits
        .iter()
        .map(|split| {
            let service: rustc_hash::FxHashMap<&str, u32> = split
                .services
                .iter()
                .enumerate()
                .map(|(ix, s)| (s.id.as_str(), ix as u32))
                .collect();
            SplitDocument {
                id: split.id.clone(),
                name: split.name.clone(),
                origin: split.origin,
                services: split.services.clone(),
                assignment: split
                    .assignment
                    .iter()
                    .filter_map(|(m, s)| {
                        Some((*position.get(m.as_str())?, *service.get(s.as_str())?))
                    })
                    .collect(),
                roadmap: split.roadmap.clone(),
                forbidden: split.forbidden.clone(),
            }
        })
        .collect();
    Document {
        schema_version: SCHEMA_VERSION,
        name: project.name.clone(),
        description: project.description.clone(),
        modules: project.modules.clone(),
        calls,
        splits,
        readiness: project.readiness.clone(),
        layers: project.layers.clone(),
    }
}

/// Writes the canonical document: one module, service or answer per line, each
/// column of numbers on one line, a final newline.
pub fn to_json(project: &Project) -> String {
    write_document(&to_document(project))
}

/// The canonical text of a document.
fn write_document(document: &Document) -> String {
    let mut out =
        String::with_capacity(64 + document.modules.len() * 64 + document.calls.caller.len() * 16);
    out.push_str("{\n");
    out.push_str(&format!(
        "  \"schema_version\": {},\n",
        document.schema_version
    ));
    out.push_str(&format!("  \"name\": {},\n", compact(&document.name)));
    if !document.description.is_empty() {
        out.push_str(&format!(
            "  \"description\": {},\n",
            compact(&document.description)
        ));
    }
    out.push_str("  \"modules\": [");
    list(&mut out, document.modules.iter().map(compact), "    ");
    out.push_str("],\n  \"calls\": {\n");
    let mut columns = vec![
        ("caller", compact(&document.calls.caller)),
        ("callee", compact(&document.calls.callee)),
    ];
    if !document.calls.volume.is_empty() {
        columns.push(("volume", compact(&document.calls.volume)));
    }
    for (key, list) in [
        ("async", &document.calls.asynchronous),
        ("transactional", &document.calls.transactional),
        ("query", &document.calls.query),
    ] {
        if !list.is_empty() {
            columns.push((key, compact(list)));
        }
    }
    if !document.calls.source.is_empty() {
        columns.push(("source", compact(&document.calls.source)));
    }
    let columns: Vec<String> = columns
        .into_iter()
        .map(|(key, value)| format!("    \"{key}\": {value}"))
        .collect();
    out.push_str(&columns.join(",\n"));
    out.push_str("\n  },\n  \"splits\": [");
    let splits = document.splits.iter().map(|split| {
        let mut text = String::from("{\n");
        if !split.id.is_empty() {
            text.push_str(&format!("      \"id\": {},\n", compact(&split.id)));
        }
        text.push_str(&format!("      \"name\": {},\n", compact(&split.name)));
        if !is_manual(&split.origin) {
            text.push_str(&format!("      \"origin\": {},\n", compact(&split.origin)));
        }
        text.push_str("      \"services\": [");
        list(&mut text, split.services.iter().map(compact), "        ");
        text.push_str(&format!(
            "],\n      \"assignment\": {}",
            compact(&split.assignment)
        ));
        if !split.roadmap.is_default() {
            text.push_str(&format!(
                ",\n      \"roadmap\": {}",
                compact(&split.roadmap)
            ));
        }
        if !split.forbidden.is_empty() {
            text.push_str(&format!(
                ",\n      \"forbidden\": {}",
                compact(&split.forbidden)
            ));
        }
        text.push_str("\n    }");
        text
    });
    list(&mut out, splits, "    ");
    out.push(']');
    if !document.readiness.is_empty() {
        out.push_str(",\n  \"readiness\": ");
        out.push_str(&compact(&document.readiness));
    }
    if !document.layers.is_empty() {
        out.push_str(",\n  \"layers\": [");
        list(&mut out, document.layers.iter().map(compact), "    ");
        out.push(']');
    }
    out.push_str("\n}\n");
    out
}

/// Items one per line, indented, between brackets the caller writes.
fn list(out: &mut String, items: impl Iterator<Item = String>, indent: &str) {
    let mut any = false;
    for (ix, item) in items.enumerate() {
        out.push_str(if ix == 0 { "\n" } else { ",\n" });
        out.push_str(indent);
        out.push_str(&item);
        any = true;
    }
    if any {
        out.push('\n');
        out.push_str(&indent[2..]);
    }
}

/// Compact JSON of a value, for [`to_json`].
fn compact<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn with_ids(mut project: Project) -> Project {
        for (ix, split) in project.splits.iter_mut().enumerate() {
            split.id = format!("split{ix}");
        }
        project
    }

    #[test]
    fn writes_version_2_and_reads_it_back_to_the_same_bytes() {
        let project = with_ids(demo::project());
        let text = to_json(&project);
        assert!(
            text.starts_with("{\n  \"schema_version\": 2,\n"),
            "{}",
            &text[..60]
        );
        let back = from_json("demo.json", &text).unwrap();
        assert_eq!(back, project);
        assert_eq!(to_json(&back), text);
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }

    #[test]
    fn a_compiled_document_analyses_as_the_project_does_and_takes_a_split() {
        let project = with_ids(demo::project());
        let text = to_json(&project);
        let mut document = NativeDocument::parse("demo.json", &text).unwrap();
        let compiled = document.compile("demo.json").unwrap();
        let options = crate::metrics::AnalysisOptions::default();
        let fast = crate::analysis::analyze_compiled(&compiled, options);
        let slow = crate::analysis::analyze(&project, options).unwrap();
        // As JSON: a metric without evidence is NaN on both sides (null there).
        let json = |a| serde_json::to_value(a).unwrap();
        assert_eq!(json(&fast), json(&slow));

        let mut split = Split::new("Extra", SplitOrigin::Manual);
        split.services.push(Service::new("x", "X"));
        split
            .assignment
            .insert(project.modules[3].id.clone(), "x".into());
        document.add_split(&split);
        assert!(document.has_split("Extra"));
        let mut expected = project.clone();
        expected.splits.push(split);
        assert_eq!(
            from_json("again.json", &document.to_json()).unwrap(),
            expected
        );
    }

    #[test]
    fn compiling_refuses_what_reading_would_refuse() {
        let project = with_ids(demo::project());
        let text = to_json(&project);
        let twice = text
            .replacen("\"caller\": [", "\"caller\": [0,0,", 1)
            .replacen("\"callee\": [", "\"callee\": [1,1,", 1);
        let twice = twice.replacen("\"volume\": [", "\"volume\": [1,1,", 1);
        let document = NativeDocument::parse("twice.json", &twice).unwrap();
        let error = document
            .compile("twice.json")
            .err()
            .expect("a duplicate call");
        assert!(error.to_string().contains("appears twice"), "{error}");
        assert!(from_json("twice.json", &twice).is_err());
    }

    /// A project of `modules` modules and ten calls each, some asynchronous.
    fn big(modules: usize) -> Project {
        let mut project = with_ids(demo::project());
        project.modules = (0..modules).map(|m| Module::new(format!("m{m}"))).collect();
        project.calls = (0..modules * 10)
            .map(|c| {
                let (from, to) = (c / 10, (c / 10 + 1 + c % 10 * 7) % modules);
                let mut call = Call::new(format!("m{from}"), format!("m{to}"));
                call.volume = (c % 13 + 1) as f64;
                if c % 9 == 0 {
                    call.style = CallStyle::Async;
                }
                call
            })
            .collect();
        for split in &mut project.splits {
            split.assignment.clear();
        }
        project
    }

    #[test]
    fn a_big_document_reads_the_same_in_two_halves_as_in_one() {
        let text = to_json(&big(20_000));
        assert!(text.len() > READ_IN_TWO_BYTES, "{}", text.len());
        let halves = read_in_two(&text).expect("read in two halves");
        assert_eq!(halves.calls.caller.len(), 200_000);
        assert!(!halves.calls.asynchronous.is_empty());
        assert_eq!(write_document(&halves), text);
        // Laid out by another tool (two-space indents, a value per line) too.
        let pretty = serde_json::to_string_pretty(&halves).unwrap();
        let again = read_in_two(&pretty).expect("read in two halves");
        assert_eq!(write_document(&again), text);
    }

    #[test]
    fn a_mistake_in_the_calls_of_a_big_document_is_placed_in_the_whole_text() {
        let text = to_json(&big(20_000));
        let bad = text.replacen("\"callee\": [", "\"callee\": [x", 1);
        assert!(read_in_two(&bad).is_none());
        let line = bad
            .lines()
            .position(|l| l.starts_with("    \"callee\": [x"))
            .unwrap()
            + 1;
        let error = NativeDocument::parse("bad.json", &bad).err().unwrap();
        assert!(
            error.to_string().contains(&format!("line {line}")),
            "line {line}: {error}"
        );
        // Calls anywhere but in the document's own place are not taken.
        let moved = text.replacen(
            "],\n  \"calls\": {\n",
            "],\n  \"calls\": {\n\n  },\n  \"splits\": [],\n  \"calls\": {\n",
            1,
        );
        assert!(read_in_two(&moved).is_none());
    }

    #[test]
    fn reads_version_1_documents() {
        let project = with_ids(demo::project());
        let mut old = project.clone();
        old.schema_version = 1;
        let text = serde_json::to_string_pretty(&old).unwrap();
        assert!(text.contains("\"schema_version\": 1"));
        assert_eq!(from_json("old.json", &text).unwrap(), project);
    }

    #[test]
    fn positions_out_of_range_and_unknown_versions_are_refused() {
        let project = with_ids(demo::project());
        let text = to_json(&project);
        let bad = text
            .replacen("\"caller\": [", "\"caller\": [9999,", 1)
            .replacen("\"callee\": [", "\"callee\": [0,", 1)
            .replacen("\"volume\": [", "\"volume\": [1,", 1);
        let error = from_json("bad.json", &bad).unwrap_err();
        assert!(error.to_string().contains("out of range"), "{error}");
        let error = from_json("x.json", "{\"schema_version\": 7, \"name\": \"x\"}").unwrap_err();
        assert!(error.to_string().contains("schema_version 7"), "{error}");
        let error = from_json("x.json", "{\"name\": \"x\"}").unwrap_err();
        assert!(
            error.to_string().contains("schema_version is missing"),
            "{error}"
        );
    }
}
