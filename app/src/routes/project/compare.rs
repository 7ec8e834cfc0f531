//! Splits side by side: every metric with its definition, the better value
//! marked, bars per metric, each split's service graph and dependency-structure
//! matrix, its largest cross-service calls and the advice, grouped by rule and
//! collapsible. The server computes it all; the page shows it.

use engine::advice::{Finding, Severity};
use engine::agreement::MEASURES;
use engine::metrics::{Direction, METRICS, format_value};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::context::use_project;
use super::vote::{Ballot, VotePanel};
use crate::components::charts::{Dsm, MetricBars, ServiceGraph};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::live::SPLIT_TOPIC;
use crate::functions::views::{compare_splits, split_agreements};
use crate::i18n::{Locale, tr, use_locale};
use crate::models::SplitAgreement;

/// The findings grouped by rule (in order of first appearance), the groups
/// with the most severe findings first.
fn grouped(advice: &[Finding]) -> Vec<Vec<Finding>> {
    let mut groups: Vec<Vec<Finding>> = Vec::new();
    for finding in advice {
        match groups.iter_mut().find(|g| g[0].rule == finding.rule) {
            Some(group) => group.push(finding.clone()),
            None => groups.push(vec![finding.clone()]),
        }
    }
    groups.sort_by_key(|g| g.iter().map(|f| f.severity).min());
    groups
}

/// Services up to this many get their matrix in the page; bigger matrices are
/// drawn when opened.
const INLINE_MATRIX: usize = 20;

/// The dependency-structure matrix of a split: in the page when small, drawn
/// when its section is opened when big (a 40-service matrix has 1,600 cells).
#[component]
fn DsmSection(names: Vec<String>, matrix: Vec<u32>, ko: bool) -> impl IntoView {
    let title = if ko {
        "의존 구조 행렬 (DSM)"
    } else {
        "Dependency-structure matrix (DSM)"
    };
    if names.len() <= INLINE_MATRIX {
        return view! {
            <h3>{title}</h3>
            <Dsm services=names matrix/>
        }
        .into_any();
    }
    let open = RwSignal::new(false);
    view! {
        <details class="dsm-section" on:toggle=move |_| open.set(true)>
            <summary><h3>{format!("{title} — {} × {}", names.len(), names.len())}</h3></summary>
            <Show when=move || open.get()>
                <Dsm services=names.clone() matrix=matrix.clone()/>
            </Show>
        </details>
    }
    .into_any()
}

