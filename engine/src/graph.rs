//! A project compiled for analysis: modules, tags and calls as flat arrays indexed
//! by module number, so metrics and moves never touch strings or hash maps of
//! strings on their hot paths.

use rustc_hash::FxHashMap;

use crate::model::{CallKind, CallStyle, Latency, Module, Project, Split, ValidationError};

/// A module number: its position in [`Project::modules`].
pub type ModuleIx = u32;

/// One call, resolved to module numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CallRec {
    /// Calling module.
    pub caller: ModuleIx,
    /// Called module.
    pub callee: ModuleIx,
    /// Calls per period.
    pub volume: f64,
    /// The volume in exact units (see [`Amount`]).
    pub volume_units: i64,
    /// The call's weight in the inter-call percentage, in exact units: `ln v + 1`
    /// for v ≥ 1 (as the Mono2Micro reference), `v` below 1 so that it stays ≥ 0
    /// and continuous.
    pub icp_units: i64,
    /// Synchronous (the caller waits) rather than asynchronous.
    pub sync: bool,
    /// Must be atomic with the caller's write.
    pub transactional: bool,
    /// Only reads (a query), rather than changes state (a command).
    pub query: bool,
    /// Whether this call stands for its unordered module pair: false only for the
    /// second of two opposite calls a→b, b→a, so pairs are counted once.
    pub counts_pair: bool,
}

/// The callees of each caller, each row sorted: which calls a model has, found
/// without hashing a million pairs (a counting sort by caller, then a sort of
/// each short row).
pub(crate) struct CallRows {
    starts: Vec<usize>,
    callees: Vec<ModuleIx>,
}

impl CallRows {
    /// The rows of `calls` between `modules` modules (every caller and callee
    /// below it).
    pub(crate) fn of(modules: usize, calls: &[CallRec]) -> CallRows {
        let mut starts = vec![0usize; modules + 1];
        for call in calls {
            starts[call.caller as usize + 1] += 1;
        }
        for m in 0..modules {
            starts[m + 1] += starts[m];
        }
        let mut fill = starts.clone();
        let mut callees = vec![0 as ModuleIx; calls.len()];
        for call in calls {
            callees[fill[call.caller as usize]] = call.callee;
            fill[call.caller as usize] += 1;
        }
        for m in 0..modules {
            callees[starts[m]..starts[m + 1]].sort_unstable();
        }
        CallRows { starts, callees }
    }

    /// Whether a call `caller` → `callee` is among them.
    pub(crate) fn contains(&self, caller: ModuleIx, callee: ModuleIx) -> bool {
        let row = &self.callees[self.starts[caller as usize]..self.starts[caller as usize + 1]];
        row.binary_search(&callee).is_ok()
    }

    /// Each call given more than once, once per repetition, by caller.
    pub(crate) fn repeated(&self) -> impl Iterator<Item = (ModuleIx, ModuleIx)> + '_ {
        (0..self.starts.len() - 1).flat_map(move |m| {
            let row = &self.callees[self.starts[m]..self.starts[m + 1]];
            row.windows(2)
                .filter(|pair| pair[0] == pair[1])
                .map(move |pair| (m as ModuleIx, pair[0]))
        })
    }
}

impl CallRec {
    /// Caller and callee are the same module.
    pub fn is_self(&self) -> bool {
        self.caller == self.callee
    }
}

/// Interned strings: tag values, tables, teams.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<String>,
    index: FxHashMap<String, u32>,
}

impl Interner {
    /// The number for `name`, adding it if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&ix) = self.index.get(name) {
            return ix;
        }
        let ix = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), ix);
        ix
    }

    /// The number of `name`, if it was interned.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The name of a number.
    pub fn name(&self, ix: u32) -> &str {
        &self.names[ix as usize]
    }

    /// How many names there are.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name was interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Every name, by number.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// An interner holding `names` as numbers 0, 1, …
    pub fn from_names(names: Vec<String>) -> Interner {
        let index = names
            .iter()
            .enumerate()
            .map(|(ix, name)| (name.clone(), ix as u32))
            .collect();
        Interner { names, index }
    }
}

/// Lists per module in one flat array (compressed sparse rows).
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub(crate) offsets: Vec<u32>,
    pub(crate) items: Vec<u32>,
}

impl Rows {
    fn from_lists(lists: impl Iterator<Item = Vec<u32>>) -> Rows {
        let mut rows = Rows {
            offsets: vec![0],
            items: Vec::new(),
        };
        for list in lists {
            rows.items.extend(list);
            rows.offsets.push(rows.items.len() as u32);
        }
        rows
    }

