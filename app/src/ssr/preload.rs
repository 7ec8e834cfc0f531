//! A project page's head, read before the page is rendered.
//!
//! Every page of a project needs the project's head first. Reading it inside
//! the page with a resource under `Suspense` made the server render each page
//! twice (`Suspense` walks its children again once their data arrives, which
//! builds the routed page anew with all its resources). So the head is read
//! here, before rendering, handed to the page through the request, and written
//! into the page for the browser to hydrate from (see
//! [`crate::routes::project::embedded`]).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use super::AppState;
use super::caller::USER_KEY;
use crate::errors::AppError;
use crate::models::{ProjectHead, Role, SettingsLists};

/// The head of the project a page request asks for, or why it cannot be seen.
#[derive(Clone, Debug)]
pub struct PreloadedHead {
    /// The project id from the address.
    pub id: String,
    /// The head, or the error the page shows.
    pub head: Result<ProjectHead, AppError>,
}

/// The settings lists of the project a settings page request asks for, read
/// only when its head could be read.
#[derive(Clone, Debug)]
pub struct PreloadedSettings {
    /// The project id from the address.
    pub id: String,
    /// The lists as the reader may see them.
    pub lists: SettingsLists,
}

/// How many revisions the settings page shows at first.
pub const HISTORY_PAGE: i64 = 50;

/// The project id of a project page address (`/p/{id}` and below).
fn project_id(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/p/")?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then_some(id)
}

/// The head of a project as `user_id` may see it.
pub async fn head_for(
    state: &AppState,
    user_id: Option<&str>,
    project_id: &str,
) -> Result<ProjectHead, AppError> {
    let user_id = user_id.ok_or(AppError::Unauthenticated)?;
    let role: Role = state
        .db
        .role_of(project_id, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("프로젝트", "the project"))?;
    let derived = super::views::current(state, project_id).await?;
    let id = project_id.to_string();
    state
        .heavy
        .run(move || super::pages::head(id, role, &derived))
        .await
}

/// The settings lists of a project for a member with `role`: members and history
/// for everyone, invite links for owners, and the reader's own tokens.
async fn settings_lists(
    state: &AppState,
    user_id: &str,
    project_id: &str,
    role: Role,
) -> Result<SettingsLists, AppError> {
    let invites = match role {
        Role::Owner => state.db.invites(project_id).await?,
        _ => Vec::new(),
    };
    Ok(SettingsLists {
        members: super::members_seen_by(
            state.db.members(project_id).await?,
            project_id,
            user_id,
            role,
        ),
        invites,
        tokens: state.db.tokens(user_id).await?,
        history: state.db.history(project_id, HISTORY_PAGE, None).await?,
    })
}

/// Middleware: reads the head of the project a page request names (and the
/// lists of its settings page) and puts them in the request's extensions.
pub async fn preload_head(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let id = (request.method() == http::Method::GET)
        .then(|| project_id(request.uri().path()).map(str::to_string))
        .flatten();
    if let Some(id) = id {
        let user: Option<String> = match request.extensions().get::<Session>() {
            Some(session) => session.get(USER_KEY).await.ok().flatten(),
            None => None,
        };
        let head = head_for(&state, user.as_deref(), &id).await;
        let settings_page = request.uri().path() == format!("/p/{id}/settings");
        if let (true, Ok(head), Some(user)) = (settings_page, &head, &user) {
            match settings_lists(&state, user, &id, head.role).await {
                Ok(lists) => {
                    let id = id.clone();
                    request
                        .extensions_mut()
                        .insert(PreloadedSettings { id, lists });
                }
                Err(error) => tracing::warn!(%error, "settings lists not preloaded"),
            }
        }
        request.extensions_mut().insert(PreloadedHead { id, head });
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::project_id;

    #[test]
    fn project_pages_are_recognised() {
        assert_eq!(project_id("/p/abc"), Some("abc"));
        assert_eq!(project_id("/p/abc/splits/s1"), Some("abc"));
        assert_eq!(project_id("/p/"), None);
        assert_eq!(project_id("/pkg/seams.js"), None);
        assert_eq!(project_id("/api/projects/head"), None);
    }
}
