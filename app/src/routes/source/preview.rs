//! What a scan found, shown before any project is made of it: the counts, every
//! table with who reads and who writes it, the routes, and what was left out.

use leptos::prelude::*;

use crate::i18n::{tr, use_locale};
use crate::models::ScanPreview;

/// The preview of one scan.
#[component]
pub fn ScanFindings(preview: ScanPreview) -> impl IntoView {
    let locale = use_locale();
    let ScanPreview {
        name,
        languages,
        modules,
        dependencies,
        tables,
        entry_points,
        skipped,
        skipped_total,
        broken,
        broken_total,
        seconds,
    } = preview;
    let read: Vec<String> = languages
        .iter()
        .map(|(language, files, lines)| format!("{language} {files} · {lines}"))
        .collect();
    let read = read.join(", ");
    let (table_count, route_count) = (tables.len(), entry_points.len());
    let summary = move || {
        let l = locale.get();
        format!(
            "{name}: {modules} {} · {dependencies} {} · {table_count} {} · {route_count} {} ({seconds:.1} s)",
            l.pick("모듈", "modules"),
            l.pick("의존", "dependencies"),
            l.pick("테이블", "tables"),
            l.pick("진입점", "entry points"),
        )
    };
    view! {
        <div class="scan-findings" data-testid="scan-preview">
            <p data-testid="scan-summary"><strong>{summary}</strong></p>
            <p class="muted">{tr("읽은 파일 (언어 파일 수 · 줄 수): ", "Read (language files · lines): ")}{read}</p>
            <h3>{tr("테이블", "Tables")}</h3>
            <Show
                when={move || table_count > 0}
                fallback=|| view! { <p class="muted">{tr("코드에서 테이블 접근을 찾지 못했습니다.", "No table access was found in the code.")}</p> }
            >
                <table class="data-table" data-testid="scan-tables">
                    <thead>
                        <tr>
                            <th>{tr("테이블", "Table")}</th>
                            <th>{tr("쓰는 모듈", "Written by")}</th>
                            <th>{tr("읽기만 하는 모듈", "Only read by")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {tables
                            .iter()
                            .map(|t| view! {
                                <tr data-table=t.table.clone()>
                                    <td>{t.table.clone()}</td>
                                    <td>{t.writers.join(", ")}</td>
                                    <td>{t.readers.join(", ")}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Show>
            <h3>{tr("진입점", "Entry points")}</h3>
            <Show
                when={move || route_count > 0}
                fallback=|| view! { <p class="muted">{tr("라우트를 찾지 못했습니다.", "No routes were found.")}</p> }
            >
                <ul class="scan-routes" data-testid="scan-routes">
                    {entry_points
                        .iter()
                        .map(|(route, module)| view! { <li><code>{route.clone()}</code>" → "{module.clone()}</li> })
                        .collect_view()}
                </ul>
            </Show>
            <Show when={move || skipped_total + broken_total > 0}>
                <details data-testid="scan-skipped">
                    <summary>
                        {move || format!(
                            "{} {skipped_total} · {} {broken_total}",
                            locale.get().pick("제외됨", "Left out"),
                            locale.get().pick("일부만 읽음", "read in part"),
                        )}
                    </summary>
                    <ul>
                        {skipped
                            .iter()
                            .map(|(path, why)| view! { <li><code>{path.clone()}</code>": "{why.clone()}</li> })
                            .collect_view()}
                        {broken
                            .iter()
                            .map(|(path, lines)| {
                                let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
                                let lines = lines.join(", ");
                                view! {
                                    <li>
                                        <code>{path.clone()}</code>
                                        {move || format!(
                                            ": {} {lines}",
                                            locale.get().pick("파서가 읽지 못한 줄", "lines the parser could not read:"),
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <Show when=move || { skipped_total.max(broken_total) > ScanPreview::SHOWN }>
                        <p class="muted">{tr("처음 200개만 보입니다.", "Only the first 200 are listed.")}</p>
                    </Show>
                </details>
            </Show>
        </div>
    }
}
