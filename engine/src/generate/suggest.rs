//! Suggested splits: community detection on the weighted module graph (calls, and
//! optionally shared tables and shared use cases), with "keep together" and "keep
//! apart" constraints, an optional target number of services, and an explanation
//! of why each module ended up where it is.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::community::{Algorithm, Detection, detect, renumber};
use super::csr::{Node, WGraph};
use super::merge::merge_down;
use crate::graph::{ModelGraph, ModuleIx, icp_weight};
use crate::model::{Module, Project, Service, Split, SplitOrigin, ValidationError};
use crate::text::Text;

/// How a call's volume becomes an edge weight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallWeight {
    /// ln(volume) + 1, as in the inter-call percentage: busy calls count more, but
    /// one hot path does not drown everything else.
    #[default]
    LogVolume,
    /// The volume itself.
    Volume,
    /// Every call counts 1.
    Count,
}

/// What to suggest and under which constraints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuggestOptions {
    /// Name of the new split.
    pub name: String,
    /// Leiden (default) or Louvain.
    pub algorithm: Algorithm,
    /// Reach exactly this many services by merging or splitting communities.
    pub services: Option<usize>,
    /// Seed: the same seed and input give the same split.
    pub seed: u64,
    /// Resolution γ (1 = standard modularity; higher gives smaller services).
    pub resolution: f64,
    /// How call volumes weigh.
    pub call_weight: CallWeight,
    /// Extra weight between two modules per table both use (0 = ignore tables).
    pub table_weight: f64,
    /// Extra weight between two modules per use case both take part in (0 = ignore).
    pub use_case_weight: f64,
    /// Extra weight between two modules that change together (history layers),
    /// times their degree of coupling (0 = ignore the history).
    pub co_change_weight: f64,
    /// Groups of module ids that must end up in the same service.
    pub keep_together: Vec<Vec<String>>,
    /// Pairs of module ids that must end up in different services.
    pub keep_apart: Vec<(String, String)>,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            name: "Suggested".to_string(),
            algorithm: Algorithm::Leiden,
            services: None,
            seed: 1,
            resolution: 1.0,
            call_weight: CallWeight::LogVolume,
            table_weight: 0.0,
            use_case_weight: 0.0,
            co_change_weight: 0.0,
            keep_together: Vec::new(),
            keep_apart: Vec::new(),
        }
    }
}

/// Shared tables or use cases only link modules in groups up to this size; a
/// table every module touches says nothing about where to cut and would add a
/// quadratic number of edges.
pub const MAX_SHARED_GROUP: usize = 64;

/// Why a suggestion could not be made.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SuggestError {
    /// The model itself is inconsistent.
    #[error(transparent)]
    Model(#[from] ValidationError),
    /// A constraint names a module that does not exist (or is an entry point).
    #[error("constraint names '{0}', which is not a module that can be placed in a service")]
    UnknownModule(String),
    /// Two modules must be kept together and apart at once.
    #[error("'{0}' and '{1}' are to be kept together and apart at the same time")]
    Contradiction(String, String),
    /// The target number of services is impossible.
    #[error("cannot make {wanted} services from {modules} placeable modules")]
    ImpossibleTarget {
        /// Services asked for.
        wanted: usize,
        /// Modules available.
        modules: usize,
    },
    /// Options out of range; says which, in both languages.
    #[error("{}", .0.en)]
    InvalidOption(Text),
}

impl SuggestError {
    /// The message in both interface languages (`Display` is the English one).
    pub fn text(&self) -> Text {
        let ko = match self {
            SuggestError::Model(invalid) => return invalid.text(),
            SuggestError::UnknownModule(id) => {
                format!("제약 조건의 '{id}'은(는) 서비스에 배치할 수 있는 모듈이 아닙니다")
            }
            SuggestError::Contradiction(a, b) => {
                format!("'{a}'와(과) '{b}'를 함께 두라는 제약과 떼어 두라는 제약이 동시에 있습니다")
            }
            SuggestError::ImpossibleTarget { wanted, modules } => {
                format!("배치할 수 있는 모듈 {modules}개로 서비스 {wanted}개를 만들 수 없습니다")
            }
            SuggestError::InvalidOption(option) => return option.clone(),
        };
        Text::new(ko, self.to_string())
    }
}

