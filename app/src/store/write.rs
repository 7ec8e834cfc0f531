//! Writing: every change is one transaction that applies an edit, writes the
//! objects it touched with the new revision as their version, bumps the project
//! revision and appends to the history.

use engine::edit::{Edit, Object};
use engine::formats::native;
use engine::model::Project;
use sqlx::{Any, AnyConnection, Row, Transaction};

use std::collections::BTreeMap;
use std::sync::Arc;

use super::blocking;
use super::live::Signal;
use super::load::{enum_text, load};
use super::snapshot::Snapshot;
use super::{Backend, DEMO_PROJECT_ID, Db, StoreError, UserRecord, new_id, now_millis};

/// A full snapshot is kept every this many revisions (and at creation, imports and
/// restores), so restoring replays at most this many edits.
pub(super) const SNAPSHOT_EVERY: i64 = 50;

/// Positions of rows written at a revision start here, so they sort after every
/// row written before (room for 4 million rows per revision).
fn position_base(revision: i64) -> i64 {
    revision << 22
}

/// A value bound into a statement.
#[derive(Clone)]
pub(super) enum Value {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
    Float(f64),
}

impl Db {
    /// Starts a transaction that may write: SQLite takes the write lock at once
    /// (`BEGIN IMMEDIATE`, so concurrent writers queue instead of failing).
    pub(super) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// This process's turn to write (SQLite): writers queue here, first come
    /// first served, instead of retrying for SQLite's lock, where a writer
    /// that commits step after step (a big import) would always win.
    pub(super) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write_order.lock().await),
            Backend::Postgres => None,
        }
    }

    /// Runs one writing statement on the pool in this process's turn (see
    /// [`Db::write_turn`]): presence, votes, members, accounts and the like
    /// queue with the edits instead of retrying for SQLite's lock.
    pub(super) async fn execute_in_turn<'q>(
        &self,
        statement: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<sqlx::any::AnyQueryResult, sqlx::Error> {
        let _turn = self.write_turn().await;
        statement.execute(&self.pool).await
    }

    /// The project as it is at `revision`: from memory, or read on `conn`.
    pub(super) async fn snapshot_at(
        &self,
        conn: &mut AnyConnection,
        project_id: &str,
        revision: i64,
    ) -> Result<Arc<Snapshot>, StoreError> {
        Ok(match self.snapshots.get(project_id, revision) {
            Some(snapshot) => snapshot,
            None => Arc::new(Snapshot::from(load(conn, project_id).await?)),
        })
    }

    /// Applies one edit on behalf of `user`, who saw the project at `seen_revision`.
    /// Refused with [`StoreError::Conflict`] when an object the edit touches changed
    /// after that revision. Returns the new revision.
    pub async fn apply_edit(
        &self,
        project_id: &str,
        user: &UserRecord,
        seen_revision: i64,
        edit: &Edit,
    ) -> Result<i64, StoreError> {
        if self.is_big_rewrite(project_id, edit).await? {
            return self
                .rewrite_in_steps(project_id, user, seen_revision, edit)
                .await;
        }
        // SQLite: hold the order from the write lock to the signal, so pages hear
        // revisions in order (PostgreSQL orders its notifications by commit).
        let in_order = self.write_turn().await;
        let mut tx = self.begin_write().await?;
        // Writers of one project queue on its row (PostgreSQL; SQLite's write
        // transaction holds the whole database already).
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let (current, generation) = revision_and_generation(&mut tx, project_id, lock).await?;
        let before = self.snapshot_at(&mut tx, project_id, current).await?;
        let objects = edit.touches(&before.project);
        check_seen(&mut tx, project_id, &before, &objects, seen_revision).await?;
        // The model-sized work (a copy of the project with the edit, then the
        // next snapshot) runs on a blocking thread: the async threads keep
        // answering everyone else meanwhile.
        let shared_edit = Arc::new(edit.clone());
        let after = {
            let (before, edit) = (Arc::clone(&before), Arc::clone(&shared_edit));
            blocking(move || edit.applied_to(&before.project)).await??
        };
        let revision = current + 1;
        let at = Stamp {
            project_id,
            generation,
            revision,
        };
        write_objects(&mut tx, &at, &after, &objects).await?;
        record(
            &mut tx,
            project_id,
            user,
            revision,
            edit,
            &before.project,
            &after,
        )
        .await?;
        let names = participant_names(&mut tx, &before, &after).await?;
        let signal = Signal::revision(project_id, revision, user, edit);
        self.announce_in(&mut tx, &signal).await?;
        tx.commit().await?;
        self.announce_committed(signal);
        drop(in_order);
        self.keep_snapshot(project_id, move || {
            before.next(revision, &shared_edit, after, &names)
        })
        .await;
        Ok(revision)
    }

    /// Keeps the snapshot after a committed revision, made on a blocking
    /// thread. Should that fail, the edit still stands (it is committed):
    /// the failure is logged and the next read loads the project from the rows.
    pub(super) async fn keep_snapshot(
        &self,
        project_id: &str,
        next: impl FnOnce() -> Snapshot + Send + 'static,
    ) {
        match blocking(next).await {
            Ok(next) => self.snapshots.put(project_id, Arc::new(next)),
            Err(error) => {
                tracing::error!(%error, "keeping the snapshot of a committed revision");
                self.snapshots.forget(project_id);
            }
        }
    }

    /// Creates a project owned by `user` from a model (empty, imported or the demo).
    /// Splits without an id get one; checklist answers become the creator's
    /// (see [`claim_answers`]). Returns the project id.
    pub async fn create_project(
        &self,
        user: &UserRecord,
        project: Project,
    ) -> Result<String, StoreError> {
        let id = new_id();
        self.insert_project(&id, user, project).await?;
        Ok(id)
    }

    /// Makes sure the demo everyone may open read-only ([`DEMO_PROJECT_ID`])
    /// exists: created the first time it is asked for, owned by a guest named
    /// after Seams who never signs in. Whoever asks at the same moment, it is
    /// made once.
    pub async fn ensure_demo(&self) -> Result<(), StoreError> {
        // Deleted or not: its id is taken either way.
        let exists = || async {
            sqlx::query_scalar::<_, i64>("SELECT revision FROM projects WHERE id = $1")
                .bind(DEMO_PROJECT_ID)
                .fetch_optional(&self.pool)
                .await
                .map(|found| found.is_some())
        };
        if exists().await? {
            return Ok(());
        }
        let owner = self.create_guest("Seams").await?;
        let created = self
            .insert_project(DEMO_PROJECT_ID, &owner, engine::demo::project())
            .await;
        match created {
            // Someone else made it meanwhile.
            Err(_) if exists().await? => Ok(()),
            other => other,
        }
    }

    async fn insert_project(
        &self,
        id: &str,
        user: &UserRecord,
        mut project: Project,
    ) -> Result<(), StoreError> {
        claim_answers(&mut project, &user.id);
        for split in &mut project.splits {
            if split.id.is_empty() {
                split.id = new_id();
            }
        }
        project.validate().map_err(engine::edit::EditError::from)?;
        let now = now_millis();
        let _turn = self.write_turn().await;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO projects (id, name, description, revision, created_by, created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $5, $5)",
        )
        .bind(id)
        .bind(&project.name)
        .bind(&project.description)
        .bind(&user.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO members (project_id, user_id, role, added_at) VALUES ($1, $2, 'owner', $3)")
            .bind(id)
            .bind(&user.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let at = Stamp {
            project_id: id,
            generation: 0,
            revision: 1,
        };
        // The edit holds the project (no copy of a 10,000-module model).
        let edit = Edit::ReplaceAll { project };
        let Edit::ReplaceAll { project: created } = &edit else {
            unreachable!("just built")
        };
        write_objects(&mut tx, &at, created, &[Object::Everything]).await?;
        record(&mut tx, id, user, 1, &edit, &Project::new(""), created).await?;
        tx.commit().await?;
        let Edit::ReplaceAll { project } = edit else {
            unreachable!("just built")
        };
        // Answers name people whose display names the snapshot would need.
        if project.readiness.answers.is_empty() {
            self.snapshots.put(id, Arc::new(Snapshot::created(project)));
        }
        Ok(())
    }
}

