//! Live workshop state: presence, voting rounds and the timer; and the change
//! signals that tell every open page of a project what happened. With SQLite (one
//! server process) signals go through an in-process channel; with PostgreSQL
//! through LISTEN/NOTIFY, so every server process hears every change.

use std::collections::BTreeMap;

use engine::edit::Edit;
use engine::text::Text;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};
use tokio::sync::broadcast;

use super::{Backend, Db, StoreError, UserRecord, new_id, now_millis};
use crate::models::{Presence, Timer, VoteRound};

/// The notification channel shared by all server processes (PostgreSQL).
pub const LIVE_CHANNEL: &str = "seams_live";

/// Presence older than this without a heartbeat is stale (its process died).
pub const PRESENCE_TIMEOUT_MILLIS: i64 = 2 * 60 * 1000;

/// An edit travels with its signal only up to this size (JSON bytes); pages
/// fetch bigger changes (imports, restores). PostgreSQL caps a notification at
/// 8000 bytes.
const MAX_EDIT_BYTES: usize = 6000;

/// Signals buffered for the process's relay before it must resynchronise.
pub(super) const SIGNAL_BACKLOG: usize = 1024;

/// What changed in a project, announced to its open pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// The project.
    pub project: String,
    /// What changed.
    pub change: Change,
}

/// The kinds of change. Presence, votes and the timer are only named: each page
/// then reads what its viewer may see (hidden votes stay hidden).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A revision was committed.
    Revision {
        /// The new revision.
        revision: i64,
        /// Who made it (display name).
        by: String,
        /// Who made it (user id).
        by_id: String,
        /// The edit, as applied; absent when too big to send.
        edit: Option<Box<Edit>>,
    },
    /// Someone came, left or changed page.
    Presence,
    /// A voting round opened, got a vote, was revealed or closed.
    Votes,
    /// The timer started or stopped.
    Timer,
    /// The facilitator asks everyone to come to a page.
    Follow {
        /// The page.
        path: String,
        /// Who asks (display name).
        by: String,
        /// Who asks (user id).
        by_id: String,
    },
    /// Signals may have been missed: every page should re-read everything.
    Resync,
    /// A member was removed (or left): their open streams end at once.
    Removed {
        /// Who was removed (user id).
        user_id: String,
    },
}

impl Signal {
    /// The signal for a committed revision.
    pub fn revision(project: &str, revision: i64, user: &UserRecord, edit: &Edit) -> Signal {
        let small = serde_json::to_string(edit).is_ok_and(|json| json.len() <= MAX_EDIT_BYTES);
        Signal {
            project: project.to_string(),
            change: Change::Revision {
                revision,
                by: user.display_name.clone(),
                by_id: user.id.clone(),
                edit: small.then(|| Box::new(edit.clone())),
            },
        }
    }