    /// The items of one row.
    pub fn row(&self, ix: ModuleIx) -> &[u32] {
        let start = self.offsets[ix as usize] as usize;
        let end = self.offsets[ix as usize + 1] as usize;
        &self.items[start..end]
    }
}

/// The compiled model. Build once per project version; score any number of splits
/// and moves against it.
#[derive(Clone, Debug)]
pub struct ModelGraph {
    ids: Vec<String>,
    index: FxHashMap<String, ModuleIx>,
    /// Entry points never belong to a service.
    pub entry_point: Vec<bool>,
    /// Module sizes in exact units (see [`Amount`]).
    pub size: Vec<i64>,
    /// Owning team per module.
    pub team: Vec<Option<u32>>,
    /// Team names.
    pub teams: Interner,
    /// Use-case labels per module; a module without any has the label "Unknown".
    pub labels: Rows,
    /// Label names.
    pub label_names: Interner,
    /// Tables each module reads.
    pub reads: Rows,
    /// Tables each module writes.
    pub writes: Rows,
    /// Table names.
    pub tables: Interner,
    /// All calls.
    pub calls: Vec<CallRec>,
    /// For each module, the calls it takes part in (a self-call once).
    pub incident: Rows,
    /// Whether a module calls itself.
    pub self_call: Vec<bool>,
    /// Module pairs that change together (from history layers), each once.
    pub co_changes: Vec<CoChangeRec>,
    /// Per module, who works on it by its history: the main author's team, or
    /// the main author when no team is known (a number of `owners`).
    pub owner: Vec<Option<u32>>,
    /// Owner names.
    pub owners: Interner,
    /// What traces measured of calls, by call number (the last layer that
    /// measured a call wins).
    pub measures: FxHashMap<u32, CallMeasure>,
}

/// What a trace layer measured of one call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CallMeasure {
    /// How many spans were counted.
    pub count: u64,
    /// How many of them failed, when the source says.
    pub errors: Option<u64>,
    /// Latency percentiles in milliseconds, when the source has durations.
    pub latency: Option<Latency>,
}

/// Two modules that change together, as the metrics use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoChangeRec {
    /// One module.
    pub a: ModuleIx,
    /// The other.
    pub b: ModuleIx,
    /// Change sets both are in.
    pub shared: u32,
    /// Degree of coupling in percent.
    pub degree: u32,
}

/// What a graph keeps of its modules, checked: ids and their numbers, tags as
/// numbers.
struct ModuleTables {
    index: FxHashMap<String, ModuleIx>,
    teams: Interner,
    team: Vec<Option<u32>>,
    labels: Rows,
    label_names: Interner,
    reads: Rows,
    writes: Rows,
    tables: Interner,
}

impl ModuleTables {
    /// Checks the modules (ids present and unique, sizes in range) and numbers
    /// their tags.
    fn of(modules: &[Module]) -> Result<ModuleTables, ValidationError> {
        let mut index = FxHashMap::with_capacity_and_hasher(modules.len(), Default::default());
        let mut teams = Interner::default();
        let mut label_names = Interner::default();
        let mut tables = Interner::default();
        for (ix, module) in modules.iter().enumerate() {
            if module.id.is_empty() {
                return Err(ValidationError::EmptyModuleId { index: ix + 1 });
            }
            if !valid_magnitude(module.size) {
                return Err(ValidationError::InvalidSize {
                    module: module.id.clone(),
                    size: module.size,
                });
            }
            if index.insert(module.id.clone(), ix as ModuleIx).is_some() {
                return Err(ValidationError::DuplicateModule(module.id.clone()));
            }
        }
        let labels = Rows::from_lists(modules.iter().map(|m| {
            if m.use_cases.is_empty() {
                vec![label_names.intern(UNKNOWN_LABEL)]
            } else {
                let mut list: Vec<u32> =
                    m.use_cases.iter().map(|u| label_names.intern(u)).collect();
                list.sort_unstable();
                list.dedup();
                list
            }
        }));
        let mut table_list = |names: &[String]| {
            let mut list: Vec<u32> = names.iter().map(|t| tables.intern(t)).collect();
            list.sort_unstable();
            list.dedup();
            list
        };
        let reads = Rows::from_lists(modules.iter().map(|m| table_list(&m.reads)));
        let writes = Rows::from_lists(modules.iter().map(|m| table_list(&m.writes)));
        let team = modules
            .iter()
            .map(|m| m.team.as_deref().map(|t| teams.intern(t)))
            .collect();
        Ok(ModuleTables {
            index,
            teams,
            team,
            labels,
            label_names,
            reads,
            writes,
            tables,
        })
    }

