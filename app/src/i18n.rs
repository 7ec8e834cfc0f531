//! The interface language. Korean is the default (most workshop teams speak it);
//! English is one click away in the header.

use leptos::prelude::*;

/// A language the interface is available in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    /// 한국어
    #[default]
    Ko,
    /// English
    En,
}

impl Locale {
    /// The BCP 47 code, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ko => "ko",
            Locale::En => "en",
        }
    }

    /// Picks the Korean or the English text.
    pub fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Locale::Ko => ko,
            Locale::En => en,
        }
    }
}

/// Makes the current locale available to every component below.
pub fn provide_locale() {
    provide_context(RwSignal::new(Locale::default()));
}

/// The current locale; components read it to choose their texts.
pub fn use_locale() -> RwSignal<Locale> {
    use_context::<RwSignal<Locale>>().unwrap_or_else(|| RwSignal::new(Locale::default()))
}

/// A text in both languages that follows the current locale.
pub fn tr(ko: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let locale = use_locale();
    move || locale.get().pick(ko, en)
}
