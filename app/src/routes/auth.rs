//! Signing up and in, and turning a guest into an account.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::feedback::{BusyButton, ErrorNote};
use crate::errors::AppError;
use crate::functions::auth::{sign_in, sign_up, upgrade_account};
use crate::i18n::{tr, use_locale};
use crate::session::use_session;

/// Where to go after signing in: the `next` query parameter when it is a local
/// path, else the project list.
fn next_page() -> String {
    let next = use_query_map()
        .get_untracked()
        .get("next")
        .unwrap_or_default();
    match crate::local_path::local_path(&next) {
        Some(path) => path.to_string(),
        None => "/".to_string(),
    }
}

/// A labelled text input bound to a signal.
#[component]
pub fn Field(
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] kind: Option<String>,
    #[prop(optional, into)] autocomplete: Option<String>,
    #[prop(optional, into)] test_id: String,
) -> impl IntoView {
    let id = format!("field-{test_id}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            <input
                id=id
                type=kind.unwrap_or_else(|| "text".into())
                autocomplete=autocomplete
                data-testid=test_id
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
                required
            />
        </div>
    }
}

crate::routes::lazy::lazy_page!(
    /// The page as a lazy route: opened once, or now and then.
    SignUpRoute => SignUpPage
);

/// The sign-up form.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let (email, name, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next = next_page();
        spawn_local(async move {
            match sign_up(
                email.get_untracked(),
                name.get_untracked(),
                password.get_untracked(),
            )
            .await
            {
                Ok(_) => {
                    session.refresh();
                    navigate(&next, Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="auth-card">
            <h1>{tr("Seams 가입", "Sign up for Seams")}</h1>
            <form on:submit=submit>
                <Field label=Signal::derive(move || locale.get().pick("이메일", "Email").to_string()) value=email kind="email" autocomplete="email" test_id="email"/>
                <Field label=Signal::derive(move || locale.get().pick("표시 이름", "Display name").to_string()) value=name autocomplete="name" test_id="name"/>
                <Field label=Signal::derive(move || locale.get().pick("비밀번호 (8자 이상)", "Password (8+ characters)").to_string()) value=password kind="password" autocomplete="new-password" test_id="password"/>
                <ErrorNote error=error/>
                <BusyButton
                    busy=busy
                    label=Signal::derive(move || locale.get().pick("가입", "Sign up").to_string())
                    busy_label=Signal::derive(move || locale.get().pick("가입 중…", "Signing up…").to_string())
                    test_id="submit"
                />
            </form>
            <p>{tr("이미 계정이 있나요?", "Already have an account?")} " " <A href="/signin">{tr("로그인", "Sign in")}</A></p>
        </section>
    }
}

/// The sign-in form.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next = next_page();
        spawn_local(async move {
            match sign_in(email.get_untracked(), password.get_untracked()).await {
                Ok(_) => {
                    session.refresh();
                    navigate(&next, Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="auth-card">
            <h1>{tr("로그인", "Sign in")}</h1>
            <form on:submit=submit>
                <Field label=Signal::derive(move || locale.get().pick("이메일", "Email").to_string()) value=email kind="email" autocomplete="email" test_id="email"/>
                <Field label=Signal::derive(move || locale.get().pick("비밀번호", "Password").to_string()) value=password kind="password" autocomplete="current-password" test_id="password"/>
                <ErrorNote error=error/>
                <BusyButton
                    busy=busy
                    label=Signal::derive(move || locale.get().pick("로그인", "Sign in").to_string())
                    busy_label=Signal::derive(move || locale.get().pick("확인 중…", "Checking…").to_string())
                    test_id="submit"
                />
            </form>
            <p>{tr("처음인가요?", "New here?")} " " <A href="/signup">{tr("가입", "Sign up")}</A></p>
        </section>
    }
}

crate::routes::lazy::lazy_page!(
    /// The page as a lazy route: opened once, or now and then.
    AccountRoute => AccountPage
);

/// Turns a guest into an account.
#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let (email, name, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match upgrade_account(
                email.get_untracked(),
                name.get_untracked(),
                password.get_untracked(),
            )
            .await
            {
                Ok(_) => {
                    done.set(true);
                    session.refresh();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="auth-card">
            <h1>{tr("게스트를 계정으로 전환", "Turn your guest access into an account")}</h1>
            <p class="lede">{tr("참여한 프로젝트와 답변이 그대로 유지됩니다.", "Your projects and answers stay with you.")}</p>
            <Show
                when=move || !done.get()
                fallback=move || view! { <p class="success" role="status">{tr("계정이 만들어졌습니다.", "Your account is ready.")}</p> }
            >
                <form on:submit=submit>
                    <Field label=Signal::derive(move || locale.get().pick("이메일", "Email").to_string()) value=email kind="email" autocomplete="email" test_id="email"/>
                    <Field label=Signal::derive(move || locale.get().pick("표시 이름", "Display name").to_string()) value=name autocomplete="name" test_id="name"/>
                    <Field label=Signal::derive(move || locale.get().pick("비밀번호 (8자 이상)", "Password (8+ characters)").to_string()) value=password kind="password" autocomplete="new-password" test_id="password"/>
                    <ErrorNote error=error/>
                    <BusyButton
                        busy=busy
                        label=Signal::derive(move || locale.get().pick("계정 만들기", "Create account").to_string())
                        busy_label=Signal::derive(move || locale.get().pick("만드는 중…", "Creating…").to_string())
                        test_id="submit"
                    />
                </form>
            </Show>
        </section>
    }
}
