//! What the pages' server functions compute from a project, computed once per
//! revision and shared: the compiled model, each split's analysis, each
//! split's roadmap, counts, the split editor's compact model, the HTML
//! report. A project changes far less often than its pages are opened (every
//! participant opens every page), so each revision's work is done once, on
//! the heavy-work pool, by whoever asks first; and a revision keeps what the
//! one before had derived that its edit did not change (a roadmap reorder, a
//! readiness answer or a rename leaves the compiled model and the other
//! splits' analyses and roadmaps as they were).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use engine::analysis::{SplitAnalysis, analyze_split};
use engine::graph::ModelGraph;
use engine::metrics::AnalysisOptions;
use engine::model::{Project, Split};
use engine::report::ModelSummary;
use engine::roadmap::{Roadmap, RoadmapError, SplitRoadmaps, split_roadmap};

use super::AppState;
use crate::errors::AppError;
use crate::store::Snapshot;

/// How many projects' derived data a process keeps.
const CAPACITY: usize = 16;

/// One split's roadmap as [`split_roadmap`] gives it (`None`: the split does
/// not resolve against the model).
type KeptRoadmap = Arc<Option<(String, Result<Roadmap, RoadmapError>)>>;

/// What a revision takes over from the one before, by split id: the
/// analyses and roadmaps of the splits the edit between them left alone.
#[derive(Debug, Default)]
struct Carried {
    analyses: HashMap<String, Arc<SplitAnalysis>>,
    roadmaps: HashMap<String, KeptRoadmap>,
}

