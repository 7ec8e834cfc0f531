//! The workshop bar above a project's pages: whether live updates flow, who is
//! here and on which page, the workshop timer, the facilitator's "bring
//! everyone here", and the choice to follow the facilitator or not.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::context::use_project;
use super::live::{Connection, set_follow, use_live};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::live::{bring_everyone, start_timer, stop_timer};
use crate::i18n::{Locale, tr, use_locale};

/// The name of a project page, from its path.
pub fn page_name(path: &str, locale: Locale) -> &'static str {
    let rest: Vec<&str> = path.trim_end_matches('/').split('/').skip(3).collect();
    match rest.as_slice() {
        [] => locale.pick("개요", "Overview"),
        ["model", ..] => locale.pick("모델", "Model"),
        ["splits"] => locale.pick("분해안", "Splits"),
        ["splits", _, ..] => locale.pick("분해안 편집", "Split editor"),
        ["compare", ..] => locale.pick("비교", "Compare"),
        ["readiness", ..] => locale.pick("준비도", "Readiness"),
        ["roadmap", ..] => locale.pick("로드맵", "Roadmap"),
        ["report", ..] => locale.pick("보고서", "Report"),
        ["settings", ..] => locale.pick("설정", "Settings"),
        _ => locale.pick("프로젝트", "Project"),
    }
}

/// The bar.
#[component]
pub fn WorkshopBar() -> impl IntoView {
    let context = use_project();
    view! {
        <ConnectionBanner/>
        <div class="workshop-bar" data-testid="workshop-bar">
            <PeopleHere/>
            <TimerView/>
            <Show when=move || context.can_facilitate()>
                <FacilitatorTools/>
            </Show>
            <FollowChoice/>
        </div>
        <CalledNotice/>
    }
}

#[component]
fn ConnectionBanner() -> impl IntoView {
    let live = use_live();
    view! {
        <Show when=move || live.connection.get() != Connection::Online>
            <p class="offline-banner" role="status" data-testid="offline-banner">
                {move || match live.connection.get() {
                    Connection::Stopped => tr(
                        "실시간 업데이트가 멈췄습니다. 페이지를 새로 고치세요.",
                        "Live updates stopped. Reload the page.",
                    )(),
                    _ => tr(
                        "오프라인: 다시 연결하는 중… 변경 사항은 연결되면 저장되고, 다른 사람의 변경도 그때 반영됩니다.",
                        "Offline: reconnecting… Your changes are saved and others' changes appear once the connection is back.",
                    )(),
                }}
            </p>
        </Show>
    }
}

#[component]
fn PeopleHere() -> impl IntoView {
    let live = use_live();
    let locale = use_locale();
    view! {
        <div class="people-here" aria-label=move || locale.get().pick("지금 참여 중", "Here now")>
            <span class="muted">{tr("참여 중", "Here")}</span>
            <ul data-testid="people-here">
                <For each=move || live.people.get() key=|p| (p.user_id.clone(), p.page.clone()) let:person>
                    <li class="person" data-testid="person" data-user=person.user_id.clone()>
                        <span class="avatar" aria-hidden="true">{person.name.chars().next().map(String::from).unwrap_or_default()}</span>
                        <span class="person-name">{person.name.clone()}</span>
                        <span class="person-page muted">{move || page_name(&person.page, locale.get())}</span>
                    </li>
                </For>
            </ul>
        </div>
    }
}

