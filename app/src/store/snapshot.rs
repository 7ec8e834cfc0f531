//! Projects as they are at one revision, kept in memory and shared by every
//! reader of this process.
//!
//! Reading a 10,000-module project back from its rows takes over a second; every
//! page and every edit needs it. A project's revision goes up with every change
//! (in the same transaction), so a snapshot whose revision equals the stored one
//! is the stored project exactly, whichever process wrote it: a reader checks the
//! revision (one indexed row) and reuses the snapshot, a writer builds the next
//! snapshot from the one before and its edit.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use engine::edit::{Edit, Object};
use engine::model::Project;

use super::load::Loaded;
use super::{Db, StoreError};

/// How many projects a process keeps in memory (the least recently used go).
const CAPACITY: usize = 16;

/// A project at one revision.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    /// The revision.
    pub revision: i64,
    /// The project (readiness participants are user ids).
    pub project: Project,
    /// Display names of the readiness participants, by user id.
    pub participants: BTreeMap<String, String>,
    /// The revision that last changed each object, by [`Object::key`].
    pub(super) versions: BTreeMap<String, i64>,
}

impl From<Loaded> for Snapshot {
    fn from(loaded: Loaded) -> Snapshot {
        Snapshot {
            revision: loaded.revision,
            project: loaded.project,
            participants: loaded.participants,
            versions: loaded.versions,
        }
    }
}

impl Snapshot {
    /// The snapshot after `edit` made `revision` from this one: `after` is the
    /// edited project, `new_names` the display names of participants this
    /// snapshot does not know yet.
    pub(super) fn next(
        &self,
        revision: i64,
        edit: &Edit,
        mut after: Project,
        new_names: &BTreeMap<String, String>,
    ) -> Snapshot {
        let mut versions = self.versions.clone();
        let touched = edit.touches(&self.project);
        if touched.contains(&Object::Everything) {
            versions = all_objects(&after)
                .into_iter()
                .map(|object| (object.key(), revision))
                .collect();
        } else {
            versions.insert(Object::Info.key(), revision);
            for object in touched {
                if exists(&after, &object) {
                    versions.insert(object.key(), revision);
                } else {
                    versions.remove(&object.key());
                    // Deleting a split deletes its services, assignments and roadmap too.
                    if let Object::Split { id } = &object
                        && let Some(split) = self.project.split_by_id(id)
                    {
                        for service in &split.services {
                            versions.remove(
                                &Object::Service {
                                    split: id.clone(),
                                    id: service.id.clone(),
                                }
                                .key(),
                            );
                        }
                        for module in split.assignment.keys() {
                            versions.remove(
                                &Object::Assignment {
                                    split: id.clone(),
                                    module: module.clone(),
                                }
                                .key(),
                            );
                        }
                        versions.remove(&Object::Roadmap { split: id.clone() }.key());
                    }
                }
            }
        }
        // Answers are read back ordered by question, then participant.
        after
            .readiness
            .answers
            .sort_by(|a, b| (&a.question, &a.participant).cmp(&(&b.question, &b.participant)));
        let participants = after
            .readiness
            .answers
            .iter()
            .map(|answer| {
                let id = &answer.participant;
                let name = self
                    .participants
                    .get(id)
                    .or_else(|| new_names.get(id))
                    .cloned()
                    .unwrap_or_else(|| id.clone());
                (id.clone(), name)
            })
            .collect();
        Snapshot {
            revision,
            project: after,
            participants,
            versions,
        }
    }

    /// A project just created: every object at revision 1.
    pub(super) fn created(mut project: Project) -> Snapshot {
        project
            .readiness
            .answers
            .sort_by(|a, b| (&a.question, &a.participant).cmp(&(&b.question, &b.participant)));
        let mut versions: BTreeMap<String, i64> = all_objects(&project)
            .into_iter()
            .map(|object| (object.key(), 1))
            .collect();
        versions.insert(Object::Info.key(), 1);
        Snapshot {
            revision: 1,
            participants: BTreeMap::new(),
            project,
            versions,
        }
    }

    /// `project` at `revision`, as the store would give it: for tests of
    /// what is derived from snapshots.
    #[cfg(test)]
    pub(crate) fn at(revision: i64, project: Project) -> Snapshot {
        Snapshot {
            revision,
            ..Snapshot::created(project)
        }
    }

    /// The revision that last changed an object (0 for one never stored).
    pub(super) fn version(&self, object: &Object) -> i64 {
        match object {
            Object::Everything => self.revision,
            other => self.versions.get(&other.key()).copied().unwrap_or(0),
        }
    }
}