    /// The graph of these modules and `calls` (whose rows are `rows`).
    fn assemble(self, modules: &[Module], calls: Vec<CallRec>, rows: &CallRows) -> ModelGraph {
        ModelGraph::assemble(
            self.index,
            modules.iter().map(|m| m.id.clone()).collect(),
            modules.iter().map(|m| m.entry_point).collect(),
            modules.iter().map(|m| Amount::units(m.size)).collect(),
            self.team,
            self.teams,
            self.labels,
            self.label_names,
            self.reads,
            self.writes,
            self.tables,
            calls,
            rows,
        )
    }
}

/// The label given to a module that takes part in no known use case, as in the
/// Mono2Micro reference.
pub const UNKNOWN_LABEL: &str = "Unknown";

impl ModelGraph {
    /// Compiles a project. Fails on the first inconsistency of the model itself
    /// (splits are checked when they are scored).
    pub fn build(project: &Project) -> Result<ModelGraph, ValidationError> {
        let tables = ModuleTables::of(&project.modules)?;
        let index = &tables.index;
        let mut calls = Vec::with_capacity(project.calls.len());
        let mut pairs: FxHashMap<(ModuleIx, ModuleIx), usize> =
            FxHashMap::with_capacity_and_hasher(project.calls.len(), Default::default());
        for call in &project.calls {
            let resolve = |id: &String| {
                index
                    .get(id)
                    .copied()
                    .ok_or_else(|| ValidationError::UnknownModuleInCall {
                        caller: call.caller.clone(),
                        callee: call.callee.clone(),
                        unknown: id.clone(),
                    })
            };
            let (caller, callee) = (resolve(&call.caller)?, resolve(&call.callee)?);
            if !valid_magnitude(call.volume) {
                return Err(ValidationError::InvalidVolume {
                    caller: call.caller.clone(),
                    callee: call.callee.clone(),
                    volume: call.volume,
                });
            }
            if pairs.insert((caller, callee), calls.len()).is_some() {
                return Err(ValidationError::DuplicateCall {
                    caller: call.caller.clone(),
                    callee: call.callee.clone(),
                });
            }
            calls.push(CallRec {
                caller,
                callee,
                volume: call.volume,
                volume_units: Amount::units(call.volume),
                icp_units: Amount::units(icp_weight(call.volume)),
                sync: call.style == CallStyle::Sync,
                transactional: call.transactional,
                query: call.kind == CallKind::Query,
                counts_pair: true,
            });
        }
        let rows = CallRows::of(project.modules.len(), &calls);
        let mut graph = tables.assemble(&project.modules, calls, &rows);
        graph.attach_layers(&project.layers);
        Ok(graph)
    }

    /// Compiles modules and calls given by module position (a native
    /// version-2 document stores them so): the modules are checked as by
    /// [`ModelGraph::build`]; the calls must name modules in range, at most one
    /// per (caller, callee), with valid volumes (`calls` makes them and
    /// checks them, and gives the [`CallRows`] it checked repetitions with;
    /// it runs while the modules are checked, on another core).
    pub(crate) fn from_positions(
        modules: &[Module],
        calls: impl FnOnce() -> (Vec<CallRec>, CallRows) + Send,
    ) -> Result<ModelGraph, ValidationError> {
        let (tables, (calls, rows)) = crate::parallel::join(|| ModuleTables::of(modules), calls);
        Ok(tables?.assemble(modules, calls, &rows))
    }

