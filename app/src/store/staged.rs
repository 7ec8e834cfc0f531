//! Big model rewrites written in steps: imports, evidence layers and restores
//! of a model with more rows than [`STAGED_ROWS`], before or after. Replacing
//! a model of 100,000 calls in one transaction held SQLite's write lock for
//! two seconds, and every other project's edits waited behind it. Here the
//! new modules and calls are
//! written as a new model generation in short transactions that nobody reads
//! yet, then one small transaction switches the project to it (checking that
//! nothing changed meanwhile) and records the revision; the old generation is
//! deleted afterwards, in steps too.

use std::sync::Arc;

use sqlx::Row;

use engine::edit::Edit;
use engine::model::Project;

use super::live::Signal;
use super::write::{
    CALLS_HEAD, MODULES_HEAD, Stamp, Value, conflict, insert_all, model_rows, newest_touched,
    participant_names, record, revision_and_generation, write_everything,
};
use super::{Backend, Db, Snapshot, StoreError, UserRecord, blocking, new_id, now_millis};

/// Model rewrites with more modules and calls than this, in the model before
/// or after, are written in steps.
pub(super) const STAGED_ROWS: usize = 5_000;

/// Rows written or deleted per step.
const STEP_ROWS: usize = 2_500;

/// Generations not current and older than this are leftovers of an import
/// that stopped half-way (a crash); the hourly sweep deletes them.
const LEFTOVER_AFTER_MILLIS: i64 = 60 * 60 * 1000;

/// What a model rewrite makes of a project, worked out off the async threads.
enum Prepared {
    /// An object the rewrite replaces changed after its author saw it.
    Stale { newest: i64 },
    /// The project after the rewrite, and its module and call rows.
    Ready {
        after: Box<Project>,
        modules: Vec<Vec<Value>>,
        calls: Vec<Vec<Value>>,
    },
}

/// Checks the rewrite against what its author saw and builds its rows (CPU
/// work proportional to the model: run with [`blocking`]).
fn prepare(
    before: &Snapshot,
    edit: &Edit,
    project_id: &str,
    generation: i64,
    revision: i64,
    seen_revision: i64,
) -> Result<Prepared, StoreError> {
    let newest = newest_touched(before, &edit.touches(&before.project));
    if newest > seen_revision {
        return Ok(Prepared::Stale { newest });
    }
    let after = edit.applied_to(&before.project)?;
    let at = Stamp {
        project_id,
        generation,
        revision,
    };
    let (modules, calls) = model_rows(&at, &after);
    Ok(Prepared::Ready {
        after: Box::new(after),
        modules,
        calls,
    })
}

/// A fresh generation number: the time it was started (so leftovers can be
/// told by age) and a random part (so two imports never share one).
fn new_generation() -> i64 {
    let random = i64::from_str_radix(&new_id()[..3], 16).unwrap_or(0) % 1000;
    now_millis() * 1000 + random
}

impl Db {
    /// Whether `edit` rewrites the whole model (an import, a layer put or
    /// removed, a restore) and the model before or after has more rows than
    /// one transaction should write.
    pub(super) async fn is_big_rewrite(
        &self,
        project_id: &str,
        edit: &Edit,
    ) -> Result<bool, StoreError> {
        if !edit.rewrites_everything() {
            return Ok(false);
        }
        let incoming = match edit {
            Edit::Import { modules, calls, .. } => modules.len() + calls.len(),
            Edit::ReplaceAll { project } => project.modules.len() + project.calls.len(),
            Edit::PutLayer { layer } => layer.modules.len() + layer.calls.len(),
            _ => 0,
        };
        Ok(incoming > STAGED_ROWS || self.model_size(project_id).await? > STAGED_ROWS)
    }

