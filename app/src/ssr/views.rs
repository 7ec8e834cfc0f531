//! What the pages' server functions compute from a project, computed once per
//! revision and shared: the compiled model, each split's analysis, counts, the
//! split editor's compact model, the HTML report. A project changes far less often than its
//! pages are opened (every participant opens every page), so each revision's
//! work is done once, on the heavy-work pool, by whoever asks first.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use engine::analysis::{SplitAnalysis, analyze_split};
use engine::graph::ModelGraph;
use engine::metrics::AnalysisOptions;
use engine::report::ModelSummary;

use super::AppState;
use crate::errors::AppError;
use crate::store::Snapshot;

/// How many projects' derived data a process keeps.
const CAPACITY: usize = 16;

/// One revision of a project and what has been derived from it so far.
#[derive(Debug)]
pub struct Derived {
    /// The project at this revision.
    pub snapshot: Arc<Snapshot>,
    graph: OnceLock<Result<Arc<ModelGraph>, String>>,
    analyses: OnceLock<Vec<Result<Arc<SplitAnalysis>, String>>>,
    summary: OnceLock<ModelSummary>,
    model_key: OnceLock<u64>,
    /// The HTML report in Korean and in English.
    reports: [OnceLock<Result<String, AppError>>; 2],
    /// Whether a report page has begun each report in the background.
    reports_begun: [AtomicBool; 2],
}

impl Derived {
    fn new(snapshot: Arc<Snapshot>) -> Derived {
        Derived {
            snapshot,
            graph: OnceLock::new(),
            analyses: OnceLock::new(),
            summary: OnceLock::new(),
            model_key: OnceLock::new(),
            reports: [OnceLock::new(), OnceLock::new()],
            reports_begun: [AtomicBool::new(false), AtomicBool::new(false)],
        }
    }

    /// The compiled model (an invalid model cannot be compiled: the reason).
    pub fn graph(&self) -> Result<Arc<ModelGraph>, String> {
        self.graph
            .get_or_init(|| {
                ModelGraph::build(&self.snapshot.project)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// Each split's analysis, in project order (a split that cannot be scored:
    /// the reason).
    pub fn analyses(&self) -> &[Result<Arc<SplitAnalysis>, String>] {
        self.analyses.get_or_init(|| {
            let graph = self.graph();
            // Each split on a core of its own where there are several.
            engine::parallel::map(&self.snapshot.project.splits, |split| {
                let graph = graph.as_ref().map_err(Clone::clone)?;
                analyze_split(graph, split, AnalysisOptions::default())
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
        })
    }

    /// The analysis of one split, by id.
    pub fn analysis(&self, split_id: &str) -> Option<Result<Arc<SplitAnalysis>, String>> {
        let ix = self
            .snapshot
            .project
            .splits
            .iter()
            .position(|s| s.id == split_id)?;
        self.analyses().get(ix).cloned()
    }

    /// The HTML report in Korean or English, made by `make` for the first
    /// caller; a caller coming while it is being made waits for it rather
    /// than making it again.
    pub fn report(
        &self,
        korean: bool,
        make: impl FnOnce() -> Result<String, AppError>,
    ) -> Result<String, AppError> {
        self.reports[usize::from(!korean)].get_or_init(make).clone()
    }

    /// Whether this caller is the first to begin the report in that language
    /// in the background: a crowd opening the report page at once puts one
    /// job on the heavy pool, not one each waiting on the same report.
    pub fn begin_report(&self, korean: bool) -> bool {
        !self.reports_begun[usize::from(!korean)].swap(true, Ordering::AcqRel)
    }

    /// Counts of the model.
    pub fn summary(&self) -> ModelSummary {
        self.summary
            .get_or_init(|| ModelSummary::of(&self.snapshot.project))
            .clone()
    }

    /// A fingerprint of the modules' ids in order: module numbers mean the
    /// same modules wherever the fingerprint is the same.
    pub fn model_key(&self) -> u64 {
        *self.model_key.get_or_init(|| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            for module in &self.snapshot.project.modules {
                module.id.hash(&mut hasher);
            }
            hasher.finish()
        })
    }
}

/// The derived data of the projects this process serves.
#[derive(Clone, Debug, Default)]
pub struct Views {
    entries: Arc<Mutex<HashMap<String, Arc<Derived>>>>,
}

impl Views {
    /// The derived data of a snapshot (the one already started for it, or a new one).
    fn of(&self, project_id: &str, snapshot: Arc<Snapshot>) -> Arc<Derived> {
        let Ok(mut entries) = self.entries.lock() else {
            return Arc::new(Derived::new(snapshot));
        };
        if let Some(kept) = entries.get(project_id)
            && Arc::ptr_eq(&kept.snapshot, &snapshot)
        {
            return Arc::clone(kept);
        }
        let derived = Arc::new(Derived::new(snapshot));
        if entries.len() >= CAPACITY && !entries.contains_key(project_id) {
            // Any entry will do: each is cheap to recompute.
            if let Some(victim) = entries.keys().next().cloned() {
                entries.remove(&victim);
            }
        }
        entries.insert(project_id.to_string(), Arc::clone(&derived));
        derived
    }
}

/// The current revision of a project with what is derived from it.
pub async fn current(state: &AppState, project_id: &str) -> Result<Arc<Derived>, AppError> {
    let snapshot = state.db.snapshot(project_id).await?;
    Ok(state.views.of(project_id, snapshot))
}