/// A strong link between two modules of a service.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tie {
    /// One module id.
    pub a: String,
    /// The other module id.
    pub b: String,
    /// Their link weight (calls and shared data).
    pub weight: f64,
}

/// Why a module is in its service.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Placement {
    /// Module id.
    pub module: String,
    /// The reason in both languages.
    pub reason: Text,
}

/// How one suggested service hangs together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceExplanation {
    /// Service id.
    pub service: String,
    /// Its strongest internal ties (up to three).
    pub ties: Vec<Tie>,
    /// One reason per module.
    pub placements: Vec<Placement>,
}

/// A suggested split and its explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// The split, ready to add to the project.
    pub split: Split,
    /// Per service, why it looks the way it does.
    pub explanation: Vec<ServiceExplanation>,
    /// Modularity of the suggestion on the undirected weighted graph it was made on.
    pub modularity: f64,
}

/// The undirected weighted module graph a suggestion works on: one node per
/// placeable (non-entry) module.
pub struct SuggestGraph {
    /// Module number of each node.
    pub modules: Vec<ModuleIx>,
    /// The graph.
    pub graph: WGraph,
}

/// Builds the weighted graph: calls by [`CallWeight`], plus shared tables and use
/// cases when their weights are positive.
pub fn weighted_graph(model: &ModelGraph, options: &SuggestOptions) -> SuggestGraph {
    let mut node_of = vec![u32::MAX; model.module_count()];
    let mut modules = Vec::new();
    for (m, entry) in model.entry_point.iter().enumerate() {
        if !entry {
            node_of[m] = modules.len() as u32;
            modules.push(m as ModuleIx);
        }
    }
    let mut edges: Vec<(Node, Node, f64)> = Vec::with_capacity(model.calls.len());
    for call in &model.calls {
        let (a, b) = (node_of[call.caller as usize], node_of[call.callee as usize]);
        if a == u32::MAX || b == u32::MAX || a == b {
            continue;
        }
        let weight = match options.call_weight {
            CallWeight::LogVolume => icp_weight(call.volume),
            CallWeight::Volume => call.volume,
            CallWeight::Count => 1.0,
        };
        edges.push((a, b, weight));
    }
    let mut link_groups = |rows: &dyn Fn(ModuleIx) -> Vec<u32>, count: usize, weight: f64| {
        if weight <= 0.0 {
            return;
        }
        let mut groups: Vec<Vec<Node>> = vec![Vec::new(); count];
        for (node, &m) in modules.iter().enumerate() {
            for key in rows(m) {
                groups[key as usize].push(node as Node);
            }
        }
        for group in groups.iter().filter(|g| g.len() <= MAX_SHARED_GROUP) {
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    edges.push((a, b, weight));
                }
            }
        }
    };
    let tables = |m: ModuleIx| {
        let mut t: Vec<u32> = model
            .reads
            .row(m)
            .iter()
            .chain(model.writes.row(m))
            .copied()
            .collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    link_groups(&tables, model.tables.len(), options.table_weight);
    let unknown = model.label_names.len();
    let labels = |m: ModuleIx| {
        model
            .labels
            .row(m)
            .iter()
            .copied()
            .filter(|&l| model.label_names.name(l) != crate::graph::UNKNOWN_LABEL)
            .collect()
    };
    link_groups(&labels, unknown, options.use_case_weight);
    if options.co_change_weight > 0.0 {
        for pair in &model.co_changes {
            let (a, b) = (node_of[pair.a as usize], node_of[pair.b as usize]);
            if a != u32::MAX && b != u32::MAX && a != b {
                edges.push((
                    a,
                    b,
                    options.co_change_weight * f64::from(pair.degree) / 100.0,
                ));
            }
        }
    }
    let graph = WGraph::from_edges(modules.len(), &edges);
    SuggestGraph { modules, graph }
}

