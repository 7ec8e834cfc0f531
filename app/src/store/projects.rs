//! Listing, opening, deleting (softly), restoring and purging projects.

use sqlx::Row;

use super::{Db, RESTORE_WINDOW_MILLIS, StoreError, UserRecord, now_millis};
use crate::models::{ProjectDoc, ProjectSummary, Role};

impl Db {
    /// The projects `user_id` is a member of; with `deleted`, only those deleted in
    /// the last 30 days (still restorable) instead.
    pub async fn list_projects(
        &self,
        user_id: &str,
        deleted: bool,
    ) -> Result<Vec<ProjectSummary>, StoreError> {
        let filter = if deleted {
            "p.deleted_at IS NOT NULL AND p.deleted_at >= $2"
        } else {
            "p.deleted_at IS NULL AND $2 = $2"
        };
        let sql = format!(
            "SELECT p.id, p.name, p.description, p.revision, p.updated_at, p.deleted_at, m.role, \
             (SELECT COUNT(*) FROM modules x WHERE x.project_id = p.id AND x.generation = p.generation) AS module_count, \
             (SELECT COUNT(*) FROM splits s WHERE s.project_id = p.id) AS split_count \
             FROM projects p JOIN members m ON m.project_id = p.id AND m.user_id = $1 \
             WHERE {filter} ORDER BY p.updated_at DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .bind(now_millis() - RESTORE_WINDOW_MILLIS)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get("role")?;
                Ok(ProjectSummary {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    description: row.try_get("description")?,
                    role: Role::parse(&role)
                        .ok_or_else(|| StoreError::Corrupt(format!("role '{role}'")))?,
                    revision: row.try_get("revision")?,
                    updated_at: row.try_get("updated_at")?,
                    deleted_at: row.try_get("deleted_at")?,
                    modules: row.try_get("module_count")?,
                    splits: row.try_get("split_count")?,
                })
            })
            .collect()
    }

    /// The role of a user in a project that is not deleted; none for a non-member.
    pub async fn role_of(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<Option<Role>, StoreError> {
        self.role_in(project_id, user_id, false).await
    }

    /// The role of a user in a deleted (but still restorable) project.
    pub async fn role_in_deleted(
        &self,
        project_id: &str,
        user_id: &str,
    ) -> Result<Option<Role>, StoreError> {
        self.role_in(project_id, user_id, true).await
    }

    async fn role_in(
        &self,
        project_id: &str,
        user_id: &str,
        deleted: bool,
    ) -> Result<Option<Role>, StoreError> {
        let sql = if deleted {
            "SELECT m.role FROM members m JOIN projects p ON p.id = m.project_id \
             WHERE m.project_id = $1 AND m.user_id = $2 AND p.deleted_at IS NOT NULL"
        } else {
            "SELECT m.role FROM members m JOIN projects p ON p.id = m.project_id \
             WHERE m.project_id = $1 AND m.user_id = $2 AND p.deleted_at IS NULL"
        };
        let role: Option<String> = sqlx::query_scalar(sql)
            .bind(project_id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        role.map(|r| Role::parse(&r).ok_or_else(|| StoreError::Corrupt(format!("role '{r}'"))))
            .transpose()
    }

    /// The whole project as `role` sees it.
    pub async fn project_doc(
        &self,
        project_id: &str,
        role: Role,
    ) -> Result<ProjectDoc, StoreError> {
        let snapshot = self.snapshot(project_id).await?;
        Ok(ProjectDoc {
            id: project_id.to_string(),
            revision: snapshot.revision,
            role,
            project: snapshot.project.clone(),
            participants: snapshot.participants.clone(),
        })
    }

    /// The current revision of a project (none when it does not exist or is deleted).
    pub async fn revision(&self, project_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar(
                "SELECT revision FROM projects WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(project_id)
            .fetch_optional(&self.pool)
            .await?,
        )
    }

    /// A copy of a project owned by `user` alone.
    pub async fn duplicate_project(
        &self,
        project_id: &str,
        user: &UserRecord,
        name: &str,
    ) -> Result<String, StoreError> {
        let mut project = self.snapshot(project_id).await?.project.clone();
        project.name = name.to_string();
        self.create_project(user, project).await
    }

    /// Deletes a project softly: it disappears from lists and can be restored for
    /// 30 days.
    pub async fn delete_project(&self, project_id: &str) -> Result<(), StoreError> {
        let done = self
            .execute_in_turn(
                sqlx::query(
                    "UPDATE projects SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL",
                )
                .bind(now_millis())
                .bind(project_id),
            )
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("project"));
        }
        self.snapshots.forget(project_id);
        Ok(())
    }

    /// Brings back a softly deleted project.
    pub async fn undelete_project(&self, project_id: &str) -> Result<(), StoreError> {
        let done = self
            .execute_in_turn(
                sqlx::query(
                    "UPDATE projects SET deleted_at = NULL WHERE id = $1 AND deleted_at >= $2",
                )
                .bind(project_id)
                .bind(now_millis() - RESTORE_WINDOW_MILLIS),
            )
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("deleted project"));
        }
        Ok(())
    }

    /// Removes for good the projects deleted more than 30 days ago; returns how many.
    pub async fn purge_deleted_projects(&self) -> Result<u64, StoreError> {
        let done = self
            .execute_in_turn(
                sqlx::query(
                    "DELETE FROM projects WHERE deleted_at IS NOT NULL AND deleted_at < $1",
                )
                .bind(now_millis() - RESTORE_WINDOW_MILLIS),
            )
            .await?;
        Ok(done.rows_affected())
    }
}
