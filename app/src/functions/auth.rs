//! Signing up, in and out, and turning a guest into an account.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::UserInfo;

/// Failed sign-ins allowed per email in the window.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed sign-ins allowed per address in the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
/// The window, in minutes.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// Checks sign-up fields; returns them trimmed.
pub fn check_account_fields(
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<(String, String), AppError> {
    let email = email.trim();
    let name = display_name.trim();
    if email.len() > 254 || !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(AppError::Invalid("enter a valid email address".into()));
    }
    check_display_name(name)?;
    if password.chars().count() < 8 {
        return Err(AppError::Invalid(
            "the password needs at least 8 characters".into(),
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::Invalid("the password is too long".into()));
    }
    Ok((email.to_string(), name.to_string()))
}

/// A display name: 1 to 60 characters.
pub fn check_display_name(name: &str) -> Result<(), AppError> {
    let count = name.trim().chars().count();
    if count == 0 || count > 60 {
        return Err(AppError::Invalid(
            "the name needs 1 to 60 characters".into(),
        ));
    }
    Ok(())
}

/// Creates an account and signs it in.
#[server(endpoint = "auth/sign_up", input = Json)]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
) -> Result<UserInfo, AppError> {
    use crate::ssr::auth::{hash_password, sign_in_session, state};
    use crate::ssr::{fail, from_store};
    let (email, name) = check_account_fields(&email, &display_name, &password).map_err(fail)?;
    let hash = hash_password(password).await?;
    let user = state()?
        .db
        .create_user(&email, &name, &hash)
        .await
        .map_err(from_store)?;
    sign_in_session(&user).await?;
    Ok(user.info())
}

/// Signs in with email and password. Repeated failures for one email or one
/// address are refused for a while.
#[server(endpoint = "auth/sign_in", input = Json)]
pub async fn sign_in(email: String, password: String) -> Result<UserInfo, AppError> {
    use crate::ssr::auth::{sign_in_session, state, verify_password};
    use crate::ssr::{fail, from_store};
    use crate::store::now_millis;
    let db = state()?.db;
    let email = email.trim().to_lowercase();
    let address = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let keys = [
        (format!("email:{email}"), MAX_FAILURES_PER_EMAIL),
        (format!("address:{address}"), MAX_FAILURES_PER_ADDRESS),
    ];
    let since = now_millis() - FAILURE_WINDOW_MINUTES * 60_000;
    for (key, limit) in &keys {
        if db
            .sign_in_failures_since(key, since)
            .await
            .map_err(from_store)?
            >= *limit
        {
            return Err(fail(AppError::RateLimited {
                minutes: FAILURE_WINDOW_MINUTES,
            }));
        }
    }
    let user = db.user_by_email(&email).await.map_err(from_store)?;
    let verified = match user.as_ref().and_then(|u| u.password_hash.clone()) {
        Some(hash) => verify_password(password, hash).await,
        None => false,
    };
    match user {
        Some(user) if verified => {
            db.clear_sign_in_failures(&keys[0].0)
                .await
                .map_err(from_store)?;
            sign_in_session(&user).await?;
            Ok(user.info())
        }
        _ => {
            for (key, _) in &keys {
                db.record_sign_in_failure(key).await.map_err(from_store)?;
            }
            Err(fail(AppError::Invalid(
                "the email or the password is wrong".into(),
            )))
        }
    }
}

/// Signs out: the session is destroyed.
#[server(endpoint = "auth/sign_out", input = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::auth::session;
    session().await?.flush().await.map_err(|error| {
        tracing::error!(%error, "destroying the session");
        crate::ssr::fail(AppError::Internal)
    })
}

/// The signed-in user, if any.
#[server(endpoint = "auth/me", input = Json)]
pub async fn me() -> Result<Option<UserInfo>, AppError> {
    Ok(crate::ssr::auth::optional_user()
        .await?
        .map(|user| user.info()))
}

/// Turns the signed-in guest into an account, keeping memberships and answers.
#[server(endpoint = "auth/upgrade", input = Json)]
pub async fn upgrade_account(
    email: String,
    display_name: String,
    password: String,
) -> Result<UserInfo, AppError> {
    use crate::ssr::auth::{current_user, hash_password, sign_in_session, state};
    use crate::ssr::{fail, from_store};
    let user = current_user().await?;
    if user.email.is_some() {
        return Err(fail(AppError::Invalid(
            "you already have an account".into(),
        )));
    }
    let (email, name) = check_account_fields(&email, &display_name, &password).map_err(fail)?;
    let hash = hash_password(password).await?;
    let user = state()?
        .db
        .upgrade_guest(&user.id, &email, &name, &hash)
        .await
        .map_err(from_store)?;
    sign_in_session(&user).await?;
    Ok(user.info())
}
