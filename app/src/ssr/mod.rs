//! Server-only helpers shared by the server functions.

pub mod auth;
pub mod boundaries;
pub mod caller;
pub mod exports;
pub mod heavy;
pub mod imports;
pub mod layers;
pub mod live;
pub mod pages;
pub mod preload;
pub mod splits;
mod state;
pub mod views;

pub use state::AppState;

use engine::text::Text;

use crate::errors::AppError;
use crate::store::StoreError;

/// The members someone with `role` in `project` may see: everyone, except on
/// the shared demo, whose visitors are strangers to each other and see only
/// themselves (no one else's name or email).
pub fn members_seen_by(
    mut members: Vec<crate::models::Member>,
    project: &str,
    user_id: &str,
    role: crate::models::Role,
) -> Vec<crate::models::Member> {
    if project == crate::models::DEMO_PROJECT_ID && role < crate::models::Role::Owner {
        members.retain(|member| member.user_id == user_id);
    }
    members
}

/// Sets the HTTP status of the current server-function response to match the
/// error, and returns it.
pub fn fail(error: AppError) -> AppError {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status_code());
    }
    error
}

/// The Korean for the things the store reports as not found.
fn korean_noun(what: &str) -> &str {
    match what {
        "project" => "프로젝트",
        "deleted project" => "삭제된 프로젝트",
        "split" => "분해안",
        "module" => "모듈",
        "member" => "멤버",
        "user" => "사용자",
        "revision" => "리비전",
        "token" => "토큰",
        "open vote" => "진행 중인 투표",
        "revealed vote" => "공개된 투표",
        "invite" | "valid invite" => "유효한 초대 (만료되었거나 취소되었을 수 있습니다)",
        other => other,
    }
}

/// Store errors become what the user may see, with the matching status;
/// anything unexpected is logged here, once, and shown as `Internal`.
impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        let shown = match &error {
            StoreError::NotFound(what) => {
                AppError::not_found(korean_noun(what), format!("the {what}"))
            }
            StoreError::EmailTaken => AppError::invalid(
                "이미 등록된 이메일 주소입니다",
                "this email address is already registered",
            ),
            StoreError::Conflict { by, revision } => AppError::Conflict(Text::new(
                format!(
                    "그사이 {by}님이 바꿨습니다 (리비전 {revision}). 새로 고쳐 그 변경을 확인하세요"
                ),
                error.to_string(),
            )),
            StoreError::Edit(edit) => AppError::from(edit.clone()),
            StoreError::Refused(reason) => AppError::Invalid(reason.clone()),
            unreachable if unreachable.is_unreachable() => {
                tracing::warn!(error = %unreachable, "the database is unreachable");
                AppError::DatabaseUnavailable
            }
            _ => {
                tracing::error!(%error, "store failure");
                AppError::Internal
            }
        };
        fail(shown)
    }
}
