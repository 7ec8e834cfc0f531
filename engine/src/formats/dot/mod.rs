//! Graphviz DOT in and out. Import: a digraph's nodes become modules (their
//! attributes the tags), edges calls (`volume`, `weight` or a numeric `label` the
//! volume), and `cluster` subgraphs the services of a split. Export: the same
//! shape, so exporting and importing again gives the same model.

mod parser;

use indexmap::{IndexMap, IndexSet};

use super::error::ImportError;
use super::limits::ImportLimits;
use crate::model::{
    Call, CallKind, CallStyle, Module, Project, Service, Split, SplitOrigin, SubdomainKind,
};
use parser::{Attributes, DefaultsTarget, EdgeEnd, Subgraph};
pub use parser::{Graph, Statement, parse};

/// The name of the split made from clusters.
pub const CLUSTER_SPLIT: &str = "DOT clusters";

/// Builds a project from DOT text.
pub fn import(source: &str, text: &str, limits: &ImportLimits) -> Result<Project, ImportError> {
    limits.check_text(source, text)?;
    let graph = parse(source, text)?;
    if !graph.directed {
        return Err(ImportError::one(
            source,
            Some(1),
            "only directed graphs ('digraph') describe calls; this is an undirected 'graph'",
        ));
    }
    let mut builder = Builder {
        source,
        limits,
        expanded: 0,
        modules: IndexMap::new(),
        calls: IndexMap::new(),
        split: Split::new(CLUSTER_SPLIT, SplitOrigin::Imported),
    };
    builder.statements(&graph.statements, &Scope::default(), None)?;
    let mut project = Project::new(graph.name.unwrap_or_else(|| "Imported graph".to_string()));
    project.modules = builder.modules.into_values().collect();
    project.calls = builder.calls.into_values().collect();
    if !builder.split.services.is_empty() {
        project.splits.push(builder.split);
    }
    limits.check_project(source, &project)?;
    project
        .validate()
        .map_err(|e| ImportError::one(source, None, e.to_string()))?;
    Ok(project)
}

#[derive(Clone, Default)]
struct Scope {
    node: Attributes,
    edge: Attributes,
}

struct Builder<'a> {
    source: &'a str,
    limits: &'a ImportLimits,
    /// Edges the statements have named so far, parallel ones included: an
    /// edge statement between two groups names their product, so this is
    /// checked before the product is built.
    expanded: usize,
    modules: IndexMap<String, Module>,
    calls: IndexMap<(String, String), Call>,
    split: Split,
}

