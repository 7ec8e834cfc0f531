//! Joining a workshop from an invite link: with the signed-in account, or as a
//! guest with only a display name.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::feedback::{BusyButton, ErrorNote};
use crate::errors::AppError;
use crate::functions::members::{invite_offer, join};
use crate::i18n::{tr, use_locale};
use crate::session::use_session;

crate::routes::lazy::lazy_page!(
    /// The invite page as a lazy route: opened once per person and workshop.
    JoinRoute => JoinPage
);

/// `/join/:token`.
#[component]
pub fn JoinPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let offer = Resource::new(token, invite_offer);
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let token = token();
        let display_name = Some(name.get_untracked()).filter(|n| !n.trim().is_empty());
        spawn_local(async move {
            match join(token, display_name).await {
                Ok((project, _)) => {
                    session.refresh();
                    navigate(&format!("/p/{project}"), Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="auth-card">
            <Transition fallback=move || view! { <p class="loading">{tr("초대 확인 중…", "Checking the invite…")}</p> }>
                {move || {
                    let submit = submit.clone();
                    offer
                        .get()
                        .map(|result| match result {
                            Err(e) => view! {
                                <h1>{tr("초대 링크를 사용할 수 없습니다", "This invite link cannot be used")}</h1>
                                <ErrorNote error=Signal::derive(move || Some(e.clone()))/>
                            }
                                .into_any(),
                            Ok(details) => {
                                let signed_in = session.current().is_some();
                                view! {
                                    <h1>{format!("{}: {}", locale.get().pick("워크숍 참여", "Join the workshop"), details.project_name)}</h1>
                                    <p class="lede">{format!("{} {}", locale.get().pick("역할:", "Role:"), details.role.label(locale.get()))}</p>
                                    <form on:submit=submit>
                                        <Show when=move || !signed_in>
                                            <div class="field">
                                                <label for="guest-name">{tr("표시 이름", "Your display name")}</label>
                                                <input id="guest-name" data-testid="guest-name" required autocomplete="name" prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                                            </div>
                                        </Show>
                                        <ErrorNote error=error/>
                                        <BusyButton
                                            busy=busy
                                            label=Signal::derive(move || locale.get().pick("참여하기", "Join").to_string())
                                            busy_label=Signal::derive(move || locale.get().pick("참여 중…", "Joining…").to_string())
                                            test_id="join"
                                        />
                                    </form>
                                    <Show when=move || !signed_in>
                                        <p class="muted">
                                            {tr("계정이 있나요?", "Have an account?")} " "
                                            <A href=format!("/signin?next=/join/{}", token())>{tr("로그인 후 참여", "Sign in first")}</A>
                                        </p>
                                    </Show>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
