//! Adding evidence to a project: a git log (its co-change and ownership) or a
//! trace export (measured calls, errors, latency, tables) is uploaded or
//! pasted with the mapping rules (and, for history, the team table) the user edits,
//! the server shows what it would change (modules and relations added,
//! removed, changed; team tags set) and nothing is saved until the user
//! applies it. The project's layers are listed with a way to remove each.

use engine::layers::LayerDiff;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::feedback::ErrorNote;
use crate::components::import_panel::Source;
use crate::errors::AppError;
use crate::functions::layers::{
    LayerFormat, LayerPreview, LayerSource, apply_layer, list_layers, preview_layer, remove_layer,
};
use crate::i18n::{tr, use_locale};
use crate::routes::project::context::use_project;

/// How many names of each change the preview lists.
const SHOWN: usize = 8;

/// The evidence card of the model page.
#[component]
pub fn LayerPanel() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let layers = Resource::new(
        move || (context.id(), context.revision()),
        |(id, _)| list_layers(id),
    );
    let format = RwSignal::new(LayerFormat::GitLog);
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let rules = RwSignal::new(String::new());
    let teams = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<(LayerSource, LayerPreview)>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let source = move || LayerSource {
        format: format.get_untracked(),
        name: name.get_untracked(),
        text: text.get_untracked(),
        rules: rules.get_untracked(),
        teams: teams.get_untracked(),
    };
    let run_preview = move |_| {
        let source = source();
        busy.set(true);
        preview.set(None);
        spawn_local(async move {
            match preview_layer(context.id(), source.clone()).await {
                Ok(result) => {
                    error.set(None);
                    preview.set(Some((source, result)));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let apply = move |source: LayerSource, seen: i64| {
        busy.set(true);
        spawn_local(async move {
            match apply_layer(context.id(), source, seen).await {
                Ok(_) => {
                    error.set(None);
                    preview.set(None);
                    text.set(String::new());
                    context.reload().await;
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let remove = move |layer: String| {
        busy.set(true);
        spawn_local(async move {
            match remove_layer(
                context.id(),
                layer,
                context.head.with_untracked(|h| h.revision),
            )
            .await
            {
                Ok(_) => context.reload().await,
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let is_history = move || format.get() == LayerFormat::GitLog;
    let file_label = Signal::derive(move || {
        let (ko, en) = match format.get() {
            LayerFormat::GitLog => (
                "git log --numstat 출력 (code-maat 형식 --%h--%ad--%aN 또는 git 기본 형식)",
                "git log --numstat output (code-maat's --%h--%ad--%aN format or git's default)",
            ),
            LayerFormat::TracesByService | LayerFormat::TracesByOperation => (
                "트레이스 파일: OTLP JSON (컬렉터 file exporter), Jaeger JSON 또는 Zipkin v2 JSON",
                "Trace file: OTLP JSON (the collector's file exporter), Jaeger JSON or Zipkin v2 JSON",
            ),
            LayerFormat::DependencyCruiser => (
                "depcruise --output-type json src 의 출력",
                "The output of depcruise --output-type json src",
            ),
            LayerFormat::Pydeps => (
                "pydeps 패키지 --show-deps --no-output 의 출력",
                "The output of pydeps PACKAGE --show-deps --no-output",
            ),
        };
        locale.get().pick(ko, en).to_string()
    });
    view! {
        <div class="card layer-panel" data-testid="layer-panel">
            <h2>{tr("근거 더하기: 변경 이력, 트레이스, 의존성 분석기", "Add evidence: change history, traces, dependency analyzers")}</h2>
            <p class="muted">
                {tr(
                    "근거는 모델을 바꾸지 않고 더해집니다. 변경 이력은 함께 바뀌는 모듈(변경 결합)과 모듈별 주 작성자·팀을, 트레이스는 측정된 호출(호출량, 오류, 지연)과 테이블 읽기·쓰기를 더합니다. 직접 붙인 태그와 분해안은 그대로 둡니다.",
                    "Evidence is added without replacing the model: a change history adds which modules change together (change coupling) and each module's main author and team; traces add measured calls (volume, errors, latency) and table reads and writes. Hand-made tags and splits stay as they are.",
                )}
            </p>
            <Suspense>
                {move || layers.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|list| view! {
                    <ul class="layer-list" data-testid="layer-list">
                        {list.into_iter().map(|layer| {
                            let source = layer.source.clone();
                            let kind = layer.kind.label();
                            view! {
                                <li>
                                    <strong>{layer.source.clone()}</strong>
                                    " · " {move || kind.in_language(locale.get().language()).to_string()}
                                    " · " {move || format!(
                                        "{} {} · {} {} · {} {}",
                                        layer.co_changes, locale.get().pick("변경 결합 쌍", "co-change pairs"),
                                        layer.owners, locale.get().pick("소유 모듈", "owned modules"),
                                        layer.calls, locale.get().pick("호출", "calls"),
                                    )}
                                    {(!layer.measured.is_empty()).then(|| view! { <MeasuredCalls calls=layer.measured.clone() total=layer.calls/> })}
                                    <Show when=move || context.can_edit()>
                                        {
                                            let source = source.clone();
                                            let reuse = (source.clone(), layer.rules.clone());
                                            view! {
                                                " "
                                                <button type="button" data-testid="layer-reuse" on:click=move |_| {
                                                    name.set(reuse.0.clone());
                                                    rules.set(reuse.1.clone());
                                                }>
                                                    {tr("이 이름과 규칙으로 다시 가져오기", "Re-import with its name and rules")}
                                                </button>
                                                " "
                                                <button type="button" disabled=move || busy.get() on:click=move |_| remove(source.clone())>
                                                    {tr("삭제", "Remove")}
                                                </button>
                                            }
                                        }
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </Suspense>
            <Show when=move || context.can_edit()>
                <div class="field">
                    <label for="layer-format">{tr("종류", "Kind")}</label>
                    <select id="layer-format" data-testid="layer-format" on:change:target=move |ev| {
                        let key = ev.target().value();
                        if let Some(f) = LayerFormat::ALL.into_iter().find(|f| f.key() == key) {
                            format.set(f);
                            preview.set(None);
                        }
                    }>
                        {LayerFormat::ALL.into_iter().map(|f| view! {
                            <option value=f.key() selected=move || format.get() == f>{move || { let (ko, en) = f.label(); locale.get().pick(ko, en) }}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="layer-name">{tr("이름 (같은 이름으로 다시 가져오면 바꿉니다)", "Name (importing under the same name again replaces it)")}</label>
                    <input id="layer-name" data-testid="layer-name" placeholder="git log" prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                </div>
                <Source label=file_label value=text test_id="layer-file"/>
                <div class="field">
                    <label for="layer-rules">{tr("파일 → 모듈 규칙 (선택, 한 줄에 하나: 경로 접두사나 glob => 모듈 id)", "File → module rules (optional, one per line: path prefix or glob => module id)")}</label>
                    <textarea id="layer-rules" data-testid="layer-rules" rows="3" spellcheck="false"
                        placeholder="src/main/java/com/acme/orders => orders\nweb/**/*.ts => web"
                        prop:value=move || rules.get() on:input:target=move |ev| rules.set(ev.target().value())></textarea>
                    <p class="muted">{move || if is_history() { locale.get().pick(
                        "규칙이 없으면 src/main/java 아래 Java 파일은 클래스 이름(jdeps와 같음), 다른 파일은 src/ 등 아래 첫 폴더가 모듈이 됩니다. 테스트 파일은 세지 않습니다.",
                        "Without a matching rule a Java file under src/main/java is its class (as jdeps names it), any other file the first folder below src/, lib/, app/, packages/ or modules/. Test files are not counted.",
                    ) } else { locale.get().pick(
                        "트레이스와 분석기 출력에서는 이름(서비스, 서비스/오퍼레이션, 클래스, 파일 경로, 점을 /로 바꾼 Python 모듈 이름)이 규칙에 맞으면 그 모듈이 되고, 아니면 이름 그대로(파일은 확장자를 뺀 경로) 모듈 id가 됩니다.",
                        "For traces and analyzer outputs a name (service, service/operation, class, file path, or a Python module name with dots as /) that a rule matches becomes that module; any other name is the module id as it is (a file: its path without the extension).",
                    ) }}</p>
                </div>
                <Show when=is_history>
                <div class="field">
                    <label for="layer-teams">{tr("작성자 → 팀 (선택, CSV: author,team)", "Authors → teams (optional, CSV: author,team)")}</label>
                    <textarea id="layer-teams" data-testid="layer-teams" rows="3" spellcheck="false"
                        prop:value=move || teams.get() on:input:target=move |ev| teams.set(ev.target().value())></textarea>
                </div>
                </Show>
                <button type="button" data-testid="layer-preview" disabled=move || busy.get() on:click=run_preview>
                    {move || if busy.get() { locale.get().pick("확인하는 중…", "Checking…") } else { locale.get().pick("바뀔 내용 미리 보기", "Preview the changes") }}
                </button>
                <ErrorNote error=error/>
                {move || preview.get().map(|(source, result)| match result {
                    LayerPreview::Problems { problems } => view! {
                        <div class="import-problems" role="alert" data-testid="layer-problems">
                            <p><strong>{tr("읽을 수 없습니다. 아무것도 저장되지 않았습니다:", "Cannot read it; nothing was saved:")}</strong></p>
                            <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any(),
                    LayerPreview::Ready { diff, co_changes, owners, revision, drift, .. } => view! {
                        <div class="import-ready" data-testid="layer-diff">
                            <DiffList diff=*diff co_changes=co_changes owners=owners/>
                            <DriftList drift/>
                            <button type="button" class="primary" data-testid="layer-apply" disabled=move || busy.get()
                                on:click=move |_| apply(source.clone(), revision)>
                                {tr("적용", "Apply")}
                            </button>
                        </div>
                    }.into_any(),
                })}
            </Show>
        </div>
    }
}

/// How each split's boundaries would drift with the layer: new modules in no
/// service, dependencies between services added and gone (the first few).
#[component]
fn DriftList(drift: Vec<(String, Vec<engine::text::Text>)>) -> impl IntoView {
    let locale = use_locale();
    (!drift.is_empty()).then(|| view! {
        <div class="layer-drift" data-testid="layer-drift">
            <p><strong>{tr("분해안 경계의 변화", "How the splits' boundaries would drift")}</strong></p>
            <ul>
                {drift.into_iter().map(|(split, changes)| {
                    let more = changes.len().saturating_sub(SHOWN);
                    let shown: Vec<engine::text::Text> = changes.into_iter().take(SHOWN).collect();
                    view! {
                        <li data-split=split.clone()>
                            <strong>{split.clone()}</strong>
                            <ul>
                                {shown.into_iter().map(|t| view! { <li>{move || t.in_language(locale.get().language()).to_string()}</li> }).collect_view()}
                                {(more > 0).then(|| view! { <li class="muted">{format!("… +{more}")}</li> })}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    })
}

/// What a layer would change, as counts and the first few names.
#[component]
fn DiffList(diff: LayerDiff, co_changes: usize, owners: usize) -> impl IntoView {
    let locale = use_locale();
    let names = |items: Vec<String>| {
        let more = items.len().saturating_sub(SHOWN);
        let mut shown: Vec<String> = items.into_iter().take(SHOWN).collect();
        if more > 0 {
            shown.push(format!("… +{more}"));
        }
        shown.join(", ")
    };
    let pairs = |items: &[(String, String)]| {
        names(items.iter().map(|(a, b)| format!("{a} → {b}")).collect())
    };
    let mut rows: Vec<(&'static str, &'static str, usize, String)> = vec![
        (
            "추가되는 모듈",
            "Modules added",
            diff.modules_added.len(),
            names(diff.modules_added.clone()),
        ),
        (
            "추가되는 호출",
            "Calls added",
            diff.calls_added.len(),
            pairs(&diff.calls_added),
        ),
        (
            "없어지는 호출",
            "Calls removed",
            diff.calls_removed.len(),
            pairs(&diff.calls_removed),
        ),
        (
            "바뀌는 호출",
            "Calls changed",
            diff.calls_changed.len(),
            pairs(&diff.calls_changed),
        ),
        (
            "추가되는 변경 결합 쌍",
            "Co-change pairs added",
            diff.co_changes_added,
            String::new(),
        ),
        (
            "없어지는 변경 결합 쌍",
            "Co-change pairs removed",
            diff.co_changes_removed,
            String::new(),
        ),
        (
            "바뀌는 변경 결합 쌍",
            "Co-change pairs changed",
            diff.co_changes_changed,
            String::new(),
        ),
        (
            "팀 태그가 채워지는 모듈",
            "Team tags set",
            diff.teams_set.len(),
            names(
                diff.teams_set
                    .iter()
                    .map(|(m, t)| format!("{m}: {t}"))
                    .collect(),
            ),
        ),
        (
            "읽기·쓰기 테이블이 바뀌는 모듈",
            "Modules with new tables",
            diff.tables_changed.len(),
            names(diff.tables_changed.clone()),
        ),
    ];
    rows.retain(|row| row.2 > 0);
    let unmatched = diff.unmatched.len();
    let unmatched_names = names(diff.unmatched.clone());
    let replaces = diff.replaces;
    let empty = rows.is_empty();
    view! {
        <p>{move || format!(
            "{}{} {} · {} {}",
            if replaces { locale.get().pick("같은 이름의 이전 가져오기를 바꿉니다. ", "Replaces the earlier import of the same name. ") } else { "" },
            co_changes, locale.get().pick("변경 결합 쌍", "co-change pairs"),
            owners, locale.get().pick("소유자가 있는 모듈", "modules with an owner"),
        )}</p>
        <Show when=move || empty>
            <p data-testid="layer-diff-empty">{tr("모델에서 바뀌는 것은 없습니다.", "Nothing in the model changes.")}</p>
        </Show>
        <ul class="layer-diff">
            {rows.into_iter().map(|(ko, en, count, names)| view! {
                <li><strong>{move || locale.get().pick(ko, en)}": " {count}</strong>
                    {(!names.is_empty()).then(|| view! { " — " <span class="muted">{names}</span> })}
                </li>
            }).collect_view()}
        </ul>
        {(unmatched != 0).then(|| view! {
            <p class="warning-note" data-testid="layer-unmatched">
                {move || format!(
                    "{} {unmatched} — {}",
                    locale.get().pick("모델에 없는 모듈 이름 (규칙으로 연결하세요):", "Names that match no module of the model (map them with rules):"),
                    unmatched_names.clone()
                )}
            </p>
        })}
    }
}

/// A traces layer's most frequent calls with their errors and latency.
#[component]
fn MeasuredCalls(calls: Vec<engine::model::LayerCall>, total: usize) -> impl IntoView {
    let locale = use_locale();
    let shown = calls.len();
    let ms = |v: f64| engine::metrics::format_value(v);
    view! {
        <details class="measured-calls">
            <summary>{move || if shown < total {
                format!("{} ({shown} / {total})", locale.get().pick("측정된 호출", "Measured calls"))
            } else {
                locale.get().pick("측정된 호출", "Measured calls").to_string()
            }}</summary>
            <div class="table-scroll">
                <table class="data-table" data-testid="measured-calls">
                    <thead><tr>
                        <th>{tr("호출", "Call")}</th>
                        <th class="num">{tr("횟수", "Count")}</th>
                        <th class="num">{tr("오류", "Errors")}</th>
                        <th class="num">"p50 ms"</th>
                        <th class="num">"p95 ms"</th>
                        <th class="num">"p99 ms"</th>
                        <th>{tr("방식", "Style")}</th>
                    </tr></thead>
                    <tbody>
                        {calls.into_iter().map(|c| {
                            let latency = c.latency;
                            let style = c.style;
                            view! {
                                <tr>
                                    <td class="mono">{format!("{} → {}", c.caller, c.callee)}</td>
                                    <td class="num">{c.count}</td>
                                    <td class="num">{c.errors.map_or_else(|| "—".to_string(), |e| e.to_string())}</td>
                                    <td class="num">{latency.map_or_else(|| "—".to_string(), |l| ms(l.p50))}</td>
                                    <td class="num">{latency.map_or_else(|| "—".to_string(), |l| ms(l.p95))}</td>
                                    <td class="num">{latency.map_or_else(|| "—".to_string(), |l| ms(l.p99))}</td>
                                    <td>{move || if style == engine::model::CallStyle::Async { locale.get().pick("비동기", "async") } else { locale.get().pick("동기", "sync") }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