impl Builder<'_> {
    fn statements(
        &mut self,
        statements: &[Statement],
        outer: &Scope,
        cluster: Option<&str>,
    ) -> Result<(), ImportError> {
        let mut scope = outer.clone();
        for statement in statements {
            match statement {
                Statement::Defaults { target, attributes } => match target {
                    DefaultsTarget::Node => scope.node.extend(attributes.iter().cloned()),
                    DefaultsTarget::Edge => scope.edge.extend(attributes.iter().cloned()),
                    DefaultsTarget::Graph => {}
                },
                Statement::Assign(..) => {}
                Statement::Node {
                    id,
                    attributes,
                    line,
                } => {
                    let all: Attributes = scope.node.iter().chain(attributes).cloned().collect();
                    self.node(id, &all, *line, cluster)?;
                }
                Statement::Edge {
                    ends,
                    attributes,
                    line,
                } => {
                    let mut groups = Vec::with_capacity(ends.len());
                    for end in ends {
                        groups.push(match end {
                            EdgeEnd::Node(id) => {
                                self.node(id, &scope.node, *line, cluster)?;
                                vec![id.clone()]
                            }
                            EdgeEnd::Subgraph(subgraph) => {
                                self.subgraph(subgraph, &scope, cluster)?
                            }
                        });
                    }
                    let named: usize = groups
                        .windows(2)
                        .map(|pair| pair[0].len().saturating_mul(pair[1].len()))
                        .fold(0, usize::saturating_add);
                    self.expanded = self.expanded.saturating_add(named);
                    if self.expanded > self.limits.max_calls {
                        return Err(ImportError::one(
                            self.source,
                            Some(*line),
                            format!(
                                "the edge statements name more than {} edges (the call limit)",
                                self.limits.max_calls
                            ),
                        ));
                    }
                    let all: Attributes = scope.edge.iter().chain(attributes).cloned().collect();
                    for pair in groups.windows(2) {
                        for caller in &pair[0] {
                            for callee in &pair[1] {
                                self.edge(caller, callee, &all, *line)?;
                            }
                        }
                    }
                }
                Statement::Subgraph(subgraph) => {
                    self.subgraph(subgraph, &scope, cluster)?;
                }
            }
        }
        Ok(())
    }

    /// Reads a subgraph; a `cluster…` one becomes a service. Returns its node ids.
    fn subgraph(
        &mut self,
        subgraph: &Subgraph,
        scope: &Scope,
        cluster: Option<&str>,
    ) -> Result<Vec<String>, ImportError> {
        let inner = match subgraph.name.as_deref() {
            Some(name) if name.starts_with("cluster") && cluster.is_none() => {
                let id = service_id(name);
                let label = subgraph.statements.iter().find_map(|s| match s {
                    Statement::Assign(key, value) if key == "label" => Some(value.clone()),
                    Statement::Defaults {
                        target: DefaultsTarget::Graph,
                        attributes,
                    } => attributes
                        .iter()
                        .find(|(k, _)| k == "label")
                        .map(|(_, v)| v.clone()),
                    _ => None,
                });
                if !self.split.services.iter().any(|s| s.id == id) {
                    let mut service = Service::new(id, label.unwrap_or_default());
                    if service.name == service.id {
                        service.name.clear();
                    }
                    self.split.services.push(service);
                }
                Some(id.to_string())
            }
            _ => cluster.map(str::to_string),
        };
        self.statements(&subgraph.statements, scope, inner.as_deref())?;
        let mut ids = IndexSet::new();
        collect(&subgraph.statements, &mut ids);
        Ok(ids.into_iter().collect())
    }

    fn node(
        &mut self,
        id: &str,
        attributes: &Attributes,
        line: usize,
        cluster: Option<&str>,
    ) -> Result<(), ImportError> {
        let source = self.source;
        let problem = |message: String| ImportError::one(source, Some(line), message);
        if self.modules.len() >= self.limits.max_modules && !self.modules.contains_key(id) {
            return Err(problem(format!(
                "more than {} modules (the limit)",
                self.limits.max_modules
            )));
        }
        let module = self
            .modules
            .entry(id.to_string())
            .or_insert_with(|| Module::new(id));
        for (key, value) in attributes {
            match key.as_str() {
                "label" => module.name = value.clone(),
                "description" | "tooltip" => module.description = value.clone(),
                "capability" => module.capability = Some(value.clone()),
                "subdomain" => module.subdomain = Some(value.clone()),
                "team" => module.team = Some(value.clone()),
                "subdomain_kind" => {
                    module.subdomain_kind = Some(match value.as_str() {
                        "core" => SubdomainKind::Core,
                        "supporting" => SubdomainKind::Supporting,
                        "generic" => SubdomainKind::Generic,
                        other => {
                            return Err(problem(format!(
                                "node {id}: subdomain_kind '{other}' is not core, supporting or generic"
                            )));
                        }
                    })
                }
                "size" => {
                    module.size = value
                        .parse::<f64>()
                        .ok()
                        .filter(|v| crate::graph::valid_magnitude(*v))
                        .ok_or_else(|| {
                            problem(format!(
                                "node {id}: size '{value}' is not a number from 0 to 10¹²"
                            ))
                        })?
                }
                "use_cases" => module.use_cases = split_list(value),
                "reads" => module.reads = split_list(value),
                "writes" => module.writes = split_list(value),
                "entry_point" => module.entry_point = value == "true",
                _ => {}
            }
        }
        if module.name == module.id {
            module.name.clear();
        }
        if let Some(service) = cluster
            && !self.split.assignment.contains_key(id)
        {
            self.split
                .assignment
                .insert(id.to_string(), service.to_string());
        }
        Ok(())
    }

    fn edge(
        &mut self,
        caller: &str,
        callee: &str,
        attributes: &Attributes,
        line: usize,
    ) -> Result<(), ImportError> {
        let source = self.source;
        let problem = |message: String| ImportError::one(source, Some(line), message);
        let mut volume = None;
        let mut style = CallStyle::Sync;
        let mut explicit_style = false;
        let mut transactional = false;
        let mut kind = CallKind::Command;
        for (key, value) in attributes {
            match key.as_str() {
                "volume" => volume = Some(value),
                "weight" if volume.is_none() => volume = Some(value),
                "label" if volume.is_none() && value.parse::<f64>().is_ok() => volume = Some(value),
                "call_style" => {
                    explicit_style = true;
                    style = match value.as_str() {
                        "sync" => CallStyle::Sync,
                        "async" => CallStyle::Async,
                        other => {
                            return Err(problem(format!(
                                "edge {caller} -> {callee}: call_style '{other}' is not sync or async"
                            )));
                        }
                    }
                }
                "style" if !explicit_style && (value == "dashed" || value == "dotted") => {
                    style = CallStyle::Async
                }
                "transactional" => transactional = value == "true",
                "kind" => {
                    kind = if value == "query" {
                        CallKind::Query
                    } else {
                        CallKind::Command
                    }
                }
                _ => {}
            }
        }
        let volume = match volume {
            None => 1.0,
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|v| crate::graph::valid_magnitude(*v))
                .ok_or_else(|| {
                    problem(format!(
                        "edge {caller} -> {callee}: volume '{text}' is not a number from 0 to 10¹²"
                    ))
                })?,
        };
        let call = self
            .calls
            .entry((caller.to_string(), callee.to_string()))
            .or_insert_with(|| {
                let mut call = Call::new(caller, callee);
                call.volume = 0.0;
                call
            });
        // Parallel edges add up.
        call.volume += volume;
        call.style = style;
        call.transactional |= transactional;
        call.kind = kind;
        Ok(())
    }
}