/// Suggests a split of `project`.
pub fn suggest(project: &Project, options: &SuggestOptions) -> Result<Suggestion, SuggestError> {
    let model = ModelGraph::build(project)?;
    suggest_on(&project.modules, &model, options)
}

/// Suggests a split of a compiled model; `modules` are its modules, in order
/// (their tags name the services).
pub fn suggest_on(
    modules: &[Module],
    model: &ModelGraph,
    options: &SuggestOptions,
) -> Result<Suggestion, SuggestError> {
    if !(options.resolution > 0.0 && options.resolution.is_finite()) {
        return Err(SuggestError::InvalidOption(Text::new(
            "해상도는 양수여야 합니다",
            "resolution must be a positive number",
        )));
    }
    if [
        options.table_weight,
        options.use_case_weight,
        options.co_change_weight,
    ]
    .iter()
    .any(|w| !(*w >= 0.0 && w.is_finite()))
    {
        return Err(SuggestError::InvalidOption(Text::new(
            "가중치는 음수일 수 없습니다",
            "weights cannot be negative",
        )));
    }
    let suggest_graph = weighted_graph(model, options);
    let module_list = modules;
    let SuggestGraph { modules, graph } = &suggest_graph;
    let n = modules.len();
    if let Some(wanted) = options.services
        && (wanted == 0 || wanted > n)
    {
        return Err(SuggestError::ImpossibleTarget { wanted, modules: n });
    }
    let node_of = |id: &str| -> Result<Node, SuggestError> {
        model
            .ix(id)
            .and_then(|m| modules.binary_search(&m).ok())
            .map(|node| node as Node)
            .ok_or_else(|| SuggestError::UnknownModule(id.to_string()))
    };

    // Keep-together groups become single nodes.
    let mut group_of: Vec<u32> = (0..n as u32).collect();
    for group in &options.keep_together {
        let nodes = group
            .iter()
            .map(|id| node_of(id))
            .collect::<Result<Vec<_>, _>>()?;
        for pair in nodes.windows(2) {
            union(&mut group_of, pair[0], pair[1]);
        }
    }
    let roots: Vec<u32> = (0..n as u32).map(|v| find(&mut group_of, v)).collect();
    let (group_of, groups) = renumber(&roots);
    let mut apart = Vec::new();
    for (a, b) in &options.keep_apart {
        let (ga, gb) = (
            group_of[node_of(a)? as usize],
            group_of[node_of(b)? as usize],
        );
        if ga == gb {
            return Err(SuggestError::Contradiction(a.clone(), b.clone()));
        }
        apart.push((ga, gb));
    }
    // Without keep-together groups every node is its own group: the graph as it is.
    let contracted = if groups == n {
        std::borrow::Cow::Borrowed(graph)
    } else {
        std::borrow::Cow::Owned(graph.aggregate(&group_of, groups))
    };

    let settings = Detection {
        algorithm: options.algorithm,
        resolution: options.resolution,
        seed: options.seed,
        ..Detection::default()
    };
    let mut communities = detect(&contracted, &settings);
    separate(&contracted, &mut communities, &apart, options.resolution);
    if let Some(wanted) = options.services {
        reach_target(&contracted, &mut communities, wanted, &apart, &settings);
    }
    let (communities, count) = renumber(&communities);
    let membership: Vec<u32> = group_of.iter().map(|&g| communities[g as usize]).collect();
    let modularity = graph.modularity(&membership, 1.0);
    let split = build_split(
        module_list,
        model,
        &suggest_graph.modules,
        &membership,
        count,
        options,
    );
    let explanation = explain(model, &suggest_graph, &membership, &group_of, &split);
    Ok(Suggestion {
        split,
        explanation,
        modularity,
    })
}