crate::routes::lazy::lazy_page!(
    /// The compare page as a lazy route: its code (the charts, the graph, the matrix) is a
    /// chunk of the bundle of its own, loaded when the page is first opened.
    CompareRoute => ComparePage
);

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
            context.head.with(|h| {
                h.project
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
    let reference = Memo::new(move |_| query.read().get("reference").filter(|r| !r.is_empty()));
    let agreements = Resource::new(
        move || (context.id(), context.revision(), reference.get()),
        |(id, _, reference)| async move {
            match reference {
                Some(reference) => split_agreements(id, reference).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let compared = Resource::new(
        move || (context.id(), context.revision(), chosen.get()),
        |(id, _, splits)| compare_splits(id, splits),
    );
    let split_ballot = Signal::derive(move || {
        Ballot::Choice(context.head.with(|h| {
            h.project
                .splits
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect()
        }))
    });
    let go = move |ids: Vec<String>, reference: Option<String>| {
        let reference = reference
            .map(|r| format!("&reference={r}"))
            .unwrap_or_default();
        navigate(
            &format!(
                "/p/{}/compare?splits={}{reference}",
                context.id(),
                ids.join(",")
            ),
            Default::default(),
        );
    };
    let toggle = {
        let go = go.clone();
        move |id: String, on: bool| {
            let mut ids = chosen.get_untracked();
            if on && !ids.contains(&id) {
                ids.push(id);
            } else if !on {
                ids.retain(|x| x != &id);
            }
            go(ids, reference.get_untracked());
        }
    };
    let pick_reference = move |value: String| {
        go(chosen.get_untracked(), (!value.is_empty()).then_some(value));
    };
    view! {
        <section class="compare">
            <fieldset class="split-picker">
                <legend>{tr("비교할 분해안", "Splits to compare")}</legend>
                {move || context.head.with(|h| h.project.splits.iter().map(|s| {
                    let id = s.id.clone();
                    let checked_id = id.clone();
                    let toggle = toggle.clone();
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" checked=chosen.get_untracked().contains(&id) prop:checked=move || chosen.get().contains(&checked_id) on:change:target=move |ev| toggle(id.clone(), ev.target().checked())/>
                            {s.name.clone()}
                        </label>
                    }
                }).collect_view())}
            </fieldset>
            <Show when=move || context.head.with(|h| h.project.splits.len() >= 2)>
                <AgreementCard reference pick_reference=pick_reference.clone() agreements/>
                <div class="card split-vote">
                    <h2>{tr("어느 분해안을 선호하나요?", "Which split do we prefer?")}</h2>
                    <VotePanel topic=SPLIT_TOPIC ballot=split_ballot start_label=("선호 투표 시작", "Start a preference vote")/>
                </div>
            </Show>
            <Transition fallback=move || view! { <p class="loading">{tr("비교하는 중…", "Comparing…")}</p> }>
            {move || {
                let now = locale.get();
                Suspend::new(async move {
                let view = match compared.await {
                    Ok(view) => view,
                    Err(error) => return view! { <ErrorNote error=Signal::derive(move || Some(error.clone()))/> }.into_any(),
                };
                let (splits, comparison, counts) = (view.splits, view.comparison, view.cross_call_counts);
                let (dependency_counts, matrices) = (view.dependency_counts, view.matrices);
                let mut finding_counts = view.finding_counts.into_iter();
                let language = now.language();
                let ko = now == Locale::Ko;
                view! {
                    <div class="card">
                        <p class="summary" data-testid="compare-summary">{comparison.summary.in_language(language).to_string()}</p>
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
                                    let definition = format!("{} ({direction})", info.definition(language));
                                    view! {
                                        <tr data-metric=info.key>
                                            <th scope="row">
                                                <span class="metric-name" title=definition.clone() tabindex="0">{info.name(language)}</span>
                                                <span class="definition">{definition}{info.citation.map(|c| view! { " — " <cite lang="en">{c}</cite> })}</span>
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
                    </div>
                    <details class="card">
                        <summary><h2>{if ko { "지표별 막대" } else { "Bars per metric" }}</h2></summary>
                        <div class="charts">
                            {comparison.rows.iter().zip(METRICS).filter(|(_, info)| info.direction != Direction::Neutral).map(|(row, info)| view! {
                                <MetricBars title=info.name(language).to_string() splits=comparison.splits.clone() values=row.values.clone() best=row.best.clone()/>
                            }).collect_view()}
                        </div>
                    </details>
                    <div class="split-details">
                        {splits.into_iter().zip(counts).zip(dependency_counts.into_iter().zip(matrices)).map(|((split, count), (dependencies, matrix))| {
                            let calls = split.cross_calls.clone();
                            let groups = grouped(&split.advice);
                            let counts = finding_counts.next().unwrap_or_default();
                            let drawn = split.dependencies.len();
                            let names: Vec<String> = split.services.iter().map(|s| s.name.clone()).collect();
                            view! {
                                <article class="card split-detail" data-testid="split-detail">
                                    <h2>{split.name.clone()}</h2>
                                    <h3>{if ko { "서비스 의존 그래프" } else { "Service dependency graph" }}</h3>
                                    <ServiceGraph analysis=split.clone()/>
                                    {(dependencies > drawn).then(|| view! {
                                        <p class="muted">{if ko { format!("서비스 의존 {dependencies}개 중 호출량이 큰 {drawn}개를 그렸습니다.") } else { format!("The {drawn} heaviest of {dependencies} service dependencies are drawn.") }}</p>
                                    })}
                                    <DsmSection names matrix ko/>
                                    <details>
                                        <summary>{format!("{} ({count})", if ko { "서비스 간 호출" } else { "Cross-service calls" })}</summary>
                                        {(count > calls.len()).then(|| view! {
                                            <p class="muted">{if ko { format!("호출량이 가장 큰 {}개", calls.len()) } else { format!("The {} with the largest volume", calls.len()) }}</p>
                                        })}
                                        <table class="data-table">
                                            <tbody>
                                                {calls.iter().map(|c| view! {
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
                                    <HistoryEvidence split=split.clone() ko/>
                                    <h3>{if ko { "권고" } else { "Advice" }}</h3>
                                    <div class="advice" data-testid="advice">
                                        {groups.into_iter().map(|group| {
                                            let first = group[0].clone();
                                            let severity = first.severity;
                                            let severity_class = severity.key();
                                            let listed = group.len();
                                            let count = counts.iter().find(|(r, _)| *r == first.rule).map_or(listed, |(_, n)| *n);
                                            // Findings of one rule usually share their reason: say it once.
                                            let same_why = group.iter().all(|f| f.why == first.why);
                                            let shared_why = same_why.then(|| first.why.in_language(language).to_string());
                                            view! {
                                                <details class=format!("finding-group {severity_class}") open=severity == Severity::Critical>
                                                    <summary>
                                                        <span class="severity">{severity.label().in_language(language).to_string()}</span>
                                                        <strong>{first.pattern.in_language(language).to_string()}</strong>
                                                        {(count > 1).then(|| view! { <span class="count">{format!("×{count}")}</span> })}
                                                    </summary>
                                                    {shared_why.map(|why| view! { <p class="muted why">{why}</p> })}
                                                    <ul class="finding-list">
                                                        {group.into_iter().map(|f| view! {
                                                            <li class="finding">
                                                                {f.title.in_language(language).to_string()}
                                                                {(!same_why).then(|| view! { <p class="muted">{f.why.in_language(language).to_string()}</p> })}
                                                            </li>
                                                        }).collect_view()}
                                                    </ul>
                                                    {(count > listed).then(|| view! {
                                                        <p class="muted">{if ko { format!("같은 권고 {}개 더 (보고서에 모두 있음)", count - listed) } else { format!("{} more like these (all in the report)", count - listed) }}</p>
                                                    })}
                                                </details>
                                            }
                                        }).collect_view()}
                                    </div>
                                </article>
                            }
                        }).collect_view()}
                    </div>
                }
                .into_any()
            })
            }}
            </Transition>
        </section>
    }
}

/// How every split agrees with a reference split the team picks (one the
/// experts drew, or what runs today): MoJo, MoJoFM, c2c, ARI and NMI, each
/// defined with its source.
#[component]
fn AgreementCard(
    reference: Memo<Option<String>>,
    pick_reference: impl Fn(String) + Clone + Send + Sync + 'static,
    agreements: Resource<Result<Option<Vec<SplitAgreement>>, AppError>>,
) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    view! {
        <div class="card agreement" data-testid="agreement-card">
            <h2>{tr("기준 분해안과의 일치도", "Agreement with a reference split")}</h2>
            <div class="field">
                <label for="reference-split">{tr("기준 분해안 (전문가가 그린 것, 또는 지금 운영 중인 것)", "Reference split (the one the experts drew, or what runs today)")}</label>
                <select id="reference-split" data-testid="reference-split" prop:value=move || reference.get().unwrap_or_default()
                    on:change:target=move |ev| pick_reference(ev.target().value())>
                    <option value="">{tr("— 고르지 않음 —", "— none —")}</option>
                    {move || context.head.with(|h| h.project.splits.iter().map(|s| view! {
                        <option value=s.id.clone() selected=reference.get_untracked().as_deref() == Some(s.id.as_str())>{s.name.clone()}</option>
                    }).collect_view())}
                </select>
            </div>
            <Transition fallback=move || view! { <p class="loading">{tr("재는 중…", "Measuring…")}</p> }>
                {move || Suspend::new(async move {
                    let language = locale.get().language();
                    match agreements.await {
                        Err(error) => view! { <ErrorNote error=Signal::derive(move || Some(error.clone()))/> }.into_any(),
                        Ok(None) => view! { <p class="muted">{tr("기준을 고르면 다른 분해안마다 얼마나 가까운지 보여 줍니다.", "Pick a reference to see how close every other split is to it.")}</p> }.into_any(),
                        Ok(Some(rows)) => view! {
                            <div class="table-scroll">
                                <table class="data-table" data-testid="agreement-table">
                                    <thead><tr>
                                        <th>{tr("분해안", "Split")}</th>
                                        {MEASURES.iter().map(|m| view! { <th class="num" title=m.definition(language)>{m.name(language)}</th> }).collect_view()}
                                    </tr></thead>
                                    <tbody>
                                        {rows.iter().map(|row| view! {
                                            <tr data-testid="agreement-row" data-split=row.name.clone()>
                                                <th scope="row">{row.name.clone()}</th>
                                                {MEASURES.iter().map(|m| view! { <td class="num" data-measure=m.key>{row.agreement.shown(m.key)}</td> }).collect_view()}
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {rows.iter().filter(|r| r.agreement.unobserved > 0 || r.agreement.ignored > 0).map(|r| {
                                let (name, a) = (r.name.clone(), &r.agreement);
                                let text = if language == engine::text::Language::Ko {
                                    format!("{name}: 기준의 요소 {}개가 이 분해안에 없어 'unobserved' 묶음으로 셉니다; 기준에 없는 요소 {}개는 뺍니다.", a.unobserved, a.ignored)
                                } else {
                                    format!("{name}: {} reference elements are in no service of this split and count as one cluster 'unobserved'; {} elements the reference does not list are left out.", a.unobserved, a.ignored)
                                };
                                view! { <p class="muted">{text}</p> }
                            }).collect_view()}
                            <dl class="measure-definitions">
                                {MEASURES.iter().map(|m| view! {
                                    <dt>{m.name(language)}</dt>
                                    <dd>{m.definition(language)}" — "<cite lang="en">{m.citation}</cite></dd>
                                }).collect_view()}
                            </dl>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// What the change history says about one split: the services whose modules
/// change together, and who works on each service (nothing without a history
/// layer).
#[component]
fn HistoryEvidence(split: engine::analysis::SplitAnalysis, ko: bool) -> impl IntoView {
    let owned: Vec<(String, String)> = split
        .services
        .iter()
        .filter(|s| !s.owners.is_empty())
        .map(|s| (s.name.clone(), s.owners.join(", ")))
        .collect();
    if split.co_change.is_empty() && owned.is_empty() {
        return None;
    }
    let pairs: Vec<(String, u32, u32, String)> = split
        .co_change
        .iter()
        .map(|c| {
            (
                format!(
                    "{} ↔ {}",
                    split.service_name(&c.a),
                    split.service_name(&c.b)
                ),
                c.shared,
                c.degree,
                format!("{} ↔ {}", c.modules.0, c.modules.1),
            )
        })
        .collect();
    Some(view! {
        <section class="history-evidence" data-testid="history-evidence">
            <h3>{if ko { "변경 이력의 근거" } else { "Evidence from the change history" }}</h3>
            <h4>{if ko { "함께 바뀌는 서비스" } else { "Services that change together" }}</h4>
            {if pairs.is_empty() {
                view! { <p class="muted" data-testid="co-change-none">{if ko { "서비스를 넘어 함께 바뀌는 모듈 쌍이 없습니다." } else { "No coupled module pair crosses services." }}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table" data-testid="co-change-table">
                            <thead><tr>
                                <th>{if ko { "서비스" } else { "Services" }}</th>
                                <th class="num">{if ko { "공유 커밋" } else { "Shared commits" }}</th>
                                <th class="num">{if ko { "가장 강한 결합" } else { "Strongest coupling" }}</th>
                                <th>{if ko { "그 모듈 쌍" } else { "That module pair" }}</th>
                            </tr></thead>
                            <tbody>
                                {pairs.into_iter().map(|(services, shared, degree, modules)| view! {
                                    <tr><td>{services}</td><td class="num">{shared}</td><td class="num">{format!("{degree}%")}</td><td class="mono">{modules}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <h4>{if ko { "서비스별 작성자 (주 작성자의 팀)" } else { "Who works on each service (main authors' teams)" }}</h4>
            <ul data-testid="ownership-list">
                {owned.into_iter().map(|(service, owners)| view! { <li><strong>{service}</strong>": " {owners}</li> }).collect_view()}
            </ul>
        </section>
    })
}
