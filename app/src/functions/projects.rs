//! Projects: list, create, open, edit, duplicate, delete, history and restore.

use engine::edit::Edit;
#[cfg(feature = "ssr")]
use engine::model::Project;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::{HistoryEntry, ProjectDoc, ProjectSummary, SavedEdit};

/// Where a new project's content comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewProject {
    /// Nothing yet.
    Empty {
        /// Its name.
        name: String,
        /// What it is about.
        description: String,
    },
    /// The built-in fintech demo with its two splits.
    Demo,
    /// An import (parsed and checked on the server).
    Import {
        /// What to import.
        source: crate::functions::imports::ImportSource,
    },
}

/// The projects of the signed-in user; `deleted` lists the restorable deleted ones.
#[server(endpoint = "projects/list", input = Json)]
pub async fn list_projects(deleted: bool) -> Result<Vec<ProjectSummary>, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    let state = state()?;
    let user = Caller::current().await?.user;
    state
        .db
        .list_projects(&user.id, deleted)
        .await
        .map_err(AppError::from)
}

/// Creates a project owned by the signed-in user; returns its id.
#[server(endpoint = "projects/create", input = Json)]
pub async fn create_project(source: NewProject) -> Result<String, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    let user = Caller::current().await?.user;
    let project = match source {
        NewProject::Empty { name, description } => {
            if name.trim().is_empty() {
                return Err(fail(AppError::invalid(
                    "프로젝트에는 이름이 필요합니다",
                    "the project needs a name",
                )));
            }
            let mut project = Project::new(name.trim());
            project.description = description;
            project
        }
        NewProject::Demo => engine::demo::project(),
        NewProject::Import { source } => state()?
            .heavy
            .run(move || crate::ssr::imports::parse(&source))
            .await?
            .map_err(|error| fail(AppError::from(error)))?,
    };
    state()?
        .db
        .create_project(&user, project)
        .await
        .map_err(AppError::from)
}

/// Opens the demo workshop read-only, for anyone: a visitor who is not signed
/// in becomes a guest (no account, no password; as many per address and hour
/// as accounts may be made), and everyone who opens it is a viewer of the one
/// shared demo. Returns its id.
#[server(endpoint = "projects/visit-demo", input = Json)]
pub async fn visit_demo() -> Result<String, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::{client_address, sign_in_session, state};
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    use crate::store::{DEMO_PROJECT_ID, now_millis};
    let state = state()?;
    let db = state.db.clone();
    db.ensure_demo().await?;
    let user = match Caller::optional().await? {
        Some(caller) => caller.user,
        None => {
            // Counted before it is checked, as sign-ups are.
            let key = format!("demo-visit:{}", client_address().await);
            db.record_sign_in_failure(&key).await?;
            let since = now_millis() - 60 * 60_000;
            if db.sign_in_failures_since(&key, since).await? > state.sign_ups_per_address_per_hour {
                return Err(fail(AppError::RateLimited { minutes: 60 }));
            }
            let guest = db.create_guest("방문자 · Visitor").await?;
            sign_in_session(&guest).await?;
            guest
        }
    };
    if db.role_of(DEMO_PROJECT_ID, &user.id).await?.is_none() {
        db.set_role(DEMO_PROJECT_ID, &user.id, Role::Viewer).await?;
    }
    Ok(DEMO_PROJECT_ID.to_string())
}

/// Refuses a model over the import limits.
#[cfg(feature = "ssr")]
fn check_size(project: &Project) -> Result<(), AppError> {
    engine::formats::ImportLimits::default()
        .check_project("import", project)
        .map_err(AppError::from)
}

/// The whole project, for any member.
#[server(endpoint = "projects/open", input = Json)]
pub async fn open_project(id: String) -> Result<ProjectDoc, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    let Member { role, .. } = Caller::current().await?.project(&id, Role::Viewer).await?;
    state()?
        .db
        .project_doc(&id, role)
        .await
        .map_err(AppError::from)
}

