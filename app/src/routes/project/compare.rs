//! Splits side by side: every metric with its definition, the better value
//! marked, bars per metric, each split's service graph and dependency-structure
//! matrix, its cross-service calls and the advice.

use engine::analysis::analyze;
use engine::compare::compare;
use engine::metrics::{AnalysisOptions, Direction, METRICS, format_value};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::context::use_project;
use super::vote::{Ballot, VotePanel};
use crate::components::charts::{Dsm, MetricBars, ServiceGraph};
use crate::functions::live::SPLIT_TOPIC;
use crate::i18n::{Locale, tr, use_locale};

/// `/p/:id/compare?splits=a,b`.
#[component]
pub fn ComparePage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let query = use_query_map();
    let navigate = use_navigate();
    let chosen = Memo::new(move |_| {
        let listed: Vec<String> = query
            .read()
            .get("splits")
            .map(|s| {
                s.split(',')
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if listed.is_empty() {
            context.doc.with(|d| {
                d.project
                    .splits
                    .iter()
                    .take(2)
                    .map(|s| s.id.clone())
                    .collect()
            })
        } else {
            listed
        }
    });
    let analysis = Memo::new(move |_| {
        context
            .doc
            .with(|d| analyze(&d.project, AnalysisOptions::default()).ok())
    });
    let compared = Memo::new(move |_| {
        let analysis = analysis.get()?;
        let ids = chosen.get();
        let splits: Vec<_> = context.doc.with(|d| {
            ids.iter()
                .filter_map(|id| d.project.split_by_id(id).map(|s| s.name.clone()))
                .filter_map(|name| analysis.splits.iter().find(|a| a.name == name).cloned())
                .collect()
        });
        let comparison = compare(splits.iter().map(|s| (s.name.as_str(), &s.metrics)));
        Some((splits, comparison))
    });
    let split_ballot = Signal::derive(move || {
        Ballot::Choice(context.doc.with(|d| {
            d.project
                .splits
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect()
        }))
    });
    let toggle = move |id: String, on: bool| {
        let mut ids = chosen.get_untracked();
        if on && !ids.contains(&id) {
            ids.push(id);
        } else if !on {
            ids.retain(|x| x != &id);
        }
        navigate(
            &format!("/p/{}/compare?splits={}", context.id(), ids.join(",")),
            Default::default(),
        );
    };
    view! {
        <section class="compare">
            <fieldset class="split-picker">
                <legend>{tr("비교할 분해안", "Splits to compare")}</legend>
                {move || context.doc.with(|d| d.project.splits.iter().map(|s| {
                    let id = s.id.clone();
                    let checked_id = id.clone();
                    let toggle = toggle.clone();
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || chosen.get().contains(&checked_id) on:change:target=move |ev| toggle(id.clone(), ev.target().checked())/>
                            {s.name.clone()}
                        </label>
                    }
                }).collect_view())}
            </fieldset>
            <Show when=move || context.doc.with(|d| d.project.splits.len() >= 2)>
                <div class="card split-vote">
                    <h2>{tr("어느 분해안을 선호하나요?", "Which split do we prefer?")}</h2>
                    <VotePanel topic=SPLIT_TOPIC ballot=split_ballot start_label=("선호 투표 시작", "Start a preference vote")/>
                </div>
            </Show>
            {move || compared.get().map(|(splits, comparison)| {
                let language = locale.get().language();
                let ko = locale.get() == Locale::Ko;
                view! {
                    <div class="card">
                        <table class="compare-table" data-testid="compare-table">
                            <thead>
                                <tr>
                                    <th>{if ko { "지표" } else { "Metric" }}</th>
                                    {comparison.splits.iter().map(|name| view! { <th class="num" data-testid="compare-column">{name.clone()}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {comparison.rows.iter().zip(METRICS).map(|(row, info)| {
                                    let direction = match info.direction {
                                        Direction::Lower => if ko { "낮을수록 좋음" } else { "lower is better" },
                                        Direction::Higher => if ko { "높을수록 좋음" } else { "higher is better" },
                                        Direction::Neutral => if ko { "설명용" } else { "descriptive" },
                                    };
                                    let definition = format!("{} ({direction}){}", info.definition(language), info.citation.map(|c| format!(" — {c}")).unwrap_or_default());
                                    view! {
                                        <tr data-metric=info.key>
                                            <th scope="row">
                                                <span class="metric-name" title=definition.clone() tabindex="0">{info.name(language)}</span>
                                                <span class="definition">{definition}</span>
                                            </th>
                                            {row.values.iter().enumerate().map(|(ix, v)| {
                                                let best = row.best.contains(&ix);
                                                view! {
                                                    <td class=if best { "num best" } else { "num" } data-best=best.to_string()>
                                                        {format_value(*v)}
                                                        {best.then(|| view! { <span class="winner" aria-label=if ko { "더 나음" } else { "better" }>" ✓"</span> })}
                                                    </td>
                                                }
                                            }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p class="summary" data-testid="compare-summary">{comparison.summary.in_language(language).to_string()}</p>
                    </div>
                    <details class="card" open>
                        <summary><h2>{if ko { "지표별 막대" } else { "Bars per metric" }}</h2></summary>
                        <div class="charts">
                            {comparison.rows.iter().zip(METRICS).filter(|(_, info)| info.direction != Direction::Neutral).map(|(row, info)| view! {
                                <MetricBars title=info.name(language).to_string() splits=comparison.splits.clone() values=row.values.clone() best=row.best.clone()/>
                            }).collect_view()}
                        </div>
                    </details>
                    <div class="split-details">
                        {splits.into_iter().map(|split| {
                            let calls = split.cross_calls.clone();
                            let advice = split.advice.clone();
                            view! {
                                <article class="card split-detail" data-testid="split-detail">
                                    <h2>{split.name.clone()}</h2>
                                    <h3>{if ko { "서비스 의존 그래프" } else { "Service dependency graph" }}</h3>
                                    <ServiceGraph analysis=split.clone()/>
                                    <h3>{if ko { "의존 구조 행렬 (DSM)" } else { "Dependency-structure matrix (DSM)" }}</h3>
                                    <Dsm analysis=split.clone()/>
                                    <details>
                                        <summary>{format!("{} ({})", if ko { "서비스 간 호출" } else { "Cross-service calls" }, calls.len())}</summary>
                                        <table class="data-table">
                                            <tbody>
                                                {calls.iter().take(200).map(|c| view! {
                                                    <tr>
                                                        <td class="mono">{format!("{} → {}", c.caller, c.callee)}</td>
                                                        <td>{format!("{} → {}", split.service_name(&c.from), split.service_name(&c.to))}</td>
                                                        <td class="num">{format_value(c.volume)}</td>
                                                        <td>{if c.sync { if ko { "동기" } else { "sync" } } else if ko { "비동기" } else { "async" }}{if c.transactional { if ko { ", 원자적" } else { ", atomic" } } else { "" }}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </details>
                                    <h3>{if ko { "권고" } else { "Advice" }}</h3>
                                    <ul class="advice" data-testid="advice">
                                        {advice.iter().map(|f| {
                                            let severity = format!("{:?}", f.severity).to_lowercase();
                                            view! {
                                                <li class=format!("finding {severity}")>
                                                    <span class="severity">{severity.clone()}</span>
                                                    <strong>{f.title.in_language(language).to_string()}</strong>
                                                    <p>{format!("{}: {}", if ko { "패턴" } else { "Pattern" }, f.pattern.in_language(language))}</p>
                                                    <p class="muted">{f.why.in_language(language).to_string()}</p>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </article>
                            }
                        }).collect_view()}
                    </div>
                }
            })}
        </section>
    }
}