/// Collects the ids of the nodes statements name, in order, once each.
fn collect(statements: &[Statement], ids: &mut IndexSet<String>) {
    for statement in statements {
        match statement {
            Statement::Node { id, .. } => push_unique(ids, id),
            Statement::Edge { ends, .. } => {
                for end in ends {
                    match end {
                        EdgeEnd::Node(id) => push_unique(ids, id),
                        EdgeEnd::Subgraph(s) => collect(&s.statements, ids),
                    }
                }
            }
            Statement::Subgraph(s) => collect(&s.statements, ids),
            _ => {}
        }
    }
}

fn push_unique(ids: &mut IndexSet<String>, id: &str) {
    if !ids.contains(id) {
        ids.insert(id.to_string());
    }
}

/// The service a cluster stands for: its name without `cluster` and one `_`
/// after it (the export writes `cluster_<id>`, so an id that itself starts
/// with `_` or `cluster` reads back whole), or the whole name when nothing
/// follows.
fn service_id(cluster: &str) -> &str {
    let rest = cluster.strip_prefix("cluster").unwrap_or(cluster);
    let id = rest.strip_prefix('_').unwrap_or(rest);
    if id.is_empty() { cluster } else { id }
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A DOT id, always quoted and escaped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The project as a DOT digraph: modules with their tags as attributes, calls
/// with volume and style, and, when a split is given, one cluster per service.
pub fn export(project: &Project, split: Option<&Split>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&project.name));
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(out, "  node [shape=box, style=rounded];");
    for module in &project.modules {
        let _ = writeln!(out, "  {}{};", quote(&module.id), node_attributes(module));
    }
    if let Some(split) = split {
        for service in &split.services {
            let _ = writeln!(
                out,
                "  subgraph {} {{",
                quote(&format!("cluster_{}", service.id))
            );
            if !service.name.is_empty() {
                let _ = writeln!(out, "    label={};", quote(&service.name));
            }
            for (module, _) in split.assignment.iter().filter(|(_, s)| **s == service.id) {
                let _ = writeln!(out, "    {};", quote(module));
            }
            let _ = writeln!(out, "  }}");
        }
    }
    for call in &project.calls {
        let mut attributes = vec![format!("volume={}", quote(&call.volume.to_string()))];
        if call.style == CallStyle::Async {
            attributes.push("call_style=\"async\"".into());
            attributes.push("style=\"dashed\"".into());
        }
        if call.transactional {
            attributes.push("transactional=\"true\"".into());
        }
        if call.kind == CallKind::Query {
            attributes.push("kind=\"query\"".into());
        }
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            quote(&call.caller),
            quote(&call.callee),
            attributes.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

fn node_attributes(module: &Module) -> String {
    let mut attributes = Vec::new();
    let mut add = |key: &str, value: &str| attributes.push(format!("{key}={}", quote(value)));
    if !module.name.is_empty() {
        add("label", &module.name);
    }
    if !module.description.is_empty() {
        add("description", &module.description);
    }
    if module.size != 1.0 {
        add("size", &module.size.to_string());
    }
    for (key, value) in [
        ("team", &module.team),
        ("capability", &module.capability),
        ("subdomain", &module.subdomain),
    ] {
        if let Some(value) = value {
            add(key, value);
        }
    }
    if let Some(kind) = module.subdomain_kind {
        add(
            "subdomain_kind",
            match kind {
                SubdomainKind::Core => "core",
                SubdomainKind::Supporting => "supporting",
                SubdomainKind::Generic => "generic",
            },
        );
    }
    for (key, list) in [
        ("use_cases", &module.use_cases),
        ("reads", &module.reads),
        ("writes", &module.writes),
    ] {
        if !list.is_empty() {
            add(key, &list.join(";"));
        }
    }
    if module.entry_point {
        add("entry_point", "true");
    }
    if attributes.is_empty() {
        String::new()
    } else {
        format!(" [{}]", attributes.join(", "))
    }
}
