//! Planning-poker voting, for a readiness question or for "which split do we
//! prefer": everyone votes hidden, the facilitator reveals, everyone sees each
//! vote, the aggregate and the spread; then a second round, recording the votes
//! as checklist answers, or closing.

use engine::model::AnswerValue;
use engine::vote::{tally_answers, tally_choices};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::context::use_project;
use super::live::use_live;
use crate::components::feedback::ErrorNote;
use crate::components::lazy_view::LazyView;
use crate::errors::AppError;
use crate::functions::live::{cast_vote, close_vote, open_vote, record_votes, reveal_vote};
use crate::i18n::{Locale, tr, use_locale};
use crate::models::VoteRound;

/// What is voted on.
#[derive(Clone, Debug, PartialEq)]
pub enum Ballot {
    /// A readiness question: yes / partly / no / don't know.
    Readiness,
    /// A choice among labelled options (value, label).
    Choice(Vec<(String, String)>),
}

/// The readiness answers as vote values and labels.
pub const ANSWER_CHOICES: [(&str, &str, &str); 4] = [
    ("yes", "예", "Yes"),
    ("partly", "일부", "Partly"),
    ("no", "아니오", "No"),
    ("dont_know", "모름", "Don't know"),
];

fn answer_of(value: &str) -> Option<AnswerValue> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
}

/// The options of a ballot with labels in the locale.
fn options(ballot: &Ballot, locale: Locale) -> Vec<(String, String)> {
    match ballot {
        Ballot::Readiness => ANSWER_CHOICES
            .iter()
            .map(|(value, ko, en)| (value.to_string(), locale.pick(ko, en).to_string()))
            .collect(),
        Ballot::Choice(choices) => choices.clone(),
    }
}

/// A vote on `topic`: a start button for the facilitator, then the round.
#[component]
pub fn VotePanel(
    /// The topic (see `functions::live`).
    #[prop(into)]
    topic: String,
    /// What the votes can be.
    #[prop(into)]
    ballot: Signal<Ballot>,
    /// The facilitator's button text.
    start_label: (&'static str, &'static str),
    /// For a choice: what the facilitator may do with the preferred option
    /// once revealed (the button text, and what it does with the option's value).
    #[prop(optional)]
    adopt: Option<((&'static str, &'static str), Callback<String>)>,
) -> impl IntoView {
    let context = use_project();
    let live = use_live();
    let locale = use_locale();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let round = {
        let topic = topic.clone();
        Memo::new(move |_| live.round(&topic))
    };
    let act = acting(busy, error);
    let start = {
        let topic = topic.clone();
        move |_| {
            let topic = topic.clone();
            act(Box::pin(async move {
                open_vote(context.id(), topic).await.map(|_| ())
            }));
        }
    };
    view! {
        <div class="vote" data-testid="vote" data-topic=topic.clone()>
            {move || match round.get() {
                None => {
                    let start = start.clone();
                    view! {
                        <Show when=move || context.can_facilitate()>
                            <button type="button" class="vote-start" data-testid="vote-start" disabled=move || busy.get() on:click=start.clone()>
                                {move || locale.get().pick(start_label.0, start_label.1)}
                            </button>
                        </Show>
                    }
                    .into_any()
                }
                Some(open) => view! {
                    <LazyView load=move || open_round(open.clone(), ballot, busy, error, adopt)/>
                }
                .into_any(),
            }}
            <ErrorNote error=error/>
        </div>
    }
}

type Action = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>>>>;

/// Runs a vote action: the panel is busy meanwhile, and its error is shown.
fn acting(
    busy: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
) -> impl Fn(Action) + Copy + Send + Sync + 'static {
    move |action: Action| {
        busy.set(true);
        spawn_local(async move {
            error.set(action.await.err());
            busy.set(false);
        });
    }
}

/// An open round, a chunk of the bundle of its own: rounds come only by the
/// live stream, so no page's first load or hydration waits for it.
#[lazy]
fn open_round(
    round: VoteRound,
    ballot: Signal<Ballot>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    adopt: Option<((&'static str, &'static str), Callback<String>)>,
) -> AnyView {
    let act = acting(busy, error);
    view! { <Round round ballot act busy adopt/> }.into_any()
}

