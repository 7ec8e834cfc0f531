//! Partition files as the clustering field writes them, read into memberships:
//! RSF (`contain CLUSTER ELEMENT`, the format of Bunch, ARCADE and MoJo), CSV rows
//! `element,cluster`, and JSON objects `{"element": cluster}` (Mono2Micro's
//! partitions; a list of clusters gives several memberships).
//!
//! A reference split may list one element in several clusters (a shared class in
//! every service that uses it): every membership is kept, in file order, for the
//! set-based measures; where a partition is needed the **last** one counts, as the
//! MoJo 1.0 tool reads RSF.

use indexmap::{IndexMap, IndexSet};
use serde_json::Value;

use crate::formats::{ImportError, ImportLimits};
use crate::model::{Module, Service, Split, SplitOrigin};

/// Elements and the clusters that list them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Partition {
    /// Cluster names, in the order they were first met.
    clusters: IndexSet<String>,
    /// Element → the clusters listing it (numbers into `clusters`), in file order,
    /// each once.
    memberships: IndexMap<String, Vec<u32>>,
}

/// Which text format a partition file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartitionFormat {
    /// `contain CLUSTER ELEMENT` lines.
    Rsf,
    /// `element,cluster` rows, with an optional header.
    Csv,
    /// `{"element": cluster}` or `{"element": [cluster, …]}`.
    Json,
}

impl Partition {
    /// An empty partition.
    pub fn new() -> Partition {
        Partition::default()
    }

    /// Lists `element` in `cluster` (again listing it there changes nothing).
    pub fn add(&mut self, element: &str, cluster: &str) {
        let (number, _) = self.clusters.insert_full(cluster.to_string());
        let number = number as u32;
        let listed = self.memberships.entry(element.to_string()).or_default();
        if let Some(at) = listed.iter().position(|&c| c == number) {
            listed.remove(at);
        }
        listed.push(number);
    }

    /// The partition a split makes: each assigned module in its service (by id).
    pub fn of_split(split: &Split) -> Partition {
        let mut partition = Partition::new();
        for service in &split.services {
            partition.clusters.insert(service.id.clone());
        }
        for (module, service) in &split.assignment {
            partition.add(module, service);
        }
        partition
    }

    /// How many elements are listed.
    pub fn element_count(&self) -> usize {
        self.memberships.len()
    }

    /// How many elements are listed in more than one cluster.
    pub fn shared_element_count(&self) -> usize {
        self.memberships.values().filter(|l| l.len() > 1).count()
    }

    /// The name of cluster number `cluster`.
    pub fn cluster_name(&self, cluster: u32) -> &str {
        self.clusters
            .get_index(cluster as usize)
            .map_or("", String::as_str)
    }

    /// The number of clusters ever named (some may be empty).
    pub(crate) fn cluster_slots(&self) -> usize {
        self.clusters.len()
    }

    /// The clusters listing `element`, in file order (empty when it is not listed).
    pub fn clusters_of(&self, element: &str) -> &[u32] {
        self.memberships.get(element).map_or(&[], Vec::as_slice)
    }

