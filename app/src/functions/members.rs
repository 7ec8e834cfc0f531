//! Members, roles and invite links; joining a workshop from a link.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::{Invite, Member, Role, UserInfo};

/// What an invite link offers, shown before joining.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteDetails {
    /// The project's name.
    pub project_name: String,
    /// The role it grants.
    pub role: Role,
}

/// The members of a project.
#[server(endpoint = "members/list", input = Json)]
pub async fn list_members(id: String) -> Result<Vec<Member>, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    let crate::ssr::caller::Member { user, role } =
        Caller::current().await?.project(&id, Role::Viewer).await?;
    let members = state()?.db.members(&id).await?;
    Ok(crate::ssr::members_seen_by(members, &id, &user.id, role))
}

/// Changes a member's role. Owners only; a project always keeps an owner.
#[server(endpoint = "members/set_role", input = Json)]
pub async fn set_member_role(id: String, user_id: String, role: Role) -> Result<(), AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    Caller::current().await?.project(&id, Role::Owner).await?;
    let db = state()?.db;
    if db.role_of(&id, &user_id).await?.is_none() {
        return Err(fail(AppError::not_found("멤버", "the member")));
    }
    db.set_role(&id, &user_id, role)
        .await
        .map_err(AppError::from)
}

/// Removes a member. Owners may remove anyone; anyone may leave.
#[server(endpoint = "members/remove", input = Json)]
pub async fn remove_member(id: String, user_id: String) -> Result<(), AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    use crate::ssr::fail;
    let Member { user, role } = Caller::current().await?.project(&id, Role::Viewer).await?;
    if role != Role::Owner && user.id != user_id {
        return Err(fail(AppError::Forbidden));
    }
    let state = state()?;
    state.db.remove_member(&id, &user_id).await?;
    // Their open pages stop hearing about the project now, not at the next heartbeat.
    if let Err(error) = state
        .hub
        .publish(&id, crate::store::Change::Removed { user_id })
        .await
    {
        tracing::warn!(%error, "announcing a removed member");
    }
    Ok(())
}

/// Creates an invite link for a role, valid for `days` (1 to 30). Owners only.
#[server(endpoint = "invites/create", input = Json)]
pub async fn create_invite(id: String, role: Role, days: i64) -> Result<Invite, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    use crate::ssr::fail;
    let Member { user, .. } = Caller::current().await?.project(&id, Role::Owner).await?;
    if !(1..=30).contains(&days) {
        return Err(fail(AppError::invalid(
            "초대는 1일에서 30일까지 유효합니다",
            "an invite is valid for 1 to 30 days",
        )));
    }
    state()?
        .db
        .create_invite(&id, role, &user.id, days * 24 * 60 * 60 * 1000)
        .await
        .map_err(AppError::from)
}

/// The invite links of a project. Owners only.
#[server(endpoint = "invites/list", input = Json)]
pub async fn list_invites(id: String) -> Result<Vec<Invite>, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    Caller::current().await?.project(&id, Role::Owner).await?;
    state()?.db.invites(&id).await.map_err(AppError::from)
}

/// Revokes an invite link. Owners only.
#[server(endpoint = "invites/revoke", input = Json)]
pub async fn revoke_invite(id: String, invite_id: String) -> Result<(), AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    Caller::current().await?.project(&id, Role::Owner).await?;
    state()?
        .db
        .revoke_invite(&id, &invite_id)
        .await
        .map_err(AppError::from)
}

/// What a link offers (anyone holding it may ask).
#[server(endpoint = "invites/offer", input = Json)]
pub async fn invite_offer(token: String) -> Result<InviteDetails, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::fail;
    let (_, role, project_name) = state()?.db.invite_target(&token).await?.ok_or_else(|| {
        fail(AppError::not_found(
            "유효한 초대 (만료되었거나 취소되었을 수 있습니다)",
            "a valid invite (it may have expired or been revoked)",
        ))
    })?;
    Ok(InviteDetails { project_name, role })
}

/// Joins a project from a link: as the signed-in user, or as a new guest with only
/// a display name. Returns the project id.
#[server(endpoint = "invites/join", input = Json)]
pub async fn join(
    token: String,
    display_name: Option<String>,
) -> Result<(String, UserInfo), AppError> {
    use crate::ssr::auth::{sign_in_session, state};
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    let db = state()?.db;
    if db.invite_target(&token).await?.is_none() {
        return Err(fail(AppError::not_found(
            "유효한 초대 (만료되었거나 취소되었을 수 있습니다)",
            "a valid invite (it may have expired or been revoked)",
        )));
    }
    let user = match Caller::optional().await?.map(|caller| caller.user) {
        Some(user) => user,
        None => {
            let name = display_name.unwrap_or_default();
            crate::functions::auth::check_display_name(&name).map_err(fail)?;
            let guest = db.create_guest(name.trim()).await?;
            sign_in_session(&guest).await?;
            guest
        }
    };
    let project = db.accept_invite(&token, &user.id).await?;
    Ok((project, user.info()))
}
