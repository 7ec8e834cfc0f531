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

/// `text` with every control character (CR, LF, tab, NUL, C1 controls such as
/// NEL) and the Unicode line and paragraph separators made a space: the text
/// formats read a line as a statement, so user text must never start a new one.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}
