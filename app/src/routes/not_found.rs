use leptos::prelude::*;

use crate::i18n::tr;

/// Shown for any address the router does not know; the server answers 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="not-found">
            <h1>{tr("페이지를 찾을 수 없습니다", "Page not found")}</h1>
            <p><a href="/">{tr("프로젝트 목록으로", "Back to the projects")}</a></p>
        </section>
    }
}