    fn payload(&self) -> Result<String, StoreError> {
        serde_json::to_string(self).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

impl Db {
    /// Every signal of every project from now on (this process's relay).
    pub fn signals(&self) -> broadcast::Receiver<Signal> {
        self.signals.subscribe()
    }

    /// Announces a change to every server process.
    pub async fn announce(&self, signal: Signal) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                let _ = self.signals.send(signal);
            }
            Backend::Postgres => {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(LIVE_CHANNEL)
                    .bind(signal.payload()?)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// With PostgreSQL, queues the notification in the writing transaction: it
    /// is sent when (and only if) the transaction commits, in commit order.
    pub(super) async fn announce_in(
        &self,
        conn: &mut AnyConnection,
        signal: &Signal,
    ) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(LIVE_CHANNEL)
                .bind(signal.payload()?)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// With SQLite, sends a committed revision's signal to this process.
    pub(super) fn announce_committed(&self, signal: Signal) {
        if self.backend == Backend::Sqlite {
            let _ = self.signals.send(signal);
        }
    }

    /// Records an open connection of a user on a page of a project.
    pub async fn presence_join(
        &self,
        connection: &str,
        project_id: &str,
        user_id: &str,
        page: &str,
    ) -> Result<(), StoreError> {
        self.execute_in_turn(sqlx::query("INSERT INTO presence (connection_id, project_id, user_id, page, seen_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(connection)
            .bind(project_id)
            .bind(user_id)
            .bind(page)
            .bind(now_millis()))
            .await?;
        Ok(())
    }

    /// Keeps a connection's presence fresh.
    pub async fn presence_heartbeat(&self, connection: &str) -> Result<(), StoreError> {
        self.execute_in_turn(
            sqlx::query("UPDATE presence SET seen_at = $1 WHERE connection_id = $2")
                .bind(now_millis())
                .bind(connection),
        )
        .await?;
        Ok(())
    }

    /// Forgets a closed connection.
    pub async fn presence_leave(&self, connection: &str) -> Result<(), StoreError> {
        self.execute_in_turn(
            sqlx::query("DELETE FROM presence WHERE connection_id = $1").bind(connection),
        )
        .await?;
        Ok(())
    }

    /// Forgets connections whose process stopped without saying goodbye.
    pub async fn sweep_presence(&self) -> Result<u64, StoreError> {
        let done = self
            .execute_in_turn(
                sqlx::query("DELETE FROM presence WHERE seen_at < $1")
                    .bind(now_millis() - PRESENCE_TIMEOUT_MILLIS),
            )
            .await?;
        Ok(done.rows_affected())
    }

    /// Moves all of a user's connections to a project onto a page.
    pub async fn presence_page(
        &self,
        project_id: &str,
        user_id: &str,
        page: &str,
    ) -> Result<(), StoreError> {
        self.execute_in_turn(sqlx::query(
            "UPDATE presence SET page = $1, seen_at = $2 WHERE project_id = $3 AND user_id = $4",
        )
        .bind(page)
        .bind(now_millis())
        .bind(project_id)
        .bind(user_id))
        .await?;
        Ok(())
    }

    /// Who is on the project now (one entry per person, their latest page).
    pub async fn presence(&self, project_id: &str) -> Result<Vec<Presence>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.user_id, u.display_name, p.page, p.seen_at FROM presence p JOIN users u ON u.id = p.user_id \
             WHERE p.project_id = $1 AND p.seen_at >= $2 ORDER BY p.seen_at",
        )
        .bind(project_id)
        .bind(now_millis() - PRESENCE_TIMEOUT_MILLIS)
        .fetch_all(&self.pool)
        .await?;
        let mut people: BTreeMap<String, Presence> = BTreeMap::new();
        for row in &rows {
            let user_id: String = row.try_get("user_id")?;
            people.insert(
                user_id.clone(),
                Presence {
                    user_id,
                    name: row.try_get("display_name")?,
                    page: row.try_get("page")?,
                },
            );
        }
        let mut list: Vec<Presence> = people.into_values().collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(list)
    }

    /// Opens a new voting round on a topic (a question id, or `split`), closing
    /// the topic's earlier rounds.
    pub async fn open_vote(
        &self,
        project_id: &str,
        topic: &str,
        opened_by: &str,
    ) -> Result<String, StoreError> {
        let _turn = self.write_turn().await;
        let mut tx = self.begin_write().await?;
        let now = now_millis();
        sqlx::query("UPDATE vote_rounds SET closed_at = $1 WHERE project_id = $2 AND topic = $3 AND closed_at IS NULL")
            .bind(now)
            .bind(project_id)
            .bind(topic)
            .execute(&mut *tx)
            .await?;
        let previous: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(round) FROM vote_rounds WHERE project_id = $1 AND topic = $2",
        )
        .bind(project_id)
        .bind(topic)
        .fetch_one(&mut *tx)
        .await?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO vote_rounds (id, project_id, topic, round, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(project_id)
        .bind(topic)
        .bind(previous.unwrap_or(0) + 1)
        .bind(opened_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The topic of an open round of the project (none when closed or unknown).
    pub async fn open_round_topic(
        &self,
        project_id: &str,
        round_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT topic FROM vote_rounds WHERE id = $1 AND project_id = $2 AND closed_at IS NULL",
        )
        .bind(round_id)
        .bind(project_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Records (or changes) a vote while the round is open and hidden.
    pub async fn cast_vote(
        &self,
        project_id: &str,
        round_id: &str,
        user_id: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        // One statement, so a vote cannot slip in after the round was revealed.
        let cast = self.execute_in_turn(sqlx::query(
            "INSERT INTO votes (round_id, user_id, value, voted_at) \
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM vote_rounds WHERE id = $1 AND project_id = $5 AND revealed_at IS NULL AND closed_at IS NULL) \
             ON CONFLICT (round_id, user_id) DO UPDATE SET value = excluded.value, voted_at = excluded.voted_at",
        )
        .bind(round_id)
        .bind(user_id)
        .bind(value)
        .bind(now_millis())
        .bind(project_id))
        .await?;
        if cast.rows_affected() == 0 {
            return Err(StoreError::Refused(Text::new(
                "이 투표는 이미 닫혔습니다",
                "this vote is no longer open",
            )));
        }
        Ok(())
    }

    /// Reveals a round's votes to everyone.
    pub async fn reveal_vote(&self, project_id: &str, round_id: &str) -> Result<(), StoreError> {
        self.round_update("UPDATE vote_rounds SET revealed_at = $1 WHERE id = $2 AND project_id = $3 AND revealed_at IS NULL AND closed_at IS NULL", project_id, round_id).await
    }

    /// Ends a round (it disappears from the live view).
    pub async fn close_vote(&self, project_id: &str, round_id: &str) -> Result<(), StoreError> {
        self.round_update("UPDATE vote_rounds SET closed_at = $1 WHERE id = $2 AND project_id = $3 AND closed_at IS NULL", project_id, round_id).await
    }

    async fn round_update(
        &self,
        sql: &str,
        project_id: &str,
        round_id: &str,
    ) -> Result<(), StoreError> {
        let done = self
            .execute_in_turn(
                sqlx::query(sql)
                    .bind(now_millis())
                    .bind(round_id)
                    .bind(project_id),
            )
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("open vote"));
        }
        Ok(())
    }

    /// The open rounds of a project as `viewer` may see them: who voted, the
    /// viewer's own vote, and everyone's votes once revealed.
    pub async fn vote_rounds(
        &self,
        project_id: &str,
        viewer: &str,
    ) -> Result<Vec<VoteRound>, StoreError> {
        let rounds = sqlx::query(
            "SELECT id, topic, round, revealed_at FROM vote_rounds WHERE project_id = $1 AND closed_at IS NULL ORDER BY opened_at",
        )
        .bind(project_id)
        .fetch_all(&self.pool)
        .await?;
        let mut result = Vec::with_capacity(rounds.len());
        for round in &rounds {
            let id: String = round.try_get("id")?;
            let revealed = round.try_get::<Option<i64>, _>("revealed_at")?.is_some();
            let votes = sqlx::query(
                "SELECT v.user_id, u.display_name, v.value FROM votes v JOIN users u ON u.id = v.user_id \
                 WHERE v.round_id = $1 ORDER BY u.display_name",
            )
            .bind(&id)
            .fetch_all(&self.pool)
            .await?;
            let mut voters = Vec::new();
            let mut mine = None;
            let mut shown = Vec::new();
            for vote in &votes {
                let user: String = vote.try_get("user_id")?;
                let name: String = vote.try_get("display_name")?;
                let value: String = vote.try_get("value")?;
                if user == viewer {
                    mine = Some(value.clone());
                }
                voters.push(name.clone());
                if revealed {
                    shown.push((name, value));
                }
            }
            result.push(VoteRound {
                id,
                topic: round.try_get("topic")?,
                round: round.try_get("round")?,
                revealed,
                voters,
                mine,
                votes: shown,
            });
        }
        Ok(result)
    }

    /// The revealed votes of a round, by user id (for recording them as answers).
    pub async fn revealed_votes(
        &self,
        project_id: &str,
        round_id: &str,
    ) -> Result<(String, Vec<(String, String)>), StoreError> {
        let topic: Option<String> = sqlx::query_scalar(
            "SELECT topic FROM vote_rounds WHERE id = $1 AND project_id = $2 AND revealed_at IS NOT NULL AND closed_at IS NULL",
        )
        .bind(round_id)
        .bind(project_id)
        .fetch_optional(&self.pool)
        .await?;
        let topic = topic.ok_or(StoreError::NotFound("revealed vote"))?;
        let rows =
            sqlx::query("SELECT user_id, value FROM votes WHERE round_id = $1 ORDER BY user_id")
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?;
        let votes = rows
            .iter()
            .map(|row| Ok((row.try_get("user_id")?, row.try_get("value")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok((topic, votes))
    }

    /// Starts (or restarts) the workshop timer.
    pub async fn start_timer(
        &self,
        project_id: &str,
        label: &str,
        ends_at: i64,
        started_by: &str,
    ) -> Result<(), StoreError> {
        self.execute_in_turn(sqlx::query(
            "INSERT INTO timers (project_id, label, ends_at, started_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (project_id) DO UPDATE SET label = excluded.label, ends_at = excluded.ends_at, started_by = excluded.started_by",
        )
        .bind(project_id)
        .bind(label)
        .bind(ends_at)
        .bind(started_by))
        .await?;
        Ok(())
    }

    /// Stops the timer.
    pub async fn stop_timer(&self, project_id: &str) -> Result<(), StoreError> {
        self.execute_in_turn(
            sqlx::query("DELETE FROM timers WHERE project_id = $1").bind(project_id),
        )
        .await?;
        Ok(())
    }

    /// The running timer, if any.
    pub async fn timer(&self, project_id: &str) -> Result<Option<Timer>, StoreError> {
        let row = sqlx::query(
            "SELECT t.label, t.ends_at, u.display_name FROM timers t JOIN users u ON u.id = t.started_by WHERE t.project_id = $1",
        )
        .bind(project_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let ends_at: i64 = row.try_get("ends_at")?;
            Ok(Timer {
                label: row.try_get("label")?,
                ends_at,
                remaining_ms: (ends_at - now_millis()).max(0),
                started_by: row.try_get("display_name")?,
            })
        })
        .transpose()
    }
}

/// Listens to the change notifications of every server process (PostgreSQL).
pub async fn listen(database_url: &str) -> Result<sqlx::postgres::PgListener, StoreError> {
    let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
    listener.listen(LIVE_CHANNEL).await?;
    Ok(listener)
}

/// Reads a notification sent by [`Db::announce`].
pub fn parse_signal(payload: &str) -> Result<Signal, StoreError> {
    serde_json::from_str(payload).map_err(|e| StoreError::Corrupt(e.to_string()))
}