fn find(parent: &mut [u32], v: u32) -> u32 {
    let mut root = v;
    while parent[root as usize] != root {
        root = parent[root as usize];
    }
    let mut v = v;
    while parent[v as usize] != root {
        let next = parent[v as usize];
        parent[v as usize] = root;
        v = next;
    }
    root
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb) as usize] = ra.min(rb);
    }
}

/// Moves one node of every keep-apart pair that shares a community to the
/// neighbouring community where it does best without its partner, or alone.
fn separate(graph: &WGraph, membership: &mut [u32], apart: &[(u32, u32)], resolution: f64) {
    let scale = if graph.total > 0.0 {
        resolution / (2.0 * graph.total)
    } else {
        0.0
    };
    for _ in 0..=apart.len() {
        let Some(&(a, b)) = apart
            .iter()
            .find(|&&(a, b)| membership[a as usize] == membership[b as usize])
        else {
            return;
        };
        let community = membership[a as usize];
        let inside = |v: u32, membership: &[u32]| -> f64 {
            graph
                .neighbours(v)
                .filter(|&(t, _)| membership[t as usize] == community)
                .map(|(_, w)| w)
                .sum()
        };
        let mover = if inside(a, membership) <= inside(b, membership) {
            a
        } else {
            b
        };
        let forbidden: Vec<u32> = apart
            .iter()
            .filter_map(|&(x, y)| {
                if x == mover {
                    Some(membership[y as usize])
                } else if y == mover {
                    Some(membership[x as usize])
                } else {
                    None
                }
            })
            .collect();
        let mut strength = vec![0.0; membership.len()];
        for (v, &c) in membership.iter().enumerate() {
            strength[c as usize] += graph.strength[v];
        }
        let mut links: rustc_hash::FxHashMap<u32, f64> = rustc_hash::FxHashMap::default();
        for (t, w) in graph.neighbours(mover) {
            *links.entry(membership[t as usize]).or_insert(0.0) += w;
        }
        let mut best: Option<(u32, f64)> = None;
        let mut candidates: Vec<(u32, f64)> = links
            .into_iter()
            .filter(|(c, _)| !forbidden.contains(c))
            .collect();
        candidates.sort_unstable_by_key(|&(c, _)| c);
        for (c, link) in candidates {
            let gain = link - graph.strength[mover as usize] * strength[c as usize] * scale;
            if best.is_none_or(|(_, g)| gain > g) {
                best = Some((c, gain));
            }
        }
        membership[mover as usize] = match best {
            Some((c, gain)) if gain > 0.0 => c,
            _ => membership.iter().max().map_or(0, |m| m + 1),
        };
    }
}

/// Merges or splits communities until there are exactly `wanted`.
fn reach_target(
    graph: &WGraph,
    membership: &mut Vec<u32>,
    wanted: usize,
    apart: &[(u32, u32)],
    settings: &Detection,
) {
    loop {
        let (renumbered, count) = renumber(membership);
        *membership = renumbered;
        if count == wanted {
            return;
        }
        let changed = if count > wanted {
            merge_down(graph, membership, count, wanted, apart, settings.resolution)
        } else {
            split_largest(graph, membership, count, settings)
        };
        if !changed {
            return;
        }
    }
}