/// Checklist answers in a file someone imports speak for that person only: no
/// one can record answers in another member's name, and each question keeps
/// one answer (the first the file gives).
fn claim_answers(project: &mut Project, user_id: &str) {
    let mut answered = std::collections::HashSet::new();
    project
        .readiness
        .answers
        .retain(|answer| answered.insert(answer.question.clone()));
    for answer in &mut project.readiness.answers {
        answer.participant = user_id.to_string();
    }
}

/// Where rows are written: the project, its model generation and the revision
/// that becomes each row's version.
pub(super) struct Stamp<'a> {
    pub project_id: &'a str,
    pub generation: i64,
    pub revision: i64,
}

/// The project's revision and model generation (with `lock`, the row is
/// locked for the transaction on PostgreSQL).
pub(super) async fn revision_and_generation(
    conn: &mut AnyConnection,
    project_id: &str,
    lock: &str,
) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(&format!(
        "SELECT revision, generation FROM projects WHERE id = $1 AND deleted_at IS NULL{lock}"
    ))
    .bind(project_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound("project"))?;
    Ok((row.try_get("revision")?, row.try_get("generation")?))
}

/// Refuses an edit when an object it touches changed after `seen_revision`,
/// naming who changed it.
pub(super) async fn check_seen(
    conn: &mut AnyConnection,
    project_id: &str,
    before: &Snapshot,
    objects: &[Object],
    seen_revision: i64,
) -> Result<(), StoreError> {
    let newest = newest_touched(before, objects);
    if newest <= seen_revision {
        return Ok(());
    }
    Err(conflict(conn, project_id, newest).await?)
}

