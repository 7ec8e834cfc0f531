use leptos::prelude::*;

use crate::i18n::{set_locale, use_locale};

/// Switches the interface between Korean and English. The button names the
/// language it switches to, in that language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    view! {
        <button
            type="button"
            class="language-switch"
            data-testid="language-switch"
            lang=move || locale.get().other().code()
            aria-label=move || locale.get().pick("Switch to English", "한국어로 전환")
            on:click=move |_| set_locale(locale.get_untracked().other())
        >
            {move || locale.get().pick("English", "한국어")}
        </button>
    }
}
