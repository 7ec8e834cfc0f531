//! Reading a project page by page: each page asks for what it shows. Every
//! function checks membership first, then reads the project's current snapshot
//! and does its work on the heavy-work pool.

use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json, Postcard};

use crate::errors::AppError;
use crate::models::{
    CallPage, CompareView, EditorModel, GraphRequest, GraphView, ModuleDetail, ModulePage,
    ProjectHead, SplitAgreement, SplitRow, SplitState, TableQuery,
};

/// What every page of the project needs (see [`ProjectHead`]).
#[server(endpoint = "projects/head", input = Json)]
pub async fn load_head(id: String) -> Result<ProjectHead, AppError> {
    use crate::ssr::auth::state;
    use crate::ssr::caller::Caller;
    use crate::ssr::fail;
    let state = state()?;
    let user = Caller::current().await?.user;
    crate::ssr::preload::head_for(&state, Some(&user.id), &id)
        .await
        .map_err(fail)
}

/// The splits with their metrics, in project order.
#[server(endpoint = "projects/splits", input = Json)]
pub async fn split_rows(id: String) -> Result<Vec<SplitRow>, AppError> {
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::split_rows(&derived))
        .await
}

/// A page of the modules table.
#[server(endpoint = "projects/modules", input = Json)]
pub async fn read_modules(id: String, query: TableQuery) -> Result<ModulePage, AppError> {
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::module_page(&derived, &query))
        .await
}

/// A page of the calls table.
#[server(endpoint = "projects/calls", input = Json)]
pub async fn read_calls(id: String, query: TableQuery) -> Result<CallPage, AppError> {
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::call_page(&derived, &query))
        .await
}

/// One module with its neighbours.
#[server(endpoint = "projects/module", input = Json)]
pub async fn read_module(id: String, module: String) -> Result<ModuleDetail, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::module_detail(&derived, &module))
        .await?
        .ok_or_else(|| fail(AppError::not_found("모듈", "the module")))
}

/// Splits side by side (all of them when `splits` is empty).
#[server(endpoint = "projects/compare", input = Json)]
pub async fn compare_splits(id: String, splits: Vec<String>) -> Result<CompareView, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::compare_splits(&derived, &splits))
        .await?
        .map_err(fail)
}

/// How every other split agrees with `reference` (MoJo, MoJoFM, c2c, ARI, NMI).
#[server(endpoint = "projects/agreement", input = Json)]
pub async fn split_agreements(
    id: String,
    reference: String,
) -> Result<Vec<SplitAgreement>, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::agreements(&derived, &reference))
        .await?
        .map_err(fail)
}

/// The call graph, rolled up and laid out.
#[server(endpoint = "projects/graph", input = Json)]
pub async fn draw_graph(id: String, request: GraphRequest) -> Result<GraphView, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::graph(&derived, &request))
        .await?
        .map_err(|reason| fail(AppError::refused(reason)))
}

/// The model compiled for the split editor, in a compact binary form. Asked
/// for with the revision the page knows, so the browser can keep the answer
/// for that revision (`Cache-Control: immutable`) when it is that revision's.
#[server(endpoint = "projects/editor-model", input = GetUrl, output = Postcard)]
pub async fn load_editor_model(id: String, revision: i64) -> Result<EditorModel, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    let model = state
        .heavy
        .run(move || crate::ssr::pages::editor_model(&derived))
        .await?
        .map_err(|reason| fail(AppError::refused(reason)))?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let cache = if model.revision == revision {
            "private, max-age=31536000, immutable"
        } else {
            "no-store"
        };
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static(cache),
        );
    }
    Ok(model)
}

/// A split's services and assignments, as module and service numbers.
#[server(endpoint = "projects/split-state", input = Json)]
pub async fn load_split_state(id: String, split: String) -> Result<SplitState, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::pages::split_state(&derived, &split))
        .await?
        .map_err(fail)?
        .ok_or_else(|| fail(AppError::not_found("분해안", "the split")))
}
