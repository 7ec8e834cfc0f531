//! The model: modules and calls, edited inline, imported, and drawn as a graph.
//! The tables show one page at a time, filtered and sorted by the server, so a
//! model of tens of thousands of modules opens as fast as the demo.

use engine::edit::Edit;
use engine::model::{Call, CallKind, CallStyle, Module, SubdomainKind};
use engine::text::Text;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::context::use_project;
use super::graph::CallGraph;
use super::tables::{Pager, SortHeader};
use crate::components::feedback::ErrorNote;
use crate::components::import_panel::import_panel_view;
use crate::components::layer_panel::LayerPanel;
use crate::components::lazy_view::LazyView;
use crate::errors::AppError;
use crate::functions::imports::{ImportSource, replace_model};
use crate::functions::views::{read_calls, read_module, read_modules};
use crate::i18n::{tr, use_locale};
use crate::models::TableQuery;

crate::routes::lazy::lazy_page!(
    /// The model page as a lazy route (see `HomeRoute`).
    ModelRoute => ModelPage
);

/// `/p/:id/model`.
#[component]
pub fn ModelPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let view_mode = RwSignal::new("tables");
    let selected = RwSignal::new(None::<String>);
    let import_open = RwSignal::new(false);
    let evidence_open = RwSignal::new(false);
    let import_error = RwSignal::new(None::<AppError>);
    let replacing = RwSignal::new(false);
    let replace = Callback::new(move |source: ImportSource| {
        replacing.set(true);
        spawn_local(async move {
            match replace_model(context.id(), source).await {
                Ok(_) => {
                    import_open.set(false);
                    import_error.set(None);
                    context.reload().await;
                }
                Err(e) => import_error.set(Some(e)),
            }
            replacing.set(false);
        });
    });
    // The buttons that open a lazy part fetch its chunk as the pointer comes
    // onto them.
    view! {
        <section class="model">
            <div class="toolbar">
                <div class="segmented" role="group" aria-label=move || locale.get().pick("보기", "View")>
                    <button type="button" aria-pressed=move || (view_mode.get() == "tables").to_string() on:click=move |_| view_mode.set("tables")>{tr("표", "Tables")}</button>
                    <button type="button" data-testid="show-graph" aria-pressed=move || (view_mode.get() == "graph").to_string() on:pointerenter=move |_| { let _ = lazy_preload!(call_graph); } on:click=move |_| view_mode.set("graph")>{tr("호출 그래프", "Call graph")}</button>
                </div>
                <Show when=move || context.can_edit()>
                    <button type="button" data-testid="open-import" on:pointerenter=move |_| { let _ = lazy_preload!(crate::components::import_panel::import_panel_view); } on:click=move |_| import_open.update(|o| *o = !*o)>{tr("가져오기…", "Import…")}</button>
                </Show>
                <button type="button" data-testid="open-evidence" aria-expanded=move || evidence_open.get().to_string() on:pointerenter=move |_| { let _ = lazy_preload!(evidence_panel); } on:click=move |_| evidence_open.update(|o| *o = !*o)>{tr("근거 더하기 (이력·트레이스·분석기)…", "Evidence (history, traces, analyzers)…")}</button>
            </div>
            <Show when=move || evidence_open.get()>
                <LazyView load=evidence_panel/>
            </Show>
            <Show when=move || import_open.get()>
                <div class="card">
                    <h2>{tr("모델 가져오기 (모듈과 호출을 바꿉니다)", "Import a model (replaces modules and calls)")}</h2>
                    <LazyView load=move || import_panel_view(
                        Signal::derive(move || locale.get().pick("모델 바꾸기", "Replace the model").to_string()),
                        replace,
                        replacing.into(),
                        false,
                    )/>
                    <ErrorNote error=import_error/>
                </div>
            </Show>
            <Show when=move || view_mode.get() == "graph">
                <LazyView load=move || call_graph(selected)/>
            </Show>
            <Show when=move || view_mode.get() == "tables">
                <ModulesTable selected=selected/>
                <CallsTable/>
            </Show>
        </section>
    }
}

/// The evidence panel, a chunk of its own: it starts closed.
#[lazy]
fn evidence_panel() -> AnyView {
    view! { <LayerPanel/> }.into_any()
}

