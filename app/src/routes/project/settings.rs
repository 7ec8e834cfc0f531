//! Project settings: members and roles, invite links, personal access tokens, and
//! the history with restore.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::context::use_project;
use super::embedded::{SettingsScript, take_settings};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::members::{
    create_invite, list_invites, list_members, remove_member, revoke_invite, set_member_role,
};
use crate::functions::projects::{delete_project, project_history, restore_revision};
use crate::functions::tokens::{create_token, list_tokens, revoke_token};
use crate::i18n::{tr, use_locale};
use crate::models::{AccessToken, HistoryEntry, Invite, Member, Role, SettingsLists};
use crate::routes::home::when;

crate::routes::lazy::lazy_page!(
    /// The settings page as a lazy route: members, invites, tokens and the
    /// history are opened now and then, not on every visit.
    SettingsRoute => SettingsPage
);

/// `/p/:id/settings`.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let context = use_project();
    let owner = move || context.head.with(|d| d.role == Role::Owner);
    let (lists, script) = match take_settings(&context.id()) {
        Some((lists, text)) => (Some(lists), Some(text)),
        None => (None, None),
    };
    let SettingsLists {
        members,
        invites,
        tokens,
        history,
    } = lists.clone().unwrap_or_default();
    let given = lists.is_some();
    view! {
        {script.map(|text| view! { <SettingsScript text/> })}
        <section class="settings">
            <Members initial=given.then_some(members)/>
            <Show when=owner>
                <Invites initial=given.then(|| invites.clone())/>
            </Show>
            <Tokens initial=given.then_some(tokens)/>
            <History initial=given.then_some(history)/>
            <Show when=owner>
                <DangerZone/>
            </Show>
        </section>
    }
}

/// A list that starts as the server read it with the page (`initial`, so the page
/// shows it without JavaScript), is loaded by the browser when the page was not
/// rendered with it, and again whenever what `track` reads changes. Not a
/// `Resource`: server resources made by a discarded build outlive their request
/// and upset hydration; the server reads these lists before rendering instead
/// (see [`crate::ssr::preload`]).
fn load_in_browser<T, R, Fut>(
    initial: Option<T>,
    track: impl Fn() -> R + 'static,
    load: impl Fn() -> Fut + 'static,
) -> ReadSignal<Option<Result<T, AppError>>>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let given = initial.is_some();
    let list = RwSignal::new(initial.map(Ok));
    Effect::new(move |ran: Option<()>| {
        track();
        if ran.is_none() && given {
            return;
        }
        let loading = load();
        spawn_local(async move { list.set(Some(loading.await)) });
    });
    list.read_only()
}

