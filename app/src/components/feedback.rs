//! Feedback next to what caused it: error messages, and buttons that show their
//! work is in progress.

use leptos::prelude::*;

use crate::errors::AppError;
use crate::i18n::use_locale;

/// An error in plain words, announced to screen readers; nothing when `None`.
#[component]
pub fn ErrorNote(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Show when=move || error.get().is_some()>
            <p class="error-note" role="alert" data-testid="error">
                {move || error.get().map(|e| e.message(locale.get())).unwrap_or_default()}
            </p>
        </Show>
    }
}

/// A submit button that says it is working and cannot be pressed twice.
#[component]
pub fn BusyButton(
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] busy_label: Signal<String>,
    #[prop(optional, into)] class: String,
    #[prop(optional, into)] test_id: String,
    #[prop(optional)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=format!("primary {class}")
            data-testid=test_id
            aria-busy=move || busy.get().to_string()
            disabled=move || busy.get() || disabled.is_some_and(|d| d.get())
        >
            <Show when=move || busy.get()>
                <span class="spinner" aria-hidden="true"></span>
            </Show>
            {move || if busy.get() { busy_label.get() } else { label.get() }}
        </button>
    }
}
