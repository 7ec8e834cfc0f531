//! The splits of a project: list them, and make new ones by capability, by
//! subdomain, suggested by community detection, or as a copy. Generation runs on
//! the server (a suggestion for a big model takes seconds); the result is saved
//! as one edit and opened in the split editor.

use engine::edit::Edit;
use engine::generate::{Algorithm, SuggestOptions, TagKind, Untagged};
use engine::metrics::{MetricId, format_value};
use engine::model::{Split, SplitOrigin};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::SplitEditorRoute;
use super::context::{new_local_id, use_project};
use crate::components::feedback::ErrorNote;
use crate::components::import_panel::Source;
use crate::errors::AppError;
use crate::functions::splits::{NewSplit, make_split};
use crate::functions::views::split_rows;
use crate::i18n::{tr, use_locale};
use crate::routes::lazy::prefetch;

fn origin_label(origin: SplitOrigin, ko: bool) -> &'static str {
    match (origin, ko) {
        (SplitOrigin::Capability, true) => "비즈니스 능력별",
        (SplitOrigin::Capability, false) => "by capability",
        (SplitOrigin::Subdomain, true) => "서브도메인별",
        (SplitOrigin::Subdomain, false) => "by subdomain",
        (SplitOrigin::Suggested, true) => "알고리즘 제안",
        (SplitOrigin::Suggested, false) => "suggested",
        (SplitOrigin::Manual, true) => "직접 구성",
        (SplitOrigin::Manual, false) => "manual",
        (SplitOrigin::Imported, true) => "가져옴",
        (SplitOrigin::Imported, false) => "imported",
    }
}

/// A split name not used yet in the project.
fn unused_name(wanted: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted} ({n})"))
        .find(|c| !taken.contains(c))
        .unwrap_or_default()
}

crate::routes::lazy::lazy_page!(
    /// The splits page as a lazy route: its generators and forms are a chunk
    /// of their own.
    SplitsRoute => SplitsPage
);

