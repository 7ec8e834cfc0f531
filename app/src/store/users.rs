//! People: accounts, guests, and failed sign-in attempts (for rate limiting).

use engine::text::Text;
use sqlx::Row;

use super::{Db, StoreError, new_id, now_millis};
use crate::models::UserInfo;

/// A user as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    /// User id.
    pub id: String,
    /// Email (lower case), none for a guest.
    pub email: Option<String>,
    /// Name shown to others.
    pub display_name: String,
    /// Argon2id hash, none for a guest.
    pub password_hash: Option<String>,
}

impl UserRecord {
    /// What the pages may see.
    pub fn info(&self) -> UserInfo {
        UserInfo {
            id: self.id.clone(),
            display_name: self.display_name.clone(),
            email: self.email.clone(),
        }
    }
}

fn user_from(row: &sqlx::any::AnyRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
    })
}

/// Whether a database error is a unique-constraint violation.
pub(super) fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

impl Db {
    /// Creates an account; the email must be new.
    pub async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
    ) -> Result<UserRecord, StoreError> {
        let user = UserRecord {
            id: new_id(),
            email: Some(email.to_lowercase()),
            display_name: display_name.to_string(),
            password_hash: Some(password_hash.to_string()),
        };
        self.execute_in_turn(sqlx::query("INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&user.id)
            .bind(&user.email)
            .bind(&user.display_name)
            .bind(&user.password_hash)
            .bind(now_millis()))
            .await
            .map_err(|e| if is_unique_violation(&e) { StoreError::EmailTaken } else { e.into() })?;
        Ok(user)
    }

    /// Creates a guest: a display name only.
    pub async fn create_guest(&self, display_name: &str) -> Result<UserRecord, StoreError> {
        let user = UserRecord {
            id: new_id(),
            email: None,
            display_name: display_name.to_string(),
            password_hash: None,
        };
        self.execute_in_turn(sqlx::query("INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ($1, NULL, $2, NULL, $3)")
            .bind(&user.id)
            .bind(&user.display_name)
            .bind(now_millis()))
            .await?;
        Ok(user)
    }

    /// Turns a guest into an account, keeping their id, memberships and answers.
    pub async fn upgrade_guest(
        &self,
        id: &str,
        email: &str,
        display_name: &str,
        password_hash: &str,
    ) -> Result<UserRecord, StoreError> {
        let updated = self.execute_in_turn(sqlx::query(
            "UPDATE users SET email = $1, display_name = $2, password_hash = $3 WHERE id = $4 AND email IS NULL",
        )
        .bind(email.to_lowercase())
        .bind(display_name)
        .bind(password_hash)
        .bind(id))
        .await
        .map_err(|e| if is_unique_violation(&e) { StoreError::EmailTaken } else { e.into() })?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Refused(Text::new(
                "게스트만 계정으로 바꿀 수 있습니다",
                "only a guest can be turned into an account",
            )));
        }
        self.user(id).await?.ok_or(StoreError::NotFound("user"))
    }

    /// The user with this id.
    pub async fn user(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        let row =
            sqlx::query("SELECT id, email, display_name, password_hash FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.as_ref().map(user_from).transpose()?)
    }

    /// The account with this email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, email, display_name, password_hash FROM users WHERE email = $1",
        )
        .bind(email.to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(user_from).transpose()?)
    }

    /// Records a failed sign-in for a key (an email or an address).
    pub async fn record_sign_in_failure(&self, key: &str) -> Result<i64, StoreError> {
        let now = now_millis();
        self.execute_in_turn(
            sqlx::query("INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)")
                .bind(key)
                .bind(now),
        )
        .await?;
        Ok(now)
    }

    /// Deletes attempts older than any window counts (a day), so the table
    /// stays small; run periodically, not per attempt, so that a burst of
    /// attempts is not also a burst of deletes.
    pub async fn purge_old_sign_in_failures(&self) -> Result<u64, StoreError> {
        let done = self
            .execute_in_turn(
                sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
                    .bind(now_millis() - 24 * 60 * 60 * 1000),
            )
            .await?;
        Ok(done.rows_affected())
    }

    /// Forgets one recorded attempt (`at` as `record_sign_in_failure` returned
    /// it): an attempt is counted before it is checked, and one that succeeded
    /// was no failure.
    pub async fn forget_sign_in_attempt(&self, key: &str, at: i64) -> Result<(), StoreError> {
        self.execute_in_turn(
            sqlx::query("DELETE FROM sign_in_failures WHERE key = $1 AND at = $2")
                .bind(key)
                .bind(at),
        )
        .await?;
        Ok(())
    }

    /// How many sign-ins failed for a key since a time.
    pub async fn sign_in_failures_since(&self, key: &str, since: i64) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(since)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Forgets the failures of a key (after a successful sign-in).
    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError> {
        self.execute_in_turn(sqlx::query("DELETE FROM sign_in_failures WHERE key = $1").bind(key))
            .await?;
        Ok(())
    }
}
