//! One module per page.

pub mod auth;
pub mod home;
pub mod join;
pub mod lazy;
pub mod not_found;
pub mod project;
pub mod source;