/// `/p/:id/splits`.
#[component]
pub fn SplitsPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(None::<&'static str>);
    // An imported file's problems are shown next to the file.
    let import_error = RwSignal::new(None::<AppError>);
    let rows = Resource::new(
        move || (context.id(), context.revision()),
        |(id, _)| split_rows(id),
    );

    // Makes a split on the server, then opens it in the editor.
    let make = {
        let navigate = navigate.clone();
        move |how: NewSplit, what: &'static str| {
            let navigate = navigate.clone();
            let error = if what == "import" {
                import_error
            } else {
                error
            };
            busy.set(Some(what));
            // The editor opens next: its chunk comes while the server works.
            prefetch::<SplitEditorRoute>();
            spawn_local(async move {
                match make_split(context.id(), how).await {
                    Ok(split) => {
                        error.set(None);
                        context.reload().await;
                        navigate(
                            &format!("/p/{}/splits/{split}", context.id()),
                            Default::default(),
                        );
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(None);
            });
        }
    };
    let attach = RwSignal::new(false);
    let by_tag = {
        let make = make.clone();
        move |kind: TagKind| {
            let untagged = if attach.get_untracked() {
                Untagged::AttachToMostCalled
            } else {
                Untagged::LeaveUnassigned
            };
            let name = match kind {
                TagKind::Capability => locale
                    .get_untracked()
                    .pick("비즈니스 능력별", "By capability"),
                TagKind::Subdomain => locale.get_untracked().pick("서브도메인별", "By subdomain"),
            };
            make(
                NewSplit::ByTag {
                    kind,
                    untagged,
                    name: name.to_string(),
                },
                "tag",
            );
        }
    };
    let by_capability = {
        let by_tag = by_tag.clone();
        move |_| by_tag(TagKind::Capability)
    };
    let by_subdomain = move |_| by_tag(TagKind::Subdomain);

    // Suggested split options.
    let algorithm = RwSignal::new("leiden".to_string());
    let target = RwSignal::new(String::new());
    let seed = RwSignal::new("1".to_string());
    let together = RwSignal::new(String::new());
    let apart = RwSignal::new(String::new());
    let use_tables = RwSignal::new(false);
    let use_co_change = RwSignal::new(false);
    let suggest_now = {
        let make = make.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let services = target.get_untracked().trim().parse::<usize>().ok();
            let keep_apart: Vec<(String, String)> = apart
                .get_untracked()
                .lines()
                .filter_map(|l| {
                    l.split_once(',')
                        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                })
                .collect();
            let keep_together: Vec<Vec<String>> = together
                .get_untracked()
                .lines()
                .map(|l| {
                    l.split(',')
                        .map(|m| m.trim().to_string())
                        .filter(|m| !m.is_empty())
                        .collect::<Vec<_>>()
                })
                .filter(|g| g.len() > 1)
                .collect();
            let algorithm = if algorithm.get_untracked() == "louvain" {
                Algorithm::Louvain
            } else {
                Algorithm::Leiden
            };
            let options = SuggestOptions {
                name: format!(
                    "{} ({})",
                    locale.get_untracked().pick("알고리즘 제안", "Suggested"),
                    if algorithm == Algorithm::Leiden {
                        "Leiden"
                    } else {
                        "Louvain"
                    }
                ),
                algorithm,
                services,
                seed: seed.get_untracked().trim().parse().unwrap_or(1),
                table_weight: if use_tables.get_untracked() { 1.0 } else { 0.0 },
                co_change_weight: if use_co_change.get_untracked() {
                    1.0
                } else {
                    0.0
                },
                keep_together,
                keep_apart,
                ..SuggestOptions::default()
            };
            make(NewSplit::Suggested { options }, "suggest");
        }
    };

    let copy = {
        let make = make.clone();
        move |split: String, name: String| {
            let name = format!(
                "{name}{}",
                locale.get_untracked().pick(" (사본)", " (copy)")
            );
            make(NewSplit::Copy { split, name }, "copy");
        }
    };
    let partition_text = RwSignal::new(String::new());
    let partition_name = RwSignal::new(String::new());
    let import_now = {
        let make = make.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let name = partition_name.get_untracked().trim().to_string();
            let name = if name.is_empty() {
                locale
                    .get_untracked()
                    .pick("가져온 분해안", "Imported split")
                    .to_string()
            } else {
                name
            };
            make(
                NewSplit::Imported {
                    file: "partition".to_string(),
                    text: partition_text.get_untracked(),
                    name,
                },
                "import",
            );
        }
    };
    let remove = move |id: String| {
        if let Err(e) = context.apply(Edit::DeleteSplit { split: id }) {
            error.set(Some(e));
        }
    };
    let new_manual = {
        let navigate = navigate.clone();
        move |_| {
            let mut split = Split::new(
                locale.get_untracked().pick("직접 구성", "Manual split"),
                SplitOrigin::Manual,
            );
            split.id = new_local_id("split-");
            let taken: Vec<String> = context
                .head
                .with_untracked(|h| h.project.splits.iter().map(|s| s.name.clone()).collect());
            split.name = unused_name(&split.name, &taken);
            split.services.push(engine::model::Service::new(
                new_local_id("svc-"),
                locale.get_untracked().pick("서비스 1", "Service 1"),
            ));
            let id = split.id.clone();
            let navigate = navigate.clone();
            busy.set(Some("empty"));
            prefetch::<SplitEditorRoute>();
            spawn_local(async move {
                match context.submit(Edit::AddSplit { split }).await {
                    Ok(_) => navigate(
                        &format!("/p/{}/splits/{id}", context.id()),
                        Default::default(),
                    ),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(None);
            });
        }
    };

    view! {
        <section class="splits-page">
            <ErrorNote error=error/>
            <div class="card">
                <h2>{tr("분해안", "Splits")}</h2>
                <table class="splits-table" data-testid="splits-table">
                    <thead>
                        <tr>
                            <th>{tr("이름", "Name")}</th>
                            <th>{tr("만든 방식", "Made")}</th>
                            <th class="num">{tr("서비스", "Services")}</th>
                            <th class="num">"ICP"</th>
                            <th class="num">{tr("미배정", "Unassigned")}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        <Transition>
                            {move || {
                                let copy = copy.clone();
                                Suspend::new(async move {
                                rows.await.ok().map(|rows| rows.into_iter().map(|s| {
                                    let copy = copy.clone();
                                    let value = |id| s.metrics.map(|m| format_value(m.get(id)));
                                    let (split_id, name) = (s.id.clone(), s.name.clone());
                                    view! {
                                        <tr data-testid="split-row">
                                            <td><A href=format!("/p/{}/splits/{}", context.id(), s.id) on:pointerenter={|_| prefetch::<SplitEditorRoute>()} on:focus={|_| prefetch::<SplitEditorRoute>()}>{s.name.clone()}</A></td>
                                            <td>{move || origin_label(s.origin, locale.get() == crate::i18n::Locale::Ko)}</td>
                                            <td class="num">{value(MetricId::Services)}</td>
                                            <td class="num">{value(MetricId::Icp)}</td>
                                            <td class="num">{value(MetricId::Unassigned)}</td>
                                            <td class="row-actions">
                                                <Show when=move || context.can_edit()>
                                                    {
                                                        let (split_id, name) = (split_id.clone(), name.clone());
                                                        let copy = copy.clone();
                                                        let delete_id = split_id.clone();
                                                        view! {
                                                            <button type="button" disabled=move || busy.get().is_some() on:click=move |_| copy(split_id.clone(), name.clone())>{tr("복사", "Copy")}</button>
                                                            <button type="button" class="danger" on:click=move |_| remove(delete_id.clone())>{tr("삭제", "Delete")}</button>
                                                        }
                                                    }
                                                </Show>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view())
                            })
                            }}
                        </Transition>
                    </tbody>
                </table>
            </div>
            <Show when=move || context.can_edit()>
                <div class="cards">
                    <div class="card">
                        <h2>{tr("태그로 만들기", "From tags")}</h2>
                        <p class="muted">{tr("모듈의 비즈니스 능력 또는 서브도메인 태그마다 서비스 하나.", "One service per capability or subdomain tag of the modules.")}</p>
                        <label class="checkbox">
                            <input type="checkbox" checked=attach.get_untracked() prop:checked=move || attach.get() on:change:target=move |ev| attach.set(ev.target().checked())/>
                            {tr("태그 없는 모듈은 가장 많이 호출하는 서비스에 붙이기", "Attach untagged modules to the service they call most")}
                        </label>
                        <div class="button-row">
                            <button type="button" data-testid="split-by-capability" disabled=move || busy.get().is_some() on:click=by_capability.clone()>{tr("비즈니스 능력별", "By capability")}</button>
                            <button type="button" data-testid="split-by-subdomain" disabled=move || busy.get().is_some() on:click=by_subdomain.clone()>{tr("서브도메인별", "By subdomain")}</button>
                            <button type="button" disabled=move || busy.get().is_some() on:click=new_manual.clone()>{tr("빈 분해안", "Empty split")}</button>
                        </div>
                    </div>
                    <div class="card">
                        <h2>{tr("알고리즘 제안", "Suggested")}</h2>
                        <form on:submit=suggest_now.clone() class="stacked-form" data-testid="suggest-form">
                            <div class="field">
                                <label for="suggest-algorithm">{tr("알고리즘", "Algorithm")}</label>
                                <select id="suggest-algorithm" on:change:target=move |ev| algorithm.set(ev.target().value())>
                                    <option value="leiden">"Leiden"</option>
                                    <option value="louvain">"Louvain"</option>
                                </select>
                            </div>
                            <div class="field">
                                <label for="suggest-count">{tr("목표 서비스 수 (비우면 자동)", "Target number of services (empty: automatic)")}</label>
                                <input id="suggest-count" data-testid="suggest-count" inputmode="numeric" value=target.get_untracked() prop:value=move || target.get() on:input:target=move |ev| target.set(ev.target().value())/>
                            </div>
                            <div class="field">
                                <label for="suggest-seed">{tr("시드", "Seed")}</label>
                                <input id="suggest-seed" inputmode="numeric" value=seed.get_untracked() prop:value=move || seed.get() on:input:target=move |ev| seed.set(ev.target().value())/>
                            </div>
                            <div class="field">
                                <label for="suggest-together">{tr("함께 두기 (한 줄에 한 묶음, 쉼표로 구분)", "Keep together (one group per line, comma-separated)")}</label>
                                <textarea id="suggest-together" rows="2" prop:value=move || together.get() on:input:target=move |ev| together.set(ev.target().value())></textarea>
                            </div>
                            <div class="field">
                                <label for="suggest-apart">{tr("떼어 두기 (한 줄에 a,b)", "Keep apart (one pair a,b per line)")}</label>
                                <textarea id="suggest-apart" rows="2" prop:value=move || apart.get() on:input:target=move |ev| apart.set(ev.target().value())></textarea>
                            </div>
                            <label class="checkbox">
                                <input type="checkbox" checked=use_tables.get_untracked() prop:checked=move || use_tables.get() on:change:target=move |ev| use_tables.set(ev.target().checked())/>
                                {tr("같은 테이블을 쓰는 모듈도 묶기", "Also group modules sharing tables")}
                            </label>
                            <label class="checkbox">
                                <input type="checkbox" data-testid="suggest-co-change" checked=use_co_change.get_untracked() prop:checked=move || use_co_change.get() on:change:target=move |ev| use_co_change.set(ev.target().checked())/>
                                {tr("함께 바뀌는 모듈도 묶기 (변경 이력 근거)", "Also group modules that change together (change history evidence)")}
                            </label>
                            <button type="submit" class="primary" data-testid="suggest" disabled=move || busy.get().is_some()>
                                {move || if busy.get() == Some("suggest") { locale.get().pick("계산 중…", "Computing…") } else { locale.get().pick("제안 만들기", "Suggest a split") }}
                            </button>
                        </form>
                    </div>
                    <div class="card">
                        <h2>{tr("파일에서 가져오기", "From a file")}</h2>
                        <p class="muted">{tr("전문가가 그린 기준 분해안이나 다른 도구의 결과: RSF(contain 클러스터 요소), CSV(요소,클러스터), JSON({\"요소\": 클러스터}). 여러 클러스터에 있는 요소는 마지막 클러스터로 갑니다.", "An expert reference split or another tool's result: RSF (contain CLUSTER ELEMENT), CSV (element,cluster) or JSON ({\"element\": cluster}). An element in several clusters goes to the last one.")}</p>
                        <form on:submit=import_now.clone() class="stacked-form" data-testid="import-split-form">
                            <Source label=Signal::derive(move || locale.get().pick("분할 파일", "Partition file").to_string()) value=partition_text test_id="partition"/>
                            <div class="field">
                                <label for="partition-name">{tr("분해안 이름", "Name of the split")}</label>
                                <input id="partition-name" data-testid="partition-name" prop:value=move || partition_name.get() on:input:target=move |ev| partition_name.set(ev.target().value())/>
                            </div>
                            <ErrorNote error=import_error/>
                            <button type="submit" class="primary" data-testid="import-split" disabled=move || busy.get().is_some()>{tr("분해안으로 가져오기", "Import as a split")}</button>
                        </form>
                    </div>
                </div>
            </Show>
        </section>
    }
}
