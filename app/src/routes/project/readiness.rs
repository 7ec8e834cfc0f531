//! The MSA-readiness checklist: the ten questions of the field note (and the
//! project's own), everyone's answers and notes, the aggregate per group and the
//! verdict — which can be "do not split yet".

use engine::edit::Edit;
use engine::model::{AnswerValue, CustomQuestion, QuestionGroup};
use engine::readiness::{ReadinessReport, evaluate};
use leptos::prelude::*;

use super::context::{new_local_id, use_project};
use super::vote::{Ballot, VotePanel};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::live::readiness_topic;
use crate::i18n::{Locale, tr, use_locale};
use crate::session::use_session;

const ANSWERS: [(AnswerValue, &str, &str, &str); 4] = [
    (AnswerValue::Yes, "yes", "예", "Yes"),
    (AnswerValue::Partly, "partly", "일부", "Partly"),
    (AnswerValue::No, "no", "아니오", "No"),
    (AnswerValue::DontKnow, "dont_know", "모름", "Don't know"),
];

fn answer_label(value: AnswerValue, locale: Locale) -> &'static str {
    ANSWERS
        .iter()
        .find(|a| a.0 == value)
        .map_or("", |a| locale.pick(a.2, a.3))
}

crate::routes::lazy::lazy_page!(
    /// The readiness checklist as a lazy route (see `HomeRoute`).
    ReadinessRoute => ReadinessPage
);

