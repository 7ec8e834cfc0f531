//! What the report says, written once as a [`Document`]: the readiness
//! verdict, the model in numbers, the splits side by side, per split its
//! services, change history, cross-service calls, advice and roadmap, and how
//! close the splits are to each other.

use super::document::{
    Block, Bullet, Cell, Chart, Column, Document, FindingBlock, Row, Section, Table,
};
use super::{LISTED_CROSS_CALLS, LISTED_MODULES, ReportInput};
use crate::analysis::SplitAnalysis;
use crate::metrics::{Direction, METRICS, format_value};
use crate::text::Language;

/// The whole report in `language`.
pub fn document(input: &ReportInput<'_>, language: Language) -> Document {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let mut sections = vec![readiness(input, language), model(input, language)];
    if !input.analysis.comparison.splits.is_empty() {
        sections.push(comparison(input, language));
    }
    for (ix, split) in input.analysis.splits.iter().enumerate() {
        let mut section = split_section(ix, split, language);
        if let Some((_, roadmap)) = input.roadmaps.iter().find(|(name, _)| *name == split.name) {
            section
                .blocks
                .extend(super::roadmap::blocks(roadmap.as_ref(), language, 3));
        }
        sections.push(section);
    }
    sections.extend(super::agreement::section(input.project, language));
    Document {
        language,
        title: format!(
            "{} — {}",
            input.project.name,
            t("분해 보고서", "Decomposition report")
        ),
        description: input.project.description.clone(),
        sections,
    }
}

fn readiness(input: &ReportInput<'_>, language: Language) -> Section {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let readiness = &input.analysis.readiness;
    let score = |s: Option<f64>| s.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0));
    let questions = Table {
        class: "",
        columns: vec![
            Column::text("#"),
            Column::text(t("질문", "Question")),
            Column::number(t("예", "Yes")),
            Column::number(t("일부", "Partly")),
            Column::number(t("아니오", "No")),
            Column::number(t("모름", "Don't know")),
            Column::number(t("점수", "Score")),
        ],
        rows: readiness
            .questions
            .iter()
            .map(|q| {
                Row::of([
                    q.id.clone(),
                    q.text.in_language(language).to_string(),
                    q.counts[0].to_string(),
                    q.counts[1].to_string(),
                    q.counts[2].to_string(),
                    q.counts[3].to_string(),
                    score(q.score),
                ])
            })
            .collect(),
    };
    Section {
        id: "readiness".into(),
        class: "",
        title: t("MSA 준비도 판정", "MSA readiness verdict"),
        blocks: vec![
            Block::Verdict(readiness.headline.in_language(language).to_string()),
            Block::Paragraph(format!(
                "{}: {} · {}: {} · {}: {}",
                t("필요성", "Necessity"),
                score(readiness.necessity),
                t("가능 여부", "Feasibility"),
                score(readiness.feasibility),
                t("참여자", "Participants"),
                readiness.participants
            )),
            Block::Table(questions),
        ],
    }
}

fn model(input: &ReportInput<'_>, language: Language) -> Section {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let s = &input.summary;
    Section {
        id: "model".into(),
        class: "",
        title: t("모델 요약", "Model summary"),
        blocks: vec![Block::Facts(vec![
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
        ])],
    }
}

fn comparison(input: &ReportInput<'_>, language: Language) -> Section {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let comparison = &input.analysis.comparison;
    let mut columns = vec![Column::text(t("지표", "Metric"))];
    columns.extend(
        comparison
            .splits
            .iter()
            .map(|name| Column::number(name.clone())),
    );
    let rows = comparison
        .rows
        .iter()
        .zip(METRICS)
        .map(|(row, info)| {
            let mut cells = vec![Cell {
                text: info.name(language).to_string(),
                best: false,
                title: Some(info.definition(language).to_string()),
            }];
            cells.extend(row.values.iter().enumerate().map(|(ix, v)| Cell {
                text: format_value(*v),
                best: row.best.contains(&ix),
                title: None,
            }));
            Row {
                metric: Some(info.key),
                cells,
            }
        })
        .collect();
    let charts = comparison
        .rows
        .iter()
        .zip(METRICS)
        .filter(|(_, info)| info.direction != Direction::Neutral)
        .map(|(row, info)| Chart {
            title: info.name(language).to_string(),
            labels: comparison.splits.clone(),
            values: row.values.clone(),
            best: row.best.clone(),
        })
        .collect();
    Section {
        id: "comparison".into(),
        class: "",
        title: t("분해안 비교", "Splits compared"),
        blocks: vec![
            Block::Table(Table {
                class: "metrics",
                columns,
                rows,
            }),
            Block::Paragraph(format!(
                "{} {}",
                t("✓ 더 나은 값.", "✓ better value."),
                comparison.summary.in_language(language)
            )),
            Block::Charts(charts),
        ],
    }
}

