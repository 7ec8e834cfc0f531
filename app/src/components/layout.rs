use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::tr;

/// The frame of every page: header with navigation and language switch, the page
/// itself, and a footer with the version.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr("본문으로 건너뛰기", "Skip to content")}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◧"</span>
                "Seams"
            </a>
            <nav aria-label=tr("주 메뉴", "Main")>
                <a href="/">{tr("프로젝트", "Projects")}</a>
            </nav>
            <LanguageSwitch/>
        </header>
        <main id="main" class="site-main">{children()}</main>
        <footer class="site-footer">
            <span>"Seams v" {env!("CARGO_PKG_VERSION")}</span>
            <span>{tr("모놀리스 분해 워크숍 도구", "Monolith decomposition workshop tool")}</span>
        </footer>
    }
}
