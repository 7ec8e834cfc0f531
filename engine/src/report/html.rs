use std::fmt::Write as _;

use super::{LISTED_CROSS_CALLS, ReportInput};
use crate::metrics::{Direction, METRICS, format_value};
use crate::text::Language;

const STYLE: &str = r#"
:root { --text:#1d1f21; --muted:#5b6166; --border:#d9dad5; --accent:#2357c6; --good:#1f7a3d; --bad:#b3261e; --warn:#9a6200; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif; color: var(--text); max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; word-break: keep-all; overflow-wrap: break-word; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
h2 { margin-top: 2.2rem; border-bottom: 2px solid var(--border); padding-bottom: .25rem; }
h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .92rem; }
th, td { border: 1px solid var(--border); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.best { font-weight: 700; color: var(--good); }
.verdict { font-size: 1.15rem; font-weight: 700; padding: .75rem 1rem; border-left: 6px solid var(--accent); background: #f0f3fb; }
.muted { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--border); padding: .5rem; }
figcaption { font-size: .85rem; font-weight: 600; }
.finding { border-left: 4px solid var(--border); padding: .25rem .75rem; margin: .6rem 0; }
.finding.critical { border-color: var(--bad); }
.finding.warning { border-color: var(--warn); }
.severity { font-weight: 700; text-transform: uppercase; font-size: .8rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-before: auto; break-after: avoid; }
  table, figure, .finding { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 16mm; }
"#;

/// The report as one standalone HTML document: inline CSS and SVG, no external
/// assets, prints cleanly to PDF from a browser.
pub fn html(input: &ReportInput<'_>, language: Language) -> String {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en);
    let analysis = input.analysis;
    let mut out = String::new();
    let title = format!(
        "{} — {}",
        input.project.name,
        t("분해 보고서", "Decomposition report")
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        language.code(),
        escape(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    if !input.project.description.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            escape(&input.project.description)
        );
    }

    let readiness = &analysis.readiness;
    let _ = writeln!(
        out,
        "<section id=\"readiness\">\n<h2>{}</h2>",
        t("MSA 준비도 판정", "MSA readiness verdict")
    );
    let _ = writeln!(
        out,
        "<p class=\"verdict\" data-verdict>{}</p>",
        escape(readiness.headline.in_language(language))
    );
    let score = |s: Option<f64>| s.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0));
    let _ = writeln!(
        out,
        "<p>{}: {} · {}: {} · {}: {}</p>",
        t("필요성", "Necessity"),
        score(readiness.necessity),
        t("가능 여부", "Feasibility"),
        score(readiness.feasibility),
        t("참여자", "Participants"),
        readiness.participants
    );
    let _ = writeln!(
        out,
        "<table><thead><tr><th>#</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
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
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&q.id),
            escape(q.text.in_language(language)),
            q.counts[0],
            q.counts[1],
            q.counts[2],
            q.counts[3],
            score(q.score)
        );
    }
    out.push_str("</tbody></table>\n</section>\n");

    let s = &input.summary;
    let _ = writeln!(
        out,
        "<section id=\"model\">\n<h2>{}</h2>\n<ul>",
        t("모델 요약", "Model summary")
    );
    for (label, value) in [
        (t("모듈", "Modules"), s.modules.to_string()),
        (t("진입점", "Entry points"), s.entry_points.to_string()),
        (t("호출", "Calls"), s.calls.to_string()),
        (t("총 호출량", "Total call volume"), format_value(s.volume)),
        (
            t("비즈니스 능력", "Capabilities"),
            s.capabilities.to_string(),
        ),
        (t("서브도메인", "Subdomains"), s.subdomains.to_string()),
        (t("팀", "Teams"), s.teams.to_string()),
        (t("테이블", "Tables"), s.tables.to_string()),
        (
            t("비동기 호출", "Asynchronous calls"),
            s.async_calls.to_string(),
        ),
        (
            t("원자적 호출", "Atomic calls"),
            s.transactional_calls.to_string(),
        ),
    ] {
        let _ = writeln!(out, "<li>{label}: <strong>{}</strong></li>", escape(&value));
    }
    out.push_str("</ul>\n</section>\n");

    let comparison = &analysis.comparison;
    if !comparison.splits.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"comparison\">\n<h2>{}</h2>",
            t("분해안 비교", "Splits compared")
        );
        let _ = write!(
            out,
            "<table class=\"metrics\"><thead><tr><th>{}</th>",
            t("지표", "Metric")
        );
        for name in &comparison.splits {
            let _ = write!(out, "<th class=\"num\">{}</th>", escape(name));
        }
        out.push_str("</tr></thead><tbody>\n");
        for (row, info) in comparison.rows.iter().zip(METRICS) {
            let _ = write!(
                out,
                "<tr data-metric=\"{}\"><td title=\"{}\">{}</td>",
                info.key,
                escape(info.definition(language)),
                escape(info.name(language))
            );
            for (ix, value) in row.values.iter().enumerate() {
                let best = row.best.contains(&ix);
                let _ = write!(
                    out,
                    "<td class=\"num{}\">{}{}</td>",
                    if best { " best" } else { "" },
                    format_value(*value),
                    if best { " ✓" } else { "" }
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
        let _ = writeln!(
            out,
            "<p>{} {}</p>",
            t("✓ 더 나은 값.", "✓ better value."),
            escape(comparison.summary.in_language(language))
        );
        out.push_str("<div class=\"charts\">\n");
        for (row, info) in comparison.rows.iter().zip(METRICS) {
            if info.direction != Direction::Neutral {
                out.push_str(&bar_chart(
                    info.name(language),
                    &comparison.splits,
                    &row.values,
                    &row.best,
                ));
            }
        }
        out.push_str("</div>\n</section>\n");
    }

    for (ix, split) in analysis.splits.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"split\" id=\"split-{ix}\">\n<h2>{}: {}</h2>",
            t("분해안", "Split"),
            escape(&split.name)
        );
        let _ = writeln!(
            out,
            "<table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            t("서비스", "Service"),
            t("모듈 수", "Modules"),
            t("크기", "Size"),
            t("팬인", "Fan-in"),
            t("팬아웃", "Fan-out"),
            t("팀", "Teams"),
            t("모듈", "Members")
        );
        for service in &split.services {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&service.name),
                service.modules.len(),
                format_value(service.size),
                service.fan_in,
                service.fan_out,
                escape(&service.teams.join(", ")),
                escape(&service.modules.join(", "))
            );
        }
        out.push_str("</tbody></table>\n");
        history_html(&mut out, split, language);
        if !split.cross_calls.is_empty() {
            let _ = writeln!(
                out,
                "<h3>{} ({})</h3>\n<table><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
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
                    "<tr><td>{} → {}</td><td>{} → {}</td><td class=\"num\">{}</td><td>{}{}</td></tr>",
                    escape(&call.caller),
                    escape(&call.callee),
                    escape(&call.from),
                    escape(&call.to),
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
            out.push_str("</tbody></table>\n");
            if split.cross_calls.len() > LISTED_CROSS_CALLS {
                let _ = writeln!(
                    out,
                    "<p class=\"muted\">{} {}</p>",
                    split.cross_calls.len() - LISTED_CROSS_CALLS,
                    t(
                        "건 더 있음 (호출량이 적은 순).",
                        "more, smaller calls not listed."
                    )
                );
            }
        }
        let _ = writeln!(out, "<h3>{}</h3>", t("권고", "Advice"));
        if split.advice.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", t("지적 사항 없음.", "No findings."));
        }
        for finding in &split.advice {
            let class = finding.severity.key();
            let label = finding.severity.label();
            let label = label.in_language(language);
            let _ = writeln!(
                out,
                "<div class=\"finding {class}\"><span class=\"severity\">{label}</span> <strong>{}</strong><br>{}: {}<br><span class=\"muted\">{}</span></div>",
                escape(finding.title.in_language(language)),
                t("패턴", "Pattern"),
                escape(finding.pattern.in_language(language)),
                escape(finding.why.in_language(language))
            );
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer class=\"muted\"><p>Seams v{}</p></footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// A horizontal bar per split; the better ones in green.
fn bar_chart(title: &str, splits: &[String], values: &[f64], best: &[usize]) -> String {
    let (width, bar, gap, label_width) = (240.0, 16.0, 6.0, 90.0);
    let height = splits.len() as f64 * (bar + gap) + gap;
    let max = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        escape(title),
        escape(title)
    );
    for (ix, (name, value)) in splits.iter().zip(values).enumerate() {
        let y = gap + ix as f64 * (bar + gap);
        let length = if max > 0.0 {
            value.abs() / max * (width - label_width - 50.0)
        } else {
            0.0
        };
        let colour = if best.contains(&ix) {
            "#1f7a3d"
        } else {
            "#8a9bbf"
        };
        let short: String = name.chars().take(12).collect();
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"10\">{}</text><rect x=\"{label_width}\" y=\"{y:.1}\" width=\"{length:.1}\" height=\"{bar}\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            y + bar - 4.0,
            escape(&short),
            label_width + length + 4.0,
            y + bar - 4.0,
            format_value(*value)
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// Escapes text for HTML content and attribute values.
/// What the change history says about a split: services that change
/// together and who works on each service (nothing without a history layer).
fn history_html(out: &mut String, split: &crate::analysis::SplitAnalysis, language: Language) {
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
        "<h3>{}</h3>",
        t("변경 이력의 근거", "Evidence from the change history")
    );
    if !split.co_change.is_empty() {
        let _ = writeln!(
            out,
            "<table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
            t("함께 바뀌는 서비스", "Services that change together"),
            t("공유 커밋", "Shared commits"),
            t("가장 강한 결합", "Strongest coupling"),
            t("그 모듈 쌍", "That module pair")
        );
        for pair in &split.co_change {
            let _ = writeln!(
                out,
                "<tr><td>{} ↔ {}</td><td class=\"num\">{}</td><td class=\"num\">{}%</td><td>{} ↔ {}</td></tr>",
                escape(split.service_name(&pair.a)),
                escape(split.service_name(&pair.b)),
                pair.shared,
                pair.degree,
                escape(&pair.modules.0),
                escape(&pair.modules.1)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !owned.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>\n<ul>",
            t(
                "서비스별 작성자 (주 작성자의 팀):",
                "Who works on each service (main authors' teams):"
            )
        );
        for service in owned {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>: {}</li>",
                escape(&service.name),
                escape(&service.owners.join(", "))
            );
        }
        out.push_str("</ul>\n");
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
