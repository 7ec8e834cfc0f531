//! The store: the only module that speaks SQL.
//!
//! One API over SQLite (the embedded default) and PostgreSQL (for several server
//! processes). Queries are written once with `$n` placeholders, which both
//! databases accept, and run through sqlx's `Any` driver; each database has its
//! own migrations folder, kept in step by the shared store test suite.

mod connect;
mod error;

pub use connect::{Backend, Db};
pub use error::StoreError;
