//! Seams' engine: everything that reasons about a monolith and its candidate splits.
//!
//! The engine is pure (no IO, no async, no web framework) so that the server, the
//! command line and the browser bundle all score a split with the same code.

pub mod advice;
pub mod agreement;
pub mod analysis;
pub mod analyzers;
pub mod boundaries;
pub mod compact;
pub mod compare;
pub mod demo;
pub mod edit;
pub mod formats;
pub mod generate;
pub mod graph;
pub mod history;
pub mod layers;
pub mod layout;
pub mod metrics;
pub mod model;
pub mod parallel;
pub mod readiness;
pub mod refine;
pub mod report;
pub mod roadmap;
pub mod rollup;
pub mod text;
pub mod traces;
pub mod vote;
