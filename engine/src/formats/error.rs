use std::fmt;

use thiserror::Error;

/// One thing wrong with an input, located as precisely as the format allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Which input (a file name, or "input" for pasted text).
    pub source: String,
    /// 1-based line, when the format has lines.
    pub line: Option<usize>,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// Why an import was refused. Imports are all-or-nothing: nothing is kept when
/// there is any problem.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub struct ImportError {
    /// Every problem found (at least one), in input order.
    pub problems: Vec<Problem>,
}

impl ImportError {
    /// An error with one problem.
    pub fn one(source: &str, line: Option<usize>, message: impl Into<String>) -> ImportError {
        ImportError {
            problems: vec![Problem {
                source: source.to_string(),
                line,
                message: message.into(),
            }],
        }
    }

    /// A malformed JSON document, located by serde's line number.
    pub fn json(source: &str, error: &serde_json::Error) -> ImportError {
        let line = (error.line() > 0).then_some(error.line());
        ImportError::one(source, line, format!("invalid JSON: {error}"))
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [] => write!(f, "import failed"),
            [only] => write!(f, "{only}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more problems)", rest.len()),
        }
    }
}
