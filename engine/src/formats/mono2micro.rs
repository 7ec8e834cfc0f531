//! The Mono2Micro replication format (Kalia et al., ESEC/FSE 2021):
//! `runtime_call_volume.json` (`{"Caller--Callee": volume}`), `bcs_per_class.json`
//! (`{"Class": ["use case", …]}`) and partition files, either JSON (`{"Class": partition}`)
//! or CSV rows `class,cluster` as FoSCI and the replication package's baselines write them
//! (a `class,cluster` header line is optional).
//! The pseudo-class `Root` (or `$Root$`) becomes an entry point.

use indexmap::{IndexMap, IndexSet};
use rustc_hash::FxHashSet;
use serde_json::Value;

use super::error::ImportError;
use super::limits::ImportLimits;
use crate::model::{Call, Module, Project, Service, Split, SplitOrigin};

/// A named input text: a file name (for messages and split names) and its content.
#[derive(Clone, Copy, Debug)]
pub struct NamedInput<'a> {
    /// The file name as the user gave it.
    pub name: &'a str,
    /// The file's content.
    pub text: &'a str,
}

/// Names the reference code treats as the entry point, compared case-insensitively.
pub const DEFAULT_ROOT_NAMES: [&str; 2] = ["Root", "$Root$"];

/// Builds a project from Mono2Micro files. Each partition file becomes one split
/// named after the file stem (its name without folders and extension).
pub fn import(
    name: &str,
    calls: NamedInput<'_>,
    contexts: Option<NamedInput<'_>>,
    partitions: &[NamedInput<'_>],
    root: Option<&str>,
    limits: &ImportLimits,
) -> Result<Project, ImportError> {
    let inputs = std::iter::once(calls)
        .chain(contexts)
        .chain(partitions.iter().copied());
    let mut total = 0usize;
    for input in inputs {
        limits.check_text(input.name, input.text)?;
        total = total.saturating_add(input.text.len());
        if total > limits.max_bytes {
            return Err(ImportError::one(
                input.name,
                None,
                format!(
                    "the inputs together are over the limit of {}",
                    super::limits::human_size(limits.max_bytes)
                ),
            ));
        }
    }
    let is_root = |class: &str| match root {
        Some(root) => class.eq_ignore_ascii_case(root),
        None => DEFAULT_ROOT_NAMES
            .iter()
            .any(|r| class.eq_ignore_ascii_case(r)),
    };
    let mut project = Project::new(name);
    let mut modules: IndexMap<String, Module> = IndexMap::new();
    let ensure = |modules: &mut IndexMap<String, Module>, class: &str| {
        modules.entry(class.to_string()).or_insert_with(|| {
            let mut module = Module::new(class);
            module.entry_point = is_root(class);
            module
        });
    };

    let call_entries = parse_object(calls)?;
    if call_entries.len() > limits.max_calls {
        return Err(ImportError::one(
            calls.name,
            None,
            format!(
                "{} calls; the limit is {}",
                call_entries.len(),
                limits.max_calls
            ),
        ));
    }
    for (key, volume) in call_entries {
        let Some((caller, callee)) = key.split_once("--") else {
            return Err(ImportError::one(
                calls.name,
                None,
                format!("key '{key}' is not of the form 'Caller--Callee'"),
            ));
        };
        if caller.is_empty() || callee.is_empty() {
            return Err(ImportError::one(
                calls.name,
                None,
                format!("key '{key}' names an empty class"),
            ));
        }
        let volume = volume.as_f64().filter(|v| *v >= 0.0).ok_or_else(|| {
            ImportError::one(
                calls.name,
                None,
                format!("'{key}': volume {volume} is not a number ≥ 0"),
            )
        })?;
        ensure(&mut modules, caller);
        ensure(&mut modules, callee);
        let mut call = Call::new(caller, callee);
        call.volume = volume;
        project.calls.push(call);
    }

    if let Some(contexts) = contexts {
        for (class, labels) in parse_object(contexts)? {
            let labels = labels
                .as_array()
                .and_then(|items| {
                    items
                        .iter()
                        .map(|l| l.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| {
                    ImportError::one(
                        contexts.name,
                        None,
                        format!("'{class}': expected a list of use-case names"),
                    )
                })?;
            ensure(&mut modules, &class);
            let module = &mut modules[class.as_str()];
            for label in labels {
                if !module.use_cases.contains(&label) {
                    module.use_cases.push(label);
                }
            }
        }
    }

    let known: FxHashSet<String> = modules.keys().cloned().collect();
    let mut split_names = FxHashSet::default();
    for partition in partitions {
        let split_name = file_stem(partition.name);
        if !split_names.insert(split_name.clone()) {
            return Err(ImportError::one(
                partition.name,
                None,
                format!("another partition file is also named '{split_name}'"),
            ));
        }
        let mut split = Split::new(split_name, SplitOrigin::Imported);
        let mut service_ids: IndexSet<String> = IndexSet::new();
        for (class, service) in partition_entries(*partition)? {
            if !known.contains(&class) {
                return Err(ImportError::one(
                    partition.name,
                    None,
                    format!("class '{class}' appears in no call and no business context"),
                ));
            }
            if modules[class.as_str()].entry_point {
                return Err(ImportError::one(
                    partition.name,
                    None,
                    format!("'{class}' is the entry point and cannot be in a partition"),
                ));
            }
            if !service_ids.contains(&service) {
                service_ids.insert(service.clone());
            }
            split.assignment.insert(class, service);
        }
        service_ids.sort_by(|a, b| match (a.parse::<i64>(), b.parse::<i64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => a.cmp(b),
        });
        split.services = service_ids
            .into_iter()
            .map(|id| {
                let name = format!("Partition {id}");
                Service::new(id, name)
            })
            .collect();
        project.splits.push(split);
    }
    project.modules = modules.into_values().collect();
    limits.check_project(calls.name, &project)?;
    project
        .validate()
        .map_err(|e| ImportError::one(calls.name, None, e.to_string()))?;
    Ok(project)
}

/// Parses a JSON object, keeping its key order.
fn parse_object(input: NamedInput<'_>) -> Result<IndexMap<String, Value>, ImportError> {
    let value: Value =
        serde_json::from_str(input.text).map_err(|e| ImportError::json(input.name, &e))?;
    match value {
        Value::Object(map) => Ok(map.into_iter().collect()),
        _ => Err(ImportError::one(input.name, None, "expected a JSON object")),
    }
}

/// The `(class, partition)` pairs of a partition file, in file order: a JSON object when the
/// text starts with `{`, otherwise CSV rows `class,cluster`.
fn partition_entries(input: NamedInput<'_>) -> Result<Vec<(String, String)>, ImportError> {
    if input.text.trim_start().starts_with('{') {
        return parse_object(input)?
            .into_iter()
            .map(|(class, value)| {
                let partition = match &value {
                    Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                    Value::String(s) if !s.is_empty() => s.clone(),
                    _ => {
                        return Err(ImportError::one(
                            input.name,
                            None,
                            format!("'{class}': partition {value} is not an integer or a name"),
                        ));
                    }
                };
                Ok((class, partition))
            })
            .collect();
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input.text.as_bytes());
    let mut entries = Vec::new();
    let mut seen = FxHashSet::default();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|e| {
            let line = e.position().map_or(line, |p| p.line() as usize);
            ImportError::one(input.name, Some(line), format!("unreadable CSV: {e}"))
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if index == 0 && is_partition_header(&record) {
            continue;
        }
        let (Some(class), Some(partition), None) = (record.get(0), record.get(1), record.get(2))
        else {
            return Err(ImportError::one(
                input.name,
                Some(line),
                format!(
                    "expected two fields 'class,cluster', found {}",
                    record.len()
                ),
            ));
        };
        if class.is_empty() || partition.is_empty() {
            return Err(ImportError::one(
                input.name,
                Some(line),
                "the class and the cluster must not be empty",
            ));
        }
        if !seen.insert(class.to_string()) {
            return Err(ImportError::one(
                input.name,
                Some(line),
                format!("class '{class}' is already in a cluster"),
            ));
        }
        entries.push((class.to_string(), partition.to_string()));
    }
    Ok(entries)
}

/// Whether a first CSV row is a `class,cluster` header rather than a class.
fn is_partition_header(record: &csv::StringRecord) -> bool {
    let field = |i| record.get(i).unwrap_or("").to_ascii_lowercase();
    ["class", "classname", "class_name", "name"].contains(&field(0).as_str())
        && ["cluster", "partition", "service", "community"].contains(&field(1).as_str())
}

/// `dir/mono2micro_k5.json` → `mono2micro_k5`.
fn file_stem(path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(name: &'a str, text: &'a str) -> NamedInput<'a> {
        NamedInput { name, text }
    }

    #[test]
    fn builds_modules_calls_splits_and_the_entry_point() {
        let project = import(
            "demo",
            input("calls.json", r#"{"Root--A": 3, "A--B": 2, "B--B": 1}"#),
            Some(input("bcs.json", r#"{"A": ["login", "login", "pay"]}"#)),
            &[input("out/k2.json", r#"{"B": 1, "A": 0}"#)],
            None,
            &ImportLimits::default(),
        )
        .unwrap();
        let ids: Vec<&str> = project.modules.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["Root", "A", "B"]);
        assert!(project.modules[0].entry_point);
        assert_eq!(project.modules[1].use_cases, ["login", "pay"]);
        assert_eq!(project.calls.len(), 3);
        assert_eq!(project.calls[0].volume, 3.0);
        let split = &project.splits[0];
        assert_eq!(split.name, "k2");
        assert_eq!(
            split
                .services
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>(),
            ["0", "1"]
        );
        assert_eq!(split.assignment.keys().collect::<Vec<_>>(), ["B", "A"]);
    }

    #[test]
    fn refuses_bad_input_with_the_file_and_the_reason() {
        let calls = input("calls.json", r#"{"A--B": 1}"#);
        let unknown = import(
            "x",
            calls,
            None,
            &[input("p.json", r#"{"A": 0, "Ghost": 1}"#)],
            None,
            &ImportLimits::default(),
        )
        .unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "p.json: class 'Ghost' appears in no call and no business context"
        );

        let malformed = import(
            "x",
            input("c.json", "{\n\"A--B\": }"),
            None,
            &[],
            None,
            &ImportLimits::default(),
        )
        .unwrap_err();
        assert!(
            malformed.to_string().starts_with("c.json:2: invalid JSON"),
            "{malformed}"
        );

        let bad_key = import(
            "x",
            input("c.json", r#"{"AB": 1}"#),
            None,
            &[],
            None,
            &ImportLimits::default(),
        )
        .unwrap_err();
        assert!(bad_key.to_string().contains("'Caller--Callee'"));

        let negative = import(
            "x",
            input("c.json", r#"{"A--B": -1}"#),
            None,
            &[],
            None,
            &ImportLimits::default(),
        )
        .unwrap_err();
        assert!(negative.to_string().contains("not a number ≥ 0"));

        let root = import(
            "x",
            input("c.json", r#"{"Root--A": 1}"#),
            None,
            &[input("p.json", r#"{"Root": 0}"#)],
            None,
            &ImportLimits::default(),
        )
        .unwrap_err();
        assert!(root.to_string().contains("entry point"));
    }

    #[test]
    fn reads_csv_partitions_with_or_without_a_header() {
        let calls = input("c.json", r#"{"A--B": 1, "B--C": 1}"#);
        for text in [
            "class,cluster\nA,0\nB, 1\n\nC,payments\n",
            "A,0\nB,1\nC,payments",
        ] {
            let project = import(
                "x",
                calls,
                None,
                &[input("fosci_k3.csv", text)],
                None,
                &ImportLimits::default(),
            )
            .unwrap();
            let split = &project.splits[0];
            assert_eq!(split.name, "fosci_k3");
            assert_eq!(split.assignment["B"], "1");
            assert_eq!(split.assignment["C"], "payments");
            assert_eq!(split.services.len(), 3);
        }
        let error = |text: &str| {
            import(
                "x",
                calls,
                None,
                &[input("p.csv", text)],
                None,
                &ImportLimits::default(),
            )
            .unwrap_err()
            .to_string()
        };
        assert_eq!(
            error("A,0\nB,1,extra"),
            "p.csv:2: expected two fields 'class,cluster', found 3"
        );
        assert_eq!(
            error("A,0\nA,1"),
            "p.csv:2: class 'A' is already in a cluster"
        );
        assert_eq!(
            error("A,\n"),
            "p.csv:1: the class and the cluster must not be empty"
        );
        assert_eq!(
            error("A,0\nGhost,1"),
            "p.csv: class 'Ghost' appears in no call and no business context"
        );
    }

    #[test]
    fn keeps_to_the_import_limits() {
        let limits = ImportLimits {
            max_bytes: 64,
            max_modules: 3,
            max_calls: 2,
        };
        let calls = input("c.json", r#"{"A--B": 1, "B--C": 1, "C--D": 1}"#);
        let error = import("x", calls, None, &[], None, &limits).unwrap_err();
        assert_eq!(error.to_string(), "c.json: 3 calls; the limit is 2");

        let calls = input("c.json", r#"{"A--B": 1, "C--D": 1}"#);
        let error = import("x", calls, None, &[], None, &limits).unwrap_err();
        assert_eq!(error.to_string(), "c.json: 4 modules; the limit is 3");

        let big = format!(r#"{{"A--B": 1, "{}--C": 1}}"#, "x".repeat(60));
        let error = import("x", input("c.json", &big), None, &[], None, &limits).unwrap_err();
        assert!(
            error.to_string().contains("the limit is 64 bytes"),
            "{error}"
        );
    }
}