/// Splits the community with the most nodes in two: Leiden on its subgraph at
/// rising resolution, or halves by strength order when it has no structure.
fn split_largest(
    graph: &WGraph,
    membership: &mut [u32],
    count: usize,
    settings: &Detection,
) -> bool {
    let mut members: Vec<Vec<Node>> = vec![Vec::new(); count];
    for (v, &c) in membership.iter().enumerate() {
        members[c as usize].push(v as Node);
    }
    let Some(largest) = (0..count)
        .filter(|&c| members[c].len() > 1)
        .max_by_key(|&c| (members[c].len(), std::cmp::Reverse(c)))
    else {
        return false;
    };
    let nodes = &members[largest];
    let sub = graph.induced(nodes);
    let mut halves: Option<Vec<u32>> = None;
    let mut resolution = settings.resolution;
    for _ in 0..8 {
        resolution *= 2.0;
        let parts = detect(
            &sub,
            &Detection {
                resolution,
                ..*settings
            },
        );
        let (mut parts, parts_count) = renumber(&parts);
        if parts_count < 2 {
            continue;
        }
        if parts_count > 2 {
            merge_down(&sub, &mut parts, parts_count, 2, &[], resolution);
            parts = renumber(&parts).0;
        }
        halves = Some(parts);
        break;
    }
    let halves = halves.unwrap_or_else(|| {
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by(|&a, &b| sub.strength[b].total_cmp(&sub.strength[a]).then(a.cmp(&b)));
        let mut parts = vec![0u32; nodes.len()];
        for &i in order.iter().skip(1).step_by(2) {
            parts[i] = 1;
        }
        parts
    });
    for (i, &v) in nodes.iter().enumerate() {
        if halves[i] == 1 {
            membership[v as usize] = count as u32;
        }
    }
    true
}

/// Turns node communities into a split: services ordered by size, each named after
/// the capability (or subdomain) most of its modules share.
fn build_split(
    project_modules: &[Module],
    model: &ModelGraph,
    modules: &[ModuleIx],
    membership: &[u32],
    count: usize,
    options: &SuggestOptions,
) -> Split {
    let mut members: Vec<Vec<ModuleIx>> = vec![Vec::new(); count];
    for (node, &c) in membership.iter().enumerate() {
        members[c as usize].push(modules[node]);
    }
    members.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut split = Split::new(options.name.clone(), SplitOrigin::Suggested);
    let mut used_names: Vec<String> = Vec::new();
    for (ix, list) in members.iter().enumerate() {
        let id = format!("s{}", ix + 1);
        let mut name =
            dominant_tag(project_modules, list).unwrap_or_else(|| format!("Service {}", ix + 1));
        if used_names.contains(&name) {
            name = format!("{name} {}", ix + 1);
        }
        used_names.push(name.clone());
        split.services.push(Service::new(id.clone(), name));
        for &m in list {
            split.assignment.insert(model.id(m).to_string(), id.clone());
        }
    }
    split
}

/// The capability, else the subdomain, carried by more than half of the modules.
fn dominant_tag(project_modules: &[Module], modules: &[ModuleIx]) -> Option<String> {
    let capabilities = modules
        .iter()
        .map(|&m| project_modules[m as usize].capability.as_ref());
    let subdomains = modules
        .iter()
        .map(|&m| project_modules[m as usize].subdomain.as_ref());
    majority(capabilities, modules.len()).or_else(|| majority(subdomains, modules.len()))
}

/// The value more than half of `total` items carry, if any.
fn majority<'a>(values: impl Iterator<Item = Option<&'a String>>, total: usize) -> Option<String> {
    let mut counts: Vec<(&String, usize)> = Vec::new();
    for value in values.flatten() {
        match counts.iter_mut().find(|(name, _)| *name == value) {
            Some((_, c)) => *c += 1,
            None => counts.push((value, 1)),
        }
    }
    counts
        .into_iter()
        .find(|&(_, c)| c * 2 > total)
        .map(|(name, _)| name.clone())
}

