//! The project history: browsing it and restoring an earlier revision.

use engine::edit::Edit;
use engine::formats::native;
use sqlx::Row;

use super::{Db, StoreError, UserRecord};
use crate::models::HistoryEntry;

impl Db {
    /// The newest revisions first, up to `limit`, older than `before` when given.
    pub async fn history(
        &self,
        project_id: &str,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT revision, user_name, at, action, summary_ko, summary_en FROM history \
             WHERE project_id = $1 AND revision < $2 ORDER BY revision DESC LIMIT $3",
        )
        .bind(project_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(HistoryEntry {
                    revision: row.try_get("revision")?,
                    user_name: row.try_get("user_name")?,
                    at: row.try_get("at")?,
                    action: row.try_get("action")?,
                    summary_ko: row.try_get("summary_ko")?,
                    summary_en: row.try_get("summary_en")?,
                })
            })
            .collect()
    }

    /// The project exactly as it was at `revision`: the nearest snapshot at or
    /// before it, with the edits after that replayed.
    pub async fn project_at(
        &self,
        project_id: &str,
        revision: i64,
    ) -> Result<engine::model::Project, StoreError> {
        let snapshot = sqlx::query(
            "SELECT revision, snapshot FROM history WHERE project_id = $1 AND revision <= $2 AND snapshot IS NOT NULL \
             ORDER BY revision DESC LIMIT 1",
        )
        .bind(project_id)
        .bind(revision)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("revision"))?;
        let from: i64 = snapshot.try_get("revision")?;
        let text: String = snapshot.try_get("snapshot")?;
        let mut project =
            native::from_json("snapshot", &text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let edits: Vec<String> = sqlx::query_scalar(
            "SELECT edit FROM history WHERE project_id = $1 AND revision > $2 AND revision <= $3 ORDER BY revision",
        )
        .bind(project_id)
        .bind(from)
        .bind(revision)
        .fetch_all(&self.pool)
        .await?;
        for text in edits {
            let edit: Edit =
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            edit.apply(&mut project)?;
        }
        Ok(project)
    }

    /// Restores an earlier revision as a new revision; returns that new revision.
    pub async fn restore_revision(
        &self,
        project_id: &str,
        user: &UserRecord,
        revision: i64,
    ) -> Result<i64, StoreError> {
        let current = self
            .revision(project_id)
            .await?
            .ok_or(StoreError::NotFound("project"))?;
        if revision < 1 || revision > current {
            return Err(StoreError::NotFound("revision"));
        }
        let project = self.project_at(project_id, revision).await?;
        self.apply_edit(project_id, user, current, &Edit::ReplaceAll { project })
            .await
    }
}
