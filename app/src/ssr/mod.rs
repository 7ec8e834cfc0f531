//! Server-only helpers shared by the server functions.

pub mod auth;
pub mod caller;
pub mod exports;
pub mod heavy;
pub mod imports;
pub mod live;
pub mod pages;
pub mod preload;
pub mod splits;
mod state;
pub mod views;

pub use state::AppState;

use crate::errors::AppError;
use crate::store::StoreError;

/// Sets the HTTP status of the current server-function response to match the
/// error, and returns it.
pub fn fail(error: AppError) -> AppError {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status_code());
    }
    error
}

/// Store errors become what the user may see, with the matching status;
/// anything unexpected is logged here, once, and shown as `Internal`.
impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        let shown = match &error {
            StoreError::NotFound(what) => AppError::NotFound(format!("the {what}")),
            StoreError::EmailTaken => {
                AppError::Invalid("this email address is already registered".into())
            }
            StoreError::Conflict { .. } => AppError::Conflict(error.to_string()),
            StoreError::Edit(edit) => AppError::Invalid(edit.to_string()),
            StoreError::Refused(reason) => AppError::Invalid(reason.clone()),
            _ => {
                tracing::error!(%error, "store failure");
                AppError::Internal
            }
        };
        fail(shown)
    }
}
