//! Paging and sorting for tables the server pages (see [`TableQuery`]).

use leptos::prelude::*;

use crate::i18n::{tr, use_locale};
use crate::models::TableQuery;

/// A column header that sorts the table by `key` (again: the other way round).
#[component]
pub fn SortHeader(
    query: RwSignal<TableQuery>,
    key: &'static str,
    ko: &'static str,
    en: &'static str,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let locale = use_locale();
    let state = move || {
        query.with(|q| match (q.sort == key, q.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        })
    };
    view! {
        <th class=if numeric { "num" } else { "" } aria-sort=state>
            <button type="button" class="sort" data-testid=format!("sort-{key}") on:click=move |_| query.update(|q| {
                if q.sort == key {
                    q.descending = !q.descending;
                } else {
                    q.sort = key.to_string();
                    q.descending = false;
                }
                q.offset = 0;
            })>
                {move || locale.get().pick(ko, en)}
                <span class="sort-mark" aria-hidden="true">{move || match state() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </th>
    }
}

/// "1–100 of 10,000", with the previous and next pages.
#[component]
pub fn Pager(
    query: RwSignal<TableQuery>,
    total: usize,
    matching: usize,
    offset: usize,
    shown: usize,
) -> impl IntoView {
    let locale = use_locale();
    let limit = move || query.with(|q| q.limit.max(1));
    let text = move || {
        let ko = locale.get() == crate::i18n::Locale::Ko;
        let range = if shown == 0 {
            "0".to_string()
        } else {
            format!("{}–{}", offset + 1, offset + shown)
        };
        match (ko, matching == total) {
            (true, true) => format!("{total}개 중 {range}"),
            (true, false) => format!("찾은 {matching}개 중 {range} (전체 {total}개)"),
            (false, true) => format!("{range} of {total}"),
            (false, false) => format!("{range} of {matching} found ({total} in all)"),
        }
    };
    view! {
        <div class="pager" data-testid="pager">
            <span data-testid="pager-range">{text}</span>
            <button type="button" data-testid="page-previous" disabled=move || offset == 0 on:click=move |_| query.update(|q| q.offset = offset.saturating_sub(limit()))>
                {tr("이전", "Previous")}
            </button>
            <button type="button" data-testid="page-next" disabled={move || offset + shown >= matching} on:click=move |_| query.update(|q| q.offset = offset + limit())>
                {tr("다음", "Next")}
            </button>
        </div>
    }
}
