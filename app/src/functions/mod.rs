//! Server functions: the only way the pages read or change data. Each one checks
//! who is asking and their role before it touches the store. URLs are stable
//! (`/api/<endpoint>`), inputs and outputs JSON.

pub mod auth;
pub mod boundaries;
pub mod exports;
pub mod imports;
pub mod layers;
pub mod live;
pub mod members;
pub mod projects;
pub mod splits;
pub mod tokens;
pub mod views;