/// Every stored object of a project (as written when it is stored whole).
pub(super) fn all_objects(project: &Project) -> Vec<Object> {
    let mut objects = vec![Object::Info];
    objects.extend(
        project
            .modules
            .iter()
            .map(|m| Object::Module { id: m.id.clone() }),
    );
    objects.extend(project.calls.iter().map(|c| Object::Call {
        caller: c.caller.clone(),
        callee: c.callee.clone(),
    }));
    for split in &project.splits {
        objects.push(Object::Split {
            id: split.id.clone(),
        });
        objects.extend(split.services.iter().map(|s| Object::Service {
            split: split.id.clone(),
            id: s.id.clone(),
        }));
        objects.extend(split.assignment.keys().map(|m| Object::Assignment {
            split: split.id.clone(),
            module: m.clone(),
        }));
        if !split.roadmap.is_default() {
            objects.push(Object::Roadmap {
                split: split.id.clone(),
            });
        }
    }
    objects.extend(
        project
            .readiness
            .custom_questions
            .iter()
            .map(|q| Object::Question { id: q.id.clone() }),
    );
    objects.extend(project.readiness.answers.iter().map(|a| Object::Answer {
        participant: a.participant.clone(),
        question: a.question.clone(),
    }));
    objects
}

/// Whether an object is in the project.
fn exists(project: &Project, object: &Object) -> bool {
    match object {
        Object::Info | Object::Everything => true,
        Object::Module { id } => project.modules.iter().any(|m| &m.id == id),
        Object::Call { caller, callee } => project
            .calls
            .iter()
            .any(|c| &c.caller == caller && &c.callee == callee),
        Object::Split { id } => project.split_by_id(id).is_some(),
        Object::Service { split, id } => project
            .split_by_id(split)
            .is_some_and(|s| s.services.iter().any(|x| &x.id == id)),
        Object::Assignment { split, module } => project
            .split_by_id(split)
            .is_some_and(|s| s.assignment.contains_key(module)),
        Object::Roadmap { split } => project
            .split_by_id(split)
            .is_some_and(|s| !s.roadmap.is_default()),
        Object::Question { id } => project
            .readiness
            .custom_questions
            .iter()
            .any(|q| &q.id == id),
        Object::Answer {
            participant,
            question,
        } => project
            .readiness
            .answers
            .iter()
            .any(|a| &a.participant == participant && &a.question == question),
    }
}

/// The snapshots of this process, least recently used first out.
#[derive(Debug, Default)]
pub(super) struct Snapshots {
    entries: Mutex<HashMap<String, (Arc<Snapshot>, u64)>>,
    clock: std::sync::atomic::AtomicU64,
}

impl Snapshots {
    fn tick(&self) -> u64 {
        self.clock
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// The snapshot of a project at `revision`, if this process has it.
    pub(super) fn get(&self, project_id: &str, revision: i64) -> Option<Arc<Snapshot>> {
        let now = self.tick();
        let mut entries = self.entries.lock().ok()?;
        let (snapshot, used) = entries.get_mut(project_id)?;
        if snapshot.revision != revision {
            return None;
        }
        *used = now;
        Some(Arc::clone(snapshot))
    }

    /// Keeps a snapshot, unless a newer one of the project is kept already.
    pub(super) fn put(&self, project_id: &str, snapshot: Arc<Snapshot>) {
        let now = self.tick();
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries
            .get(project_id)
            .is_some_and(|(kept, _)| kept.revision > snapshot.revision)
        {
            return;
        }
        entries.insert(project_id.to_string(), (snapshot, now));
        while entries.len() > CAPACITY {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(id, _)| id.clone())
            else {
                break;
            };
            entries.remove(&oldest);
        }
    }

    /// Forgets a project (deleted).
    pub(super) fn forget(&self, project_id: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(project_id);
        }
    }
}

impl Db {
    /// The project as it is now, from memory when this process has its current
    /// revision, else read from the database (and kept).
    pub async fn snapshot(&self, project_id: &str) -> Result<Arc<Snapshot>, StoreError> {
        let revision = self
            .revision(project_id)
            .await?
            .ok_or(StoreError::NotFound("project"))?;
        if let Some(snapshot) = self.snapshots.get(project_id, revision) {
            return Ok(snapshot);
        }
        let mut conn = self.pool.acquire().await?;
        let snapshot = Arc::new(Snapshot::from(
            super::load::load(&mut conn, project_id).await?,
        ));
        drop(conn);
        self.snapshots.put(project_id, Arc::clone(&snapshot));
        Ok(snapshot)
    }

    /// The project read from its rows, bypassing memory (for tests that check
    /// the kept snapshots against the database).
    pub async fn snapshot_from_rows(&self, project_id: &str) -> Result<Snapshot, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(Snapshot::from(
            super::load::load(&mut conn, project_id).await?,
        ))
    }
}
