//! Texts in both interface languages, so the UI and the reports never hard-code
//! what the engine says.

use serde::{Deserialize, Serialize};

/// A text in Korean and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// 한국어
    pub ko: String,
    /// English
    pub en: String,
}

impl Text {
    /// Both languages at once.
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ko: ko.into(),
            en: en.into(),
        }
    }

    /// The text in one language (`"ko"` or anything else for English).
    pub fn get(&self, language: &str) -> &str {
        if language == "ko" { &self.ko } else { &self.en }
    }
}
