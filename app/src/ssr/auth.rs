//! Who is asking, and may they: the signed-in user from the session, roles in
//! projects, and password hashing.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use leptos::prelude::*;
use tower_sessions::Session;

use super::{AppState, fail, from_store};
use crate::errors::AppError;
use crate::models::Role;
use crate::store::UserRecord;

/// The session key holding the signed-in user's id.
pub const USER_KEY: &str = "user_id";

/// The application state of the current request.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        fail(AppError::Internal)
    })
}

/// The session of the current request.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer");
        fail(AppError::Internal)
    })
}

/// The signed-in user, if any.
pub async fn optional_user() -> Result<Option<UserRecord>, AppError> {
    let state = state()?;
    let session = session().await?;
    let id: Option<String> = session.get(USER_KEY).await.map_err(|error| {
        tracing::error!(%error, "session store");
        fail(AppError::Internal)
    })?;
    match id {
        Some(id) => state.db.user(&id).await.map_err(from_store),
        None => Ok(None),
    }
}

/// The signed-in user, or `Unauthenticated`.
pub async fn current_user() -> Result<UserRecord, AppError> {
    optional_user()
        .await?
        .ok_or_else(|| fail(AppError::Unauthenticated))
}

/// The signed-in user and their role in a project, which must be at least
/// `needed`. Non-members get `NotFound`, so project ids cannot be probed.
pub async fn require_role(project_id: &str, needed: Role) -> Result<(UserRecord, Role), AppError> {
    // The state is read before the first wait: a page rendered on the server
    // may be dropped (and its context with it) while this still runs.
    let state = state()?;
    let user = current_user().await?;
    let role = state
        .db
        .role_of(project_id, &user.id)
        .await
        .map_err(from_store)?
        .ok_or_else(|| fail(AppError::NotFound("the project".into())))?;
    if role < needed {
        return Err(fail(AppError::Forbidden));
    }
    Ok((user, role))
}

/// Signs a user in on this session, with a fresh session id.
pub async fn sign_in_session(user: &UserRecord) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(|error| {
        tracing::error!(%error, "cycling the session id");
        fail(AppError::Internal)
    })?;
    session.insert(USER_KEY, &user.id).await.map_err(|error| {
        tracing::error!(%error, "writing the session");
        fail(AppError::Internal)
    })
}

/// Hashes a password with Argon2id, in the bounded pool for password work
/// (it is slow and memory-hungry on purpose).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    state()?
        .passwords
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
        })
        .await
        .map_err(fail)?
        .map_err(|error| {
            tracing::error!(%error, "hashing a password");
            fail(AppError::Internal)
        })
}

/// A hash of no one's password: an unknown email is checked against it, so
/// that answering takes as long as for a known one (no account enumeration
/// by timing).
static NO_ONES_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(b"no one's password", &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

/// Checks a password against a stored Argon2id hash, or against no one's hash
/// when there is none (always false then, after the same work).
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
    state()?
        .passwords
        .run(move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| NO_ONES_HASH.clone());
            let matches = PasswordHash::new(&hash)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false);
            known && matches
        })
        .await
        .map_err(fail)
}

/// The client's address: from the trusted proxy's header when one is
/// configured (the last address in it, the one the proxy saw), else the peer.
pub async fn client_address() -> String {
    let header = state().ok().and_then(|s| s.client_address_header);
    if let Some(name) = header {
        let headers = leptos_axum::extract::<http::HeaderMap>().await.ok();
        let forwarded = headers.as_ref().and_then(|h| {
            h.get_all(name.as_str())
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|v| !v.is_empty())
                .map(str::to_string)
        });
        if let Some(address) = forwarded {
            return address;
        }
    }
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|_| "unknown".into())
}