/// The call graph, a chunk of its own: the page starts on the tables.
#[lazy]
fn call_graph(selected: RwSignal<Option<String>>) -> AnyView {
    view! { <CallGraph selected/> }.into_any()
}

fn list_text(items: &[String]) -> String {
    items.join("; ")
}

fn parse_list(text: &str) -> Vec<String> {
    text.split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Form state of one module.
#[derive(Clone, Copy)]
struct ModuleFields {
    id: RwSignal<String>,
    name: RwSignal<String>,
    capability: RwSignal<String>,
    subdomain: RwSignal<String>,
    kind: RwSignal<String>,
    team: RwSignal<String>,
    size: RwSignal<String>,
    use_cases: RwSignal<String>,
    reads: RwSignal<String>,
    writes: RwSignal<String>,
    entry: RwSignal<bool>,
}

impl ModuleFields {
    fn new() -> ModuleFields {
        ModuleFields {
            id: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            capability: RwSignal::new(String::new()),
            subdomain: RwSignal::new(String::new()),
            kind: RwSignal::new(String::new()),
            team: RwSignal::new(String::new()),
            size: RwSignal::new("1".into()),
            use_cases: RwSignal::new(String::new()),
            reads: RwSignal::new(String::new()),
            writes: RwSignal::new(String::new()),
            entry: RwSignal::new(false),
        }
    }

    fn load(&self, m: &Module) {
        self.id.set(m.id.clone());
        self.name.set(m.name.clone());
        self.capability
            .set(m.capability.clone().unwrap_or_default());
        self.subdomain.set(m.subdomain.clone().unwrap_or_default());
        self.kind.set(match m.subdomain_kind {
            Some(SubdomainKind::Core) => "core".into(),
            Some(SubdomainKind::Supporting) => "supporting".into(),
            Some(SubdomainKind::Generic) => "generic".into(),
            None => String::new(),
        });
        self.team.set(m.team.clone().unwrap_or_default());
        self.size.set(m.size.to_string());
        self.use_cases.set(list_text(&m.use_cases));
        self.reads.set(list_text(&m.reads));
        self.writes.set(list_text(&m.writes));
        self.entry.set(m.entry_point);
    }

    /// The module, or the field errors (field, message).
    fn module(&self, original: Option<&Module>) -> Result<Module, Vec<(&'static str, Text)>> {
        let mut errors = Vec::new();
        let id = self.id.get_untracked().trim().to_string();
        if id.is_empty() {
            errors.push(("id", Text::new("ID를 입력하세요", "the id is required")));
        }
        let size = self
            .size
            .get_untracked()
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|s| engine::graph::valid_magnitude(*s));
        if size.is_none() {
            errors.push((
                "size",
                Text::new(
                    "크기는 0부터 10¹²까지의 수여야 합니다",
                    "the size must be a number from 0 to 10¹²",
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut module = original.cloned().unwrap_or_else(|| Module::new(id.clone()));
        module.id = id;
        module.name = self.name.get_untracked().trim().to_string();
        module.capability = optional(&self.capability.get_untracked());
        module.subdomain = optional(&self.subdomain.get_untracked());
        module.subdomain_kind = match self.kind.get_untracked().as_str() {
            "core" => Some(SubdomainKind::Core),
            "supporting" => Some(SubdomainKind::Supporting),
            "generic" => Some(SubdomainKind::Generic),
            _ => None,
        };
        module.team = optional(&self.team.get_untracked());
        module.size = size.unwrap_or(1.0);
        module.use_cases = parse_list(&self.use_cases.get_untracked());
        module.reads = parse_list(&self.reads.get_untracked());
        module.writes = parse_list(&self.writes.get_untracked());
        module.entry_point = self.entry.get_untracked();
        Ok(module)
    }
}

#[component]
fn TextCell(
    value: RwSignal<String>,
    label: &'static str,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    view! {
        <td>
            <input aria-label=label data-testid=format!("module-{label}") prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())/>
            {error.map(|e| view! { <Show when=move || e.get().is_some()><span class="field-error" role="alert">{move || e.get().unwrap_or_default()}</span></Show> })}
        </td>
    }
}

/// An editable row of module fields.
#[component]
fn ModuleEditRow(
    fields: ModuleFields,
    editing_existing: bool,
    on_save: Callback<()>,
    on_cancel: Callback<()>,
    errors: RwSignal<Vec<(&'static str, Text)>>,
) -> impl IntoView {
    let locale = use_locale();
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            errors
                .get()
                .into_iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m.in_language(locale.get().language()).to_string())
        })
    };
    view! {
        <tr class="edit-row">
            <td>
                <input aria-label="id" data-testid="module-id" prop:value=move || fields.id.get() disabled=editing_existing on:input:target=move |ev| fields.id.set(ev.target().value())/>
                <Show when=move || error_for("id").get().is_some()><span class="field-error" role="alert">{move || error_for("id").get().unwrap_or_default()}</span></Show>
            </td>
            <TextCell value=fields.name label="name"/>
            <TextCell value=fields.capability label="capability"/>
            <td>
                <input aria-label="subdomain" data-testid="module-subdomain" prop:value=move || fields.subdomain.get() on:input:target=move |ev| fields.subdomain.set(ev.target().value())/>
                <select aria-label="subdomain kind" on:change:target=move |ev| fields.kind.set(ev.target().value())>
                    {[("", "—", "—"), ("core", "핵심", "core"), ("supporting", "지원", "supporting"), ("generic", "일반", "generic")].into_iter().map(|(k, ko, en)| view! { <option value=k selected=move || fields.kind.get() == k>{move || locale.get().pick(ko, en)}</option> }).collect_view()}
                </select>
            </td>
            <TextCell value=fields.team label="team"/>
            <TextCell value=fields.size label="size" error=error_for("size")/>
            <TextCell value=fields.use_cases label="use cases"/>
            <TextCell value=fields.reads label="reads"/>
            <TextCell value=fields.writes label="writes"/>
            <td><input type="checkbox" aria-label="entry point" prop:checked=move || fields.entry.get() on:change:target=move |ev| fields.entry.set(ev.target().checked())/></td>
            <td class="row-actions">
                <button type="button" class="primary" data-testid="module-save" on:click=move |_| on_save.run(())>{tr("저장", "Save")}</button>
                <button type="button" on:click=move |_| on_cancel.run(())>{tr("취소", "Cancel")}</button>
            </td>
        </tr>
    }
}