#[component]
fn Round(
    round: VoteRound,
    ballot: Signal<Ballot>,
    act: impl Fn(Action) + Copy + Send + Sync + 'static,
    busy: RwSignal<bool>,
    adopt: Option<((&'static str, &'static str), Callback<String>)>,
) -> impl IntoView {
    let context = use_project();
    let live = use_live();
    let locale = use_locale();
    let id = round.id.clone();
    let present = move || live.people.with(Vec::len);
    let label_of = move |value: &str| {
        options(&ballot.get(), locale.get())
            .into_iter()
            .find(|(v, _)| v == value)
            .map_or_else(|| fallback_label(value), |(_, label)| label)
    };
    let header = format!(
        "{} {}",
        locale.get_untracked().pick("투표", "Vote"),
        if round.round > 1 {
            format!(
                "· {} {}",
                locale.get_untracked().pick("라운드", "round"),
                round.round
            )
        } else {
            String::new()
        }
    );
    // The one most chosen option of a revealed choice (none on a tie).
    let leader = round
        .revealed
        .then(|| {
            let tally = tally_choices(round.votes.iter().map(|(_, v)| v.as_str()));
            (tally.leaders.len() == 1).then(|| tally.leaders[0].to_string())
        })
        .flatten();
    let facilitate = {
        let leader = leader.clone();
        let (id, reveal_id, close_id) = (id.clone(), id.clone(), id.clone());
        let topic = round.topic.clone();
        let readiness = matches!(ballot.get_untracked(), Ballot::Readiness);
        let revealed = round.revealed;
        move || {
            let (id, reveal_id, close_id, topic, leader) = (
                id.clone(),
                reveal_id.clone(),
                close_id.clone(),
                topic.clone(),
                leader.clone(),
            );
            view! {
                <div class="vote-actions">
                    <Show when=move || !revealed>
                        {
                            let reveal_id = reveal_id.clone();
                            view! { <button type="button" class="primary" data-testid="vote-reveal" disabled=move || busy.get()
                                on:click=move |_| { let round = reveal_id.clone(); act(Box::pin(async move { reveal_vote(context.id(), round).await })) }>
                                {tr("공개", "Reveal")}
                            </button> }
                        }
                    </Show>
                    <Show when=move || revealed>
                        {
                            let topic = topic.clone();
                            view! { <button type="button" data-testid="vote-again" disabled=move || busy.get()
                                on:click=move |_| { let topic = topic.clone(); act(Box::pin(async move { open_vote(context.id(), topic).await.map(|_| ()) })) }>
                                {tr("다시 투표", "Vote again")}
                            </button> }
                        }
                    </Show>
                    <Show when=move || revealed && readiness>
                        {
                            let id = id.clone();
                            view! { <button type="button" data-testid="vote-record" disabled=move || busy.get()
                                title=move || locale.get().pick("각자의 표를 그 사람의 체크리스트 답변으로 저장합니다", "Saves each vote as that person's checklist answer")
                                on:click=move |_| { let round = id.clone(); act(Box::pin(async move { record_votes(context.id(), round).await.map(|_| ()) })) }>
                                {tr("답변으로 기록", "Record as answers")}
                            </button> }
                        }
                    </Show>
                    {revealed.then(|| adopt.map(|((ko, en), adopt)| {
                        let (leader, tied) = (leader.clone(), leader.is_none());
                        view! {
                            <button type="button" class="primary" data-testid="vote-adopt"
                                disabled=move || busy.get() || tied
                                on:click=move |_| if let Some(value) = leader.clone() { adopt.run(value) }>
                                {move || locale.get().pick(ko, en)}
                            </button>
                        }
                    }))}
                    <button type="button" data-testid="vote-close" disabled=move || busy.get()
                        on:click=move |_| { let round = close_id.clone(); act(Box::pin(async move { close_vote(context.id(), round).await })) }>
                        {move || if revealed { locale.get().pick("닫기", "Close") } else { locale.get().pick("투표 취소", "Cancel vote") }}
                    </button>
                </div>
            }
        }
    };
    let summary = round.revealed.then(|| {
        let votes = round.votes.clone();
        move || summary_text(&ballot.get(), &votes, locale.get())
    });
    view! {
        <section class="vote-round" data-testid="vote-round" data-revealed=round.revealed.to_string()>
            <h3>{header}</h3>
            <Show when=move || !round.revealed>
                <p class="muted" data-testid="vote-progress">
                    {
                        let voters = round.voters.clone();
                        move || format!("{}: {} / {} — {}",
                            locale.get().pick("투표함", "Voted"), voters.len(), present().max(voters.len()),
                            if voters.is_empty() { locale.get().pick("아직 없음", "nobody yet").to_string() } else { voters.join(", ") })
                    }
                </p>
                <div class="vote-options" role="group" aria-label=move || locale.get().pick("내 투표 (공개 전까지 숨겨짐)", "My vote (hidden until revealed)")>
                    {
                        let id = id.clone();
                        let mine = round.mine.clone();
                        move || options(&ballot.get(), locale.get()).into_iter().map(|(value, label)| {
                            let pressed = mine.as_deref() == Some(value.as_str());
                            let (id, chosen) = (id.clone(), value.clone());
                            view! {
                                <button type="button" class="vote-option" aria-pressed=pressed.to_string()
                                    data-testid=format!("vote-{value}") disabled=move || busy.get()
                                    on:click=move |_| { let (round, value) = (id.clone(), chosen.clone()); act(Box::pin(async move { cast_vote(context.id(), round, value).await })) }>
                                    {label}
                                </button>
                            }
                        }).collect_view()
                    }
                </div>
            </Show>
            {round.revealed.then(|| {
                let votes = round.votes.clone();
                view! {
                    <ul class="vote-results" data-testid="vote-results">
                        {votes.into_iter().map(|(name, value)| view! {
                            <li><strong>{name}</strong>": " {label_of(&value)}</li>
                        }).collect_view()}
                    </ul>
                }
            })}
            {summary.map(|text| view! { <p class="vote-summary" data-testid="vote-summary">{text}</p> })}
            <Show when=move || context.can_facilitate()>
                {facilitate.clone()}
            </Show>
        </section>
    }
}