    /// Every element with its clusters, in the order first listed.
    pub fn memberships(&self) -> impl Iterator<Item = (&str, &[u32])> + '_ {
        self.memberships
            .iter()
            .map(|(element, listed)| (element.as_str(), listed.as_slice()))
    }

    /// The elements that are not modules of `modules` a service can hold
    /// (unknown ids and entry points), in file order: a split made from the
    /// partition must name none.
    pub fn unplaceable(&self, modules: &[Module]) -> Vec<&str> {
        let placeable: std::collections::HashSet<&str> = modules
            .iter()
            .filter(|m| !m.entry_point)
            .map(|m| m.id.as_str())
            .collect();
        self.memberships
            .keys()
            .map(String::as_str)
            .filter(|element| !placeable.contains(element))
            .collect()
    }

    /// A split with one service per non-empty cluster (named after it), each
    /// element in the last cluster listing it.
    pub fn to_split(&self, name: &str, origin: SplitOrigin) -> Split {
        let mut split = Split::new(name, origin);
        let mut used = vec![false; self.clusters.len()];
        for (element, listed) in &self.memberships {
            if let Some(&last) = listed.last() {
                used[last as usize] = true;
                split
                    .assignment
                    .insert(element.clone(), service_id(last).to_string());
            }
        }
        split.services = (0..self.clusters.len() as u32)
            .filter(|&c| used[c as usize])
            .map(|c| Service::new(service_id(c), self.cluster_name(c)))
            .collect();
        split
    }

    /// Reads a partition file, its format told by the file name's extension
    /// (`.rsf`, `.csv`, `.json`) or else by its first line.
    pub fn read(name: &str, text: &str, limits: &ImportLimits) -> Result<Partition, ImportError> {
        limits.check_text(name, text)?;
        let partition = match PartitionFormat::of(name, text) {
            PartitionFormat::Rsf => read_rsf(name, text, limits)?,
            PartitionFormat::Csv => read_csv(name, text, limits)?,
            PartitionFormat::Json => read_json(name, text, limits)?,
        };
        if partition.memberships.is_empty() {
            return Err(ImportError::one(
                name,
                None,
                "the file lists no element in a cluster",
            ));
        }
        Ok(partition)
    }
}

/// The service id a partition's cluster number gets in a split.
fn service_id(cluster: u32) -> String {
    format!("c{cluster}")
}

impl PartitionFormat {
    /// The format of a file by its extension, or by its first meaningful line.
    pub fn of(name: &str, text: &str) -> PartitionFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".rsf") {
            return PartitionFormat::Rsf;
        }
        if lower.ends_with(".csv") {
            return PartitionFormat::Csv;
        }
        if lower.ends_with(".json") || text.trim_start().starts_with('{') {
            return PartitionFormat::Json;
        }
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        let starts_with_contain = first
            .split_whitespace()
            .next()
            .is_some_and(|word| word.eq_ignore_ascii_case("contain"));
        if starts_with_contain || (!first.contains(',') && first.split_whitespace().count() == 3) {
            PartitionFormat::Rsf
        } else {
            PartitionFormat::Csv
        }
    }
}

/// The most clusters one element may be listed in: a class shared by every
/// service that uses it is in a handful; more would only make the measures
/// quadratic in a hostile file.
pub const MAX_CLUSTERS_PER_ELEMENT: usize = 64;

/// Refuses a partition past the limits: as many elements as a project may have
/// modules, as many memberships as it may have calls, and `element` in at most
/// [`MAX_CLUSTERS_PER_ELEMENT`] clusters.
fn check_size(
    name: &str,
    line: Option<usize>,
    partition: &Partition,
    element: &str,
    memberships: usize,
    limits: &ImportLimits,
) -> Result<(), ImportError> {
    if partition.clusters_of(element).len() > MAX_CLUSTERS_PER_ELEMENT {
        return Err(ImportError::one(
            name,
            line,
            format!("'{element}' is listed in more than {MAX_CLUSTERS_PER_ELEMENT} clusters"),
        ));
    }
    if partition.memberships.len() > limits.max_modules {
        return Err(ImportError::one(
            name,
            line,
            format!("more elements than the limit of {}", limits.max_modules),
        ));
    }
    if memberships > limits.max_calls {
        return Err(ImportError::one(
            name,
            line,
            format!("more memberships than the limit of {}", limits.max_calls),
        ));
    }
    Ok(())
}