    /// Puts a graph together from checked parts: marks the second call of each
    /// opposite pair (found in `rows`, the calls' [`CallRows`]), indexes the
    /// calls per module and finds self-calls. `index` gives each id's number.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        index: FxHashMap<String, ModuleIx>,
        ids: Vec<String>,
        entry_point: Vec<bool>,
        size: Vec<i64>,
        team: Vec<Option<u32>>,
        teams: Interner,
        labels: Rows,
        label_names: Interner,
        reads: Rows,
        writes: Rows,
        tables: Interner,
        mut calls: Vec<CallRec>,
        rows: &CallRows,
    ) -> ModelGraph {
        let n = ids.len();
        for call in calls.iter_mut() {
            call.counts_pair =
                !(call.caller > call.callee && rows.contains(call.callee, call.caller));
        }

        let mut degree = vec![0u32; n];
        let mut self_call = vec![false; n];
        for call in &calls {
            if call.is_self() {
                self_call[call.caller as usize] = true;
            }
            degree[call.caller as usize] += 1;
            if !call.is_self() {
                degree[call.callee as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        for d in &degree {
            offsets.push(offsets.last().copied().unwrap_or(0) + d);
        }
        let mut fill = offsets[..n].to_vec();
        let mut items = vec![0u32; offsets[n] as usize];
        for (cx, call) in calls.iter().enumerate() {
            items[fill[call.caller as usize] as usize] = cx as u32;
            fill[call.caller as usize] += 1;
            if !call.is_self() {
                items[fill[call.callee as usize] as usize] = cx as u32;
                fill[call.callee as usize] += 1;
            }
        }

        ModelGraph {
            ids,
            index,
            entry_point,
            size,
            team,
            teams,
            labels,
            label_names,
            reads,
            writes,
            tables,
            calls,
            incident: Rows { offsets, items },
            self_call,
            co_changes: Vec::new(),
            owner: vec![None; n],
            owners: Interner::default(),
            measures: FxHashMap::default(),
        }
    }

    /// Takes the evidence of the project's history layers: change coupling
    /// between modules the model has, each pair once (the strongest evidence
    /// when two layers name it), and each module's owner (the last layer that
    /// names one wins).
    pub fn attach_layers(&mut self, layers: &[crate::model::Layer]) {
        for owner in layers.iter().flat_map(|layer| &layer.owners) {
            if let Some(&ix) = self.index.get(&owner.module) {
                let name = owner.main_team.as_deref().unwrap_or(&owner.main_author);
                self.owner[ix as usize] = Some(self.owners.intern(name));
            }
        }
        let mut pairs: FxHashMap<(ModuleIx, ModuleIx), CoChangeRec> = FxHashMap::default();
        for link in layers.iter().flat_map(|layer| &layer.co_changes) {
            let (Some(&a), Some(&b)) = (self.index.get(&link.a), self.index.get(&link.b)) else {
                continue;
            };
            if a == b {
                continue;
            }
            let (a, b) = (a.min(b), a.max(b));
            let entry = pairs.entry((a, b)).or_insert(CoChangeRec {
                a,
                b,
                shared: 0,
                degree: 0,
            });
            entry.shared = entry.shared.max(link.shared);
            entry.degree = entry.degree.max(link.degree);
        }
        let mut co_changes: Vec<CoChangeRec> = pairs.into_values().collect();
        co_changes.sort_unstable_by_key(|c| (c.a, c.b));
        self.co_changes = co_changes;
        self.attach_measures(layers);
    }

    /// Takes what trace layers measured of the calls the model has.
    fn attach_measures(&mut self, layers: &[crate::model::Layer]) {
        let measured = layers
            .iter()
            .flat_map(|layer| &layer.calls)
            .filter(|c| c.latency.is_some() || c.errors.is_some());
        let mut by_pair: Option<FxHashMap<(ModuleIx, ModuleIx), u32>> = None;
        for call in measured {
            let (Some(caller), Some(callee)) = (self.ix(&call.caller), self.ix(&call.callee))
            else {
                continue;
            };
            let pairs = by_pair.get_or_insert_with(|| {
                self.calls
                    .iter()
                    .enumerate()
                    .map(|(cx, c)| ((c.caller, c.callee), cx as u32))
                    .collect()
            });
            if let Some(&cx) = pairs.get(&(caller, callee)) {
                self.measures.insert(
                    cx,
                    CallMeasure {
                        count: call.count,
                        errors: call.errors,
                        latency: call.latency,
                    },
                );
            }
        }
    }

    /// The calls between two modules in services (`service_of` gives each
    /// module's service, [`crate::metrics::UNASSIGNED`] for none), with the
    /// caller's and the callee's service; self-calls left out.
    pub fn placed_calls<'a>(
        &'a self,
        service_of: &'a [u32],
    ) -> impl Iterator<Item = (&'a CallRec, u32, u32)> + 'a {
        use crate::metrics::UNASSIGNED;
        self.calls.iter().filter_map(move |call| {
            let (a, b) = (
                service_of[call.caller as usize],
                service_of[call.callee as usize],
            );
            (!call.is_self() && a != UNASSIGNED && b != UNASSIGNED).then_some((call, a, b))
        })
    }

    /// The tables any of `modules` writes, each once, in table order.
    pub fn tables_written_by(&self, modules: impl IntoIterator<Item = ModuleIx>) -> Vec<u32> {
        let mut tables: Vec<u32> = modules
            .into_iter()
            .flat_map(|m| self.writes.row(m).iter().copied())
            .collect();
        tables.sort_unstable();
        tables.dedup();
        tables
    }

    /// How many modules there are.
    pub fn module_count(&self) -> usize {
        self.ids.len()
    }

    /// A module's id.
    pub fn id(&self, ix: ModuleIx) -> &str {
        &self.ids[ix as usize]
    }

    /// A module's number.
    pub fn ix(&self, id: &str) -> Option<ModuleIx> {
        self.index.get(id).copied()
    }

    /// Resolves a split to a service number per module (in the split's service
    /// order) and the assignment order, checking it against the model.
    pub fn resolve_split(&self, split: &Split) -> Result<ResolvedSplit, ValidationError> {
        let mut services = FxHashMap::default();
        for (ix, service) in split.services.iter().enumerate() {
            if service.id.is_empty() || services.insert(service.id.as_str(), ix as u32).is_some() {
                return Err(ValidationError::DuplicateService {
                    split: split.name.clone(),
                    service: service.id.clone(),
                });
            }
        }
        let mut order = Vec::with_capacity(split.assignment.len());
        for (module, service) in &split.assignment {
            let Some(m) = self.ix(module) else {
                return Err(ValidationError::UnknownModuleInSplit {
                    split: split.name.clone(),
                    module: module.clone(),
                });
            };
            if self.entry_point[m as usize] {
                return Err(ValidationError::EntryPointInSplit {
                    split: split.name.clone(),
                    module: module.clone(),
                });
            }
            let Some(&s) = services.get(service.as_str()) else {
                return Err(ValidationError::UnknownServiceInSplit {
                    split: split.name.clone(),
                    module: module.clone(),
                    service: service.clone(),
                });
            };
            order.push((m, s));
        }
        Ok(ResolvedSplit {
            service_count: split.services.len() as u32,
            order,
        })
    }
}

/// A split in module and service numbers: the assignments in their order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedSplit {
    /// How many services the split declares (some may be empty).
    pub service_count: u32,
    /// (module, service) in assignment order.
    pub order: Vec<(ModuleIx, u32)>,
}

/// The inter-call percentage weight of a call volume (see [`CallRec::icp_weight`]).
pub fn icp_weight(volume: f64) -> f64 {
    if volume >= 1.0 {
        volume.ln() + 1.0
    } else {
        volume
    }
}

/// The largest volume or size Seams accepts, so that exact sums cannot overflow.
pub const MAX_MAGNITUDE: f64 = 1e12;

/// Whether a volume or size is a number from 0 to [`MAX_MAGNITUDE`].
pub fn valid_magnitude(value: f64) -> bool {
    (0.0..=MAX_MAGNITUDE).contains(&value)
}

/// An exact sum of volumes or sizes: fixed point with a resolution of 2⁻²⁰.
///
/// Floating-point sums that are added to and taken from on every move drift
/// (0.1 + 0.2 − 0.1 − 0.2 ≠ 0), so a service emptied by moves could keep a
/// phantom volume; integer units make incremental sums equal fresh ones exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(i128);

const UNITS_PER_ONE: f64 = 1_048_576.0;

impl Amount {
    /// The exact units of a value (rounded to the resolution).
    pub fn units(value: f64) -> i64 {
        (value * UNITS_PER_ONE).round() as i64
    }

    /// Adds `sign` (±1) times `units`.
    pub fn add(&mut self, units: i64, sign: i64) {
        self.0 += i128::from(units) * i128::from(sign);
    }

    /// Adds another exact sum.
    pub fn add_amount(&mut self, other: Amount) {
        self.0 += other.0;
    }

    /// The value as a float.
    pub fn get(self) -> f64 {
        self.0 as f64 / UNITS_PER_ONE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(caller: ModuleIx, callee: ModuleIx) -> CallRec {
        CallRec {
            caller,
            callee,
            volume: 1.0,
            volume_units: Amount::units(1.0),
            icp_units: Amount::units(icp_weight(1.0)),
            sync: true,
            transactional: false,
            query: false,
            counts_pair: true,
        }
    }

    #[test]
    fn call_rows_find_calls_and_their_repetitions() {
        let calls = [
            rec(2, 0),
            rec(0, 3),
            rec(2, 1),
            rec(0, 1),
            rec(2, 0),
            rec(0, 3),
            rec(0, 3),
        ];
        let rows = CallRows::of(4, &calls);
        assert!(rows.contains(2, 0) && rows.contains(0, 1) && rows.contains(0, 3));
        assert!(!rows.contains(0, 2) && !rows.contains(1, 0) && !rows.contains(3, 0));
        assert_eq!(
            rows.repeated().collect::<Vec<_>>(),
            vec![(0, 3), (0, 3), (2, 0)]
        );
    }
}
