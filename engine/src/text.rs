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

    /// The text in a [`Language`].
    pub fn in_language(&self, language: Language) -> &str {
        match language {
            Language::Ko => &self.ko,
            Language::En => &self.en,
        }
    }
}

/// The two languages Seams speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// 한국어
    Ko,
    /// English
    #[default]
    En,
}

impl Language {
    /// Picks one of two static texts.
    pub fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Language::Ko => ko,
            Language::En => en,
        }
    }

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Ko => "ko",
            Language::En => "en",
        }
    }
}
