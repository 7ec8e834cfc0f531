//! The interface language: Korean and English, switched in the header and
//! remembered in a cookie; the first visit follows the browser's language.
//!
//! Texts live next to the components that show them, as Korean/English pairs
//! (`tr("저장", "Save")`), checked by the compiler. leptos_i18n was considered: it
//! needs a build script and locale files, and brings leptos-use and ICU into the
//! browser bundle for plural and number formatting that two languages with short
//! labels do not need.

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

/// The cookie that remembers the choice.
pub const COOKIE: &str = "seams_lang";

impl Locale {
    /// The BCP 47 code, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ko => "ko",
            Locale::En => "en",
        }
    }

    /// Reads a code (`ko`, `en`, `ko-KR`, …).
    pub fn from_code(code: &str) -> Option<Locale> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("ko") {
            Some(Locale::Ko)
        } else if code.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// Picks the Korean or the English text.
    pub fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Locale::Ko => ko,
            Locale::En => en,
        }
    }

    /// The engine's language.
    pub fn language(self) -> engine::text::Language {
        match self {
            Locale::Ko => engine::text::Language::Ko,
            Locale::En => engine::text::Language::En,
        }
    }

    /// The other language.
    pub fn other(self) -> Locale {
        match self {
            Locale::Ko => Locale::En,
            Locale::En => Locale::Ko,
        }
    }
}

/// The locale of this render: on the server from the cookie or the browser's
/// `Accept-Language`; in the browser from the `<html lang>` the server wrote, so
/// hydration renders exactly what the server did.
fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return Locale::default();
        };
        let header = |name: http::header::HeaderName| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let from_cookie = crate::cookies::read(COOKIE).and_then(|code| Locale::from_code(&code));
        from_cookie
            .or_else(|| {
                header(http::header::ACCEPT_LANGUAGE)
                    .split(',')
                    .find_map(|tag| Locale::from_code(tag.split(';').next().unwrap_or("")))
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| Locale::from_code(&lang))
            .unwrap_or_default()
    }
}

/// Makes the current locale available to every component below.
pub fn provide_locale() {
    provide_context(RwSignal::new(initial_locale()));
}

/// The current locale; components read it to choose their texts.
pub fn use_locale() -> RwSignal<Locale> {
    use_context::<RwSignal<Locale>>().unwrap_or_else(|| RwSignal::new(Locale::default()))
}

/// Switches the language and remembers it for a year.
pub fn set_locale(locale: Locale) {
    use_locale().set(locale);
    crate::cookies::remember(COOKIE, locale.code());
}

/// A text in both languages that follows the current locale.
pub fn tr(ko: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let locale = use_locale();
    move || locale.get().pick(ko, en)
}
