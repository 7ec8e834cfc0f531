//! Who may do what: members and roles, invite links and personal access tokens.

use engine::text::Text;
use sqlx::Row;

use super::{Db, StoreError, hash_secret, new_id, new_secret, now_millis};
use crate::models::{AccessToken, CreatedToken, Invite, Member, Role};

impl Db {
    /// The members of a project, owners first.
    pub async fn members(&self, project_id: &str) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, u.email, m.role FROM members m JOIN users u ON u.id = m.user_id \
             WHERE m.project_id = $1 ORDER BY m.role DESC, u.display_name",
        )
        .bind(project_id)
        .fetch_all(&self.pool)
        .await?;
        let mut members: Vec<Member> = rows
            .iter()
            .map(|row| {
                let role: String = row.try_get("role")?;
                Ok(Member {
                    user_id: row.try_get("id")?,
                    display_name: row.try_get("display_name")?,
                    email: row.try_get("email")?,
                    role: Role::parse(&role)
                        .ok_or_else(|| StoreError::Corrupt(format!("role '{role}'")))?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        members.sort_by(|a, b| {
            b.role
                .cmp(&a.role)
                .then_with(|| a.display_name.cmp(&b.display_name))
        });
        Ok(members)
    }

    /// Adds a member, or changes their role. A project always keeps an owner.
    pub async fn set_role(
        &self,
        project_id: &str,
        user_id: &str,
        role: Role,
    ) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        let mut tx = self.begin_write().await?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT role FROM members WHERE project_id = $1 AND user_id = $2")
                .bind(project_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        if current.as_deref() == Some("owner") && role != Role::Owner {
            ensure_another_owner(&mut tx, project_id, user_id).await?;
        }
        sqlx::query(
            "INSERT INTO members (project_id, user_id, role, added_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role",
        )
        .bind(project_id)
        .bind(user_id)
        .bind(role.as_str())
        .bind(now_millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a member. A project always keeps an owner.
    pub async fn remove_member(&self, project_id: &str, user_id: &str) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        let mut tx = self.begin_write().await?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT role FROM members WHERE project_id = $1 AND user_id = $2")
                .bind(project_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        match current.as_deref() {
            None => return Err(StoreError::NotFound("member")),
            Some("owner") => ensure_another_owner(&mut tx, project_id, user_id).await?,
            Some(_) => {}
        }
        sqlx::query("DELETE FROM members WHERE project_id = $1 AND user_id = $2")
            .bind(project_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an invite link granting `role`, valid for `valid_for_millis`. The
    /// returned invite carries the secret token; only its hash is stored.
    pub async fn create_invite(
        &self,
        project_id: &str,
        role: Role,
        created_by: &str,
        valid_for_millis: i64,
    ) -> Result<Invite, StoreError> {
        if role == Role::Owner {
            return Err(StoreError::Refused(Text::new(
                "초대 링크로는 소유자 권한을 줄 수 없습니다",
                "invite links cannot grant owner access",
            )));
        }
        let token = new_secret("inv_");
        let now = now_millis();
        let invite = Invite {
            id: new_id(),
            role,
            created_at: now,
            expires_at: now + valid_for_millis,
            revoked_at: None,
            uses: 0,
            token: Some(token.clone()),
        };
        self.execute_in_turn(sqlx::query(
            "INSERT INTO invites (id, token_hash, project_id, role, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&invite.id)
        .bind(hash_secret(&token))
        .bind(project_id)
        .bind(role.as_str())
        .bind(created_by)
        .bind(now)
        .bind(invite.expires_at))
        .await?;
        Ok(invite)
    }

    /// The invites of a project, newest first (without secrets).
    pub async fn invites(&self, project_id: &str) -> Result<Vec<Invite>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, role, created_at, expires_at, revoked_at, uses FROM invites WHERE project_id = $1 ORDER BY created_at DESC",
        )
        .bind(project_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get("role")?;
                Ok(Invite {
                    id: row.try_get("id")?,
                    role: Role::parse(&role)
                        .ok_or_else(|| StoreError::Corrupt(format!("role '{role}'")))?,
                    created_at: row.try_get("created_at")?,
                    expires_at: row.try_get("expires_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                    uses: row.try_get("uses")?,
                    token: None,
                })
            })
            .collect()
    }

    /// Revokes an invite of a project.
    pub async fn revoke_invite(&self, project_id: &str, invite_id: &str) -> Result<(), StoreError> {
        let done = self.execute_in_turn(sqlx::query("UPDATE invites SET revoked_at = $1 WHERE id = $2 AND project_id = $3 AND revoked_at IS NULL")
            .bind(now_millis())
            .bind(invite_id)
            .bind(project_id))
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("invite"));
        }
        Ok(())
    }

    /// The project and role an invite token grants, if it is valid now.
    pub async fn invite_target(
        &self,
        token: &str,
    ) -> Result<Option<(String, Role, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT i.project_id, i.role, p.name FROM invites i JOIN projects p ON p.id = i.project_id \
             WHERE i.token_hash = $1 AND i.revoked_at IS NULL AND i.expires_at > $2 AND p.deleted_at IS NULL",
        )
        .bind(hash_secret(token))
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let role: String = row.try_get("role")?;
            Ok((
                row.try_get("project_id")?,
                Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role '{role}'")))?,
                row.try_get("name")?,
            ))
        })
        .transpose()
    }

    /// Makes a user a member through an invite token; an existing higher role is
    /// kept. Returns the project id.
    pub async fn accept_invite(&self, token: &str, user_id: &str) -> Result<String, StoreError> {
        let (project_id, role, _) = self
            .invite_target(token)
            .await?
            .ok_or(StoreError::NotFound("valid invite"))?;
        let current = self.role_of(&project_id, user_id).await?;
        if current.is_none_or(|c| c < role) {
            self.set_role(&project_id, user_id, role).await?;
        }
        self.execute_in_turn(
            sqlx::query("UPDATE invites SET uses = uses + 1 WHERE token_hash = $1")
                .bind(hash_secret(token)),
        )
        .await?;
        Ok(project_id)
    }

    /// Creates a personal access token; the secret is returned once and stored hashed.
    pub async fn create_token(
        &self,
        user_id: &str,
        name: &str,
    ) -> Result<CreatedToken, StoreError> {
        let secret = new_secret("seams_");
        let token = AccessToken {
            id: new_id(),
            name: name.to_string(),
            created_at: now_millis(),
            last_used_at: None,
            revoked_at: None,
        };
        self.execute_in_turn(sqlx::query("INSERT INTO access_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&token.id)
            .bind(user_id)
            .bind(name)
            .bind(hash_secret(&secret))
            .bind(token.created_at))
            .await?;
        Ok(CreatedToken { token, secret })
    }

    /// A user's tokens, newest first.
    pub async fn tokens(&self, user_id: &str) -> Result<Vec<AccessToken>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM access_tokens WHERE user_id = $1 ORDER BY created_at DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AccessToken {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    created_at: row.try_get("created_at")?,
                    last_used_at: row.try_get("last_used_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of a user's tokens.
    pub async fn revoke_token(&self, user_id: &str, token_id: &str) -> Result<(), StoreError> {
        let done = self.execute_in_turn(sqlx::query("UPDATE access_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(now_millis())
            .bind(token_id)
            .bind(user_id))
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("token"));
        }
        Ok(())
    }

    /// The user a valid (not revoked) token secret belongs to; records its use.
    pub async fn user_for_token(
        &self,
        secret: &str,
    ) -> Result<Option<super::UserRecord>, StoreError> {
        let hash = hash_secret(secret);
        let user_id: Option<String> = sqlx::query_scalar(
            "SELECT user_id FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(&hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        self.execute_in_turn(
            sqlx::query("UPDATE access_tokens SET last_used_at = $1 WHERE token_hash = $2")
                .bind(now_millis())
                .bind(&hash),
        )
        .await?;
        self.user(&user_id).await
    }
}

async fn ensure_another_owner(
    conn: &mut sqlx::AnyConnection,
    project_id: &str,
    user_id: &str,
) -> Result<(), StoreError> {
    let owners: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM members WHERE project_id = $1 AND role = 'owner' AND user_id <> $2",
    )
    .bind(project_id)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    if owners == 0 {
        return Err(StoreError::Refused(Text::new(
            "프로젝트에는 소유자가 적어도 한 명 있어야 합니다",
            "a project needs at least one owner",
        )));
    }
    Ok(())
}
