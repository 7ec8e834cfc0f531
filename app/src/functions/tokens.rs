//! Personal access tokens for the automation API.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::{AccessToken, CreatedToken};

/// The signed-in user's tokens.
#[server(endpoint = "tokens/list", input = Json)]
pub async fn list_tokens() -> Result<Vec<AccessToken>, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    let user = Caller::current().await?.user;
    state()?.db.tokens(&user.id).await.map_err(AppError::from)
}

/// Creates a token; its secret is shown once. Accounts only (not guests).
#[server(endpoint = "tokens/create", input = Json)]
pub async fn create_token(name: String) -> Result<CreatedToken, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    let user = Caller::current().await?.user;
    if user.email.is_none() {
        return Err(fail(AppError::Forbidden));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(fail(AppError::invalid(
            "토큰 이름은 1자에서 80자까지입니다",
            "the token needs a name of 1 to 80 characters",
        )));
    }
    state()?
        .db
        .create_token(&user.id, name)
        .await
        .map_err(AppError::from)
}

/// Revokes one of the signed-in user's tokens.
#[server(endpoint = "tokens/revoke", input = Json)]
pub async fn revoke_token(token_id: String) -> Result<(), AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    let user = Caller::current().await?.user;
    state()?
        .db
        .revoke_token(&user.id, &token_id)
        .await
        .map_err(AppError::from)
}
