use std::fmt::Write as _;

use super::{LISTED_CROSS_CALLS, ReportInput};
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
        input.project.name,
        t("분해 보고서", "Decomposition report")
    );
    if !input.project.description.is_empty() {
        let _ = writeln!(out, "{}\n", input.project.description);
    }

    let readiness = &analysis.readiness;
    let _ = writeln!(
        out,
        "## {}\n",
        t("MSA 준비도 판정", "MSA readiness verdict")
    );
    let _ = writeln!(out, "**{}**\n", readiness.headline.in_language(language));
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
                q.id,
                q.text.in_language(language),
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
            comparison.splits.join(" | ")
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
            let _ = writeln!(out, "| {} | {} |", info.name(language), cells.join(" | "));
        }
        let _ = writeln!(
            out,
            "\n{} {}\n",
            t("굵게 ✓: 더 나은 값.", "Bold ✓: better value."),
            comparison.summary.in_language(language)
        );
    }

    for split in &analysis.splits {
        let _ = writeln!(out, "## {}: {}\n", t("분해안", "Split"), split.name);
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
                service.name,
                service.modules.len(),
                format_value(service.size),
                service.fan_in,
                service.fan_out,
                service.teams.join(", ")
            );
        }
        out.push('\n');
        for service in split.services.iter().filter(|s| !s.modules.is_empty()) {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                service.name,
                service.modules.join(", ")
            );
        }
        out.push('\n');
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
                    call.caller,
                    call.callee,
                    call.from,
                    call.to,
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
            let severity = match finding.severity {
                crate::advice::Severity::Critical => t("심각", "Critical"),
                crate::advice::Severity::Warning => t("경고", "Warning"),
                crate::advice::Severity::Info => t("참고", "Info"),
            };
            let _ = writeln!(
                out,
                "- **{severity}** — {}\n  - {}: {}\n  - {}: {}",
                finding.title.in_language(language),
                t("패턴", "Pattern"),
                finding.pattern.in_language(language),
                t("이유", "Why"),
                finding.why.in_language(language)
            );
        }
        out.push('\n');
    }
    out
}
