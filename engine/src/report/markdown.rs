use std::fmt::Write as _;

use super::{LISTED_CROSS_CALLS, ReportInput};
use crate::formats::one_line;
use crate::metrics::{METRICS, format_value};
use crate::readiness::Verdict;
use crate::text::Language;

/// The report as Markdown.
pub fn markdown(input: &ReportInput<'_>, language: Language) -> String {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en);
    let mut out = String::new();
    let analysis = input.analysis;
    let _ = writeln!(
        out,
        "# {} — {}\n",
        inline(&input.project.name),
        t("분해 보고서", "Decomposition report")
    );
    if !input.project.description.is_empty() {
        let _ = writeln!(out, "{}\n", paragraph(&input.project.description));
    }

    let readiness = &analysis.readiness;
    let _ = writeln!(
        out,
        "## {}\n",
        t("MSA 준비도 판정", "MSA readiness verdict")
    );
    let _ = writeln!(
        out,
        "**{}**\n",
        inline(readiness.headline.in_language(language))
    );
    if readiness.verdict != Verdict::NotAnswered {
        let score = |s: Option<f64>| s.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0));
        let _ = writeln!(
            out,
            "{}: {} · {}: {} · {}: {}\n",
            t("필요성", "Necessity"),
            score(readiness.necessity),
            t("가능 여부", "Feasibility"),
            score(readiness.feasibility),
            t("참여자", "Participants"),
            readiness.participants
        );
        let _ = writeln!(
            out,
            "| # | {} | {} | {} | {} | {} | {} |\n|---|---|---:|---:|---:|---:|---:|",
            t("질문", "Question"),
            t("예", "Yes"),
            t("일부", "Partly"),
            t("아니오", "No"),
            t("모름", "Don't know"),
            t("점수", "Score")
        );
        for q in &readiness.questions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                inline(&q.id),
                inline(q.text.in_language(language)),
                q.counts[0],
                q.counts[1],
                q.counts[2],
                q.counts[3],
                score(q.score)
            );
        }
        out.push('\n');
    }

    let s = &input.summary;
    let _ = writeln!(out, "## {}\n", t("모델 요약", "Model summary"));
    let _ = writeln!(
        out,
        "- {}: {}\n- {}: {}\n- {}: {} ({}: {})\n- {}: {} · {}: {} · {}: {} · {}: {}\n- {}: {} · {}: {}\n",
        t("모듈", "Modules"),
        s.modules,
        t("진입점", "Entry points"),
        s.entry_points,
        t("호출", "Calls"),
        s.calls,
        t("총 호출량", "total volume"),
        format_value(s.volume),
        t("비즈니스 능력", "Capabilities"),
        s.capabilities,
        t("서브도메인", "Subdomains"),
        s.subdomains,
        t("팀", "Teams"),
        s.teams,
        t("테이블", "Tables"),
        s.tables,
        t("비동기 호출", "Asynchronous calls"),
        s.async_calls,
        t("원자적 호출", "Atomic calls"),
        s.transactional_calls
    );

    let comparison = &analysis.comparison;
    if !comparison.splits.is_empty() {
        let _ = writeln!(out, "## {}\n", t("분해안 비교", "Splits compared"));
        let _ = writeln!(
            out,
            "| {} | {} |",
            t("지표", "Metric"),
            comparison
                .splits
                .iter()
                .map(|name| inline(name))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(out, "|---|{}", "---:|".repeat(comparison.splits.len()));
        for (row, info) in comparison.rows.iter().zip(METRICS) {
            let cells: Vec<String> = row
                .values
                .iter()
                .enumerate()
                .map(|(ix, v)| {
                    if row.best.contains(&ix) {
                        format!("**{}** ✓", format_value(*v))
                    } else {
                        format_value(*v)
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} |",
                inline(info.name(language)),
                cells.join(" | ")
            );
        }
        let _ = writeln!(
            out,
            "\n{} {}\n",
            t("굵게 ✓: 더 나은 값.", "Bold ✓: better value."),
            inline(comparison.summary.in_language(language))
        );
    }

    for split in &analysis.splits {
        let _ = writeln!(
            out,
            "## {}: {}\n",
            t("분해안", "Split"),
            inline(&split.name)
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---|",
            t("서비스", "Service"),
            t("모듈", "Modules"),
            t("크기", "Size"),
            t("팬인", "Fan-in"),
            t("팬아웃", "Fan-out"),
            t("팀", "Teams")
        );
        for service in &split.services {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                inline(&service.name),
                service.modules.len(),
                format_value(service.size),
                service.fan_in,
                service.fan_out,
                list(&service.teams)
            );
        }
        out.push('\n');
        for service in split.services.iter().filter(|s| !s.modules.is_empty()) {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                inline(&service.name),
                list(&service.modules)
            );
        }
        out.push('\n');
        history_markdown(&mut out, split, language);
        if !split.cross_calls.is_empty() {
            let _ = writeln!(
                out,
                "### {} ({})\n\n| {} | {} | {} | {} |\n|---|---|---:|---|",
                t("서비스 간 호출", "Cross-service calls"),
                split.cross_calls.len(),
                t("호출", "Call"),
                t("서비스", "Services"),
                t("호출량", "Volume"),
                t("방식", "Style")
            );
            for call in split.cross_calls.iter().take(LISTED_CROSS_CALLS) {
                let _ = writeln!(
                    out,
                    "| {} → {} | {} → {} | {} | {}{} |",
                    inline(&call.caller),
                    inline(&call.callee),
                    inline(&call.from),
                    inline(&call.to),
                    format_value(call.volume),
                    if call.sync {
                        t("동기", "sync")
                    } else {
                        t("비동기", "async")
                    },
                    if call.transactional {
                        t(", 원자적", ", atomic")
                    } else {
                        ""
                    }
                );
            }
            if split.cross_calls.len() > LISTED_CROSS_CALLS {
                let _ = writeln!(
                    out,
                    "\n{} {}",
                    split.cross_calls.len() - LISTED_CROSS_CALLS,
                    t(
                        "건 더 있음 (호출량이 적은 순).",
                        "more, smaller calls not listed."
                    )
                );
            }
            out.push('\n');
        }
        let _ = writeln!(out, "### {}\n", t("권고", "Advice"));
        if split.advice.is_empty() {
            let _ = writeln!(out, "{}\n", t("지적 사항 없음.", "No findings."));
        }
        for finding in &split.advice {
            let severity = finding.severity.label();
            let severity = severity.in_language(language);
            let _ = writeln!(
                out,
                "- **{severity}** — {}\n  - {}: {}\n  - {}: {}",
                inline(finding.title.in_language(language)),
                t("패턴", "Pattern"),
                inline(finding.pattern.in_language(language)),
                t("이유", "Why"),
                inline(finding.why.in_language(language))
            );
        }
        out.push('\n');
    }
    out
}