/// The newest revision that changed any of `objects`.
pub(super) fn newest_touched(before: &Snapshot, objects: &[Object]) -> i64 {
    objects
        .iter()
        .map(|object| before.version(object))
        .max()
        .unwrap_or(0)
}

/// The conflict with the change made at `revision`.
pub(super) async fn conflict(
    conn: &mut AnyConnection,
    project_id: &str,
    revision: i64,
) -> Result<StoreError, StoreError> {
    let by: Option<String> =
        sqlx::query_scalar("SELECT user_name FROM history WHERE project_id = $1 AND revision = $2")
            .bind(project_id)
            .bind(revision)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(StoreError::Conflict {
        by: by.unwrap_or_else(|| "someone".to_string()),
        revision,
    })
}

/// Display names of the participants `after` has and `before` had not (an
/// answer recorded for someone else, say), read from the users table.
pub(super) async fn participant_names(
    conn: &mut AnyConnection,
    before: &Snapshot,
    after: &Project,
) -> Result<BTreeMap<String, String>, StoreError> {
    let mut names = BTreeMap::new();
    for answer in &after.readiness.answers {
        let id = &answer.participant;
        if before.participants.contains_key(id) || names.contains_key(id) {
            continue;
        }
        let name: Option<String> =
            sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        names.insert(id.clone(), name.unwrap_or_else(|| id.clone()));
    }
    Ok(names)
}

