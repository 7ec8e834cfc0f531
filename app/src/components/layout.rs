use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::components::language_switch::LanguageSwitch;
use crate::functions::auth::sign_out;
use crate::i18n::tr;
use crate::session::use_session;

/// The frame of every page: header with navigation, language switch and the
/// signed-in user, the page itself, and a footer with the version.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr("본문으로 건너뛰기", "Skip to content")}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◧"</span>
                "Seams"
            </A>
            <nav aria-label=tr("주 메뉴", "Main")>
                <A href="/">{tr("프로젝트", "Projects")}</A>
            </nav>
            <LanguageSwitch/>
            <UserMenu/>
        </header>
        <main id="main" class="site-main">{children()}</main>
        <footer class="site-footer">
            <span>"Seams v" {env!("CARGO_PKG_VERSION")}</span>
            <span>{tr("모놀리스 분해 워크숍 도구", "Monolith decomposition workshop tool")}</span>
        </footer>
    }
}

/// The signed-in user's name with sign-out, or a sign-in link.
#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let signing_out = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let out = move |_| {
        signing_out.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = sign_out().await;
            signing_out.set(false);
            session.refresh();
            navigate("/", Default::default());
        });
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                let out = out.clone();
                session
                    .user
                    .get()
                    .map(|user| match user.ok().flatten() {
                        Some(user) => {
                            let guest = user.is_guest();
                            view! {
                                <div class="user-menu">
                                    <span class="user-name" data-testid="user-name">{user.display_name.clone()}</span>
                                    <Show when=move || guest>
                                        <A href="/account">{tr("계정 만들기", "Create account")}</A>
                                    </Show>
                                    <button type="button" on:click=out disabled=move || signing_out.get()>
                                        {tr("로그아웃", "Sign out")}
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                        None => view! {
                            <div class="user-menu">
                                <A href="/signin">{tr("로그인", "Sign in")}</A>
                                <A href="/signup" attr:class="button primary">{tr("가입", "Sign up")}</A>
                            </div>
                        }
                            .into_any(),
                    })
            }}
        </Transition>
    }
}
