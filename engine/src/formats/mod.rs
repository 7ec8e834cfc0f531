//! Reading and writing projects in other tools' formats.

mod error;
pub mod mono2micro;
pub mod native;

pub use error::{ImportError, Problem};
