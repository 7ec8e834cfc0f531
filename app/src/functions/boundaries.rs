//! A split's boundaries for the report page: the service dependencies the
//! model has, which of them the team forbade, and what breaks the rules now.
//! Forbidding a pair is an edit like any other (`Edit::SetForbidden`).

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::errors::AppError;
use crate::models::BoundaryView;

/// The boundaries of split `split` of project `id`. Any member.
#[server(endpoint = "projects/boundaries", input = Json)]
pub async fn split_boundaries(id: String, split: String) -> Result<BoundaryView, AppError> {
    use crate::ssr::fail;
    let (state, derived) = crate::ssr::pages::open(&id).await?;
    state
        .heavy
        .run(move || crate::ssr::boundaries::view(&derived.snapshot.project, &split))
        .await?
        .map_err(fail)
}