/// Bumps the revision and appends the history row (with a snapshot when due).
pub(super) async fn record(
    conn: &mut AnyConnection,
    project_id: &str,
    user: &UserRecord,
    revision: i64,
    edit: &Edit,
    before: &Project,
    after: &Project,
) -> Result<(), StoreError> {
    let now = now_millis();
    sqlx::query("UPDATE projects SET revision = $1, updated_at = $2 WHERE id = $3")
        .bind(revision)
        .bind(now)
        .bind(project_id)
        .execute(&mut *conn)
        .await?;
    let due = revision == 1 || edit.rewrites_everything() || revision % SNAPSHOT_EVERY == 0;
    let snapshot = due.then(|| native::to_json(after));
    // The history keeps the replayable edit; for bulk edits the snapshot holds the data.
    let (stored_edit, action) = match edit {
        Edit::Import { .. } => (r#"{"op":"snapshot"}"#.to_string(), "import".to_string()),
        Edit::PutLayer { .. } => (r#"{"op":"snapshot"}"#.to_string(), "put_layer".to_string()),
        Edit::ReplaceAll { .. } => (
            r#"{"op":"snapshot"}"#.to_string(),
            "replace_all".to_string(),
        ),
        other => {
            let value =
                serde_json::to_value(other).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let action = value
                .get("op")
                .and_then(|op| op.as_str())
                .unwrap_or_default()
                .to_string();
            (value.to_string(), action)
        }
    };
    let summary = edit.summary(before);
    sqlx::query(
        "INSERT INTO history (project_id, revision, user_id, user_name, at, action, summary_ko, summary_en, edit, snapshot) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(project_id)
    .bind(revision)
    .bind(&user.id)
    .bind(&user.display_name)
    .bind(now)
    .bind(action)
    .bind(summary.ko)
    .bind(summary.en)
    .bind(stored_edit)
    .bind(snapshot)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes each touched object as it is in `after` (or deletes it when it is gone).
pub(super) async fn write_objects(
    conn: &mut AnyConnection,
    at: &Stamp<'_>,
    after: &Project,
    objects: &[Object],
) -> Result<(), StoreError> {
    let Stamp {
        project_id,
        generation,
        revision,
    } = *at;
    let base = position_base(revision);
    for (ordinal, object) in objects.iter().enumerate() {
        let position = base + ordinal as i64;
        match object {
            Object::Everything => write_everything(conn, at, after, true).await?,
            Object::Info => {
                sqlx::query("UPDATE projects SET name = $1, description = $2 WHERE id = $3")
                    .bind(&after.name)
                    .bind(&after.description)
                    .bind(project_id)
                    .execute(&mut *conn)
                    .await?;
            }
            Object::Module { id } => match after.modules.iter().find(|m| &m.id == id) {
                Some(module) => {
                    let values = module_values(at, module, position);
                    upsert(
                        conn,
                        MODULES_HEAD,
                        values,
                        "ON CONFLICT (project_id, generation, module_id) DO UPDATE SET name = excluded.name, description = excluded.description, size = excluded.size, team = excluded.team, capability = excluded.capability, subdomain = excluded.subdomain, subdomain_kind = excluded.subdomain_kind, use_cases = excluded.use_cases, reads = excluded.reads, writes = excluded.writes, entry_point = excluded.entry_point, version = excluded.version",
                    )
                    .await?
                }
                None => delete(conn, &format!("DELETE FROM modules WHERE project_id = $1 AND module_id = $2 AND generation = {generation}"), &[project_id, id]).await?,
            },
            Object::Call { caller, callee } => {
                match after.calls.iter().find(|c| &c.caller == caller && &c.callee == callee) {
                    Some(call) => {
                        upsert(
                            conn,
                            CALLS_HEAD,
                            call_values(at, call, position),
                            "ON CONFLICT (project_id, generation, caller, callee) DO UPDATE SET volume = excluded.volume, style = excluded.style, transactional = excluded.transactional, kind = excluded.kind, source = excluded.source, version = excluded.version",
                        )
                        .await?
                    }
                    None => {
                        delete(
                            conn,
                            &format!("DELETE FROM calls WHERE project_id = $1 AND caller = $2 AND callee = $3 AND generation = {generation}"),
                            &[project_id, caller, callee],
                        )
                        .await?
                    }
                }
            }
            Object::Split { id } => match after.split_by_id(id) {
                Some(split) => {
                    upsert(
                        conn,
                        "INSERT INTO splits (project_id, split_id, name, origin, position, forbidden, version)",
                        vec![
                            Value::Text(project_id.into()),
                            Value::Text(split.id.clone()),
                            Value::Text(split.name.clone()),
                            Value::Text(enum_text(&split.origin)),
                            Value::Int(position),
                            Value::Text(forbidden_text(split)?),
                            Value::Int(revision),
                        ],
                        "ON CONFLICT (project_id, split_id) DO UPDATE SET name = excluded.name, origin = excluded.origin, forbidden = excluded.forbidden, version = excluded.version",
                    )
                    .await?
                }
                None => delete(conn, "DELETE FROM splits WHERE project_id = $1 AND split_id = $2", &[project_id, id]).await?,
            },
            Object::Service { split, id } => {
                match after.split_by_id(split).and_then(|s| s.services.iter().find(|x| &x.id == id)) {
                    Some(service) => {
                        upsert(
                            conn,
                            "INSERT INTO services (project_id, split_id, service_id, position, name, description, version)",
                            service_values(project_id, split, service, position, revision),
                            "ON CONFLICT (project_id, split_id, service_id) DO UPDATE SET name = excluded.name, description = excluded.description, version = excluded.version",
                        )
                        .await?
                    }
                    None => {
                        delete(
                            conn,
                            "DELETE FROM services WHERE project_id = $1 AND split_id = $2 AND service_id = $3",
                            &[project_id, split, id],
                        )
                        .await?
                    }
                }
            }
            Object::Assignment { split, module } => {
                match after.split_by_id(split).and_then(|s| s.assignment.get(module)) {
                    Some(service) => {
                        upsert(
                            conn,
                            "INSERT INTO assignments (project_id, split_id, module_id, service_id, position, version)",
                            vec![
                                Value::Text(project_id.into()),
                                Value::Text(split.clone()),
                                Value::Text(module.clone()),
                                Value::Text(service.clone()),
                                Value::Int(position),
                                Value::Int(revision),
                            ],
                            "ON CONFLICT (project_id, split_id, module_id) DO UPDATE SET service_id = excluded.service_id, position = excluded.position, version = excluded.version",
                        )
                        .await?
                    }
                    None => {
                        delete(
                            conn,
                            "DELETE FROM assignments WHERE project_id = $1 AND split_id = $2 AND module_id = $3",
                            &[project_id, split, module],
                        )
                        .await?
                    }
                }
            }
            Object::Roadmap { split } => match after.split_by_id(split).map(|s| &s.roadmap).filter(|r| !r.is_default()) {
                Some(plan) => {
                    upsert(
                        conn,
                        "INSERT INTO roadmaps (project_id, split_id, body, version)",
                        roadmap_values(project_id, split, plan, revision)?,
                        "ON CONFLICT (project_id, split_id) DO UPDATE SET body = excluded.body, version = excluded.version",
                    )
                    .await?
                }
                None => delete(conn, "DELETE FROM roadmaps WHERE project_id = $1 AND split_id = $2", &[project_id, split]).await?,
            },
            Object::Question { id } => match after.readiness.custom_questions.iter().find(|q| &q.id == id) {
                Some(question) => {
                    upsert(
                        conn,
                        "INSERT INTO readiness_questions (project_id, question_id, position, question_group, ko, en, version)",
                        vec![
                            Value::Text(project_id.into()),
                            Value::Text(question.id.clone()),
                            Value::Int(position),
                            Value::Text(enum_text(&question.group)),
                            Value::Text(question.ko.clone()),
                            Value::Text(question.en.clone()),
                            Value::Int(revision),
                        ],
                        "ON CONFLICT (project_id, question_id) DO UPDATE SET question_group = excluded.question_group, ko = excluded.ko, en = excluded.en, version = excluded.version",
                    )
                    .await?
                }
                None => {
                    delete(
                        conn,
                        "DELETE FROM readiness_questions WHERE project_id = $1 AND question_id = $2",
                        &[project_id, id],
                    )
                    .await?
                }
            },
            Object::Answer { participant, question } => {
                match after
                    .readiness
                    .answers
                    .iter()
                    .find(|a| &a.participant == participant && &a.question == question)
                {
                    Some(answer) => {
                        upsert(
                            conn,
                            "INSERT INTO readiness_answers (project_id, participant, question_id, answer, note, version)",
                            vec![
                                Value::Text(project_id.into()),
                                Value::Text(participant.clone()),
                                Value::Text(question.clone()),
                                Value::Text(enum_text(&answer.answer)),
                                Value::Text(answer.note.clone()),
                                Value::Int(revision),
                            ],
                            "ON CONFLICT (project_id, participant, question_id) DO UPDATE SET answer = excluded.answer, note = excluded.note, version = excluded.version",
                        )
                        .await?
                    }
                    None => {
                        delete(
                            conn,
                            "DELETE FROM readiness_answers WHERE project_id = $1 AND participant = $2 AND question_id = $3",
                            &[project_id, participant, question],
                        )
                        .await?
                    }
                }
            }
        }
    }
    Ok(())
}

/// Replaces every row of a project with `after`; the modules and calls too
/// unless `with_model` is false (a staged import has written them already).
pub(super) async fn write_everything(
    conn: &mut AnyConnection,
    at: &Stamp<'_>,
    after: &Project,
    with_model: bool,
) -> Result<(), StoreError> {
    let Stamp {
        project_id,
        revision,
        ..
    } = *at;
    let model_tables: &[&str] = if with_model {
        &["calls", "modules"]
    } else {
        &[]
    };
    for table in [
        "roadmaps",
        "assignments",
        "services",
        "splits",
        "readiness_questions",
        "readiness_answers",
        "layers",
    ]
    .iter()
    .chain(model_tables)
    {
        sqlx::query(&format!("DELETE FROM {table} WHERE project_id = $1"))
            .bind(project_id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE projects SET name = $1, description = $2 WHERE id = $3")
        .bind(&after.name)
        .bind(&after.description)
        .bind(project_id)
        .execute(&mut *conn)
        .await?;
    let base = position_base(revision);
    let position = |ix: usize| base + ix as i64;
    let (modules, calls) = if with_model {
        model_rows(at, after)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut splits: Vec<Vec<Value>> = Vec::new();
    let mut services: Vec<Vec<Value>> = Vec::new();
    let mut assignments: Vec<Vec<Value>> = Vec::new();
    let mut roadmaps: Vec<Vec<Value>> = Vec::new();
    for (ix, split) in after.splits.iter().enumerate() {
        if !split.roadmap.is_default() {
            roadmaps.push(roadmap_values(
                project_id,
                &split.id,
                &split.roadmap,
                revision,
            )?);
        }
        splits.push(vec![
            Value::Text(project_id.into()),
            Value::Text(split.id.clone()),
            Value::Text(split.name.clone()),
            Value::Text(enum_text(&split.origin)),
            Value::Int(position(ix)),
            Value::Text(forbidden_text(split)?),
            Value::Int(revision),
        ]);
        for (ix_service, service) in split.services.iter().enumerate() {
            services.push(service_values(
                project_id,
                &split.id,
                service,
                position(ix_service),
                revision,
            ));
        }
        for (ix_assignment, (module, service)) in split.assignment.iter().enumerate() {
            assignments.push(vec![
                Value::Text(project_id.into()),
                Value::Text(split.id.clone()),
                Value::Text(module.clone()),
                Value::Text(service.clone()),
                Value::Int(position(ix_assignment)),
                Value::Int(revision),
            ]);
        }
    }
    let questions: Vec<Vec<Value>> = after
        .readiness
        .custom_questions
        .iter()
        .enumerate()
        .map(|(ix, q)| {
            vec![
                Value::Text(project_id.into()),
                Value::Text(q.id.clone()),
                Value::Int(position(ix)),
                Value::Text(enum_text(&q.group)),
                Value::Text(q.ko.clone()),
                Value::Text(q.en.clone()),
                Value::Int(revision),
            ]
        })
        .collect();
    let answers: Vec<Vec<Value>> = after
        .readiness
        .answers
        .iter()
        .map(|a| {
            vec![
                Value::Text(project_id.into()),
                Value::Text(a.participant.clone()),
                Value::Text(a.question.clone()),
                Value::Text(enum_text(&a.answer)),
                Value::Text(a.note.clone()),
                Value::Int(revision),
            ]
        })
        .collect();
    let layers = after
        .layers
        .iter()
        .enumerate()
        .map(|(ix, layer)| {
            Ok(vec![
                Value::Text(project_id.into()),
                Value::Text(layer.source.clone()),
                Value::Int(position(ix)),
                Value::Text(
                    serde_json::to_string(layer).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                ),
                Value::Int(revision),
            ])
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let tables: [(&str, Vec<Vec<Value>>); 9] = [
        (MODULES_HEAD, modules),
        (CALLS_HEAD, calls),
        (
            "INSERT INTO splits (project_id, split_id, name, origin, position, forbidden, version)",
            splits,
        ),
        (
            "INSERT INTO services (project_id, split_id, service_id, position, name, description, version)",
            services,
        ),
        (
            "INSERT INTO assignments (project_id, split_id, module_id, service_id, position, version)",
            assignments,
        ),
        (
            "INSERT INTO readiness_questions (project_id, question_id, position, question_group, ko, en, version)",
            questions,
        ),
        (
            "INSERT INTO readiness_answers (project_id, participant, question_id, answer, note, version)",
            answers,
        ),
        (
            "INSERT INTO layers (project_id, source, position, body, version)",
            layers,
        ),
        (
            "INSERT INTO roadmaps (project_id, split_id, body, version)",
            roadmaps,
        ),
    ];
    for (head, rows) in tables {
        insert_all(conn, head, rows).await?;
    }
    Ok(())
}

/// The start of an insert of module rows (values as [`module_values`] gives them).
pub(super) const MODULES_HEAD: &str = "INSERT INTO modules (project_id, module_id, position, name, description, size, team, capability, subdomain, subdomain_kind, use_cases, reads, writes, entry_point, version, generation)";

/// The start of an insert of call rows (values as [`call_values`] gives them).
pub(super) const CALLS_HEAD: &str = "INSERT INTO calls (project_id, caller, callee, position, volume, style, transactional, kind, version, generation, source)";

/// The module and call rows of `after`, each carrying its position in the
/// project, in the order of the tables' keys: an index takes rows in its own
/// order at a fraction of the cost of rows in random order (a 57,000-call
/// insert on PostgreSQL: 143 ms of index upkeep instead of 235 ms).
pub(super) fn model_rows(at: &Stamp<'_>, after: &Project) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let base = position_base(at.revision);
    let mut modules: Vec<(usize, &engine::model::Module)> =
        after.modules.iter().enumerate().collect();
    modules.sort_unstable_by(|a, b| a.1.id.cmp(&b.1.id));
    let mut calls: Vec<(usize, &engine::model::Call)> = after.calls.iter().enumerate().collect();
    calls.sort_unstable_by(|a, b| (&a.1.caller, &a.1.callee).cmp(&(&b.1.caller, &b.1.callee)));
    (
        modules
            .into_iter()
            .map(|(ix, m)| module_values(at, m, base + ix as i64))
            .collect(),
        calls
            .into_iter()
            .map(|(ix, c)| call_values(at, c, base + ix as i64))
            .collect(),
    )
}

fn module_values(at: &Stamp<'_>, m: &engine::model::Module, position: i64) -> Vec<Value> {
    let list = |items: &Vec<String>| serde_json::to_string(items).unwrap_or_else(|_| "[]".into());
    vec![
        Value::Text(at.project_id.into()),
        Value::Text(m.id.clone()),
        Value::Int(position),
        Value::Text(m.name.clone()),
        Value::Text(m.description.clone()),
        Value::Float(m.size),
        Value::MaybeText(m.team.clone()),
        Value::MaybeText(m.capability.clone()),
        Value::MaybeText(m.subdomain.clone()),
        Value::MaybeText(m.subdomain_kind.map(|k| enum_text(&k))),
        Value::Text(list(&m.use_cases)),
        Value::Text(list(&m.reads)),
        Value::Text(list(&m.writes)),
        Value::Int(i64::from(m.entry_point)),
        Value::Int(at.revision),
        Value::Int(at.generation),
    ]
}

fn call_values(at: &Stamp<'_>, c: &engine::model::Call, position: i64) -> Vec<Value> {
    vec![
        Value::Text(at.project_id.into()),
        Value::Text(c.caller.clone()),
        Value::Text(c.callee.clone()),
        Value::Int(position),
        Value::Float(c.volume),
        Value::Text(enum_text(&c.style)),
        Value::Int(i64::from(c.transactional)),
        Value::Text(enum_text(&c.kind)),
        Value::Int(at.revision),
        Value::Int(at.generation),
        Value::MaybeText(c.source.clone()),
    ]
}

/// A split's forbidden service dependencies, as stored (a JSON list).
fn forbidden_text(split: &engine::model::Split) -> Result<String, StoreError> {
    serde_json::to_string(&split.forbidden).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The row of a split's roadmap decisions.
fn roadmap_values(
    project_id: &str,
    split: &str,
    plan: &engine::model::RoadmapPlan,
    revision: i64,
) -> Result<Vec<Value>, StoreError> {
    Ok(vec![
        Value::Text(project_id.into()),
        Value::Text(split.into()),
        Value::Text(serde_json::to_string(plan).map_err(|e| StoreError::Corrupt(e.to_string()))?),
        Value::Int(revision),
    ])
}

fn service_values(
    project_id: &str,
    split: &str,
    s: &engine::model::Service,
    position: i64,
    revision: i64,
) -> Vec<Value> {
    vec![
        Value::Text(project_id.into()),
        Value::Text(split.into()),
        Value::Text(s.id.clone()),
        Value::Int(position),
        Value::Text(s.name.clone()),
        Value::Text(s.description.clone()),
        Value::Int(revision),
    ]
}

fn bind<'q>(
    mut query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    values: Vec<Value>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    for value in values {
        query = match value {
            Value::Text(v) => query.bind(v),
            Value::MaybeText(v) => query.bind(v),
            Value::Int(v) => query.bind(v),
            Value::Float(v) => query.bind(v),
        };
    }
    query
}

fn placeholders(first: usize, count: usize) -> String {
    let list: Vec<String> = (first..first + count).map(|n| format!("${n}")).collect();
    format!("({})", list.join(", "))
}

async fn upsert(
    conn: &mut AnyConnection,
    head: &str,
    values: Vec<Value>,
    conflict: &str,
) -> Result<(), StoreError> {
    let sql = format!("{head} VALUES {} {conflict}", placeholders(1, values.len()));
    bind(sqlx::query(&sql), values).execute(&mut *conn).await?;
    Ok(())
}

async fn delete(conn: &mut AnyConnection, sql: &str, keys: &[&str]) -> Result<(), StoreError> {
    let mut query = sqlx::query(sql);
    for key in keys {
        query = query.bind(key.to_string());
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Inserts rows in batches. PostgreSQL gets each batch as one array per
/// column that differs from row to row (and one value for a column alike in
/// every row, see [`unnest_statement`]), unpacked by `unnest` (sqlx's `Any` driver binds no arrays and
/// cannot reach COPY, so the arrays travel as text literals, parsed by
/// PostgreSQL's own array reader): on this 2-core machine 57,000 calls take
/// 330 ms this way against 355 ms bound value by value and 403 ms as JSON.
/// SQLite binds every value, 3,000 a statement (an in-process library has no
/// round trips to save).
pub(super) async fn insert_all(
    conn: &mut AnyConnection,
    head: &str,
    rows: Vec<Vec<Value>>,
) -> Result<(), StoreError> {
    if conn.backend_name() == "SQLite" {
        insert_bound(conn, head, rows).await
    } else {
        insert_unnested(conn, head, rows).await
    }
}

async fn insert_bound(
    conn: &mut AnyConnection,
    head: &str,
    rows: Vec<Vec<Value>>,
) -> Result<(), StoreError> {
    const PARAMETERS: usize = 3000;
    // SQLite looks a named parameter (`$n`) up in a list, which makes binding
    // a statement quadratic in its parameters; its anonymous `?` are bound by
    // position.
    let mut batch: Vec<Vec<Value>> = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(row) = rows.next() {
        let width = row.len();
        batch.push(row);
        if (batch.len() + 1) * width > PARAMETERS || rows.peek().is_none() {
            let group = format!("({})", vec!["?"; width].join(", "));
            let sql = format!("{head} VALUES {}", vec![group; batch.len()].join(", "));
            let values: Vec<Value> = batch.drain(..).flatten().collect();
            bind(sqlx::query(&sql), values).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

async fn insert_unnested(
    conn: &mut AnyConnection,
    head: &str,
    rows: Vec<Vec<Value>>,
) -> Result<(), StoreError> {
    const ROWS_PER_STATEMENT: usize = 20_000;
    for batch in rows.chunks(ROWS_PER_STATEMENT) {
        let (sql, parameters) = unnest_statement(head, batch);
        bind(sqlx::query(&sql), parameters)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// `{head} SELECT … FROM unnest(…)` for a batch of rows, and its parameters.
/// A column with one value in every row (the project, the revision, a
/// default) is bound once as that value; the others as array literals. The
/// project id alone was a third of the text PostgreSQL parsed for a model.
fn unnest_statement(head: &str, batch: &[Vec<Value>]) -> (String, Vec<Value>) {
    let Some(first) = batch.first() else {
        return (String::new(), Vec::new());
    };
    let mut constant: Vec<bool> = (0..first.len())
        .map(|column| {
            batch.len() > 1
                && batch
                    .iter()
                    .all(|row| same_value(&row[column], &first[column]))
        })
        .collect();
    // unnest needs at least one array.
    if constant.iter().all(|c| *c) {
        constant[0] = false;
    }
    let listed: Vec<usize> = (0..first.len()).filter(|&c| !constant[c]).collect();
    let mut literals = array_literals(batch, &listed).into_iter();
    let (mut select, mut arrays, mut names, mut parameters) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (column, value) in first.iter().enumerate() {
        let element = match value {
            Value::Text(_) | Value::MaybeText(_) => "text",
            Value::Int(_) => "int8",
            Value::Float(_) => "float8",
        };
        let parameter = parameters.len() + 1;
        if constant[column] {
            select.push(format!("${parameter}::{element}"));
            parameters.push(value.clone());
        } else {
            select.push(format!("u.c{column}"));
            arrays.push(format!("${parameter}::{element}[]"));
            names.push(format!("c{column}"));
            parameters.push(Value::Text(literals.next().unwrap_or_default()));
        }
    }
    let sql = format!(
        "{head} SELECT {} FROM unnest({}) AS u({})",
        select.join(", "),
        arrays.join(", "),
        names.join(", ")
    );
    (sql, parameters)
}

/// Whether two bound values are the same (doubles by their bits).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => a == b,
        (Value::MaybeText(a), Value::MaybeText(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
        _ => false,
    }
}

/// One PostgreSQL array literal per listed column of `rows`:
/// `{"text",NULL,12,0.5}`, strings quoted with `"` and `\` escaped, as
/// `array_in` reads them.
fn array_literals(rows: &[Vec<Value>], listed: &[usize]) -> Vec<String> {
    use std::fmt::Write;
    let mut columns: Vec<String> = listed
        .iter()
        .map(|_| String::with_capacity(rows.len() * 24))
        .collect();
    for (ix, row) in rows.iter().enumerate() {
        for (out, value) in columns.iter_mut().zip(listed.iter().map(|&c| &row[c])) {
            out.push(if ix == 0 { '{' } else { ',' });
            match value {
                Value::Text(text) | Value::MaybeText(Some(text)) => {
                    out.push('"');
                    for ch in text.chars() {
                        if ch == '"' || ch == '\\' {
                            out.push('\\');
                        }
                        out.push(ch);
                    }
                    out.push('"');
                }
                Value::MaybeText(None) => out.push_str("NULL"),
                Value::Int(number) => {
                    let _ = write!(out, "{number}");
                }
                // `{:?}` writes the shortest form that reads back as the same
                // double (and `NaN`/`inf`, which the model never holds).
                Value::Float(number) => {
                    let _ = write!(out, "{number:?}");
                }
            }
        }
    }
    for out in &mut columns {
        if out.is_empty() {
            out.push('{');
        }
        out.push('}');
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::{Value, unnest_statement};

    fn row(caller: &str, volume: f64) -> Vec<Value> {
        vec![
            Value::Text("p1".into()),
            Value::Text(caller.into()),
            Value::MaybeText(None),
            Value::Float(volume),
            Value::Int(7),
        ]
    }

    #[test]
    fn columns_alike_in_every_row_are_bound_once() {
        let (sql, parameters) = unnest_statement(
            "INSERT INTO t (p, c, n, v, r)",
            &[row("a\"b", 1.5), row("c", 2.0)],
        );
        assert_eq!(
            sql,
            "INSERT INTO t (p, c, n, v, r) SELECT $1::text, u.c1, $3::text, u.c3, $5::int8 \
             FROM unnest($2::text[], $4::float8[]) AS u(c1, c3)"
        );
        let texts: Vec<String> = parameters
            .iter()
            .map(|value| match value {
                Value::Text(text) => text.clone(),
                Value::MaybeText(text) => format!("{text:?}"),
                Value::Int(number) => number.to_string(),
                Value::Float(number) => number.to_string(),
            })
            .collect();
        assert_eq!(texts, ["p1", r#"{"a\"b","c"}"#, "None", "{1.5,2.0}", "7"]);
    }

    #[test]
    fn a_statement_always_unnests_an_array() {
        let head = "INSERT INTO t (p, c, n, v, r)";
        let (one, parameters) = unnest_statement(head, &[row("a", 1.0)]);
        assert!(
            one.ends_with("FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::int8[]) AS u(c0, c1, c2, c3, c4)"),
            "{one}"
        );
        assert_eq!(parameters.len(), 5);
        let (alike, _) = unnest_statement(head, &[row("a", 1.0), row("a", 1.0)]);
        assert!(
            alike.ends_with("SELECT u.c0, $2::text, $3::text, $4::float8, $5::int8 FROM unnest($1::text[]) AS u(c0)"),
            "{alike}"
        );
    }
}