/// Rows per page of the model tables.
const PAGE_ROWS: usize = 100;

fn first_page() -> TableQuery {
    TableQuery {
        limit: PAGE_ROWS,
        ..TableQuery::default()
    }
}

#[component]
fn ModulesTable(selected: RwSignal<Option<String>>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let editing = RwSignal::new(None::<Module>);
    let adding = RwSignal::new(false);
    let fields = ModuleFields::new();
    let field_errors = RwSignal::new(Vec::<(&'static str, Text)>::new());
    let error = RwSignal::new(None::<AppError>);
    let query = RwSignal::new(first_page());
    let page = Resource::new(
        move || (context.id(), context.revision(), query.get()),
        |(id, _, query)| read_modules(id, query),
    );
    let save = Callback::new(move |()| {
        let original = editing.get_untracked();
        let module = match fields.module(original.as_ref()) {
            Err(errors) => {
                field_errors.set(errors);
                return;
            }
            Ok(module) => module,
        };
        spawn_local(async move {
            if original.is_none() && read_module(context.id(), module.id.clone()).await.is_ok() {
                let exists = Text::new(
                    "같은 ID의 모듈이 이미 있습니다",
                    "a module with this id exists already",
                );
                field_errors.set(vec![("id", exists)]);
                return;
            }
            match context.submit(Edit::PutModule { module }).await {
                Ok(_) => {
                    editing.set(None);
                    adding.set(false);
                    field_errors.set(Vec::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let cancel = Callback::new(move |()| {
        editing.set(None);
        adding.set(false);
        field_errors.set(Vec::new());
    });
    let delete = move |id: String| {
        spawn_local(async move {
            if let Err(e) = context.submit(Edit::DeleteModule { id }).await {
                error.set(Some(e));
            }
        });
    };
    let start_editing = move |module: Module| {
        fields.load(&module);
        adding.set(false);
        editing.set(Some(module));
    };
    // Open the module selected in the graph for editing.
    Effect::new(move |_| {
        if let Some(id) = selected.get() {
            spawn_local(async move {
                if let Ok(detail) = read_module(context.id(), id).await {
                    start_editing(detail.module);
                }
            });
        }
    });
    view! {
        <div class="card">
            <div class="card-head">
                <h2>{tr("모듈", "Modules")} " " <span class="count">{move || context.head.with(|h| h.summary.modules + h.summary.entry_points)}</span></h2>
                <input
                    type="search"
                    data-testid="module-filter"
                    aria-label=move || locale.get().pick("모듈 찾기", "Filter modules")
                    placeholder=move || locale.get().pick("id, 이름, 태그로 찾기…", "Filter by id, name or tag…")
                    value=query.with_untracked(|q| q.filter.clone())
                    prop:value=move || query.with(|q| q.filter.clone())
                    on:input:target=move |ev| query.update(|q| {
                        q.filter = ev.target().value();
                        q.offset = 0;
                    })
                />
                <Show when=move || context.can_edit()>
                    <button type="button" data-testid="add-module" on:click=move |_| {
                        fields.load(&Module::new(""));
                        editing.set(None);
                        adding.set(true);
                    }>{tr("모듈 추가", "Add module")}</button>
                </Show>
            </div>
            <ErrorNote error=error/>
            <div class="table-scroll">
                <table class="data-table" data-testid="modules-table">
                    <thead>
                        <tr>
                            <SortHeader query key="id" ko="id" en="id"/>
                            <SortHeader query key="name" ko="이름" en="Name"/>
                            <SortHeader query key="capability" ko="비즈니스 능력" en="Capability"/>
                            <SortHeader query key="subdomain" ko="서브도메인" en="Subdomain"/>
                            <SortHeader query key="team" ko="팀" en="Team"/>
                            <SortHeader query key="size" ko="크기" en="Size" numeric=true/>
                            <th>{tr("유스케이스", "Use cases")}</th>
                            <th>{tr("읽는 테이블", "Reads")}</th>
                            <th>{tr("쓰는 테이블", "Writes")}</th>
                            <th>{tr("진입점", "Entry")}</th>
                            <th class="row-actions"></th>
                        </tr>
                    </thead>
                    <tbody>
                        <Show when=move || adding.get()>
                            <ModuleEditRow fields=fields editing_existing=false on_save=save on_cancel=cancel errors=field_errors/>
                        </Show>
                        <Transition>
                            {move || Suspend::new(async move {
                                let rows = page.await.map(|p| p.rows).unwrap_or_default();
                                // Keyed by content, so a change by someone else re-renders only the
                                // rows it touched: the row being edited keeps its focus and text.
                                let editing_id = editing.with(|e| e.as_ref().map(|m| m.id.clone()));
                                let keyed: Vec<(String, Option<Module>)> = rows
                                    .into_iter()
                                    .map(|m| {
                                        if editing_id.as_deref() == Some(m.id.as_str()) {
                                            (format!("edit:{}", m.id), None)
                                        } else {
                                            (serde_json::to_string(&m).unwrap_or_else(|_| m.id.clone()), Some(m))
                                        }
                                    })
                                    .collect();
                                view! {
                                    <For each=move || keyed.clone() key=|(key, _)| key.clone() let:((_, row))>
                                        {match row {
                                            None => view! { <ModuleEditRow fields=fields editing_existing=true on_save=save on_cancel=cancel errors=field_errors/> }.into_any(),
                                            Some(m) => view! { <ModuleRow module=m on_edit=Callback::new(start_editing) on_delete=Callback::new(delete)/> }.into_any(),
                                        }}
                                    </For>
                                }
                            })}
                        </Transition>
                    </tbody>
                </table>
            </div>
            <Transition>
                {move || Suspend::new(async move {
                    page.await.ok().map(|p| view! { <Pager query total=p.total matching=p.matching offset=p.offset shown=p.rows.len()/> })
                })}
            </Transition>
        </div>
    }
}

/// One module, with Edit and Delete for editors.
#[component]
fn ModuleRow(
    module: Module,
    on_edit: Callback<Module>,
    on_delete: Callback<String>,
) -> impl IntoView {
    let context = use_project();
    let m = module.clone();
    view! {
        <tr data-testid="module-row">
            <td class="mono">{m.id.clone()}</td>
            <td>{m.name.clone()}</td>
            <td>{m.capability.clone().unwrap_or_default()}</td>
            <td>{m.subdomain.clone().unwrap_or_default()}</td>
            <td>{m.team.clone().unwrap_or_default()}</td>
            <td class="num">{m.size.to_string()}</td>
            <td>{list_text(&m.use_cases)}</td>
            <td>{list_text(&m.reads)}</td>
            <td>{list_text(&m.writes)}</td>
            <td>{if m.entry_point { "✓" } else { "" }}</td>
            <td class="row-actions">
                <Show when=move || context.can_edit()>
                    {
                        let module = module.clone();
                        let id = module.id.clone();
                        view! {
                            <button type="button" on:click=move |_| on_edit.run(module.clone())>{tr("편집", "Edit")}</button>
                            <button type="button" class="danger" on:click=move |_| on_delete.run(id.clone())>{tr("삭제", "Delete")}</button>
                        }
                    }
                </Show>
            </td>
        </tr>
    }
}

/// A module id input that suggests ids matching what is typed (from the server).
#[component]
fn ModuleIdInput(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    let context = use_project();
    let list = format!("{id}-suggestions");
    let suggestions = Resource::new(
        move || (context.id(), value.get()),
        |(project, typed)| async move {
            if typed.trim().is_empty() {
                return Vec::new();
            }
            let query = TableQuery {
                filter: typed,
                limit: 20,
                ..TableQuery::default()
            };
            read_modules(project, query)
                .await
                .map(|page| page.rows.into_iter().map(|m| m.id).collect())
                .unwrap_or_default()
        },
    );
    view! {
        <input id=id list=list.clone() required autocomplete="off" prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())/>
        <datalist id=list>
            <Transition>
                {move || Suspend::new(async move {
                    suggestions.await.into_iter().map(|id| view! { <option value=id></option> }).collect_view()
                })}
            </Transition>
        </datalist>
    }
}

#[component]
fn CallsTable() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let (caller, callee, volume) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("1".to_string()),
    );
    let style = RwSignal::new("sync".to_string());
    let transactional = RwSignal::new(false);
    let query_kind = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let query = RwSignal::new(first_page());
    let page = Resource::new(
        move || (context.id(), context.revision(), query.get()),
        |(id, _, query)| read_calls(id, query),
    );
    let put = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(v) = volume
            .get_untracked()
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| engine::graph::valid_magnitude(*v))
        else {
            error.set(Some(AppError::invalid(
                "호출량은 0부터 10¹²까지의 수여야 합니다",
                "the volume must be a number from 0 to 10¹²",
            )));
            return;
        };
        let mut call = Call::new(caller.get_untracked().trim(), callee.get_untracked().trim());
        call.volume = v;
        call.style = if style.get_untracked() == "async" {
            CallStyle::Async
        } else {
            CallStyle::Sync
        };
        call.transactional = transactional.get_untracked();
        call.kind = if query_kind.get_untracked() {
            CallKind::Query
        } else {
            CallKind::Command
        };
        spawn_local(async move {
            match context.submit(Edit::PutCall { call }).await {
                Ok(_) => {
                    error.set(None);
                    caller.set(String::new());
                    callee.set(String::new());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let delete = move |caller: String, callee: String| {
        spawn_local(async move {
            if let Err(e) = context.submit(Edit::DeleteCall { caller, callee }).await {
                error.set(Some(e));
            }
        });
    };
    let edit = move |call: Call| {
        caller.set(call.caller.clone());
        callee.set(call.callee.clone());
        volume.set(call.volume.to_string());
        style.set(if call.style == CallStyle::Async {
            "async".into()
        } else {
            "sync".into()
        });
        transactional.set(call.transactional);
        query_kind.set(call.kind == CallKind::Query);
    };
    view! {
        <div class="card">
            <div class="card-head">
                <h2>{tr("호출", "Calls")} " " <span class="count">{move || context.head.with(|h| h.summary.calls)}</span></h2>
                <input
                    type="search"
                    data-testid="call-filter"
                    aria-label=move || locale.get().pick("호출 찾기", "Filter calls")
                    placeholder=move || locale.get().pick("호출자·피호출자로 찾기…", "Filter by caller or callee…")
                    value=query.with_untracked(|q| q.filter.clone())
                    prop:value=move || query.with(|q| q.filter.clone())
                    on:input:target=move |ev| query.update(|q| {
                        q.filter = ev.target().value();
                        q.offset = 0;
                    })
                />
            </div>
            <Show when=move || context.can_edit()>
                <form class="inline-form call-form" on:submit=put data-testid="call-form">
                    <div class="field"><label for="call-caller">{tr("호출자", "Caller")}</label><ModuleIdInput id="call-caller" value=caller/></div>
                    <div class="field"><label for="call-callee">{tr("피호출자", "Callee")}</label><ModuleIdInput id="call-callee" value=callee/></div>
                    <div class="field"><label for="call-volume">{tr("호출량", "Volume")}</label><input id="call-volume" inputmode="decimal" prop:value=move || volume.get() on:input:target=move |ev| volume.set(ev.target().value())/></div>
                    <div class="field"><label for="call-style">{tr("방식", "Style")}</label>
                        <select id="call-style" on:change:target=move |ev| style.set(ev.target().value())>
                            <option value="sync" selected=move || style.get() == "sync">{tr("동기", "sync")}</option>
                            <option value="async" selected=move || style.get() == "async">{tr("비동기", "async")}</option>
                        </select>
                    </div>
                    <label class="checkbox"><input type="checkbox" prop:checked=move || transactional.get() on:change:target=move |ev| transactional.set(ev.target().checked())/>{tr("원자적", "Atomic")}</label>
                    <label class="checkbox"><input type="checkbox" prop:checked=move || query_kind.get() on:change:target=move |ev| query_kind.set(ev.target().checked())/>{tr("조회", "Query")}</label>
                    <button type="submit" class="primary">{tr("호출 저장", "Save call")}</button>
                </form>
            </Show>
            <ErrorNote error=error/>
            <div class="table-scroll">
                <table class="data-table" data-testid="calls-table">
                    <thead>
                        <tr>
                            <SortHeader query key="caller" ko="호출자" en="Caller"/>
                            <SortHeader query key="callee" ko="피호출자" en="Callee"/>
                            <SortHeader query key="volume" ko="호출량" en="Volume" numeric=true/>
                            <th>{tr("방식", "Style")}</th>
                            <th>{tr("원자적", "Atomic")}</th>
                            <th class="row-actions"></th>
                        </tr>
                    </thead>
                    <tbody>
                        <Transition>
                            {move || Suspend::new(async move {
                                let rows = page.await.map(|p| p.rows).unwrap_or_default();
                                rows.into_iter().map(|c| {
                                    let call = c.clone();
                                    let (a, b) = (c.caller.clone(), c.callee.clone());
                                    let sync = c.style == CallStyle::Sync;
                                    view! {
                                        <tr data-testid="call-row">
                                            <td class="mono">{c.caller.clone()}</td>
                                            <td class="mono">{c.callee.clone()}</td>
                                            <td class="num">{engine::metrics::format_value(c.volume)}</td>
                                            <td>{move || if sync { locale.get().pick("동기", "sync") } else { locale.get().pick("비동기", "async") }}</td>
                                            <td>{if c.transactional { "✓" } else { "" }}</td>
                                            <td class="row-actions">
                                                <Show when=move || context.can_edit()>
                                                    {
                                                        let call = call.clone();
                                                        let (a, b) = (a.clone(), b.clone());
                                                        view! {
                                                            <button type="button" on:click=move |_| edit(call.clone())>{tr("편집", "Edit")}</button>
                                                            <button type="button" class="danger" on:click=move |_| delete(a.clone(), b.clone())>{tr("삭제", "Delete")}</button>
                                                        }
                                                    }
                                                </Show>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()
                            })}
                        </Transition>
                    </tbody>
                </table>
            </div>
            <Transition>
                {move || Suspend::new(async move {
                    page.await.ok().map(|p| view! { <Pager query total=p.total matching=p.matching offset=p.offset shown=p.rows.len()/> })
                })}
            </Transition>
        </div>
    }
}
