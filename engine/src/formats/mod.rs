//! Reading and writing projects in other tools' formats.

pub mod cml;
pub mod csv;
pub mod dot;
mod error;
pub mod jdeps;
mod limits;
pub mod mermaid;
pub mod mono2micro;
pub mod native;
pub mod structurizr;

pub use error::{ImportError, Problem};
pub use limits::{ImportLimits, human_size};
