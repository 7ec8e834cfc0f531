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
/// Failed sign-ins one client address may make in the window before its
/// attempts are slowed down. A workshop venue is one address, so this counts
/// only attempts that reached a password check: an account already throttled
/// for the address does not add to it, and one attacked account cannot slow
/// the room.
pub const SLOW_DOWN_AFTER_FAILURES_PER_ADDRESS: i64 = 20;
/// Failed sign-ins per client address in the window past which attempts are
/// refused: far above what a room of people mistyping reaches (each account
/// adds at most [`MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS`]), reached only by
/// one address guessing across hundreds of accounts.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 1000;
/// The longest an attempt from a busy address is held before it is checked.
pub const MAX_SLOW_DOWN_MILLIS: u64 = 10_000;
/// The window, in minutes.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// How long an attempt is held when its address has made `failures` failed
/// sign-ins in the window: nothing up to the threshold, then a quarter second
/// doubling every five failures, up to [`MAX_SLOW_DOWN_MILLIS`].
pub fn address_slow_down_millis(failures: i64) -> u64 {
    let over = failures - SLOW_DOWN_AFTER_FAILURES_PER_ADDRESS;
    if over <= 0 {
        return 0;
    }
    let doublings = u32::try_from(over / 5).unwrap_or(u32::MAX).min(16);
    (250u64 << doublings).min(MAX_SLOW_DOWN_MILLIS)
}
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
/// client address, per account, and per address. An account past its limit
/// from an address (or from everywhere) is refused for a while; an address
/// with many failures across accounts is slowed down, and refused only far
/// past what a room of people reaches, so one attacked account does not lock
/// out everyone behind the same address. Each attempt is counted before it
/// is checked, so parallel attempts cannot all slip under a limit.
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
    let refused = || {
        fail(AppError::RateLimited {
            minutes: FAILURE_WINDOW_MINUTES,
        })
    };
    let since = now_millis() - FAILURE_WINDOW_MINUTES * 60_000;
    // Account limits first: an attempt they refuse never reaches the address count.
    let account_keys = [
        (
            format!("account:{email}|address:{address}"),
            MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        ),
        (format!("account:{email}"), MAX_FAILURES_PER_ACCOUNT),
    ];
    let mut recorded = Vec::with_capacity(3);
    for (key, limit) in &account_keys {
        recorded.push((key.clone(), db.record_sign_in_failure(key).await?));
        if db.sign_in_failures_since(key, since).await? > *limit {
            return Err(refused());
        }
    }
    let address_key = format!("address:{address}");
    recorded.push((
        address_key.clone(),
        db.record_sign_in_failure(&address_key).await?,
    ));
    let address_failures = db.sign_in_failures_since(&address_key, since).await?;
    if address_failures > MAX_FAILURES_PER_ADDRESS {
        return Err(refused());
    }
    let hold = address_slow_down_millis(address_failures);
    if hold > 0 {
        tracing::info!(%address, address_failures, hold, "slowing sign-in attempts down");
        tokio::time::sleep(std::time::Duration::from_millis(hold)).await;
    }
    let user = db.user_by_email(&email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let verified = verify_password(password, hash).await?;
    match user {
        Some(user) if verified => {
            // A success forgets the account's failures from this address and
            // this attempt everywhere else.
            db.clear_sign_in_failures(&account_keys[0].0).await?;
            for (key, at) in recorded.iter().skip(1) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_held_longer_as_its_failures_grow_up_to_a_bound() {
        assert_eq!(address_slow_down_millis(0), 0);
        assert_eq!(
            address_slow_down_millis(SLOW_DOWN_AFTER_FAILURES_PER_ADDRESS),
            0
        );
        assert_eq!(
            address_slow_down_millis(SLOW_DOWN_AFTER_FAILURES_PER_ADDRESS + 1),
            250
        );
        assert_eq!(
            address_slow_down_millis(SLOW_DOWN_AFTER_FAILURES_PER_ADDRESS + 5),
            500
        );
        let mut previous = 0;
        for failures in 0..=MAX_FAILURES_PER_ADDRESS {
            let hold = address_slow_down_millis(failures);
            assert!(
                hold >= previous && hold <= MAX_SLOW_DOWN_MILLIS,
                "{failures}: {hold}"
            );
            previous = hold;
        }
        assert_eq!(previous, MAX_SLOW_DOWN_MILLIS);
        assert_eq!(address_slow_down_millis(i64::MAX), MAX_SLOW_DOWN_MILLIS);
    }
}
