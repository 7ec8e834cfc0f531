//! Big imports written in steps. Replacing a model of 100,000 calls in one
//! transaction held SQLite's write lock for two seconds, and every other
//! project's edits waited behind it. Here the new modules and calls are
//! written as a new model generation in short transactions that nobody reads
//! yet, then one small transaction switches the project to it (checking that
//! nothing changed meanwhile) and records the revision; the old generation is
//! deleted afterwards, in steps too.

use std::sync::Arc;

use engine::edit::Edit;

use super::live::Signal;
use super::write::{
    CALLS_HEAD, MODULES_HEAD, Stamp, Value, check_seen, conflict, insert_all, model_rows,
    participant_names, record, revision_and_generation, write_everything,
};
use super::{Backend, Db, StoreError, UserRecord, new_id, now_millis};

/// Imports with more modules and calls than this are written in steps.
pub(super) const STAGED_ROWS: usize = 5_000;

/// Rows written or deleted per step.
const STEP_ROWS: usize = 5_000;

/// Generations not current and older than this are leftovers of an import
/// that stopped half-way (a crash); the hourly sweep deletes them.
const LEFTOVER_AFTER_MILLIS: i64 = 60 * 60 * 1000;

/// A fresh generation number: the time it was started (so leftovers can be
/// told by age) and a random part (so two imports never share one).
fn new_generation() -> i64 {
    let random = i64::from_str_radix(&new_id()[..3], 16).unwrap_or(0) % 1000;
    now_millis() * 1000 + random
}

impl Db {
    /// Applies an [`Edit::Import`] of a big model in steps (see the module
    /// documentation); the same checks and result as `apply_edit`.
    pub(super) async fn import_in_steps(
        &self,
        project_id: &str,
        user: &UserRecord,
        seen_revision: i64,
        edit: &Edit,
    ) -> Result<i64, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let (current, generation) = revision_and_generation(&mut conn, project_id, "").await?;
        let before = self.snapshot_at(&mut conn, project_id, current).await?;
        let objects = edit.touches(&before.project);
        check_seen(&mut conn, project_id, &before, &objects, seen_revision).await?;
        drop(conn);
        let after = edit.applied_to(&before.project)?;
        let staged = Stamp {
            project_id,
            generation: new_generation(),
            revision: current + 1,
        };
        let (modules, calls) = model_rows(&staged, &after);
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
        before: &super::Snapshot,
        after: engine::model::Project,
    ) -> Result<i64, StoreError> {
        let project_id = staged.project_id;
        let _in_order = match self.backend {
            Backend::Sqlite => Some(self.write_order.lock().await),
            Backend::Postgres => None,
        };
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
        let revision = staged.revision;
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
        let signal = Signal::revision(project_id, revision, user, edit);
        self.announce_in(&mut tx, &signal).await?;
        tx.commit().await?;
        self.announce_committed(signal);
        let next = before.next(revision, edit, after, &names);
        self.snapshots.put(project_id, Arc::new(next));
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
            let done = sqlx::query(&format!(
                "DELETE FROM {table} WHERE generation < $1 AND generation <> \
                 COALESCE((SELECT p.generation FROM projects p WHERE p.id = {table}.project_id), -1)"
            ))
            .bind(older_than)
            .execute(&self.pool)
            .await?;
            deleted += done.rows_affected();
        }
        Ok(deleted)
    }
}