/// Sends a change to one of the lists: on success the list reloads and any earlier
/// error goes away; on failure the error is shown next to the list.
fn change_list(
    version: RwSignal<u32>,
    error: RwSignal<Option<AppError>>,
    change: impl Future<Output = Result<(), AppError>> + 'static,
) {
    spawn_local(async move {
        match change.await {
            Ok(()) => {
                version.update(|v| *v += 1);
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

#[component]
fn Members(initial: Option<Vec<Member>>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let version = RwSignal::new(0u32);
    let members = load_in_browser(
        initial,
        move || version.track(),
        move || list_members(context.id()),
    );
    let error = RwSignal::new(None::<AppError>);
    let owner = move || context.head.with(|d| d.role == Role::Owner);
    let change = move |user_id: String, role: Role| {
        change_list(version, error, set_member_role(context.id(), user_id, role));
    };
    let remove = move |user_id: String| {
        change_list(version, error, remove_member(context.id(), user_id));
    };
    view! {
        <div class="card">
            <h2>{tr("구성원", "Members")}</h2>
            <ErrorNote error=error/>
            <ErrorNote error=Signal::derive(move || members.get().and_then(Result::err))/>
            <table class="data-table" data-testid="members-table">
                <tbody>
                    {move || members.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|m| {
                        let (id, id2) = (m.user_id.clone(), m.user_id.clone());
                        view! {
                            <tr>
                                <td>{m.display_name.clone()}</td>
                                <td class="muted">{m.email.clone().unwrap_or_else(|| locale.get().pick("게스트", "guest").to_string())}</td>
                                <td>
                                    <Show when=owner fallback={let role = m.role; move || role.label(locale.get())}>
                                        {
                                            let id = id.clone();
                                            let role = m.role;
                                            view! {
                                                <select aria-label=move || locale.get().pick("역할", "Role") on:change:target=move |ev| {
                                                    if let Some(role) = Role::parse(&ev.target().value()) { change(id.clone(), role) }
                                                }>
                                                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == role>{move || r.label(locale.get())}</option> }).collect_view()}
                                                </select>
                                            }
                                        }
                                    </Show>
                                </td>
                                <td>
                                    <Show when=owner>
                                        {
                                            let id = id2.clone();
                                            view! { <button type="button" class="danger" on:click=move |_| remove(id.clone())>{tr("내보내기", "Remove")}</button> }
                                        }
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Invites(initial: Option<Vec<Invite>>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let version = RwSignal::new(0u32);
    let invites = load_in_browser(
        initial,
        move || version.track(),
        move || list_invites(context.id()),
    );
    let role = RwSignal::new(Role::Participant);
    let days = RwSignal::new("7".to_string());
    let created = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days = days.get_untracked().trim().parse::<i64>().unwrap_or(0);
        spawn_local(async move {
            match create_invite(context.id(), role.get_untracked(), days).await {
                Ok(invite) => {
                    let origin = window().location().origin().unwrap_or_default();
                    created.set(invite.token.map(|t| format!("{origin}/join/{t}")));
                    version.update(|v| *v += 1);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let revoke = move |id: String| {
        change_list(version, error, revoke_invite(context.id(), id));
    };
    view! {
        <div class="card">
            <h2>{tr("초대 링크", "Invite links")}</h2>
            <form class="inline-form" on:submit=create>
                <div class="field">
                    <label for="invite-role">{tr("역할", "Role")}</label>
                    <select id="invite-role" data-testid="invite-role" on:change:target=move |ev| role.set(Role::parse(&ev.target().value()).unwrap_or(Role::Viewer))>
                        {[Role::Participant, Role::Facilitator, Role::Viewer].into_iter().map(|r| view! { <option value=r.as_str() selected=r == Role::Participant>{move || r.label(locale.get())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="invite-days">{tr("유효 기간 (일)", "Valid for (days)")}</label>
                    <input id="invite-days" type="number" min="1" max="30" required value=days.get_untracked() prop:value=move || days.get() on:input:target=move |ev| days.set(ev.target().value())/>
                </div>
                <button type="submit" class="primary" data-testid="create-invite">{tr("링크 만들기", "Create link")}</button>
            </form>
            <ErrorNote error=error/>
            <Show when=move || created.get().is_some()>
                <p class="created-secret">
                    {tr("이 링크를 참여자에게 보내세요:", "Send this link to the participants:")} " "
                    <input readonly class="mono" data-testid="invite-link" prop:value=move || created.get().unwrap_or_default() aria-label=move || locale.get().pick("초대 링크", "Invite link")/>
                </p>
            </Show>
            <ErrorNote error=Signal::derive(move || invites.get().and_then(Result::err))/>
            <ul class="plain-list">
                {move || invites.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|i| {
                    let id = i.id.clone();
                    let state = if i.revoked_at.is_some() { locale.get().pick("취소됨", "revoked") } else { "" };
                    view! {
                        <li>
                            {format!("{} · {} {} · {} {} {}", i.role.label(locale.get()), locale.get().pick("만료", "expires"), when(i.expires_at), i.uses, locale.get().pick("명 참여", "joined"), state)}
                            <Show when=move || i.revoked_at.is_none()>
                                {
                                    let id = id.clone();
                                    view! { <button type="button" on:click=move |_| revoke(id.clone())>{tr("취소", "Revoke")}</button> }
                                }
                            </Show>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </div>
    }
}

#[component]
fn Tokens(initial: Option<Vec<AccessToken>>) -> impl IntoView {
    let locale = use_locale();
    let version = RwSignal::new(0u32);
    let tokens = load_in_browser(initial, move || version.track(), list_tokens);
    let name = RwSignal::new(String::new());
    let secret = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match create_token(name.get_untracked()).await {
                Ok(created) => {
                    secret.set(Some(created.secret));
                    name.set(String::new());
                    version.update(|v| *v += 1);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let revoke = move |id: String| {
        change_list(version, error, revoke_token(id));
    };
    view! {
        <div class="card">
            <h2>{tr("개인 액세스 토큰 (자동화 API)", "Personal access tokens (automation API)")}</h2>
            <form class="inline-form" on:submit=create>
                <div class="field">
                    <label for="token-name">{tr("토큰 이름", "Token name")}</label>
                    <input id="token-name" required placeholder="CI" prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                </div>
                <button type="submit" class="primary" data-testid="create-token">{tr("토큰 만들기", "Create token")}</button>
            </form>
            <ErrorNote error=error/>
            <Show when=move || secret.get().is_some()>
                <p class="created-secret" role="status">
                    {tr("지금만 보입니다. 복사해 두세요:", "Shown only now. Copy it:")} " "
                    <input readonly class="mono" data-testid="token-secret" prop:value=move || secret.get().unwrap_or_default() aria-label=move || locale.get().pick("토큰", "Token")/>
                </p>
            </Show>
            <ErrorNote error=Signal::derive(move || tokens.get().and_then(Result::err))/>
            <ul class="plain-list">
                {move || tokens.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|t| {
                    let id = t.id.clone();
                    let revoked = t.revoked_at.is_some();
                    view! {
                        <li>
                            {format!("{} · {} {}{}", t.name, locale.get().pick("생성", "created"), when(t.created_at), if revoked { locale.get().pick(" · 취소됨", " · revoked") } else { "" })}
                            <Show when=move || !revoked>
                                {
                                    let id = id.clone();
                                    view! { <button type="button" on:click=move |_| revoke(id.clone())>{tr("취소", "Revoke")}</button> }
                                }
                            </Show>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </div>
    }
}

#[component]
fn History(initial: Option<Vec<HistoryEntry>>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let history = load_in_browser(
        initial,
        move || context.head.with(|d| d.revision),
        move || project_history(context.id(), None),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(None::<i64>);
    let restore = move |revision: i64| {
        busy.set(Some(revision));
        spawn_local(async move {
            match restore_revision(context.id(), revision).await {
                Ok(_) => context.reload().await,
                Err(e) => error.set(Some(e)),
            }
            busy.set(None);
        });
    };
    view! {
        <div class="card">
            <h2>{tr("변경 이력", "History")}</h2>
            <ErrorNote error=error/>
            <ErrorNote error=Signal::derive(move || history.get().and_then(Result::err))/>
            <table class="data-table" data-testid="history-table">
                <tbody>
                    {move || history.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|h| {
                        let revision = h.revision;
                        view! {
                            <tr>
                                <td class="num">{h.revision}</td>
                                <td>{when(h.at)}</td>
                                <td>{h.user_name.clone()}</td>
                                <td>{if locale.get() == crate::i18n::Locale::Ko { h.summary_ko.clone() } else { h.summary_en.clone() }}</td>
                                <td>
                                    <Show when=move || context.can_edit() && revision != context.head.with(|d| d.revision)>
                                        <button type="button" on:click=move |_| restore(revision) disabled=move || busy.get().is_some()>
                                            {move || if busy.get() == Some(revision) { locale.get().pick("복원 중…", "Restoring…") } else { locale.get().pick("이 버전으로 복원", "Restore this revision") }}
                                        </button>
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DangerZone() -> impl IntoView {
    let context = use_project();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<AppError>);
    let delete = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match delete_project(context.id()).await {
                Ok(()) => navigate("/", Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card danger-zone">
            <h2>{tr("프로젝트 삭제", "Delete the project")}</h2>
            <p class="muted">{tr("삭제한 프로젝트는 30일 동안 프로젝트 목록에서 복원할 수 있습니다.", "A deleted project can be restored from the project list for 30 days.")}</p>
            <ErrorNote error=error/>
            <button type="button" class="danger" on:click=delete>{tr("삭제", "Delete")}</button>
        </div>
    }
}