/// One revision of a project and what has been derived from it so far.
#[derive(Debug)]
pub struct Derived {
    /// The project at this revision.
    pub snapshot: Arc<Snapshot>,
    graph: OnceLock<Result<Arc<ModelGraph>, String>>,
    analyses: OnceLock<Vec<Result<Arc<SplitAnalysis>, String>>>,
    /// Each split's roadmap, in project order.
    roadmaps: OnceLock<Vec<KeptRoadmap>>,
    carried: Carried,
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
            roadmaps: OnceLock::new(),
            carried: Carried::default(),
            summary: OnceLock::new(),
            model_key: OnceLock::new(),
            reports: [OnceLock::new(), OnceLock::new()],
            reports_begun: [AtomicBool::new(false), AtomicBool::new(false)],
        }
    }

    /// A later revision of `previous`'s project, taking over what
    /// `previous` has derived that does not depend on what changed: the
    /// compiled model when the modules, calls and layers are the same; then
    /// the analysis of each split whose services and assignment are the
    /// same, and the roadmap of each split that is the same in every part
    /// while the readiness answers are too. (Comparing costs a few
    /// milliseconds at 50,000 modules; compiling and planning, a second.)
    fn after(previous: &Derived, snapshot: Arc<Snapshot>) -> Derived {
        let (before, now) = (&previous.snapshot.project, &snapshot.project);
        let Some(Ok(graph)) = previous.graph.get() else {
            return Derived::new(snapshot);
        };
        if !same_model(before, now) {
            return Derived::new(snapshot);
        }
        let unchanged = |split: &Split, alike: fn(&Split, &Split) -> bool| {
            !split.id.is_empty()
                && now
                    .split_by_id(&split.id)
                    .is_some_and(|later| alike(split, later))
        };
        // What `previous` computed, else what it had taken over itself and
        // not been asked for yet (a revision no page asked much of).
        let mut carried = Carried::default();
        for (ix, split) in before.splits.iter().enumerate() {
            let analysis = match previous.analyses.get() {
                Some(analyses) => analyses.get(ix).and_then(|a| a.as_ref().ok()).cloned(),
                None => previous.carried.analyses.get(&split.id).cloned(),
            };
            if let Some(analysis) = analysis
                && unchanged(split, scored_alike)
            {
                carried.analyses.insert(split.id.clone(), analysis);
            }
            let roadmap = match previous.roadmaps.get() {
                Some(roadmaps) => roadmaps.get(ix).cloned(),
                None => previous.carried.roadmaps.get(&split.id).cloned(),
            };
            if let Some(roadmap) = roadmap
                && before.readiness == now.readiness
                && unchanged(split, |a, b| a == b)
            {
                carried.roadmaps.insert(split.id.clone(), roadmap);
            }
        }
        let graph = Arc::clone(graph);
        let derived = Derived {
            carried,
            ..Derived::new(snapshot)
        };
        let _ = derived.graph.set(Ok(graph));
        derived
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
                if let Some(kept) = self.carried.analyses.get(&split.id) {
                    return Ok(Arc::clone(kept));
                }
                let graph = graph.as_ref().map_err(Clone::clone)?;
                analyze_split(graph, split, AnalysisOptions::default())
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
        })
    }

    /// Each split's roadmap by the team's plan, as
    /// [`engine::roadmap::roadmaps`] gives them (none when the model does
    /// not compile), planned once per revision.
    pub fn roadmaps(&self) -> SplitRoadmaps {
        let kept = self.roadmaps.get_or_init(|| {
            let Ok(graph) = self.graph() else {
                return Vec::new();
            };
            let project = &self.snapshot.project;
            // Each split on a core of its own where there are several.
            engine::parallel::map(&project.splits, |split| {
                self.carried
                    .roadmaps
                    .get(&split.id)
                    .cloned()
                    .unwrap_or_else(|| {
                        Arc::new(split_roadmap(
                            &graph,
                            split,
                            &project.readiness,
                            AnalysisOptions::default(),
                        ))
                    })
            })
        });
        kept.iter()
            .filter_map(|roadmap| (**roadmap).clone())
            .collect()
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

    /// Whether the HTML report in that language is made already (handing
    /// it out then only copies it).
    pub fn has_report(&self, korean: bool) -> bool {
        self.reports[usize::from(!korean)].get().is_some()
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
    /// The derived data of a snapshot (the one already started for it, or a
    /// new one taking over what the project's last one had derived).
    fn of(&self, project_id: &str, snapshot: Arc<Snapshot>) -> Arc<Derived> {
        let previous = {
            let Ok(entries) = self.entries.lock() else {
                return Arc::new(Derived::new(snapshot));
            };
            match entries.get(project_id) {
                Some(kept) if Arc::ptr_eq(&kept.snapshot, &snapshot) => return Arc::clone(kept),
                kept => kept.cloned(),
            }
        };
        // Compared outside the lock: other projects' pages need not wait.
        let derived = Arc::new(match previous {
            Some(previous) => Derived::after(&previous, snapshot),
            None => Derived::new(snapshot),
        });
        let Ok(mut entries) = self.entries.lock() else {
            return derived;
        };
        if let Some(kept) = entries.get(project_id)
            && Arc::ptr_eq(&kept.snapshot, &derived.snapshot)
        {
            // Another request made it meanwhile: share that one.
            return Arc::clone(kept);
        }
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

/// Whether two projects compile to the same model: what
/// [`ModelGraph::build`] reads is the same.
fn same_model(before: &Project, now: &Project) -> bool {
    before.modules == now.modules && before.calls == now.calls && before.layers == now.layers
}

/// Whether a split scores as another does: all but its roadmap decisions
/// are the same (listed field by field, so a new field of a split is not
/// overlooked here).
fn scored_alike(before: &Split, now: &Split) -> bool {
    let Split {
        id,
        name,
        origin,
        services,
        assignment,
        roadmap: _,
        forbidden,
    } = before;
    *id == now.id
        && *name == now.name
        && *origin == now.origin
        && *services == now.services
        && *assignment == now.assignment
        && *forbidden == now.forbidden
}

/// The current revision of a project with what is derived from it.
pub async fn current(state: &AppState, project_id: &str) -> Result<Arc<Derived>, AppError> {
    let snapshot = state.db.snapshot(project_id).await?;
    Ok(state.views.of(project_id, snapshot))
}

#[cfg(test)]
mod tests {
    use engine::model::{AnswerValue, ReadinessAnswer};

    use super::*;

    fn demo() -> Project {
        let mut project = engine::demo::project();
        for (ix, split) in project.splits.iter_mut().enumerate() {
            split.id = format!("split{ix}");
        }
        project
    }

    /// A revision's derived data with everything asked for once.
    fn derived_after(previous: Option<&Derived>, revision: i64, project: Project) -> Derived {
        let snapshot = Arc::new(Snapshot::at(revision, project));
        let derived = match previous {
            Some(previous) => Derived::after(previous, snapshot),
            None => Derived::new(snapshot),
        };
        derived.analyses();
        derived.roadmaps();
        derived
    }

    fn analysis(derived: &Derived, ix: usize) -> Arc<SplitAnalysis> {
        derived.analyses()[ix].clone().expect("the split is scored")
    }

    fn roadmap(derived: &Derived, ix: usize) -> KeptRoadmap {
        Arc::clone(&derived.roadmaps.get().expect("planned")[ix])
    }

    /// Analyses compared as JSON: a metric without evidence is NaN.
    fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).expect("serialises")
    }

    /// What a revision derives is what a revision derived from nothing would.
    fn as_if_fresh(derived: &Derived) {
        let fresh = derived_after(
            None,
            derived.snapshot.revision,
            derived.snapshot.project.clone(),
        );
        for ix in 0..derived.snapshot.project.splits.len() {
            assert_eq!(json(&*analysis(derived, ix)), json(&*analysis(&fresh, ix)));
        }
        assert_eq!(derived.roadmaps(), fresh.roadmaps());
    }

    #[test]
    fn a_revision_keeps_what_its_edit_did_not_change() {
        let mut project = demo();
        let first = derived_after(None, 1, project.clone());
        let graph = first.graph().expect("compiles");

        // A roadmap decision on the first split: the model, both analyses and
        // the second split's roadmap are kept; the first split is planned anew.
        let services: Vec<String> = project.splits[0]
            .services
            .iter()
            .map(|s| s.id.clone())
            .collect();
        project.splits[0].roadmap.order = services.into_iter().rev().collect();
        let second = derived_after(Some(&first), 2, project.clone());
        assert!(Arc::ptr_eq(&graph, &second.graph().expect("compiles")));
        assert!(Arc::ptr_eq(&analysis(&first, 0), &analysis(&second, 0)));
        assert!(Arc::ptr_eq(&analysis(&first, 1), &analysis(&second, 1)));
        assert!(!Arc::ptr_eq(&roadmap(&first, 0), &roadmap(&second, 0)));
        assert_ne!(roadmap(&first, 0), roadmap(&second, 0));
        assert!(Arc::ptr_eq(&roadmap(&first, 1), &roadmap(&second, 1)));
        as_if_fresh(&second);

        // A readiness answer: the roadmaps read it; the analyses do not.
        project.readiness.answers.push(ReadinessAnswer {
            participant: "u1".into(),
            question: engine::readiness::STANDARD_QUESTIONS[0].id.to_string(),
            answer: AnswerValue::No,
            note: String::new(),
        });
        let third = derived_after(Some(&second), 3, project.clone());
        assert!(Arc::ptr_eq(&graph, &third.graph().expect("compiles")));
        assert!(Arc::ptr_eq(&analysis(&second, 1), &analysis(&third, 1)));
        assert!(!Arc::ptr_eq(&roadmap(&second, 1), &roadmap(&third, 1)));
        as_if_fresh(&third);

        // A module moved in the second split: its analysis and roadmap anew,
        // the first split's kept.
        let (module, service) = project.splits[1]
            .assignment
            .iter()
            .next()
            .map(|(m, s)| (m.clone(), s.clone()))
            .expect("assigned");
        let other = project.splits[1]
            .services
            .iter()
            .find(|s| s.id != service)
            .map(|s| s.id.clone())
            .expect("two services");
        project.splits[1].assignment.insert(module, other);
        let fourth = derived_after(Some(&third), 4, project.clone());
        assert!(Arc::ptr_eq(&analysis(&third, 0), &analysis(&fourth, 0)));
        assert!(!Arc::ptr_eq(&analysis(&third, 1), &analysis(&fourth, 1)));
        assert!(Arc::ptr_eq(&roadmap(&third, 0), &roadmap(&fourth, 0)));
        assert!(!Arc::ptr_eq(&roadmap(&third, 1), &roadmap(&fourth, 1)));
        as_if_fresh(&fourth);

        // A module's size: the model is compiled anew, and everything with it.
        project.modules[3].size += 1.0;
        let fifth = derived_after(Some(&fourth), 5, project.clone());
        assert!(!Arc::ptr_eq(&graph, &fifth.graph().expect("compiles")));
        assert!(!Arc::ptr_eq(&analysis(&fourth, 0), &analysis(&fifth, 0)));
        assert!(!Arc::ptr_eq(&roadmap(&fourth, 0), &roadmap(&fifth, 0)));
        as_if_fresh(&fifth);

        // A revision no page asks anything of passes on what it took over.
        project.description.push_str(" Renamed.");
        let sixth = Derived::after(&fifth, Arc::new(Snapshot::at(6, project.clone())));
        project.name.push_str(" 2");
        let seventh = derived_after(Some(&sixth), 7, project.clone());
        assert!(Arc::ptr_eq(&analysis(&fifth, 1), &analysis(&seventh, 1)));
        assert!(Arc::ptr_eq(&roadmap(&fifth, 1), &roadmap(&seventh, 1)));
        as_if_fresh(&seventh);
    }
}