/// Per service: its three strongest inside ties; per module: its strongest tie
/// inside and how much of its weight stays inside, or its keep-together group.
fn explain(
    model: &ModelGraph,
    suggest_graph: &SuggestGraph,
    membership: &[u32],
    group_of: &[u32],
    split: &Split,
) -> Vec<ServiceExplanation> {
    let SuggestGraph { modules, graph } = suggest_graph;
    // The service of each community, looked up once (services are numbered by size).
    let mut service_of_community: rustc_hash::FxHashMap<u32, usize> =
        rustc_hash::FxHashMap::default();
    for (v, &c) in membership.iter().enumerate() {
        service_of_community.entry(c).or_insert_with(|| {
            let id = &split.assignment[model.id(modules[v])];
            split.services.iter().position(|s| &s.id == id).unwrap_or(0)
        });
    }
    // The three strongest ties inside each service, as node pairs: the ids
    // are written out for those only.
    let mut ties: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); split.services.len()];
    let stronger = |x: &(f64, usize, usize), y: &(f64, usize, usize)| {
        y.0.total_cmp(&x.0).then_with(|| {
            (model.id(modules[x.1]), model.id(modules[x.2]))
                .cmp(&(model.id(modules[y.1]), model.id(modules[y.2])))
        })
    };
    let mut group_members: rustc_hash::FxHashMap<u32, Vec<usize>> =
        rustc_hash::FxHashMap::default();
    for (v, &g) in group_of.iter().enumerate() {
        group_members.entry(g).or_default().push(v);
    }
    let mut placements: Vec<Vec<Placement>> = vec![Vec::new(); split.services.len()];
    for v in 0..graph.node_count() {
        let service = service_of_community[&membership[v]];
        let mut strongest: Option<(usize, f64)> = None;
        let (mut inside, mut total) = (0.0, 0.0);
        for (t, w) in graph.neighbours(v as Node) {
            total += w;
            if membership[t as usize] == membership[v] {
                inside += w;
                if (v as u32) < t {
                    let tie = (w, v, t as usize);
                    let kept = &mut ties[service];
                    if kept.len() < 3 || stronger(&tie, &kept[2]).is_lt() {
                        kept.push(tie);
                        kept.sort_by(stronger);
                        kept.truncate(3);
                    }
                }
                if strongest.is_none_or(|(_, sw)| w > sw) {
                    strongest = Some((t as usize, w));
                }
            }
        }
        let id = model.id(modules[v]).to_string();
        let group = &group_members[&group_of[v]];
        let reason = if group.len() > 1 {
            let others: Vec<&str> = group
                .iter()
                .filter(|&&u| u != v)
                .map(|&u| model.id(modules[u]))
                .collect();
            Text::new(
                format!("함께 두기 제약: {}와(과) 같은 서비스", others.join(", ")),
                format!("Kept together with {} (your constraint)", others.join(", ")),
            )
        } else if total == 0.0 {
            Text::new(
                "호출이나 공유 데이터가 없어 서비스 수를 맞추는 데 배치됨",
                "No calls or shared data; placed to reach the number of services",
            )
        } else if let Some((partner, weight)) = strongest {
            let share = (inside / total * 100.0).round();
            let partner = model.id(modules[partner]);
            Text::new(
                format!(
                    "{partner}와(과) 가장 강하게 연결됨 (가중치 {weight:.1}); 연결의 {share}%가 이 서비스 안에 있음"
                ),
                format!(
                    "Strongest tie is to {partner} (weight {weight:.1}); {share}% of its links stay in this service"
                ),
            )
        } else {
            Text::new(
                "이 서비스와 직접 연결은 없지만 다른 곳이 더 나쁘지 않음",
                "No direct link inside, but no other service fits better",
            )
        };
        placements[service].push(Placement { module: id, reason });
    }
    split
        .services
        .iter()
        .zip(ties.into_iter().zip(placements))
        .map(|(service, (ties, placements))| ServiceExplanation {
            service: service.id.clone(),
            ties: ties
                .into_iter()
                .map(|(weight, a, b)| Tie {
                    a: model.id(modules[a]).to_string(),
                    b: model.id(modules[b]).to_string(),
                    weight,
                })
                .collect(),
            placements,
        })
        .collect()
}