/// Saves one edit made on a view of the project at `seen_revision`. Editors may
/// make any edit; viewers may only answer the checklist (as themselves).
#[server(endpoint = "projects/edit", input = Json)]
pub async fn edit_project(
    id: String,
    seen_revision: i64,
    edit: Edit,
) -> Result<SavedEdit, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    use crate::ssr::fail;
    let Member { user, role } = Caller::current().await?.project(&id, Role::Viewer).await?;
    if id == crate::store::DEMO_PROJECT_ID && role < Role::Owner {
        return Err(fail(AppError::invalid(
            "데모 워크숍은 읽기 전용입니다. 직접 바꿔 보려면 사본을 만드세요",
            "the demo workshop is read-only; make a copy of it to try changes",
        )));
    }
    let edit = match edit {
        Edit::Answer {
            question,
            answer,
            note,
            ..
        } => Edit::Answer {
            participant: user.id.clone(),
            question,
            answer,
            note,
        },
        Edit::ReplaceAll { .. } => {
            return Err(fail(AppError::invalid(
                "이전 리비전으로 돌아가려면 복원을 쓰세요",
                "use restore to go back to an earlier revision",
            )));
        }
        other if !role.can_edit() => {
            drop(other);
            return Err(fail(AppError::Forbidden));
        }
        Edit::AddSplit { mut split } => {
            if split.id.is_empty() {
                split.id = crate::store::new_id();
            }
            Edit::AddSplit { split }
        }
        Edit::Import {
            modules,
            calls,
            splits,
        } => {
            let mut size = Project::new("import");
            size.modules = modules;
            size.calls = calls;
            check_size(&size)?;
            Edit::Import {
                modules: size.modules,
                calls: size.calls,
                splits,
            }
        }
        other => other,
    };
    let revision = state()?
        .db
        .apply_edit(&id, &user, seen_revision, &edit)
        .await?;
    Ok(SavedEdit { revision })
}

/// A copy of the project owned by the signed-in user; returns the copy's id.
#[server(endpoint = "projects/duplicate", input = Json)]
pub async fn duplicate_project(id: String, name: String) -> Result<String, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    use crate::ssr::fail;
    let Member { user, .. } = Caller::current().await?.project(&id, Role::Viewer).await?;
    if name.trim().is_empty() {
        return Err(fail(AppError::invalid(
            "사본에는 이름이 필요합니다",
            "the copy needs a name",
        )));
    }
    state()?
        .db
        .duplicate_project(&id, &user, name.trim())
        .await
        .map_err(AppError::from)
}

/// Deletes a project (restorable for 30 days). Owners only.
#[server(endpoint = "projects/delete", input = Json)]
pub async fn delete_project(id: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    Caller::current().await?.project(&id, Role::Owner).await?;
    state()?
        .db
        .delete_project(&id)
        .await
        .map_err(AppError::from)
}

/// Brings back a deleted project. Owners only.
#[server(endpoint = "projects/undelete", input = Json)]
pub async fn undelete_project(id: String) -> Result<(), AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    let user = Caller::current().await?.user;
    let db = state()?.db;
    match db.role_in_deleted(&id, &user.id).await? {
        Some(Role::Owner) => db.undelete_project(&id).await.map_err(AppError::from),
        Some(_) => Err(fail(AppError::Forbidden)),
        None => Err(fail(AppError::not_found(
            "삭제된 프로젝트",
            "the deleted project",
        ))),
    }
}

/// The newest revisions (50 at a time, older than `before` when given).
#[server(endpoint = "projects/history", input = Json)]
pub async fn project_history(
    id: String,
    before: Option<i64>,
) -> Result<Vec<HistoryEntry>, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    Caller::current().await?.project(&id, Role::Viewer).await?;
    state()?
        .db
        .history(&id, crate::ssr::preload::HISTORY_PAGE, before)
        .await
        .map_err(AppError::from)
}

/// Restores an earlier revision as a new revision. Editors and owners.
#[server(endpoint = "projects/restore", input = Json)]
pub async fn restore_revision(id: String, revision: i64) -> Result<SavedEdit, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    let Member { user, .. } = Caller::current()
        .await?
        .project(&id, Role::Participant)
        .await?;
    let revision = state()?.db.restore_revision(&id, &user, revision).await?;
    Ok(SavedEdit { revision })
}