    /// Module and call rows of the project's current model.
    async fn model_size(&self, project_id: &str) -> Result<usize, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM modules m \
                     WHERE m.project_id = p.id AND m.generation = p.generation) \
                  + (SELECT COUNT(*) FROM calls c \
                     WHERE c.project_id = p.id AND c.generation = p.generation) AS size \
             FROM projects p WHERE p.id = $1",
        )
        .bind(project_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("project"))?;
        let size: i64 = row.try_get("size")?;
        Ok(usize::try_from(size).unwrap_or(0))
    }

    /// Applies an edit that rewrites a big model in steps (see the module
    /// documentation); the same checks and result as `apply_edit`.
    pub(super) async fn rewrite_in_steps(
        &self,
        project_id: &str,
        user: &UserRecord,
        seen_revision: i64,
        edit: &Edit,
    ) -> Result<i64, StoreError> {
        // One at a time: each holds a whole model in memory, and the steps of
        // several would only take turns with everyone else's edits.
        let _turn = self.big_rewrites.acquire().await;
        let mut conn = self.pool.acquire().await?;
        let (current, generation) = revision_and_generation(&mut conn, project_id, "").await?;
        let before = self.snapshot_at(&mut conn, project_id, current).await?;
        let staged = Stamp {
            project_id,
            generation: new_generation(),
            revision: current + 1,
        };
        let prepared = {
            let (before, edit, project_id) = (before.clone(), edit.clone(), project_id.to_string());
            let (generation, revision) = (staged.generation, staged.revision);
            blocking(move || {
                prepare(
                    &before,
                    &edit,
                    &project_id,
                    generation,
                    revision,
                    seen_revision,
                )
            })
            .await??
        };
        let (after, modules, calls) = match prepared {
            Prepared::Stale { newest } => {
                return Err(conflict(&mut conn, project_id, newest).await?);
            }
            Prepared::Ready {
                after,
                modules,
                calls,
            } => (*after, modules, calls),
        };
        drop(conn);
        if let Err(error) = self.write_in_steps(modules, calls).await {
            self.drop_generation(project_id, staged.generation).await;
            return Err(error);
        }
        let switched = self
            .switch_generation(&staged, user, current, edit, &before, after)
            .await;
        let unused = if switched.is_ok() {
            generation
        } else {
            staged.generation
        };
        self.drop_generation(project_id, unused).await;
        switched
    }

    /// Writes module and call rows, a step per transaction.
    async fn write_in_steps(
        &self,
        modules: Vec<Vec<Value>>,
        calls: Vec<Vec<Value>>,
    ) -> Result<(), StoreError> {
        for (head, rows) in [(MODULES_HEAD, modules), (CALLS_HEAD, calls)] {
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let step: Vec<Vec<Value>> = rows.by_ref().take(STEP_ROWS).collect();
                let _turn = self.write_turn().await;
                let mut tx = self.begin_write().await?;
                insert_all(&mut tx, head, step).await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Makes the staged generation the project's model, unless the project
    /// changed since `current`; records the revision and announces it.
    async fn switch_generation(
        &self,
        staged: &Stamp<'_>,
        user: &UserRecord,
        current: i64,
        edit: &Edit,
        before: &Arc<Snapshot>,
        after: Project,
    ) -> Result<i64, StoreError> {
        let project_id = staged.project_id;
        let revision = staged.revision;
        let signal = {
            let (project_id, user, edit) = (project_id.to_string(), user.clone(), edit.clone());
            blocking(move || Signal::revision(&project_id, revision, &user, &edit)).await?
        };
        let in_order = self.write_turn().await;
        let mut tx = self.begin_write().await?;
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let (now, _) = revision_and_generation(&mut tx, project_id, lock).await?;
        if now != current {
            return Err(conflict(&mut tx, project_id, now).await?);
        }
        sqlx::query("UPDATE projects SET generation = $1 WHERE id = $2")
            .bind(staged.generation)
            .bind(project_id)
            .execute(&mut *tx)
            .await?;
        write_everything(&mut tx, staged, &after, false).await?;
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
        let names = participant_names(&mut tx, before, &after).await?;
        self.announce_in(&mut tx, &signal).await?;
        tx.commit().await?;
        self.announce_committed(signal);
        drop(in_order);
        let (before, edit) = (before.clone(), edit.clone());
        self.keep_snapshot(project_id, move || {
            before.next(revision, &edit, after, &names)
        })
        .await;
        Ok(revision)
    }

    /// Deletes one generation's modules and calls, a step per statement. A
    /// failure is logged: the hourly sweep deletes what is left.
    async fn drop_generation(&self, project_id: &str, generation: i64) {
        let row = match self.backend {
            Backend::Sqlite => "rowid",
            Backend::Postgres => "ctid",
        };
        for table in ["calls", "modules"] {
            let sql = format!(
                "DELETE FROM {table} WHERE {row} IN \
                 (SELECT {row} FROM {table} WHERE project_id = $1 AND generation = $2 LIMIT {STEP_ROWS})"
            );
            loop {
                let _turn = self.write_turn().await;
                match sqlx::query(&sql)
                    .bind(project_id)
                    .bind(generation)
                    .execute(&self.pool)
                    .await
                {
                    Ok(done) if done.rows_affected() > 0 => {}
                    Ok(_) => break,
                    Err(error) => {
                        tracing::warn!(%error, "deleting an unused model generation; the hourly sweep will");
                        return;
                    }
                }
            }
        }
    }

    /// Deletes modules and calls of generations no project uses that are
    /// over an hour old (an import stopped half-way). Returns the rows deleted.
    pub async fn purge_unused_generations(&self) -> Result<u64, StoreError> {
        let older_than = (now_millis() - LEFTOVER_AFTER_MILLIS) * 1000;
        let mut deleted = 0;
        for table in ["calls", "modules"] {
            let done = self.execute_in_turn(sqlx::query(&format!(
                "DELETE FROM {table} WHERE generation < $1 AND generation <> \
                 COALESCE((SELECT p.generation FROM projects p WHERE p.id = {table}.project_id), -1)"
            ))
            .bind(older_than))
            .await?;
            deleted += done.rows_affected();
        }
        Ok(deleted)
    }
}
