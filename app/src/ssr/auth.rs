//! Who is asking, and may they: the signed-in user from the session, roles in
//! projects, and password hashing.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use leptos::prelude::*;
use tower_sessions::Session;

use super::caller::USER_KEY;
use super::{AppState, fail};
use crate::errors::AppError;
use crate::store::UserRecord;

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

/// Signs a user in on this session, with a fresh session id.
pub async fn sign_in_session(user: &UserRecord) -> Result<(), AppError> {
    let session = session().await?;
    session
        .cycle_id()
        .await
        .map_err(|error| session_failure(error, "cycling the session id"))?;
    session
        .insert(USER_KEY, &user.id)
        .await
        .map_err(|error| session_failure(error, "writing the session"))
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

/// A session store failure as the page sees it: the store is the database,
/// so a backend failure is the database being unreachable (nothing saved, try
/// again); a session that cannot be encoded or decoded is a bug.
pub fn session_failure(error: tower_sessions::session::Error, doing: &str) -> AppError {
    use tower_sessions::session::Error;
    use tower_sessions::session_store::Error as StoreError;
    match error {
        Error::Store(StoreError::Backend(reason)) => {
            tracing::warn!(%reason, doing, "the session store's database is unreachable");
            fail(AppError::DatabaseUnavailable)
        }
        other => {
            tracing::error!(error = %other, doing, "session store");
            fail(AppError::Internal)
        }
    }
}