/// Text for inside a line of Markdown (a heading, a table cell, a list item),
/// shown as typed and never as markup: on one line (a line break would end a
/// table row); `&`, `<` and `>` as entities, so no HTML tag (`<script>`,
/// `<img onerror=…>`) or autolink (`<javascript:…>`) can form; and a backslash
/// before every character that makes links, code, emphasis or table cells
/// (`[`, `]`, `` ` ``, `*`, `~`, `|`, `#`, `$`, `\\`, and `_` where it is not
/// inside a word), so no `[text](javascript:…)` link can form either.
/// What the change history says about a split (nothing without a history layer).
fn history_markdown(out: &mut String, split: &crate::analysis::SplitAnalysis, language: Language) {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en);
    let owned: Vec<_> = split
        .services
        .iter()
        .filter(|s| !s.owners.is_empty())
        .collect();
    if split.co_change.is_empty() && owned.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### {}\n",
        t("변경 이력의 근거", "Evidence from the change history")
    );
    if !split.co_change.is_empty() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |\n|---|---:|---:|---|",
            t("함께 바뀌는 서비스", "Services that change together"),
            t("공유 커밋", "Shared commits"),
            t("가장 강한 결합", "Strongest coupling"),
            t("그 모듈 쌍", "That module pair")
        );
        for pair in &split.co_change {
            let _ = writeln!(
                out,
                "| {} ↔ {} | {} | {}% | {} ↔ {} |",
                inline(split.service_name(&pair.a)),
                inline(split.service_name(&pair.b)),
                pair.shared,
                pair.degree,
                inline(&pair.modules.0),
                inline(&pair.modules.1)
            );
        }
        out.push('\n');
    }
    for service in owned {
        let _ = writeln!(
            out,
            "- {} **{}**: {}",
            t("작성자", "Authors of"),
            inline(&service.name),
            list(&service.owners)
        );
    }
    out.push('\n');
}

fn inline(text: &str) -> String {
    let chars: Vec<char> = one_line(text).chars().collect();
    let mut out = String::with_capacity(text.len());
    for (ix, &c) in chars.iter().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '`' | '*' | '~' | '|' | '#' | '$' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !inside_word(&chars, ix) => out.push_str("\\_"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the character at `ix` has a letter or digit on both sides, where
/// `_` cannot start or end emphasis and so stays unescaped (`order_service`).
fn inside_word(chars: &[char], ix: usize) -> bool {
    let alphanumeric = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    ix > 0 && alphanumeric(chars.get(ix - 1)) && alphanumeric(chars.get(ix + 1))
}

/// Names as one inline list, each escaped.
fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| inline(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text that starts a line of its own (the project description): inline
/// text, trimmed so it cannot indent into a code block, with a leading list
/// marker (`-`, `+`, `1.`, `1)`) escaped so that it stays a paragraph.
fn paragraph(text: &str) -> String {
    let text = inline(text).trim().to_string();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match text[digits..].chars().next() {
        Some('-' | '+') if digits == 0 => format!("\\{text}"),
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &text[..digits], &text[digits..]),
        _ => text,
    }
}