/// `/p/:id/readiness`.
#[component]
pub fn ReadinessPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let session = use_session();
    let me = move || session.current().map(|u| u.id).unwrap_or_default();
    let report = Memo::new(move |_| context.head.with(|d| evaluate(&d.project.readiness)));
    let error = RwSignal::new(None::<AppError>);
    let answer = move |question: String, value: AnswerValue, note: String| {
        // My answer is listed under my name at once, not under my id until a reload.
        if let Some(user) = session.current() {
            context.head.update(|head| {
                head.participants
                    .entry(user.id)
                    .or_insert(user.display_name);
            });
        }
        if let Err(e) = context.apply(Edit::Answer {
            participant: me(),
            question,
            answer: Some(value),
            note,
        }) {
            error.set(Some(e));
        }
    };
    let score = |s: Option<f64>| s.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0));
    let (new_group, new_ko, new_en) = (
        RwSignal::new("necessity".to_string()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let add_question = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (ko, en) = (
            new_ko.get_untracked().trim().to_string(),
            new_en.get_untracked().trim().to_string(),
        );
        if ko.is_empty() && en.is_empty() {
            error.set(Some(AppError::invalid(
                "질문을 한국어나 영어로 쓰세요",
                "write the question in Korean or English",
            )));
            return;
        }
        let question = CustomQuestion {
            id: new_local_id("q-"),
            group: if new_group.get_untracked() == "feasibility" {
                QuestionGroup::Feasibility
            } else {
                QuestionGroup::Necessity
            },
            ko: if ko.is_empty() {
                en.clone()
            } else {
                ko.clone()
            },
            en: if en.is_empty() { ko } else { en },
        };
        match context.apply(Edit::PutQuestion { question }) {
            Ok(()) => {
                new_ko.set(String::new());
                new_en.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <section class="readiness">
            <div class="card verdict-card">
                <h2>{tr("판정", "Verdict")}</h2>
                <p class="verdict" data-testid="verdict">{move || report.with(|r| r.headline.in_language(locale.get().language()).to_string())}</p>
                <p>
                    {move || report.with(|r| format!("{}: {} · {}: {} · {}: {}",
                        locale.get().pick("필요성", "Necessity"), score(r.necessity),
                        locale.get().pick("가능 여부", "Feasibility"), score(r.feasibility),
                        locale.get().pick("참여자", "Participants"), r.participants))}
                </p>
            </div>
            <ErrorNote error=error/>
            {[(QuestionGroup::Necessity, "필요성", "Necessity"), (QuestionGroup::Feasibility, "가능 여부", "Feasibility")].into_iter().map(|(group, ko, en)| {
                let ids = move || report.with(|r| r.questions.iter().filter(|q| q.group == group).map(|q| q.id.clone()).collect::<Vec<_>>());
                view! {
                    <div class="card">
                        <h2>{move || locale.get().pick(ko, en)}</h2>
                        <ol class="questions">
                            // Keyed, so a change by someone else leaves the other questions
                            // (and whatever is being typed in them) alone.
                            <For each=ids key=|id| id.clone() let:id>
                                <QuestionItem id report answer=Callback::new(move |(question, value, note)| answer(question, value, note)) error/>
                            </For>
                        </ol>
                    </div>
                }
            }).collect_view()}
            <Show when=move || context.can_edit()>
                <form class="card stacked-form" on:submit=add_question>
                    <h2>{tr("질문 추가", "Add a question")}</h2>
                    <div class="field">
                        <label for="q-group">{tr("그룹", "Group")}</label>
                        <select id="q-group" on:change:target=move |ev| new_group.set(ev.target().value())>
                            <option value="necessity">{tr("필요성", "Necessity")}</option>
                            <option value="feasibility">{tr("가능 여부", "Feasibility")}</option>
                        </select>
                    </div>
                    <div class="field"><label for="q-ko">{tr("질문 (한국어)", "Question (Korean)")}</label><input id="q-ko" prop:value=move || new_ko.get() on:input:target=move |ev| new_ko.set(ev.target().value())/></div>
                    <div class="field"><label for="q-en">{tr("질문 (영어)", "Question (English)")}</label><input id="q-en" prop:value=move || new_en.get() on:input:target=move |ev| new_en.set(ev.target().value())/></div>
                    <button type="submit" class="primary">{tr("추가", "Add")}</button>
                </form>
            </Show>
        </section>
    }
}

/// One question: its text, my answer and note, everyone's answers, the
/// aggregate and the planning-poker vote.
#[component]
fn QuestionItem(
    id: String,
    report: Memo<ReadinessReport>,
    answer: Callback<(String, AnswerValue, String)>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let session = use_session();
    let me = move || session.current().map(|u| u.id).unwrap_or_default();
    let result = {
        let id = id.clone();
        Memo::new(move |_| report.with(|r| r.questions.iter().find(|q| q.id == id).cloned()))
    };
    let answers = {
        let id = id.clone();
        Memo::new(move |_| {
            context.head.with(|d| {
                d.project
                    .readiness
                    .answers
                    .iter()
                    .filter(|a| a.question == id)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let mine =
        Memo::new(move |_| answers.with(|all| all.iter().find(|a| a.participant == me()).cloned()));
    let current = move || mine.with(|m| m.as_ref().map(|m| m.answer));
    // The note being typed is this page's until it is committed: saved changes
    // (mine from another tab) replace it only when it is not being edited.
    let note = RwSignal::new(
        mine.with_untracked(|m| m.as_ref().map(|m| m.note.clone()).unwrap_or_default()),
    );
    let typing = RwSignal::new(false);
    Effect::new(move |_| {
        let saved = mine.with(|m| m.as_ref().map(|m| m.note.clone()).unwrap_or_default());
        if !typing.get_untracked() {
            note.set(saved);
        }
    });
    let custom = !engine::readiness::STANDARD_QUESTIONS
        .iter()
        .any(|s| s.id == id);
    let score = |s: Option<f64>| s.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0));
    let text = move |pick: fn(&engine::text::Text) -> String| {
        result.with(|q| q.as_ref().map(|q| pick(&q.text)).unwrap_or_default())
    };
    let (radio_id, note_id, delete_id) = (id.clone(), id.clone(), id.clone());
    view! {
        <li class="question" data-testid="question" data-question=id.clone()>
            <p class="question-text">
                <span lang="ko">{move || text(|t| t.ko.clone())}</span>
                <br/>
                <span lang="en" class="muted">{move || text(|t| t.en.clone())}</span>
            </p>
            <div class="answer-row" role="radiogroup" aria-label=move || result.with(|q| q.as_ref().map(|q| q.text.in_language(locale.get().language()).to_string()).unwrap_or_default())>
                {ANSWERS.iter().map(|&(value, key, ko, en)| {
                    let id = radio_id.clone();
                    view! {
                        <label class="radio">
                            <input
                                type="radio"
                                name=format!("answer-{id}")
                                value=key
                                data-testid=format!("answer-{id}-{key}")
                                disabled=move || !context.can_answer()
                                checked=untrack(|| current() == Some(value))
                                prop:checked=move || current() == Some(value)
                                on:change=move |_| answer.run((id.clone(), value, note.get_untracked()))
                            />
                            {move || locale.get().pick(ko, en)}
                        </label>
                    }
                }).collect_view()}
                <input
                    class="note"
                    data-testid=format!("note-{id}")
                    disabled=move || !context.can_answer()
                    aria-label=move || locale.get().pick("메모", "Note")
                    placeholder=move || locale.get().pick("메모 (선택)", "Note (optional)")
                    value=note.get_untracked()
                    prop:value=move || note.get()
                    on:input:target=move |ev| {
                        typing.set(true);
                        note.set(ev.target().value());
                    }
                    on:change=move |_| {
                        typing.set(false);
                        if let Some(value) = current() {
                            answer.run((note_id.clone(), value, note.get_untracked()));
                        }
                    }
                />
            </div>
            <p class="aggregate muted">
                {move || result.with(|q| q.as_ref().map(|q| {
                    let locale = locale.get();
                    if q.counts.iter().all(|&n| n == 0) {
                        return locale.pick("아직 답이 없습니다", "No answers yet").to_string();
                    }
                    let counts = format!("{} {} · {} {} · {} {} · {} {}",
                        locale.pick("예", "yes"), q.counts[0],
                        locale.pick("일부", "partly"), q.counts[1],
                        locale.pick("아니오", "no"), q.counts[2],
                        locale.pick("모름", "don't know"), q.counts[3]);
                    match q.score {
                        Some(_) => format!("{counts} — {}", score(q.score)),
                        None => format!("{counts} — {}", locale.pick("점수 없음 (모두 모름)", "no score (everyone said don't know)")),
                    }
                }).unwrap_or_default())}
            </p>
            <ul class="answers">
                {move || {
                    let participants = context.head.with(|d| d.participants.clone());
                    answers.get().into_iter().map(|a| view! {
                        <li>
                            <strong>{participants.get(&a.participant).cloned().unwrap_or_else(|| a.participant.clone())}</strong>
                            ": " {answer_label(a.answer, locale.get())}
                            {(!a.note.is_empty()).then(|| format!(" — {}", a.note))}
                        </li>
                    }).collect_view()
                }}
            </ul>
            <VotePanel topic=readiness_topic(&id) ballot=Ballot::Readiness start_label=("이 질문 투표", "Vote on this question")/>
            <Show when=move || custom && context.can_edit()>
                {
                    let delete_id = delete_id.clone();
                    view! {
                        <button type="button" class="danger" on:click=move |_| {
                            if let Err(e) = context.apply(Edit::DeleteQuestion { id: delete_id.clone() }) {
                                error.set(Some(e));
                            }
                        }>{tr("질문 삭제", "Delete question")}</button>
                    }
                }
            </Show>
        </li>
    }
}