/// RSF: `relation cluster element` triples, one per line; only `contain` lines
/// place elements (other relations are skipped, as MoJo does). A name with spaces
/// is written in double quotes. Blank lines and `#` comments are skipped.
fn read_rsf(name: &str, text: &str, limits: &ImportLimits) -> Result<Partition, ImportError> {
    let mut partition = Partition::new();
    let mut memberships = 0usize;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields = rsf_fields(trimmed)
            .ok_or_else(|| ImportError::one(name, Some(line), "a quoted name is not closed"))?;
        let [relation, cluster, element] = fields.as_slice() else {
            return Err(ImportError::one(
                name,
                Some(line),
                format!(
                    "expected 'contain CLUSTER ELEMENT', found {} fields",
                    fields.len()
                ),
            ));
        };
        if !relation.eq_ignore_ascii_case("contain") {
            continue;
        }
        partition.add(element, cluster);
        memberships += 1;
        check_size(name, Some(line), &partition, element, memberships, limits)?;
    }
    Ok(partition)
}

/// The whitespace-separated fields of an RSF line, double quotes grouping a
/// field with spaces; `None` when a quote is not closed.
fn rsf_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"')?;
            fields.push(quoted[..end].to_string());
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            fields.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    Some(fields)
}

/// CSV: `element,cluster` rows; a first row naming the columns is skipped. An
/// element on several rows is in several clusters.
fn read_csv(name: &str, text: &str, limits: &ImportLimits) -> Result<Partition, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut partition = Partition::new();
    let mut memberships = 0usize;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(index + 1, |p| p.line() as usize);
            ImportError::one(name, Some(line), format!("unreadable CSV: {e}"))
        })?;
        let line = record.position().map_or(index + 1, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if index == 0 && is_header(&record) {
            continue;
        }
        let (Some(element), Some(cluster), None) = (record.get(0), record.get(1), record.get(2))
        else {
            return Err(ImportError::one(
                name,
                Some(line),
                format!(
                    "expected two fields 'element,cluster', found {}",
                    record.len()
                ),
            ));
        };
        if element.is_empty() || cluster.is_empty() {
            return Err(ImportError::one(
                name,
                Some(line),
                "the element and the cluster must not be empty",
            ));
        }
        partition.add(element, cluster);
        memberships += 1;
        check_size(name, Some(line), &partition, element, memberships, limits)?;
    }
    Ok(partition)
}

/// Whether a first CSV row names the columns rather than an element.
fn is_header(record: &csv::StringRecord) -> bool {
    let field = |i| record.get(i).unwrap_or("").to_ascii_lowercase();
    [
        "element",
        "class",
        "classname",
        "class_name",
        "module",
        "entity",
        "name",
    ]
    .contains(&field(0).as_str())
        && ["cluster", "partition", "service", "community", "component"]
            .contains(&field(1).as_str())
}

/// JSON: an object from element to a cluster (a name or an integer) or a list of
/// clusters.
fn read_json(name: &str, text: &str, limits: &ImportLimits) -> Result<Partition, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::json(name, &e))?;
    let Value::Object(object) = value else {
        return Err(ImportError::one(
            name,
            None,
            "expected a JSON object from element to cluster",
        ));
    };
    if object.contains_key("schema_version") && object.contains_key("modules") {
        return Err(ImportError::one(
            name,
            None,
            "this is a Seams project, not a partition: name one of its splits as FILE.json#SPLIT",
        ));
    }
    let cluster_name = |element: &str, value: &Value| match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(ImportError::one(
            name,
            None,
            format!("'{element}': cluster {value} is not an integer or a name"),
        )),
    };
    let mut partition = Partition::new();
    let mut memberships = 0usize;
    for (element, value) in &object {
        if element.trim().is_empty() {
            return Err(ImportError::one(name, None, "an element name is empty"));
        }
        let clusters = match value {
            Value::Array(items) if !items.is_empty() => items
                .iter()
                .map(|item| cluster_name(element, item))
                .collect::<Result<Vec<_>, _>>()?,
            _ => vec![cluster_name(element, value)?],
        };
        for cluster in clusters {
            partition.add(element.trim(), &cluster);
            memberships += 1;
            check_size(name, None, &partition, element.trim(), memberships, limits)?;
        }
    }
    Ok(partition)
}
