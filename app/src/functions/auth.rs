//! Signing up, in and out, and turning a guest into an account.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::UserInfo;

/// Failed sign-ins allowed for one account from one client address in the
/// window: a stranger elsewhere cannot lock the owner out.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Failed sign-ins allowed for one account from all addresses in the window
/// (a guessing crowd spread over many addresses).
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 100;
/// Failed sign-ins allowed per client address in the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
/// The window, in minutes.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Accounts one client address may create per hour, unless configured.
pub const DEFAULT_SIGN_UPS_PER_ADDRESS_PER_HOUR: i64 = 20;

/// Checks sign-up fields; returns them trimmed.
pub fn check_account_fields(
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<(String, String), AppError> {
    let email = email.trim();
    let name = display_name.trim();
    if email.len() > 254 || !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(AppError::invalid(
            "올바른 이메일 주소를 입력하세요",
            "enter a valid email address",
        ));
    }
    check_display_name(name)?;
    if password.chars().count() < 8 {
        return Err(AppError::invalid(
            "비밀번호는 8자 이상이어야 합니다",
            "the password needs at least 8 characters",
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::invalid(
            "비밀번호가 너무 깁니다",
            "the password is too long",
        ));
    }
    Ok((email.to_string(), name.to_string()))
}

/// A display name: 1 to 60 characters.
pub fn check_display_name(name: &str) -> Result<(), AppError> {
    let count = name.trim().chars().count();
    if count == 0 || count > 60 {
        return Err(AppError::invalid(
            "이름은 1자에서 60자까지입니다",
            "the name needs 1 to 60 characters",
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
    use crate::ssr::auth::{client_address, hash_password, sign_in_session, state};
    use crate::ssr::fail;
    use crate::store::now_millis;
    let (email, name) = check_account_fields(&email, &display_name, &password).map_err(fail)?;
    let db = state()?.db;
    // Counted before anything else, so that parallel sign-ups cannot all pass.
    let key = format!("sign-up:{}", client_address().await);
    db.record_sign_in_failure(&key).await?;
    let since = now_millis() - 60 * 60_000;
    if db.sign_in_failures_since(&key, since).await? > state()?.sign_ups_per_address_per_hour {
        return Err(fail(AppError::RateLimited { minutes: 60 }));
    }
    let hash = hash_password(password).await?;
    let user = db.create_user(&email, &name, &hash).await?;
    sign_in_session(&user).await?;
    Ok(user.info())
}

/// Signs in with email and password. Failures are counted per account and
/// client address, per account and per address; past a limit, attempts are
/// refused for a while. Each attempt is counted before it is checked, so
/// parallel attempts cannot all slip under the limit.
#[server(endpoint = "auth/sign_in", input = Json)]
pub async fn sign_in(email: String, password: String) -> Result<UserInfo, AppError> {
    use crate::ssr::auth::{client_address, sign_in_session, state, verify_password};
    use crate::ssr::fail;
    use crate::store::now_millis;
    let db = state()?.db;
    let email = email.trim().to_lowercase();
    if email.len() > 254 || password.len() > 1024 {
        return Err(fail(AppError::invalid(
            "이메일 또는 비밀번호가 틀렸습니다",
            "the email or the password is wrong",
        )));
    }
    let address = client_address().await;
    let keys = [
        (
            format!("account:{email}|address:{address}"),
            MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        ),
        (format!("account:{email}"), MAX_FAILURES_PER_ACCOUNT),
        (format!("address:{address}"), MAX_FAILURES_PER_ADDRESS),
    ];
    let since = now_millis() - FAILURE_WINDOW_MINUTES * 60_000;
    let mut refused = false;
    let mut recorded = Vec::with_capacity(keys.len());
    for (key, limit) in &keys {
        recorded.push(db.record_sign_in_failure(key).await?);
        refused |= db.sign_in_failures_since(key, since).await? > *limit;
    }
    if refused {
        return Err(fail(AppError::RateLimited {
            minutes: FAILURE_WINDOW_MINUTES,
        }));
    }
    let user = db.user_by_email(&email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let verified = verify_password(password, hash).await?;
    match user {
        Some(user) if verified => {
            // A success forgets the account's failures from this address and
            // this attempt everywhere else.
            db.clear_sign_in_failures(&keys[0].0).await?;
            for ((key, _), at) in keys.iter().zip(&recorded).skip(1) {
                db.forget_sign_in_attempt(key, *at).await?;
            }
            sign_in_session(&user).await?;
            Ok(user.info())
        }
        _ => Err(fail(AppError::invalid(
            "이메일 또는 비밀번호가 틀렸습니다",
            "the email or the password is wrong",
        ))),
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
    Ok(crate::ssr::caller::Caller::optional()
        .await?
        .map(|caller| caller.user)
        .map(|user| user.info()))
}

/// Turns the signed-in guest into an account, keeping memberships and answers.
#[server(endpoint = "auth/upgrade", input = Json)]
pub async fn upgrade_account(
    email: String,
    display_name: String,
    password: String,
) -> Result<UserInfo, AppError> {
    use crate::ssr::auth::{hash_password, sign_in_session, state};
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    let user = Caller::current().await?.user;
    if user.email.is_some() {
        return Err(fail(AppError::invalid(
            "이미 계정이 있습니다",
            "you already have an account",
        )));
    }
    let (email, name) = check_account_fields(&email, &display_name, &password).map_err(fail)?;
    let hash = hash_password(password).await?;
    let user = state()?
        .db
        .upgrade_guest(&user.id, &email, &name, &hash)
        .await?;
    sign_in_session(&user).await?;
    Ok(user.info())
}
