//! The one door into the server: who is asking (the signed-in user of the
//! session, or the owner of a personal access token) and what they may do in
//! a project. Server functions, the automation API and the live stream all
//! ask a [`Caller`] for a project with the role they need, so the rule "non-
//! members see nothing, roles are checked on the server" lives in one place.

use axum::extract::{FromRef, FromRequestParts};
use http::request::Parts;
use http::{HeaderMap, header};
use tower_sessions::Session;

use super::{AppState, fail};
use crate::errors::AppError;
use crate::models::Role;
use crate::store::{Db, UserRecord};

/// The session key holding the signed-in user's id.
pub const USER_KEY: &str = "user_id";

/// Someone identified by their session or their access token.
#[derive(Clone, Debug)]
pub struct Caller {
    /// Who it is.
    pub user: UserRecord,
    db: Db,
}

/// A caller's place in a project, checked against the role an action needs.
#[derive(Clone, Debug)]
pub struct Member {
    /// Who it is.
    pub user: UserRecord,
    /// Their role in the project (at least the one asked for).
    pub role: Role,
}

impl Caller {
    /// The caller of the current server function, if anyone is signed in.
    pub async fn optional() -> Result<Option<Caller>, AppError> {
        let state = super::auth::state()?;
        let headers = leptos_axum::extract::<HeaderMap>()
            .await
            .unwrap_or_default();
        let session = super::auth::session().await?;
        identify(&state.db, &headers, Some(&session)).await
    }

    /// The caller of the current server function, who must be signed in.
    pub async fn current() -> Result<Caller, AppError> {
        Caller::optional()
            .await?
            .ok_or_else(|| fail(AppError::Unauthenticated))
    }

    /// The caller's role in a project, which must be at least `needed`.
    /// Non-members get `NotFound`, so project ids cannot be probed.
    pub async fn project(&self, id: &str, needed: Role) -> Result<Member, AppError> {
        let role = self
            .db
            .role_of(id, &self.user.id)
            .await?
            .ok_or_else(|| fail(AppError::not_found("프로젝트", "the project")))?;
        if role < needed {
            return Err(fail(AppError::Forbidden));
        }
        Ok(Member {
            user: self.user.clone(),
            role,
        })
    }
}

/// Who sent a request: the owner of its `Authorization: Bearer` token when it
/// has one (an unknown token is an error, never a fall-back to the session),
/// else the session's user.
async fn identify(
    db: &Db,
    headers: &HeaderMap,
    session: Option<&Session>,
) -> Result<Option<Caller>, AppError> {
    let user = if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| fail(AppError::UnknownToken))?;
        Some(
            db.user_for_token(token.trim())
                .await?
                .ok_or_else(|| fail(AppError::UnknownToken))?,
        )
    } else if let Some(session) = session {
        let id: Option<String> = session
            .get(USER_KEY)
            .await
            .map_err(|error| super::auth::session_failure(error, "reading the session"))?;
        match id {
            Some(id) => db.user(&id).await?,
            None => None,
        }
    } else {
        None
    };
    Ok(user.map(|user| Caller {
        user,
        db: db.clone(),
    }))
}

impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let session = Session::from_request_parts(parts, &state).await.ok();
        identify(&state.db, &parts.headers, session.as_ref())
            .await?
            .ok_or(AppError::Unauthenticated)
    }
}