/// "mm:ss" of what is left.
fn clock(millis: f64) -> String {
    let seconds = (millis / 1000.0).ceil().max(0.0) as u64;
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

#[component]
fn TimerView() -> impl IntoView {
    let live = use_live();
    view! {
        {move || live.timer.get().map(|timer| {
            let left = move || timer.ends_at - live.now.get();
            view! {
                <div class="workshop-timer" role="timer" data-testid="timer" class:done={move || left() <= 0.0}>
                    <span class="timer-label">{if timer.label.is_empty() { tr("타이머", "Timer")().to_string() } else { timer.label.clone() }}</span>
                    <strong class="timer-clock">{move || if left() <= 0.0 { tr("시간 종료", "Time's up")().to_string() } else { clock(left()) }}</strong>
                    <span class="muted">{timer.started_by.clone()}</span>
                </div>
            }
        })}
    }
}

#[component]
fn FacilitatorTools() -> impl IntoView {
    let context = use_project();
    let live = use_live();
    let location = use_location();
    let locale = use_locale();
    let minutes = RwSignal::new("10".to_string());
    let label = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let brought = RwSignal::new(false);
    let report = move |result: Result<(), AppError>| error.set(result.err());
    let bring = move |_| {
        let path = location.pathname.get_untracked();
        spawn_local(async move {
            let result = bring_everyone(context.id(), path).await;
            brought.set(result.is_ok());
            report(result);
        });
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(count) = minutes.get_untracked().trim().parse::<u32>() else {
            error.set(Some(crate::functions::live::timer_minutes_refused()));
            return;
        };
        let text = label.get_untracked();
        spawn_local(async move { report(start_timer(context.id(), count, text).await) });
    };
    let stop = move |_| spawn_local(async move { report(stop_timer(context.id()).await) });
    view! {
        <div class="facilitator" aria-label=move || locale.get().pick("진행자 도구", "Facilitator tools")>
            <button type="button" data-testid="bring-everyone" on:click=bring
                title=move || locale.get().pick("모두를 지금 이 화면으로 부릅니다", "Brings everyone to the page you are on")>
                {move || if brought.get() { locale.get().pick("모두 불렀습니다 ✓", "Everyone called ✓") } else { locale.get().pick("모두 이 화면으로", "Bring everyone here") }}
            </button>
            <Show
                when=move || live.timer.with(Option::is_none)
                fallback=move || view! { <button type="button" data-testid="timer-stop" on:click=stop>{tr("타이머 중지", "Stop timer")}</button> }
            >
                <form class="timer-form" on:submit=start>
                    <input class="timer-minutes" inputmode="numeric" data-testid="timer-minutes"
                        aria-label=move || locale.get().pick("분", "Minutes")
                        value=minutes.get_untracked() prop:value=move || minutes.get() on:input:target=move |ev| minutes.set(ev.target().value())/>
                    <span class="muted">{tr("분", "min")}</span>
                    <input class="timer-text" aria-label=move || locale.get().pick("타이머 이름", "Timer label")
                        placeholder=move || locale.get().pick("무엇을 위한 시간? (선택)", "What for? (optional)")
                        prop:value=move || label.get() on:input:target=move |ev| label.set(ev.target().value())/>
                    <button type="submit" data-testid="timer-start">{tr("타이머 시작", "Start timer")}</button>
                </form>
            </Show>
            <ErrorNote error=error/>
        </div>
    }
}

#[component]
fn FollowChoice() -> impl IntoView {
    let live = use_live();
    view! {
        <label class="follow-choice">
            <input type="checkbox" data-testid="follow-choice" checked=live.follow.get_untracked() prop:checked=move || live.follow.get()
                on:change:target=move |ev| set_follow(live, ev.target().checked())/>
            {tr("진행자 따라가기", "Follow the facilitator")}
        </label>
    }
}

/// Says who brought the viewer here, or offers the page they were called to.
#[component]
fn CalledNotice() -> impl IntoView {
    let live = use_live();
    let locale = use_locale();
    view! {
        {move || live.called.get().map(|(path, by, followed)| {
            let page = page_name(&path, locale.get());
            view! {
                <p class="called-notice" role="status" data-testid="called-notice">
                    {if followed {
                        format!("{by} {} {page}", locale.get().pick("님이 모두를 불렀습니다:", "brought everyone to"))
                    } else {
                        format!("{by} {} {page}", locale.get().pick("님이 모두를 부릅니다:", "invites everyone to"))
                    }}
                    " "
                    <Show when=move || !followed>
                        <A href=path.clone()>{tr("가기", "Go")}</A>
                    </Show>
                    " "
                    <button type="button" class="link" on:click=move |_| live.called.set(None)>{tr("닫기", "Dismiss")}</button>
                </p>
            }
        })}
    }
}
