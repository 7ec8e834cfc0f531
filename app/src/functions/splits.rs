//! Making splits: by capability or subdomain tags, suggested by community
//! detection, read from a partition file, or as a copy. The work runs on the server's heavy-work pool (a
//! suggestion on a big model takes seconds: never on the browser's UI thread)
//! and the result is saved as one edit.

use engine::generate::{SuggestOptions, TagKind, Untagged};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::errors::AppError;

/// How a new split is made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum NewSplit {
    /// One service per tag value.
    ByTag {
        /// Capability or subdomain.
        kind: TagKind,
        /// What to do with untagged modules.
        untagged: Untagged,
        /// The split's name.
        name: String,
    },
    /// Suggested by Leiden or Louvain.
    Suggested {
        /// Algorithm, target count, constraints, name.
        options: SuggestOptions,
    },
    /// A partition file (RSF, CSV `element,cluster`, JSON), e.g. the experts'
    /// reference split; an element listed in several clusters goes to the last.
    Imported {
        /// The file's name (its extension tells the format).
        file: String,
        /// The file's text.
        text: String,
        /// The split's name.
        name: String,
    },
    /// A copy of another split (made by hand from then on).
    Copy {
        /// The split to copy.
        split: String,
        /// The copy's name.
        name: String,
    },
}

/// Makes a split and saves it; returns its id. Editors and owners. A name
/// already taken gets a number: "By capability (2)".
#[server(endpoint = "splits/make", input = Json)]
pub async fn make_split(id: String, how: NewSplit) -> Result<String, AppError> {
    use crate::models::Role;
    use crate::ssr::auth::state;
    use crate::ssr::caller::{Caller, Member};
    use crate::ssr::fail;
    let Member { user, .. } = Caller::current()
        .await?
        .project(&id, Role::Participant)
        .await?;
    let state = state()?;
    let derived = crate::ssr::views::current(&state, &id).await?;
    let revision = derived.snapshot.revision;
    let split = state
        .heavy
        .run(move || crate::ssr::splits::make(&derived.snapshot.project, how))
        .await?
        .map_err(fail)?;
    let split_id = split.id.clone();
    state
        .db
        .apply_edit(
            &id,
            &user,
            revision,
            &engine::edit::Edit::AddSplit { split },
        )
        .await?;
    Ok(split_id)
}