/// A vote's value shown as what it stands for when the ballot no longer
/// offers it (an order that changed since the vote: its services in order).
fn fallback_label(value: &str) -> String {
    crate::functions::live::vote_order(value)
        .map_or_else(|| value.to_string(), |order| order.join(" → "))
}

/// The aggregate and the spread of a revealed round, in words.
fn summary_text(ballot: &Ballot, votes: &[(String, String)], locale: Locale) -> String {
    if votes.is_empty() {
        return locale
            .pick("아무도 투표하지 않았습니다.", "Nobody voted.")
            .to_string();
    }
    match ballot {
        Ballot::Readiness => {
            let answers: Vec<AnswerValue> =
                votes.iter().filter_map(|(_, v)| answer_of(v)).collect();
            let tally = tally_answers(&answers);
            let counts = ANSWER_CHOICES
                .iter()
                .zip(tally.counts)
                .map(|((_, ko, en), n)| format!("{} {n}", locale.pick(ko, en)))
                .collect::<Vec<_>>()
                .join(" · ");
            let score = tally
                .score
                .map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0));
            let spread = match tally.spread {
                None => locale
                    .pick("분산 없음 (모두 모름)", "no spread (nobody knew)")
                    .to_string(),
                Some(_) if tally.consensus() => locale.pick("합의", "consensus").to_string(),
                Some(s) if tally.disagreement() => format!(
                    "{} {:.0}% — {}",
                    locale.pick("분산", "spread"),
                    s * 100.0,
                    locale.pick(
                        "의견이 갈립니다: 이야기 후 다시 투표하세요",
                        "opinions differ: discuss, then vote again"
                    )
                ),
                Some(s) => format!("{} {:.0}%", locale.pick("분산", "spread"), s * 100.0),
            };
            format!(
                "{counts} — {} {score} · {spread}",
                locale.pick("점수", "score")
            )
        }
        Ballot::Choice(choices) => {
            let tally = tally_choices(votes.iter().map(|(_, v)| v.as_str()));
            let name = |value: &str| {
                choices
                    .iter()
                    .find(|(v, _)| v == value)
                    .map_or_else(|| fallback_label(value), |(_, label)| label.clone())
            };
            let counts = tally
                .counts
                .iter()
                .map(|(value, n)| format!("{} {n}", name(value)))
                .collect::<Vec<_>>()
                .join(" · ");
            let leaders = tally
                .leaders
                .iter()
                .map(|l| name(l))
                .collect::<Vec<_>>()
                .join(", ");
            let verdict = if tally.leaders.len() > 1 {
                format!("{}: {leaders}", locale.pick("동률", "tie"))
            } else {
                format!(
                    "{}: {leaders} ({:.0}%)",
                    locale.pick("선호", "preferred"),
                    tally.share * 100.0
                )
            };
            format!("{counts} — {verdict}")
        }
    }
}