fn split_section(ix: usize, split: &SplitAnalysis, language: Language) -> Section {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let services = Table {
        class: "",
        columns: vec![
            Column::text(t("서비스", "Service")),
            Column::number(t("모듈 수", "Modules")),
            Column::number(t("크기", "Size")),
            Column::number(t("팬인", "Fan-in")),
            Column::number(t("팬아웃", "Fan-out")),
            Column::text(t("팀", "Teams")),
        ],
        rows: split
            .services
            .iter()
            .map(|s| {
                Row::of([
                    s.name.clone(),
                    s.module_count.to_string(),
                    format_value(s.size),
                    s.fan_in.to_string(),
                    s.fan_out.to_string(),
                    s.teams.join(", "),
                ])
            })
            .collect(),
    };
    let mut blocks = vec![
        Block::Table(services),
        Block::Bullets(
            split
                .services
                .iter()
                .filter(|s| !s.modules.is_empty())
                .map(|s| Bullet::led(s.name.clone(), modules_listed(&s.modules, language)))
                .collect(),
        ),
    ];
    blocks.extend(history(split, language));
    blocks.extend(cross_calls(split, language));
    blocks.push(Block::Heading {
        level: 3,
        text: t("권고", "Advice"),
    });
    if split.advice.is_empty() {
        blocks.push(Block::Paragraph(t("지적 사항 없음.", "No findings.")));
    }
    blocks.extend(split.advice.iter().map(|f| finding(f, language)));
    Section {
        id: format!("split-{ix}"),
        class: "split",
        title: format!("{}: {}", t("분해안", "Split"), split.name),
        blocks,
    }
}

/// One finding as a block.
pub(super) fn finding(finding: &crate::advice::Finding, language: Language) -> Block {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    Block::Finding(FindingBlock {
        severity: finding.severity,
        label: finding.severity.label().in_language(language).to_string(),
        title: finding.title.in_language(language).to_string(),
        pattern_label: t("패턴", "Pattern"),
        pattern: finding.pattern.in_language(language).to_string(),
        why_label: t("이유", "Why"),
        why: finding.why.in_language(language).to_string(),
    })
}

/// What the change history says about a split (nothing without a history layer).
fn history(split: &SplitAnalysis, language: Language) -> Vec<Block> {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let owned: Vec<_> = split
        .services
        .iter()
        .filter(|s| !s.owners.is_empty())
        .collect();
    if split.co_change.is_empty() && owned.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Heading {
        level: 3,
        text: t("변경 이력의 근거", "Evidence from the change history"),
    }];
    if !split.co_change.is_empty() {
        blocks.push(Block::Table(Table {
            class: "",
            columns: vec![
                Column::text(t("함께 바뀌는 서비스", "Services that change together")),
                Column::number(t("공유 커밋", "Shared commits")),
                Column::number(t("가장 강한 결합", "Strongest coupling")),
                Column::text(t("그 모듈 쌍", "That module pair")),
            ],
            rows: split
                .co_change
                .iter()
                .map(|pair| {
                    Row::of([
                        format!(
                            "{} ↔ {}",
                            split.service_name(&pair.a),
                            split.service_name(&pair.b)
                        ),
                        pair.shared.to_string(),
                        format!("{}%", pair.degree),
                        format!("{} ↔ {}", pair.modules.0, pair.modules.1),
                    ])
                })
                .collect(),
        }));
    }
    if !owned.is_empty() {
        blocks.push(Block::Paragraph(t(
            "서비스별 작성자 (주 작성자의 팀):",
            "Who works on each service (main authors' teams):",
        )));
        blocks.push(Block::Bullets(
            owned
                .into_iter()
                .map(|s| Bullet::led(s.name.clone(), s.owners.join(", ")))
                .collect(),
        ));
    }
    blocks
}

/// A service's modules joined, up to [`LISTED_MODULES`], with how many more.
fn modules_listed(modules: &[String], language: Language) -> String {
    let listed = modules[..modules.len().min(LISTED_MODULES)].join(", ");
    if modules.len() <= LISTED_MODULES {
        return listed;
    }
    let more = modules.len() - LISTED_MODULES;
    match language {
        Language::Ko => format!("{listed}, … {more}개 더 (모든 모듈의 서비스는 JSON 내보내기에)"),
        Language::En => {
            format!("{listed}, … {more} more (the JSON export has every module's service)")
        }
    }
}

fn cross_calls(split: &SplitAnalysis, language: Language) -> Vec<Block> {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    if split.cross_calls.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![
        Block::Heading {
            level: 3,
            text: format!(
                "{} ({})",
                t("서비스 간 호출", "Cross-service calls"),
                split.cross_calls.len()
            ),
        },
        Block::Table(Table {
            class: "",
            columns: vec![
                Column::text(t("호출", "Call")),
                Column::text(t("서비스", "Services")),
                Column::number(t("호출량", "Volume")),
                Column::text(t("방식", "Style")),
            ],
            rows: split
                .cross_calls
                .iter()
                .take(LISTED_CROSS_CALLS)
                .map(|call| {
                    Row::of([
                        format!("{} → {}", call.caller, call.callee),
                        format!("{} → {}", call.from, call.to),
                        format_value(call.volume),
                        format!(
                            "{}{}",
                            if call.sync {
                                t("동기", "sync")
                            } else {
                                t("비동기", "async")
                            },
                            if call.transactional {
                                t(", 원자적", ", atomic")
                            } else {
                                String::new()
                            }
                        ),
                    ])
                })
                .collect(),
        }),
    ];
    if split.cross_calls.len() > LISTED_CROSS_CALLS {
        blocks.push(Block::Muted(format!(
            "{} {}",
            split.cross_calls.len() - LISTED_CROSS_CALLS,
            t(
                "건 더 있음 (호출량이 적은 순).",
                "more, smaller calls not listed."
            )
        )));
    }
    blocks
}
