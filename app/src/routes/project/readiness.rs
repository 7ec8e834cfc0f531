//! The MSA-readiness checklist: the ten questions of the field note (and the
//! project's own), everyone's answers and notes, the aggregate per group and the
//! verdict — which can be "do not split yet".

use engine::edit::Edit;
use engine::model::{AnswerValue, CustomQuestion, QuestionGroup};
use engine::readiness::evaluate;
use leptos::prelude::*;

use super::context::{new_local_id, use_project};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
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

/// `/p/:id/readiness`.
#[component]
pub fn ReadinessPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let session = use_session();
    let me = move || session.current().map(|u| u.id).unwrap_or_default();
    let report = Memo::new(move |_| context.doc.with(|d| evaluate(&d.project.readiness)));
    let error = RwSignal::new(None::<AppError>);
    let answer = move |question: String, value: AnswerValue, note: String| {
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
            error.set(Some(AppError::Invalid(
                "write the question in Korean or English".into(),
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
            {move || {
                let participants = context.doc.with(|d| d.participants.clone());
                [(QuestionGroup::Necessity, "필요성", "Necessity"), (QuestionGroup::Feasibility, "가능 여부", "Feasibility")].into_iter().map(|(group, ko, en)| {
                    let questions: Vec<_> = report.with(|r| r.questions.iter().filter(|q| q.group == group).cloned().collect());
                    let participants = participants.clone();
                    view! {
                        <div class="card">
                            <h2>{locale.get().pick(ko, en)}</h2>
                            <ol class="questions">
                                {questions.into_iter().map(|q| {
                                    let id = q.id.clone();
                                    let all: Vec<_> = context.doc.with(|d| d.project.readiness.answers.iter().filter(|a| a.question == q.id).cloned().collect());
                                    let mine = all.iter().find(|a| a.participant == me()).cloned();
                                    let note = RwSignal::new(mine.as_ref().map(|m| m.note.clone()).unwrap_or_default());
                                    let current = mine.map(|m| m.answer);
                                    let custom = !engine::readiness::STANDARD_QUESTIONS.iter().any(|s| s.id == q.id);
                                    let delete_id = q.id.clone();
                                    let participants = participants.clone();
                                    view! {
                                        <li class="question" data-testid="question" data-question=q.id.clone()>
                                            <p class="question-text">
                                                <span lang="ko">{q.text.ko.clone()}</span>
                                                <br/>
                                                <span lang="en" class="muted">{q.text.en.clone()}</span>
                                            </p>
                                            <div class="answer-row" role="radiogroup" aria-label=q.text.in_language(locale.get().language()).to_string()>
                                                {ANSWERS.iter().map(|&(value, key, ko, en)| {
                                                    let id = id.clone();
                                                    view! {
                                                        <label class="radio">
                                                            <input
                                                                type="radio"
                                                                name=format!("answer-{}", q.id)
                                                                value=key
                                                                data-testid=format!("answer-{}-{key}", q.id)
                                                                prop:checked=current == Some(value)
                                                                on:change=move |_| answer(id.clone(), value, note.get_untracked())
                                                            />
                                                            {locale.get().pick(ko, en)}
                                                        </label>
                                                    }
                                                }).collect_view()}
                                                <input
                                                    class="note"
                                                    aria-label=move || locale.get().pick("메모", "Note")
                                                    placeholder=move || locale.get().pick("메모 (선택)", "Note (optional)")
                                                    prop:value=move || note.get()
                                                    on:input:target=move |ev| note.set(ev.target().value())
                                                    on:change={
                                                        let id = id.clone();
                                                        move |_| if let Some(value) = current { answer(id.clone(), value, note.get_untracked()) }
                                                    }
                                                />
                                            </div>
                                            <p class="aggregate muted">
                                                {format!("{} {} · {} {} · {} {} · {} {} — {}",
                                                    locale.get().pick("예", "yes"), q.counts[0],
                                                    locale.get().pick("일부", "partly"), q.counts[1],
                                                    locale.get().pick("아니오", "no"), q.counts[2],
                                                    locale.get().pick("모름", "don't know"), q.counts[3],
                                                    score(q.score))}
                                            </p>
                                            <ul class="answers">
                                                {all.into_iter().map(|a| view! {
                                                    <li>
                                                        <strong>{participants.get(&a.participant).cloned().unwrap_or_else(|| a.participant.clone())}</strong>
                                                        ": " {answer_label(a.answer, locale.get())}
                                                        {(!a.note.is_empty()).then(|| format!(" — {}", a.note))}
                                                    </li>
                                                }).collect_view()}
                                            </ul>
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
                                }).collect_view()}
                            </ol>
                        </div>
                    }
                }).collect_view()
            }}
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
